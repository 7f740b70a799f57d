"""The saved queries: each answer checked against plain Python over the CSV tables, on both engines."""

from __future__ import annotations

import re

import pytest
from _queries_support import EDITIONS, Source, ckey, pkey

from iso20000_prm.files import queries_dir
from iso20000_prm.sparql import saved as sparql
from iso20000_prm.sparql.params import PARAM_VAR, ParameterError

SRC = Source()
QUERY_FILES = sorted(queries_dir().glob("*.rq"))


@pytest.fixture(scope="module")
def graph_file(shipped_turtle):
    return shipped_turtle


@pytest.fixture(scope="module")
def ox(graph_file):
    return sparql.open_store(graph_file)


@pytest.fixture(scope="module")
def rl(shipped_rdflib_store):
    return shipped_rdflib_store


def run(store, name, **params):
    return sparql.run_query(name, params, graph=store, engine=store.engine).tuples()


# ----------------------------------------------------------------------------- lint
def test_the_ten_questions_and_more_are_saved():
    names = {p.stem for p in QUERY_FILES}
    assert {
        "process-outcomes",
        "untraced-outcomes",
        "bracketed-traced-outcomes",
        "clause-traces",
        "coverage-matrix",
        "process-coverage",
        "clause-ranking",
        "edition-gaps",
        "edition-correspondences",
        "keyword-search",
    } <= names
    assert len(names) >= 12


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_query_file_lint(path):
    import pyoxigraph
    from rdflib.plugins.sparql import prepareQuery

    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("#+ summary: "), "the grlc summary decorator must open the file"
    q = sparql.load_query_file(path)
    assert len(q.summary) > 20
    assert q.tags, "grlc tags group the API operations"
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", q.name)
    # both parsers accept it with no prefixes given from outside
    prepareQuery(text, initNs={})
    pyoxigraph.Store().query(text)
    # parameters follow grlc's naming: ?_name or ?__name, name without underscores
    for var in set(re.findall(r"\?(_\w+)", text)):
        m = PARAM_VAR.fullmatch("?" + var)
        assert m, f"?{var} does not follow grlc parameter naming"
    for name in list(q.defaults) + list(q.enumerations):
        assert name in q.parameters, f"decorator names {name!r}, which is not a parameter"
    # every prefix used is declared (a check of its own, beside the parsers)
    code = re.sub(r"#[^\n]*", "", text)
    code = re.sub(r'"[^"\n]*"', '""', code)
    code = re.sub(r"<[^>\s]*>", "<>", code)
    declared = set(re.findall(r"PREFIX\s+(\w*):", code, flags=re.I))
    used = set(re.findall(r"(?<![\w?$:])([A-Za-z]\w*):(?=[A-Za-z])", code))
    assert used <= declared, f"undeclared prefixes {used - declared}"
    # deterministic order: every query sorts its rows
    assert "ORDER BY" in text


def test_no_query_drops_out_of_the_listing():
    assert [q.name for q in sparql.list_queries()] == [p.stem for p in QUERY_FILES]


# ----------------------------------------------------------------------------- answers vs the tables
PROCESSES = [p["clause"] for p in SRC.processes]


def test_process_outcomes_every_process(ox):
    for process in PROCESSES:
        assert run(ox, "process-outcomes", process=process) == SRC.process_outcomes(process), (
            process
        )


def test_process_outcomes_default_is_change_management(ox):
    rows = run(ox, "process-outcomes")
    assert {r[1] for r in rows} == {"Change management"}  # source text, clause 5.6
    assert rows == SRC.process_outcomes("5.6")


def test_unavailable_process_is_shown_as_such(ox):
    # processes.csv: 5.26 and 5.27 are known by name only; one row says so, with no outcome
    assert run(ox, "process-outcomes", process="5.26") == [
        ("5.26", "SMS establishment and maintenance", False) + (None,) * 6
    ]
    assert run(ox, "process-outcomes", process="5.27") == [
        ("5.27", "Supplier management", False) + (None,) * 6
    ]
    # a process the graph does not have is an error with close names, not an empty answer
    with pytest.raises(ParameterError, match=r"no process '5\.99'; did you mean"):
        run(ox, "process-outcomes", process="5.99")


def test_untraced_outcomes(ox):
    expected = SRC.untraced_outcomes()
    assert expected, "the source does have coverage gaps"
    assert run(ox, "untraced-outcomes") == expected


def test_bracketed_traced_outcomes(ox):
    assert run(ox, "bracketed-traced-outcomes") == SRC.bracketed_traced_outcomes()


def test_clause_traces_every_clause(ox):
    for c in SRC.clauses:
        assert run(
            ox, "clause-traces", edition=c["edition"], clause=c["clause"]
        ) == SRC.clause_traces(c["edition"], c["clause"])


def test_clause_traces_accepts_clause_as_printed(ox):
    # the first edition prints 6.4 as "06.4"
    assert run(ox, "clause-traces", edition="1ED IS", clause="06.4") == SRC.clause_traces(
        "1ED IS", "6.4"
    )
    # the draft prints no clause as "06.4": an error naming its 6.4, not an empty answer
    assert ("2ED DRAFT", "06.4") not in {
        (c["edition"], c["clause_as_printed"]) for c in SRC.clauses
    }
    with pytest.raises(ParameterError, match=r"no clause of 2ED DRAFT '06\.4'; did you mean 6\.4"):
        run(ox, "clause-traces", edition="2ED DRAFT", clause="06.4")


@pytest.mark.parametrize("edition", [None, *EDITIONS])
def test_coverage_matrix(ox, edition):
    params = {"edition": edition} if edition else {}
    assert run(ox, "coverage-matrix", **params) == SRC.coverage_matrix(edition)


def test_process_coverage(ox):
    rows = run(ox, "process-coverage")
    assert rows == SRC.process_coverage()
    by_process = {r[0]: r for r in rows}
    # 5.26 and 5.27: unavailable, no outcomes: "no data", never 0 % or 100 %
    for clause in ("5.26", "5.27"):
        assert by_process[clause][2] is False and by_process[clause][-1] == "no data"


@pytest.mark.parametrize("edition", [None, *EDITIONS])
def test_clause_ranking(ox, edition):
    params = {"edition": edition} if edition else {}
    assert run(ox, "clause-ranking", **params) == SRC.clause_ranking(edition)


def test_edition_gaps(ox):
    rows = run(ox, "edition-gaps")
    assert rows == SRC.edition_gaps()
    assert {r[0] for r in rows} <= set(EDITIONS)


def test_edition_correspondences(ox):
    assert run(ox, "edition-correspondences") == SRC.edition_correspondences()


@pytest.mark.parametrize("keyword", ["incident", "CHANGE", "provider's", "agreed", "zz-not-there"])
def test_keyword_search(ox, keyword):
    assert run(ox, "keyword-search", keyword=keyword) == SRC.keyword_search(keyword)


def test_processes(ox):
    assert run(ox, "processes") == SRC.process_list()


def test_process_traceability_every_process(ox):
    for process in PROCESSES:
        assert run(ox, "process-traceability", process=process) == SRC.process_traceability(process)


# ----------------------------------------------------------------------------- both engines agree
def _param_sets(q):
    if q.name == "keyword-search":
        return [{"keyword": "service"}, {"keyword": "Provider's"}]
    if "edition" in q.parameters and "edition" not in q.required:
        return [{}, {"edition": "1ED IS"}, {"edition": "2ED DRAFT"}]
    if q.name == "clause-traces":
        return [{}, {"edition": "2ED DRAFT", "clause": "9.2"}]
    if q.name == "clause-across-editions":
        return [{}, {"edition": "2ED DRAFT", "clause": "9.2"}, {"clause": "3.1"}]
    return [{}]


@pytest.mark.parametrize("query", sparql.list_queries(), ids=lambda q: q.name)
def test_both_engines_give_the_same_answer(ox, rl, query):
    for params in _param_sets(query):
        a = sparql.run_query(query, params, graph=ox)
        b = sparql.run_query(query, params, graph=rl, engine="rdflib")
        assert a.variables == b.variables
        assert a.rows == b.rows, (query.name, params)
        assert a.rows, f"{query.name} {params} answers nothing; the comparison would be vacuous"


# ----------------------------------------------------------------------------- agreement with SHACL
def test_gap_queries_agree_with_shacl_findings(ox):
    from iso20000_prm import validation
    from iso20000_prm.graph.build import build_graph

    report = validation.validate(build_graph())
    untraced = {
        (f.process_clause, f.outcome_number)
        for f in report.findings
        if f.rule == "outcome-untraced"
    }
    bracketed = {
        (f.process_clause, f.outcome_number)
        for f in report.findings
        if f.rule == "bracketed-outcome-traced"
    }
    assert untraced == {(r[0], r[2]) for r in run(ox, "untraced-outcomes")}
    assert bracketed == {(r[0], r[2]) for r in run(ox, "bracketed-traced-outcomes")}
    assert all(f.severity == "Violation" for f in report.findings if f.rule == "outcome-untraced")


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_portable_forms_for_every_store(path):
    # Virtuoso divides integers as integers (11/14 = 0) and rejects `&& EXISTS` inside IF
    # (SQ074): divisions are of xsd:decimal values, and EXISTS sits in an IF of its own
    code = "\n".join(line for line in path.read_text().splitlines() if not line.startswith("#"))
    code = re.sub(r"<[^>\s]*>", "<>", code)
    assert not re.search(r"(&&|\|\|)\s*(NOT\s+)?EXISTS", code, flags=re.I)
    for bind in re.findall(r"BIND\((.*) AS \?\w+\)", code):
        if re.search(r"\s/\s", bind):
            assert "xsd:decimal(" in bind, bind


def test_keyword_search_finds_process_names_and_clause_headings(ox):
    # "incident" is in the name of 5.10 and in the heading of 1ED IS 8.2 (clauses.csv)
    rows = run(ox, "keyword-search", keyword="incident")
    assert ("1ED IS", "8.2") in {(r[4], r[5]) for r in rows if r[2] == "heading"}
    assert ("5.10", "name") in {(r[0], r[2]) for r in rows}
    assert SRC.heading[("1ED IS", "8.2")].lower().startswith("incident")


# ----------------------------------------------------------------------------- one clause, two editions
def _mapped_pairs(graph_file):
    """(1ED IS clause, 2ED DRAFT clause) -> (relation, confidence) from the graph's mapping
    triples, read with rdflib's triple API (no SPARQL)."""
    from rdflib import Namespace

    from iso20000_prm.graph.read import read_graph

    g = read_graph(graph_file)
    setrel = Namespace("https://w3id.org/iso20000-prm/set-relations#")
    pairs = {}
    for m in g.subjects(setrel.mappingSubject, None):
        s, o = g.value(m, setrel.mappingSubject), g.value(m, setrel.mappingObject)
        if "/iso20000-1-2005/clause/" in s and "/iso20000-1-2ed-draft/clause/" in o:
            key = (str(s).rsplit("/", 1)[1], str(o).rsplit("/", 1)[1])
            pred = str(g.value(m, setrel.mappingPredicate)).rsplit("#", 1)[1]
            pairs[key] = (pred, str(g.value(m, setrel.confidenceLevel)))
    return pairs


def _expected_across(pairs, edition, clause):
    """Each pair naming the clause, and every outcome traced to either side, from the tables."""
    first = edition == "1ED IS"
    other_ed = "2ED DRAFT" if first else "1ED IS"
    traced_to = {}
    for key, eds in SRC.traces.items():
        for ed, c in eds:
            traced_to.setdefault((ed, c), set()).add(key)
    mine = traced_to.get((edition, clause), set())
    others = sorted(
        (c2 if first else c1, rel)
        for (c1, c2), rel in pairs.items()
        if (c1 if first else c2) == clause
    )
    rows = []
    for other, (pred, conf) in sorted(others, key=lambda x: ckey(x[0])) or [(None, (None, None))]:
        theirs = traced_to.get((other_ed, other), set()) if other else set()
        for key in sorted(mine | theirs, key=lambda k: (pkey(k[0]), k[1])):
            if other is None:
                change = "not mapped"
            elif key in mine and key in theirs:
                change = "kept"
            elif key in mine:
                change = "dropped" if first else "added"
            else:
                change = "added" if first else "dropped"
            rows.append(
                (
                    edition,
                    clause,
                    SRC.heading[(edition, clause)],
                    pred,
                    conf,
                    other_ed if other else None,
                    other,
                    SRC.heading[(other_ed, other)] if other else None,
                    change,
                    key[0],
                    SRC.name[key[0]],
                    key[1],
                    SRC.text(key),
                )
            )
    return rows


def test_clause_across_editions_every_clause(ox, graph_file):
    pairs = _mapped_pairs(graph_file)
    assert pairs, "the 1ED IS -> 2ED DRAFT mapping set is in the graph"
    changes = set()
    for c in SRC.clauses:
        got = run(ox, "clause-across-editions", edition=c["edition"], clause=c["clause"])
        assert got == _expected_across(pairs, c["edition"], c["clause"]), c
        changes |= {r[8] for r in got}
    assert changes == {"kept", "added", "dropped", "not mapped"}
