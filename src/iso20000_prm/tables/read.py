"""Read the source tables (CSV) into typed records, checking every cell on the way in.

The tables are the reviewable transcription of ISO/IEC TR 20000-4:2010; everything the graph
says comes from them. Reading is strict: the first problem stops the load with a
:class:`~iso20000_prm.errors.TableError` naming file, row and column, so that a hand edit in a
spreadsheet can never turn silently into a wrong graph. Rows are numbered as a spreadsheet
shows them: the header is row 1, the first record row 2.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from iso20000_prm.errors import TableError
from iso20000_prm.files import note_input, tables_dir
from iso20000_prm.tables.schema import (
    BRACKET_STATUSES,
    CLAUSES,
    COLUMNS,
    DOCUMENTS,
    OUTCOMES,
    POSITIVE_INT,
    PROCESSES,
    SECTION_KINDS,
    SECTIONS,
    TRACEABILITY,
    YES_NO,
    Table,
    Tables,
)

__all__ = [
    "BRACKET_STATUSES",
    "COLUMNS",
    "MAX_CELL",
    "SECTION_KINDS",
    "Tables",
    "bracket_status_of",
    "load_tables",
    "normalise_clause",
    "read_rows",
]

# Upper bound on one cell: the longest text in the TR is under 1 000 characters.
MAX_CELL = 20_000
# Characters XML 1.0 cannot carry (so no RDF/XML release could hold the cell): C0 controls but
# tab, LF and CR; U+FFFE and U+FFFF. (Surrogates never survive the UTF-8 decode.)
LONG_NUMBER = re.compile(r"\d{19,}")
NOT_XML_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def normalise_clause(printed: str) -> str:
    """``"06.4"`` -> ``"6.4"``: the first edition prints its clause numbers zero-padded."""
    return ".".join(str(int(part)) for part in printed.split("."))


def bracket_status_of(text: str) -> str:
    """Classify an outcome text by its square brackets (TR 20000-4, 5.1).

    ``full``: the whole statement is bracketed (final ``;`` or ``.`` may stand inside or
    outside the bracket); ``partial``: a phrase is bracketed; ``none``: no bracket.
    """
    if "[" not in text and "]" not in text:
        return "none"
    core = text.rstrip(" ;.")
    if (
        core.startswith("[")
        and core.endswith("]")
        and text.count("[") == 1
        and text.count("]") == 1
    ):
        return "full"
    return "partial"


def _column_at(data: bytes, offset: int, delimiter: str = ",") -> str | None:
    """Header name of the cell holding byte ``offset``, for errors found before CSV parsing.

    Latin-1 decodes any byte, so it serves to count delimiters up to the bad byte; the text
    itself is never used. Assumes no line break inside a quoted cell before ``offset``.
    """
    header = next(
        csv.reader(
            [data.split(b"\n", 1)[0].decode("latin-1").lstrip("\xef\xbb\xbf").rstrip("\r")],
            delimiter=delimiter,
        ),
        [],
    )
    prefix = data[:offset].decode("latin-1")
    cells = next(csv.reader([prefix[prefix.rfind("\n") + 1 :]], delimiter=delimiter), [""])
    index = len(cells) - 1
    return header[index] if 0 <= index < len(header) else None


def _quote_fault_cell(record: str, delimiter: str = ",") -> int | None:
    """0-based index of the cell where ``record`` (text from a record's start) breaks the
    quoting rules: text after a closing quote, or a quote never closed."""
    cell, quoted, closed, fresh, i = 0, False, False, True, 0
    while i < len(record):
        c = record[i]
        if quoted:
            if c == '"' and record[i + 1 : i + 2] == '"':
                i += 1
            elif c == '"':
                quoted, closed = False, True
        elif c in "\r\n":
            return None  # the record ended without a quoting fault
        elif c == delimiter:
            cell, closed, fresh = cell + 1, False, True
        elif closed:
            return cell
        else:
            quoted, fresh = (c == '"' and fresh), False
        i += 1
    return cell if quoted else None


def _row_at(prefix: str, delimiter: str = ",") -> int:
    """Spreadsheet row (header = 1) of the character right after ``prefix``: records are
    counted, so a line break inside a quoted cell does not shift the rows after it."""
    try:
        return sum(
            1 for _ in csv.reader(io.StringIO(prefix + "x", newline=""), delimiter=delimiter)
        )
    except csv.Error:
        return prefix.count("\n") + 1


def read_rows(
    path: Path | str,
    columns: tuple[str, ...],
    *,
    delimiter: str = ",",
    comment_prefix: str | None = None,
    extra_columns: bool = False,
) -> list[tuple[int, dict[str, str]]]:
    """The records of one delimited text table as ``(row, {column: cell})``, strictly checked.

    Why: every table a user may edit by hand (the source tables, the curated reference table, a
    TSV mapping set) must fail the same way on the same slip: the first problem raises a
    :class:`~iso20000_prm.errors.TableError` naming the file, the spreadsheet row (header = 1,
    first record = 2; a line break inside a quoted cell does not shift later rows) and the column.

    ``columns`` are the exact columns the header must hold (any order; none missing, none extra,
    none twice); ``delimiter`` is ``","`` for CSV or ``"\t"`` for TSV. Checked on the way in:
    the file exists, is UTF-8 (a BOM is allowed) with no NUL, every record has as many cells as
    the header and no blank line, quoting is well formed, no cell is longer than
    :data:`MAX_CELL` or holds a character XML 1.0 cannot carry. Cells are returned as written
    (typing and white-space rules are the caller's).

    For a SSSOM TSV file: ``comment_prefix="#"`` skips the leading lines starting with it (the
    metadata block; rows then count from the first line of the file, so they are line numbers
    when no cell holds a line break), and ``extra_columns=True`` allows columns beyond
    ``columns`` (which must still all be there).
    """
    path = Path(path)
    kind = "TSV" if delimiter == "\t" else "CSV"

    def error(message: str, row: int | None = None, column: str | None = None) -> TableError:
        return TableError(path, message, row=row, column=column)

    if path.is_dir():
        raise error(f"is a folder; expected a {kind} table with columns {', '.join(columns)}")
    if path.exists() and not path.is_file():
        raise error(
            f"is not a regular file; expected a {kind} table with columns {', '.join(columns)}"
        )
    if not path.is_file():
        raise error(
            f"file not found in {path.parent}; expected a {kind} table with columns {', '.join(columns)}"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise error(f"cannot be read: {exc.strerror or exc}") from None
    note_input(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = _row_at(data[: exc.start].decode("latin-1"), delimiter)
        raise error(
            f"not UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded; save the table as {kind} UTF-8",
            row=row,
            column=_column_at(data, exc.start, delimiter),
        ) from None
    if "\x00" in text:
        row = _row_at(text[: text.index("\x00")], delimiter)
        raise error(
            f"contains a NUL character; expected a text {kind} table",
            row=row,
            column=_column_at(data, data.index(b"\x00"), delimiter),
        )
    base = 0  # lines before the header: the metadata block of a SSSOM file
    if comment_prefix:
        lines = io.StringIO(text, newline="").readlines()  # line ends only, as csv sees them
        while base < len(lines) and lines[base].startswith(comment_prefix):
            base += 1
        text = "".join(lines[base:])
    handle = io.StringIO(text, newline="")
    reader = csv.reader(handle, strict=True, delimiter=delimiter)
    start = 0  # where the record being read begins, to find the cell of a quoting fault
    out: list[tuple[int, dict[str, str]]] = []
    header = None
    # csv's own cell limit (128 KiB) would fail without naming the column; lift it for this
    # file so the MAX_CELL check below names row and column
    limit = csv.field_size_limit(max(len(text) + 1, csv.field_size_limit()))
    try:
        header = next(reader, None)
        if header is None:
            raise error(
                f"file is empty; expected a header row: {delimiter.join(columns)}", row=base + 1
            )
        _check_header(header, columns, error, base + 1, extra_columns)
        start = handle.tell()
        # a spreadsheet row is a record: a quoted line break does not start a new one
        for row, record in enumerate(reader, start=base + 2):
            if not record or record == [""]:
                raise error("empty line; expected a record (delete the blank line)", row=row)
            if len(record) != len(header):
                raise error(
                    f"has {len(record)} cells, expected {len(header)} ({', '.join(header)}); check for a stray delimiter or an unclosed quote",
                    row=row,
                    column=header[min(len(record), len(header) - 1)],
                )
            cells = dict(zip(header, record))
            for column, value in cells.items():
                if len(value) > MAX_CELL:
                    raise error(
                        f"cell is {len(value)} characters long; expected at most {MAX_CELL}",
                        row=row,
                        column=column,
                    )
                bad = NOT_XML_CHAR.search(value)
                if bad:
                    raise error(
                        f"contains the control character U+{ord(bad.group()):04X}, which RDF/XML cannot carry; delete it",
                        row=row,
                        column=column,
                    )
            out.append((row, cells))
            start = handle.tell()
    except csv.Error as exc:
        cells = header if header is not None else list(columns)
        index = _quote_fault_cell(text[start:], delimiter)
        column = cells[index] if index is not None and index < len(cells) else None
        raise error(
            f"malformed {kind} ({exc}); check quotes",
            row=base + 1 if header is None else len(out) + base + 2,
            column=column,
        ) from None
    finally:
        csv.field_size_limit(limit)
    return out


def _check_header(
    header: list[str], columns: tuple[str, ...], error, row: int = 1, extra: bool = False
) -> None:
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise error(f"column {name!r} appears twice in the header", row=row, column=name)
        seen.add(name)
    for name in columns:
        if name not in seen:
            raise error(
                f"required column {name!r} is missing; expected columns {', '.join(columns)}",
                row=row,
                column=name,
            )
    for name in header:
        if name not in columns and not extra:
            raise error(
                f"unexpected column {name!r}; expected columns {', '.join(columns)}",
                row=row,
                column=name,
            )


class _Row:
    """Typed access to one record's cells, raising TableError with file, row and column."""

    def __init__(self, path: Path, table: Table, row: int, cells: dict[str, str]):
        self.path, self.table, self.row, self.cells = path, table, row, cells
        self.values: dict[str, object] = {}

    def error(self, column: str, message: str) -> TableError:
        return TableError(self.path, message, row=self.row, column=column)

    def value(self, column: str):
        """The cell of ``column`` as its schema check reads it (each cell is checked once)."""
        if column not in self.values:
            self.values[column] = self.table.column(column).check.read(self, column)
        return self.values[column]

    def record(self):
        """The row as its table's record, the cells read in column order."""
        return self.table.record(*(self.value(c.name) for c in self.table.columns))

    def text(self, column: str, required: bool = True) -> str:
        value = self.cells[column]
        if required and not value.strip():
            raise self.error(column, "is empty; expected text")
        if value != value.strip():
            raise self.error(
                column, "has leading or trailing white space; expected the text as printed"
            )
        return value

    def match(self, column: str, pattern: re.Pattern[str], expected: str) -> str:
        value = self.text(column)
        if not pattern.match(value):
            raise self.error(column, f"{value!r} is not {expected}")
        # numbers, clause numbers and lists of them: int() refuses more than 4,300 digits, and
        # no number in the TR has more than a few
        digits = LONG_NUMBER.search(value)
        if digits:
            raise self.error(
                column,
                f"a number of {len(digits.group())} digits is too large; expected {expected}",
            )
        return value

    def integer(self, column: str) -> int:
        return int(self.match(column, POSITIVE_INT, "a whole number of 1 or more"))

    def yes_no(self, column: str) -> bool:
        value = self.text(column)
        if value not in YES_NO:
            raise self.error(column, f"{value!r} is not 'yes' or 'no'")
        return YES_NO[value]

    def choice(self, column: str, allowed) -> str:
        value = self.text(column)
        if value not in allowed:
            raise self.error(
                column, f"{value!r} is not one of {', '.join(repr(a) for a in allowed)}"
            )
        return value


def _records(directory: Path, table: Table):
    path = directory / table.file
    for row, cells in read_rows(path, table.column_names):
        yield _Row(path, table, row, cells)


def _unique(row: _Row, column: str, key, seen: dict, what: str) -> None:
    if key in seen:
        raise row.error(column, f"duplicate {what} {key!r}; first given in row {seen[key]}")
    seen[key] = row.row


def load_tables(directory: Path | str | None = None) -> Tables:
    """Read and cross-check the six source tables in ``directory`` (default: the shipped ones).

    Each cell is checked as :mod:`~iso20000_prm.tables.schema` declares; the checks across
    cells and tables (unique keys, references between tables) are here.
    """
    from iso20000_prm.vocab import TR_ID, section_iri

    directory = Path(directory) if directory is not None else tables_dir()
    if not directory.is_dir():
        raise TableError(
            directory,
            "is not a folder; expected a folder holding the source tables (documents.csv, sections.csv, ...)",
        )
    t = Tables()

    seen: dict = {}
    codes: dict = {}
    for r in _records(directory, DOCUMENTS):
        doc = r.record()
        _unique(r, "id", doc.id, seen, "document id")
        if doc.edition_code:
            _unique(r, "edition_code", doc.edition_code, codes, "edition code")
        t.documents.append(doc)
    if TR_ID not in seen:
        raise TableError(
            directory / DOCUMENTS.file,
            f"no row for the technical report itself; expected a document with id {TR_ID!r}",
            column="id",
        )

    seen, iris = {}, {}
    section_titles: dict[str, str] = {}
    for r in _records(directory, SECTIONS):
        sec = r.record()
        _unique(r, "section", sec.section, seen, "section")
        _unique(
            r,
            "section",
            str(section_iri(sec.section)),
            iris,
            "section IRI (case and spaces are folded)",
        )
        if sec.kind == "process":
            section_titles[sec.section] = sec.title
        t.sections.append(sec)

    seen, ids = {}, {}
    available: dict[str, object] = {}
    for r in _records(directory, PROCESSES):
        proc = r.record()
        _unique(r, "clause", proc.clause, seen, "process clause")
        _unique(r, "id", proc.id, ids, "process id")
        if proc.clause not in section_titles:
            raise r.error("clause", f"{proc.clause} has no row of kind 'process' in sections.csv")
        if section_titles[proc.clause] != proc.name:
            raise r.error(
                "name",
                f"{proc.name!r} differs from the title {section_titles[proc.clause]!r} that sections.csv gives clause {proc.clause}",
            )
        if proc.available:
            r.text("context")
            r.text("purpose")
        elif proc.context or proc.purpose:
            raise r.error(
                "context" if proc.context else "purpose",
                "must be empty for a process marked available=no: the source does not give it",
            )
        available[proc.clause] = proc
        t.processes.append(proc)

    seen = {}
    numbers: dict[str, set[int]] = {}
    for r in _records(directory, OUTCOMES):
        clause = r.value("process")
        if clause not in available:
            raise r.error("process", f"{clause!r} is not a clause in processes.csv")
        if not available[clause].available:
            raise r.error(
                "process", f"process {clause} is marked available=no; it can have no outcomes"
            )
        out = r.record()
        _unique(r, "number", (clause, out.number), seen, "outcome (process, number)")
        actual = bracket_status_of(out.text)
        if actual != out.bracket_status:
            raise r.error(
                "bracket_status",
                f"is {out.bracket_status!r} but the text's square brackets make it {actual!r}",
            )
        numbers.setdefault(clause, set()).add(out.number)
        t.outcomes.append(out)

    def edition_of(r: _Row) -> str:
        edition = r.value("edition")
        if edition not in codes:
            raise r.error(
                "edition",
                f"{edition!r} is not an edition_code of documents.csv ({', '.join(sorted(codes))})",
            )
        return edition

    def normalised(r: _Row, record) -> None:
        printed = record.clause_as_printed
        if record.clause != normalise_clause(printed):
            raise r.error(
                "clause",
                f"{record.clause!r} is not the normalised form of {printed!r}; expected {normalise_clause(printed)!r}",
            )

    seen = {}
    clause_rows: dict[tuple[str, str], tuple[int, object]] = {}
    for r in _records(directory, CLAUSES):
        edition = edition_of(r)
        r.value("clause_as_printed")
        cl = r.record()
        normalised(r, cl)
        _unique(r, "clause", (edition, cl.clause), seen, "clause (edition, clause)")
        clause_rows[(edition, cl.clause)] = (r.row, cl)
        t.clauses.append(cl)

    seen = {}
    for r in _records(directory, TRACEABILITY):
        clause = r.value("process")
        if clause not in available:
            raise r.error("process", f"{clause!r} is not a clause in processes.csv")
        edition = edition_of(r)
        printed = r.value("clause_as_printed")
        entry = r.record()
        normalised(r, entry)
        _unique(r, "position", (clause, entry.position), seen, "entry (process, position)")
        for n in entry.outcomes:
            if n not in numbers.get(clause, ()):
                raise r.error(
                    "outcomes",
                    f"references outcome {n}, but process {clause} has no outcome {n} in outcomes.csv",
                )
        if len(set(entry.outcomes)) != len(entry.outcomes):
            raise r.error(
                "outcomes", f"lists an outcome twice in {','.join(map(str, entry.outcomes))}"
            )
        key = (edition, entry.clause)
        if key not in clause_rows:
            raise r.error(
                "clause",
                f"{edition} clause {entry.clause} is not in clauses.csv; add it with its heading",
            )
        crow, known = clause_rows[key]
        if known.heading != entry.heading_as_printed or known.clause_as_printed != printed:
            raise r.error(
                "heading_as_printed",
                f"{printed} {entry.heading_as_printed!r} differs from clauses.csv row {crow}: {known.clause_as_printed} {known.heading!r}",
            )
        t.traceability.append(entry)
    return t
