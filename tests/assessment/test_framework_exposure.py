"""Exposure per ITIL 4 practice and COBIT 2019 objective (issue 21 mapping sets), in every report
format, against plain Python over the CSV tables in reference/ and tables/ and the example's
workbook: an item takes every outcome of every PRM process mapped to it; its class comes from
those outcomes' ratings as for a clause; its confidence is the weakest of its rows."""

import csv
import io
import json
import re
from decimal import Decimal

import pytest
from _assessment_expected import LEVEL_WORD, ROOT, TTL, classify, coarse
from openpyxl import load_workbook

from iso20000_prm.assessment.api import assessment_report

FRAMEWORKS = {"ITIL 4": "prm-to-itil4.csv", "COBIT 2019": "prm-to-cobit2019.csv"}


@pytest.fixture(scope="module")
def expected(workbook_values):
    """(framework, item) -> (class, weakest confidence, {process: row confidence}, outcomes)."""
    per_outcome = {}
    for (process, _), outcomes in workbook_values.items():
        for n, v in outcomes.items():
            per_outcome.setdefault((process, n), []).append(v)
    rated = {k: coarse(sum(v) / len(v)) for k, v in per_outcome.items()}
    outcomes_of = {}
    with open(ROOT / "tables" / "outcomes.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            outcomes_of.setdefault(row["process"], []).append((row["process"], int(row["number"])))
    out = {}
    for fw, name in FRAMEWORKS.items():
        rows = {}
        with open(ROOT / "reference" / name, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                via = rows.setdefault(row["target_id"], {})
                level = LEVEL_WORD[row["confidence"]]
                via[row["prm_clause"]] = min(via.get(row["prm_clause"], level), level)
        for item, via in rows.items():
            outs = {o for p in via for o in outcomes_of.get(p, [])}  # some have none
            out[(fw, item)] = (
                classify([rated.get(o) for o in outs]),
                min(via.values()),
                via,
                len(outs),
            )
    return out


@pytest.fixture(scope="module")
def data(shipped_graph):
    return json.loads(assessment_report(TTL, "json", shipped_graph))


def test_json_by_plain_python(data, expected):
    got = {
        (e["framework"], e["item"]): (
            e["class"],
            Decimal(str(e["confidence"])),
            {v["process"]: Decimal(str(v["confidence"])) for v in e["via"]},
            len(e["outcomes"]),
        )
        for e in data["framework_exposure"]
    }
    assert got == expected
    classes = {c for c, *_ in got.values()}
    assert {"supported", "exposed", "not assessed"} <= classes
    assert [f["framework"] for f in data["frameworks"]] == ["COBIT 2019", "ITIL 4"]
    assert {f["kind"] for f in data["frameworks"]} == {"practice", "objective"}


def test_csv_and_xlsx_rows(shipped_graph, expected):
    text = assessment_report(TTL, "csv", shipped_graph)
    rows = [r for r in csv.DictReader(io.StringIO(text)) if r["section"] == "framework"]
    got = {(r["edition"], r["clause"]): (r["class"], Decimal(r["confidence"])) for r in rows}
    assert got == {k: v[:2] for k, v in expected.items()}
    book = load_workbook(io.BytesIO(assessment_report(TTL, "xlsx", shipped_graph)))
    ws = book["Framework exposure"]
    table = list(ws.iter_rows(values_only=True))
    head = table[0]
    got = {}
    for r in table[1:]:
        r = dict(zip(head, r))
        got[(r["framework"], r["item"])] = (
            r["class"],
            Decimal(str(r["confidence"])),
            r["outcomes"],
        )
        # "5.6 (0.6)": each process with its row's confidence
        via = dict(re.findall(r"(\S+) \(([\d.]+)\)", r["via"]))
        assert {p: Decimal(c) for p, c in via.items()} == expected[(r["framework"], r["item"])][2]
    assert got == {k: (v[0], v[1], v[3]) for k, v in expected.items()}


def test_table_and_html_show_each_assessed_item(shipped_graph, expected):
    table = assessment_report(TTL, "table", shipped_graph)
    page = assessment_report(TTL, "html", shipped_graph)
    assert "Framework exposure" in table and "Exposure by framework" in page
    for (_fw, item), (cls, conf, _via, _n) in expected.items():
        if cls != "not assessed":
            assert re.search(rf"\n    {re.escape(item)} +{cls} +from .* confidence {conf}\n", table)
        assert f"<td>{cls}</td><td>{conf}</td>" in page.split(f"<tr><td>{item} ", 1)[1][:400]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_saved_query_by_plain_python(shipped_graph, expected, engine):
    from iso20000_prm.assessment.api import run_assessment_query

    rows = run_assessment_query("assessment-framework-exposure", TTL, shipped_graph, engine).rows
    got = {
        (r["framework"], r["item"]): (r["class"], Decimal(str(r["confidence"])), r["tracing"])
        for r in rows
    }
    assert got == {k: (v[0], v[1], v[3]) for k, v in expected.items()}
