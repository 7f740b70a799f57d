"""One notion of "the graph" (graph/source.py): a named file, else named tables, else the last
build, else the shipped tables; and each command's --help states that rule."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from iso20000_prm.cli import make_parser
from iso20000_prm.errors import PRMError
from iso20000_prm.files import DEFAULT_OUTPUT, tables_dir
from iso20000_prm.graph.source import RULE, describe, graph_file, load_graph

TINY = '<https://example.org/a> <https://example.org/b> "c" .\n'


@pytest.fixture
def last_build(tmp_path, monkeypatch):
    """A working folder whose last build is a one-triple graph."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / DEFAULT_OUTPUT).parent.mkdir(parents=True)
    (tmp_path / DEFAULT_OUTPUT).write_text(TINY, encoding="utf-8")
    return tmp_path


def test_a_named_file_comes_first(tmp_path, last_build):
    other = tmp_path / "other.nt"
    other.write_text(TINY + TINY.replace('"c"', '"d"'), encoding="utf-8")
    assert graph_file(other) == other
    assert len(load_graph(other)) == 2


def test_named_tables_come_before_the_last_build(last_build):
    copy = last_build / "tables"
    shutil.copytree(tables_dir(), copy)
    assert graph_file(tables=copy) is None
    assert describe(tables=copy) == f"the graph built from the tables in {copy}"
    assert len(load_graph(tables=copy)) > 3000


def test_the_last_build_when_it_exists(last_build):
    assert graph_file() == DEFAULT_OUTPUT
    assert describe() == str(DEFAULT_OUTPUT)
    assert len(load_graph()) == 1


def test_else_the_shipped_tables(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert graph_file() is None
    assert describe() == "the graph built from the shipped tables"
    assert len(load_graph()) > 3000


def test_a_file_and_tables_together_are_refused(tmp_path):
    with pytest.raises(PRMError, match="not both"):
        load_graph(tmp_path / "g.ttl", tmp_path)


def test_finding_the_file_does_not_import_rdflib():
    code = (
        "import sys; from iso20000_prm.graph.source import graph_file; graph_file(); "
        "assert 'rdflib' not in sys.modules, 'rdflib imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("command", ["build", "load", "docs"])
def test_help_states_the_rule(command):
    parser = make_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    text = " ".join(sub.choices[command].format_help().split())
    assert RULE in text


@pytest.fixture
def sent(monkeypatch):
    """``load`` with the store replaced by a list of the graphs it would have sent."""
    from iso20000_prm.store import graph_store

    graphs = []

    def capture(graph, endpoint, graph_iri, query_endpoint=None, timeout=None):
        graphs.append(graph)
        return graph_store.LoadResult(endpoint, graph_iri, len(graph), len(graph))

    monkeypatch.setattr(graph_store, "load_graph", capture)
    return graphs


def test_load_releases_the_last_build_with_the_checks_of_build(tmp_path, monkeypatch, sent):
    from iso20000_prm.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["build"]) == 0
    built = len(load_graph(DEFAULT_OUTPUT))
    assert main(["load", "--endpoint", "http://127.0.0.1:9/store"]) == 0
    assert main(["load", "--endpoint", "http://127.0.0.1:9/store", "--profile", "open"]) == 0
    assert len(sent[0]) == built > len(sent[1])
    # the last build is released as build releases: a term no vocabulary defines stops it
    DEFAULT_OUTPUT.write_text(TINY, encoding="utf-8")
    assert main(["load", "--endpoint", "http://127.0.0.1:9/store"]) == 1
    # a file named with --input is loaded as it is
    assert main(["load", "--endpoint", "http://127.0.0.1:9/store", "-i", str(DEFAULT_OUTPUT)]) == 0
    assert len(sent) == 3 and len(sent[2]) == 1
