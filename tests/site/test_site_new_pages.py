"""The clause-across-editions section, the assessment page and the framework pages, against
expectations derived without the site code: plain ``csv`` over the tables and reference CSVs,
the edition comparison of the mappings package (read from the tables, not from the graph the site
reads), and the example assessment's shipped report (``examples/assessment/report.json``)."""

from __future__ import annotations

import csv
import json

import pytest
from _docs_support import built_site, clause_sort_key, parse_html, table
from _paths import ROOT

DOCS = {"1ED IS": "iso20000-1-2005", "2ED DRAFT": "iso20000-1-2ed-draft"}
RANK = {"low": 0, "medium": 1, "high": 2}


def page(rel: str):
    return parse_html((built_site() / rel).read_text(encoding="utf-8"))


def _rows(doc, cls: str) -> list[list[str]]:
    tables = doc.find_all("table", cls=cls)
    assert tables, cls
    return [[td.text() for td in tr.find_all("td")] for tr in tables[0].find_all("tr")[1:]]


def _traced() -> dict[tuple[str, str], set[tuple[str, int]]]:
    out: dict[tuple[str, str], set[tuple[str, int]]] = {}
    for row in table("traceability"):
        outs = {(row["process"], int(n)) for n in row["outcomes"].split(",") if n.strip()}
        out.setdefault((row["edition"], row["clause"]), set()).update(outs)
    return out


# ------------------------------------------------------------------ a clause across editions


@pytest.mark.parametrize("edition,clause", [("1ED IS", "9.2"), ("2ED DRAFT", "9.2")])
def test_clause_page_lists_its_counterparts_in_every_edition(edition, clause):
    from iso20000_prm.mappings.compare import compare_clause

    expected = {
        (r.clause, r.confidence) for r in compare_clause(edition, clause)[1:] if r.confidence
    }
    doc = page(f"id/{DOCS[edition]}/clause/{clause}.html")
    got = {(r[1], r[4]) for r in _rows(doc, "across")}
    assert got == expected
    editions = {r[0] for r in _rows(doc, "across")}
    assert {"ISO/IEC 20000-1:2011", "ISO/IEC 20000-1:2018"} <= editions


def test_every_cited_clause_page_has_the_counterparts_the_tables_give():
    from iso20000_prm.mappings.compare import compare_clause

    cited = {(r["edition"], r["clause"]) for r in table("traceability")}
    for edition, clause in sorted(cited):
        expected = {
            (r.clause, r.confidence) for r in compare_clause(edition, clause)[1:] if r.confidence
        }
        doc = page(f"id/{DOCS[edition]}/clause/{clause}.html")
        got = {(r[1], r[4]) for r in _rows(doc, "across")} if expected else set()
        assert got == expected, (edition, clause)


def test_what_changed_between_2005_and_the_draft_for_9_2():
    traced = _traced()
    before, after = traced[("1ED IS", "9.2")], traced[("2ED DRAFT", "9.2")]
    expected = {
        "kept": before & after,
        "added": after - before,
        "dropped": before - after,
    }
    for rel in ("id/iso20000-1-2005/clause/9.2.html", "id/iso20000-1-2ed-draft/clause/9.2.html"):
        doc = page(rel)
        lists = doc.find_all("ul", cls="changes")
        assert len(lists) == 1, rel
        for li in lists[0].find_all("li"):
            change = li.attrs["data-change"]
            shown = {
                (a.text().split("/")[0], int(a.text().split("/")[1])) for a in li.find_all("a")
            }
            assert shown == expected[change], (rel, change)
    assert len(expected["kept"]) == 10  # by hand from the traceability table of the TR


# ------------------------------------------------------------------ assessment


def test_assessment_page_shows_the_example_profile_and_exposure():
    report = json.loads((ROOT / "examples/assessment/report.json").read_text(encoding="utf-8"))
    doc = page("assessment.html")
    rows = _rows(doc, "profile")
    assert [(r[0].split(" ")[0], int(r[1])) for r in rows] == [
        (p["process"], p["level"]) for p in report["profile"]
    ]
    for ed in report["editions"]:
        counts = {}
        for x in report["exposure"]:
            if x["edition"] == ed["edition"]:
                counts[x["class"]] = counts.get(x["class"], 0) + 1
        assert counts  # every edition has clauses
    spans = [s for s in doc.find_all("span") if "data-class" in s.attrs]
    shown = [int(s.text().split()[0]) for s in spans]
    expected = [
        sum(1 for x in report["exposure"] if x["edition"] == ed["edition"] and x["class"] == k)
        for ed in report["editions"]
        for k in ("supported", "at risk", "exposed", "not assessed")
    ]
    assert shown == expected
    assert (built_site() / "assessment" / "example-report.html").is_file()
    svgs = doc.find_all("svg")
    assert len(svgs) == 1 + len(report["editions"])


# ------------------------------------------------------------------ frameworks


def _crosswalk(name: str) -> list[dict[str, str]]:
    path = ROOT / "reference" / f"{name}.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(
    "framework,kind,csv_name",
    [("itil4", "practice", "prm-to-itil4"), ("cobit2019", "objective", "prm-to-cobit2019")],
)
def test_item_pages_link_the_crosswalk_processes_with_confidence(framework, kind, csv_name):
    rows = _crosswalk(csv_name)
    by_item: dict[str, set[tuple[str, str]]] = {}
    for r in rows:
        by_item.setdefault(r["target_id"], set()).add((r["prm_clause"], r["confidence"]))
    for item, expected in by_item.items():
        doc = page(f"id/{framework}/{kind}/{item}.html")
        got = {(r[0].split(" ")[0], r[2]) for r in _rows(doc, "links")}
        assert got == expected, item


def test_item_reaches_the_clauses_of_the_tr_editions_with_the_weakest_confidence():
    """ITIL 4 change enablement: crosswalk (process, confidence) -> the process's traced
    outcomes -> the clauses of 1ED IS and 2ED DRAFT; a path's confidence is the weaker of the
    crosswalk row's and the TR's trace (high); the strongest path per clause."""
    traced = _traced()
    for item in ("change-enablement", "incident-management", "service-level-management"):
        links = [
            (r["prm_clause"], r["confidence"])
            for r in _crosswalk("prm-to-itil4")
            if r["target_id"] == item
        ]
        expected: dict[tuple[str, str], str] = {}
        for process, conf in links:
            for (edition, clause), outs in traced.items():
                if any(p == process for p, _ in outs):
                    key = (edition, clause)
                    if key not in expected or RANK[conf] > RANK[expected[key]]:
                        expected[key] = conf
        names = {
            d["edition_code"]: d["identifier"] for d in table("documents") if d["edition_code"]
        }
        doc = page(f"id/itil4/practice/{item}.html")
        got = {
            (code, r[1]): r[3]
            for r in _rows(doc, "paths")
            for code, ident in names.items()
            if r[0] == ident
        }
        assert got == expected, item
        assert sorted({c for e, c in got if e == "1ED IS"}, key=clause_sort_key) == [
            r[1] for r in _rows(doc, "paths") if r[0] == names["1ED IS"]
        ]


def test_frameworks_page_counts_items_from_the_reference_lists():
    doc = page("frameworks.html")
    rows = {r[0]: r for r in _rows(doc, "collapse")}
    for name, csv_name, cross in (
        ("ITIL 4", "itil4-practices", "prm-to-itil4"),
        ("COBIT 2019", "cobit2019-objectives", "prm-to-cobit2019"),
    ):
        items = _crosswalk(csv_name)
        mapped = {r["target_id"] for r in _crosswalk(cross)}
        assert int(rows[name][2]) == len(items)
        assert int(rows[name][3]) == len(mapped)
