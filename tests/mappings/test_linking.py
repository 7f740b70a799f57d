"""`iso20000-prm link` and the README's worked example: a user's SSSOM set merged into the graph,
an external graph loaded beside it, and a query crossing both; plus the OSLC/CCCEV alignment.

Expected values come from the example's own files and the source tables read with the csv
module, not from the program.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest
from _paths import ROOT
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from iso20000_prm.cli import main

EXAMPLES = ROOT / "examples"
TABLES = ROOT / "tables"
PROCESS = "https://w3id.org/iso20000-prm/id/process/"
SETREL = "https://w3id.org/iso20000-prm/set-relations#"


@pytest.fixture(scope="module")
def linked(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("link") / "linked.ttl"
    assert main(["link", str(EXAMPLES / "prm-to-itil.sssom.tsv"), "--output", str(out)]) == 0
    return out


def example_rows() -> list[dict[str, str]]:
    lines = [
        l
        for l in (EXAMPLES / "prm-to-itil.sssom.tsv").read_text(encoding="utf-8").splitlines()
        if not l.startswith("#")
    ]
    return list(csv.DictReader(lines, delimiter="\t"))


def test_link_adds_the_direct_triples_and_records(linked):
    g = Graph().parse(linked)
    rows = example_rows()
    for row in rows:
        s = URIRef(PROCESS + row["subject_id"].split(":", 1)[1])
        p = URIRef(str(SKOS) + row["predicate_id"].split(":", 1)[1])
        o = URIRef("https://example.org/itil-practices/" + row["object_id"].split(":", 1)[1])
        assert (s, p, o) in g
    records = list(
        g.subjects(
            URIRef(SETREL + "inMappingSet"), URIRef("https://example.org/mapping-sets/prm-to-itil")
        )
    )
    assert len(records) == len(rows)
    # the shipped mapping sets are still there
    assert (
        None,
        URIRef(SETREL + "inMappingSet"),
        URIRef("https://w3id.org/iso20000-prm/id/mapping-set/2ed-draft-to-2011"),
    ) in g


def test_example_query_crosses_both_graphs(linked):
    g = Graph().parse(linked)
    g.parse(EXAMPLES / "itil-practices.ttl")
    result = g.query((EXAMPLES / "process-to-practice.rq").read_text(encoding="utf-8"))
    got = {(str(r.processName), str(r.practiceName), int(r.outcomesTracedTo2005)) for r in result}

    # second method: the tables and the example files, read with csv
    with open(TABLES / "processes.csv", encoding="utf-8", newline="") as f:
        processes = {r["id"]: (r["clause"], r["name"]) for r in csv.DictReader(f)}
    traced = defaultdict(set)
    with open(TABLES / "traceability.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if r["edition"] == "1ED IS":
                traced[r["process"]].update(r["outcomes"].split(","))
    expected = set()
    for row in example_rows():
        clause, name = processes[row["subject_id"].split(":", 1)[1]]
        expected.add((name, row["object_label"], len(traced[clause])))
    assert len(expected) == 5
    assert got == expected


def test_link_into_a_given_graph_file(tmp_path):
    base = tmp_path / "base.ttl"
    assert main(["build", "--output", str(base)]) == 0
    out = tmp_path / "out.ttl"
    assert (
        main(
            ["link", str(EXAMPLES / "prm-to-itil.sssom.tsv"), "--graph", str(base), "-o", str(out)]
        )
        == 0
    )
    assert len(Graph().parse(out)) > len(Graph().parse(base))


def _write(tmp_path, text: str) -> Path:
    path = tmp_path / "user.sssom.tsv"
    path.write_text(text, encoding="utf-8")
    return path


HEADER = "#curie_map:\n#  prmp: https://w3id.org/iso20000-prm/id/process/\n#  ex: https://example.org/x/\n#mapping_set_id: https://example.org/sets/s\nsubject_id\tpredicate_id\tobject_id\tmapping_justification\n"


@pytest.mark.parametrize(
    "row,expect",
    [
        (
            "prmp:change-managment\tskos:exactMatch\tex:a\tsemapv:ManualMappingCuration",
            "line 6, column 'subject_id'",
        ),
        (
            "prmp:audit\tskos:exactMatch\tzz:a\tsemapv:ManualMappingCuration",
            "line 6, column 'object_id': prefix 'zz'",
        ),
        ("prmp:audit\tskos:exactMatch\tex:a\tguess", "line 6, column 'mapping_justification'"),
        (
            "prmp:audit\tskos:exactMatch\tex:a",
            "line 6, column 'mapping_justification': has 3 cells, expected 4",
        ),
    ],
)
def test_link_errors_name_line_and_column(tmp_path, capsys, row, expect):
    path = _write(tmp_path, HEADER + row + "\n")
    assert main(["link", str(path), "-o", str(tmp_path / "out.ttl")]) == 2
    err = capsys.readouterr().err
    assert expect in err, err
    assert not (tmp_path / "out.ttl").exists()


def test_link_needs_a_mapping_set_id(tmp_path, capsys):
    path = _write(
        tmp_path,
        HEADER.replace("#mapping_set_id: https://example.org/sets/s\n", "")
        + "prmp:audit\tskos:exactMatch\tex:a\tsemapv:ManualMappingCuration\n",
    )
    assert main(["link", str(path), "-o", str(tmp_path / "o.ttl")]) == 2
    assert "mapping_set_id" in capsys.readouterr().err


def test_negated_mapping_states_no_triple(tmp_path):
    text = HEADER.replace("mapping_justification\n", "mapping_justification\tpredicate_modifier\n")
    path = _write(
        tmp_path, text + "prmp:audit\tskos:exactMatch\tex:a\tsemapv:ManualMappingCuration\tNot\n"
    )
    out = tmp_path / "o.ttl"
    assert main(["link", str(path), "-o", str(out)]) == 0
    g = Graph().parse(out)
    assert (URIRef(PROCESS + "audit"), SKOS.exactMatch, URIRef("https://example.org/x/a")) not in g
    assert (
        len(list(g.subjects(URIRef(SETREL + "inMappingSet"), URIRef("https://example.org/sets/s"))))
        == 1
    )


# ---- the OSLC RM / CCCEV alignment --------------------------------------------------------
ALIGNMENT = ROOT / "ontology" / "alignments" / "oslc-cccev.ttl"
OSLC_RM, CCCEV = "http://open-services.net/ns/rm#", "http://data.europa.eu/m8g/"


@pytest.fixture(scope="module")
def alignment() -> Graph:
    return Graph().parse(ALIGNMENT)


def test_alignment_declares_every_external_term(alignment):
    used = {
        t
        for triple in alignment
        for t in triple
        if isinstance(t, URIRef) and str(t).startswith((OSLC_RM, CCCEV))
    }
    assert {str(t) for t in used} >= {
        OSLC_RM + "Requirement",
        OSLC_RM + "satisfies",
        CCCEV + "Requirement",
        CCCEV + "Criterion",
    }
    for t in used:
        assert set(alignment.objects(t, RDF.type)) & {OWL.Class, OWL.ObjectProperty}, t


def test_every_alignment_statement_has_a_rationale(alignment):
    statements = [
        (s, p, o)
        for p in (RDFS.subClassOf, RDFS.subPropertyOf)
        for s, o in alignment.subject_objects(p)
    ]
    assert len(statements) >= 6
    for s, p, o in statements:
        axioms = [
            a
            for a in alignment.subjects(OWL.annotatedSource, s)
            if (a, OWL.annotatedProperty, p) in alignment
            and (a, OWL.annotatedTarget, o) in alignment
        ]
        assert len(axioms) == 1, (s, p, o)
        assert len(str(alignment.value(axioms[0], RDFS.comment))) > 40


def test_alignment_lets_a_reasoner_see_prm_data_as_cccev_and_oslc(alignment):
    owlrl = pytest.importorskip("owlrl")
    from iso20000_prm.graph.build import build_graph

    g = build_graph(include_mappings=False)
    for t in alignment:
        g.add(t)
    owlrl.DeductiveClosure(owlrl.RDFS_Semantics).expand(g)
    outcome = URIRef(PROCESS + "change-management/outcome/1")
    clause = URIRef("https://w3id.org/iso20000-prm/id/iso20000-1-2005/clause/9.2")
    assert (outcome, RDF.type, URIRef(CCCEV + "Criterion")) in g
    assert (clause, RDF.type, URIRef(CCCEV + "Requirement")) in g
    assert (outcome, URIRef(OSLC_RM + "satisfies"), clause) in g


def test_linking_is_deterministic(tmp_path, linked):
    again = tmp_path / "again.ttl"
    assert main(["link", str(EXAMPLES / "prm-to-itil.sssom.tsv"), "--output", str(again)]) == 0
    assert again.read_bytes() == linked.read_bytes()
