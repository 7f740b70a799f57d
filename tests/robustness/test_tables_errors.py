"""Bad source tables stop ``iso20000-prm build`` with one line naming file, row and column.

Each case copies the shipped tables, breaks one cell or file the way a hand edit in a
spreadsheet might, runs the CLI in-process, and checks: exit code 2, a single line on stderr
that names the file, the row (header = row 1, counted here from the edited line) and the
column, no output file written, and a file already at the output path left byte-for-byte
as it was (no stray temporary file beside it either).
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from iso20000_prm.cli import main
from iso20000_prm.files import tables_dir


def _read(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _write(path: Path, rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def _row_where(rows: list[list[str]], **match) -> int:
    """Spreadsheet row number (header = 1) of the only record whose cells equal ``match``."""
    header = rows[0]
    hits = [
        i
        for i, r in enumerate(rows)
        if i and all(r[header.index(k)] == v for k, v in match.items())
    ]
    assert len(hits) == 1, (match, hits)
    return hits[0] + 1


def set_cell(name, column, value, **match):
    """Mutation: set ``column`` of the record matching ``match``; returns (file, row, column)."""

    def mutate(d: Path):
        rows = _read(d / name)
        row = _row_where(rows, **match)
        rows[row - 1][rows[0].index(column)] = value
        _write(d / name, rows)
        return name, row, column

    return mutate


def set_cells(name, changes: dict, column, **match):
    """Mutation: set several cells of one record; the error must name ``column``."""

    def mutate(d: Path):
        rows = _read(d / name)
        row = _row_where(rows, **match)
        for key, value in changes.items():
            rows[row - 1][rows[0].index(key)] = value
        _write(d / name, rows)
        return name, row, column

    return mutate


def drop_column(name, column):
    def mutate(d: Path):
        rows = _read(d / name)
        i = rows[0].index(column)
        _write(d / name, [r[:i] + r[i + 1 :] for r in rows])
        return name, 1, column

    return mutate


def rename_column(name, column, new):
    def mutate(d: Path):
        rows = _read(d / name)
        rows[0][rows[0].index(column)] = new
        _write(d / name, rows)
        return name, 1, column

    return mutate


def drop_row(name, then, **match):
    """Delete the matching record; the error is expected where ``then`` (another table) refers to it."""

    def mutate(d: Path):
        rows = _read(d / name)
        row = _row_where(rows, **match)
        del rows[row - 1]
        _write(d / name, rows)
        return then(d)

    return mutate


def expect(name, column, **match):
    """No change: only locate the record the error must name."""

    def locate(d: Path):
        return name, _row_where(_read(d / name), **match), column

    return locate


def reencode(name, encoding, column, **match):
    """Save the table in another encoding; the first non-ASCII cell must be named."""

    def mutate(d: Path):
        path = d / name
        rows = _read(path)
        row = _row_where(rows, **match)
        path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
        return name, row, column

    return mutate


def inject_bytes(name, column, raw: bytes, **match):
    """Put raw bytes (not UTF-8) at the end of one cell."""

    def mutate(d: Path):
        rows = _read(d / name)
        row = _row_where(rows, **match)
        rows[row - 1][rows[0].index(column)] += "\x00MARK"
        _write(d / name, rows)
        path = d / name
        path.write_bytes(path.read_bytes().replace(b"\x00MARK", raw))
        return name, row, column

    return mutate


def extra_cell(name, **match):
    def mutate(d: Path):
        rows = _read(d / name)
        row = _row_where(rows, **match)
        rows[row - 1].append("stray")
        _write(d / name, rows)
        return name, row, rows[0][-1]

    return mutate


CASES = {
    "missing-column": drop_column("clauses.csv", "heading"),
    "renamed-column": rename_column("outcomes.csv", "bracket_status", "brackets"),
    "unknown-edition-in-traceability": set_cell(
        "traceability.csv", "edition", "3ED IS", process="5.2", position="1"
    ),
    "unknown-edition-in-clauses": set_cell(
        "clauses.csv", "edition", "1ED", edition="1ED IS", clause="3.1"
    ),
    "outcome-number-the-process-lacks": set_cell(
        "traceability.csv", "outcomes", "1,2,4,9", process="5.2", position="1"
    ),
    "outcome-listed-twice": set_cell(
        "traceability.csv", "outcomes", "1,2,2", process="5.2", position="1"
    ),
    "duplicate-outcome-number": set_cell("outcomes.csv", "number", "1", process="5.3", number="2"),
    "duplicate-entry-position": set_cell(
        "traceability.csv", "position", "1", process="5.4", position="2"
    ),
    "duplicate-clause": set_cells(
        "clauses.csv",
        {"clause_as_printed": "03.1", "clause": "3.1"},
        "clause",
        edition="1ED IS",
        clause="3.2",
    ),
    "duplicate-process-id": set_cell("processes.csv", "id", "audit", clause="5.3"),
    "empty-outcome-text": set_cell("outcomes.csv", "text", "", process="5.6", number="4"),
    "blank-outcome-text": set_cell("outcomes.csv", "text", "   ", process="5.6", number="4"),
    "empty-context": set_cell("processes.csv", "context", "", clause="5.8"),
    "empty-heading": set_cell("clauses.csv", "heading", "", edition="2ED DRAFT", clause="9.1"),
    "trailing-space": set_cell(
        "processes.csv", "purpose", "The purpose of the measurement process ", clause="5.14"
    ),
    "not-a-number": set_cell("outcomes.csv", "number", "two", process="5.7", number="2"),
    "zero-position": set_cell("traceability.csv", "position", "0", process="5.7", position="3"),
    "not-yes-or-no": set_cell("processes.csv", "available", "maybe", clause="5.10"),
    "unknown-kind": set_cell("sections.csv", "kind", "chapter", section="5.1"),
    "unknown-bracket-status": set_cell(
        "outcomes.csv", "bracket_status", "half", process="5.2", number="1"
    ),
    "bracket-status-contradicts-text": set_cell(
        "outcomes.csv", "bracket_status", "none", process="5.2", number="1"
    ),
    "full-status-for-unbracketed-text": set_cell(
        "outcomes.csv", "bracket_status", "full", process="5.3", number="1"
    ),
    "heading-differs-from-clauses": set_cell(
        "traceability.csv",
        "heading_as_printed",
        "Monitoring, measuring and reviewing",
        process="5.2",
        position="1",
    ),
    "clause-not-normalised": set_cell(
        "traceability.csv", "clause", "04.3", process="5.2", position="1"
    ),
    "bad-clause-number": set_cell(
        "clauses.csv", "clause_as_printed", "6.x", edition="2ED DRAFT", clause="6.1"
    ),
    "cited-clause-missing-from-clauses": drop_row(
        "clauses.csv",
        expect("traceability.csv", "clause", process="5.6", position="1"),
        edition="1ED IS",
        clause="5",
    ),
    "outcome-of-unknown-process": set_cell(
        "outcomes.csv", "process", "5.99", process="5.9", number="3"
    ),
    "outcome-of-unavailable-process": set_cell(
        "outcomes.csv", "process", "5.26", process="5.9", number="3"
    ),
    "context-for-unavailable-process": set_cell(
        "processes.csv", "context", "Invented text.", clause="5.27"
    ),
    "name-differs-from-sections": set_cell("processes.csv", "name", "Audits", clause="5.2"),
    "bad-process-clause": set_cell("processes.csv", "clause", "6.2", clause="5.2"),
    "bad-id": set_cell("processes.csv", "id", "Change Management", clause="5.6"),
    "wrong-encoding-cp1252": reencode("documents.csv", "cp1252", "title", id="tr20000-4-2010"),
    "wrong-encoding-latin1-byte": inject_bytes(
        "outcomes.csv", "text", "é".encode("latin-1"), process="5.11", number="2"
    ),
    "extra-cell": extra_cell("outcomes.csv", process="5.12", number="4"),
}


@pytest.fixture
def tables(tmp_path):
    copy = tmp_path / "tables"
    shutil.copytree(tables_dir(), copy)
    return copy


def _build(tables: Path, output: Path, capsys) -> tuple[int, str]:
    code = main(["build", "--tables", str(tables), "--output", str(output)])
    return code, capsys.readouterr().err


def test_shipped_tables_build(tables, tmp_path, capsys):
    """The unbroken copy builds: the failures below come from the mutation alone."""
    code, _ = _build(tables, tmp_path / "out" / "g.ttl", capsys)
    assert code == 0 and (tmp_path / "out" / "g.ttl").stat().st_size > 0


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_table_stops_the_build(case, tables, tmp_path, capsys):
    name, row, column = CASES[case](tables)
    out_dir = tmp_path / "out"
    output = out_dir / "graph.ttl"

    code, err = _build(tables, output, capsys)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    line = lines[0]
    assert line.startswith("iso20000-prm build: error: ")
    assert str(tables / name) in line
    assert f", row {row}," in line or line.split(": ", 2)[1].endswith(f", row {row}"), line
    assert f"column '{column}'" in line, line
    assert "Traceback" not in err
    assert not output.exists()

    # a graph already at the output path stays as it was, with nothing beside it
    before = b"# the previous build\n"
    out_dir.mkdir(exist_ok=True)
    output.write_bytes(before)
    code, _ = _build(tables, output, capsys)
    assert code == 2
    assert output.read_bytes() == before
    assert sorted(p.name for p in out_dir.iterdir()) == ["graph.ttl"]


def test_row_is_named_with_its_column(tables, tmp_path, capsys):
    """The position in the message is exactly 'FILE, row N, column 'C'' (README format)."""
    name, row, column = set_cell(
        "outcomes.csv", "bracket_status", "none", process="5.24", number="1"
    )(tables)
    code, err = _build(tables, tmp_path / "g.ttl", capsys)
    assert code == 2
    assert f"{tables / name}, row {row}, column '{column}': " in err
    assert row == 141  # 5.24 outcome 1 is on line 141 of outcomes.csv (grep -n)


@pytest.mark.parametrize(
    ("case", "content"),
    [("empty-file", b""), ("unclosed-quote", None), ("nul-byte", None)],
)
def test_unreadable_file(case, content, tables, tmp_path, capsys):
    path = tables / "traceability.csv"
    data = path.read_bytes()
    lines = data.split(b"\n")
    if case == "empty-file":
        data, row = b"", 1
    elif case == "unclosed-quote":
        lines[9] = lines[9].replace(b",", b',"', 1)
        data, row = b"\n".join(lines), None
    else:
        lines[4] = lines[4] + b"\x00"
        data, row = b"\n".join(lines), 5
    path.write_bytes(data)
    output = tmp_path / "g.ttl"
    code, err = _build(tables, output, capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert str(path) in err
    if row is not None:
        assert f"row {row}" in err
    else:
        assert "row " in err
    assert not output.exists()


def test_missing_table_and_missing_folder(tables, tmp_path, capsys):
    (tables / "clauses.csv").unlink()
    code, err = _build(tables, tmp_path / "g.ttl", capsys)
    assert code == 2 and "clauses.csv" in err and len(err.strip().splitlines()) == 1
    code, err = _build(tmp_path / "no-such-folder", tmp_path / "g.ttl", capsys)
    assert code == 2 and "no-such-folder" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "g.ttl").exists()


def test_byte_order_mark_is_accepted(tables, tmp_path, capsys):
    """Spreadsheets save "CSV UTF-8" with a BOM; the tables README allows it."""
    path = tables / "outcomes.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    code, _ = _build(tables, tmp_path / "g.ttl", capsys)
    assert code == 0 and (tmp_path / "g.ttl").exists()
