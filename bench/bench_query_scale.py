"""Every saved query on synthetic PRMs of N times the real size: per-query medians on pyoxigraph.

For each scale N: ``synthetic.synthesize`` writes the tables, the build (``build_graph``, the release's N-Triples writer) turns them into
N-Triples without the edition mapping sets (their derivation is not what is measured here), the
file is loaded into the embedded pyoxigraph store once (not timed), and then each saved query is
run ``--runs`` times through ``OxigraphStore.select`` (engine time plus the conversion of every
row to Python values, as ``iso20000-prm query`` and ``bench/jobs.py`` do). Printed: rows and
median per query and scale, and the total of the medians. Then every saved query together, as
``iso20000-prm query --all`` runs them (``query_batch.run_saved_queries`` on the loaded store):
one after another (``workers=1``) and on all cores (the default), median wall time of
``--runs`` batches each, and the ratio between the two, measured in the same run.

``--queries DIR`` times another folder of ``.rq`` files (e.g. a copy of ``queries/`` as it was,
for a before/after table); ``--compare DIR`` checks, at every scale, that each query gives the
same rows as the query of the same name in DIR (run once, untimed). ``--budget S``: after the
first run of a query takes longer than S seconds, it is not repeated (its median is that run).

Usage::

    .venv/bin/python bench/bench_query_scale.py                     # N = 1, 10, 100; 5 runs
    .venv/bin/python bench/bench_query_scale.py --scales 1,10 --runs 3 --queries /tmp/old-queries
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

SAMPLE_PARAMS = {"keyword": "change"}  # required parameters without a default (as bench/jobs.py)


def params_for(q) -> dict:
    return {p: SAMPLE_PARAMS[p] for p in q.required if p not in q.defaults and p in SAMPLE_PARAMS}


def build(scale: int, folder: Path) -> Path:
    from iso20000_prm.files import write_atomic
    from iso20000_prm.graph.build import build_graph
    from iso20000_prm.graph.formats import to_ntriples
    from iso20000_prm.tables.synthetic import synthesize, write_tables

    tables = folder / f"syn{scale}"
    write_tables(synthesize(scale), tables, scale, 0)
    return write_atomic(
        folder / f"syn{scale}.nt", to_ntriples(build_graph(tables, include_mappings=False))
    )


def time_query(store, text: str, runs: int, budget: float) -> tuple[int, float]:
    times, rows = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        rows = len(store.select(text)[1])
        times.append(time.perf_counter() - start)
        if times[0] > budget:
            break
    return rows, statistics.median(times)


def time_batch(store, runs: int, workers: int | None, directory) -> float:
    from iso20000_prm.sparql.batch import run_saved_queries

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run_saved_queries(params=SAMPLE_PARAMS, graph=store, workers=workers, directory=directory)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def fmt(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds >= 1 else f"{seconds * 1000:.1f} ms"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10,100", help="comma-separated N (default 1,10,100)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--queries",
        type=Path,
        default=None,
        help="folder of .rq files (default: the shipped queries/)",
    )
    parser.add_argument(
        "--compare", type=Path, default=None, help="folder of reference .rq files: check same rows"
    )
    parser.add_argument(
        "--budget", type=float, default=20.0, help="seconds after which a query is not repeated"
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="keep the synthetic graphs here (default: a temp folder)",
    )
    args = parser.parse_args(argv)

    from iso20000_prm.sparql import saved as sparql
    from iso20000_prm.sparql.batch import default_workers

    scales = [int(s) for s in args.scales.split(",") if s.strip()]
    queries = sparql.list_queries(args.queries)
    results: dict[str, dict[int, tuple[int, float]]] = {q.name: {} for q in queries}
    mismatches: list[str] = []
    batches: dict[int, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.workdir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for scale in scales:
            graph = folder / f"syn{scale}.nt"
            if not graph.is_file():
                graph = build(scale, folder)
            store = sparql.open_store(graph)
            print(f"N={scale}: {len(store)} triples loaded", file=sys.stderr, flush=True)
            for q in queries:
                text = sparql.bound_text(q, params_for(q))
                results[q.name][scale] = time_query(store, text, args.runs, args.budget)
                print(
                    f"  {q.name}: {results[q.name][scale][0]} rows, {fmt(results[q.name][scale][1])}",
                    file=sys.stderr,
                    flush=True,
                )
                if args.compare is not None:
                    ref = sparql.load_query_file(args.compare / f"{q.name}.rq")
                    if (
                        store.select(sparql.bound_text(ref, params_for(ref)))[1]
                        != store.select(text)[1]
                    ):
                        mismatches.append(f"{q.name} at N={scale}")
            batches[scale] = (
                time_batch(store, args.runs, 1, args.queries),
                time_batch(store, args.runs, None, args.queries),
            )
            print(
                f"  all together: {fmt(batches[scale][0])} one after another, {fmt(batches[scale][1])} on all cores",
                file=sys.stderr,
                flush=True,
            )

    source = args.queries or "queries/"
    print(
        f"\nSaved queries ({source}) on pyoxigraph, median of {args.runs} runs, loading excluded\n"
    )
    print("| query | " + " | ".join(f"N={s} rows | N={s}" for s in scales) + " |")
    print("| --- | " + " | ".join("---: | ---:" for _ in scales) + " |")
    for q in queries:
        cells = [f"{results[q.name][s][0]:,} | {fmt(results[q.name][s][1])}" for s in scales]
        print(f"| {q.name} | " + " | ".join(cells) + " |")
    totals = [fmt(sum(results[q.name][s][1] for q in queries)) for s in scales]
    print("| **total** | " + " | ".join(f" | **{t}**" for t in totals) + " |")
    print(
        f"\nEvery saved query together (`iso20000-prm query --all`: one load, then the batch), median of {args.runs} batches\n"
    )
    print(
        f"| N | one after another (1 worker) | concurrently ({default_workers()} workers) | speed-up |"
    )
    print("| ---: | ---: | ---: | ---: |")
    for s in scales:
        one, many = batches[s]
        print(f"| {s} | {fmt(one)} | {fmt(many)} | {one / many:.2f}x |")
    if args.compare is not None:
        print(
            f"\nsame rows as {args.compare}: "
            + (
                "yes, every query at every scale"
                if not mismatches
                else "NO: " + ", ".join(mismatches)
            )
        )
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
