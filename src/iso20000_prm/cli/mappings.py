"""``iso20000-prm mappings``: list the shipped mapping sets, export one as SSSOM TSV or OSCAL JSON,
or compare one clause across the editions."""

from __future__ import annotations

import sys
from pathlib import Path

FORMATS = ("sssom", "oscal")


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "mappings",
        help="list or export the mapping sets between editions of ISO/IEC 20000-1",
        description="The graph ships three direct mapping sets: 1ed-to-2ed-draft (derived from the "
        "TR), 2ed-draft-to-2011 and 2011-to-2018 (curated), and three chained sets derived from "
        "them: 2ed-draft-to-2018, 1ed-to-2011, 1ed-to-2018 (see docs/editions.md). 'list' names "
        "them; 'export' writes one as SSSOM TSV or as an OSCAL 1.2 mapping-collection (JSON); "
        "'compare' shows one clause's counterparts in the other editions and the outcomes that "
        "trace to each. Output is deterministic.",
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
    cp = sub.add_parser(
        "compare",
        help="one clause of any edition: its counterparts in the other editions (direct and "
        "chained) and the outcomes that trace to each",
    )
    cp.add_argument(
        "--edition", required=True, help="1ED IS, 2ED DRAFT, 2011 or 2018 (also 2005, draft)"
    )
    cp.add_argument("--clause", required=True, help="clause number, e.g. 8.5.1")
    cp.add_argument(
        "--tables", type=Path, metavar="DIR", help="folder of source tables (default: shipped)"
    )
    cp.set_defaults(func=run_compare)


def run_list(args) -> int:
    from iso20000_prm.mappings import mapping_sets

    for name, mset in mapping_sets(args.tables).items():
        kind = "derived" if any(m.hops for m in mset.mappings) else "direct"
        print(f"{name}\t{len(mset.mappings)} mappings\t{kind}\t{mset.title}")
    return 0


def run_compare(args) -> int:
    from iso20000_prm.mappings.compare import compare_clause

    rows = compare_clause(args.edition, args.clause, args.tables)
    for r in rows:
        head = f"{r.edition} {r.clause} {r.heading}".strip()
        outs = ", ".join(f"{p}/{n}" for p, n in r.outcomes) or "-"
        count = (
            f"{len(r.outcomes)} outcome(s) {'traced' if r.outcomes_how == 'traced' else 'reaching'}"
        )
        if r.role == "given":
            print(f"{head}: {count}: {outs}")
            continue
        how = " ".join(x for x in (r.predicate, r.relationship, r.confidence) if x)
        kind = "derived" if r.derived else "direct"
        print(f"  {r.role} {head}  [{how}; {r.mapping_set}, {kind}]")
        if r.chain:
            print(f"    chain: {r.chain}")
        print(f"    {count}: {outs}")
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
