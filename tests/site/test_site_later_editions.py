"""The pages of ISO/IEC 20000-1:2011 and :2018 (every clause of the edition's scheme, the PRM
outcomes reaching it through the curated and chained mapping sets, with confidence, or marked as
reached by nothing), the per-clause back-links and the editions page, against two derivations
made without the site code: plain Python over tables/*.csv and reference/*.csv (the ``Chain`` of
tests/mappings/test_edition_queries.py) and the saved query ``chain-traces`` run for every
clause; the clauses nothing reaches against the OSCAL gap summary and a hand-written rule."""

from __future__ import annotations

import csv
import functools
import sys
from collections import defaultdict

import pytest
from _docs_support import built_site, parse_html
from _paths import ROOT

sys.path.append(str(ROOT / "tests" / "mappings"))
from test_edition_queries import CHAIN  # noqa: E402  (plain Python over the CSV tables)

RANK = {"low": 1, "medium": 2, "high": 3}
PAGES = {"2011": "id/iso20000-1-2011.html", "2018": "id/iso20000-1-2018.html"}


def read(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def pkey(c: str) -> tuple[int, ...]:
    return tuple(int(x) for x in c.split("."))


def scheme(edition: str) -> list[str]:
    """The clauses of the edition's scheme, in clause order, from the reference tables alone."""
    ref = ROOT / "reference"
    if edition == "2018":
        named = {r["clause"] for r in read(ref / "20000-1-2018-clauses.csv")}
    else:
        named = {r["published_2011_clause"] for r in read(ref / "20000-1-2ed-draft-to-2011.csv")}
        named |= {r["published_2011_clause"] for r in read(ref / "20000-1-2011-to-2018.csv")}
    return sorted(named - {""}, key=pkey)


def expected_rows(edition: str) -> dict[str, set[tuple[str, int, str, str, str]]]:
    """clause -> {(process, outcome, TR edition, TR clause, confidence)}, from the CSV tables."""
    out = defaultdict(set)
    for (src, tr_clause), targets in CHAIN.reach.items():
        for ed, target, level in targets:
            if ed == edition:
                for p, n in CHAIN.traced[(src, tr_clause)]:
                    out[target].add((p, n, src, tr_clause, level))
    return out


@functools.cache
def page(rel: str):
    return parse_html((built_site() / rel).read_text(encoding="utf-8"))


def page_rows(edition: str) -> list[tuple[str, str, set, str]]:
    """(clause, row class, {(process, outcome, TR edition, TR clause, confidence)}, best
    confidence shown) per row of the edition page's clause table, in page order."""
    doc = page(PAGES[edition])
    table = doc.find_all("table", cls="later-clauses")[0]
    rows = []
    for tr in table.find_all("tr"):
        if "data-clause" not in tr.attrs:
            continue
        got = set()
        for li in tr.find_all("li", cls="record"):
            src, tr_clause = li.attrs["data-from"].rsplit(" ", 1)
            for a in li.find_all("a", cls="outcome"):
                p, n = a.attrs["data-outcome"].split("/")
                got.add((p, int(n), src, tr_clause, li.attrs["data-confidence"]))
        best = tr.find_all("td")[-1].text()
        rows.append((tr.attrs["data-clause"], tr.attrs.get("class", ""), got, best))
    return rows


@pytest.mark.parametrize("edition", ["2011", "2018"])
def test_every_clause_of_the_scheme_in_clause_order(edition):
    clauses = scheme(edition)
    assert len(clauses) == {"2011": 47, "2018": 75}[edition]
    assert [r[0] for r in page_rows(edition)] == clauses


@pytest.mark.parametrize("edition", ["2011", "2018"])
def test_rows_equal_plain_python_over_the_tables(edition):
    expected = expected_rows(edition)
    reached = 0
    for clause, cls, got, best in page_rows(edition):
        assert got == expected.get(clause, set()), clause
        if got:
            reached += 1
            strongest = max(RANK[r[4]] for r in got)
            assert best == {3: "high", 2: "medium", 1: "low"}[strongest], clause
            assert cls == "reached", clause
        else:
            assert best == "—" and cls in ("around", "unreached"), clause
    assert reached > 30


@pytest.fixture(scope="module")
def store():
    from iso20000_prm.graph.build import build_graph
    from iso20000_prm.sparql.saved import open_store

    return open_store(build_graph(), "oxigraph")


@pytest.mark.parametrize("edition", ["2011", "2018"])
def test_rows_equal_the_saved_query_chain_traces_for_every_clause(edition, store):
    from iso20000_prm import run_query

    for clause, _, got, _ in page_rows(edition):
        rows = run_query(
            "chain-traces", {"edition": edition, "clause": clause}, graph=store
        ).tuples()
        if [r[8] for r in rows] == ["none"]:
            assert got == set(), clause
            continue
        expected = {(r[3], int(r[5]), r[6], r[7], r[12]) for r in rows}
        assert got == expected, clause
        # every chain the query names is on the page, with its mapping set
        doc_chains = {
            li.text()
            for tr in page(PAGES[edition]).find_all("tr")
            if tr.attrs.get("data-clause") == clause
            for li in tr.find_all("li", cls="record")
        }
        for r in rows:
            assert any(r[8] in text and r[9] in text for text in doc_chains), (clause, r[8])


def _around(clause: str, reached: set[str]) -> bool:
    """Written out here from docs/editions.md: a clause no record reaches is still covered when a
    sub-clause is reached, or a parent below the top level is."""
    if any(r.startswith(clause + ".") for r in reached):
        return True
    parts = clause.split(".")
    return any(".".join(parts[:i]) in reached for i in range(2, len(parts)))


@pytest.mark.parametrize("edition", ["2011", "2018"])
def test_clauses_nothing_reaches_are_marked(edition):
    expected = expected_rows(edition)
    reached = {c for c in scheme(edition) if expected.get(c)}
    rows = page_rows(edition)
    unreached = [c for c, cls, _, _ in rows if cls == "unreached"]
    around = [c for c, cls, _, _ in rows if cls == "around"]
    assert unreached == [c for c in scheme(edition) if c not in reached and not _around(c, reached)]
    assert around == [c for c in scheme(edition) if c not in reached and _around(c, reached)]
    doc = page(PAGES[edition])
    for c in unreached:  # said in words, and listed in the summary with a link to the row
        tr = doc.by_id("clause-" + c)
        assert "nothing reaches this clause" in tr.text()
    summary = doc.find_all("p", cls="summary")[0]
    assert [a.text() for a in summary.find_all("a")] == unreached


def test_2018_clauses_nothing_reaches_are_the_oscal_gap_summary():
    """The derived draft -> 2018 set's OSCAL target gap summary (the 1ED IS chains run through
    the draft, so they reach nothing more), exported from the tables by the mappings package."""
    from iso20000_prm.mappings import mapping_sets
    from iso20000_prm.mappings.oscal import to_oscal

    doc = to_oscal(mapping_sets()["2ed-draft-to-2018"])
    gaps = doc["mapping-collection"]["mappings"][0]["target-gap-summary"]["unmapped-controls"]
    gap = [i.removeprefix("clause-") for i in gaps[0]["with-ids"]]
    from_1ed = {
        c
        for (src, _), ts in CHAIN.reach.items()
        if src == "1ED IS"
        for e, c, _ in ts
        if e == "2018"
    }
    assert not from_1ed & set(gap)
    unreached = [c for c, cls, _, _ in page_rows("2018") if cls == "unreached"]
    assert unreached == gap
    assert "7.6" in unreached and "8.5.1" not in unreached


@pytest.mark.parametrize("edition,clause", [("2018", "8.5.1"), ("2018", "7.6"), ("2011", "9.2")])
def test_clause_page_links_back_and_shows_what_reaches_it(edition, clause):
    slug = PAGES[edition][: -len(".html")]
    doc = page(f"{slug}/clause/{clause}.html")
    hrefs = [a.attrs.get("href", "") for a in doc.find_all("a")]
    assert f"../../iso20000-1-{edition}.html#clause-{clause}" in hrefs
    got = {
        a.attrs["data-outcome"]
        for a in doc.find_all("a", cls="outcome")
        if "data-outcome" in a.attrs
    }
    assert got == {f"{p}/{n}" for p, n, *_ in expected_rows(edition).get(clause, set())}
    if not got:
        assert "nothing reaches this clause" in doc.text()
    assert f"https://w3id.org/iso20000-prm/{slug}/clause/{clause}" in doc.text()  # IRI shown


def test_editions_page_names_the_four_editions_and_the_nav_links_it():
    from _docs_support import table

    doc = page("editions.html")
    rows = doc.find_all("tr")[1:]
    links = [tr.find_all("a")[0].attrs["href"] for tr in rows]
    cited = [f"id/{d['id']}.html" for d in table("documents") if d["edition_code"]]
    assert sorted(links) == sorted(cited + list(PAGES.values()))
    for tr in rows:
        kind = "cited by the TR" if tr.attrs["class"] == "cited" else "not cited by the TR"
        assert kind in tr.text()
    later = {tr.find_all("a")[0].attrs["href"]: tr.text() for tr in rows if "later" in tr.classes}
    assert "2011-to-2018 (curated)" in later[PAGES["2018"]]
    assert "2ed-draft-to-2018 (chained)" in later[PAGES["2018"]]
    assert "2ed-draft-to-2011 (curated)" in later[PAGES["2011"]]
    for edition, rel in PAGES.items():
        reached = sum(1 for _, cls, _, _ in page_rows(edition) if cls == "reached")
        cells = [
            td.text()
            for tr in rows
            if tr.find_all("a")[0].attrs["href"] == rel
            for td in tr.find_all("td")
        ]
        assert cells[3:5] == [str(len(scheme(edition))), str(reached)]
    # one "Editions" entry in every page's navigation, instead of a link per edition
    for rel in ("index.html", PAGES["2018"], "id/iso20000-1-2005.html"):
        nav = page(rel).find_all("nav")[0]
        names = [a.text() for a in nav.find_all("a")]
        assert "Editions" in names and "ISO/IEC 20000-1:2005" not in names, rel


def test_links_of_the_new_pages_resolve_to_a_page_and_anchor():
    """The link check over the whole site, and here by hand for the new page types: every
    relative link from the editions page, the 2011/2018 pages and their clause pages opens an
    existing page, and its fragment (a clause row, an outcome) is an id there."""
    import posixpath

    from iso20000_prm.site.linkcheck import check_site

    assert check_site(built_site()) == []
    site = built_site()
    new = ["editions.html", *PAGES.values()]
    new += [f"{p[: -len('.html')]}/clause/{c}.html" for e, p in PAGES.items() for c in scheme(e)]
    checked = 0
    for rel in new:
        for a in page(rel).find_all("a"):
            href = a.attrs.get("href", "")
            if not href or "://" in href or href.startswith("?"):
                continue
            path, _, fragment = href.partition("#")
            target = (
                posixpath.normpath(posixpath.join(posixpath.dirname(rel), path)) if path else rel
            )
            assert (site / target).is_file(), (rel, href)
            if fragment and target.endswith(".html"):
                assert page(target).by_id(fragment) is not None, (rel, href)
                checked += 1
    assert checked > 500
