"""What keeps `build` cheap at scale: arguments refused before any table is read, and one pass
over the triples for the VoID description and the vocabulary check."""

from __future__ import annotations

import contextlib
import io

import pytest

from iso20000_prm.cli import main


def _forbidden(*_args, **_kwargs):
    raise AssertionError("expensive work started before the arguments were checked")


@pytest.mark.parametrize(
    "argv, words",
    [
        (["build", "-o", "{dir}"], "is a directory"),
        (["build", "-f", "nt", "--output-dir", "{file}"], "is not a folder"),
        (["build", "-f", "nt", "-o", "{file}"], "--output writes one Turtle file"),
        (["build", "-f", "n4", "--output-dir", "{dir}"], "unknown format"),
    ],
)
def test_arguments_are_refused_before_the_tables_are_read(monkeypatch, tmp_path, argv, words):
    import iso20000_prm.graph.build as build
    import iso20000_prm.tables.read as read

    monkeypatch.setattr(read, "load_tables", _forbidden)
    monkeypatch.setattr(build, "load_tables", _forbidden)
    monkeypatch.setattr(build, "build_graph", _forbidden)
    (tmp_path / "f").write_text("keep\n")
    argv = [a.format(dir=tmp_path, file=tmp_path / "f") for a in argv]
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(argv)
    assert code == 2
    assert words in err.getvalue()
    assert (tmp_path / "f").read_text() == "keep\n"


def test_one_pass_gives_the_counts_rdflib_gives():
    from rdflib import Graph

    from iso20000_prm.graph.build import build_graph
    from iso20000_prm.tables.synthetic import synthesize

    built = build_graph(synthesize(3))  # on the builder's IndexStore
    copy = Graph()  # on rdflib's Memory store: the triple-by-triple pass
    for triple in built:
        copy.add(triple)
    for graph in (built, copy):
        _check_stats(graph)


def _check_stats(graph):
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF

    from iso20000_prm.release.stats import graph_stats
    from iso20000_prm.vocab import DATA

    stats = graph_stats(graph)
    assert stats.triples == len(graph)
    assert stats.subjects == len(set(graph.subjects()))
    assert stats.objects == len(set(graph.objects()))
    assert dict(stats.predicates) == {
        p: len(list(graph.triples((None, p, None)))) for p in set(graph.predicates())
    }
    types = [o for o in graph.objects(None, RDF.type) if isinstance(o, URIRef)]
    assert dict(stats.classes) == {c: types.count(c) for c in set(types)}
    assert stats.entities == len(
        {s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(str(DATA))}
    )
    datatypes = {str(o.datatype) for o in graph.objects() if isinstance(o, Literal) and o.datatype}
    assert {t for role, t in stats.used if role == "datatype"} == datatypes


def test_a_release_walks_the_triples_once(monkeypatch, tmp_path):
    import iso20000_prm.release.stats as stats_module
    from iso20000_prm.release.write import write_release

    made = []
    real = stats_module.GraphStats

    def counting(**kwargs):
        made.append(kwargs["triples"])
        return real(**kwargs)

    monkeypatch.setattr(stats_module, "GraphStats", counting)
    written = write_release(None, "full", ["nt"], tmp_path)
    assert made == [written.triples]
