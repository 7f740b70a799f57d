"""Deriving the chained mapping sets at N = 1, 10, 100 times the real size: indexed vs nested loop.

``mappings.chain.compose_sets`` indexes the second set by subject and makes one pass over the
first. The alternative, measured in the same run, is the naive composition: every record of the
first set against every record of the second (``nested_loop`` below, same composition tables).
The sets at N are N disjoint copies of the shipped direct sets (each copy's clauses renamed
``<k>.<clause>``, so chains stay within a copy, as in synthetic PRMs); building them is not
timed. All three chained sets are derived each time, and both methods' records are checked to be
equal at every N.

Usage: ``python bench/bench_chain.py [RUNS]`` (default 3). Prints a Markdown table with the
growth exponent k (time ~ N^k) from N = 1 to N = 100.
"""

from __future__ import annotations

import math
import statistics
import sys
import time
from dataclasses import replace

SCALES = (1, 10, 100)


def scaled(sets: dict, n: int) -> dict:
    """``n`` disjoint copies of each direct set (clause IRIs and notations prefixed per copy)."""
    from iso20000_prm.mappings.model import NO_TERM_FOUND

    def rename(iri: str, k: int) -> str:
        if iri == NO_TERM_FOUND or "/clause/" not in iri:
            return iri
        head, clause = iri.rsplit("/clause/", 1)
        return f"{head}/clause/{k}.{clause}"

    out = {}
    for name in ("1ed-to-2ed-draft", "2ed-draft-to-2011", "2011-to-2018"):
        s = sets[name]
        records = tuple(
            replace(
                m,
                subject=rename(m.subject, k),
                subject_notation=f"{k}.{m.subject_notation}",
                object=rename(m.object, k),
                object_notation=f"{k}.{m.object_notation}" if m.object_notation else "",
            )
            for k in range(n)
            for m in s.mappings
        )
        out[name] = replace(s, mappings=records)
    return out


def nested_loop(sets: dict) -> dict:
    """The naive composition: every pair of records, same tables and rules as compose_sets."""
    from iso20000_prm.mappings.chain import CHAINS, MappingSet, compose_records, record_iri

    out = {}
    for name, a, b, title in CHAINS:
        first, second = sets.get(a) or out[a], sets.get(b) or out[b]
        records, seen = [], {}
        for x in first.mappings:
            x_iri = record_iri(first.iri, x)
            if not x.has_object:
                d = compose_records(x, x_iri, None)
                if (d.subject, "") not in seen:
                    seen[(d.subject, "")] = len(records)
                    records.append(d)
                continue
            for y in second.mappings:
                if y.subject != x.object or not y.has_object:
                    continue
                d = compose_records(x, x_iri, y, record_iri(second.iri, y))
                if d is None:
                    continue
                key = (d.subject, d.object)
                if key in seen:
                    old = records[seen[key]]
                    rank = ("low", "medium", "high").index
                    if rank(d.confidence_level) > rank(old.confidence_level):
                        records[seen[key]] = d
                    continue
                seen[key] = len(records)
                records.append(d)
        out[name] = MappingSet(
            name=name,
            title=title,
            description="",
            subject_source=first.subject_source,
            object_source=second.object_source,
            derived_from=(first.iri, second.iri),
            source_date="",
            method="automation",
            mappings=tuple(records),
        )
    return out


def timed(fn, runs: int) -> tuple[float, object]:
    result, times = None, []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main(argv: list[str]) -> int:
    from iso20000_prm.mappings import mapping_sets
    from iso20000_prm.mappings.chain import derived_sets

    runs = int(argv[1]) if len(argv) > 1 else 3
    real = mapping_sets(derived=False)
    rows = []
    for n in SCALES:
        sets = scaled(real, n)
        size = sum(len(s.mappings) for s in sets.values())
        t_index, got = timed(lambda: derived_sets(sets), runs)
        t_naive, naive = timed(lambda: nested_loop(sets), 1 if n > 10 else runs)
        for name in got:
            assert got[name].mappings == naive[name].mappings, (n, name)
        derived = sum(len(s.mappings) for s in got.values())
        rows.append((n, size, derived, t_index, t_naive))
    print("| N | direct records | chained records | indexed (ms) | nested loop (ms) | ratio |")
    print("| --- | --- | --- | --- | --- | --- |")
    for n, size, derived, a, b in rows:
        print(f"| {n} | {size} | {derived} | {a * 1000:.1f} | {b * 1000:.1f} | {b / a:.0f}x |")
    k = lambda i: math.log(rows[-1][i] / rows[0][i]) / math.log(SCALES[-1] / SCALES[0])  # noqa: E731
    print(f"\nk (N = 1 -> {SCALES[-1]}): indexed {k(3):.2f}, nested loop {k(4):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
