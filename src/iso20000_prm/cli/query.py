"""``iso20000-prm query``: run a saved query, an ``.rq`` file or SPARQL text on the graph.

The default engine, pyoxigraph, reads the built Turtle file itself, so this path never imports
rdflib and answers in a fraction of a second. Only when the file has not been built is the
graph built in memory (through rdflib), with a note on stderr.
"""

from __future__ import annotations

import sys
from pathlib import Path

from iso20000_prm.sparql.engines import ENGINES
from iso20000_prm.sparql.results import EXTENSIONS, FORMATS


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "query",
        help="run a saved SPARQL query (see --list), an .rq file or SPARQL text on the graph",
        description="Run a saved query by name, an .rq file or a SPARQL string on the built graph "
        "(build/iso20000-prm.ttl; built in memory from the shipped tables if missing), on another graph "
        "file (--graph) or at a SPARQL 1.1 Protocol endpoint (--endpoint; credentials from the "
        "environment variable ISO20000_PRM_AUTH, 'user:password' or 'Bearer TOKEN'). Parameters are "
        "bound as RDF terms, never pasted into the query text.",
    )
    p.add_argument(
        "query",
        nargs="?",
        metavar="QUERY",
        help="saved query name, .rq file, SPARQL text, or - to read SPARQL from stdin",
    )
    p.add_argument(
        "--list",
        action="store_true",
        help="list the saved queries with their summaries and parameters",
    )
    p.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="bind a parameter (repeatable)",
    )
    p.add_argument(
        "--format", "-f", choices=FORMATS, default="table", help="output format (default: table)"
    )
    p.add_argument(
        "--graph",
        "-g",
        type=Path,
        metavar="FILE",
        help="graph file to query (default: the last build, build/iso20000-prm.ttl, if it exists; else the graph built in memory from the shipped tables)",
    )
    p.add_argument(
        "--engine", choices=ENGINES, default="oxigraph", help="embedded engine (default: oxigraph)"
    )
    p.add_argument(
        "--endpoint",
        metavar="URL",
        help="query this SPARQL 1.1 Protocol endpoint instead of a local graph",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="endpoint timeout (default: 30)",
    )
    p.add_argument(
        "--default-graph-uri",
        action="append",
        default=[],
        metavar="IRI",
        help="with --endpoint: query the named graph IRI as the default graph (SPARQL Protocol "
        "default-graph-uri; repeatable), e.g. the graph `load` wrote",
    )
    p.add_argument(
        "--named-graph-uri",
        action="append",
        default=[],
        metavar="IRI",
        help="with --endpoint: a named graph of the query's dataset (repeatable)",
    )
    p.add_argument(
        "--output",
        "-o",
        type=Path,
        metavar="FILE",
        help="write the result to FILE instead of stdout",
    )
    p.add_argument(
        "--all",
        action="store_true",
        help="run every saved query on one load of the graph, concurrently, "
        "writing NAME.EXT per query into --output-dir (queries missing a required --param are skipped, with a note)",
    )
    p.add_argument(
        "--output-dir",
        type=Path,
        metavar="DIR",
        help="with --all: the folder to write the results into",
    )
    p.add_argument(
        "--workers", type=int, metavar="N", help="with --all: threads (default: one per core)"
    )
    p.set_defaults(func=run)


def _params(pairs: list[str]) -> dict[str, str]:
    from iso20000_prm.errors import PRMError

    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise PRMError(f"--param {pair!r}: expected NAME=VALUE")
        if name.strip() in out:
            raise PRMError(f"--param {name.strip()!r} given twice")
        out[name.strip()] = value
    return out


def _listing(fmt: str) -> str:
    import json

    from iso20000_prm.sparql import saved as sparql

    queries = sparql.list_queries()
    if fmt == "json":
        doc = [
            {
                "name": q.name,
                "summary": q.summary,
                "parameters": q.parameters,
                "required": q.required,
                "defaults": q.defaults,
                "tags": q.tags,
            }
            for q in queries
        ]
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    lines = []
    for q in queries:
        params = []
        for name in q.parameters:
            shown = name if name in q.required else f"[{name}]"
            if name in q.defaults:
                shown += f"={q.defaults[name]}"
            params.append(shown)
        lines.append(f"{q.name}  {' '.join(params)}".rstrip())
        lines.append(f"    {q.summary}")
    return "\n".join(lines) + "\n"


def _check_endpoint_options(args) -> None:
    from iso20000_prm.errors import PRMError

    if args.endpoint and args.graph:
        raise PRMError(
            "give either --graph (a local file) or --endpoint (a remote store), not both"
        )
    if not args.timeout > 0:
        raise PRMError(f"--timeout {args.timeout:g}: expected a number of seconds above 0")
    if (args.default_graph_uri or args.named_graph_uri) and not args.endpoint:
        raise PRMError("--default-graph-uri and --named-graph-uri go with --endpoint")
    if args.endpoint:
        from iso20000_prm.sparql.protocol import Endpoint

        args.endpoint = Endpoint(args.endpoint, args.default_graph_uri, args.named_graph_uri)


def _note_unbuilt_graph(args) -> None:
    from iso20000_prm.graph.source import graph_file

    if args.graph is None and not args.endpoint and graph_file() is None:
        print(
            "iso20000-prm query: note: build/iso20000-prm.ttl not found; building the graph in memory "
            "from the shipped tables (run `iso20000-prm build` once to make queries fast)",
            file=sys.stderr,
        )


def _run_all(args) -> int:
    """``--all``: every saved query into ``--output-dir``; files are written only once all answered."""
    from iso20000_prm.errors import PRMError
    from iso20000_prm.files import write_atomic
    from iso20000_prm.sparql import batch as query_batch
    from iso20000_prm.sparql.results import render

    if args.query:
        raise PRMError(f"give either a query ({args.query!r}) or --all, not both")
    if args.output:
        raise PRMError("--all writes one file per query: give --output-dir DIR, not --output")
    if args.output_dir is None:
        raise PRMError("--all needs --output-dir DIR (one file per query is written there)")
    _check_endpoint_options(args)
    _note_unbuilt_graph(args)
    batch = query_batch.run_saved_queries(
        params=_params(args.param),
        graph=args.graph,
        engine=args.engine,
        endpoint=args.endpoint,
        timeout=args.timeout,
        workers=args.workers,
    )
    for name, result in batch.results.items():
        text = render(result.variables, result.rows, args.format)
        write_atomic(args.output_dir / f"{name}{EXTENSIONS[args.format]}", text.encode("utf-8"))
    print(
        f"iso20000-prm query: wrote {len(batch.results)} results to {args.output_dir}",
        file=sys.stderr,
    )
    for name, missing in batch.skipped.items():
        needs = " ".join(f"--param {m}=VALUE" for m in missing)
        print(f"iso20000-prm query: note: skipped {name}: it needs {needs}", file=sys.stderr)
    return 0


def run(args) -> int:
    from iso20000_prm.errors import PRMError

    if not args.all and (args.output_dir is not None or args.workers is not None):
        raise PRMError("--output-dir and --workers go with --all")
    if args.all and not args.list:
        return _run_all(args)
    if args.list:
        text = _listing(args.format)
    else:
        if not args.query:
            raise PRMError("give a saved query name (see --list), an .rq file or SPARQL text")
        from iso20000_prm.sparql import saved as sparql
        from iso20000_prm.sparql.results import render

        _check_endpoint_options(args)
        query = sys.stdin.read() if args.query == "-" else args.query
        _note_unbuilt_graph(args)
        result = sparql.run_query(
            query,
            _params(args.param),
            graph=args.graph,
            engine=args.engine,
            endpoint=args.endpoint,
            timeout=args.timeout,
        )
        text = render(result.variables, result.rows, args.format)
    if args.output:
        from iso20000_prm.files import write_atomic

        write_atomic(args.output, text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    return 0
