"""``iso20000-prm query``: run a saved query, an ``.rq`` file or SPARQL text on the graph.

The default engine, pyoxigraph, reads the built Turtle file itself, so this path never imports
rdflib and answers in a fraction of a second. Only when the file has not been built is the
graph built in memory (through rdflib), with a note on stderr.
"""

from __future__ import annotations

import sys
from pathlib import Path

from iso20000_prm.sparql.engines import ENGINES
from iso20000_prm.sparql.results import EXTENSIONS, FORMATS, RDF_EXTENSIONS


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
    names = _saved_names()
    p.add_argument(
        "query",
        nargs="?",
        metavar="QUERY",
        help="saved query name, .rq file, SPARQL text, or - to read SPARQL from stdin",
    ).complete = {  # shell completion (shtab): the saved queries' names, else files
        "bash": "_iso20000_prm_saved_queries",
        "zsh": f"({' '.join(names)})",
    }
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
        "--format",
        "-f",
        choices=FORMATS,
        default="table",
        help="output format (default: table): json, xml, csv, tsv are the W3C SPARQL 1.1 results "
        "formats; records is {variables, rows} JSON; xlsx a spreadsheet; turtle, ntriples, jsonld "
        "for CONSTRUCT/DESCRIBE answers",
    )
    p.add_argument(
        "--width",
        type=int,
        metavar="N",
        help="table: wrap cells to fit N columns (default: the terminal's width on a terminal, "
        "no wrapping otherwise)",
    )
    p.add_argument(
        "--pivot",
        action="store_true",
        help="turn the answer into a matrix as the saved query's '#+ pivot:' header says "
        "(coverage-matrix: processes x clauses, per edition, with names)",
    )
    p.add_argument(
        "--quiet", "-q", action="store_true", help="no progress or 'wrote' notes on stderr"
    )
    p.add_argument(
        "--graph",
        "-g",
        type=Path,
        action="append",
        metavar="FILE",
        help="graph file to query; repeat it to query the union of several files, e.g. an assessment and the PRM graph (default: the last build, build/iso20000-prm.ttl, if it exists; else the graph built in memory from the shipped tables)",
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


def _saved_names() -> list[str]:
    import os

    from iso20000_prm.files import queries_dir

    return sorted(f[:-3] for f in os.listdir(queries_dir()) if f.endswith(".rq"))


def completion_preamble() -> dict[str, str]:
    """The bash function the completion script uses to offer the saved queries' names."""
    names = " ".join(_saved_names())
    return {
        "bash": "_iso20000_prm_saved_queries() {\n"
        f'  compgen -W "{names}" -- "$1"\n'
        '  compgen -f -X "!*.rq" -- "$1"\n'
        "}\n"
    }


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


def _listing(fmt: str, width: int | None = None) -> str:
    import json
    import textwrap

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
    if width is None:
        import shutil

        width = shutil.get_terminal_size((100, 24)).columns if sys.stdout.isatty() else 100
    lines = []
    for q in queries:
        params = []
        for name in q.parameters:
            shown = name if name in q.required else f"[{name}]"
            if name in q.defaults:
                shown += f"={q.defaults[name]}"
            params.append(shown)
        lines.append(f"{q.name}  {' '.join(params)}".rstrip())
        lines += textwrap.wrap(
            q.summary, width, initial_indent="    ", subsequent_indent="    "
        ) or [""]
    return "\n".join(lines) + "\n"


def _check_endpoint_options(args) -> None:
    from iso20000_prm.errors import PRMError

    if args.graph is not None and len(args.graph) == 1:
        args.graph = args.graph[0]  # one file: as before (its path in notes and checks)
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
    if args.output and args.format != "xlsx":
        raise PRMError(
            "--all writes one file per query: give --output-dir DIR, not --output "
            "(or --format xlsx --output FILE for one workbook)"
        )
    if args.output and args.output_dir is not None:
        raise PRMError("give either --output FILE (one workbook) or --output-dir DIR, not both")
    if args.output_dir is None and not args.output:
        raise PRMError("--all needs --output-dir DIR (one file per query is written there)")
    if args.format in RDF_EXTENSIONS:
        raise PRMError(f"--all runs SELECT queries; {args.format} is for CONSTRUCT answers")
    _check_endpoint_options(args)
    _note_unbuilt_graph(args)
    by_name = {q.name: q for q in query_batch.select_queries()}
    with _progress(args) as progress:
        batch = query_batch.run_saved_queries(
            params=_params(args.param),
            graph=args.graph,
            engine=args.engine,
            endpoint=args.endpoint,
            timeout=args.timeout,
            workers=args.workers,
            progress=progress,
        )
    if args.format == "xlsx" and args.output:
        from iso20000_prm.sparql.results import as_xlsx

        sheets = [(n, *_shape(args, by_name[n], r)) for n, r in batch.results.items()]
        write_atomic(args.output, as_xlsx(sheets))
        _note(args, f"wrote {args.output} ({len(sheets)} sheets)")
    else:
        from iso20000_prm.files import write_tree

        files = {}
        for name, result in batch.results.items():
            variables, rows = _shape(args, by_name[name], result)
            data = render(
                variables, rows, args.format, _terms(args, result), result.form, None, name
            )
            files[f"{name}{_extension(args.format)}"] = (
                data if isinstance(data, bytes) else data.encode("utf-8")
            )
        # all or nothing; an earlier run's answer to a query (in any format) this run does not
        # answer is dropped, the folder's other files are kept
        ours = set(by_name)
        write_tree(args.output_dir, files, owned=lambda rel: rel.split(".", 1)[0] in ours)
        _note(args, f"wrote {len(batch.results)} results to {args.output_dir}")
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
        text = _listing(args.format, args.width)
    else:
        if not args.query:
            raise PRMError("give a saved query name (see --list), an .rq file or SPARQL text")
        from iso20000_prm.sparql import saved as sparql
        from iso20000_prm.sparql.results import render

        _check_endpoint_options(args)
        query = sys.stdin.read() if args.query == "-" else args.query
        _note_unbuilt_graph(args)
        saved = sparql.resolve_query(query)
        from iso20000_prm.sparql.params import MissingParameterError

        try:
            result = sparql.run_query(
                saved,
                _params(args.param),
                graph=args.graph,
                engine=args.engine,
                endpoint=args.endpoint,
                timeout=args.timeout,
            )
        except MissingParameterError as exc:  # the API names the parameters, the CLI its flag
            needs = " ".join(f"--param {m}=VALUE" for m in exc.missing)
            raise PRMError(f"{exc}: give {needs}") from None
        variables, rows = _shape(args, saved, result)
        width = args.width
        if width is None and args.format == "table" and not args.output and sys.stdout.isatty():
            import shutil

            width = shutil.get_terminal_size().columns
        text = render(
            variables, rows, args.format, _terms(args, result), result.form, width, saved.name
        )
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    if args.output:
        from iso20000_prm.files import write_atomic

        write_atomic(args.output, data)
        _note(args, f"wrote {args.output}")
    elif isinstance(text, bytes) and sys.stdout.isatty():
        raise PRMError(f"{args.format} is binary: give --output FILE")
    elif isinstance(text, bytes):
        sys.stdout.buffer.write(data)
    else:
        sys.stdout.write(text)
    return 0


def _shape(args, saved, result):
    """The answer's columns and rows, pivoted when --pivot asks."""
    if not args.pivot:
        return result.variables, result.rows
    from iso20000_prm.errors import PRMError
    from iso20000_prm.sparql.results import FormatError, pivot

    spec = saved.pivot
    if not spec.get("rows") or not spec.get("columns") or not spec.get("value"):
        raise PRMError(f"--pivot: the query {saved.name!r} declares no '#+ pivot:' header")
    empty = spec.get("empty")
    empty = int(empty) if empty is not None and empty.lstrip("-").isdigit() else empty
    try:
        return pivot(
            result.variables,
            result.rows,
            spec["rows"].split(),
            spec["columns"].split(),
            spec["value"],
            empty,
        )
    except FormatError as exc:
        raise PRMError(str(exc)) from None


def _terms(args, result):
    return None if args.pivot else result.terms


def _extension(fmt: str) -> str:
    return {**EXTENSIONS, **RDF_EXTENSIONS}[fmt]


def _note(args, message: str) -> None:
    if not args.quiet:
        print(f"iso20000-prm query: {message}", file=sys.stderr)


class _progress:
    """A progress bar on stderr while --all runs, only on a terminal and without --quiet."""

    def __init__(self, args):
        self.show = not args.quiet and sys.stderr.isatty()
        self.bar = None

    def __enter__(self):
        if not self.show:
            return None
        import threading

        from tqdm import tqdm

        from iso20000_prm.cli._progress import screen

        lock = threading.Lock()

        def update(name, done, total):
            with lock:
                if self.bar is None:
                    self.bar = tqdm(
                        total=total, desc="queries", unit="query", file=sys.stderr, **screen()
                    )
                self.bar.set_postfix_str(name, refresh=False)
                self.bar.update(1)

        return update

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.close()
        return False
