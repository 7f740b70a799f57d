"""Edition comparison (``mappings compare``): counterparts and outcomes, against the CSV tables.

Expected values come from plain Python over the tables (the chain computed in
test_edition_queries.Chain) and from rows of the curated tables read by hand.
"""

from __future__ import annotations

import csv

import pytest
from _paths import ROOT
from test_edition_queries import CHAIN

from iso20000_prm.cli import main
from iso20000_prm.errors import PRMError
from iso20000_prm.mappings import compare_clause


def test_2018_change_management_counterparts_and_outcomes():
    rows = compare_clause("2018", "8.5.1")
    given, others = rows[0], rows[1:]
    assert (given.role, given.edition, given.clause, given.heading) == (
        "given",
        "2018",
        "8.5.1",
        "Change management",
    )
    # TR clauses whose chain reaches 2018 8.5.1, and the 2011 clause the table maps to it
    tr = {
        k for k, targets in CHAIN.reach.items() if any(t[:2] == ("2018", "8.5.1") for t in targets)
    }
    with open(ROOT / "reference" / "20000-1-2011-to-2018.csv", encoding="utf-8") as f:
        from_2011 = {
            ("2011", r["published_2011_clause"])
            for r in csv.DictReader(f)
            if r["published_2018_clause"] == "8.5.1"
        }
    assert (
        {(r.edition, r.clause) for r in others}
        == tr | from_2011
        == {
            ("1ED IS", "9.2"),
            ("2ED DRAFT", "9.2"),
            ("2011", "9.2"),
        }
    )
    for r in others:
        if r.edition in ("1ED IS", "2ED DRAFT"):
            assert set(r.outcomes) == CHAIN.traced[(r.edition, r.clause)]
            assert r.derived and r.role == "mapped from" and r.chain.endswith("2018 8.5.1")
    assert set(given.outcomes) == set().union(*(CHAIN.traced[k] for k in tr))
    assert {r.confidence for r in others} == {"medium"}


def test_tr_clause_shows_direct_and_chained_counterparts():
    rows = compare_clause("2005", "06.4")  # printed form of 1ED IS 6.4
    assert rows[0].clause == "6.4" and rows[0].edition == "1ED IS"
    got = {(r.edition, r.clause, r.derived) for r in rows[1:]}
    assert ("2ED DRAFT", "6.4", False) in got  # 1ed-to-2ed-draft (direct)
    assert ("2011", "6.4", True) in got  # chained through the draft
    assert ("2018", "8.4.1", True) in got  # 6.4 -> 8.4.1 renumbered in the 2011 -> 2018 table
    expected = {(p, n) for p, n in CHAIN.traced[("1ED IS", "6.4")]}
    assert set(rows[0].outcomes) == expected


@pytest.mark.parametrize(
    "edition, clause, message",
    [
        ("2017", "8.5.1", "no edition '2017'.*did you mean 2018"),
        ("2018", "8.5.9", "no clause '8.5.9' of 2018; did you mean 8.5.3"),
    ],
)
def test_unknown_edition_or_clause(edition, clause, message, capsys):
    with pytest.raises(PRMError, match=message):
        compare_clause(edition, clause)
    assert main(["mappings", "compare", "--edition", edition, "--clause", clause]) == 2
    err = capsys.readouterr().err
    assert "did you mean" in err and "Traceback" not in err


def test_cli_compare_prints_the_chain(capsys):
    assert main(["mappings", "compare", "--edition", "2018", "--clause", "7.6"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2018 7.6 Knowledge: 0 outcome(s) reaching: -")
    assert main(["mappings", "compare", "--edition", "2ed draft", "--clause", "9.2"]) == 0
    out = capsys.readouterr().out
    assert "chain: 2ED DRAFT 9.2 -> 2011 9.2 -> 2018 8.5.1" in out
