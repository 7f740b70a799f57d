"""Traces and coverage for ISO/IEC 20000-1:2011 and 2018 through the chain, against plain Python.

The expected answers are computed here from the CSV tables alone (tables/*.csv and the two
curated reference tables), with the 1ED -> 2ED DRAFT rules as docs/linking.md states them and
the composition tables written out by hand in test_editions.py; the saved queries run on both
engines must give the same rows.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest
from _answer_memo import remember_answers
from _paths import ROOT
from test_editions import SET_BY_HAND, SKOS_BY_HAND, WORDS, N

from iso20000_prm.sparql import saved as sparql
from iso20000_prm.sparql.params import ParameterError

RANK = {"low": 1, "medium": 2, "high": 3}
STOP = {"a", "an", "and", "by", "for", "in", "of", "on", "or", "the", "to"}
DRAFT_WORDS = {
    "same": ("exactMatch", "equal"),
    "same (words reordered)": ("exactMatch", "equal"),
    "renumbered": ("exactMatch", "equal"),
    "same slot (retitled)": ("closeMatch", None),
    "same number (retitled)": ("closeMatch", None),
    "merged into broader clause": ("broadMatch", "subsetOf"),
}


def read(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def pkey(p):
    return tuple(int(x) for x in p.split("."))


class Chain:
    """Everything from the CSV files: which (edition, clause) reaches which 2011/2018 clause at
    which best confidence, and the outcomes traced to each TR clause."""

    def __init__(self):
        t = ROOT / "tables"
        self.processes = read(t / "processes.csv")
        self.outcomes = read(t / "outcomes.csv")
        self.traced = defaultdict(set)  # (edition, clause) -> {(process, n)}
        heading = {}
        for c in read(t / "clauses.csv"):
            heading[(c["edition"], c["clause"])] = c["heading"]
        for row in read(t / "traceability.csv"):
            for n in row["outcomes"].split(","):
                self.traced[(row["edition"], row["clause"])].add((row["process"], int(n)))
        # hop 1ED IS -> 2ED DRAFT, by the three rules (first match wins)
        hop1 = []
        words = lambda h: {w for w in re.findall(r"[a-z0-9]+", h.lower()) if w not in STOP}  # noqa: E731
        norm = lambda h: " ".join(h.lower().split())  # noqa: E731
        for (e1, a), oa in self.traced.items():
            if e1 != "1ED IS":
                continue
            for (e2, b), ob in self.traced.items():
                if e2 != "2ED DRAFT" or not oa & ob:
                    continue
                ha, hb = heading[(e1, a)], heading[(e2, b)]
                wa, wb = words(ha), words(hb)
                if norm(ha) == norm(hb):
                    hop1.append((a, b, "exactMatch", None, "high"))
                elif wa and wb and (wa <= wb or wb <= wa):
                    hop1.append((a, b, "closeMatch", None, "medium"))
                elif len(oa & ob) >= 2 and 2 * len(oa & ob) >= len(oa | ob):
                    hop1.append((a, b, "relatedMatch", None, "low"))
        hop2 = [
            (
                r["draft_clause"],
                r["published_2011_clause"],
                *DRAFT_WORDS[r["relation"]],
                r["confidence"],
            )
            for r in read(ROOT / "reference" / "20000-1-2ed-draft-to-2011.csv")
            if r["relation"] in DRAFT_WORDS
        ]
        hop3 = [
            (
                r["published_2011_clause"],
                r["published_2018_clause"],
                *WORDS[r["relation"]],
                r["confidence"],
            )
            for r in read(ROOT / "reference" / "20000-1-2011-to-2018.csv")
        ]

        def compose(first, second):
            out = []
            for a, b, p, r1, c1 in first:
                for b2, c, q, r2, c2 in second:
                    if b != b2:
                        continue
                    skos = SKOS_BY_HAND[p][q]
                    rel = SET_BY_HAND[r1][r2] if r1 and r2 else None
                    if skos == N or rel == N:
                        continue
                    out.append((a, c, skos, rel, min(c1, c2, key=RANK.get)))
            return out

        e1_2011 = compose(hop1, hop2)
        # (TR edition, clause) -> [(target edition, target clause, confidence)]
        self.reach = defaultdict(list)
        for src, edition, records in (
            ("2ED DRAFT", "2011", hop2),
            ("1ED IS", "2011", e1_2011),
            ("2ED DRAFT", "2018", compose(hop2, hop3)),
            ("1ED IS", "2018", compose(e1_2011, hop3)),
        ):
            for a, c, _, _, level in records:
                self.reach[(src, a)].append((edition, c, level))

    def best(self, edition):
        """(process, outcome) -> best rank reaching any clause of ``edition``; and per
        (clause, process) -> {outcome: best rank}."""
        per_outcome, per_cell = {}, defaultdict(dict)
        for key, outs in self.traced.items():
            for ed, clause, level in self.reach.get(key, ()):
                if ed != edition:
                    continue
                for o in outs:
                    per_outcome[o] = max(per_outcome.get(o, 0), RANK[level])
                    cell = per_cell[(clause, o[0])]
                    cell[o[1]] = max(cell.get(o[1], 0), RANK[level])
        return per_outcome, per_cell

    def coverage(self, edition, minimum):
        best, _ = self.best(edition)
        rows = []
        for p in sorted(self.processes, key=lambda p: pkey(p["clause"])):
            direct = [
                (o["process"], int(o["number"]))
                for o in self.outcomes
                if o["process"] == p["clause"] and o["bracket_status"] != "full"
            ]
            hit = [o for o in direct if best.get(o, 0) >= RANK[minimum]]
            if direct:
                pct = Decimal(1000 * len(hit)) / Decimal(len(direct))
                pct = float(pct.quantize(Decimal("1"), rounding=ROUND_HALF_UP) / 10)
            else:
                pct = "no data"
            rows.append(
                (
                    edition,
                    p["clause"],
                    p["name"],
                    p["available"] == "yes",
                    len(direct),
                    len(hit),
                    pct,
                )
            )
        return rows

    def matrix(self, edition, minimum):
        _, cells = self.best(edition)
        out = {}
        for (clause, process), outs in cells.items():
            kept = [r for r in outs.values() if r >= RANK[minimum]]
            if kept:
                name = {3: "high", 2: "medium", 1: "low"}[max(kept)]
                out[(clause, process)] = (len(kept), name)
        return out


CHAIN = Chain()


@pytest.fixture(scope="module", params=["oxigraph", "rdflib"])
def store(request, shipped_turtle):
    """Read only; a text asked again (the same case by two tests) is answered once."""
    if request.param == "rdflib":
        return request.getfixturevalue("shipped_rdflib_store")
    return remember_answers(sparql.open_store(shipped_turtle, engine=request.param))


def run(store, name, **params):
    return sparql.run_query(name, params, graph=store, engine=store.engine).tuples()


@pytest.mark.parametrize("edition", ["2011", "2018"])
@pytest.mark.parametrize("minimum", ["low", "medium", "high"])
def test_edition_coverage_equals_plain_python(store, edition, minimum):
    got = run(store, "edition-coverage", edition=edition, minConfidence=minimum)
    got = [(*r[:6], float(r[6]) if r[6] != "no data" else r[6]) for r in got]
    assert got == CHAIN.coverage(edition, minimum)


@pytest.mark.parametrize("edition", ["2011", "2018"])
@pytest.mark.parametrize("minimum", ["low", "medium", "high"])
def test_edition_coverage_matrix_equals_plain_python(store, edition, minimum):
    rows = run(store, "edition-matrix", edition=edition, minConfidence=minimum)
    got = {(r[1], r[3]): (int(r[4]), r[5]) for r in rows}
    assert len(got) == len(rows)
    assert got == CHAIN.matrix(edition, minimum)


def test_default_confidence_is_low(store):
    assert run(store, "edition-coverage", edition="2018") == run(
        store, "edition-coverage", edition="2018", minConfidence="low"
    )


def test_chain_traces_of_change_management_2018(store):
    """The worked question of docs/editions.md: which outcomes support 2018 8.5.1?"""
    rows = run(store, "chain-traces", edition="2018", clause="8.5.1")
    expected = set()
    for (src, clause), targets in CHAIN.reach.items():
        for ed, target, level in targets:
            if (ed, target) == ("2018", "8.5.1"):
                for p, n in CHAIN.traced[(src, clause)]:
                    expected.add((p, n, src, clause, level))
    assert {(r[3], int(r[5]), r[6], r[7], r[12]) for r in rows} == expected
    assert {r[12] for r in rows} == {"medium"}  # 9.2 -> 8.5.1 is a medium row of the table
    assert all(" -> 2018 8.5.1" in r[8] for r in rows)


def test_chain_traces_says_none_where_nothing_reaches(store):
    rows = run(store, "chain-traces", edition="2018", clause="7.6")
    assert [(r[1], r[2], r[8]) for r in rows] == [("7.6", "Knowledge", "none")]


def test_unknown_edition_or_confidence_is_an_error(store):
    with pytest.raises(ParameterError, match=r"no edition '2015'; did you mean .*20000-1:2018"):
        run(store, "edition-coverage", edition="2015")
    with pytest.raises(ParameterError, match="'medium'"):
        run(store, "edition-coverage", edition="2018", minConfidence="certain")


def _clauses_of(edition):
    """The clauses of the 2011 or 2018 scheme, from the reference tables alone."""
    ref = ROOT / "reference"
    if edition == "2018":
        return {r["clause"] for r in read(ref / "20000-1-2018-clauses.csv")}
    named = {r["published_2011_clause"] for r in read(ref / "20000-1-2ed-draft-to-2011.csv")}
    named |= {r["published_2011_clause"] for r in read(ref / "20000-1-2011-to-2018.csv")}
    return named - {""}  # a draft clause with no 2011 counterpart names none


@pytest.mark.parametrize("edition", ["2011", "2018"])
@pytest.mark.parametrize("minimum", ["low", "high"])
def test_chain_traces_of_every_clause_equal_plain_python(store, edition, minimum):
    """Every clause of the edition, by its number as the tables print it: the outcomes reaching
    it (process, outcome, TR edition and clause, confidence) as the CSV tables give them, or
    one "none" row where nothing reaches it at that confidence."""
    clauses = _clauses_of(edition)
    assert len(clauses) == {"2011": 47, "2018": 75}[edition]
    reached = 0
    for clause in sorted(clauses, key=pkey):
        rows = run(store, "chain-traces", edition=edition, clause=clause, minConfidence=minimum)
        expected = set()
        for (src, tr_clause), targets in CHAIN.reach.items():
            for ed, target, level in targets:
                if (ed, target) == (edition, clause) and RANK[level] >= RANK[minimum]:
                    for p, n in CHAIN.traced[(src, tr_clause)]:
                        expected.add((p, n, src, tr_clause, level))
        assert {r[1] for r in rows} == {clause}
        if expected:
            reached += 1
            got = {(r[3], int(r[5]), r[6], r[7], r[12]) for r in rows}
            assert got == expected, clause
        else:
            assert [r[8] for r in rows] == ["none"], clause
    assert reached > 0
