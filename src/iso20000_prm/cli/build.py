"""``iso20000-prm build``: source tables -> the released graph (one Turtle file, or several formats).

Parses the flags, checks those that only make sense together, then calls one API function:
:func:`~iso20000_prm.release.write.write_graph` (the default) or
:func:`~iso20000_prm.release.write.write_release` (``--format``, ``--gzip``, ``--output-dir``...).
"""

from __future__ import annotations

import sys
from pathlib import Path

from iso20000_prm.files import DEFAULT_OUTPUT
from iso20000_prm.graph.formats import FORMATS
from iso20000_prm.graph.source import RULE
from iso20000_prm.release.profiles import PROFILES
from iso20000_prm.validation.report import FAIL_LEVELS


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "build",
        help="build the graph from the source tables and write it as Turtle",
        description="Read the source tables (the shipped ones, or an edited copy), build the graph "
        "(vocabulary + data) and write it as Turtle. The same tables always give the same bytes; "
        "on bad input nothing is written. The commands that read the graph (validate, query, "
        f"load, docs) take it from {RULE}. The default --output is that last build.",
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
        help=f"release format(s), repeatable or comma-separated: {', '.join(FORMATS)}, or all; written into --output-dir with a dataset description",
    )
    p.add_argument(
        "--profile",
        choices=PROFILES,
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
        help=f"folder for release artefacts (default: {DEFAULT_OUTPUT.parent})",
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
        choices=tuple(FAIL_LEVELS),
        default="violation",
        help="with --validate: lowest severity that makes the exit code 1 (default: violation; 'none': findings never fail the build)",
    )
    p.set_defaults(func=run)


def run(args) -> int:
    from iso20000_prm.errors import PRMError
    from iso20000_prm.graph.formats import parse_formats
    from iso20000_prm.release.write import CheckFailed, write_graph, write_release

    release = bool(
        args.format
        or args.output_dir
        or args.gzip
        or args.download_base
        or (args.profile != "full" and args.output is None)
    )
    if release and args.output is not None:
        raise PRMError(
            "--output writes one Turtle file; with --format, --gzip or --download-base use --output-dir"
        )
    formats = parse_formats(args.format) if release else None  # a bad name fails before the build
    _check_outputs(args, release)
    try:
        if release:
            written = write_release(
                args.tables,
                args.profile,
                formats,
                args.output_dir,
                args.gzip,
                args.download_base,
                validate=args.validate,
            )
        else:
            written = write_graph(
                args.tables, args.output or DEFAULT_OUTPUT, args.profile, validate=args.validate
            )
    except CheckFailed as exc:
        print(f"iso20000-prm build: {exc}; nothing written", file=sys.stderr)
        for line in exc.problems:
            print(f"  {line}", file=sys.stderr)
        return 1
    if release:
        for path in written.paths:
            print(f"wrote {path}", file=sys.stderr)
    else:
        print(f"wrote {written.paths[0]} ({written.triples} triples)", file=sys.stderr)
    return _print_validation(written.report, args.fail_on) if args.validate else 0


def _check_outputs(args, release: bool) -> None:
    """Refuse an output that cannot be written before any table is read or graph built."""
    from iso20000_prm.errors import OutputError

    if release:
        out_dir = args.output_dir if args.output_dir is not None else DEFAULT_OUTPUT.parent
        if out_dir.exists() and not out_dir.is_dir():
            raise OutputError(f"{out_dir}: is not a folder; give --output-dir a folder")
    else:
        out = args.output or DEFAULT_OUTPUT
        if out.is_dir():
            raise OutputError(f"{out}: is a directory, not a regular file; give a file name")


def _print_validation(report, fail_on: str) -> int:
    """The report of the full graph just built (the open profile lacks the prose the shapes
    require), validated while the files were written."""
    from iso20000_prm.cli.validate import print_fallback_note, print_report

    print_report(report, "text", "the graph built from the tables")
    print_fallback_note(report, "build")
    return 1 if report.fails(fail_on) else 0
