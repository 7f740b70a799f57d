"""Mapping sets between editions of ISO/IEC 20000-1: derivation, graph, set-theory vocabulary.

Expected values come from the tables read with the csv module, or were read by hand from the
headings in clauses.csv and the rows of the curated reference table, not from the program.
"""

from __future__ import annotations

import csv
import os
from collections import defaultdict
from decimal import Decimal

import pytest
from _paths import ROOT
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from iso20000_prm.graph.build import build_graph
from iso20000_prm.mappings import mapping_sets, reference_table

TABLES = ROOT / "tables"
SHARED_REF = ROOT.parent / "shared" / "reference" / "20000-1-2ed-draft-to-2011.csv"
ID = "https://w3id.org/iso20000-prm/id/"
SETREL = "https://w3id.org/iso20000-prm/set-relations#"
E1, E2, E11 = (
    ID + "iso20000-1-2005/clause/",
    ID + "iso20000-1-2ed-draft/clause/",
    ID + "iso20000-1-2011/clause/",
)


@pytest.fixture(scope="module")
def graph(shipped_graph) -> Graph:
    return shipped_graph


@pytest.fixture(scope="module")
def ref_rows() -> list[dict[str, str]]:
    with open(reference_table(), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def pairs(graph, prop, a_base, b_base):
    return {
        (str(s)[len(a_base) :], str(o)[len(b_base) :])
        for s, o in graph.subject_objects(prop)
        if str(s).startswith(a_base) and str(o).startswith(b_base)
    }


# ---- the shipped reference table ----------------------------------------------------------
def test_reference_table_is_shipped_verbatim():
    if not SHARED_REF.is_file():
        if os.environ.get("CI"):  # CI always has ../shared beside the checkout
            pytest.fail(f"shared reference table not found at {SHARED_REF}")
        pytest.skip("shared/reference not present")
    assert reference_table().read_bytes() == SHARED_REF.read_bytes()


def test_reference_table_is_package_data():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"iso20000_prm.data.reference" = ["*.csv", "*.md"]' in text
    assert '"iso20000_prm.data.reference",' in text.split("packages = [", 1)[1].split("]", 1)[0]


# ---- set (b): 2ED DRAFT -> 2011 from the curated table ------------------------------------
def test_curated_examples_read_by_hand(graph):
    d = lambda c: URIRef(E2 + c)  # noqa: E731
    p = lambda c: URIRef(E11 + c)  # noqa: E731
    # "merged into broader clause": broader published clause, and a set-theoretic subset
    assert (d("4.4.2.1"), SKOS.broadMatch, p("4.4.2")) in graph
    assert (d("4.4.2.2"), URIRef(SETREL + "subsetOf"), p("4.4.2")) in graph
    # renumbered: 4.5.2 Establish scope -> 4.5.1 Define scope
    assert (d("4.5.2"), SKOS.exactMatch, p("4.5.1")) in graph
    assert (d("4.5.2"), URIRef(SETREL + "equal"), p("4.5.1")) in graph
    # retitled: SKOS close match, no set-theory claim
    assert (d("8.1"), SKOS.closeMatch, p("8.1")) in graph
    assert not list(graph.objects(d("8.1"), URIRef(SETREL + "equal")))
    # "no separate published clause": nothing stated for 4.5.1
    for prop in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch):
        assert [o for o in graph.objects(d("4.5.1"), prop) if str(o).startswith(E11)] == []


def test_every_curated_row_keeps_relation_and_confidence(graph, ref_rows):
    records = {}
    for r in graph.subjects(
        URIRef(SETREL + "inMappingSet"), URIRef(ID + "mapping-set/2ed-draft-to-2011")
    ):
        subject = str(graph.value(r, URIRef(SETREL + "mappingSubject")))
        records[subject[len(E2) :]] = r
    assert sorted(records) == sorted(row["draft_clause"] for row in ref_rows)
    for row in ref_rows:
        r = records[row["draft_clause"]]
        assert str(graph.value(r, URIRef(SETREL + "sourceRelation"))) == row["relation"]
        assert str(graph.value(r, URIRef(SETREL + "confidenceLevel"))) == row["confidence"]
        assert graph.value(r, URIRef(SETREL + "mappingJustification")) == URIRef(
            "https://w3id.org/semapv/vocab/ManualMappingCuration"
        )
        if row["published_2011_clause"]:
            assert graph.value(r, URIRef(SETREL + "mappingObject")) == URIRef(
                E11 + row["published_2011_clause"]
            )


def test_published_2011_scheme_has_no_invented_headings(graph, ref_rows):
    """The 2011 clauses are those either curated table names; headings only where one gives it."""
    with open(ROOT / "reference" / "20000-1-2011-to-2018.csv", encoding="utf-8") as f:
        rows_2018 = list(csv.DictReader(f))
    scheme = URIRef(ID + "iso20000-1-2011")
    concepts = set(graph.subjects(SKOS.inScheme, scheme))
    expected = {row["published_2011_clause"] for row in ref_rows if row["published_2011_clause"]}
    expected |= {row["published_2011_clause"] for row in rows_2018}
    assert {str(c)[len(E11) :] for c in concepts} == expected
    assert (scheme, RDF.type, SKOS.ConceptScheme) in graph
    headings = {
        row["published_2011_clause"]: row["published_2011_heading"]
        for row in ref_rows + rows_2018
        if row["published_2011_heading"]
    }
    for c in concepts:
        clause = str(c)[len(E11) :]
        label = str(graph.value(c, SKOS.prefLabel))
        assert label == (f"{clause} {headings[clause]}" if clause in headings else clause)
    assert str(graph.value(URIRef(E11 + "4.5.1"), SKOS.prefLabel)) == "4.5.1 Define scope"
    assert str(graph.value(URIRef(E11 + "4.3.1"), SKOS.prefLabel)) == "4.3.1"
    # the editions stay separate schemes
    for c in concepts:
        assert set(graph.objects(c, SKOS.inScheme)) == {scheme}


# ---- set (a): 1ED <-> 2ED DRAFT derived from the TR ---------------------------------------
# Read by hand from clauses.csv: headings printed identically in both editions.
SAME_HEADING = {
    ("3.3", "4.4.2.2"),
    ("6.1", "6.1"),
    ("6.2", "6.2"),
    ("6.3", "6.3"),
    ("6.5", "6.5"),
    ("7.2", "7.1"),
    ("7.3", "7.2"),
    ("8.3", "8.2"),
    ("9.1", "9.1"),
    ("9.2", "9.2"),
}
# Read by hand: the words of one heading all occur in the other's.
CONTAINED_HEADING = {
    ("4.1", "4.5.3"),
    ("4.4.2", "4.5.6.2"),
    ("6.4", "6.4"),
    ("8.2", "8.1"),
    ("10.1", "9.3"),
}


def traced_outcomes() -> dict[tuple[str, str], set]:
    out = defaultdict(set)
    with open(TABLES / "traceability.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            for n in row["outcomes"].split(","):
                out[(row["edition"], row["clause"])].add((row["process"], int(n)))
    return out


def test_identical_headings_are_exact_matches(graph):
    assert pairs(graph, SKOS.exactMatch, E1, E2) == SAME_HEADING


def test_contained_headings_are_close_matches(graph):
    assert pairs(graph, SKOS.closeMatch, E1, E2) == CONTAINED_HEADING


def test_related_matches_are_the_outcome_overlaps(graph):
    traced = traced_outcomes()
    expected = set()
    for (ed1, c1), o1 in traced.items():
        for (ed2, c2), o2 in traced.items():
            if (
                ed1 == "1ED IS"
                and ed2 == "2ED DRAFT"
                and (c1, c2) not in SAME_HEADING | CONTAINED_HEADING
            ):
                shared = o1 & o2
                if len(shared) >= 2 and 2 * len(shared) >= len(o1 | o2):
                    expected.add((c1, c2))
    assert expected  # e.g. 4.3 Monitoring, measuring and reviewing -> 4.5.5.2 Internal audit
    assert ("4.3", "4.5.5.2") in expected
    assert pairs(graph, SKOS.relatedMatch, E1, E2) == expected


def test_each_derived_mapping_says_how(graph):
    justification = {
        SKOS.exactMatch: "LexicalMatching",
        SKOS.closeMatch: "LexicalSimilarityThresholdMatching",
        SKOS.relatedMatch: "InstanceBasedMatching",
    }
    n = 0
    for r in graph.subjects(
        URIRef(SETREL + "inMappingSet"), URIRef(ID + "mapping-set/1ed-to-2ed-draft")
    ):
        pred = graph.value(r, URIRef(SETREL + "mappingPredicate"))
        assert str(graph.value(r, URIRef(SETREL + "mappingJustification"))).endswith(
            justification[pred]
        )
        assert "outcomes traced to both" in str(graph.value(r, URIRef(SETREL + "evidence")))
        assert graph.value(r, URIRef(SETREL + "confidence")) is not None
        assert (
            graph.value(r, URIRef(SETREL + "relationship")) is None
        )  # the TR gives headings, not clause text
        n += 1
    assert n == len(SAME_HEADING) + len(CONTAINED_HEADING) + len(
        pairs(graph, SKOS.relatedMatch, E1, E2)
    )


# ---- provenance ---------------------------------------------------------------------------
def test_each_set_has_its_own_provenance(graph):
    a, b = URIRef(ID + "mapping-set/1ed-to-2ed-draft"), URIRef(ID + "mapping-set/2ed-draft-to-2011")
    assert graph.value(a, PROV.wasDerivedFrom) == URIRef(ID + "tr20000-4-2010")
    assert graph.value(b, PROV.wasDerivedFrom) == URIRef(ID + "reference/20000-1-2ed-draft-to-2011")
    # date of the source data: the TR's publication date (shared/README.md)
    assert graph.value(a, DCTERMS.date) == Literal("2010-11-25", datatype=XSD.date)
    for s in (a, b):
        assert graph.value(s, DCTERMS.description) is not None
        assert (s, RDF.type, URIRef("http://rdfs.org/ns/void#Linkset")) in graph
    # no run-time timestamps anywhere
    assert not [o for o in graph.objects() if isinstance(o, Literal) and o.datatype == XSD.dateTime]


def test_build_without_mappings_has_none():
    g = build_graph(include_mappings=False)
    assert not list(g.subjects(RDF.type, URIRef(SETREL + "Mapping")))


# ---- the set-theory vocabulary ------------------------------------------------------------
@pytest.fixture(scope="module")
def setrel() -> Graph:
    return Graph().parse(ROOT / "ontology" / "set-relations.ttl")


def test_set_relation_characteristics(setrel):
    S = lambda x: URIRef(SETREL + x)  # noqa: E731
    for prop in ("equal", "intersectsWith", "notRelatedTo"):
        assert (S(prop), RDF.type, OWL.SymmetricProperty) in setrel
    assert (S("subsetOf"), OWL.inverseOf, S("supersetOf")) in setrel
    assert {str(i)[len(SETREL) :] for i in setrel.subjects(RDF.type, S("Rationale"))} == {
        "syntactic",
        "semantic",
        "functional",
    }
    terms = {s for s in setrel.subjects(RDF.type, None) if str(s).startswith(SETREL)}
    for t in terms:
        assert setrel.value(t, RDFS.label) is not None, t
        assert setrel.value(t, SKOS.definition) is not None, t


def test_inverse_is_inferred_by_a_reasoner(graph, setrel):
    owlrl = pytest.importorskip("owlrl")
    g = Graph()
    for t in setrel:
        g.add(t)
    sub, sup = URIRef(E2 + "4.4.2.1"), URIRef(E11 + "4.4.2")
    g.add((sub, URIRef(SETREL + "subsetOf"), sup))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    assert (sup, URIRef(SETREL + "supersetOf"), sub) in g
    assert (sub, URIRef(SETREL + "setRelation"), sup) in g


def test_confidence_words_become_numbers_by_one_rule():
    for mset in mapping_sets().values():
        for m in mset.mappings:
            assert (
                m.confidence
                == {"high": Decimal("0.9"), "medium": Decimal("0.6"), "low": Decimal("0.3")}[
                    m.confidence_level
                ]
            )


@pytest.mark.parametrize(
    "column,old,new,expect",
    [
        (
            "relation",
            "same,high",
            "about the same,high",
            "row 2, column 'relation': 'about the same' is not one of",
        ),
        (
            "confidence",
            "same,high",
            "same,certain",
            "row 2, column 'confidence': 'certain' is not one of high, medium, low",
        ),
        (
            "draft_clause",
            "4.1.1,Management commitment,4.1.1",
            "4.1.9,Management commitment,4.1.1",
            "row 2, column 'draft_clause': '4.1.9' is not a 2ED DRAFT clause",
        ),
    ],
)
def test_curated_table_errors_name_row_and_column(tmp_path, column, old, new, expect):
    from iso20000_prm.errors import TableError
    from iso20000_prm.mappings import derive_reference_mappings
    from iso20000_prm.tables.read import load_tables

    lines = reference_table().read_text(encoding="utf-8").split("\n")
    assert old in lines[1]
    lines[1] = lines[1].replace(old, new, 1)
    bad = tmp_path / "ref.csv"
    bad.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(TableError) as info:
        derive_reference_mappings(load_tables(), bad)
    assert expect in str(info.value)
