"""``iso20000-prm load``: send the graph to a SPARQL server (Graph Store Protocol) and verify it."""

from __future__ import annotations

import sys
from pathlib import Path

GRAPH_IRI = "https://w3id.org/iso20000-prm/graph"  # the same as formats.GRAPH_IRI (kept light here)


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "load",
        help="load the graph into a triple store by the SPARQL 1.1 Graph Store Protocol",
        description="Replace a named graph (or the default graph) in a triple store with the graph by one "
        "HTTP PUT (SPARQL 1.1 Graph Store HTTP Protocol), then count its triples through the SPARQL "
        "endpoint and fail if the count differs. Loading twice leaves one copy. Credentials come from "
        "the environment variable ISO20000_PRM_AUTH ('user:password' or 'Bearer TOKEN').",
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
        help="graph file to load (any RDF format by its suffix); default: build from the tables",
    )
    p.add_argument(
        "--tables",
        type=Path,
        metavar="DIR",
        help="folder of source tables when building (default: the shipped tables)",
    )
    p.add_argument(
        "--profile",
        choices=("full", "open"),
        default="full",
        help="release profile to load when building (default: full)",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="seconds to wait for each answer (default: 60)",
    )
    p.set_defaults(func=run)


def run(args) -> int:
    from iso20000_prm.errors import PRMError
    from iso20000_prm.store.graph_store import VerificationError, load_graph

    if args.timeout <= 0:
        raise PRMError("--timeout must be a positive number of seconds")
    if args.input is not None:
        if args.tables is not None or args.profile != "full":
            raise PRMError(
                "--input loads a file as it is; --tables and --profile apply only when building"
            )
        from iso20000_prm.graph.read import read_graph

        graph = read_graph(args.input)
    else:
        from iso20000_prm.graph.build import build_graph
        from iso20000_prm.release.profiles import apply_profile
        from iso20000_prm.tables.read import load_tables

        tables = load_tables(args.tables)
        graph = apply_profile(build_graph(tables), args.profile)
        if args.profile == "open":
            from iso20000_prm.release.write import CheckFailed, check_release

            try:
                check_release(graph, "open", tables)
            except CheckFailed as exc:
                print(f"iso20000-prm load: {exc}; nothing loaded", file=sys.stderr)
                return 1
    graph_iri = None if args.default_graph else args.graph
    try:
        result = load_graph(
            graph, args.endpoint, graph_iri, args.query_endpoint, timeout=args.timeout
        )
    except VerificationError as exc:
        print(f"iso20000-prm load: error: {exc}", file=sys.stderr)
        return 1
    from iso20000_prm.store.graph_store import redact

    target = f"graph <{redact(graph_iri)}>" if graph_iri else "the default graph"
    print(
        f"loaded {result.sent} triples into {target} at {result.endpoint}; the store counts {result.counted}",
        file=sys.stderr,
    )
    return 0
