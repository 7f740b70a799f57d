"""``iso20000-prm assess template|import|report``: a process assessment against the PRM."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

from iso20000_prm.errors import PRMError


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "assess",
        help="assess processes: workbook template, import of ratings, capability and clause exposure report",
        description="Process assessment against the PRM: write a workbook for assessors (template), "
        "turn the filled workbook into validated RDF (import), and report PA 1.1, capability "
        "levels and ISO/IEC 20000-1 clause exposure per edition (report).",
    )
    sub = p.add_subparsers(dest="action", metavar="ACTION")
    t = sub.add_parser("template", help="write the assessors' workbook (XLSX or CSV)")
    t.add_argument(
        "--process",
        action="append",
        required=True,
        metavar="N",
        help="process number, e.g. 5.6 (repeat)",
    )
    t.add_argument(
        "--instances", type=int, default=1, help="process instances per process (default 1)"
    )
    t.add_argument(
        "-o", "--output", type=Path, required=True, help="the workbook to write (.xlsx or .csv)"
    )
    t.add_argument(
        "--graph", type=Path, metavar="FILE", help="PRM graph file (default: the graph rule)"
    )
    t.set_defaults(func=run_template)
    i = sub.add_parser("import", help="turn a filled workbook into checked RDF (Turtle)")
    i.add_argument("workbook", type=Path, help="the filled workbook (.xlsx or .csv)")
    i.add_argument("-o", "--output", type=Path, required=True, help="the Turtle file to write")
    i.add_argument(
        "--graph", type=Path, metavar="FILE", help="PRM graph file (default: the graph rule)"
    )
    i.set_defaults(func=run_import)
    r = sub.add_parser("report", help="PA 1.1, capability levels, profile and clause exposure")
    r.add_argument(
        "assessment", type=Path, help="the assessment graph (Turtle, from `assess import`)"
    )
    r.add_argument(
        "--format", "-f", choices=("table", "csv", "json", "xlsx", "html"), default="table"
    )
    r.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")
    r.add_argument(
        "--graph", type=Path, metavar="FILE", help="PRM graph file (default: the graph rule)"
    )
    r.set_defaults(func=run_report)
    p.set_defaults(func=lambda args: (p.print_help(sys.stderr), 2)[1])


@contextmanager
def _engine_notes():
    """One line on stderr for each assessment validation the reference engine did in place of
    the default one (also when the assessment is then refused)."""
    from iso20000_prm.assessment.validate import engine_notes

    with engine_notes() as notes:
        try:
            yield
        finally:
            for note in notes:
                print(f"iso20000-prm assess: note: {note}", file=sys.stderr)


def _check_output(path: Path) -> None:
    if path.exists() and not path.is_file():
        raise PRMError(f"{path}: not a regular file; -o replaces only regular files")


def run_template(args) -> int:
    from iso20000_prm.assessment.api import assessment_template
    from iso20000_prm.files import write_atomic

    _check_output(args.output)
    fmt = "csv" if args.output.suffix.lower() == ".csv" else "xlsx"
    write_atomic(args.output, assessment_template(args.process, args.instances, fmt, args.graph))
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


def run_import(args) -> int:
    from iso20000_prm.assessment.api import import_assessment

    _check_output(args.output)
    with _engine_notes():
        import_assessment(args.workbook, args.output, args.graph)
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


def run_report(args) -> int:
    from iso20000_prm.assessment.api import assessment_report

    if args.format == "xlsx" and not args.output and sys.stdout.isatty():
        raise PRMError("an xlsx report is a binary file: name it with -o FILE")
    with _engine_notes():
        out = assessment_report(args.assessment, args.format, args.graph)
    data = out.encode("utf-8") if isinstance(out, str) else out
    if args.output:
        from iso20000_prm.files import write_atomic

        _check_output(args.output)
        write_atomic(args.output, data)
    else:
        sys.stdout.buffer.write(data)
    return 0
