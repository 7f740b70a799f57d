"""Deriving the 1ED -> 2ED DRAFT mapping set at N = 1, 10, 100: candidate pairs vs all pairs.

``mapping_sets.derive_edition_mappings`` takes candidate pairs from an index (traced outcome ->
2ED DRAFT clauses), since every rule needs an outcome traced to both clauses. The alternative,
measured in the same run, is the derivation as it was before (every 1ED clause against every
2ED DRAFT clause), kept verbatim below as ``all_pairs``. Both run in this process on the same
in-memory synthetic tables (``synthetic.synthesize(N)``, seed 0; loading is not timed), and their
records are checked to be equal at every N.

Usage: ``python bench/bench_mapping_scale.py [RUNS] [ALL_PAIRS_MAX]`` (defaults 3 and 100: the
all-pairs derivation runs once, without warm-up, at N > 10, about a minute at N = 100).
Prints a Markdown table with the growth exponent k (time ~ N^k) from N = 1 to the largest N.
"""

from __future__ import annotations

import math
import statistics
import sys
import time
from decimal import Decimal

SCALES = (1, 10, 100)


def all_pairs(tables) -> tuple:
    """The derivation before the index, verbatim: every pair of clauses of the two editions."""
    from iso20000_prm import vocab as ns
    from iso20000_prm.mappings.derive import (
        INSTANCE_MIN_SHARED,
        INSTANCE_THRESHOLD,
        _normal,
        _ratio,
        heading_words,
    )
    from iso20000_prm.mappings.model import (
        CONFIDENCE,
        EDITION_1,
        EDITION_2_DRAFT,
        MappingRecord,
        edition_document,
    )
    from iso20000_prm.vocab import SEMAPV_NS, SKOS_NS, clause_key

    d1, d2 = edition_document(tables, EDITION_1), edition_document(tables, EDITION_2_DRAFT)
    traced: dict[tuple[str, str], set[tuple[str, int]]] = {}
    for e in tables.traceability:
        traced.setdefault((e.edition, e.clause), set()).update((e.process, n) for n in e.outcomes)
    firsts = sorted(
        (c for c in tables.clauses if c.edition == d1.edition_code),
        key=lambda c: clause_key(c.clause),
    )
    seconds = sorted(
        (c for c in tables.clauses if c.edition == d2.edition_code),
        key=lambda c: clause_key(c.clause),
    )
    records = []
    for a in firsts:
        oa = traced.get((a.edition, a.clause), set())
        for b in seconds:
            ob = traced.get((b.edition, b.clause), set())
            shared = oa & ob
            union = oa | ob
            wa, wb = heading_words(a.heading), heading_words(b.heading)
            common = dict(
                subject=str(ns.clause_iri(d1.id, a.clause)),
                subject_notation=a.clause,
                subject_label=f"{d1.identifier} {a.clause} {a.heading}",
                object=str(ns.clause_iri(d2.id, b.clause)),
                object_notation=b.clause,
                object_label=f"{d2.identifier} {b.clause} {b.heading}",
            )
            outcomes = ", ".join(
                f"{p}/{n}" for p, n in sorted(shared, key=lambda x: (clause_key(x[0]), x[1]))
            )
            trace_note = (
                f"outcomes traced to both (process/outcome): {outcomes}"
                if shared
                else "no outcome traced to both"
            )
            if shared and _normal(a.heading) == _normal(b.heading):
                records.append(
                    MappingRecord(
                        **common,
                        predicate=SKOS_NS + "exactMatch",
                        justification=SEMAPV_NS + "LexicalMatching",
                        confidence_level="high",
                        confidence=CONFIDENCE["high"],
                        evidence=f"identical headings; {trace_note}",
                    )
                )
            elif shared and wa and wb and (wa <= wb or wb <= wa):
                records.append(
                    MappingRecord(
                        **common,
                        predicate=SKOS_NS + "closeMatch",
                        justification=SEMAPV_NS + "LexicalSimilarityThresholdMatching",
                        confidence_level="medium",
                        confidence=CONFIDENCE["medium"],
                        similarity_score=_ratio(len(wa & wb), len(wa | wb)),
                        similarity_measure="Jaccard index of the content words of the two headings (one contained in the other)",
                        evidence=f"the words of one heading are contained in the other's; {trace_note}",
                    )
                )
            elif (
                len(shared) >= INSTANCE_MIN_SHARED
                and Decimal(len(shared)) / Decimal(len(union)) >= INSTANCE_THRESHOLD
            ):
                records.append(
                    MappingRecord(
                        **common,
                        predicate=SKOS_NS + "relatedMatch",
                        justification=SEMAPV_NS + "InstanceBasedMatching",
                        confidence_level="low",
                        confidence=CONFIDENCE["low"],
                        similarity_score=_ratio(len(shared), len(union)),
                        similarity_measure="Jaccard index of the (process, outcome) pairs the TR traces to each clause",
                        evidence=trace_note,
                    )
                )
    return tuple(records)


def timed(job, runs: int, warm_up: bool) -> tuple[float, object]:
    result = job() if warm_up else None
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = job()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def fmt(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    return (
        f"{seconds:.1f} s"
        if seconds >= 10
        else f"{seconds * 1000:.0f} ms"
        if seconds >= 0.1
        else f"{seconds * 1000:.1f} ms"
    )


def exponent(times: dict[int, float]) -> str:
    ns = sorted(times)
    if len(ns) < 2:
        return "-"
    return f"{math.log(times[ns[-1]] / times[ns[0]]) / math.log(ns[-1] / ns[0]):.2f}"


def main(runs: int = 3, all_pairs_max: int = 100) -> int:
    from iso20000_prm.mappings import derive_edition_mappings
    from iso20000_prm.tables.synthetic import synthesize

    rows, ours, theirs = [], {}, {}
    for n in SCALES:
        tables = synthesize(n, seed=0)
        clauses = {e: sum(c.edition == e for c in tables.clauses) for e in ("1ED IS", "2ED DRAFT")}
        ours[n], mset = timed(lambda: derive_edition_mappings(tables), runs, warm_up=True)
        line = [
            f"{n}",
            f"{clauses['1ED IS']} x {clauses['2ED DRAFT']}",
            f"{len(mset.mappings)}",
            fmt(ours[n]),
        ]
        if n <= all_pairs_max:
            slow = n > 10
            theirs[n], records = timed(
                lambda: all_pairs(tables), 1 if slow else runs, warm_up=not slow
            )
            if records != mset.mappings:
                print(f"N={n}: the two derivations differ", file=sys.stderr)
                return 1
            line += [fmt(theirs[n]), f"{theirs[n] / ours[n]:.0f}x", "yes"]
        else:
            line += ["-", "-", "-"]
        rows.append(line)
        print(f"N={n} done", file=sys.stderr)
    print(
        "| N | 1ED x 2ED DRAFT clauses | records | candidate pairs (now) | all pairs (before) | speed-up | same records |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for line in rows:
        print("| " + " | ".join(line) + " |")
    print(
        f"\ngrowth exponent k (time ~ N^k): candidate pairs {exponent(ours)}, all pairs {exponent(theirs)}"
    )
    return 0


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    sys.exit(main(*args))
