"""Expected answers for the example assessment, derived by plain Python from the CSV tables and
the workbook (openpyxl cells), never from the code under test."""

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "assessment" / "ratings.xlsx"
# midpoints of the bands, by hand: N 0-15, P >15-50, L >50-85, F >85-100
MID = {"N": Decimal("7.5"), "P": Decimal("32.5"), "L": Decimal("67.5"), "F": Decimal("92.5")}


def coarse(value):
    return "N" if value <= 15 else "P" if value <= 50 else "L" if value <= 85 else "F"


def classify(ratings):
    assessed = [r for r in ratings if r]
    weak = [r for r in assessed if r in "NP"]
    if not assessed:
        return "not assessed"
    if len(weak) == len(ratings):
        return "exposed"
    if weak:
        return "at risk"
    return "supported" if len(assessed) == len(ratings) else "partly assessed"


@pytest.fixture(scope="session")
def workbook_values():
    """(process, instance) -> {outcome: value} from the workbook, a rating without percentage
    counting as its band's midpoint (the example uses the mean rule)."""
    wb = load_workbook(EXAMPLE)
    out = {}
    for ws in wb.worksheets[1:-1]:
        for c in range(4, ws.max_column + 1, 4):
            name = ws.cell(4, c).value.removeprefix("rating: ")
            for r in range(5, ws.max_row + 1):
                rating, pct = ws.cell(r, c).value, ws.cell(r, c + 1).value
                v = Decimal(str(pct)) if pct is not None else MID[rating[0]]
                out.setdefault((ws.title, name), {})[ws.cell(r, 1).value] = v
    return out


@pytest.fixture(scope="session")
def expected_exposure(workbook_values):
    """(edition code, clause) -> (tracing, assessed, weak, class) for the editions the TR traces."""
    per_outcome = {}
    for (process, _), outcomes in workbook_values.items():
        for n, v in outcomes.items():
            per_outcome.setdefault((process, n), []).append(v)
    rated = {k: coarse(sum(v) / len(v)) for k, v in per_outcome.items()}
    tracing = {}
    with open(ROOT / "tables" / "traceability.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            nums = [int(n) for n in row["outcomes"].split(",") if n.strip()]
            tracing.setdefault((row["edition"], row["clause"]), set()).update(
                (row["process"], n) for n in nums
            )
    out = {}
    for key, outs in tracing.items():
        rs = [rated.get(o) for o in outs]
        assessed = [r for r in rs if r]
        out[key] = (len(rs), len(assessed), sum(1 for r in assessed if r in "NP"), classify(rs))
    return out
