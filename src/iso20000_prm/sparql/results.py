"""Query results as text: an aligned table for people, CSV, TSV or JSON for programs.

Every format is deterministic (rows in the query's ORDER BY, keys in column order). Unbound
values are empty cells (``null`` in JSON). CSV/TSV/JSON carry the full text; the table shortens
long cells to keep one row per line.
"""

from __future__ import annotations

import csv
import io
import json

# result format -> suffix of the file ``query --all`` writes per query
EXTENSIONS = {"table": ".txt", "csv": ".csv", "tsv": ".tsv", "json": ".json"}
FORMATS = tuple(EXTENSIONS)
TABLE_CELL_MAX = 60


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return f"{value:.1f}"
    return str(value)


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def as_table(variables: list[str], rows: list[dict], limit: int = TABLE_CELL_MAX) -> str:
    cells = [[_short(cell(row.get(v)), limit) for v in variables] for row in rows]
    widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(variables)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(variables, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def as_csv(variables: list[str], rows: list[dict], delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow([cell(row.get(v)) for v in variables])
    return out.getvalue()


def as_tsv(variables: list[str], rows: list[dict]) -> str:
    """Tab-separated, one row per line: tabs, newlines and backslashes in values are escaped."""

    def esc(text: str) -> str:
        return (
            text.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )

    lines = ["\t".join(variables)] + [
        "\t".join(esc(cell(row.get(v))) for v in variables) for row in rows
    ]
    return "\n".join(lines) + "\n"


def as_json(variables: list[str], rows: list[dict]) -> str:
    doc = {"variables": variables, "rows": [{v: row.get(v) for v in variables} for row in rows]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def render(variables: list[str], rows: list[dict], fmt: str = "table") -> str:
    if fmt == "table":
        return as_table(variables, rows)
    if fmt == "csv":
        return as_csv(variables, rows)
    if fmt == "tsv":
        return as_tsv(variables, rows)
    if fmt == "json":
        return as_json(variables, rows)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
