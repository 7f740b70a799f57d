"""The builder and ``iso20000-prm build``: deterministic bytes, a graph two parsers agree on,
counts that match the tables (counted here with plain ``csv``), and facts read off the source."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS

from iso20000_prm.cli import main
from iso20000_prm.files import tables_dir

VOCAB = "https://w3id.org/iso20000-prm/vocab#"
ID = "https://w3id.org/iso20000-prm/id/"
PREFIXES = f"PREFIX prm: <{VOCAB}>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
STATUS_OF = {"NotBracketed": "none", "PartlyBracketed": "partial", "FullyBracketed": "full"}


def table(name: str) -> list[dict[str, str]]:
    with open(tables_dir() / name, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _build_in_subprocess(output: Path, seed: str) -> bytes:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    subprocess.run(
        [sys.executable, "-m", "iso20000_prm.cli", "build", "--output", str(output)],
        check=True,
        env=env,
        capture_output=True,
    )
    return output.read_bytes()


@pytest.fixture(scope="module")
def turtle(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("build") / "graph.ttl"
    assert main(["build", "--output", str(path)]) == 0
    return path.read_bytes()


@pytest.fixture(scope="module")
def graph(turtle) -> Graph:
    return Graph().parse(data=turtle, format="turtle")


def rows(graph: Graph, query: str) -> list[tuple]:
    return [tuple(r) for r in graph.query(PREFIXES + query)]


def test_same_tables_same_bytes(tmp_path, turtle):
    """Two fresh interpreters with different hash seeds, and this one, write identical files."""
    first = _build_in_subprocess(tmp_path / "a.ttl", "1")
    second = _build_in_subprocess(tmp_path / "b.ttl", "4242")
    assert first == second == turtle
    assert b"\r" not in first and first.endswith(b"\n")


def test_default_output_path(tmp_path, monkeypatch, turtle):
    monkeypatch.chdir(tmp_path)
    assert main(["build"]) == 0
    assert (tmp_path / "build" / "iso20000-prm.ttl").read_bytes() == turtle


def test_rdflib_and_pyoxigraph_read_the_same_graph(turtle, graph):
    import pyoxigraph

    triples = pyoxigraph.parse(input=turtle, format=pyoxigraph.RdfFormat.TURTLE)
    ntriples = pyoxigraph.serialize(
        [q.triple for q in triples], format=pyoxigraph.RdfFormat.N_TRIPLES
    )
    via_oxigraph = Graph().parse(data=ntriples, format="nt")
    assert len(via_oxigraph) == len(graph) > 3000
    assert isomorphic(graph, via_oxigraph)


def test_python_api_returns_an_rdflib_graph(tmp_path, graph):
    import shutil

    from iso20000_prm import build_graph, load_tables

    built = build_graph()
    assert isinstance(built, Graph)
    assert isomorphic(built, graph)
    copy = tmp_path / "tables"
    shutil.copytree(tables_dir(), copy)
    assert len(build_graph(str(copy))) == len(built) == len(build_graph(load_tables(copy)))
    data_only = build_graph(include_ontology=False)
    assert 0 < len(data_only) < len(built)
    assert not any(str(s).startswith(VOCAB) for s in data_only.subjects())


def test_counts_match_the_tables(graph):
    processes, outcomes = table("processes.csv"), table("outcomes.csv")
    entries, clauses = table("traceability.csv"), table("clauses.csv")

    assert rows(graph, "SELECT (COUNT(?p) AS ?n) WHERE { ?p a prm:Process }")[0][
        0
    ].toPython() == len(processes)
    available = rows(
        graph, "SELECT (COUNT(?p) AS ?n) WHERE { ?p a prm:Process ; prm:availableInSource true }"
    )
    assert available[0][0].toPython() == sum(p["available"] == "yes" for p in processes)

    by_status = rows(
        graph,
        "SELECT ?s (COUNT(?o) AS ?n) WHERE { ?o a prm:Outcome ; prm:bracketStatus ?s } GROUP BY ?s",
    )
    assert {STATUS_OF[str(s).removeprefix(VOCAB)]: n.toPython() for s, n in by_status} == Counter(
        o["bracket_status"] for o in outcomes
    )

    per_process = rows(
        graph,
        "SELECT ?c (COUNT(?o) AS ?n) WHERE { ?p skos:notation ?c ; prm:hasOutcome ?o } GROUP BY ?c",
    )
    assert {str(c): n.toPython() for c, n in per_process} == Counter(o["process"] for o in outcomes)

    texts = rows(
        graph,
        "SELECT ?c ?n ?t WHERE { ?p skos:notation ?c ; prm:hasOutcome ?o . ?o prm:outcomeNumber ?n ; prm:verbatimText ?t }",
    )
    assert {(str(c), n.toPython(), str(t)) for c, n, t in texts} == {
        (o["process"], int(o["number"]), o["text"]) for o in outcomes
    }

    by_edition = rows(
        graph,
        "SELECT ?code (COUNT(?e) AS ?n) WHERE { ?e a prm:TraceabilityEntry ; prm:citesClause/prm:edition/prm:editionCode ?code } GROUP BY ?code",
    )
    assert {str(c): n.toPython() for c, n in by_edition} == Counter(e["edition"] for e in entries)

    cited = rows(
        graph,
        "SELECT ?code (COUNT(?c) AS ?n) WHERE { ?c a prm:Clause ; prm:edition/prm:editionCode ?code } GROUP BY ?code",
    )
    assert {str(c): n.toPython() for c, n in cited} == Counter(c["edition"] for c in clauses)

    links = rows(graph, "SELECT (COUNT(*) AS ?n) WHERE { ?e prm:supportsOutcome ?o }")
    assert links[0][0].toPython() == sum(len(e["outcomes"].split(",")) for e in entries)

    traces = rows(
        graph,
        """SELECT ?p ?n ?code ?c WHERE {
        ?proc skos:notation ?p ; prm:hasOutcome ?o . ?o prm:outcomeNumber ?n ; prm:tracesTo ?cl .
        ?cl skos:notation ?c ; prm:edition/prm:editionCode ?code }""",
    )
    expected = {
        (e["process"], int(n), e["edition"], e["clause"])
        for e in entries
        for n in e["outcomes"].split(",")
    }
    assert {(str(p), n.toPython(), str(code), str(c)) for p, n, code, c in traces} == expected


def test_change_management_outcome_3_traces_as_printed(graph):
    """5.6 prints outcome 3 in "1ED IS 05 ... [3]", "1ED IS 09.2 ... [1,2,3,4,5]" and
    "2ED DRAFT 9.2 ... [1,2,3,4,5,6]", and in no other entry (read off the source)."""
    outcome = URIRef(ID + "process/change-management/outcome/3")
    assert set(graph.objects(outcome, URIRef(VOCAB + "tracesTo"))) == {
        URIRef(ID + "iso20000-1-2005/clause/5"),
        URIRef(ID + "iso20000-1-2005/clause/9.2"),
        URIRef(ID + "iso20000-1-2ed-draft/clause/9.2"),
    }
    text = graph.value(outcome, URIRef(VOCAB + "verbatimText"))
    assert text == Literal(
        "change requests are approved before changes are developed and deployed;", lang="en"
    )


def test_first_edition_clause_printed_zero_padded(graph):
    clause = URIRef(ID + "iso20000-1-2005/clause/6.4")
    assert graph.value(clause, URIRef(VOCAB + "clauseAsPrinted")) == Literal("06.4")
    assert graph.value(clause, SKOS.notation) == Literal("6.4")
    assert graph.value(clause, URIRef(VOCAB + "heading")) == Literal(
        "Budgeting and accounting for IT services", lang="en"
    )
    assert graph.value(clause, URIRef(VOCAB + "edition")) == URIRef(ID + "iso20000-1-2005")
    draft = URIRef(ID + "iso20000-1-2ed-draft/clause/6.4")
    assert graph.value(draft, URIRef(VOCAB + "heading")) == Literal(
        "Budgeting and accounting for services", lang="en"
    )


def test_facts_read_off_the_source(graph):
    # 5.26 is only named in the table of contents
    sms = URIRef(ID + "process/sms-establishment-and-maintenance")
    assert graph.value(sms, URIRef(VOCAB + "availableInSource")).toPython() is False
    assert graph.value(sms, SKOS.notation) == Literal("5.26")
    assert list(graph.objects(sms, URIRef(VOCAB + "hasOutcome"))) == []
    assert list(graph.objects(sms, URIRef(VOCAB + "purpose"))) == []
    # 5.9 prints its outcomes without numbers
    improvement = rows(
        graph,
        'SELECT DISTINCT ?printed WHERE { ?p skos:notation "5.9" ; prm:hasOutcome/prm:numberPrinted ?printed }',
    )
    assert [r[0].toPython() for r in improvement] == [False]
    # the last entry of 5.15, printed after the repeated header row: "2ED DRAFT 8.1 ... [6]"
    last = URIRef(ID + "process/organizational-management/traceability/30")
    assert graph.value(last, URIRef(VOCAB + "citesClause")) == URIRef(
        ID + "iso20000-1-2ed-draft/clause/8.1"
    )
    assert list(graph.objects(last, URIRef(VOCAB + "supportsOutcome"))) == [
        URIRef(ID + "process/organizational-management/outcome/6")
    ]
    assert (
        graph.value(URIRef(ID + "process/organizational-management/traceability/31"), None) is None
    )
    # 5.2 outcome 1 is partly bracketed ("defined [and agreed]") and still traced
    audit1 = URIRef(ID + "process/audit/outcome/1")
    assert graph.value(audit1, URIRef(VOCAB + "bracketStatus")) == URIRef(VOCAB + "PartlyBracketed")
    assert URIRef(ID + "iso20000-1-2ed-draft/clause/4.5.5.2") in set(
        graph.objects(audit1, URIRef(VOCAB + "tracesTo"))
    )


def test_the_schema_is_the_shipped_tables_and_the_graph():
    """tables/schema.py declares each shipped file's header, each record's fields, and a
    property for every column it gives RDF that the built graph uses."""
    from dataclasses import fields

    from iso20000_prm.files import tables_dir
    from iso20000_prm.graph.build import build_graph
    from iso20000_prm.tables import schema

    graph = build_graph(include_ontology=False, include_mappings=False)
    used = set(graph.predicates())
    for table in schema.TABLES:
        with (tables_dir() / table.file).open(encoding="utf-8", newline="") as handle:
            assert (
                tuple(next(csv.reader(handle))) == table.column_names == schema.COLUMNS[table.file]
            )
        assert tuple(f.name for f in fields(table.record)) == table.column_names
        for column in table.columns:
            if column.rdf is not None:
                assert {URIRef(p) for p in column.rdf.props} <= used, (table.file, column.name)


def test_a_repeated_value_is_one_literal_object():
    """Equal literals a table column gives are one object (made once, stored once): the
    numbers, booleans and repeated texts of a PRM N times the real size would otherwise each be
    a term of their own. Checked per predicate of the PRM vocabulary (the columns' own)."""
    from rdflib import Literal

    from iso20000_prm.graph.build import build_graph
    from iso20000_prm.tables.synthetic import synthesize
    from iso20000_prm.vocab import PRM

    graph = build_graph(synthesize(2))
    by_value: dict = {}
    count = 0
    for by_p in graph.store.spo.values():
        for p, objects in by_p.items():
            if not str(p).startswith(str(PRM)):
                continue
            for o in objects:
                if type(o) is Literal:
                    count += 1
                    key = (str(p), str(o), o.datatype, o.language)
                    by_value.setdefault(key, set()).add(id(o))
    assert count > 2 * len(by_value)  # there are repeats to look at
    assert [k for k, ids in by_value.items() if len(ids) > 1] == []
