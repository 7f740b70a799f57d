"""The PRM as a hub: ITIL 4 practices and COBIT 2019 objectives -> PRM processes -> outcomes ->
clauses of every edition of ISO/IEC 20000-1, and back, against plain Python.

The expected answers are computed here from the CSV files alone: the crosswalks
(reference/prm-to-*.csv), the TR's traceability (tables/traceability.csv) and the edition chain
built from the curated tables by :class:`test_edition_queries.Chain` (itself plain Python over the
CSV files). A path's confidence is the weakest of the crosswalk row's and the hop's; the TR's own
trace counts as high. Both saved queries run on pyoxigraph and on rdflib and must give these rows.
"""

from __future__ import annotations

import csv

import pytest
from _answer_memo import remember_answers
from _paths import ROOT
from test_edition_queries import CHAIN, RANK

from iso20000_prm.cli import main
from iso20000_prm.mappings.chain import chain_confidence
from iso20000_prm.sparql import saved as sparql
from iso20000_prm.sparql.params import ParameterError

WORD = {1: "low", 2: "medium", 3: "high"}
TR_EDITIONS = ("1ED IS", "2ED DRAFT")


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


CROSSWALK = [("ITIL 4", r) for r in read(ROOT / "reference" / "prm-to-itil4.csv")] + [
    ("COBIT 2019", r) for r in read(ROOT / "reference" / "prm-to-cobit2019.csv")
]


def _reach():
    """(TR edition, clause) -> {(edition, clause): best rank}: one record per pair in a set,
    the more confident chain kept (as docs/editions.md states)."""
    out: dict[tuple, dict] = {}
    for key, targets in CHAIN.reach.items():
        for edition, clause, level in targets:
            cell = out.setdefault(key, {})
            cell[(edition, clause)] = max(cell.get((edition, clause), 0), RANK[level])
    return out


REACH = _reach()


def paths():
    """Every path: (framework, item, process, outcome, edition, clause, from edition, from
    clause, row confidence, hop confidence, path confidence)."""
    out = []
    for fw, r in CROSSWALK:
        row_rank = RANK[r["confidence"]]
        for (edition, clause), outs in CHAIN.traced.items():
            for process, n in sorted(outs):
                if process != r["prm_clause"]:
                    continue
                hops = [((edition, clause), 3)] + sorted(REACH.get((edition, clause), {}).items())
                for (ed, c), hop in hops:
                    out.append(
                        (
                            fw,
                            r["target_id"],
                            process,
                            n,
                            ed,
                            c,
                            edition,
                            clause,
                            r["confidence"],
                            WORD[hop],
                            WORD[min(row_rank, hop)],
                        )
                    )
    return out


PATHS = paths()


@pytest.fixture(scope="module", params=["oxigraph", "rdflib"])
def store(request, shipped_turtle):
    """Read only; a text asked again (the same case by two tests) is answered once."""
    if request.param == "rdflib":
        return request.getfixturevalue("shipped_rdflib_store")
    return remember_answers(sparql.open_store(shipped_turtle, engine=request.param))


def run(store, name, **params):
    return sparql.run_query(name, params, graph=store, engine=store.engine)


def traces(store, **params):
    result = run(store, "framework-traces", **params)
    cols = result.variables
    rows = [dict(zip(cols, r)) for r in result.tuples()]
    keys = [
        (
            r["framework"],
            r["item"],
            r["process"],
            int(r["outcome"]),
            r["edition"],
            r["clause"],
            r["fromEdition"],
            r["fromClause"],
            r["rowConfidence"],
            r["hopConfidence"],
            r["confidence"],
        )
        for r in rows
    ]
    return keys, rows


# ---- framework item -> clauses -----------------------------------------------------------------
@pytest.mark.parametrize("minimum", ["low", "medium", "high"])
def test_framework_traces_equal_plain_python(store, minimum):
    got, _ = traces(store, minConfidence=minimum)
    expected = [p for p in PATHS if RANK[p[-1]] >= RANK[minimum]]
    assert len(got) == len(set(got))  # one row per path
    assert sorted(got) == sorted(expected)


@pytest.mark.parametrize(
    "param,value,framework,item",
    [
        ("objective", "BAI06", "COBIT 2019", "BAI06"),
        ("objective", "managed it changes", "COBIT 2019", "BAI06"),
        ("practice", "change enablement", "ITIL 4", "change-enablement"),
        ("practice", "Change-Enablement", "ITIL 4", "change-enablement"),
        ("practice", "SERVICE DESK", "ITIL 4", "service-desk"),
    ],
)
def test_one_item_by_id_or_name_any_case(store, param, value, framework, item):
    got, rows = traces(store, **{param: value})
    expected = [p for p in PATHS if p[0] == framework and p[1] == item]
    assert expected and sorted(got) == sorted(expected)
    # every edition the item reaches is there, 1ED IS and 2ED DRAFT by the TR's own trace
    assert {r["edition"] for r in rows} == {p[4] for p in expected}
    assert all(r["mappingSet"] == "TR traceability" for r in rows if r["edition"] in TR_EDITIONS)


def test_a_paths_confidence_is_its_weakest_hop(store):
    _, rows = traces(store)
    assert rows
    for r in rows:
        weakest = min(r["rowConfidence"], r["hopConfidence"], key=RANK.get)
        assert (
            r["confidence"] == weakest == chain_confidence([r["rowConfidence"], r["hopConfidence"]])
        )
        if r["edition"] in TR_EDITIONS:
            assert r["hopConfidence"] == "high" and r["confidence"] == r["rowConfidence"]
    # ITIL rows are never high (no high crosswalk row), so no ITIL path is high
    assert not [r for r in rows if r["framework"] == "ITIL 4" and r["confidence"] == "high"]
    # BAI06 (high row) -> 2011 6.4 through 1ED IS 6.4 is medium: the chain's hop is medium
    bai06 = [
        r for r in rows if r["item"] == "BAI06" and r["edition"] == "2011" and r["clause"] == "6.4"
    ]
    assert bai06 and {r["confidence"] for r in bai06} == {"medium"}


# ---- clause -> framework items -----------------------------------------------------------------
def clause_frameworks(edition, clause, minimum):
    """(edition, clause, framework, item, relation, row confidence, process, outcomes, best)."""
    best: dict[tuple, dict] = {}
    for p in PATHS:
        if (p[4], p[5]) != (edition, clause) or RANK[p[10]] < RANK[minimum]:
            continue
        cell = best.setdefault((p[0], p[1], p[2]), {})
        cell[p[3]] = max(cell.get(p[3], 0), RANK[p[10]])
    relation = {(fw, r["target_id"], r["prm_clause"]): r for fw, r in CROSSWALK}
    out = []
    for (fw, item, process), outs in best.items():
        r = relation[(fw, item, process)]
        out.append(
            (
                edition,
                clause,
                fw,
                item,
                r["relation"],
                r["confidence"],
                process,
                len(outs),
                WORD[max(outs.values())],
            )
        )
    return sorted(out)


CLAUSES = [
    ("2018", "8.5.1", "low"),
    ("2018", "8.5.1", "medium"),
    ("2018", "4.2", "high"),
    ("2011", "6.4", "low"),
    ("2011", "9.2", "medium"),
    ("1ED IS", "6.4", "low"),
    ("2ED DRAFT", "9.2", "low"),
    ("2ED DRAFT", "7.1", "high"),
]


@pytest.mark.parametrize("edition,clause,minimum", CLAUSES)
def test_clause_frameworks_equal_plain_python(store, edition, clause, minimum):
    result = run(store, "clause-frameworks", edition=edition, clause=clause, minConfidence=minimum)
    cols = result.variables
    got = sorted(
        (
            r["edition"],
            r["clause"],
            r["framework"],
            r["item"],
            r["relation"],
            r["rowConfidence"],
            r["process"],
            int(r["outcomes"]),
            r["confidence"],
        )
        for r in (dict(zip(cols, t)) for t in result.tuples())
    )
    expected = clause_frameworks(edition, clause, minimum)
    assert expected, "pick a clause something reaches"
    assert got == expected


def test_every_2018_and_2011_clause_on_oxigraph(shipped_turtle):
    store = sparql.open_store(shipped_turtle)
    with open(ROOT / "reference" / "20000-1-2018-clauses.csv", encoding="utf-8", newline="") as f:
        c2018 = [r["clause"] for r in csv.DictReader(f)]
    c2011 = sorted({p[5] for p in PATHS if p[4] == "2011"})
    for edition, clauses in (("2018", c2018), ("2011", c2011)):
        for clause in clauses:
            result = run(store, "clause-frameworks", edition=edition, clause=clause)
            got = sorted(
                (t[0], t[1], t[3], t[4], t[6], t[7], t[8], int(t[10]), t[11])
                for t in result.tuples()
            )
            assert got == clause_frameworks(edition, clause, "low"), (edition, clause)


# ---- lookups ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "param,value,hint",
    [
        ("practice", "chnge enablement", "Change enablement"),
        ("objective", "BAI66", "BAI06"),
        ("objective", "change-enablement", ""),  # an ITIL practice is not a COBIT objective
        ("practice", "change", "Change enablement"),  # a word of the name
        ("objective", "change-enablement", "ITIL 4 practice Change enablement"),
        ("practice", "BAI06", "COBIT 2019 objective BAI06 Managed IT Changes"),
    ],
)
def test_unknown_items_are_refused_with_close_names(store, param, value, hint):
    with pytest.raises(ParameterError) as info:
        run(store, "framework-traces", **{param: value})
    assert value in str(info.value) and hint in str(info.value)


def test_unknown_item_on_the_command_line_is_exit_2(shipped_turtle, capsys):
    code = main(["query", "framework-traces", "-g", str(shipped_turtle), "-p", "objective=BAI6"])
    err = capsys.readouterr()
    assert code == 2 and err.out == ""
    lines = [line for line in err.err.splitlines() if "error" in line]
    assert len(lines) == 1 and "did you mean" in lines[0] and "BAI06" in lines[0]


def test_the_numbers_docs_frameworks_shows():
    """docs/frameworks.md's worked example, recomputed from the CSV files."""
    doc = (ROOT / "docs" / "frameworks.md").read_text(encoding="utf-8")
    bai06_high = [p for p in PATHS if p[1] == "BAI06" and p[-1] == "high"]
    by_edition = {
        e: sum(1 for p in bai06_high if p[4] == e) for e in ("1ED IS", "2ED DRAFT", "2011", "2018")
    }
    assert f"keeps {len(bai06_high)} paths" in doc
    assert by_edition == {"1ED IS": 16, "2ED DRAFT": 14, "2011": 25, "2018": 3}
    assert {(p[4], p[5]) for p in bai06_high if p[4] == "2018"} == {("2018", "4.2")}
    assert {p[-1] for p in PATHS if p[1] == "BAI06" and (p[4], p[5]) == ("2018", "8.5.1")} == {
        "medium"
    }
    change = [p for p in PATHS if p[1] == "change-enablement"]
    assert f"at `low` it has {len(change)} paths" in doc
    assert f"every item ({len(PATHS)} paths" in doc
    assert f"gives {len(clause_frameworks('2018', '8.5.1', 'medium'))} rows" in doc
    assert f"At `low` there are {len(clause_frameworks('2018', '8.5.1', 'low'))} rows" in doc
