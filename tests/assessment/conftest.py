"""Expected answers for the example assessment, derived by plain Python from the CSV tables and
the workbook (openpyxl cells), never from the code under test."""

import csv
from decimal import Decimal

import pytest
from _assessment_expected import EXAMPLE, MID, ROOT, classify, coarse
from openpyxl import load_workbook


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
