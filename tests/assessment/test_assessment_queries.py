"""The saved assessment queries (queries/assessment/) over the example assessment loaded beside
the PRM graph: their answers against plain Python over the tables and the workbook, on both
engines."""

from pathlib import Path

import pytest

from iso20000_prm.assessment.api import run_assessment_query
from iso20000_prm.errors import PRMError

ROOT = Path(__file__).resolve().parents[2]
TTL = ROOT / "examples" / "assessment" / "assessment.ttl"


@pytest.fixture(scope="module", params=["oxigraph", "rdflib"])
def engine(request):
    return request.param


def test_clause_exposure_query_for_traced_editions(shipped_graph, expected_exposure, engine):
    rows = run_assessment_query("assessment-clause-exposure", TTL, shipped_graph, engine).rows
    got = {
        (r["edition"], r["clause"]): (r["tracing"], r["assessed"], r["weak"], r["class"])
        for r in rows
        if r["edition"] in ("1ED IS", "2ED DRAFT")
    }
    assert got == expected_exposure


def test_clause_exposure_query_agrees_with_the_report_on_every_edition(shipped_graph, engine):
    from rdflib import Graph

    from iso20000_prm.assessment.prm import prm_view
    from iso20000_prm.assessment.report import answers, from_graph

    view = prm_view(shipped_graph)
    report = answers(from_graph(Graph().parse(TTL), view), view)
    # the query follows at most two mapping hops; compare the editions that need no more
    editions = {e.code for e in view.editions if e.depth <= 2}
    expected = {
        (e["edition"], e["clause"]): (e["class"], e["confidence"])
        for e in report["exposure"]
        if e["edition"] in editions
    }
    rows = run_assessment_query("assessment-clause-exposure", TTL, shipped_graph, engine).rows
    got = {(r["edition"], r["clause"]): (r["class"], r["confidence"]) for r in rows}
    assert got == expected
    assert any(not e.traced for e in view.editions)  # 2011 at least, through a mapping set


def test_instance_capability_query(shipped_graph, workbook_values, engine):
    rows = run_assessment_query("assessment-instance-capability", TTL, shipped_graph, engine).rows
    got = {(r["process"], r["instance"]): (round(r["pa11"], 4), r["rating"]) for r in rows}
    expected = {}
    for key, outcomes in workbook_values.items():
        mean = sum(outcomes.values()) / len(outcomes)
        rating = "N" if mean <= 15 else "P" if mean <= 50 else "L" if mean <= 85 else "F"
        expected[key] = (round(float(mean), 4), rating)
    assert got == expected
    assert got[("5.16", "Parcel tracking service")] == (30.0, "P")


def test_unknown_assessment_query_has_a_did_you_mean(shipped_graph):
    with pytest.raises(PRMError, match="did you mean"):
        run_assessment_query("assessment-clause-exposur", TTL, shipped_graph)
