"""``iso20000-prm load``: send the graph to a SPARQL server (Graph Store Protocol) and verify it.

The graph is "the graph" of :mod:`iso20000_prm.graph.source`, released for ``--profile`` by
:func:`~iso20000_prm.release.write.release_graph` (the same checks as ``build``); a file named
with ``--input`` is loaded as it is. The endpoints are checked before the graph is made.
"""

from __future__ import annotations

import sys
from pathlib import Path

from iso20000_prm.graph.source import RULE
from iso20000_prm.release.profiles import PROFILES
from iso20000_prm.vocab import GRAPH_IRI


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "load",
        help="load the graph into a triple store by the SPARQL 1.1 Graph Store Protocol",
        description="Replace a named graph (or the default graph) in a triple store with the graph by one "
        "HTTP PUT (SPARQL 1.1 Graph Store HTTP Protocol), then count its triples through the SPARQL "
        "endpoint and fail if the count differs. Loading twice leaves one copy. Credentials come from "
        "the environment variable ISO20000_PRM_AUTH ('user:password' for Basic, 'Digest user:password' "
        "for Digest, or 'Bearer TOKEN'); redirects to another host are not followed. On success it "
        "prints the query command that reads the loaded graph. "
        f"The graph: {RULE} (--input names a file, --tables the tables).",
    )
    p.add_argument(
        "--endpoint",
        required=True,
        metavar="URL",
        help="Graph Store endpoint, e.g. http://localhost:7878/store (Oxigraph), "
        "http://localhost:3030/ds/data (Fuseki), http://localhost:7200/repositories/REPO/rdf-graphs/service (GraphDB)",
    )
    p.add_argument(
        "--query-endpoint",
        metavar="URL",
        help="SPARQL query endpoint used to verify the count (default: derived from --endpoint for those three servers)",
    )
    target = p.add_mutually_exclusive_group()
    target.add_argument(
        "--graph",
        metavar="IRI",
        default=GRAPH_IRI,
        help=f"named graph to replace (default: {GRAPH_IRI})",
    )
    target.add_argument(
        "--default-graph",
        action="store_true",
        help="replace the default graph instead of a named graph",
    )
    p.add_argument(
        "--input",
        "-i",
        type=Path,
        metavar="FILE",
        help="graph file to load as it is, without the release checks (any RDF format by its "
        "suffix); default: the last build if it exists, else the graph built from the tables",
    )
    p.add_argument(
        "--tables",
        type=Path,
        metavar="DIR",
        help="build the graph from this folder of source tables (default: the last build if it "
        "exists, else the shipped tables)",
    )
    p.add_argument(
        "--profile",
        choices=PROFILES,
        default="full",
        help="release profile to load, checked as build checks it (default: full)",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="deadline in seconds for each exchange with the server, the whole answer included "
        "(default: 60)",
    )
    p.set_defaults(func=run)


def run(args) -> int:
    from iso20000_prm.errors import PRMError
    from iso20000_prm.graph.source import load_graph
    from iso20000_prm.release.write import CheckFailed, release_graph
    from iso20000_prm.store.graph_store import VerificationError, query_endpoint_for
    from iso20000_prm.store.graph_store import load_graph as load_into_store
    from iso20000_prm.store.http import check_url, redact

    if args.timeout <= 0:
        raise PRMError("--timeout must be a positive number of seconds")
    if args.input is not None and (args.tables is not None or args.profile != "full"):
        raise PRMError(
            "--input loads a file as it is; --tables and --profile apply only without --input"
        )
    check_url(args.endpoint)
    query_endpoint = args.query_endpoint or query_endpoint_for(args.endpoint)
    if not query_endpoint:
        raise PRMError(
            f"cannot tell the SPARQL query endpoint of {redact(args.endpoint)}; give --query-endpoint"
        )
    check_url(query_endpoint)
    graph_iri = None if args.default_graph else args.graph
    try:
        if args.input is not None:  # the user's triples as written, counted as given
            from iso20000_prm.graph.read import read_exact

            graph = read_exact(args.input)
        else:
            graph = release_graph(load_graph(tables=args.tables), args.profile, args.tables)
    except CheckFailed as exc:
        print(f"iso20000-prm load: {exc}; nothing loaded", file=sys.stderr)
        for line in exc.problems:
            print(f"  {line}", file=sys.stderr)
        return 1
    try:
        result = load_into_store(graph, args.endpoint, graph_iri, query_endpoint, args.timeout)
    except VerificationError as exc:
        merged = _merged_by_value(args, graph, query_endpoint, graph_iri)
        if merged is None:
            print(f"iso20000-prm load: error: {exc}", file=sys.stderr)
            return 1
        target = f"graph <{redact(graph_iri)}>" if graph_iri else "the default graph"
        print(
            f"loaded {len(graph)} triples into {target} at {redact(args.endpoint)}; the store counts "
            f"{merged}: it keeps literals by value, so triples whose literals are equal in value "
            '(such as "007" and "7") are one there',
            file=sys.stderr,
        )
        print(f"query it with: {query_command(query_endpoint, graph_iri)}", file=sys.stderr)
        return 0
    target = f"graph <{redact(graph_iri)}>" if graph_iri else "the default graph"
    print(
        f"loaded {result.sent} triples into {target} at {result.endpoint}; the store counts {result.counted}",
        file=sys.stderr,
    )
    print(f"query it with: {query_command(query_endpoint, graph_iri)}", file=sys.stderr)
    return 0


def query_command(query_endpoint: str, graph_iri: str | None) -> str:
    """The ``query`` command line that reads the loaded graph (its IRI as the default graph)."""
    import shlex

    from iso20000_prm.store.http import redact

    words = ["iso20000-prm", "query", "processes", "--endpoint", redact(query_endpoint)]
    if graph_iri:
        words += ["--default-graph-uri", graph_iri]
    return " ".join(shlex.quote(w) for w in words)


def _merged_by_value(args, graph, query_endpoint: str, graph_iri: str | None) -> int | None:
    """For ``--input``: the store's count if it is the count of the user's triples merged by
    literal value (the store is right, nothing was lost), else None."""
    if args.input is None:
        return None
    from iso20000_prm.store.graph_store import count_triples

    expected = graph.value_count()
    if expected == len(graph):
        return None
    counted = count_triples(query_endpoint, graph_iri, timeout=args.timeout)
    return counted if counted == expected else None
