"""ITIL 4 practices and COBIT 2019 objectives: the shipped tables, the concept schemes and the two
crosswalk mapping sets in the built graph.

Expected values come from the CSV files read with the csv module, and from the relation and
count tables of prm-to-frameworks.md (sections 5 and 7) read by hand, never from the program.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import shutil
from decimal import Decimal

import pytest
from _paths import ROOT
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from iso20000_prm.errors import TableError

REF = ROOT / "reference"
SHARED = ROOT.parent / "shared" / "reference"
FILES = (
    "prm-to-itil4.csv",
    "prm-to-cobit2019.csv",
    "itil4-practices.csv",
    "cobit2019-objectives.csv",
    "prm-to-frameworks.md",
)
ID = "https://w3id.org/iso20000-prm/id/"
SETREL = "https://w3id.org/iso20000-prm/set-relations#"
# prm-to-frameworks.md section 5 (relation -> SKOS), read by hand
SKOS_OF = {
    "exact": SKOS.exactMatch,
    "close": SKOS.closeMatch,
    "broad": SKOS.broadMatch,
    "narrow": SKOS.narrowMatch,
    "related": SKOS.relatedMatch,
}
FW = {
    "itil": ("prm-to-itil4.csv", "itil4-practices.csv", "itil4/practice/", "prm-to-itil4"),
    "cobit": (
        "prm-to-cobit2019.csv",
        "cobit2019-objectives.csv",
        "cobit2019/objective/",
        "prm-to-cobit2019",
    ),
}


def rows(name):
    with open(REF / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def process_ids():
    with open(ROOT / "tables" / "processes.csv", encoding="utf-8", newline="") as f:
        return {r["clause"]: r["id"] for r in csv.DictReader(f)}


# ---- shipped verbatim ------------------------------------------------------------------------
@pytest.mark.parametrize("name", FILES)
def test_shipped_verbatim(name):
    if not (SHARED / name).is_file():
        if os.environ.get("CI"):
            pytest.fail(f"shared reference file not found at {SHARED / name}")
        pytest.skip("shared/reference not present")
    assert (REF / name).read_bytes() == (SHARED / name).read_bytes()


@pytest.mark.parametrize("name", FILES)
def test_readme_records_the_checksum(name):
    digest = hashlib.sha256((REF / name).read_bytes()).hexdigest()
    assert f"`{digest}`" in (REF / "README.md").read_text(encoding="utf-8")


def test_counts_as_the_provenance_states():
    # prm-to-frameworks.md section 1 and 7: 36 + 36 rows, 34 practices, 40 objectives;
    # ITIL 18 medium 18 low; COBIT 12 high 4 medium 20 low
    assert len(rows("itil4-practices.csv")) == 34 and len(rows("cobit2019-objectives.csv")) == 40
    for name, expected in (
        ("prm-to-itil4.csv", {"medium": 18, "low": 18}),
        ("prm-to-cobit2019.csv", {"high": 12, "medium": 4, "low": 20}),
    ):
        got: dict[str, int] = {}
        for r in rows(name):
            got[r["confidence"]] = got.get(r["confidence"], 0) + 1
        assert got == expected, name


# ---- the graph -------------------------------------------------------------------------------
@pytest.mark.parametrize("fw", sorted(FW))
def test_every_row_is_a_record_with_its_confidence(shipped_graph, fw):
    g = shipped_graph
    crosswalk, _, item_base, set_name = FW[fw]
    ids = process_ids()
    mset = URIRef(ID + "mapping-set/" + set_name)
    assert (mset, DCTERMS.identifier, Literal(set_name)) in g
    records = set(g.subjects(URIRef(SETREL + "inMappingSet"), mset))
    table = rows(crosswalk)
    assert len(records) == len(table)
    for r in table:
        process = URIRef(ID + "process/" + ids[r["prm_clause"]])
        item = URIRef(ID + item_base + r["target_id"])
        # the direct SKOS triple, read from the PRM process to the target
        assert (process, SKOS_OF[r["relation"]], item) in g, r
        found = [
            rec
            for rec in records
            if (rec, URIRef(SETREL + "mappingSubject"), process) in g
            and (rec, URIRef(SETREL + "mappingObject"), item) in g
        ]
        assert len(found) == 1, r
        rec = found[0]
        assert (rec, URIRef(SETREL + "confidenceLevel"), Literal(r["confidence"])) in g
        conf = {"high": "0.9", "medium": "0.6", "low": "0.3"}[r["confidence"]]
        assert g.value(rec, URIRef(SETREL + "confidence")).toPython() == Decimal(conf)
        assert (rec, URIRef(SETREL + "sourceRelation"), Literal(r["relation"])) in g
        assert (rec, URIRef(SETREL + "evidence"), Literal(r["evidence"])) in g
        assert (rec, URIRef(SETREL + "mappingPredicate"), SKOS_OF[r["relation"]]) in g


def test_set_relationships_follow_the_scope_words(shipped_graph):
    # section 5: broad = the target contains the process -> subset; narrow -> superset
    g = shipped_graph
    for r in rows("prm-to-cobit2019.csv") + rows("prm-to-itil4.csv"):
        base = (
            "cobit2019/objective/"
            if re.fullmatch(r"[A-Z]{3}\d\d", r["target_id"])
            else "itil4/practice/"
        )
        process = URIRef(ID + "process/" + process_ids()[r["prm_clause"]])
        item = URIRef(ID + base + r["target_id"])
        expected = {
            "exact": "equal",
            "broad": "subsetOf",
            "narrow": "supersetOf",
            "close": "intersectsWith",
            "related": "intersectsWith",
        }[r["relation"]]
        assert (process, URIRef(SETREL + expected), item) in g, r


@pytest.mark.parametrize("fw", sorted(FW))
def test_concept_schemes(shipped_graph, fw):
    g = shipped_graph
    _, vocabulary, item_base, _ = FW[fw]
    scheme = URIRef(ID + item_base.split("/")[0])
    assert (scheme, RDF.type, SKOS.ConceptScheme) in g
    table = rows(vocabulary)
    members = set(g.subjects(SKOS.inScheme, scheme))
    assert len(members) == len(table)
    for r in table:
        item = URIRef(ID + item_base + r["target_id"])
        assert item in members
        assert (item, RDF.type, SKOS.Concept) in g
        assert (item, SKOS.notation, Literal(r["target_id"])) in g
        assert (item, SKOS.prefLabel, Literal(r["target_name"], lang="en")) in g
        groups = {
            str(x)
            for grp in g.objects(item, DCTERMS.isPartOf)
            for x in g.objects(grp, SKOS.prefLabel)
        }
        expected = {r["category"]} if fw == "itil" else {r["domain"], r["objective_type"]}
        assert groups == expected, r
        assert any(r["name_sources"] in str(s) for s in g.objects(item, DCTERMS.source))


def test_open_profile_drops_evidence_that_quotes_the_tr(shipped_graph):
    from iso20000_prm.release.profiles import apply_profile, prose_leaks

    # prm-to-itil4.csv 5.6 -> change-enablement quotes outcome 5 of 5.6 in its evidence
    open_graph = apply_profile(shipped_graph, "open")
    assert prose_leaks(open_graph) == []
    rec = URIRef(ID + "mapping-set/prm-to-itil4/mapping/5.6--change-enablement")
    assert (rec, URIRef(SETREL + "confidenceLevel"), Literal("medium")) in open_graph
    assert not list(open_graph.objects(rec, URIRef(SETREL + "evidence")))
    # evidence that quotes nothing stays
    rec = URIRef(ID + "mapping-set/prm-to-cobit2019/mapping/5.6--BAI06")
    assert list(open_graph.objects(rec, URIRef(SETREL + "evidence")))


# ---- bad rows: one error naming file, row and column -----------------------------------------
@pytest.mark.parametrize(
    "name, row, column, old, new",
    [
        ("prm-to-itil4.csv", 2, "relation", ",broad,low,", ",wider,low,"),
        (
            "prm-to-itil4.csv",
            2,
            "prm_process",
            "Budgeting and accounting for IT services",
            "Budgeting",
        ),
        ("prm-to-cobit2019.csv", 2, "confidence", ",broad,low,", ",broad,certain,"),
        ("prm-to-cobit2019.csv", 2, "target_id", ",MEA04,", ",MEA09,"),
        ("itil4-practices.csv", 2, "target_id", "architecture-management,", "architecture,"),
        ("cobit2019-objectives.csv", 2, "target_id", "EDM01,", "EDM1,"),
    ],
)
def test_bad_row_names_file_row_column(tmp_path, shipped_tables, name, row, column, old, new):
    from iso20000_prm.mappings import frameworks as fwm

    for f in FILES:
        shutil.copy(REF / f, tmp_path / f)
    lines = (tmp_path / name).read_text(encoding="utf-8").split("\n")
    assert old in lines[row - 1]
    lines[row - 1] = lines[row - 1].replace(old, new, 1)
    (tmp_path / name).write_text("\n".join(lines), encoding="utf-8")
    fw = fwm.ITIL4 if "itil" in name else fwm.COBIT2019
    with pytest.raises(TableError) as info:
        items = fwm.read_items(fw, tmp_path / fw.vocabulary)
        fwm.derive_framework_mappings(shipped_tables, fw, tmp_path / fw.crosswalk, items)
    message = str(info.value)
    assert "\n" not in message
    assert name in message and f"row {row}" in message and f"column '{column}'" in message
