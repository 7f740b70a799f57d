"""``iso20000-prm docs``: the graph -> a static site (pages and RDF per resource, conneg rules).

The graph is "the graph" of :mod:`iso20000_prm.graph.source` (``--graph``, ``--tables``, else the
last build, else the shipped tables).
"""

from __future__ import annotations

import sys
from pathlib import Path

from iso20000_prm.graph.source import RULE

DEFAULT_SITE = Path("build") / "site"


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "docs",
        help="generate the documentation site (static HTML) from the graph",
        description="Generate a static site from the graph: an index of the processes, a page per "
        "resource at its IRI path (id/process/x.html) with its RDF description beside it (.ttl, "
        ".jsonld, .nt, .rdf), coverage heat maps, gaps, downloads (release/<version>/, "
        "versions.json), search, the vocabulary reference, each clause across editions, the example "
        "assessment and the framework (ITIL 4, COBIT 2019) pages, plus .htaccess and nginx rules that "
        "make the IRIs dereferenceable. The pages work offline; open index.html in a browser. "
        "The same graph always gives the same files. "
        "After writing, every internal link is checked (exit 1 if one is broken). "
        f"The graph: {RULE} (--graph names a file, --tables the tables).",
    )
    source = p.add_mutually_exclusive_group()
    source.add_argument(
        "--graph",
        type=Path,
        metavar="FILE",
        help="graph file to document (Turtle, N-Triples, ...; default: the last build if it "
        "exists, else the graph built from the shipped tables)",
    )
    source.add_argument(
        "--tables",
        type=Path,
        metavar="DIR",
        help="build the graph from this folder of source tables instead",
    )
    p.add_argument(
        "--output",
        "-o",
        type=Path,
        metavar="DIR",
        default=DEFAULT_SITE,
        help=f"folder to write the site into (default: {DEFAULT_SITE})",
    )
    p.set_defaults(func=run)


def run(args) -> int:
    from iso20000_prm.errors import PRMError
    from iso20000_prm.graph.source import load_graph
    from iso20000_prm.site import build_site
    from iso20000_prm.site.linkcheck import check_site

    if args.output.exists() and not args.output.is_dir():
        raise PRMError(f"{args.output}: exists and is not a folder; give a folder for the site")
    graph = load_graph(args.graph, args.tables)
    written = build_site(args.output, graph=graph)
    problems = check_site(args.output)
    for line in problems:
        print(f"broken link: {line}", file=sys.stderr)
    print(
        f"wrote {len(written)} files to {args.output}; open {args.output / 'index.html'}",
        file=sys.stderr,
    )
    return 1 if problems else 0
