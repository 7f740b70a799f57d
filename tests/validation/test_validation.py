"""SHACL validation: the findings on the real TR, each shape's own fixtures, mutations of a
small synthetic PRM, and the shapes graph itself against SHACL-for-SHACL.

Expected values are written by hand: the shipped findings from reading the requirements-
traceability rows of the source text (see the comment on EXPECTED_SHIPPED), the fixtures and the
synthetic PRM in tests/fixtures/.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from _paths import FIXTURES
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from iso20000_prm.validation import (
    Finding,
    ValidationReport,
    entail,
    shapes_file,
    validate,
)
from iso20000_prm.vocab import clause_key

SHAPE_FIXTURES = FIXTURES / "shapes"
SYNTHETIC = FIXTURES / "synthetic-prm.ttl"
PRM = Namespace("https://w3id.org/iso20000-prm/vocab#")
EX = Namespace("https://example.org/prm/")
PRMSH = "https://w3id.org/iso20000-prm/shapes#"
POSITIVE_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#positiveInteger")

# Read off the source text (shared/source/ISO-IEC-TR-20000-4-2010.txt), clause by clause: the
# outcomes printed without square brackets whose number appears in no "[n]" of the process's
# requirements-traceability row (5.15's row continues after the repeated header at the page
# break and references 2, 6, 8 and 14 there), and the fully bracketed outcome that an entry
# references nonetheless (5.24: "20000-1 2ED DRAFT 5.1 General [3]").
EXPECTED_SHIPPED = [
    ("Violation", "5.12", 8, "outcome-untraced"),
    ("Violation", "5.13", 3, "outcome-untraced"),
    ("Violation", "5.13", 4, "outcome-untraced"),
    ("Violation", "5.14", 2, "outcome-untraced"),
    ("Violation", "5.15", 3, "outcome-untraced"),
    ("Violation", "5.15", 9, "outcome-untraced"),
    ("Violation", "5.15", 12, "outcome-untraced"),
    ("Violation", "5.18", 3, "outcome-untraced"),
    ("Violation", "5.20", 2, "outcome-untraced"),
    ("Violation", "5.22", 4, "outcome-untraced"),
    ("Violation", "5.22", 6, "outcome-untraced"),
    ("Warning", "5.24", 3, "bracketed-outcome-traced"),
]
PROCESS_NAMES = {
    "5.12": "Information security management",
    "5.13": "Management review",
    "5.14": "Measurement",
    "5.15": "Organizational management",
    "5.18": "Risk management",
    "5.20": "Service design",
    "5.22": "Service planning and monitoring",
    "5.24": "Service requirements",
}


@pytest.fixture(scope="module")
def shipped_report() -> ValidationReport:
    from iso20000_prm import build_graph

    return validate(build_graph())


def rules_of(report: ValidationReport) -> list[str]:
    return [f.rule for f in report.findings]


def synthetic() -> Graph:
    return Graph().parse(SYNTHETIC, format="turtle")


# ---------------------------------------------------------------- the real TR


def test_shipped_findings_are_the_ones_read_from_the_source(shipped_report):
    got = [
        (f.severity, f.process_clause, f.outcome_number, f.rule) for f in shipped_report.findings
    ]
    assert got == EXPECTED_SHIPPED  # same set, and in the documented order
    assert not shipped_report.conforms
    assert shipped_report.counts == {"Violation": 11, "Warning": 1, "Info": 0}
    assert [f.outcome_number for f in shipped_report.violations] == [
        8,
        3,
        4,
        2,
        3,
        9,
        12,
        3,
        2,
        4,
        6,
    ]
    assert [f.process_clause for f in shipped_report.warnings] == ["5.24"]


def test_shipped_findings_name_process_and_outcome(shipped_report):
    for f in shipped_report.findings:
        assert f.process_name == PROCESS_NAMES[f.process_clause]
        assert f"{f.process_clause} {f.process_name}, outcome {f.outcome_number} " in f.message
        assert f.focus.endswith(f"/outcome/{f.outcome_number}")
        assert f.process and f.focus.startswith(f.process + "/outcome/")


def test_bracketed_traced_outcome_names_the_entry_clause(shipped_report):
    (warning,) = shipped_report.warnings
    assert "Traced to: ISO/IEC 20000-1 2ED DRAFT 5.1 General." in warning.message


def test_processes_the_source_lacks_are_accepted(shipped_report):
    assert not [f for f in shipped_report.findings if f.process_clause in ("5.26", "5.27")]


def test_json_report(shipped_report):
    data = json.loads(shipped_report.to_json())
    assert data["conforms"] is False
    assert data["counts"]["Violation"] == 11
    assert (
        data["findings"][0]["process_clause"] == "5.12"
        and data["findings"][0]["outcome_number"] == 8
    )
    assert set(data["findings"][0]) == {
        "severity",
        "focus",
        "process",
        "process_clause",
        "process_name",
        "outcome_number",
        "rule",
        "message",
        "path",
        "value",
    }


def test_turtle_report_is_a_shacl_report_and_deterministic(shipped_report):
    first = shipped_report.to_turtle()
    assert first == shipped_report.to_turtle()
    g = Graph().parse(data=first, format="turtle")
    SH = Namespace("http://www.w3.org/ns/shacl#")
    reports = list(g.subjects(RDF.type, SH.ValidationReport))
    assert len(reports) == 1
    assert len(list(g.objects(reports[0], SH.result))) == 12
    assert len(set(g.subjects(SH.sourceShape, URIRef(PRMSH + "outcome-untraced")))) == 11


def test_text_report_groups_by_process(shipped_report):
    text = shipped_report.to_text()
    headers = [line for line in text.splitlines() if line and not line.startswith(" ")]
    assert headers[:8] == [f"{c} {n}" for c, n in PROCESS_NAMES.items()]
    assert text.rstrip().endswith("does not conform: 11 violations, 1 warning, 0 infos")


def test_validation_does_not_change_the_graph():
    g = synthetic()
    before = set(g)
    validate(g)
    assert set(g) == before


# ---------------------------------------------------------------- one fixture pair per shape


def shape_ids() -> list[str]:
    from rdflib.namespace import SH

    shapes = Graph().parse(shapes_file(), format="turtle")
    ids = {
        str(s)[len(PRMSH) :]
        for kind in (SH.NodeShape, SH.PropertyShape)
        for s in shapes.subjects(RDF.type, kind)
        if str(s).startswith(PRMSH)
    }
    return sorted(ids)


def test_every_shape_has_its_two_fixtures_and_no_fixture_is_stale():
    ids = shape_ids()
    assert len(ids) >= 20
    files = {p.name for p in SHAPE_FIXTURES.glob("*.ttl")}
    expected = {f"{i}.{kind}.ttl" for i in ids for kind in ("ok", "bad")}
    assert files == expected


@pytest.mark.parametrize("rule", shape_ids())
def test_shape_fixture_pair(rule):
    bad = validate(SHAPE_FIXTURES / f"{rule}.bad.ttl")
    hits = [f for f in bad.findings if f.rule == rule]
    assert len(hits) == 1, f"{rule}: expected one finding on the violating fixture, got {hits}"
    assert hits[0].message
    # edition-level rules have the edition as focus, graph-has-model the class; every other
    # rule the node at fault
    if rule.startswith("clause-number-"):
        expected_focus = "https://w3id.org/iso20000-prm/id/iso20000-1-"
    elif rule == "graph-has-model":
        expected_focus = "https://w3id.org/iso20000-prm/vocab#ProcessReferenceModel"
    else:
        expected_focus = "https://example.org/prm/"
    assert hits[0].focus.startswith(expected_focus)
    ok = validate(SHAPE_FIXTURES / f"{rule}.ok.ttl")
    assert [f for f in ok.findings if f.rule == rule] == []


def test_shapes_graph_conforms_to_shacl_for_shacl():
    import pyshacl

    shacl_shacl = Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl"
    conforms, _graph, text = pyshacl.validate(
        Graph().parse(shapes_file(), format="turtle"),
        shacl_graph=Graph().parse(shacl_shacl, format="turtle"),
        inference="none",
    )
    assert conforms, text


def test_meta_shacl_catches_a_broken_shape():
    """The SHACL-for-SHACL check is not vacuous: a shape with sh:minCount "one" fails it."""
    import pyshacl

    shacl_shacl = Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl"
    broken = Graph().parse(shapes_file(), format="turtle")
    SH = Namespace("http://www.w3.org/ns/shacl#")
    broken.set((URIRef(PRMSH + "clause-heading"), SH.minCount, Literal("one")))
    conforms, _graph, _text = pyshacl.validate(
        broken, shacl_graph=Graph().parse(shacl_shacl, format="turtle"), inference="none"
    )
    assert not conforms


# ---------------------------------------------------------------- synthetic PRM and mutations


def test_synthetic_prm_conforms():
    report = validate(synthetic())
    assert report.findings == []
    assert report.conforms


def test_remove_one_trace_gives_exactly_one_violation_naming_it():
    g = synthetic()
    g.remove((EX["budgeting-2"], PRM.tracesTo, None))
    g.remove((EX["budgeting-e1"], PRM.supportsOutcome, EX["budgeting-2"]))
    report = validate(g)
    assert [
        (f.severity, f.rule, f.process_clause, f.outcome_number, f.focus) for f in report.findings
    ] == [("Violation", "outcome-untraced", "5.3", 2, str(EX["budgeting-2"]))]
    assert "5.3 Budgeting and accounting for IT services, outcome 2" in report.findings[0].message


def test_trace_stated_only_through_an_entry_counts():
    """The property chain: an entry supporting the outcome and citing a clause is a trace."""
    g = synthetic()
    g.remove((EX["budgeting-2"], PRM.tracesTo, None))
    assert validate(g).findings == []
    assert rules_of(validate(g, entailment=False)) == ["outcome-untraced"]


def test_outcomes_stated_only_through_the_inverse_count():
    g = synthetic()
    for process, outcome in list(g.subject_objects(PRM.hasOutcome)):
        g.remove((process, PRM.hasOutcome, outcome))
        g.add((outcome, PRM.isOutcomeOf, process))
    for outcome, clause in list(g.subject_objects(PRM.tracesTo)):
        g.remove((outcome, PRM.tracesTo, clause))
        g.add((clause, PRM.isTracedFrom, outcome))
    assert validate(g).findings == []
    without = validate(g, entailment=False)
    assert "outcome-process" in rules_of(without) and "process-outcomes" in rules_of(without)


def test_entail_adds_inverse_chain_and_class_hierarchy():
    g = Graph()
    g.add((EX.o, PRM.isOutcomeOf, EX.p))
    g.add((EX.e, PRM.supportsOutcome, EX.o))
    g.add((EX.e, PRM.citesClause, EX.c))
    work = entail(g)
    assert (EX.p, PRM.hasOutcome, EX.o) in work
    assert (EX.o, PRM.tracesTo, EX.c) in work
    assert (EX.c, PRM.isTracedFrom, EX.o) in work
    assert (
        PRM.Edition,
        URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf"),
        PRM.Document,
    ) in work
    assert len(g) == 3


def test_trace_added_to_a_bracketed_outcome_gives_a_warning():
    g = synthetic()
    g.add((EX["audit-3"], PRM.tracesTo, EX["clause-1-4.3"]))
    report = validate(g)
    assert [(f.severity, f.rule, f.process_clause, f.outcome_number) for f in report.findings] == [
        ("Warning", "bracketed-outcome-traced", "5.2", 3)
    ]
    assert report.conforms
    assert not report.fails("violation") and report.fails("warning") and not report.fails("none")


def test_duplicate_outcome_number():
    g = synthetic()
    g.add((EX.budgeting, PRM.hasOutcome, EX["budgeting-x"]))
    g.add((EX["budgeting-x"], RDF.type, PRM.Outcome))
    g.add((EX["budgeting-x"], PRM.outcomeNumber, Literal("2", datatype=POSITIVE_INTEGER)))
    g.add((EX["budgeting-x"], PRM.bracketStatus, PRM.FullyBracketed))
    report = validate(g)
    assert rules_of(report) == ["outcome-number-duplicate"]
    assert report.findings[0].process_clause == "5.3" and "Shared: 2." in report.findings[0].message


def test_gap_in_outcome_numbers():
    g = synthetic()
    g.set((EX["audit-3"], PRM.outcomeNumber, Literal("5", datatype=POSITIVE_INTEGER)))
    report = validate(g)
    assert rules_of(report) == ["process-outcome-numbering"]
    assert (
        report.findings[0].process_clause == "5.2"
        and "Missing: 3, 4." in report.findings[0].message
    )


def test_dropped_heading():
    g = synthetic()
    g.remove((EX["clause-1-6.4"], PRM.heading, None))
    report = validate(g)
    assert [(f.rule, f.focus) for f in report.findings] == [
        ("clause-heading", str(EX["clause-1-6.4"]))
    ]


def test_clause_with_two_headings():
    g = synthetic()
    g.add((EX["clause-1-6.4"], PRM.heading, Literal("Capacity management", lang="en")))
    report = validate(g)
    assert [(f.rule, f.focus, f.path) for f in report.findings] == [
        ("clause-heading", str(EX["clause-1-6.4"]), "prm:heading")
    ]


def test_two_clause_resources_with_one_number_and_different_headings():
    g = synthetic()
    twin = EX["clause-1-6.4-twin"]
    for p, o in list(g.predicate_objects(EX["clause-1-6.4"])):
        g.add((twin, p, o))
    g.remove((twin, PRM.heading, None))
    g.add((twin, PRM.heading, Literal("Capacity management", lang="en")))
    report = validate(g)
    assert [(f.rule, f.value) for f in report.findings] == [("clause-heading-unique", "6.4")]


def test_trace_to_a_process_or_a_missing_clause():
    g = synthetic()
    g.add((EX["budgeting-1"], PRM.tracesTo, EX.audit))
    g.add((EX["audit-2"], PRM.tracesTo, EX["clause-nowhere"]))
    report = validate(g)
    assert [(f.rule, f.process_clause, f.outcome_number, f.value) for f in report.findings] == [
        ("trace-target-not-clause", "5.2", 2, str(EX["clause-nowhere"])),
        ("trace-target-not-clause", "5.3", 1, str(EX.audit)),
    ]
    assert "is not in the graph" in report.findings[0].message
    assert "is a process" in report.findings[1].message


def test_unavailable_process_with_an_outcome():
    g = synthetic()
    g.add((EX.supplier, PRM.hasOutcome, EX["supplier-1"]))
    g.add((EX["supplier-1"], RDF.type, PRM.Outcome))
    g.add((EX["supplier-1"], PRM.outcomeNumber, Literal("1", datatype=POSITIVE_INTEGER)))
    g.add((EX["supplier-1"], PRM.bracketStatus, PRM.FullyBracketed))
    report = validate(g)
    assert [(f.rule, f.process_clause) for f in report.findings] == [
        ("unavailable-process-content", "5.27")
    ]


def test_data_graph_without_vocabulary_still_knows_editions_are_documents():
    """Editions are typed prm:Edition only: sh:class prm:Document must still see them via
    the vocabulary's rdfs:subClassOf, which the validator adds."""
    g = synthetic()
    g.remove((None, RDF.type, PRM.Document))
    g.add(
        (
            EX["budgeting-1"],
            PRM.tracesTo,
            URIRef("https://w3id.org/iso20000-prm/id/iso20000-1-2005"),
        )
    )
    report = validate(g)
    assert [f.rule for f in report.findings] == ["trace-target-not-clause"]
    assert "prm:Edition" in report.findings[0].message


# ---------------------------------------------------------------- API details


def test_sort_order_is_numeric_by_clause():
    assert sorted(["5.12", "5.2", "5.9", "5.10"], key=clause_key) == ["5.2", "5.9", "5.10", "5.12"]
    a = Finding("Violation", "x", "p", "5.12", "n", 1, "r", "m", None)
    b = Finding("Violation", "y", "p", "5.2", "n", 7, "r", "m", None)
    c = Finding("Warning", "z", None, None, None, None, "a", "m", None)
    assert [f.focus for f in ValidationReport([c, a, b], report_graph=Graph()).findings] == [
        "y",
        "x",
        "z",
    ]


def test_finding_is_frozen():
    f = Finding("Violation", "x", None, None, None, None, "r", "m", None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.rule = "other"  # type: ignore[misc]


def test_path_input_and_bad_input(tmp_path):
    from iso20000_prm.errors import GraphInputError, PRMError

    assert validate(SYNTHETIC).conforms
    with pytest.raises(GraphInputError):
        validate(tmp_path / "missing.ttl")
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(GraphInputError, match="broken.ttl"):
        validate(broken)
    with pytest.raises(PRMError):
        validate(42)
    with pytest.raises(PRMError):
        ValidationReport([], report_graph=Graph()).fails("sometimes")


def test_copying_only_the_predicates_the_shipped_shapes_read_changes_nothing(shipped_report):
    """The shipped shapes validate a projection of the graph; passing the same shapes as a
    Graph copies everything. Both must find the same."""
    from iso20000_prm import build_graph
    from iso20000_prm.validation import load_shapes

    assert validate(build_graph(), shapes=load_shapes()).findings == shipped_report.findings
    g = synthetic()
    g.remove((EX["budgeting-2"], PRM.tracesTo, None))
    g.remove((EX["budgeting-e1"], PRM.supportsOutcome, EX["budgeting-2"]))
    g.add((EX["audit-2"], PRM.tracesTo, EX.audit))
    assert validate(g).findings == validate(g, shapes=load_shapes()).findings
    assert len(validate(g).findings) == 2


def test_a_graph_without_prm_data_does_not_conform():
    g = Graph()
    g.add((EX.thing, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("unrelated")))
    report = validate(g)
    assert rules_of(report) == ["graph-has-model"] and not report.conforms
