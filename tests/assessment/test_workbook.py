"""The workbook: template, import, refusals of bad cells (one line naming sheet, row, column;
nothing written), and clause exposure of the traced editions against plain Python over the CSV
tables and the workbook."""

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from iso20000_prm.assessment.api import assessment_template, import_assessment
from iso20000_prm.assessment.prm import prm_view
from iso20000_prm.assessment.report import answers, from_graph
from iso20000_prm.errors import PRMError

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "assessment" / "ratings.xlsx"


@pytest.fixture(scope="module")
def prm(shipped_graph):
    return shipped_graph


def _edit(tmp_path, change):
    wb = load_workbook(EXAMPLE)
    change(wb)
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    return path


BAD = [
    (
        "wrong rating word",
        lambda wb: wb["5.6"].cell(5, 4, "Largely"),
        "sheet '5.6', row 5, column D",
    ),
    ("missing outcome", lambda wb: wb["5.6"].delete_rows(7), "sheet '5.6'"),
    (
        "extra outcome",
        lambda wb: [wb["5.6"].cell(11, c, v) for c, v in ((1, 9), (4, "F"), (8, "F"))],
        "sheet '5.6', row 11, column A",
    ),
    ("wrong process", lambda wb: wb["5.6"].cell(1, 2, "5.99"), "sheet '5.6', row 1, column B"),
    ("merged cells", lambda wb: wb["5.10"].merge_cells("F5:G5"), "sheet '5.10', row 5, column F"),
    ("formula", lambda wb: wb["5.16"].cell(6, 5, "=10+20"), "sheet '5.16', row 6, column E"),
    (
        "percentage outside its band",
        lambda wb: [wb["5.21"].cell(5, 4, "L"), wb["5.21"].cell(5, 5, 40)],
        "sheet '5.21', row 5, column E",
    ),
]


@pytest.mark.parametrize("what,change,where", BAD, ids=[b[0] for b in BAD])
def test_bad_workbook_refused_and_nothing_written(tmp_path, prm, what, change, where):
    path = _edit(tmp_path, change)
    out = tmp_path / "a.ttl"
    with pytest.raises(PRMError) as info:
        import_assessment(path, out, graph=prm)
    assert where in str(info.value), str(info.value)
    assert "\n" not in str(info.value)
    assert not out.exists()


def test_cli_refusal_is_one_line_exit_2(tmp_path):
    path = _edit(tmp_path, lambda wb: wb["5.6"].cell(5, 4, "X"))
    out = tmp_path / "a.ttl"
    tables = ROOT / "tables"
    r = subprocess.run(
        [sys.executable, "-m", "iso20000_prm", "assess", "import", str(path), "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.count("\n") == 1 and "column D" in r.stderr
    assert not out.exists() and tables.is_dir()


def test_template_is_deterministic_and_has_drop_downs(prm):
    one = assessment_template(["5.6", "5.9"], 3, graph=prm)
    assert one == assessment_template(["5.6", "5.9"], 3, graph=prm)
    import io

    wb = load_workbook(io.BytesIO(one))
    assert wb.sheetnames == ["Assessment", "5.6", "5.9", "Attributes"]
    ws = wb["5.9"]
    with open(ROOT / "tables" / "outcomes.csv", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["process"] == "5.9"]
    assert [ws.cell(5 + i, 3).value for i in range(len(rows))] == [r["text"] for r in rows]
    lists = [dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert lists and all("P-" in f and "L+" in f for f in lists)
    assert ws.cell(4, 4 + 4 * 2).value == "rating: instance 3"
    with pytest.raises(PRMError, match="did you mean"):
        assessment_template(["5.99"], 1, graph=prm)


def test_exposure_of_traced_editions_by_plain_python(prm, expected_exposure):
    view = prm_view(prm)
    from rdflib import Graph

    g = Graph().parse(data=import_assessment(EXAMPLE, graph=prm), format="turtle")
    result = answers(from_graph(g, view), view)
    got = {
        (e["edition"], e["clause"]): e["class"]
        for e in result["exposure"]
        if e["edition"] in ("1ED IS", "2ED DRAFT")
    }
    assert got == {k: v[3] for k, v in expected_exposure.items()}
    assert "at risk" in got.values() and "partly assessed" in got.values()


def test_pa11_and_levels_of_the_example_by_hand(prm):
    view = prm_view(prm)
    from rdflib import Graph

    g = Graph().parse(data=import_assessment(EXAMPLE, graph=prm), format="turtle")
    result = answers(from_graph(g, view), view)
    by = {(i["process"], i["instance"]): i for i in result["instances"]}
    # 5.16, first instance: outcomes P30, N10, P(32.5), L55, P45, N(7.5): mean 30 -> P, level 0
    i = by[("5.16", "Parcel tracking service")]
    assert i["pa11_percentage"] == 30.0 and i["level"] == 0 and i["reason"] == "PA 1.1 rated P"
    # 5.10, first instance: F(92.5) F95 L80 L(67.5) F(92.5): mean 85.5 -> F; PA 2.1 L, PA 2.2 L -> 2
    i = by[("5.10", "Parcel tracking service")]
    assert i["pa11_percentage"] == 85.5 and i["level"] == 2


def test_csv_template_round_trip(tmp_path, prm):
    path = tmp_path / "r.csv"
    path.write_bytes(assessment_template(["5.6"], 1, fmt="csv", graph=prm))
    rows = list(csv.reader(path.open(encoding="utf-8")))
    for row in rows[1:]:
        if row[0] == "5.6" and row[2].isdigit():
            row[5] = "L"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    ttl = import_assessment(path, graph=prm).decode()
    assert ttl.count("asmt:OutcomeCharacterisation") == 6
    rows[2][5] = "Q"
    bad = tmp_path / "bad.csv"
    shutil.copy(path, bad)
    with bad.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
