"""The streaming all-or-nothing folder write (files.staged_tree) and the release that uses it.

Expected trees are written out by hand; the previous folder is compared byte for byte with what
the test put there, not with anything the code under test produced.
"""

from __future__ import annotations

import pytest

from iso20000_prm.errors import OutputError
from iso20000_prm.files import staged_tree, write_tree

OLD = {"a.ttl": b"old a", "sub/b.nt": b"old b", "stale.rdf": b"old stale"}
NEW = {"a.ttl": b"new a", "sub/b.nt": b"new b", "c.jsonld": b"new c"}


def _owned(rel: str) -> bool:
    return rel.endswith((".ttl", ".nt", ".rdf", ".jsonld"))


def _tree(root):
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def _previous(tmp_path):
    """An output folder made by hand: a previous run's files and a file of the user's."""
    out = tmp_path / "out"
    for rel, data in {**OLD, "notes.txt": b"mine"}.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)
    return out


def test_streamed_files_equal_write_tree_and_the_hand_expected_folder(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    streamed, whole = _previous(one), _previous(two)
    with staged_tree(streamed, owned=_owned) as stage:
        for rel, data in NEW.items():  # not sorted: the caller's order
            stage.write(rel, data)
    write_tree(whole, NEW, owned=_owned)
    expected = {
        "a.ttl": b"new a",
        "c.jsonld": b"new c",
        "notes.txt": b"mine",  # the user's file is carried over
        "sub/b.nt": b"new b",  # stale.rdf (made by a previous run, not again) is gone
    }
    assert _tree(streamed) == expected
    assert _tree(whole) == expected
    assert sorted(p.name for p in one.iterdir()) == ["out"]
    assert sorted(p.name for p in two.iterdir()) == ["out"]


def test_a_new_folder_is_made_with_the_streamed_files(tmp_path):
    out = tmp_path / "deep" / "out"
    with staged_tree(out) as stage:
        path = stage.write("x.nt", b"x")
        assert not out.exists()  # nothing visible before the block ends
    assert path == out / "x.nt"
    assert _tree(out) == {"x.nt": b"x"}
    assert sorted(p.name for p in out.parent.iterdir()) == ["out"]


def test_each_file_is_on_disk_before_the_next_is_given(tmp_path):
    """The point of streaming: a written file is in the staging folder at once, so the caller
    can drop its bytes."""
    out = tmp_path / "out"
    with staged_tree(out) as stage:
        stage.write("a", b"1")
        (staging,) = [p for p in tmp_path.iterdir() if p.name != "out"]
        assert _tree(staging) == {"a": b"1"}
        stage.write("b/c", b"2")
        assert _tree(staging) == {"a": b"1", "b/c": b"2"}
    assert _tree(out) == {"a": b"1", "b/c": b"2"}


@pytest.mark.parametrize("error", [RuntimeError("render failed"), KeyboardInterrupt()])
def test_an_exception_after_the_second_file_leaves_the_old_folder(tmp_path, error):
    out = _previous(tmp_path)
    with pytest.raises(type(error)):
        with staged_tree(out, owned=_owned) as stage:
            stage.write("a.ttl", b"new a")
            stage.write("sub/b.nt", b"new b")
            raise error
    assert _tree(out) == {**OLD, "notes.txt": b"mine"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging folder left


def test_an_exception_when_there_was_no_folder_leaves_none(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        with staged_tree(out) as stage:
            stage.write("a", b"1")
            stage.write("b", b"2")
            raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("rel", ["../x", "/etc/x", "a/../../x", "a//b", ""])
def test_a_bad_name_midway_fails_the_whole_write(tmp_path, rel):
    out = _previous(tmp_path)
    with pytest.raises(OutputError):
        with staged_tree(out, owned=_owned) as stage:
            stage.write("a.ttl", b"new a")
            stage.write(rel, b"x")
    assert _tree(out) == {**OLD, "notes.txt": b"mine"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_name_written_twice_is_refused_and_nothing_changes(tmp_path):
    out = _previous(tmp_path)
    with pytest.raises(OutputError, match="written twice"):
        with staged_tree(out, owned=_owned) as stage:
            stage.write("a.ttl", b"new a")
            stage.write("a.ttl", b"again")
    assert _tree(out) == {**OLD, "notes.txt": b"mine"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_writing_after_the_commit_is_refused(tmp_path):
    out = tmp_path / "out"
    with staged_tree(out) as stage:
        stage.write("a", b"1")
    with pytest.raises(OutputError):
        stage.write("b", b"2")
    assert _tree(out) == {"a": b"1"}


def test_a_file_as_the_folder_is_refused_on_entry(tmp_path):
    (tmp_path / "out").write_bytes(b"a file")
    with pytest.raises(OutputError, match="not a folder"):
        with staged_tree(tmp_path / "out"):
            raise AssertionError("the block must not run")
    assert (tmp_path / "out").read_bytes() == b"a file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


# ---------------------------------------------------------------- the release, one format at a time


def test_release_writes_each_format_before_rendering_the_next(tmp_path, monkeypatch):
    from iso20000_prm.graph import formats
    from iso20000_prm.release.write import write_release

    out = tmp_path / "rel"
    seen = []
    real_render = formats.render

    def watching(graph, fmt, compress=False):
        staging = [p for p in tmp_path.iterdir() if p.name != "rel"]
        seen.append((fmt.name, sorted(p.name for p in staging[0].iterdir()) if staging else None))
        return real_render(graph, fmt, compress)

    monkeypatch.setattr(formats, "render", watching)
    write_release(None, "full", ["turtle", "nt", "trig"], out)
    assert seen == [
        ("turtle", []),
        ("ntriples", ["iso20000-prm.ttl"]),
        ("trig", ["iso20000-prm.nt", "iso20000-prm.ttl"]),
    ]
    assert sorted(p.name for p in out.iterdir()) == [
        "iso20000-prm.nt",
        "iso20000-prm.trig",
        "iso20000-prm.ttl",
        "iso20000-prm.void.ttl",
    ]


@pytest.mark.parametrize("error", [RuntimeError("render failed"), KeyboardInterrupt()])
def test_release_failing_at_the_third_format_leaves_the_previous_release(
    tmp_path, monkeypatch, error
):
    from iso20000_prm.graph import formats
    from iso20000_prm.release.write import write_release

    out = tmp_path / "rel"
    out.mkdir()
    before = {
        "iso20000-prm.ttl": b"@prefix old: <urn:old#> .\n",
        "iso20000-prm.jsonld": b"{}\n",
        "iso20000-prm.void.ttl": b"# old description\n",
        "README.txt": b"mine",
    }
    for name, data in before.items():
        (out / name).write_bytes(data)
    real_render = formats.render
    calls = []

    def failing(graph, fmt, compress=False):
        calls.append(fmt.name)
        if len(calls) == 3:
            raise error
        return real_render(graph, fmt, compress)

    monkeypatch.setattr(formats, "render", failing)
    with pytest.raises(type(error)):
        write_release(None, "full", ["all"], out)
    assert calls == ["turtle", "ntriples", "rdfxml"]
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rel"]


def test_without_an_atomic_exchange_the_old_folder_is_moved_aside_then_dropped(
    tmp_path, monkeypatch
):
    from iso20000_prm import files

    monkeypatch.setattr(files, "_exchange", lambda a, b: False)
    out = _previous(tmp_path)
    with staged_tree(out, owned=_owned) as stage:
        for rel, data in NEW.items():
            stage.write(rel, data)
    assert _tree(out) == {
        "a.ttl": b"new a",
        "c.jsonld": b"new c",
        "notes.txt": b"mine",
        "sub/b.nt": b"new b",
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_without_an_atomic_exchange_a_failed_move_puts_the_old_folder_back(tmp_path, monkeypatch):
    import os

    from iso20000_prm import files

    monkeypatch.setattr(files, "_exchange", lambda a, b: False)
    real_rename = os.rename
    calls = []

    def failing(src, dst):
        calls.append((str(src), str(dst)))
        if len(calls) == 2:  # the new folder into place
            raise OSError(28, "No space left on device")
        return real_rename(src, dst)

    out = _previous(tmp_path)
    with pytest.raises(OutputError, match="No space left"):
        with staged_tree(out, owned=_owned) as stage:
            stage.write("a.ttl", b"new a")
            monkeypatch.setattr(os, "rename", failing)
    monkeypatch.undo()
    assert calls[0][0] == str(out) and calls[1][1] == str(out)
    assert _tree(out) == {**OLD, "notes.txt": b"mine"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
