"""The 2011 and 2018 editions as query parameters (issue 18): every way of naming them resolves
in the mapping-set queries (chain-traces, edition-coverage, edition-matrix); a clause of their
schemes is checked, so an unknown one is exit 2 with close names, never a "none" row; and an
edition a query does not answer for is exit 2 naming the query that does. Names and headings
come from the reference tables, not from the graph."""

from __future__ import annotations

import csv

import pytest
from _paths import ROOT

from iso20000_prm.cli import main
from iso20000_prm.sparql import saved as sparql


def _heading_2018():
    with open(ROOT / "reference" / "20000-1-2018-clauses.csv", encoding="utf-8-sig") as f:
        return {r["clause"]: r["heading"] for r in csv.DictReader(f)}


HEADING_2018 = _heading_2018()


def aliases(year):
    """Ways of naming ISO/IEC 20000-1:<year>: the year, the identifier as printed and in other
    cases, without the ISO/IEC prefix, and the IRI slug."""
    return [
        year,
        f"ISO/IEC 20000-1:{year}",
        f"iso/iec 20000-1:{year}",
        f"20000-1:{year}",
        f"iso20000-1-{year}",
        f"ISO20000-1-{year}",
        f" {year} ",
    ]


@pytest.fixture(scope="module")
def store(shipped_turtle):
    return sparql.open_store(shipped_turtle)


def rows(store, name, **params):
    return sparql.run_query(name, params, graph=store).tuples()


def cli(capsys, shipped_turtle, *argv):
    code = main(["query", *argv, "--graph", str(shipped_turtle)])
    out, err = capsys.readouterr()
    return code, out, err.strip()


@pytest.mark.parametrize("year", ["2011", "2018"])
def test_every_alias_of_the_edition_gives_the_years_answer(store, year):
    clause = {"2011": "9.2", "2018": "8.5.1"}[year]
    expected = {
        "chain-traces": rows(store, "chain-traces", edition=year, clause=clause),
        "edition-coverage": rows(store, "edition-coverage", edition=year, minConfidence="medium"),
        "edition-matrix": rows(store, "edition-matrix", edition=year, minConfidence="medium"),
    }
    assert all(expected.values())
    assert expected["chain-traces"][0][8] != "none"  # the clause is reached: a real answer
    for alias in aliases(year):
        assert (
            rows(store, "chain-traces", edition=alias, clause=clause) == expected["chain-traces"]
        ), alias
        for name in ("edition-coverage", "edition-matrix"):
            assert rows(store, name, edition=alias, minConfidence="medium") == expected[name], alias


def test_the_cli_answers_for_the_identifier_as_printed(capsys, shipped_turtle):
    code, by_year, _ = cli(capsys, shipped_turtle, "chain-traces", "-p", "edition=2018")
    assert code == 0 and "8.5.1" in by_year
    code, by_id, _ = cli(
        capsys, shipped_turtle, "chain-traces", "-p", "edition=ISO/IEC 20000-1:2018"
    )
    assert code == 0 and by_id == by_year


@pytest.mark.parametrize(
    "edition, clause, close",
    [
        ("2018", "8.5.9", "8.5.1 " + HEADING_2018["8.5.1"]),  # same parent: its siblings
        ("2018", "7.66", "7.6 " + HEADING_2018["7.6"]),
        ("iso20000-1-2018", "8.15", "8.1 "),
        ("2011", "8.5.1", "8.1"),  # a 2018 number, not a 2011 one
        ("2011", "4.4.9", "4.4.2"),
    ],
)
def test_an_unknown_clause_is_exit_2_with_close_clauses(
    capsys, shipped_turtle, edition, clause, close
):
    argv = ["chain-traces", "-p", f"edition={edition}", "-p", f"clause={clause}"]
    code, out, err = cli(capsys, shipped_turtle, *argv)
    assert code == 2 and out == "" and len(err.splitlines()) == 1
    year = edition[-4:]
    assert f"no clause of {year} '{clause}'" in err and "did you mean" in err, err
    assert close in err, err


def test_a_clause_far_from_any_is_exit_2_listing_the_editions_clauses(capsys, shipped_turtle):
    code, out, err = cli(
        capsys, shipped_turtle, "chain-traces", "-p", "edition=2018", "-p", "clause=99.9"
    )
    assert code == 2 and out == ""
    assert "no clause of 2018 '99.9'" in err and "4 " + HEADING_2018["4"] in err, err


def test_a_default_clause_outside_the_edition_given_says_it_is_the_default(capsys, shipped_turtle):
    # chain-traces defaults to 2018 clause 8.5.1 (its header); 2011 has no clause 8.5.1
    code, out, err = cli(capsys, shipped_turtle, "chain-traces", "-p", "edition=2011")
    assert code == 2 and out == "" and len(err.splitlines()) == 1
    assert "no clause of 2011 '8.5.1'" in err and "the query's default clause" in err, err
    code, out, err = cli(
        capsys, shipped_turtle, "chain-traces", "-p", "edition=2011", "-p", "clause=8.5.1"
    )
    assert code == 2 and "default" not in err, err


@pytest.mark.parametrize("name", ["chain-traces", "edition-coverage", "edition-matrix"])
def test_an_unknown_edition_is_exit_2_with_close_editions(capsys, shipped_turtle, name):
    code, out, err = cli(capsys, shipped_turtle, name, "-p", "edition=2015")
    assert code == 2 and out == ""
    assert "no edition '2015'" in err and "did you mean" in err and "20000-1:2018" in err, err


@pytest.mark.parametrize(
    "name, params, answered_by, arg",
    [
        ("clause-traces", ["edition=2018", "clause=8.5.1"], "chain-traces", "-p edition=2018"),
        ("clause-traces", ["edition=iso20000-1-2011"], "chain-traces", "-p edition=2011"),
        ("coverage-matrix", ["edition=ISO/IEC 20000-1:2018"], "edition-matrix", "-p edition=2018"),
        ("coverage-matrix", ["edition=2011"], "edition-matrix", "-p edition=2011"),
        ("chain-traces", ["edition=1ed", "clause=9.2"], "clause-traces", "-p 'edition=1ED IS'"),
        ("edition-matrix", ["edition=2ed-draft"], "coverage-matrix", "-p 'edition=2ED DRAFT'"),
        ("edition-coverage", ["edition=2005"], "process-coverage", "-p 'edition=1ED IS'"),
        ("process-coverage", ["edition=2018"], "edition-coverage", "-p edition=2018"),
    ],
)
def test_an_edition_the_query_does_not_answer_for_names_the_query_that_does(
    capsys, shipped_turtle, name, params, answered_by, arg
):
    argv = [name]
    for p in params:
        argv += ["-p", p]
    code, out, err = cli(capsys, shipped_turtle, *argv)
    assert code == 2 and out == "" and len(err.splitlines()) == 1
    assert f"which {name} does not answer for" in err, err
    assert err.endswith(
        f"ask {answered_by}: iso20000-prm query {answered_by}" + (" " + arg if arg else "")
    ), err


def _read(name):
    with open(ROOT / "tables" / name, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("edition, alias", [("1ED IS", "2005"), ("2ED DRAFT", "2ed-draft")])
def test_process_coverage_for_one_tr_edition_equals_plain_python(store, edition, alias):
    """Traced = traced to a clause of that edition (tables/traceability.csv), per process."""
    traced = {
        (r["process"], int(n))
        for r in _read("traceability.csv")
        if r["edition"] == edition
        for n in r["outcomes"].split(",")
    }
    outcomes = _read("outcomes.csv")
    expected = []
    for p in sorted(_read("processes.csv"), key=lambda p: [int(x) for x in p["clause"].split(".")]):
        mine = [o for o in outcomes if o["process"] == p["clause"]]
        direct = [o for o in mine if o["bracket_status"] not in ("full", "")]
        hit = [o for o in direct if (o["process"], int(o["number"])) in traced]
        pct = round(1000 * len(hit) / len(direct) + 1e-9) / 10 if direct else "no data"
        expected.append(
            (p["clause"], p["name"], p["available"] == "yes", len(mine), len(direct), len(hit), pct)
        )
    got = [
        (*r[:6], float(r[6]) if r[6] != "no data" else r[6])
        for r in rows(store, "process-coverage", edition=alias)
    ]
    assert got == expected
    assert got != [
        (*r[:6], float(r[6]) if r[6] != "no data" else r[6])
        for r in rows(store, "process-coverage")
    ]
