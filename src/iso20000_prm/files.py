"""Files the package ships and files it writes: one place for both.

Shipped resources (tables, reference tables, ontology, shapes, queries) are the top-level folders
of the repository, installed as the subpackages ``iso20000_prm.data.*``; :func:`resource_dir` finds
them either way. :func:`write_atomic` writes to a temporary file beside the target and renames it
into place, so a reader sees the old file or the new one, never a mixture, and a failed build
leaves what was there before; it replaces only a regular file or a missing path.
:func:`write_tree` does the same for a folder of files (a release, the tables, the site): all
the files or none; :func:`staged_tree` is its streaming form, for a caller that makes large
files one at a time and need not hold them all.
"""

from __future__ import annotations

import contextlib
import errno
import importlib.util
import os
import posixpath
import stat
from pathlib import Path

_REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUTPUT = Path("build") / "iso20000-prm.ttl"


def resource_dir(name: str) -> Path:
    """Folder of shipped resources ``name`` (tables, reference, ontology, shapes or queries)."""
    spec = importlib.util.find_spec(f"iso20000_prm.data.{name}")
    if spec is not None and spec.submodule_search_locations:
        return Path(list(spec.submodule_search_locations)[0])
    path = _REPO_ROOT / name
    if not path.is_dir():
        raise FileNotFoundError(
            f"shipped resource folder {name!r} not found (looked in the package and {path})"
        )
    return path


def tables_dir() -> Path:
    return resource_dir("tables")


def reference_dir() -> Path:
    return resource_dir("reference")


def ontology_file() -> Path:
    return resource_dir("ontology") / "iso20000-prm.ttl"


def shapes_dir() -> Path:
    return resource_dir("shapes")


def queries_dir() -> Path:
    return resource_dir("queries")


# ---------------------------------------------------------------- writing
# Temporary names are short and fixed (not the target's name plus a prefix), so a target name of
# up to 255 bytes still works; they carry the writer's process id, so a later run can tell the
# litter of a killed run (its process is gone) from a run still going, and remove it.
_TMP = ".iso20000-prm-"
_STDOUT_NAMES = ("-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1")
_inputs: set[tuple[int, int]] = set()
_guarding = [False]


def note_input(path: Path | str) -> None:
    """Remember ``path`` as an input of the running command: while :func:`guard_inputs` is
    active, :func:`write_atomic` and :func:`staged_tree` refuse to write over it (an output named
    like an input table would destroy it)."""
    if not _guarding[0]:
        return
    try:
        st = os.stat(path)
    except OSError:
        return
    _inputs.add((st.st_dev, st.st_ino))


@contextlib.contextmanager
def guard_inputs():
    """Within this block (one CLI command), outputs may not overwrite the tables it read."""
    _inputs.clear()
    _guarding[0] = True
    try:
        yield
    finally:
        _guarding[0] = False
        _inputs.clear()


def _check_not_input(path: Path) -> None:
    from iso20000_prm.errors import OutputError

    try:
        st = os.stat(path)
    except OSError:
        return
    if (st.st_dev, st.st_ino) in _inputs:
        raise OutputError(f"{path}: is one of the input tables of this run; choose another output")


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def clean_litter(folder: Path | str) -> None:
    """Remove the temporary files and folders a killed run left in ``folder`` (its process gone)."""
    import shutil

    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if not name.startswith(_TMP):
            continue
        pid = name[len(_TMP) :].split("-", 1)[0]
        if not pid.isdigit() or _pid_alive(int(pid)):
            continue
        target = os.path.join(folder, name)
        try:
            if os.path.isdir(target) and not os.path.islink(target):
                shutil.rmtree(target)
            else:
                os.unlink(target)
        except OSError:
            pass


def _is_stdout(path: Path | str) -> bool:
    """``-`` or a name for standard output, or a symlink chain through one."""
    text = os.fspath(path)
    if text in _STDOUT_NAMES:
        return True
    seen = 0
    while seen < 40 and os.path.islink(text):
        target = os.readlink(text)
        text = os.path.join(os.path.dirname(text), target)
        if os.path.normpath(text) in _STDOUT_NAMES or target in _STDOUT_NAMES:
            return True
        if target.startswith(("/proc/", "/dev/fd/")):
            return os.path.normpath(target) in (
                f"/proc/{os.getpid()}/fd/1",
                "/proc/self/fd/1",
                "/dev/fd/1",
            )
        seen += 1
    return False


def _via_descriptor(path: Path | str) -> bool:
    """Whether ``path`` names an open file descriptor (``/dev/stderr``, ``/dev/fd/N``,
    ``/proc/self/fd/N``, or a symlink chain through one): written through, never replaced."""
    text = os.fspath(path)
    for _ in range(40):
        norm = os.path.normpath(text)
        if norm in ("/dev/stdin", "/dev/stdout", "/dev/stderr") or norm.startswith(
            ("/dev/fd/", "/proc/self/fd/", f"/proc/{os.getpid()}/fd/")
        ):
            return True
        if not os.path.islink(text):
            return False
        text = os.path.join(os.path.dirname(text), os.readlink(text))
    return False


def _write_stdout(data: bytes) -> None:
    import sys

    stream = sys.stdout
    stream.flush()
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        buffer.write(data)
        buffer.flush()
    else:  # a text stream without bytes underneath (e.g. redirected in tests)
        stream.write(data.decode("utf-8", errors="replace"))


def _write_through(path: Path, data: bytes, kind: str, append: bool = False) -> None:
    """Write into an existing character device, FIFO or open descriptor without replacing it
    (``append``: after what is there, for a regular file behind a descriptor)."""
    from iso20000_prm.errors import OutputError

    flags = os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags | (os.O_APPEND if append else 0))
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise OutputError(f"{path}: is a FIFO with no reader; nothing written") from None
        raise OutputError(f"{path}: cannot write to this {kind}: {exc.strerror or exc}") from None
    try:
        os.set_blocking(fd, True)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except OSError as exc:
        raise OutputError(f"{path}: cannot write to this {kind}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _kind(mode: int) -> str | None:
    """What a special file is, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISCHR(mode):
        return "character device"
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISBLK(mode):
        return "block device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


def _fsync_dir(folder: Path | str) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def write_atomic(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file and an atomic rename.

    Only a regular file or a missing path is replaced that way. ``-`` and ``/dev/stdout`` (or a
    symlink to it) mean standard output; a character device or a FIFO is written through (not
    replaced); a folder, block device or socket is refused. A symlink to a regular file is
    followed (the file it names is replaced, the link stays). A path that cannot be written (its
    folder is a file, no permission, disk full) or that is one of the run's input tables raises
    :class:`OutputError` naming it, so every command reports it in one line.
    """
    from iso20000_prm.errors import OutputError

    if _is_stdout(path):
        _write_stdout(data)
        return Path(path)
    path = Path(path)
    if _via_descriptor(path):
        _write_through(path, data, "file descriptor", append=True)
        return path
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        st = None
    except OSError as exc:
        raise OutputError(f"{path}: cannot write there: {exc.strerror or exc}") from None
    if st is not None:
        kind = _kind(st.st_mode)
        if kind in ("character device", "FIFO"):
            _write_through(path, data, kind)
            return path
        if kind is not None:
            raise OutputError(f"{path}: is a {kind}, not a regular file; give a file name")
        _check_not_input(path)
        if path.is_symlink():
            path = Path(os.path.realpath(path))
    elif path.is_symlink():  # a dangling link: do not create its target somewhere else
        raise OutputError(f"{path}: is a symlink to a missing file; give a file name")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"{path}: cannot make its folder {path.parent}: {exc.strerror or exc}"
        ) from None
    clean_litter(path.parent)
    try:
        import tempfile  # here, not at the top: the query path never writes

        fd, tmp = tempfile.mkstemp(prefix=f"{_TMP}{os.getpid()}-", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write there: {exc.strerror or exc}") from None
    try:
        # mkstemp makes the file private (0600); give it the mode a plain open() would (0666 less umask)
        os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: cannot write there: {exc.strerror or exc}") from None
        raise
    _fsync_dir(path.parent)
    return path


def _check_relative(directory: Path, rel: str) -> None:
    from iso20000_prm.errors import OutputError

    parts = rel.split("/")
    if (
        not rel
        or posixpath.isabs(rel)
        or "\\" in rel
        or "\x00" in rel
        or any(p in ("", ".", "..") for p in parts)
    ):
        raise OutputError(f"{rel}: refusing to write outside the folder {directory}")


def _exchange(a: str, b: str) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False if not available."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), a)


def _carry_over(old: Path, new: Path, files, owned) -> None:
    """Link into ``new`` every entry of ``old`` that this output did not make (not ``owned``) and
    the new run does not write (``files``: the names it wrote): the user's own files beside the
    output stay where they were."""
    import shutil

    new_dirs = {"/".join(rel.split("/")[:i]) for rel in files for i in range(1, rel.count("/") + 1)}
    for root, dirs, names in os.walk(old):
        rel_root = os.path.relpath(root, old)
        rel_root = "" if rel_root == "." else rel_root.replace(os.sep, "/")
        for name in sorted(names) + [d for d in dirs if os.path.islink(os.path.join(root, d))]:
            rel = f"{rel_root}/{name}" if rel_root else name
            if rel in files or rel in new_dirs or (owned is not None and owned(rel)):
                continue
            src, dst = os.path.join(root, name), new / rel
            if any(p in files for p in _prefixes(rel)):
                continue  # a new file stands where this entry's folder was
            dst.parent.mkdir(parents=True, exist_ok=True)
            if os.path.islink(src):
                os.symlink(os.readlink(src), dst)
                continue
            try:
                os.link(src, dst, follow_symlinks=False)
            except OSError:
                shutil.copy2(src, dst, follow_symlinks=False)
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(root, d))]
        for d in dirs:
            rel = f"{rel_root}/{d}" if rel_root else d
            if rel not in files and not any(p in files for p in _prefixes(rel)):
                (new / rel).mkdir(parents=True, exist_ok=True)


def _prefixes(rel: str) -> list[str]:
    parts = rel.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]


class Stage:
    """The folder being made by :func:`staged_tree`: :meth:`write` puts one file in it at once,
    so a caller producing large files one after the other holds only one of them."""

    def __init__(self, directory: Path, new: Path, existed: bool, mode: int, owned) -> None:
        self.directory = directory
        self._new: Path | None = new  # the folder to remove on the way out, if any
        self._existed = existed
        self._mode = mode
        self._owned = owned
        self._names: set[str] = set()
        self._open = True

    def write(self, rel: str, data: bytes) -> Path:
        """Write ``data`` as the file ``rel`` (relative POSIX name) of the new folder; the path
        it will have once the folder is committed. A name given twice, a name leaving the
        folder or one of the run's input tables is refused (:class:`OutputError`)."""
        from iso20000_prm.errors import OutputError

        if not self._open:
            raise OutputError(f"{self.directory}: already written; {rel} comes too late")
        _check_relative(self.directory, rel)
        if rel in self._names:
            raise OutputError(f"{rel}: written twice into {self.directory}")
        if self._existed and not any((self.directory / p).is_symlink() for p in _prefixes(rel)):
            _check_not_input(self.directory / rel)
        target = self._new / rel
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, self._mode)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        except OSError as exc:
            raise OutputError(
                f"{self.directory}: cannot write there: {exc.strerror or exc}"
            ) from None
        self._names.add(rel)
        return self.directory / rel

    def _commit(self) -> None:
        """Carry the previous folder's other entries over, then swap the new folder in."""
        directory, new, parent = self.directory, self._new, self.directory.parent
        self._open = False
        if self._existed:
            _carry_over(directory, new, self._names, self._owned)
        # one flush of everything before the swap, not one fsync per file: a site is thousands
        # of small files, and per-file syncs cost seconds (a killed process loses nothing the
        # kernel holds; the sync is for power loss)
        os.sync()
        if not self._existed:
            os.rename(new, directory)
            self._new = None
        elif not _exchange(str(new), str(directory)):
            # no atomic exchange here: move the old folder aside, the new one in, then drop the old
            import tempfile  # here, not at the top: the query path never writes

            old = Path(tempfile.mkdtemp(prefix=f"{_TMP}{os.getpid()}-", suffix=".old", dir=parent))
            os.rmdir(old)
            os.rename(directory, old)
            try:
                os.rename(new, directory)
            except BaseException:
                os.rename(old, directory)
                raise
            self._new = old
        # after the exchange ``new`` holds the previous output: removed on the way out
        _fsync_dir(parent)


@contextlib.contextmanager
def staged_tree(directory: Path | str, owned=None):
    """Write the folder ``directory`` file by file, all or nothing: ``with staged_tree(d) as
    stage: stage.write("a.ttl", data)``.

    Each :meth:`Stage.write` goes at once into a fresh sibling folder, which is swapped in for
    ``directory`` in one rename when the block ends normally (the previous folder is kept until
    the swap succeeds, then removed). When the block raises anything (a failed render, Ctrl-C),
    the new folder is removed and ``directory`` is left as it was. A reader sees the old set or
    the new one, never a mixture; a run killed at any point leaves the previous output as it
    was, and its temporary folder is removed by the next run. ``owned(rel)`` says which entries
    of the previous folder a previous run of this output made: those the new run does not make
    are gone; every other entry (the user's own files, the outputs of other commands) is
    carried over. Without ``owned``, nothing is dropped but what the new run replaces. Names
    must stay inside the folder (no ``..``, no absolute path); a symlink inside the folder is
    never followed (the new folder is made fresh). A name that is one of the run's input
    tables is refused. The folder itself is checked on entry: a file, the current folder or
    one holding it is refused (:class:`OutputError`) before anything is written.
    """
    import shutil

    from iso20000_prm.errors import OutputError

    directory = Path(directory)
    try:
        st = os.stat(directory)
    except (FileNotFoundError, NotADirectoryError):
        st = None
    except OSError as exc:
        raise OutputError(f"{directory}: cannot write there: {exc.strerror or exc}") from None
    if st is not None and not stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{directory}: exists and is not a folder; give a folder to write into")
    if directory.is_symlink():  # the folder the user named is a link: write where it points
        directory = Path(os.path.realpath(directory))
    directory = Path(os.path.abspath(directory))
    try:
        cwd = Path(os.path.realpath(os.getcwd()))
    except OSError:
        cwd = None
    if cwd is not None and (Path(os.path.realpath(directory)) == cwd or directory in cwd.parents):
        # swapping it would leave the shell that ran us in a deleted folder
        raise OutputError(
            f"{directory}: is the current folder or holds it; give a folder inside it to write into"
        )
    parent = directory.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"{directory}: cannot make its folder {parent}: {exc.strerror or exc}"
        ) from None
    clean_litter(parent)
    try:
        import tempfile  # here, not at the top: the query path never writes

        new = Path(tempfile.mkdtemp(prefix=f"{_TMP}{os.getpid()}-", suffix=".new", dir=parent))
    except OSError as exc:
        raise OutputError(f"{directory}: cannot write there: {exc.strerror or exc}") from None
    stage = Stage(directory, new, st is not None, 0o666 & ~_umask(), owned)
    try:
        try:
            os.chmod(new, (st.st_mode & 0o7777) if st is not None else 0o777 & ~_umask())
        except OSError as exc:
            raise OutputError(f"{directory}: cannot write there: {exc.strerror or exc}") from None
        yield stage
        try:
            stage._commit()
        except OSError as exc:
            raise OutputError(f"{directory}: cannot write there: {exc.strerror or exc}") from None
    finally:
        stage._open = False
        # after a swap it holds the previous output; before it (or after a failure), the
        # half-made new one; after a plain rename, None
        if stage._new is not None:
            shutil.rmtree(stage._new, ignore_errors=True)


def write_tree(directory: Path | str, files: dict[str, bytes], owned=None) -> list[Path]:
    """Write ``files`` (relative POSIX name -> bytes) as the folder ``directory``, all or nothing:
    :func:`staged_tree` given every file at once (names checked before anything is made)."""
    for rel in files:
        _check_relative(Path(directory), rel)
    with staged_tree(directory, owned) as stage:
        for rel in sorted(files):
            stage.write(rel, files[rel])
    return [stage.directory / rel for rel in sorted(files)]
