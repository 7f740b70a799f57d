"""Send the graph to a triple store by the SPARQL 1.1 Graph Store HTTP Protocol, then verify it.

One ``PUT`` replaces the named graph (or the default graph) in a single request, so loading
twice leaves one copy, and a failed request leaves the store as it was (the server applies a
PUT whole or not at all). Afterwards the triples of that graph are counted through the SPARQL
1.1 query endpoint (a form-encoded POST, which every server answers); a different count is an
error. Any server that speaks the protocols works: Oxigraph server, Virtuoso
(``/sparql-graph-crud``, ``/sparql-graph-crud-auth`` with HTTP Digest), Apache Jena Fuseki,
GraphDB.

The HTTP requests go through :mod:`iso20000_prm.store.http`: credentials come from the
environment variable ``ISO20000_PRM_AUTH`` only (Basic, Digest or a header value), go only to
the host named (no redirect to another host is followed) and never appear in messages.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass

from iso20000_prm.errors import PRMError
from iso20000_prm.store.http import EndpointError, check_url, redact, request, scrub

__all__ = [
    "EndpointError",
    "VerificationError",
    "count_triples",
    "graph_url",
    "load_graph",
    "put_graph",
    "query_endpoint_for",
    "redact",
]

DEFAULT_TIMEOUT = 60.0
N_TRIPLES = "application/n-triples"


class VerificationError(Exception):
    """The store answered, but does not hold what was sent (a check failure, exit 1)."""


def query_endpoint_for(store_endpoint: str) -> str | None:
    """The SPARQL query endpoint that usually sits beside a Graph Store endpoint.

    Oxigraph ``.../store`` -> ``.../query``; Fuseki ``.../ds/data`` -> ``.../ds/query``;
    GraphDB ``.../repositories/R/rdf-graphs/service`` -> ``.../repositories/R``; Virtuoso
    ``.../sparql-graph-crud`` and ``.../sparql-graph-crud-auth`` -> ``.../sparql``; else None.
    """
    parts = urllib.parse.urlsplit(store_endpoint)
    path = parts.path.rstrip("/")
    for suffix, replacement in (
        ("/rdf-graphs/service", ""),
        ("/sparql-graph-crud-auth", "/sparql"),
        ("/sparql-graph-crud", "/sparql"),
        ("/store", "/query"),
        ("/data", "/query"),
    ):
        if path.endswith(suffix):
            new_path = path[: -len(suffix)] + replacement
            return urllib.parse.urlunsplit((parts.scheme, parts.netloc, new_path, "", ""))
    return None


def graph_url(store_endpoint: str, graph_iri: str | None) -> str:
    """The Graph Store URL with ``?graph=IRI`` (indirect identification) or ``?default``."""
    sep = "&" if urllib.parse.urlsplit(store_endpoint).query else "?"
    if graph_iri is None:
        return f"{store_endpoint}{sep}default"
    return f"{store_endpoint}{sep}graph={urllib.parse.quote(graph_iri, safe='')}"


def put_graph(
    store_endpoint: str,
    data: bytes,
    graph_iri: str | None,
    content_type: str = N_TRIPLES,
    timeout: float = DEFAULT_TIMEOUT,
) -> None:
    """Replace the graph ``graph_iri`` (None: the default graph) with ``data``."""
    request(
        graph_url(store_endpoint, graph_iri),
        "PUT",
        data,
        {"Content-Type": content_type},
        timeout,
        "loading into",
    )


def count_triples(
    query_endpoint: str, graph_iri: str | None, timeout: float = DEFAULT_TIMEOUT
) -> int:
    """Number of triples in ``graph_iri`` (None: the default graph), by a SPARQL COUNT query
    sent through the one SPARQL Protocol client (:mod:`iso20000_prm.sparql.protocol`)."""
    from iso20000_prm.sparql import protocol

    pattern = "?s ?p ?o" if graph_iri is None else f"GRAPH <{graph_iri}> {{ ?s ?p ?o }}"
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"
    what = "counting triples at"
    variables, rows = protocol.query(query_endpoint, query, timeout, what)
    try:
        return int(rows[0][variables.index("n")])
    except (ValueError, IndexError, TypeError):
        answer = scrub(repr(rows[:1]))[:200]
        raise EndpointError(
            f"{what} {redact(query_endpoint)}: not a SPARQL result with a count: {answer}"
        ) from None


@dataclass(frozen=True)
class LoadResult:
    endpoint: str
    graph_iri: str | None
    sent: int
    counted: int


def load_graph(
    graph,
    store_endpoint: str,
    graph_iri: str | None,
    query_endpoint: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> LoadResult:
    """PUT ``graph`` (rdflib) into the store, then count it back; raise if the counts differ."""
    check_url(store_endpoint)
    query_endpoint = query_endpoint or query_endpoint_for(store_endpoint)
    if not query_endpoint:
        raise PRMError(
            f"cannot tell the SPARQL query endpoint of {redact(store_endpoint)}; give it as query_endpoint"
        )
    check_url(query_endpoint)
    # plain N-Triples: every server reads it, and blank-node labels need only be stable within it
    data = graph.serialize(format="nt", encoding="utf-8")
    put_graph(store_endpoint, data, graph_iri, timeout=timeout)
    counted = count_triples(query_endpoint, graph_iri, timeout=timeout)
    result = LoadResult(redact(store_endpoint), graph_iri, len(graph), counted)
    if counted != len(graph):
        target = f"graph <{redact(graph_iri)}>" if graph_iri else "the default graph"
        raise VerificationError(
            f"{redact(store_endpoint)}: sent {len(graph)} triples to {target}, but the query endpoint "
            f"{redact(query_endpoint)} counts {counted}"
        )
    return result
