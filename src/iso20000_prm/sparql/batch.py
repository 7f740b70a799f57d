"""Every saved query (or a chosen few) on one loaded graph, on all cores at once.

An assessor's report or a CI job wants the answers of all the saved queries, not one. Loading
the graph once and running the queries concurrently is what makes that fast: pyoxigraph
releases the GIL while it evaluates a query, so on the embedded store ``workers`` threads keep
``workers`` cores busy (``bench/bench_query_scale.py`` measures the gain against running them
one after another). rdflib holds the GIL, so on ``engine="rdflib"`` the queries run one after
another whatever ``workers`` says. At an endpoint the threads only wait on the network, which
is what threads are for.

::

    from iso20000_prm import query_batch
    batch = query_batch.run_saved_queries(params={"keyword": "change"})
    batch.results["coverage-matrix"].rows      # as sparql.run_query would give
    batch.skipped                              # {} here: every required parameter was given
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from iso20000_prm.errors import PRMError
from iso20000_prm.records import Record
from iso20000_prm.sparql import saved as sparql


class Batch(Record):
    """The answers in saved-query order, and the queries not run for want of a parameter."""

    __slots__ = ("results", "skipped")
    results: dict[str, sparql.QueryResult]
    skipped: dict[str, list[str]]  # name -> required parameters not given

    def __init__(
        self,
        results: dict[str, sparql.QueryResult] | None = None,
        skipped: dict[str, list[str]] | None = None,
    ):
        self.results = {} if results is None else results
        self.skipped = {} if skipped is None else skipped


def default_workers() -> int:
    """One thread per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def select_queries(names=None, directory: Path | str | None = None) -> list[sparql.SavedQuery]:
    """The saved queries named, once each (all of them, in name order, for None)."""
    if names is None:
        return sparql.list_queries(directory)
    return [sparql.get_query(n, directory) for n in dict.fromkeys(names)]


def plan(
    queries: list[sparql.SavedQuery], params: dict | None
) -> tuple[dict[str, dict], dict[str, list[str]]]:
    """Each query's own parameters out of ``params``, and the queries missing a required one.

    A parameter applies to every query that declares it; one that no query declares is an
    error (a misspelt name would otherwise be ignored without a word).
    """
    params = {k: v for k, v in (params or {}).items() if v is not None}
    declared = {p for q in queries for p in q.parameters}
    stray = sorted(set(params) - declared)
    if stray:
        raise PRMError(
            f"parameter {', '.join(map(repr, stray))} is taken by none of the queries run; "
            f"their parameters are: {', '.join(sorted(declared)) or 'none'}"
        )
    runnable: dict[str, dict] = {}
    skipped: dict[str, list[str]] = {}
    for q in queries:
        missing = [p for p in q.required if p not in params and p not in q.defaults]
        if missing:
            skipped[q.name] = missing
        else:
            runnable[q.name] = {k: v for k, v in params.items() if k in q.parameters}
    return runnable, skipped


def run_saved_queries(
    names=None,
    params: dict | None = None,
    graph=None,
    engine: str = "oxigraph",
    endpoint: str | None = None,
    timeout: float | None = None,
    workers: int | None = None,
    directory: Path | str | None = None,
    progress=None,
) -> Batch:
    """Run the saved queries ``names`` (default: all) with ``params``; load the graph once.

    ``graph``, ``engine``, ``endpoint`` and ``timeout`` are as for :func:`sparql.run_query`.
    ``workers``: threads (default: one per core). A query that fails raises its error with the
    query's name in front; no partial batch is returned. ``progress``: called with
    ``(name, done, total)`` as each query is answered.
    """
    if workers is not None and workers < 1:
        raise PRMError(f"workers {workers}: expected a whole number of at least 1")
    queries = select_queries(names, directory)
    runnable, skipped = plan(queries, params)
    store = None if endpoint else sparql.open_store(graph, engine)
    if engine == "rdflib" and not endpoint:
        workers = 1
    workers = min(workers or default_workers(), max(1, len(runnable)))
    by_name = {q.name: q for q in queries}

    done = [0]

    def run(name: str) -> sparql.QueryResult:
        result = _run(name)
        if progress is not None:
            done[0] += 1
            progress(name, done[0], len(runnable))
        return result

    def _run(name: str) -> sparql.QueryResult:
        try:
            return sparql.run_query(
                by_name[name],
                runnable[name],
                graph=store,
                engine=engine,
                endpoint=endpoint,
                timeout=timeout,
            )
        except PRMError as exc:  # keep the error's class (and so its meaning); say which query
            exc.args = (f"saved query {name!r}: {exc}",)
            raise

    if workers == 1:
        answers = [run(name) for name in runnable]
    else:
        with ThreadPoolExecutor(
            max_workers=workers, thread_name_prefix="iso20000-prm-query"
        ) as pool:
            answers = list(pool.map(run, runnable))
    return Batch(results=dict(zip(runnable, answers)), skipped=skipped)
