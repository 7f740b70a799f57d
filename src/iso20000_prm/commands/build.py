"""``iso20000-prm build``: source tables -> Turtle file (vocabulary + data)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..serialize import DEFAULT_OUTPUT


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "build",
        help="build the graph from the source tables and write it as Turtle",
        description="Read the source tables (the shipped ones, or an edited copy), build the graph "
        "(vocabulary + data) and write it as Turtle. The same tables always give the same bytes; "
        "on bad input nothing is written.",
    )
    p.add_argument("--tables", type=Path, metavar="DIR", help="folder of source tables (default: the tables shipped with the package)")
    p.add_argument("--output", "-o", type=Path, metavar="FILE", default=DEFAULT_OUTPUT, help=f"Turtle file to write (default: {DEFAULT_OUTPUT})")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..builder import build_graph
    from ..serialize import serialize, write_atomic

    graph = build_graph(args.tables)
    path = write_atomic(args.output, serialize(graph))
    print(f"wrote {path} ({len(graph)} triples)", file=sys.stderr)
    return 0
