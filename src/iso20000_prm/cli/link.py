"""``iso20000-prm link``: merge a user's SSSOM mapping set (e.g. PRM processes -> ITIL practices) into the graph."""

from __future__ import annotations

import sys
from pathlib import Path

from iso20000_prm.graph.source import RULE

DEFAULT_LINKED = Path("build") / "iso20000-prm-linked.ttl"


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "link",
        help="merge a SSSOM TSV mapping set into the graph",
        description="Read MAPPINGS (SSSOM TSV with its metadata block), check that every IRI it uses in "
        "this graph's namespace exists in the graph, and write the graph with the mappings added: one "
        "direct triple per mapping (subject predicate object) plus a mapping record with justification "
        "and confidence, and the mapping set with its provenance. The graph: " + RULE + ".",
    )
    p.add_argument(
        "mappings", type=Path, metavar="MAPPINGS.sssom.tsv", help="the SSSOM TSV file to merge"
    )
    p.add_argument(
        "--graph",
        type=Path,
        metavar="FILE",
        help="graph file to link into (default: see above)",
    )
    p.add_argument(
        "--output",
        "-o",
        type=Path,
        metavar="FILE",
        default=DEFAULT_LINKED,
        help=f"Turtle file to write (default: {DEFAULT_LINKED})",
    )
    p.set_defaults(func=run)


def run(args) -> int:
    from iso20000_prm.files import write_atomic
    from iso20000_prm.graph.formats import serialize
    from iso20000_prm.mappings.link import link_file

    graph, mset = link_file(args.mappings, args.graph)
    write_atomic(args.output, serialize(graph))
    print(
        f"wrote {args.output} ({len(mset.mappings)} mappings from {args.mappings}, {len(graph)} triples)",
        file=sys.stderr,
    )
    return 0
