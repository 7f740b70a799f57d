"""``iso20000-prm build``: source tables -> Turtle file (vocabulary + data)."""

from __future__ import annotations

import sys
from pathlib import Path

from iso20000_prm.cli.validate import FAIL_ON
from iso20000_prm.files import DEFAULT_OUTPUT


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "build",
        help="build the graph from the source tables and write it as Turtle",
        description="Read the source tables (the shipped ones, or an edited copy), build the graph "
        "(vocabulary + data) and write it as Turtle. The same tables always give the same bytes; "
        "on bad input nothing is written.",
    )
    p.add_argument(
        "--tables",
        type=Path,
        metavar="DIR",
        help="folder of source tables (default: the tables shipped with the package)",
    )
    p.add_argument(
        "--output",
        "-o",
        type=Path,
        metavar="FILE",
        default=None,
        help=f"Turtle file to write (default: {DEFAULT_OUTPUT})",
    )
    # release artefacts (issue 5): several formats, a profile, and the VoID/DCAT description beside them
    p.add_argument(
        "--format",
        "-f",
        action="append",
        metavar="FMT",
        help="release format(s), repeatable or comma-separated: turtle, ntriples, rdfxml, jsonld, trig, nquads, or all; written into --output-dir with a dataset description",
    )
    p.add_argument(
        "--profile",
        choices=("full", "open"),
        default="full",
        help="full (default): everything; open: without the TR's prose (context, purpose, outcome texts)",
    )
    p.add_argument(
        "--gzip", action="store_true", help="gzip the line-based formats (N-Triples, N-Quads)"
    )
    p.add_argument(
        "--output-dir",
        type=Path,
        metavar="DIR",
        help="folder for release artefacts (default: build)",
    )
    p.add_argument(
        "--download-base",
        metavar="URL",
        help="URL the artefacts will be published under (gives dcat:downloadURL in the description)",
    )
    p.add_argument(
        "--validate",
        action="store_true",
        help="after writing, validate the built graph against the SHACL shapes in the same process and print the report (as iso20000-prm validate does)",
    )
    p.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        default="violation",
        help="with --validate: lowest severity that makes the exit code 1 (default: violation; 'none': findings never fail the build)",
    )
    p.set_defaults(func=run)


def run(args) -> int:
    from iso20000_prm.graph.build import build_graph
    from iso20000_prm.tables.read import load_tables

    tables = load_tables(args.tables)
    graph = build_graph(tables)
    code = _write(args, graph, tables)
    if code == 0 and args.validate:
        code = _validate(graph, args.fail_on)
    return code


def _write(args, graph, tables) -> int:
    from iso20000_prm.files import write_atomic
    from iso20000_prm.graph.formats import serialize
    from iso20000_prm.release.profiles import apply_profile
    from iso20000_prm.release.write import CheckFailed, check_release, run_release

    try:
        if (
            args.format
            or args.output_dir
            or args.gzip
            or args.download_base
            or (args.profile != "full" and args.output is None)
        ):
            return run_release(args, graph, tables)
        graph = apply_profile(graph, args.profile)
        check_release(graph, args.profile, tables)
    except CheckFailed as exc:
        print(f"iso20000-prm build: {exc}; nothing written", file=sys.stderr)
        for line in exc.problems:
            print(f"  {line}", file=sys.stderr)
        return 1
    path = write_atomic(args.output or DEFAULT_OUTPUT, serialize(graph))
    print(f"wrote {path} ({len(graph)} triples)", file=sys.stderr)
    return 0


def _validate(graph, fail_on: str) -> int:
    """Validate the full graph just built (the open profile lacks the prose the shapes require)."""
    from iso20000_prm.cli.validate import print_report
    from iso20000_prm.validation.core import validate

    report = validate(graph)
    print_report(report, "text", "the graph built from the tables")
    return 1 if report.fails(fail_on) else 0
