"""The working copy a validation runs on: never the caller's graph (entailment adds to it, and
the findings' messages are resolved against it), and a Graph that parses each query text once.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=64)
def _prepared(query: str):
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(query)


@lru_cache(maxsize=1)
def _caching_graph():
    """An rdflib Graph whose ``query`` parses each query text once per process.

    pyshacl hands the text of a SHACL-SPARQL constraint to ``query`` for every focus node, and
    rdflib re-parses it every time; parsing costs more than evaluating the shipped queries.
    """
    from rdflib import Graph

    class _CachingGraph(Graph):
        def query(self, query_object, *args, **kwargs):
            if isinstance(query_object, str):
                query_object = _prepared(query_object)
            return super().query(query_object, *args, **kwargs)

    return _CachingGraph


def working_copy(graph, predicates=None):
    """A copy of ``graph`` (its prefixes too): only the triples with ``predicates`` when given,
    else all of them."""
    work = _caching_graph()()
    for prefix, namespace in graph.namespaces():
        work.bind(prefix, namespace, override=False)
    if predicates is None:
        work.addN((s, p, o, work) for s, p, o in graph)
    else:
        for predicate in predicates:
            work.addN((s, p, o, work) for s, p, o in graph.triples((None, predicate, None)))
    return work
