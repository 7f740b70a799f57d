"""The in-process jobs the harness times, each next to its obvious alternative.

A job is a function ``name(**params) -> callable``: it does its set-up (loading a graph, opening
a store; not timed) and returns the zero-argument callable that is timed. ``worker.py`` runs
one job in a fresh process, so set-up and peak memory belong to that job alone.
"""

from __future__ import annotations

from pathlib import Path

JOBS = {}


def job(fn):
    JOBS[fn.__name__] = fn
    return fn


# ---------------------------------------------------------------- build to N-Triples


@job
def edition_mappings(tables: str):
    """Deriving the edition mapping sets (iso20000_prm.mappings) from loaded tables."""
    from iso20000_prm.mappings import mapping_sets
    from iso20000_prm.tables.read import load_tables

    loaded = load_tables(tables)
    return lambda: len(mapping_sets(loaded))


@job
def load_oxigraph(graph: str):
    """Graph file -> pyoxigraph in-memory store (the embedded store the query command uses)."""
    from iso20000_prm.sparql.engines import OxigraphStore

    return lambda: len(OxigraphStore.from_file(graph))


@job
def load_rdflib(graph: str):
    from iso20000_prm.graph.read import read_graph

    return lambda: len(read_graph(graph))


# ---------------------------------------------------------------- queries


# values for required parameters that a saved query gives no default for
SAMPLE_PARAMS = {"keyword": "change"}


def saved_queries() -> list[tuple[str, dict, str]]:
    """(name, parameters, text with them and its defaults bound) of every saved query."""
    from iso20000_prm.sparql import saved as sparql

    out = []
    for q in sparql.list_queries():
        params = {
            p: SAMPLE_PARAMS[p] for p in q.required if p not in q.defaults and p in SAMPLE_PARAMS
        }
        out.append((q.name, params, sparql.bound_text(q, params)))
    return out


def _store(graph: str, engine: str):
    from iso20000_prm.sparql import saved as sparql

    return sparql.open_store(graph, engine)


@job
def query(graph: str, engine: str, name: str):
    """One saved query on a store loaded once (set-up), results turned into Python values."""
    store = _store(graph, engine)
    text = {n: t for n, _, t in saved_queries()}[name]
    return lambda: len(store.select(text)[1])


@job
def all_queries(graph: str, engine: str):
    """Every saved query, one after the other, on a store loaded once."""
    store = _store(graph, engine)
    texts = [text for _, _, text in saved_queries()]
    return lambda: sum(len(store.select(text)[1]) for text in texts)


@job
def all_queries_batch(graph: str):
    """Every saved query together as ``query --all`` runs them: one thread per core, one store."""
    from iso20000_prm.sparql.batch import run_saved_queries

    store = _store(graph, "oxigraph")
    return lambda: sum(
        len(r) for r in run_saved_queries(params=SAMPLE_PARAMS, graph=store).results.values()
    )


# ---------------------------------------------------------------- validation


def _graph(graph: str):
    from iso20000_prm.graph.read import read_graph

    return read_graph(graph)


@job
def validate_prm(graph: str, engine: str = "oxigraph"):
    """``iso20000_prm.validate(graph, engine=...)`` on a graph already in memory."""
    from iso20000_prm.validation import validate

    g = _graph(graph)
    return lambda: len(validate(g, engine=engine).findings)


@job
def validate_pyshacl_owlrl(graph: str):
    """The obvious alternative: pyshacl with OWL-RL inference over graph + vocabulary."""
    import pyshacl

    from iso20000_prm.validation import load_shapes

    g = _graph(graph)
    shapes = load_shapes()
    return lambda: pyshacl.validate(
        g, shacl_graph=shapes, inference="owlrl", advanced=False, allow_warnings=True
    )[0]


def tables_path(value) -> Path:
    return Path(value)
