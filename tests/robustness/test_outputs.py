"""Outputs: ``-o`` replaces only regular files, special files are written through or refused,
multi-file outputs are all or nothing, an output never overwrites an input table.

Expectations come from the file system itself (``os.stat``, listings, bytes read back), not
from the code under test.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import subprocess
import sys

import pytest

from iso20000_prm.cli import main
from iso20000_prm.errors import OutputError
from iso20000_prm.files import write_atomic, write_tree


def _run(argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        code = main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


# ---------------------------------------------------------------- -o over special files


def test_fifo_is_written_through_not_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader is there before the write
    try:
        write_atomic(fifo, b"through the pipe\n")
        got = os.read(reader, 1000)
    finally:
        os.close(reader)
    assert got == b"through the pipe\n"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_fifo_without_reader_is_refused_in_one_line(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="FIFO with no reader"):
        write_atomic(fifo, b"x")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_dev_null_stays_a_device():
    before = os.stat("/dev/null")
    write_atomic("/dev/null", b"discarded")
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_symlink_to_a_device_is_written_through(tmp_path):
    link = tmp_path / "null"
    link.symlink_to("/dev/null")
    write_atomic(link, b"x")
    assert link.is_symlink() and os.readlink(link) == "/dev/null"


@pytest.mark.parametrize("name", ["-", "/dev/stdout"])
def test_dash_and_dev_stdout_write_to_standard_output(tmp_path, name):
    """In a child process whose stdout is a regular file: the file must get the bytes in place
    (same inode), not be replaced by a rename."""
    out = tmp_path / "captured.txt"
    code = (
        "import sys; from iso20000_prm.files import write_atomic; "
        f"write_atomic({name!r}, b'to stdout\\n')"
    )
    with open(out, "wb") as handle:
        inode = os.fstat(handle.fileno()).st_ino
        subprocess.run([sys.executable, "-c", code], stdout=handle, check=True, timeout=120)
    assert out.read_bytes() == b"to stdout\n"
    assert os.stat(out).st_ino == inode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["captured.txt"]


def test_query_dash_o_writes_to_stdout(tmp_path):
    code, out, err = _run(["query", "--list", "-o", "-"])
    assert code == 0 and out.strip(), err
    assert not (tmp_path / "-").exists() and not os.path.exists("-")


def test_folder_as_output_file_is_refused(tmp_path):
    with pytest.raises(OutputError, match="is a folder"):
        write_atomic(tmp_path, b"x")


def test_long_legal_file_name_works(tmp_path):
    for length in (242, 250, 255):
        name = "a" * (length - 4) + ".ttl"
        assert len(name.encode()) == length
        write_atomic(tmp_path / name, b"data")
        assert (tmp_path / name).read_bytes() == b"data"
    assert len(list(tmp_path.iterdir())) == 3


def test_output_that_is_an_input_table_is_refused(tmp_path):
    import shutil

    from iso20000_prm.files import tables_dir

    tables = tmp_path / "tables"
    shutil.copytree(tables_dir(), tables)
    before = (tables / "processes.csv").read_bytes()
    code, _, err = _run(["build", "--tables", tables, "-o", tables / "processes.csv"])
    assert code == 2, err
    assert "is one of the input tables" in err and len(err.strip().splitlines()) == 1
    assert (tables / "processes.csv").read_bytes() == before


def test_litter_of_a_killed_writer_is_removed_by_the_next_run(tmp_path):
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        text=True,
        capture_output=True,
        check=True,
    ).stdout.strip()
    (tmp_path / f".iso20000-prm-{dead}-abc.tmp").write_bytes(b"half")
    (tmp_path / f".iso20000-prm-{dead}-def.new").mkdir()
    live = tmp_path / f".iso20000-prm-{os.getppid()}-ghi.tmp"  # a process that is running
    live.write_bytes(b"busy")
    write_atomic(tmp_path / "out.ttl", b"x")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, "out.ttl"])


# ---------------------------------------------------------------- multi-file: all or nothing


def _tree(root):
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def test_write_tree_drops_what_it_made_before_and_keeps_the_rest(tmp_path):
    out = tmp_path / "out"
    write_tree(
        out,
        {"a.html": b"1", "sub/b.html": b"2", "old.html": b"3"},
        owned=lambda r: r.endswith(".html"),
    )
    (out / "notes.txt").write_bytes(b"mine")
    write_tree(out, {"a.html": b"new", "sub/b.html": b"2"}, owned=lambda r: r.endswith(".html"))
    assert _tree(out) == {"a.html": b"new", "notes.txt": b"mine", "sub/b.html": b"2"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_write_tree_refuses_names_leaving_the_folder(tmp_path):
    for rel in ("../x", "/etc/x", "a/../../x", "a//b", ""):
        with pytest.raises(OutputError):
            write_tree(tmp_path / "out", {rel: b"x"})
    assert list(tmp_path.iterdir()) == []


def test_write_tree_never_follows_a_symlink_out_of_the_folder(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "charts").symlink_to(outside)
    write_tree(out, {"charts/c.svg": b"<svg/>"})
    assert list(outside.iterdir()) == []
    assert (out / "charts").is_dir() and not (out / "charts").is_symlink()
    assert (out / "charts" / "c.svg").read_bytes() == b"<svg/>"


def test_write_tree_failure_leaves_previous_output(tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_tree(out, {"a": b"old a", "b": b"old b"})
    real_open = os.open
    calls = []

    def failing(path, flags, *args, **kwargs):
        if flags & os.O_CREAT:
            calls.append(path)
            if len(calls) == 2:
                raise OSError(28, "No space left on device")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", failing)
    with pytest.raises(OutputError, match="No space left"):
        write_tree(out, {"a": b"new a", "b": b"new b"})
    monkeypatch.undo()
    assert _tree(out) == {"a": b"old a", "b": b"old b"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


KILLER = """
import os, signal, sys
from iso20000_prm import files
real = os.open
count = [0]
def dying(path, flags, *a, **k):
    if flags & os.O_CREAT:
        count[0] += 1
        if count[0] == 2:
            os.kill(os.getpid(), signal.SIGKILL)
    return real(path, flags, *a, **k)
os.open = dying
files.write_tree(sys.argv[1], {"a": b"new a", "b": b"new b", "c": b"new c"})
"""


def test_killed_run_leaves_previous_output_and_litter_is_cleaned(tmp_path):
    out = tmp_path / "out"
    write_tree(out, {"a": b"old a", "b": b"old b"})
    proc = subprocess.run([sys.executable, "-c", KILLER, str(out)], timeout=120)
    assert proc.returncode == -9
    assert _tree(out) == {"a": b"old a", "b": b"old b"}
    assert len(list(tmp_path.iterdir())) == 2  # the output and the dead run's temporary folder
    write_tree(out, {"a": b"a2"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert _tree(out) == {"a": b"a2", "b": b"old b"}


def test_export_tables_on_a_full_disk_changes_no_table(tmp_path, shipped_turtle, monkeypatch):
    out = tmp_path / "tables"
    out.mkdir()
    for name in ("documents.csv", "processes.csv"):
        (out / name).write_bytes(b"old\n")
    real_write = os.write
    real_open = os.open

    def failing_open(path, flags, *args, **kwargs):
        if flags & os.O_CREAT and str(path).endswith("processes.csv"):
            raise OSError(28, "No space left on device")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", failing_open)
    code, _, err = _run(["export-tables", shipped_turtle, out])
    monkeypatch.undo()
    assert real_write and code == 2 and len(err.strip().splitlines()) == 1, err
    assert _tree(out) == {"documents.csv": b"old\n", "processes.csv": b"old\n"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tables"]


def test_release_rerun_removes_stale_formats_and_keeps_other_files(tmp_path):
    out = tmp_path / "rel"
    code, _, err = _run(["build", "--format", "nt", "--gzip", "--output-dir", out])
    assert code == 0, err
    first = sorted(p.name for p in out.iterdir())
    assert "iso20000-prm.nt.gz" in first
    (out / "README.txt").write_bytes(b"mine")
    code, _, err = _run(["build", "--format", "nt", "--output-dir", out])
    assert code == 0, err
    names = sorted(p.name for p in out.iterdir())
    assert "iso20000-prm.nt.gz" not in names
    assert {"iso20000-prm.nt", "iso20000-prm.void.ttl", "README.txt"} <= set(names)


def test_api_outside_a_command_does_not_guard_inputs(tmp_path):
    """Only a CLI command refuses to overwrite its inputs; a library caller reading a table
    and later writing it (a round trip in one process) is not refused."""
    from iso20000_prm.files import note_input

    f = tmp_path / "t.csv"
    f.write_bytes(b"a\n")
    note_input(f)
    write_atomic(f, b"b\n")
    assert f.read_bytes() == b"b\n"


def test_symlink_to_proc_self_fd_1_writes_to_standard_output(tmp_path):
    link = tmp_path / "out"
    link.symlink_to("/proc/self/fd/1")
    captured = tmp_path / "captured.txt"
    code = f"from iso20000_prm.files import write_atomic; write_atomic({str(link)!r}, b'x\\n')"
    with open(captured, "wb") as handle:
        subprocess.run([sys.executable, "-c", code], stdout=handle, check=True, timeout=120)
    assert captured.read_bytes() == b"x\n"
    assert link.is_symlink()


def test_multi_file_output_into_the_current_folder_is_refused(tmp_path, monkeypatch):
    (tmp_path / "mine.txt").write_bytes(b"mine")
    monkeypatch.chdir(tmp_path)
    for name in (".", str(tmp_path), ".."):
        with pytest.raises(OutputError, match="current folder"):
            write_tree(name, {"a.csv": b"x"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.txt"]


def test_dev_stderr_redirected_to_a_file_is_appended_to_not_replaced(tmp_path):
    err = tmp_path / "err.txt"
    code = (
        "import sys; sys.stderr.write('before\\n'); sys.stderr.flush(); "
        "from iso20000_prm.files import write_atomic; write_atomic('/dev/stderr', b'data\\n')"
    )
    with open(err, "wb") as handle:
        inode = os.fstat(handle.fileno()).st_ino
        subprocess.run([sys.executable, "-c", code], stderr=handle, check=True, timeout=120)
    assert err.read_bytes() == b"before\ndata\n"
    assert os.stat(err).st_ino == inode
