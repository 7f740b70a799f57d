"""``iso20000-prm synthesize``: write a synthetic PRM N times the real size, as source tables."""

from __future__ import annotations

import sys
from pathlib import Path


def _scale(text: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be 1 or more")
    return value


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "synthesize",
        help="write synthetic source tables N times the size of the real PRM (for benchmarks)",
        description="Write a synthetic process reference model of N blocks, each shaped like the "
        "real one (processes, outcomes, bracket ratio, traceability fan-out, clause reuse), as "
        "source tables that 'build --tables DIR' accepts. Same scale and seed give the same bytes.",
    )
    p.add_argument(
        "--scale",
        type=_scale,
        required=True,
        metavar="N",
        help="size as a multiple of the real PRM",
    )
    p.add_argument(
        "--output",
        "-o",
        type=Path,
        required=True,
        metavar="DIR",
        help="folder to write the tables into",
    )
    p.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default: 0)")
    p.add_argument(
        "--tables", type=Path, metavar="DIR", help="tables to imitate (default: the shipped ones)"
    )
    p.set_defaults(func=run)


def run(args) -> int:
    from iso20000_prm.tables.synthetic import synthesize, write_tables

    tables = synthesize(args.scale, seed=args.seed, source=args.tables)
    write_tables(tables, args.output, args.scale, args.seed)
    print(
        f"wrote {args.output}: {len(tables.processes)} processes, {len(tables.outcomes)} outcomes, "
        f"{len(tables.traceability)} traceability entries, {len(tables.clauses)} clauses",
        file=sys.stderr,
    )
    return 0
