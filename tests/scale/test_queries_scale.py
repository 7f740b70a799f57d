"""The saved queries on a synthetic PRM several times the real size (more processes, clauses in
many blocks): each answer still equals the plain-Python computation over that PRM's CSV tables,
and the two engines still agree. Guards the queries rewritten for speed (sub-selects, counts per
resource) against answers that only happen to match on the real graph. No timing here: the
speed is measured by bench/bench_query_scale.py."""

from __future__ import annotations

import pytest
from _queries_support import EDITIONS, Source

from iso20000_prm.sparql import saved as sparql
from iso20000_prm.tables.synthetic import synthesize, write_tables

SCALE = 3


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    from iso20000_prm.files import write_atomic
    from iso20000_prm.graph.build import build_graph
    from iso20000_prm.graph.formats import to_ntriples

    folder = tmp_path_factory.mktemp("syn")
    tables = write_tables(synthesize(SCALE, seed=5), folder / "tables", SCALE, 5)
    graph = write_atomic(
        folder / "prm.nt", to_ntriples(build_graph(tables, include_mappings=False))
    )
    return Source(tables), graph


@pytest.fixture(scope="module")
def ox(synthetic):
    return sparql.open_store(synthetic[1])


def run(store, name, **params):
    return sparql.run_query(name, params, graph=store, engine=store.engine).tuples()


def test_the_synthetic_prm_is_bigger(synthetic):
    src, _ = synthetic
    assert len(src.processes) == 26 * SCALE and len(src.clauses) == 62 * SCALE


@pytest.mark.parametrize("edition", [None, *EDITIONS])
def test_coverage_matrix_and_clause_ranking(synthetic, ox, edition):
    src, _ = synthetic
    params = {"edition": edition} if edition else {}
    assert run(ox, "coverage-matrix", **params) == src.coverage_matrix(edition)
    assert run(ox, "clause-ranking", **params) == src.clause_ranking(edition)


def test_edition_queries(synthetic, ox):
    src, _ = synthetic
    gaps = run(ox, "edition-gaps")
    assert gaps == src.edition_gaps() and len(gaps) == 28 * SCALE
    pairs = run(ox, "edition-correspondences")
    assert pairs == src.edition_correspondences() and len(pairs) > 300 * SCALE


def test_process_queries(synthetic, ox):
    src, _ = synthetic
    assert run(ox, "processes") == src.process_list()
    assert run(ox, "process-coverage") == src.process_coverage()
    assert run(ox, "untraced-outcomes") == src.untraced_outcomes()
    assert run(ox, "bracketed-traced-outcomes") == src.bracketed_traced_outcomes()
    for process in ("5.2", "5.30", f"5.{26 * SCALE + 1}"):
        assert run(ox, "process-outcomes", process=process) == src.process_outcomes(process)
        assert run(ox, "process-traceability", process=process) == src.process_traceability(process)


def test_keyword_and_clause_traces(synthetic, ox):
    src, _ = synthetic
    assert run(ox, "keyword-search", keyword="escalat") == src.keyword_search("escalat")
    clause = src.clauses[-1]
    assert run(
        ox, "clause-traces", edition=clause["edition"], clause=clause["clause"]
    ) == src.clause_traces(clause["edition"], clause["clause"])


def test_engines_agree_on_the_rewritten_queries(synthetic, ox):
    rl = sparql.open_store(synthetic[1], engine="rdflib")
    for name in (
        "edition-gaps",
        "edition-correspondences",
        "coverage-matrix",
        "clause-ranking",
        "processes",
        "process-coverage",
    ):
        a = sparql.run_query(name, graph=ox)
        b = sparql.run_query(name, graph=rl, engine="rdflib")
        assert a.variables == b.variables and a.rows == b.rows, name
