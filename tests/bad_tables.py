"""A corpus of mutations of the shipped tables, and what ``iso20000-prm build`` must do with each.

Why: a hand edit in a spreadsheet must never turn silently into a wrong graph. Each case copies
the shipped tables, applies one mutation, runs the build through the command line, and checks
the outcome the case expects:

* ``same``  -- the input is in fact valid and says the same thing (BOM, CRLF, other quoting,
  rows or columns reordered): the output is the graph built from the unmutated tables;
* ``valid`` -- the input is valid and says something else (odd but legal text): the build
  succeeds and the graph holds the text verbatim (a check function says what to look for);
* ``error`` -- the build fails with exit 2 and one line naming the file, the row (header =
  row 1) and the column the case expects, and the output file is neither written nor replaced.

Expected rows are found by plain Python over the shipped CSV files (``row_of``), never taken
from the program. Run ``python tests/bad_tables.py --report`` for the Markdown table of cases
and results (the figures in docs/reliability.md come from it).
"""

from __future__ import annotations

import csv
import io
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from _paths import ROOT

SHIPPED = ROOT / "tables"
NAMES = (
    "documents.csv",
    "sections.csv",
    "processes.csv",
    "outcomes.csv",
    "traceability.csv",
    "clauses.csv",
)
SENTINEL = b"# output of an earlier build: must survive a failed build\n"


# ---------------------------------------------------------------- plain-Python access to the tables


def read_rows(directory: Path, name: str) -> list[list[str]]:
    with open(directory / name, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(directory: Path, name: str, rows: list[list[str]], **fmt) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n", **fmt).writerows(rows)
    (directory / name).write_bytes(buf.getvalue().encode("utf-8"))


def header(name: str) -> list[str]:
    return read_rows(SHIPPED, name)[0]


def row_of(name: str, **match: str) -> int:
    """Spreadsheet row (header = 1) of the first shipped row whose cells equal ``match``."""
    rows = read_rows(SHIPPED, name)
    cols = rows[0]
    for i, row in enumerate(rows[1:], start=2):
        if all(row[cols.index(k)] == v for k, v in match.items()):
            return i
    raise LookupError(f"{name}: no row with {match}")


def cell(name: str, row: int, column: str) -> str:
    rows = read_rows(SHIPPED, name)
    return rows[row - 1][rows[0].index(column)]


def n_rows(name: str) -> int:
    return len(read_rows(SHIPPED, name)) - 1


# ---------------------------------------------------------------- mutations


def set_cell(name: str, row: int, column: str, value: str) -> Callable[[Path], None]:
    def mutate(d: Path) -> None:
        rows = read_rows(d, name)
        rows[row - 1][rows[0].index(column)] = value
        write_rows(d, name, rows)

    return mutate


def drop_column(name: str, column: str) -> Callable[[Path], None]:
    def mutate(d: Path) -> None:
        rows = read_rows(d, name)
        i = rows[0].index(column)
        write_rows(d, name, [r[:i] + r[i + 1 :] for r in rows])

    return mutate


def edit_rows(
    name: str, fn: Callable[[list[list[str]]], list[list[str]]], **fmt
) -> Callable[[Path], None]:
    def mutate(d: Path) -> None:
        write_rows(d, name, fn(read_rows(d, name)), **fmt)

    return mutate


def raw(name: str, fn: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def mutate(d: Path) -> None:
        (d / name).write_bytes(fn((d / name).read_bytes()))

    return mutate


def every_file(fn: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def mutate(d: Path) -> None:
        for name in NAMES:
            raw(name, fn)(d)

    return mutate


def both(*mutations: Callable[[Path], None]) -> Callable[[Path], None]:
    def mutate(d: Path) -> None:
        for m in mutations:
            m(d)

    return mutate


def replace_line(name: str, row: int, fn: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    """Edit physical line ``row`` (the shipped files have no line breaks inside cells)."""

    def edit(data: bytes) -> bytes:
        lines = data.split(b"\n")
        lines[row - 1] = fn(lines[row - 1])
        return b"\n".join(lines)

    return raw(name, edit)


# ---------------------------------------------------------------- checks for valid cases


def has_literal(text: str, extra_triples: int = 0):
    """The graph holds ``text`` verbatim as a literal, and no triple was added or lost."""

    def check(graph, baseline) -> str | None:
        if not any(str(o) == text for o in graph.objects()):
            return f"no literal equal to {text[:40]!r}..."
        if len(graph) != len(baseline) + extra_triples:
            return f"{len(graph)} triples, expected {len(baseline) + extra_triples}"
        return None

    return check


def count_of(cls_local: str, expected: int):
    def check(graph, baseline) -> str | None:
        from rdflib.namespace import RDF

        from iso20000_prm.vocab import PRM

        n = len(set(graph.subjects(RDF.type, PRM[cls_local])))
        return None if n == expected else f"{n} prm:{cls_local}, expected {expected}"

    return check


# ---------------------------------------------------------------- the corpus


@dataclass
class Case:
    name: str
    kind: str  # kind of mutation, for the report
    mutate: Callable[[Path], None]
    expect: str  # "same", "valid" or "error"
    file: str | None = None
    row: int | None = None
    column: str | None = None
    check: Callable | None = None
    known_failure: str | None = (
        None  # an open bug outside this corpus's reach; reported, not hidden
    )


def _cases() -> list[Case]:
    c: list[Case] = []
    add = c.append
    out2 = row_of("outcomes.csv", process="5.2", number="2")
    out3 = row_of("outcomes.csv", process="5.2", number="3")
    out_c = row_of("outcomes.csv", process="5.6", number="3")
    proc_c = row_of("processes.csv", clause="5.6")
    proc_26 = row_of("processes.csv", clause="5.26")
    tr2 = row_of("traceability.csv", process="5.2", position="2")
    tr3 = row_of("traceability.csv", process="5.2", position="3")
    cl_1ed = row_of("clauses.csv", edition="1ED IS", clause="6.4")
    fig1 = row_of("sections.csv", section="Figure 1")
    doc_1ed = row_of("documents.csv", id="iso20000-1-2005")

    # --- valid encodings and dialects: the same graph
    add(Case("BOM on every file", "encoding", every_file(lambda b: b"\xef\xbb\xbf" + b), "same"))
    add(
        Case("CRLF line ends", "line ends", every_file(lambda b: b.replace(b"\n", b"\r\n")), "same")
    )
    add(
        Case(
            "CR-only line ends (old Mac)",
            "line ends",
            every_file(lambda b: b.replace(b"\n", b"\r")),
            "same",
        )
    )
    add(
        Case(
            "no newline at end of file", "line ends", every_file(lambda b: b.rstrip(b"\n")), "same"
        )
    )
    add(
        Case(
            "every cell quoted",
            "dialect",
            both(*(edit_rows(n, lambda r: r, quoting=csv.QUOTE_ALL) for n in NAMES)),
            "same",
        )
    )
    add(
        Case(
            "columns in another order",
            "dialect",
            both(*(edit_rows(n, lambda r: [list(reversed(x)) for x in r]) for n in NAMES)),
            "same",
        )
    )
    add(
        Case(
            "rows in reverse order",
            "row order",
            both(*(edit_rows(n, lambda r: [r[0], *reversed(r[1:])]) for n in NAMES)),
            "same",
        )
    )
    add(
        Case(
            "BOM and CRLF together",
            "encoding",
            every_file(lambda b: b"\xef\xbb\xbf" + b.replace(b"\n", b"\r\n")),
            "same",
        )
    )

    # --- valid but unusual content: held verbatim
    turtle = 'recorded" ; <http://example.org/evil> "x" . <http://example.org/evil> a <http://www.w3.org/2002/07/owl#Thing> . #;'
    add(
        Case(
            "text that looks like Turtle",
            "injection",
            set_cell("outcomes.csv", out2, "text", turtle),
            "valid",
            check=has_literal(turtle),
        )
    )
    html = "<script>alert('x')</script> <b>bold</b> &amp; &lt;"
    add(
        Case(
            "text that looks like HTML",
            "injection",
            set_cell("processes.csv", proc_c, "context", html),
            "valid",
            check=has_literal(html),
        )
    )
    sparql = '} ; DROP ALL ; INSERT DATA { <a> <b> "c" } #'
    add(
        Case(
            "text that looks like SPARQL Update",
            "injection",
            set_cell("processes.csv", proc_c, "purpose", sparql),
            "valid",
            check=has_literal(sparql),
        )
    )
    formula = '=HYPERLINK("http://example.org","x")'
    add(
        Case(
            "spreadsheet formula text",
            "injection",
            set_cell("processes.csv", proc_c, "context", formula),
            "valid",
            check=has_literal(formula),
        )
    )
    uni = "Ünïcödé — «quotes» “curly” 漢字 עברית 🙂 e\u0301 \\u0022 \\n"
    add(
        Case(
            "unicode, escapes and RTL text",
            "unicode",
            set_cell("processes.csv", proc_c, "context", uni),
            "valid",
            check=has_literal(uni),
        )
    )
    multi = 'first line\nsecond line, with a comma\r\nthird "quoted" line'
    add(
        Case(
            "line breaks inside a quoted cell",
            "line ends",
            set_cell("processes.csv", proc_c, "context", multi),
            "valid",
            check=has_literal(multi),
        )
    )
    long_ok = "x" * 19_999
    add(
        Case(
            "long cell (19 999 characters)",
            "long cell",
            set_cell("processes.csv", proc_c, "context", long_ok),
            "valid",
            check=has_literal(long_ok),
        )
    )
    stray_q = 'nonconformities are "recorded;'
    add(
        Case(
            "stray quote inside an unquoted cell",
            "quotes",
            replace_line(
                "outcomes.csv",
                row_of("outcomes.csv", process="5.2", number="4"),
                lambda l: l.replace(b"are recorded;", b'are "recorded;'),
            ),
            "valid",
            check=has_literal(stray_q),
        )
    )
    add(
        Case(
            "section name with path characters",
            "path tricks",
            set_cell("sections.csv", fig1, "section", "../../Figure 1/x"),
            "valid",
            check=has_literal("../../Figure 1/x"),
        )
    )
    add(
        Case(
            "traceability.csv with header only",
            "header only",
            edit_rows("traceability.csv", lambda r: r[:1]),
            "valid",
            check=count_of("TraceabilityEntry", 0),
        )
    )
    renamed = "1st edition"

    def rename_edition(rows):
        for r in rows[1:]:
            for i, v in enumerate(r):
                if v == "1ED IS":
                    r[i] = renamed
        return rows

    add(
        Case(
            "edition code renamed in every table",
            "edition",
            both(
                *(
                    edit_rows(n, rename_edition)
                    for n in ("documents.csv", "traceability.csv", "clauses.csv")
                )
            ),
            "valid",
            check=has_literal(renamed),
        )
    )

    # --- file-level faults
    add(
        Case("file missing", "file", lambda d: (d / "clauses.csv").unlink(), "error", "clauses.csv")
    )
    add(
        Case(
            "empty file (0 bytes)",
            "file",
            raw("processes.csv", lambda b: b""),
            "error",
            "processes.csv",
            1,
        )
    )
    add(
        Case(
            "outcomes.csv with header only",
            "header only",
            edit_rows("outcomes.csv", lambda r: r[:1]),
            "error",
            "traceability.csv",
            2,
            "outcomes",
        )
    )
    add(
        Case(
            "not UTF-8 (cp1252 dash)",
            "encoding",
            raw("documents.csv", lambda b: b.replace("—".encode(), b"\x97", 1)),
            "error",
            "documents.csv",
            2,
            "title",
        )
    )
    add(
        Case(
            "UTF-16 file",
            "encoding",
            raw("sections.csv", lambda b: b.decode("utf-8").encode("utf-16")),
            "error",
            "sections.csv",
            1,
        )
    )
    add(
        Case(
            "NUL byte",
            "control character",
            replace_line("outcomes.csv", out3, lambda l: l.replace(b"selected", b"sel\x00ected")),
            "error",
            "outcomes.csv",
            out3,
            "text",
        )
    )
    add(
        Case(
            "control character (BEL)",
            "control character",
            set_cell(
                "outcomes.csv",
                out3,
                "text",
                cell("outcomes.csv", out3, "text").replace("selected", "sel\x07ected"),
            ),
            "error",
            "outcomes.csv",
            out3,
            "text",
        )
    )
    add(
        Case(
            "form feed in a cell",
            "control character",
            set_cell("processes.csv", proc_c, "purpose", "a\x0cb"),
            "error",
            "processes.csv",
            proc_c,
            "purpose",
        )
    )
    last = n_rows("outcomes.csv") + 1
    cut = row_of("processes.csv", clause="5.10")
    add(
        Case(
            "truncated inside a quoted cell",
            "truncated",
            raw("processes.csv", lambda b: b[: b.index(b"\n5.10,") + 60]),
            "error",
            "processes.csv",
            cut,
            "context",
        )
    )
    add(
        Case(
            "truncated in the middle of a row",
            "truncated",
            raw("outcomes.csv", lambda b: b[: b.index(b"\n5.3,1,yes,costs") + 20]),
            "error",
            "outcomes.csv",
            row_of("outcomes.csv", process="5.3", number="1"),
            "bracket_status",
        )
    )
    add(
        Case(
            "blank line in the middle",
            "blank line",
            raw("outcomes.csv", lambda b: b.replace(b"\n5.3,1,", b"\n\n5.3,1,", 1)),
            "error",
            "outcomes.csv",
            row_of("outcomes.csv", process="5.3", number="1"),
        )
    )
    add(
        Case(
            "blank lines at the end",
            "blank line",
            raw("outcomes.csv", lambda b: b + b"\n"),
            "error",
            "outcomes.csv",
            last + 1,
        )
    )
    add(
        Case(
            "tab-separated file",
            "delimiter",
            raw("documents.csv", lambda b: b.replace(b",", b"\t")),
            "error",
            "documents.csv",
            1,
            "id",
        )
    )
    add(
        Case(
            "semicolon-separated file",
            "delimiter",
            edit_rows("documents.csv", lambda r: r, delimiter=";"),
            "error",
            "documents.csv",
            1,
            "id",
        )
    )

    # --- header faults
    for name in NAMES:
        for column in header(name):
            add(
                Case(
                    f"column '{column}' missing from {name}",
                    "column missing",
                    drop_column(name, column),
                    "error",
                    name,
                    1,
                    column,
                )
            )
    add(
        Case(
            "extra column",
            "extra column",
            edit_rows("outcomes.csv", lambda r: [x + ["comment"] for x in r]),
            "error",
            "outcomes.csv",
            1,
            "comment",
        )
    )
    add(
        Case(
            "column named twice",
            "extra column",
            edit_rows("clauses.csv", lambda r: [x + [x[-1]] for x in r]),
            "error",
            "clauses.csv",
            1,
            "heading",
        )
    )
    add(
        Case(
            "header in upper case",
            "header",
            edit_rows("clauses.csv", lambda r: [[h.upper() for h in r[0]], *r[1:]]),
            "error",
            "clauses.csv",
            1,
            "edition",
        )
    )

    # --- stray delimiters and quotes
    add(
        Case(
            "stray delimiter (one cell too many)",
            "delimiter",
            replace_line("outcomes.csv", out2, lambda l: l + b","),
            "error",
            "outcomes.csv",
            out2,
            "bracket_status",
        )
    )
    add(
        Case(
            "quote followed by text",
            "quotes",
            replace_line(
                "clauses.csv", cl_1ed, lambda l: l.replace(b"Budgeting", b'"Budgeting" and')
            ),
            "error",
            "clauses.csv",
            cl_1ed,
            "heading",
        )
    )
    add(
        Case(
            "unclosed quote",
            "quotes",
            replace_line("traceability.csv", tr3, lambda l: l.replace(b"General", b'"General')),
            "error",
            "traceability.csv",
            tr3,
            "heading_as_printed",
        )
    )

    # --- empty cells and white space
    for name, row, column in [
        ("documents.csv", 2, "identifier"),
        ("sections.csv", fig1, "title"),
        ("processes.csv", proc_c, "name"),
        ("processes.csv", proc_c, "context"),
        ("outcomes.csv", out2, "text"),
        ("outcomes.csv", out2, "number"),
        ("traceability.csv", tr2, "clause_as_printed"),
        ("traceability.csv", tr2, "outcomes"),
        ("clauses.csv", cl_1ed, "heading"),
    ]:
        add(
            Case(
                f"empty cell {name} '{column}'",
                "empty cell",
                set_cell(name, row, column, ""),
                "error",
                name,
                row,
                column,
            )
        )
    add(
        Case(
            "leading space in a key",
            "white space",
            set_cell("outcomes.csv", out2, "process", " 5.2"),
            "error",
            "outcomes.csv",
            out2,
            "process",
        )
    )
    add(
        Case(
            "trailing space in a text",
            "white space",
            set_cell("outcomes.csv", out2, "text", cell("outcomes.csv", out2, "text") + " "),
            "error",
            "outcomes.csv",
            out2,
            "text",
        )
    )

    # --- numbers
    for value in (
        "3a",
        "3.0",
        "three",
        "1e3",
        "+3",
        "٣",
        "0x3",
        "03",
        "0",
        "-1",
        "99999999999999999999999x",
    ):
        add(
            Case(
                f"outcome number {value!r}",
                "not a positive integer",
                set_cell("outcomes.csv", out3, "number", value),
                "error",
                "outcomes.csv",
                out3,
                "number",
            )
        )
    for value in ("0", "-2", "2.5"):
        add(
            Case(
                f"entry position {value!r}",
                "not a positive integer",
                set_cell("traceability.csv", tr2, "position", value),
                "error",
                "traceability.csv",
                tr2,
                "position",
            )
        )
    for value in ("0", "-1", "1,,2", "1, 2", "1;2", "[1,2]", "1,2,"):
        add(
            Case(
                f"outcome list {value!r}",
                "outcome list",
                set_cell("traceability.csv", tr2, "outcomes", value),
                "error",
                "traceability.csv",
                tr2,
                "outcomes",
            )
        )
    add(
        Case(
            "reference to an absent outcome",
            "absent reference",
            set_cell("traceability.csv", tr2, "outcomes", "5,99"),
            "error",
            "traceability.csv",
            tr2,
            "outcomes",
        )
    )
    add(
        Case(
            "outcome listed twice",
            "outcome list",
            set_cell("traceability.csv", tr2, "outcomes", "5,5"),
            "error",
            "traceability.csv",
            tr2,
            "outcomes",
        )
    )
    add(
        Case(
            "outcomes of a process the source lacks",
            "absent reference",
            edit_rows("outcomes.csv", lambda r: r + [["5.26", "1", "yes", "invented;", "none"]]),
            "error",
            "outcomes.csv",
            last + 1,
            "process",
        )
    )
    add(
        Case(
            "outcome of an unknown process",
            "absent reference",
            set_cell("outcomes.csv", out2, "process", "5.99"),
            "error",
            "outcomes.csv",
            out2,
            "process",
        )
    )

    # --- duplicate keys
    add(
        Case(
            "duplicate outcome (process, number)",
            "duplicate key",
            set_cell("outcomes.csv", out3, "number", "2"),
            "error",
            "outcomes.csv",
            out3,
            "number",
        )
    )
    add(
        Case(
            "duplicate entry (process, position)",
            "duplicate key",
            set_cell("traceability.csv", tr3, "position", "2"),
            "error",
            "traceability.csv",
            tr3,
            "position",
        )
    )
    add(
        Case(
            "duplicate process clause",
            "duplicate key",
            edit_rows("processes.csv", lambda r: r + [r[1]]),
            "error",
            "processes.csv",
            n_rows("processes.csv") + 2,
            "clause",
        )
    )
    add(
        Case(
            "duplicate process id",
            "duplicate key",
            set_cell("processes.csv", proc_c + 1, "id", cell("processes.csv", proc_c, "id")),
            "error",
            "processes.csv",
            proc_c + 1,
            "id",
        )
    )
    add(
        Case(
            "duplicate section",
            "duplicate key",
            edit_rows("sections.csv", lambda r: r + [r[fig1 - 1]]),
            "error",
            "sections.csv",
            n_rows("sections.csv") + 2,
            "section",
        )
    )
    add(
        Case(
            "sections equal but for case (one IRI)",
            "duplicate key",
            edit_rows("sections.csv", lambda r: r + [["figure 1", "x", "figure", "", "no", ""]]),
            "error",
            "sections.csv",
            n_rows("sections.csv") + 2,
            "section",
        )
    )
    add(
        Case(
            "duplicate document id",
            "duplicate key",
            set_cell("documents.csv", doc_1ed + 1, "id", "iso20000-1-2005"),
            "error",
            "documents.csv",
            doc_1ed + 1,
            "id",
        )
    )
    add(
        Case(
            "duplicate edition code",
            "duplicate key",
            set_cell("documents.csv", doc_1ed + 1, "edition_code", "1ED IS"),
            "error",
            "documents.csv",
            doc_1ed + 1,
            "edition_code",
        )
    )
    add(
        Case(
            "duplicate clause (edition, clause)",
            "duplicate key",
            set_cell("clauses.csv", cl_1ed + 1, "clause_as_printed", "06.4"),
            "error",
            "clauses.csv",
            cl_1ed + 1,
            "clause",
        )
    )
    add(
        Case(
            "no row for the TR itself",
            "absent reference",
            edit_rows("documents.csv", lambda r: [x for x in r if x[0] != "tr20000-4-2010"]),
            "error",
            "documents.csv",
            None,
            "id",
        )
    )

    # --- editions and clause numbers
    for value in ("3ED", "1ed is", "1ED  IS"):
        add(
            Case(
                f"unknown edition {value!r}",
                "unknown edition",
                set_cell("traceability.csv", tr2, "edition", value),
                "error",
                "traceability.csv",
                tr2,
                "edition",
            )
        )
    add(
        Case(
            "unknown edition in clauses.csv",
            "unknown edition",
            set_cell("clauses.csv", cl_1ed, "edition", "4ED"),
            "error",
            "clauses.csv",
            cl_1ed,
            "edition",
        )
    )
    for value in ("6..4", "6.4.", "A.1", "6,4", "6.4a", "§6.4"):
        add(
            Case(
                f"malformed clause number {value!r}",
                "malformed clause",
                set_cell("clauses.csv", cl_1ed, "clause_as_printed", value),
                "error",
                "clauses.csv",
                cl_1ed,
                "clause_as_printed",
            )
        )
    add(
        Case(
            "clause not normalised",
            "malformed clause",
            set_cell("clauses.csv", cl_1ed, "clause", "06.4"),
            "error",
            "clauses.csv",
            cl_1ed,
            "clause",
        )
    )
    add(
        Case(
            "cited clause not in clauses.csv",
            "absent reference",
            both(
                set_cell("traceability.csv", tr2, "clause_as_printed", "99.9"),
                set_cell("traceability.csv", tr2, "clause", "99.9"),
            ),
            "error",
            "traceability.csv",
            tr2,
            "clause",
        )
    )
    add(
        Case(
            "heading differs from clauses.csv",
            "inconsistent",
            set_cell("traceability.csv", tr2, "heading_as_printed", "Something else"),
            "error",
            "traceability.csv",
            tr2,
            "heading_as_printed",
        )
    )
    for value in ("5.x", "6.2", "5.6.1", "5"):
        add(
            Case(
                f"process clause {value!r}",
                "malformed clause",
                set_cell("processes.csv", proc_c, "clause", value),
                "error",
                "processes.csv",
                proc_c,
                "clause",
            )
        )

    # --- identifiers that would make bad IRIs
    for value in (
        "change management",
        "Change-Management",
        "../../etc/passwd",
        "change_management",
        "change-management-",
        "chänge",
    ):
        add(
            Case(
                f"process id {value!r}",
                "IRI",
                set_cell("processes.csv", proc_c, "id", value),
                "error",
                "processes.csv",
                proc_c,
                "id",
            )
        )
    add(
        Case(
            "document id with a space",
            "IRI",
            set_cell("documents.csv", doc_1ed, "id", "iso 20000"),
            "error",
            "documents.csv",
            doc_1ed,
            "id",
        )
    )

    # --- vocabularies of a column
    for value in ("Yes", "true", "y", "1"):
        add(
            Case(
                f"available {value!r}",
                "yes/no",
                set_cell("processes.csv", proc_c, "available", value),
                "error",
                "processes.csv",
                proc_c,
                "available",
            )
        )
    add(
        Case(
            "number_printed 'maybe'",
            "yes/no",
            set_cell("outcomes.csv", out2, "number_printed", "maybe"),
            "error",
            "outcomes.csv",
            out2,
            "number_printed",
        )
    )
    add(
        Case(
            "bracket status 'half'",
            "choice",
            set_cell("outcomes.csv", out2, "bracket_status", "half"),
            "error",
            "outcomes.csv",
            out2,
            "bracket_status",
        )
    )
    add(
        Case(
            "bracket status contradicts the text",
            "inconsistent",
            set_cell("outcomes.csv", out2, "bracket_status", "full"),
            "error",
            "outcomes.csv",
            out2,
            "bracket_status",
        )
    )
    add(
        Case(
            "brackets added, status not updated",
            "inconsistent",
            set_cell("outcomes.csv", out2, "text", "[" + cell("outcomes.csv", out2, "text") + "]"),
            "error",
            "outcomes.csv",
            out2,
            "bracket_status",
        )
    )
    add(
        Case(
            "section kind 'chapter'",
            "choice",
            set_cell("sections.csv", fig1, "kind", "chapter"),
            "error",
            "sections.csv",
            fig1,
            "kind",
        )
    )
    add(
        Case(
            "process section turned into a clause",
            "inconsistent",
            set_cell("sections.csv", row_of("sections.csv", section="5.6"), "kind", "clause"),
            "error",
            "processes.csv",
            proc_c,
            "clause",
        )
    )
    add(
        Case(
            "process name differs from the section title",
            "inconsistent",
            set_cell("processes.csv", proc_c, "name", "Change control"),
            "error",
            "processes.csv",
            proc_c,
            "name",
        )
    )
    add(
        Case(
            "context given for a process the source lacks",
            "inconsistent",
            set_cell("processes.csv", proc_26, "context", "invented"),
            "error",
            "processes.csv",
            proc_26,
            "context",
        )
    )
    add(
        Case(
            "purpose missing for an available process",
            "empty cell",
            set_cell("processes.csv", proc_c, "purpose", ""),
            "error",
            "processes.csv",
            proc_c,
            "purpose",
        )
    )

    # --- long cells, and rows counted as a spreadsheet counts them
    add(
        Case(
            "very long cell (20 001 characters)",
            "long cell",
            set_cell("processes.csv", proc_c, "context", "x" * 20_001),
            "error",
            "processes.csv",
            proc_c,
            "context",
        )
    )
    add(
        Case(
            "very long cell (1 000 000 characters)",
            "long cell",
            set_cell("outcomes.csv", out_c, "text", "y" * 1_000_000),
            "error",
            "outcomes.csv",
            out_c,
            "text",
        )
    )
    add(
        Case(
            "error after a cell with line breaks",
            "row numbering",
            both(
                set_cell("processes.csv", proc_c, "context", "one\ntwo\nthree"),
                set_cell("processes.csv", proc_c + 2, "id", "Bad Id"),
            ),
            "error",
            "processes.csv",
            proc_c + 2,
            "id",
        )
    )
    return c


CASES = _cases()


# ---------------------------------------------------------------- running a case


@dataclass
class Result:
    case: Case
    passed: bool
    detail: str


_baseline: dict = {}


def baseline():
    """Bytes and graph of the build from the unmutated tables (once per process)."""
    if not _baseline:
        from rdflib import Graph

        from iso20000_prm.cli import main

        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "g.ttl"
            tables = Path(tmp) / "tables"
            shutil.copytree(SHIPPED, tables)
            import contextlib

            with contextlib.redirect_stderr(io.StringIO()):
                code = main(["build", "--tables", str(tables), "-o", str(out)])
            if code != 0:
                raise RuntimeError("the unmutated tables do not build")
            _baseline["bytes"] = out.read_bytes()
            _baseline["graph"] = Graph().parse(data=_baseline["bytes"], format="turtle")
    return _baseline["bytes"], _baseline["graph"]


def run_case(case: Case, workdir: Path) -> Result:
    """Apply ``case`` to a fresh copy of the shipped tables, build through the CLI, judge."""
    import contextlib

    from iso20000_prm.cli import main

    tables = workdir / "tables"
    if tables.exists():
        shutil.rmtree(tables)
    shutil.copytree(SHIPPED, tables, ignore=shutil.ignore_patterns("*.md"))
    case.mutate(tables)
    outdir = workdir / "out"
    if outdir.exists():
        shutil.rmtree(outdir)
    outdir.mkdir()
    output = outdir / "g.ttl"
    output.write_bytes(SENTINEL)
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err):
            code = main(["build", "--tables", str(tables), "-o", str(output)])
    except Exception as exc:  # a traceback is always a failure of the case
        return Result(case, False, f"traceback: {type(exc).__name__}: {exc}"[:200])
    message = err.getvalue().strip()
    leftovers = sorted(p.name for p in outdir.iterdir() if p.name != "g.ttl")
    if leftovers:
        return Result(case, False, f"left files behind: {leftovers}")

    if case.expect == "error":
        problems = []
        if code != 2:
            problems.append(f"exit {code}, expected 2")
        if output.read_bytes() != SENTINEL:
            problems.append("output replaced")
        if "\n" in message:
            problems.append("message is more than one line")
        if "Traceback" in message:
            problems.append("traceback")
        wanted = [str(tables / case.file)]
        if case.row is not None:
            wanted.append(f", row {case.row}")
        if case.column is not None:
            wanted.append(f", column '{case.column}'")
        for part in wanted:
            if part not in message:
                problems.append(f"message lacks {part!r}")
        shown = message.replace(str(tables) + "/", "").replace(str(tables), "TABLES")
        return Result(case, not problems, "; ".join(problems) if problems else shown[:160])

    if code != 0:
        return Result(case, False, f"exit {code}: {message[:160]}")
    data = output.read_bytes()
    base_bytes, base_graph = baseline()
    if case.expect == "same":
        if data == base_bytes:
            return Result(case, True, "same bytes as the unmutated build")
        from rdflib import Graph
        from rdflib.compare import isomorphic

        same = isomorphic(Graph().parse(data=data, format="turtle"), base_graph)
        return Result(
            case,
            same,
            "isomorphic to the unmutated build"
            if same
            else "graph differs from the unmutated build",
        )
    from rdflib import Graph

    problem = case.check(Graph().parse(data=data, format="turtle"), base_graph)
    return Result(case, problem is None, problem or "built; text held verbatim")


def run_all(cases=CASES) -> list[Result]:
    with tempfile.TemporaryDirectory(prefix="bad-tables-") as tmp:
        return [run_case(case, Path(tmp)) for case in cases]


def report(results: list[Result]) -> str:
    """The Markdown table of cases and results, with the summary figures first."""
    passed = sum(r.passed for r in results)
    kinds = sorted({r.case.kind for r in results})
    lines = [
        "# Bad tables: cases and results",
        "",
        f"Produced by `python tests/bad_tables.py --report`. Cases tried: **{len(results)}** "
        f"({len(kinds)} kinds of mutation); passed: **{passed}**; failed: **{len(results) - passed}**.",
        "",
        "| # | kind | case | expected | result | detail |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for i, r in enumerate(results, start=1):
        c = r.case
        if c.expect == "error":
            where = (
                c.file
                + (f" row {c.row}" if c.row else "")
                + (f" column {c.column}" if c.column else "")
            )
            expected = f"error: {where}"
        else:
            expected = {"same": "same graph", "valid": "built, verbatim"}[c.expect]
        status = (
            "pass"
            if r.passed
            else ("**fail** (known: " + c.known_failure + ")" if c.known_failure else "**fail**")
        )
        detail = r.detail.replace("|", "\\|").replace("\n", " ")
        name = c.name.replace("|", "\\|")
        lines.append(f"| {i} | {c.kind} | {name} | {expected} | {status} | {detail} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import argparse

    sys.path.insert(0, str(ROOT / "src"))
    parser = argparse.ArgumentParser(
        description="Run the bad-tables corpus and print (or write) the Markdown report."
    )
    parser.add_argument(
        "--report", action="store_true", help="print the Markdown table of cases and results"
    )
    parser.add_argument(
        "--output", type=Path, help="write the report to this file instead of printing it"
    )
    args = parser.parse_args()
    results = run_all()
    text = report(results)
    if args.output:
        from iso20000_prm.files import write_atomic

        write_atomic(args.output, text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    sys.exit(0 if all(r.passed or r.case.known_failure for r in results) else 1)
