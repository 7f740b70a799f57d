"""The CLI checks its arguments before any expensive work, and names flags only in its own
messages (the API raises without them)."""

from __future__ import annotations

import pytest

from iso20000_prm.cli import main
from iso20000_prm.errors import PRMError


@pytest.fixture
def no_work(monkeypatch):
    """Reading tables or building a graph fails the test: the arguments should have stopped it."""

    def forbidden(*args, **kwargs):
        raise AssertionError("expensive work before the arguments were checked")

    from iso20000_prm.graph import build, source
    from iso20000_prm.tables import read

    monkeypatch.setattr(read, "load_tables", forbidden)
    monkeypatch.setattr(build, "build_graph", forbidden)
    monkeypatch.setattr(source, "load_graph", forbidden)


@pytest.mark.parametrize(
    "argv, message",
    [
        (["build", "-o", "x.ttl", "--format", "ntriples"], "use --output-dir"),
        (["build", "-o", "x.ttl", "--gzip"], "use --output-dir"),
        (["build", "--format", "n4"], "unknown format 'n4'"),
        (["load", "--endpoint", "http://127.0.0.1:9/sparql"], "give --query-endpoint"),
        (["load", "--endpoint", "ftp://127.0.0.1/store"], "not an http(s) URL"),
        (["load", "--endpoint", "http://127.0.0.1:9/store", "--timeout", "0"], "--timeout"),
        (["load", "--endpoint", "http://h/store", "-i", "g.ttl", "--profile", "open"], "--input"),
    ],
)
def test_bad_arguments_fail_before_the_build(argv, message, no_work, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_api_messages_do_not_name_flags(tmp_path):
    from iso20000_prm.release.write import write_release

    with pytest.raises(PRMError) as caught:
        write_release(None, "full", ["n4"], tmp_path)
    assert "--" not in str(caught.value)
    with pytest.raises(PRMError) as caught:
        write_release(None, "closed", ["nt"], tmp_path)
    assert "--" not in str(caught.value)
    assert list(tmp_path.iterdir()) == []
