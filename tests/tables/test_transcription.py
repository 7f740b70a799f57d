"""The source tables against the SOURCE TEXT of ISO/IEC TR 20000-4:2010, clause by clause.

Expectations come from the text (``../shared/source``) split here by its own simple rules, and
from numbers counted by hand while reading it; the tables are read with plain ``csv``, not with
the package's loader, so a bug in the loader cannot hide a bad transcription. A mutation test
shows that the checker catches a dropped row and a changed word.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from _paths import ROOT

from iso20000_prm.files import tables_dir

SOURCE = ROOT.parent / "shared" / "source" / "ISO-IEC-TR-20000-4-2010.txt"
ROW_LABELS = ("Name", "Context", "Purpose", "Outcomes", "Requirements traceability")
OUTCOMES_INTRO = "As a result of successful implementation of this process:"
ENTRY_START = re.compile(r"20000-1 (1ED IS|2ED DRAFT) ")
ENTRY = re.compile(r"20000-1 (1ED IS|2ED DRAFT) ([0-9]+(?:\.[0-9]+)*) ([^\[]+?) \[([0-9,]+)\]")

# ---- counted by hand while reading the source (clauses 5.2 .. 5.25) -------------------------
HAND_OUTCOME_COUNTS = {
    "5.2": 6,
    "5.3": 5,
    "5.4": 9,
    "5.5": 6,
    "5.6": 6,
    "5.7": 5,
    "5.8": 4,
    "5.9": 5,
    "5.10": 5,
    "5.11": 5,
    "5.12": 9,
    "5.13": 5,
    "5.14": 5,
    "5.15": 14,
    "5.16": 6,
    "5.17": 8,
    "5.18": 5,
    "5.19": 10,
    "5.20": 4,
    "5.21": 5,
    "5.22": 8,
    "5.23": 4,
    "5.24": 5,
    "5.25": 11,
}
HAND_FULLY_BRACKETED = {
    ("5.4", 9),
    ("5.5", 1),
    ("5.12", 1),
    ("5.12", 2),
    ("5.12", 3),
    ("5.12", 9),
    ("5.14", 5),
    ("5.16", 2),
    ("5.16", 3),
    ("5.16", 4),
    ("5.17", 1),
    ("5.17", 5),
    ("5.20", 3),
    ("5.21", 4),
    ("5.23", 1),
    ("5.24", 2),
    ("5.24", 3),
    ("5.24", 4),
    ("5.24", 5),
} | {("5.25", n) for n in range(1, 9)}
HAND_PARTLY_BRACKETED = {("5.2", 1), ("5.24", 1)}
UNNUMBERED = {"5.2", "5.9"}  # the source prints these outcome lists without numbers
# entries per clause, counted by hand as (1ED IS, 2ED DRAFT)
HAND_ENTRY_COUNTS = {
    "5.2": (2, 4),
    "5.3": (1, 1),
    "5.4": (4, 6),
    "5.5": (1, 1),
    "5.6": (10, 9),
    "5.7": (3, 4),
    "5.8": (1, 2),
    "5.9": (8, 8),
    "5.10": (2, 2),
    "5.11": (14, 28),
    "5.12": (3, 5),
    "5.13": (2, 2),
    "5.14": (5, 7),
    "5.15": (9, 21),
    "5.16": (1, 1),
    "5.17": (2, 1),
    "5.18": (4, 6),
    "5.19": (1, 1),
    "5.20": (0, 2),
    "5.21": (1, 1),
    "5.22": (7, 13),
    "5.23": (2, 2),
    "5.24": (1, 2),
    "5.25": (1, 1),
}


# ---- the source, split independently ------------------------------------------------------
@dataclass
class SourceClause:
    number: str
    title: str
    rows: dict[str, str] = field(default_factory=dict)
    repeated_header: bool = False

    def outcome_list(self) -> str:
        """The outcome list: HTML tags dropped, the introductory sentence removed."""
        text = re.sub(r"<[^>]+>", " ", self.rows["Outcomes"]).strip()
        assert text.startswith(OUTCOMES_INTRO), (
            f"{self.number}: outcomes do not start with the intro"
        )
        return text[len(OUTCOMES_INTRO) :].strip()

    def traceability(self) -> str:
        """The traceability row as one line: tags, tabs and line breaks become single spaces."""
        return " ".join(re.sub(r"<[^>]+>", " ", self.rows["Requirements traceability"]).split())


def split_source(text: str) -> tuple[dict[str, SourceClause], dict[str, tuple[str, str]]]:
    """Clauses 5.1.. of the body (heading lines without a tab) and the TOC lines of clause 5."""
    toc = {
        m[1]: (m[2].rstrip("."), m[3])
        for m in re.finditer(r"^(5\.[0-9]+) (.+?)\t(\S+)$", text, re.M)
    }
    headings = list(re.finditer(r"^(5\.[0-9]+) ([^\t\n]+)$", text, re.M))
    clauses: dict[str, SourceClause] = {}
    for i, m in enumerate(headings):
        end = headings[i + 1].start() if i + 1 < len(headings) else len(text)
        clause = SourceClause(m[1], m[2])
        if m[1] != "5.1":
            _read_rows(clause, text[m.end() : end])
        clauses[m[1]] = clause
    return clauses, toc


def _read_rows(clause: SourceClause, body: str) -> None:
    current = None
    for line in body.split("\n"):
        if not line.strip():
            continue
        label, _, value = line.partition("\t")
        if label in ROW_LABELS:
            value = value.rstrip("\t")
            if label in clause.rows:
                # a table header repeated at a page break: the previous row goes on after it
                assert label == "Name" and value == clause.rows["Name"], (
                    f"{clause.number}: second {label!r} row"
                )
                clause.repeated_header = True
                continue
            clause.rows[label] = value
            current = label
        else:
            assert current is not None and line.startswith("\t"), (
                f"{clause.number}: stray line {line!r}"
            )
            clause.rows[current] += "\n" + line.strip("\t")


def outcome_pieces(clause: SourceClause) -> list[tuple[int | None, str]]:
    """The outcomes as the source prints them: split at "N. " numbers, or after ; / . if unnumbered."""
    text = clause.outcome_list()
    numbered = re.split(r"(?:^|\s)([0-9]+)\. (?=\S)", text)
    if len(numbered) > 1:
        assert numbered[0].strip() == ""
        return [(int(n), body.strip()) for n, body in zip(numbered[1::2], numbered[2::2])]
    return [(None, piece.strip()) for piece in re.split(r"(?<=[;.])\s+", text) if piece.strip()]


def normalised(printed: str) -> str:
    return re.sub(r"(^|\.)0+(?=[0-9])", r"\1", printed)


# ---- the tables, read plainly -------------------------------------------------------------
def read_csv(directory: Path, name: str) -> list[dict[str, str]]:
    with open(directory / name, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _consume(haystack: str, pieces: list[tuple[str, str]], where: str) -> list[str]:
    """Each (label, text) must follow the previous one with only white space between them,
    and together they must cover ``haystack``: a dropped row leaves text uncovered, a changed
    word is not found."""
    problems, pos = [], 0
    for label, piece in pieces:
        found = haystack.find(piece, pos)
        if found < 0:
            problems.append(f"{where}: {label} not found verbatim (after offset {pos}): {piece!r}")
            continue
        if haystack[pos:found].strip():
            problems.append(
                f"{where}: source text before {label} is not in the tables: {haystack[pos:found].strip()!r}"
            )
        pos = found + len(piece)
    if haystack[pos:].strip():
        problems.append(
            f"{where}: source text after the last row is not in the tables: {haystack[pos:].strip()!r}"
        )
    return problems


def check_transcription(directory: Path, source_text: str) -> list[str]:
    """Every difference between the tables in ``directory`` and the source text."""
    clauses, toc = split_source(source_text)
    processes = read_csv(directory, "processes.csv")
    outcomes = read_csv(directory, "outcomes.csv")
    entries = read_csv(directory, "traceability.csv")
    cited = read_csv(directory, "clauses.csv")
    problems: list[str] = []

    by_clause = {p["clause"]: p for p in processes}
    expected_clauses = [f"5.{n}" for n in range(2, 28)]
    if [p["clause"] for p in processes] != expected_clauses:
        problems.append(
            f"processes.csv: clauses {[p['clause'] for p in processes]}, expected {expected_clauses}"
        )

    for number in expected_clauses:
        proc = by_clause.get(number)
        if proc is None:
            continue
        if number not in clauses:  # 5.26, 5.27: the source has only the table of contents line
            if proc["available"] != "no" or proc["context"] or proc["purpose"]:
                problems.append(
                    f"processes.csv {number}: the source lacks it; expected available=no, empty context and purpose"
                )
            if proc["name"] != toc[number][0]:
                problems.append(
                    f"processes.csv {number}: name {proc['name']!r}, table of contents {toc[number][0]!r}"
                )
            continue
        src = clauses[number]
        if proc["available"] != "yes":
            problems.append(f"processes.csv {number}: the source has it; expected available=yes")
        for column, label in (("name", "Name"), ("context", "Context"), ("purpose", "Purpose")):
            if proc[column] != src.rows[label]:
                problems.append(
                    f"processes.csv {number}, {column}: {proc[column]!r} != source {src.rows[label]!r}"
                )
        if proc["name"] != src.title:
            problems.append(
                f"processes.csv {number}: name {proc['name']!r} != heading {src.title!r}"
            )

        mine = [o for o in outcomes if o["process"] == number]
        pieces = []
        for i, o in enumerate(mine, 1):
            if o["number"] != str(i):
                problems.append(f"outcomes.csv {number}: outcome {o['number']} at place {i}")
            prefix = "" if number in UNNUMBERED else f"{o['number']}. "
            pieces.append((f"outcome {o['number']}", prefix + o["text"]))
            printed = "no" if number in UNNUMBERED else "yes"
            if o["number_printed"] != printed:
                problems.append(
                    f"outcomes.csv {number} outcome {o['number']}: number_printed {o['number_printed']!r}, expected {printed!r}"
                )
        problems += _consume(src.outcome_list(), pieces, f"outcomes.csv {number}")
        source_outcomes = outcome_pieces(src)
        if len(mine) != len(source_outcomes):
            problems.append(
                f"outcomes.csv {number}: {len(mine)} outcomes, the source prints {len(source_outcomes)}"
            )
        for i, (printed_number, text) in enumerate(source_outcomes, 1):
            if printed_number not in (None, i):
                problems.append(
                    f"source {number}: outcome printed as {printed_number} at place {i}"
                )
            status = "full" if text.startswith("[") else "partial" if "[" in text else "none"
            if i <= len(mine) and mine[i - 1]["bracket_status"] != status:
                problems.append(
                    f"outcomes.csv {number} outcome {i}: bracket_status {mine[i - 1]['bracket_status']!r}, the source text is {status!r}"
                )

        trace = src.traceability()
        mine = [e for e in entries if e["process"] == number]
        pieces = []
        for i, e in enumerate(mine, 1):
            if e["position"] != str(i):
                problems.append(f"traceability.csv {number}: position {e['position']} at place {i}")
            if e["clause"] != normalised(e["clause_as_printed"]):
                problems.append(
                    f"traceability.csv {number} position {e['position']}: clause {e['clause']!r} is not {e['clause_as_printed']!r} normalised"
                )
            pieces.append(
                (
                    f"entry {e['position']}",
                    f"20000-1 {e['edition']} {e['clause_as_printed']} {e['heading_as_printed']} [{e['outcomes']}]",
                )
            )
        problems += _consume(trace, pieces, f"traceability.csv {number}")
        if len(mine) != len(ENTRY_START.findall(trace)):
            problems.append(
                f"traceability.csv {number}: {len(mine)} entries, the source prints {len(ENTRY_START.findall(trace))}"
            )

    # every cited clause once per edition, with the heading the entries print
    source_cited = {}
    for src in clauses.values():
        if "Requirements traceability" in src.rows:
            for m in ENTRY.finditer(src.traceability()):
                source_cited.setdefault((m[1], m[2]), set()).add(m[3])
    table_cited = [(c["edition"], c["clause_as_printed"], c["heading"]) for c in cited]
    if len(set(table_cited)) != len(table_cited):
        problems.append("clauses.csv: a clause is listed twice")
    expected = {
        (ed, printed, heading)
        for (ed, printed), headings in source_cited.items()
        for heading in headings
    }
    for missing in sorted(expected - set(table_cited)):
        problems.append(f"clauses.csv: cited in the source but missing: {missing}")
    for extra in sorted(set(table_cited) - expected):
        problems.append(f"clauses.csv: not cited so in the source: {extra}")
    for c in cited:
        if c["clause"] != normalised(c["clause_as_printed"]):
            problems.append(
                f"clauses.csv: clause {c['clause']!r} is not {c['clause_as_printed']!r} normalised"
            )
    return problems


# ---- tests --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def source_text() -> str:
    if not SOURCE.is_file():
        if os.environ.get(
            "CI"
        ):  # CI always has ../shared beside the checkout: a missing source is an error there
            pytest.fail(f"source text not found at {SOURCE}")
        pytest.skip(f"source text not found at {SOURCE}")
    return SOURCE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def source(source_text):
    return split_source(source_text)


def test_source_splits_into_clauses_5_1_to_5_25(source):
    clauses, toc = source
    assert list(clauses) == [f"5.{n}" for n in range(1, 26)]
    assert list(toc) == [f"5.{n}" for n in range(1, 28)]
    assert toc["5.26"] == ("SMS establishment and maintenance", "19")
    assert toc["5.27"] == ("Supplier management", "20")
    # only 5.15 repeats its header row (at a page break), and its context cites ISO/IEC 20000-1
    assert [n for n, c in clauses.items() if c.repeated_header] == ["5.15"]
    assert "ISO/IEC 20000-1" in clauses["5.15"].rows["Context"]


def test_hand_counts_agree_with_the_source(source):
    """The numbers counted by hand, recounted by the splitter (two methods, one answer)."""
    clauses, _ = source
    full, partial = set(), set()
    for number, expected in HAND_OUTCOME_COUNTS.items():
        pieces = outcome_pieces(clauses[number])
        assert len(pieces) == expected, number
        assert all(n is None for n, _ in pieces) == (number in UNNUMBERED), number
        for i, (_, text) in enumerate(pieces, 1):
            if text.startswith("["):
                full.add((number, i))
            elif "[" in text:
                partial.add((number, i))
    assert full == HAND_FULLY_BRACKETED and partial == HAND_PARTLY_BRACKETED
    for number, (first, second) in HAND_ENTRY_COUNTS.items():
        trace = (
            clauses[number].traceability()
            if "Requirements traceability" in clauses[number].rows
            else ""
        )
        assert (trace.count("20000-1 1ED IS"), trace.count("20000-1 2ED DRAFT")) == (
            first,
            second,
        ), number
        assert len(ENTRY.findall(trace)) == first + second, number


def test_tables_match_the_source_clause_by_clause(source_text):
    assert check_transcription(tables_dir(), source_text) == []


def test_pinned_counts():
    """Counts verified by hand against the source (see the HAND_ tables above)."""
    d = tables_dir()
    processes = read_csv(d, "processes.csv")
    outcomes = read_csv(d, "outcomes.csv")
    entries = read_csv(d, "traceability.csv")
    cited = read_csv(d, "clauses.csv")
    assert sum(p["available"] == "yes" for p in processes) == 24
    assert [(p["clause"], p["name"]) for p in processes if p["available"] == "no"] == [
        ("5.26", "SMS establishment and maintenance"),
        ("5.27", "Supplier management"),
    ]
    assert len(outcomes) == 155 == sum(HAND_OUTCOME_COUNTS.values())
    statuses = [o["bracket_status"] for o in outcomes]
    assert (statuses.count("full"), statuses.count("partial"), statuses.count("none")) == (
        27,
        2,
        126,
    )
    assert {
        (o["process"], int(o["number"])) for o in outcomes if o["bracket_status"] == "full"
    } == HAND_FULLY_BRACKETED
    assert {
        (o["process"], int(o["number"])) for o in outcomes if o["bracket_status"] == "partial"
    } == HAND_PARTLY_BRACKETED
    editions = [e["edition"] for e in entries]
    assert (len(entries), editions.count("1ED IS"), editions.count("2ED DRAFT")) == (215, 85, 130)
    assert sum(first + second for first, second in HAND_ENTRY_COUNTS.values()) == 215
    assert sum(len(e["outcomes"].split(",")) for e in entries) == 397
    cited_editions = [c["edition"] for c in cited]
    assert (len(cited), cited_editions.count("1ED IS"), cited_editions.count("2ED DRAFT")) == (
        62,
        23,
        39,
    )


def test_bracketed_outcomes_and_references():
    """TR 5.1: "The outcomes in square brackets are not referenced by any of the entries".

    The source breaks its own rule once, and the tables keep what it prints: in 5.24 the entry
    "20000-1 2ED DRAFT 5.1 General [3]" references the fully bracketed outcome 3. Partly
    bracketed outcomes count as directly linked and are referenced.
    """
    d = tables_dir()
    referenced = {
        (e["process"], int(n))
        for e in read_csv(d, "traceability.csv")
        for n in e["outcomes"].split(",")
    }
    assert referenced & HAND_FULLY_BRACKETED == {("5.24", 3)}
    assert HAND_PARTLY_BRACKETED <= referenced


def test_sections_follow_the_table_of_contents(source):
    _, toc = source
    rows = {s["section"]: s for s in read_csv(tables_dir(), "sections.csv")}
    for number, (title, page) in toc.items():
        assert (rows[number]["title"], rows[number]["toc_page"]) == (title, page), number
        assert rows[number]["available"] == ("no" if number in ("5.26", "5.27") else "yes"), number


# ---- the checker catches mutations --------------------------------------------------------
def _mutated(tmp_path: Path, name: str, change) -> Path:
    copy = tmp_path / "tables"
    shutil.copytree(tables_dir(), copy)
    lines = (copy / name).read_text(encoding="utf-8").splitlines(keepends=True)
    (copy / name).write_text("".join(change(lines)), encoding="utf-8")
    return copy


def _replace_once(old: str, new: str):
    def change(lines):
        text = "".join(lines)
        assert text.count(old) >= 1, old
        return [text.replace(old, new, 1)]

    return change


def _drop_line(starting: str):
    def change(lines):
        hits = [i for i, line in enumerate(lines) if line.startswith(starting)]
        assert len(hits) == 1, starting
        return lines[: hits[0]] + lines[hits[0] + 1 :]

    return change


@pytest.mark.parametrize(
    ("name", "change", "expected"),
    [
        ("outcomes.csv", _drop_line("5.15,7,"), "outcomes.csv 5.15"),
        ("outcomes.csv", _drop_line("5.9,5,"), "outcomes.csv 5.9"),
        (
            "outcomes.csv",
            _replace_once("capacity usage is monitored", "capacity use is monitored"),
            "outcomes.csv 5.5",
        ),
        (
            "outcomes.csv",
            _replace_once("defined [and agreed];", "defined and agreed;"),
            "outcomes.csv 5.2",
        ),
        ("traceability.csv", _drop_line("5.15,30,"), "traceability.csv 5.15"),
        (
            "traceability.csv",
            _replace_once('Internal audit,"1,2,5,6"', 'Internal audit,"1,2,5"'),
            "traceability.csv 5.2",
        ),
        (
            "processes.csv",
            _replace_once("minimise service disruption", "minimize service disruption"),
            "processes.csv 5.16",
        ),
        ("clauses.csv", _drop_line("2ED DRAFT,4.1.4,"), "clauses.csv"),
    ],
    ids=[
        "drop-outcome",
        "drop-unnumbered-outcome",
        "change-outcome-word",
        "drop-bracket",
        "drop-entry",
        "change-entry-numbers",
        "change-purpose-word",
        "drop-clause",
    ],
)
def test_checker_catches_mutations(tmp_path, source_text, name, change, expected):
    problems = check_transcription(_mutated(tmp_path, name, change), source_text)
    assert problems, "the mutation went unnoticed"
    assert any(p.startswith(expected) for p in problems), problems


def test_checker_catches_a_consistent_edit_the_loader_accepts(tmp_path, source_text):
    """Rename a heading in traceability.csv and clauses.csv alike: the tables still agree with
    each other (the build accepts them), but no longer with the source."""
    from iso20000_prm.tables.read import load_tables

    copy = _mutated(
        tmp_path, "traceability.csv", _replace_once("Internal audit,", "Internal audits,")
    )
    for name in ("traceability.csv", "clauses.csv"):
        path = copy / name
        path.write_text(
            path.read_text(encoding="utf-8")
            .replace("Internal audit\n", "Internal audits\n")
            .replace("Internal audit,", "Internal audits,"),
            encoding="utf-8",
        )
    assert len(load_tables(copy).traceability) == 215
    problems = check_transcription(copy, source_text)
    assert any(p.startswith("traceability.csv 5.2") for p in problems), problems
    assert any(p.startswith("clauses.csv") and "Internal audits" in p for p in problems), problems
