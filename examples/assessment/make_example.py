"""Fill the assessment template for a fictitious organisation (Example Harbour Logistics Ltd, an
invented company) and write its workbook, Turtle and reports. Run from the repository root:

    .venv/bin/python examples/assessment/make_example.py
"""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook

from iso20000_prm.assessment.api import assessment_report, assessment_template, import_assessment
from iso20000_prm.sparql.results import save_workbook

HERE = Path(__file__).resolve().parent
PROCESSES = ["5.6", "5.10", "5.16", "5.21"]
INSTANCES = ["Parcel tracking service", "Warehouse systems"]
# ratings per process: one row per outcome, (rating, percentage) per instance; invented
RATINGS = {
    "5.6": [("F", 90), ("L", 70), ("L", None), ("F", None), ("P", 40), ("L", 60)],
    "5.10": [("F", None), ("F", 95), ("L", 80), ("L", None), ("F", None), ("L", 75)],
    "5.16": [("P", 30), ("N", 10), ("P", None), ("L", 55), ("P", 45), ("N", None)],
    "5.21": [("L", 65), ("F", None), ("L", None), ("P", 45), ("L", 70), ("F", 88)],
}
ATTRIBUTES = {"5.10": {"PA 2.1": "L", "PA 2.2": "L"}, "5.6": {"PA 2.1": "F", "PA 2.2": "P"}}


def main() -> None:
    wb = load_workbook(io.BytesIO(assessment_template(PROCESSES, len(INSTANCES))))
    ws = wb["Assessment"]
    values = {
        "identifier": "example-harbour-2026",
        "title": "ITSM process assessment 2026 (fictitious)",
        "organisation": "Example Harbour Logistics Ltd (fictitious)",
        "date": "2026-11-30",
        "assessors": "A. Assessor; B. Reviewer",
        "method": "R1",
        "aggregation": "mean",
    }
    for row in ws.iter_rows(min_row=2):
        if row[0].value in values:
            row[1].value = values[row[0].value]
    for p in PROCESSES:
        ws = wb[p]
        for k, name in enumerate(INSTANCES):
            for j, kind in enumerate(("rating", "percentage", "evidence", "note")):
                ws.cell(4, 4 + 4 * k + j).value = f"{kind}: {name}"
        pattern = RATINGS[p]
        for r in range(5, ws.max_row + 1):
            for k in range(len(INSTANCES)):
                rating, pct = pattern[(r - 5 + 2 * k) % len(pattern)]
                ws.cell(r, 4 + 4 * k).value = rating
                ws.cell(r, 5 + 4 * k).value = pct
                ws.cell(r, 6 + 4 * k).value = (
                    f"records reviewed ({INSTANCES[k][:3]}-{r})" if rating != "N" else ""
                )
    ws = wb["Attributes"]
    header = [c.value for c in ws[1]]
    row = 2
    for p in PROCESSES:
        for name in INSTANCES:
            ws.cell(row, 2).value = name
            for code, rating in ATTRIBUTES.get(p, {}).items():
                ws.cell(row, header.index(code) + 1).value = rating
            row += 1
    (HERE / "ratings.xlsx").write_bytes(save_workbook(wb))  # same bytes every run
    import_assessment(HERE / "ratings.xlsx", HERE / "assessment.ttl")
    for fmt, name in (("table", "report.txt"), ("json", "report.json"), ("html", "report.html")):
        out = assessment_report(HERE / "assessment.ttl", fmt)
        (HERE / name).write_bytes(out.encode("utf-8"))
    (HERE / "report.xlsx").write_bytes(assessment_report(HERE / "assessment.ttl", "xlsx"))


if __name__ == "__main__":
    main()
