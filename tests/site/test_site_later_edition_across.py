"""The across-editions section of the 2011 and 2018 clause pages: the clauses of the other
editions mapped to the clause (relation and confidence), and for each earlier-edition clause the
outcomes kept, added and dropped, against two derivations made without the site code: plain
Python over tables/*.csv and reference/*.csv (the ``Chain`` of
tests/mappings/test_edition_queries.py, the relation words of the reference tables written out
by hand there and in test_editions.py), and the text ``iso20000-prm mappings compare`` prints."""

from __future__ import annotations

import csv
import functools
import re
import subprocess
import sys

import pytest
from _docs_support import built_site, parse_html
from _paths import ROOT

sys.path.append(str(ROOT / "tests" / "mappings"))
from test_edition_queries import CHAIN, DRAFT_WORDS  # noqa: E402  (plain Python over the CSVs)
from test_editions import WORDS  # noqa: E402  (the 2011 -> 2018 relation words, by hand)

RANK = {"low": 1, "medium": 2, "high": 3}
SLUG = {"1ED IS": "iso20000-1-2005", "2ED DRAFT": "iso20000-1-2ed-draft"}
SLUG |= {"2011": "iso20000-1-2011", "2018": "iso20000-1-2018"}
EDITION_OF_SLUG = {v: k for k, v in SLUG.items()}
IDENTIFIER = {  # what the page's Edition column says (tables/documents.csv, the schemes)
    "ISO/IEC 20000-1:2005": "1ED IS",
    "ISO/IEC 20000-1 2ED DRAFT": "2ED DRAFT",
    "ISO/IEC 20000-1:2011": "2011",
    "ISO/IEC 20000-1:2018": "2018",
}
INVERSE = {"broadMatch": "narrowMatch", "narrowMatch": "broadMatch"}
ORDER = ["1ED IS", "2ED DRAFT", "2011", "2018"]
# a few clauses: one reached through all three earlier editions, one whose 2011 clause reaches
# it only through a cut chain (all dropped), one nothing maps to, 2011 ones in both directions
FEW = [("2018", "8.5.1"), ("2018", "7.2"), ("2018", "7.6"), ("2011", "9.2"), ("2011", "4.4.2")]


def read(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def pkey(c: str) -> tuple[int, ...]:
    return tuple(int(x) for x in c.split("."))


@functools.cache
def reaching(edition: str, clause: str) -> frozenset:
    """The (process, outcome) pairs reaching a 2011/2018 clause through any chain of the CSVs."""
    out = set()
    for key, targets in CHAIN.reach.items():
        if any((ed, c) == (edition, clause) for ed, c, _ in targets):
            out |= CHAIN.traced[key]
    return frozenset(out)


def outcomes(edition: str, clause: str) -> frozenset:
    if edition in ("1ED IS", "2ED DRAFT"):
        return frozenset(CHAIN.traced[(edition, clause)])
    return reaching(edition, clause)


@functools.cache
def curated() -> list[tuple[str, str, str, str, str, str]]:
    """(edition, clause, edition, clause, SKOS property, confidence) of the curated tables."""
    ref = ROOT / "reference"
    rows = [
        ("2ED DRAFT", r["draft_clause"], "2011", r["published_2011_clause"], p, r["confidence"])
        for r in read(ref / "20000-1-2ed-draft-to-2011.csv")
        if r["relation"] in DRAFT_WORDS
        for p in [DRAFT_WORDS[r["relation"]][0]]
    ]
    rows += [
        (
            "2011",
            r["published_2011_clause"],
            "2018",
            r["published_2018_clause"],
            WORDS[r["relation"]][0],
            r["confidence"],
        )
        for r in read(ref / "20000-1-2011-to-2018.csv")
    ]
    return rows


def expected_counterparts(edition: str, clause: str) -> dict[tuple[str, str], str]:
    """(edition, clause) of every clause a record relates the clause to -> its confidence (the
    strongest where two chains join the same pair), from the CSVs."""
    out: dict[tuple[str, str], str] = {}

    def add(key, level):
        if RANK[level] > RANK.get(out.get(key, ""), 0):
            out[key] = level

    for (src, tr_clause), targets in CHAIN.reach.items():
        for ed, c, level in targets:
            if (ed, c) == (edition, clause):
                add((src, tr_clause), level)
    for e1, c1, e2, c2, _, level in curated():
        if (e1, c1) == (edition, clause):
            add((e2, c2), level)
        if (e2, c2) == (edition, clause):
            add((e1, c1), level)
    return out


def expected_changes(edition: str, clause: str) -> dict[tuple[str, str], dict[str, frozenset]]:
    """For every earlier-edition counterpart: kept, added, dropped (process, outcome) pairs."""
    after = outcomes(edition, clause)
    out = {}
    for ed, c in expected_counterparts(edition, clause):
        if ORDER.index(ed) < ORDER.index(edition):
            before = outcomes(ed, c)
            out[(ed, c)] = {
                "kept": before & after,
                "added": after - before,
                "dropped": before - after,
            }
    return out


@functools.cache
def page(edition: str, clause: str):
    rel = f"id/{SLUG[edition]}/clause/{clause}.html"
    return parse_html((built_site() / rel).read_text(encoding="utf-8"))


def across_rows(doc) -> list[list[str]]:
    tables = doc.find_all("table", cls="across")
    if not tables:
        return []
    return [[td.text() for td in tr.find_all("td")] for tr in tables[0].find_all("tr")[1:]]


def shown_changes(doc) -> dict[tuple[str, str], dict[str, frozenset]]:
    """(edition, clause) of each "What changed" heading -> its kept/added/dropped outcomes."""
    heads = [h for h in doc.find_all("h3") if h.attrs.get("id", "").startswith("changed-")]
    lists = doc.find_all("ul", cls="changes")
    assert len(heads) == len(lists)
    out = {}
    for h, ul in zip(heads, lists, strict=True):
        slug, _, clause = h.attrs["id"].removeprefix("changed-").rpartition("-")
        got = {}
        for li in ul.find_all("li"):
            pairs = {
                (a.text().split("/")[0], int(a.text().split("/")[1])) for a in li.find_all("a")
            }
            count = re.search(r"\((\d+)\)", li.text())
            assert count and int(count.group(1)) == len(pairs), li.text()
            got[li.attrs["data-change"]] = frozenset(pairs)
        out[(EDITION_OF_SLUG[slug], clause)] = got
    return out


def later_clauses() -> list[tuple[str, str]]:
    ref = ROOT / "reference"
    c2018 = {r["clause"] for r in read(ref / "20000-1-2018-clauses.csv")}
    c2011 = {r["published_2011_clause"] for r in read(ref / "20000-1-2ed-draft-to-2011.csv")}
    c2011 |= {r["published_2011_clause"] for r in read(ref / "20000-1-2011-to-2018.csv")}
    return [("2011", c) for c in sorted(c2011 - {""}, key=pkey)] + [
        ("2018", c) for c in sorted(c2018 - {""}, key=pkey)
    ]


def test_every_2011_and_2018_clause_page_has_the_counterparts_and_changes_of_the_tables():
    with_changes = 0
    for edition, clause in later_clauses():
        doc = page(edition, clause)
        rows = across_rows(doc)
        got = {(IDENTIFIER[r[0]], r[1]): r[4] for r in rows}
        assert got == expected_counterparts(edition, clause), (edition, clause)
        expected = expected_changes(edition, clause)
        assert shown_changes(doc) == expected, (edition, clause)
        with_changes += bool(expected)
        if not rows:
            assert "No mapping record names this clause" in doc.text()
    assert with_changes > 80


def test_relation_of_the_curated_counterparts_is_the_reference_tables_read_from_the_clause():
    checked = 0
    for edition, clause in later_clauses():
        rows = {(IDENTIFIER[r[0]], r[1]): r for r in across_rows(page(edition, clause))}
        for e1, c1, e2, c2, prop, level in curated():
            if (e2, c2) == (edition, clause):  # the page's clause is the object: read backwards
                key, relation = (e1, c1), INVERSE.get(prop, prop)
            elif (e1, c1) == (edition, clause):
                key, relation = (e2, c2), prop
            else:
                continue
            row = rows[key]
            assert row[3] == f"skos:{relation}", (edition, clause, key)
            assert row[4] == level and "direct" in row[5], (edition, clause, key)
            checked += 1
    twice = sum(1 for r in curated() if r[0] == "2011")  # on the 2011 and the 2018 page
    assert checked == len(curated()) + twice


def _compare_cli(edition: str, clause: str) -> tuple[frozenset, dict]:
    """What ``iso20000-prm mappings compare`` prints: the clause's outcomes, and per counterpart
    (edition, clause) -> (role, confidence, its outcomes)."""
    out = subprocess.run(
        [sys.executable, "-m", "iso20000_prm.cli", "mappings", "compare"]
        + ["--edition", edition, "--clause", clause],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout.splitlines()

    def pairs(text: str) -> frozenset:
        listed = text.rsplit(": ", 1)[1]
        return frozenset(
            (p, int(n)) for p, n in (x.split("/") for x in listed.split(", ") if x != "-")
        )

    given = pairs(out[0])
    rows, current = {}, None
    for line in out[1:]:
        m = re.match(r"  (maps to|mapped from) (1ED IS|2ED DRAFT|2011|2018) (\S+) .*\[(.*);", line)
        if m:
            current = (m.group(2), m.group(3))
            rows[current] = [m.group(1), m.group(4).split()[-1], None]
        elif re.match(r"    \d+ outcome", line):
            rows[current][2] = pairs(line)
    return given, rows


@pytest.mark.parametrize("edition,clause", FEW)
def test_section_equals_mappings_compare(edition, clause):
    given, rows = _compare_cli(edition, clause)
    assert given == outcomes(edition, clause)  # the two derivations agree with each other
    doc = page(edition, clause)
    shown = {(IDENTIFIER[r[0]], r[1]): r[4] for r in across_rows(doc)}
    assert shown == {k: level for k, (_, level, _) in rows.items()}
    expected = {
        k: {"kept": theirs & given, "added": given - theirs, "dropped": theirs - given}
        for k, (role, _, theirs) in rows.items()
        if role == "mapped from"
    }
    assert shown_changes(doc) == expected
    assert expected == expected_changes(edition, clause)


def test_the_few_clauses_say_what_was_worked_out_by_hand():
    """Counts checked by hand against docs/editions.md (8.5.1: 14 outcomes traced to 1ED IS 9.2,
    15 to 2ED DRAFT 9.2, 19 reaching 2018 8.5.1) and its worked cut (draft 4.4.2.1 -> 2011
    4.4.2 -> 2018 7.2 proves nothing: what reaches 2011 4.4.2 is all dropped at 7.2)."""
    c = shown_changes(page("2018", "8.5.1"))
    assert {k: len(v) for k, v in c[("1ED IS", "9.2")].items()} == {
        "kept": 14,
        "added": 5,
        "dropped": 0,
    }
    assert len(c[("2ED DRAFT", "9.2")]["added"]) == 4
    cut = shown_changes(page("2018", "7.2"))[("2011", "4.4.2")]
    assert not cut["kept"] and not cut["added"] and cut["dropped"]
    assert ("5.8", 1) in cut["dropped"]
    assert shown_changes(page("2018", "7.6")) == {}
    # a 2011 clause: its 2018 counterparts are listed, what changed is shown on their pages
    rows = across_rows(page("2011", "9.2"))
    assert ["ISO/IEC 20000-1:2018", "8.5.1"] == rows[-1][:2] and rows[-1][4] == "medium"
    assert ("2018", "8.5.1") not in shown_changes(page("2011", "9.2"))
