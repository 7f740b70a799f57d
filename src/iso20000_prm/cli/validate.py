"""``iso20000-prm validate [GRAPH]``: check the graph against the SHACL shapes, for people and CI.

Exit codes: 0 conforms (per ``--fail-on``), 1 findings at or above the ``--fail-on`` level,
2 usage or input errors.
"""

from __future__ import annotations

import sys
from pathlib import Path

from iso20000_prm.errors import PRMError
from iso20000_prm.graph.source import RULE
from iso20000_prm.validation.render import FORMATS
from iso20000_prm.validation.report import ENGINES, FAIL_LEVELS


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "validate",
        help="validate the graph against the SHACL shapes and report findings by process",
        description="Validate the graph against the SHACL shapes, and report each finding by process "
        f"and outcome: which rule, what is wrong, what to do. The graph: {RULE}.",
    )
    p.add_argument(
        "graph",
        nargs="?",
        type=Path,
        metavar="GRAPH",
        help="graph file to validate (default: see above)",
    )
    p.add_argument(
        "--tables",
        type=Path,
        metavar="DIR",
        help="validate the graph built in memory from this folder of source tables",
    )
    p.add_argument(
        "--format",
        "-f",
        choices=FORMATS,
        default="text",
        help="text (grouped by process), json (the findings), or turtle (the W3C SHACL validation report); default: text",
    )
    p.add_argument(
        "--fail-on",
        choices=tuple(FAIL_LEVELS),
        default="violation",
        help="lowest severity that makes the exit code 1 (default: violation; 'none' always exits 0 unless the input is bad)",
    )
    p.add_argument(
        "--shapes",
        type=Path,
        metavar="FILE",
        help="a shapes graph to use instead of the shipped shapes",
    )
    p.add_argument(
        "--no-entailment",
        action="store_true",
        help="validate the graph exactly as given, without deriving inverse and chained relations first",
    )
    p.add_argument(
        "--engine",
        choices=ENGINES,
        default="oxigraph",
        help="oxigraph (default): the shapes evaluated on the embedded Oxigraph store, fast at "
        "any size; pyshacl: the reference SHACL engine (same findings, slower)",
    )
    p.set_defaults(func=run)


def run(args) -> int:
    from iso20000_prm.files import DEFAULT_OUTPUT
    from iso20000_prm.graph.source import describe, graph_file, load_graph
    from iso20000_prm.validation import validate

    if args.graph is not None and args.tables is not None:
        raise PRMError("give a GRAPH file or --tables, not both")
    if args.shapes is not None and not args.shapes.is_file():
        raise PRMError(f"{args.shapes}: no such shapes file")
    file = graph_file(args.graph, args.tables)
    if file is None and args.tables is None:
        print(
            f"validate: {DEFAULT_OUTPUT} not found; validating the graph built from the shipped tables",
            file=sys.stderr,
        )
    graph = file if file is not None else load_graph(tables=args.tables)
    report = validate(
        graph, shapes=args.shapes, entailment=not args.no_entailment, engine=args.engine
    )
    print_report(report, args.format, file if file is not None else describe(tables=args.tables))
    print_fallback_note(report, "validate")
    return 1 if report.fails(args.fail_on) else 0


def print_fallback_note(report, command: str) -> None:
    """One line on stderr when the reference engine produced ``report`` in place of the
    engine asked for (:meth:`~iso20000_prm.validation.report.ValidationReport.fallback_note`);
    nothing otherwise. Never on stdout: the report's bytes do not depend on it."""
    note = report.fallback_note()
    if note is not None:
        print(f"iso20000-prm {command}: note: {note}", file=sys.stderr)


def print_report(report, fmt: str, name) -> None:
    """Write ``report`` to stdout in ``fmt``; the one-line summary goes to stderr for the
    machine-readable formats (the text report ends with it)."""
    from iso20000_prm.validation.render import render_report

    rendered = render_report(report, fmt, name)
    if isinstance(rendered, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(rendered)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(rendered)
    if fmt != "text":
        print(report.summary(), file=sys.stderr)
