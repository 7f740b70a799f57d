"""``iso20000-prm mappings``: list the shipped mapping sets, or export one as SSSOM TSV or OSCAL JSON."""

from __future__ import annotations

import sys
from pathlib import Path

FORMATS = ("sssom", "oscal")


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "mappings",
        help="list or export the mapping sets between editions of ISO/IEC 20000-1",
        description="The graph ships two mapping sets: 1ed-to-2ed-draft (derived from the TR) and "
        "2ed-draft-to-2011 (curated). 'list' names them; 'export' writes one as SSSOM TSV or as an "
        "OSCAL 1.2 mapping-collection (JSON). Output is deterministic.",
    )
    sub = p.add_subparsers(dest="action", metavar="ACTION", parser_class=type(p))
    sub.required = True
    ls = sub.add_parser("list", help="name each mapping set, its size and source")
    ls.add_argument(
        "--tables", type=Path, metavar="DIR", help="folder of source tables (default: shipped)"
    )
    ls.set_defaults(func=run_list)
    ex = sub.add_parser("export", help="write one mapping set as SSSOM TSV or OSCAL JSON")
    ex.add_argument(
        "--set",
        dest="set_name",
        required=True,
        metavar="NAME",
        help="mapping set name (see 'mappings list')",
    )
    ex.add_argument(
        "--format",
        choices=FORMATS,
        default="sssom",
        help="sssom (TSV, default) or oscal (mapping-collection JSON)",
    )
    ex.add_argument(
        "--output", "-o", type=Path, metavar="FILE", help="file to write (default: standard output)"
    )
    ex.add_argument(
        "--tables", type=Path, metavar="DIR", help="folder of source tables (default: shipped)"
    )
    ex.set_defaults(func=run_export)


def run_list(args) -> int:
    from iso20000_prm.mappings import mapping_sets

    for name, mset in mapping_sets(args.tables).items():
        print(f"{name}\t{len(mset.mappings)} mappings\t{mset.title}")
    return 0


def run_export(args) -> int:
    from iso20000_prm.errors import PRMError
    from iso20000_prm.files import write_atomic
    from iso20000_prm.mappings import mapping_sets

    sets = mapping_sets(args.tables)
    if args.set_name not in sets:
        raise PRMError(f"no mapping set {args.set_name!r}; choose one of {', '.join(sets)}")
    mset = sets[args.set_name]
    if args.format == "oscal":
        from iso20000_prm.mappings.oscal import to_oscal_json

        data = to_oscal_json(mset)
    else:
        from iso20000_prm.mappings.sssom import to_sssom_tsv

        data = to_sssom_tsv(mset)
    if args.output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_atomic(args.output, data)
        print(
            f"wrote {args.output} ({len(mset.mappings)} mappings, {args.format})", file=sys.stderr
        )
    return 0
