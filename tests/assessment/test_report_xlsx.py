"""`assess report --format xlsx`: every sheet's values against plain Python over the example's
workbook and the CSV tables (conftest), numbers such as 5.10 kept as text (openpyxl and
LibreOffice), the same bytes twice."""

import csv
import io
import shutil
import subprocess
import sys
from decimal import Decimal

import pytest
from _assessment_expected import EXAMPLE, LEVEL_WORD, ROOT, TTL, classify, coarse
from openpyxl import load_workbook

from iso20000_prm.assessment.api import assessment_report


@pytest.fixture(scope="module")
def report(shipped_graph):
    return assessment_report(TTL, "xlsx", shipped_graph)


@pytest.fixture(scope="module")
def book(report):
    return load_workbook(io.BytesIO(report))


def records(ws):
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def given_attributes():
    """(process, instance) -> {attribute: rating} from the example workbook's Attributes sheet."""
    ws = load_workbook(EXAMPLE)["Attributes"]
    head = [c.value for c in ws[1]]
    out = {}
    for row in ws.iter_rows(min_row=2, values_only=True):
        if row[0] is None:
            continue
        out[(str(row[0]), row[1])] = {
            h: v for h, v in zip(head[2:], row[2:]) if v and h.startswith("PA")
        }
    return out


def level_by_hand(ratings):
    """Capability level: level n needs its attributes at least L and lower ones F."""
    order = [("PA 1.1",), ("PA 2.1", "PA 2.2"), ("PA 3.1", "PA 3.2"), ("PA 4.1", "PA 4.2")]
    order.append(("PA 5.1", "PA 5.2"))
    level = 0
    for n, attrs in enumerate(order, start=1):
        if not all(ratings.get(a) in ("L", "F") for a in attrs):
            break
        if any(ratings.get(a) != "F" for lower in order[: n - 1] for a in lower):
            break
        level = n
    return level


def test_sheets_and_same_bytes(report, shipped_graph, book):
    assert report == assessment_report(TTL, "xlsx", shipped_graph)
    assert book.sheetnames == [
        "Assessment",
        "Capability",
        "Profile",
        "Exposure",
        "Framework exposure",
        "Outcome ratings",
    ]
    info = {r["field"]: r["value"] for r in records(book["Assessment"])}
    assert info["organisation"] == "Example Harbour Logistics Ltd (fictitious)"
    assert info["aggregation"] == "mean"


def test_capability_per_instance_by_plain_python(book, workbook_values):
    rows = {(r["process"], r["instance"]): r for r in records(book["Capability"])}
    assert set(rows) == set(workbook_values)
    given = given_attributes()
    for key, outcomes in workbook_values.items():
        mean = sum(outcomes.values()) / len(outcomes)
        row = rows[key]
        assert Decimal(str(row["PA 1.1 %"])) == mean.quantize(Decimal("0.01"))
        assert row["PA 1.1"] == coarse(mean)
        ratings = {"PA 1.1": coarse(mean), **given.get(key, {})}
        for attribute, rating in given.get(key, {}).items():
            assert row[attribute] == rating
        assert row["level"] == level_by_hand(ratings)
        # the reason names the first attribute that stops the next level
        if row["level"] < 5:
            assert row["reason"] and "rated" in row["reason"]
    assert any(r["level"] == 0 for r in rows.values()) and any(
        r["level"] > 0 for r in rows.values()
    )


def test_profile_levels_and_marks(book, workbook_values):
    per_process = {}
    for (process, _), outcomes in workbook_values.items():
        per_process.setdefault(process, []).append(sum(outcomes.values()) / len(outcomes))
    rows = records(book["Profile"])
    assert [r["process"] for r in rows] == ["5.6", "5.10", "5.16", "5.21"]
    for r in rows:
        values = per_process[r["process"]]
        assert r["instances"] == len(values)
        assert r["PA 1.1"] == coarse(sum(values) / len(values))
        marks = [r[f"level {n}"] for n in range(1, 6)]
        assert marks == ["reached"] * r["level"] + [None] * (5 - r["level"])


def test_exposure_of_traced_editions_by_plain_python(book, expected_exposure):
    rows = records(book["Exposure"])
    got = {
        (r["edition"], r["clause"]): (r["outcomes"], r["assessed"], r["N or P"], r["class"])
        for r in rows
        if r["edition"] in ("1ED IS", "2ED DRAFT")
    }
    assert got == expected_exposure
    assert all(r["confidence"] is None for r in rows if r["edition"] in ("1ED IS", "2ED DRAFT"))


def test_exposure_2011_with_confidence_by_plain_python(book, workbook_values):
    """2011 clauses through the curated draft -> 2011 table: the outcomes of the draft clauses
    mapped to each, the weakest confidence of the rows used."""
    per_outcome = {}
    for (process, _), outcomes in workbook_values.items():
        for n, v in outcomes.items():
            per_outcome.setdefault((process, n), []).append(v)
    rated = {k: coarse(sum(v) / len(v)) for k, v in per_outcome.items()}
    draft = {}
    with open(ROOT / "tables" / "traceability.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["edition"] == "2ED DRAFT":
                draft.setdefault(row["clause"], set()).update(
                    (row["process"], int(n)) for n in row["outcomes"].split(",") if n.strip()
                )
    tracing, confidence = {}, {}
    with open(ROOT / "reference" / "20000-1-2ed-draft-to-2011.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            target = row["published_2011_clause"].strip()
            if not target or row["draft_clause"] not in draft:
                continue
            tracing.setdefault(target, set()).update(draft[row["draft_clause"]])
            level = LEVEL_WORD[row["confidence"]]
            confidence[target] = min(confidence.get(target, level), level)
    expected = {
        c: (classify([rated.get(o) for o in outs]), confidence[c], len(outs))
        for c, outs in tracing.items()
    }
    got = {
        r["clause"]: (r["class"], Decimal(str(r["confidence"])), r["outcomes"])
        for r in records(book["Exposure"])
        if r["edition"] == "ISO/IEC 20000-1:2011"
    }
    assert got == expected
    assert {c for c, *_ in got.values()} >= {"at risk", "not assessed"}


def test_outcome_ratings_by_plain_python(book, workbook_values):
    ws = load_workbook(EXAMPLE)
    words = {}
    for sheet in ws.worksheets[1:-1]:
        for c in range(4, sheet.max_column + 1, 4):
            name = sheet.cell(4, c).value.removeprefix("rating: ")
            for r in range(5, sheet.max_row + 1):
                words[(sheet.title, name, sheet.cell(r, 1).value)] = sheet.cell(r, c).value
    rows = records(book["Outcome ratings"])
    assert len(rows) == len(words) == 44
    per_outcome = {}
    for (process, _), outcomes in workbook_values.items():
        for n, v in outcomes.items():
            per_outcome.setdefault((process, n), []).append(v)
    for r in rows:
        process, n = r["process"], int(r["outcome"].rsplit(".", 1)[1])
        assert r["outcome"] == f"{process}.{n}"
        assert r["rating"] == words[(process, r["instance"], n)]
        values = per_outcome[(process, n)]
        assert r["process rating"] == coarse(sum(values) / len(values))


def test_numbers_such_as_5_10_are_text(report, book):
    for name, column in (
        ("Capability", "process"),
        ("Exposure", "clause"),
        ("Outcome ratings", "outcome"),
    ):
        ws = book[name]
        head = [c.value for c in ws[1]]
        col = head.index(column) + 1
        cells = [ws.cell(r, col) for r in range(2, ws.max_row + 1)]
        assert all(c.data_type == "s" and c.number_format == "@" for c in cells)
    values = [c.value for c in book["Capability"]["A"]]
    assert "5.10" in values


def test_libreoffice_reads_5_10_as_text(report, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip(
            "LibreOffice (Debian libreoffice-calc-nogui) is not installed; make test installs it"
        )
    path = tmp_path / "report.xlsx"
    path.write_bytes(report)
    # filter options: comma, quote, UTF-8, from line 1, ..., sheet -1 = every sheet to its file
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    book = load_workbook(path)
    seen = {}
    for sheet, column in (("Capability", 0), ("Exposure", 1), ("Outcome ratings", 1)):
        text = (tmp_path / f"report-{sheet}.csv").read_text(encoding="utf-8")
        seen[sheet] = [r[column] for r in csv.reader(io.StringIO(text))]
        # as written, never 5.1 for 5.10 (a number would lose the zero)
        assert seen[sheet] == [r[column].value for r in book[sheet].iter_rows()]
    assert "5.10" in seen["Capability"] and "5.10.1" in seen["Outcome ratings"]


def test_cli_writes_the_workbook(tmp_path):
    out = tmp_path / "r.xlsx"
    r = subprocess.run(
        [sys.executable, "-m", "iso20000_prm", "assess", "report", str(TTL), "-f", "xlsx"]
        + ["-o", str(out)],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    assert load_workbook(out).sheetnames[1] == "Capability"
