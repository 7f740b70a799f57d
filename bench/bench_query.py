"""Benchmark of the saved queries: pyoxigraph (the default engine) against rdflib, in one run.

Jobs, each the median of several runs, with the ratio rdflib / pyoxigraph:
  * cold CLI: a fresh ``iso20000-prm query untraced-outcomes`` process, default engine vs
    ``--engine rdflib`` (what a user waits for);
  * load: reading the built Turtle file into a pyoxigraph store vs parsing it with rdflib;
  * warm: every saved query on an already loaded store vs an already parsed rdflib graph.

Usage: ``python bench/bench_query.py [--runs N]`` (builds a fresh graph file in a temp folder).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def row(job: str, fast: float, slow: float) -> None:
    ratio = slow / fast if fast > 0 else float("inf")
    print(f"{job:<38} {fast * 1000:>10.1f} {slow * 1000:>10.1f} {ratio:>8.1f}x")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from iso20000_prm import sparql
    from iso20000_prm.builder import build_graph
    from iso20000_prm.serialize import serialize, write_atomic

    with tempfile.TemporaryDirectory() as tmp:
        graph_file = write_atomic(Path(tmp) / "prm.ttl", serialize(build_graph()))
        print(f"graph: {graph_file.stat().st_size} bytes; median of {args.runs} runs; times in ms")
        print(f"{'job':<38} {'oxigraph':>10} {'rdflib':>10} {'ratio':>9}")

        def cli(engine: str):
            cmd = [sys.executable, "-m", "iso20000_prm.cli", "query", "untraced-outcomes", "--graph", str(graph_file), "--engine", engine, "-f", "csv"]
            return lambda: subprocess.run(cmd, check=True, capture_output=True, cwd=tmp)

        row("cold CLI query untraced-outcomes", median_time(cli("oxigraph"), args.runs), median_time(cli("rdflib"), args.runs))
        row(
            "load graph file",
            median_time(lambda: sparql.open_store(graph_file, "oxigraph"), args.runs),
            median_time(lambda: sparql.open_store(graph_file, "rdflib"), args.runs),
        )
        ox = sparql.open_store(graph_file, "oxigraph")
        rl = sparql.open_store(graph_file, "rdflib")
        total_ox = total_rl = 0.0
        for q in sparql.list_queries():
            params = {"keyword": "service"} if q.name == "keyword-search" else {}
            fast = median_time(lambda: sparql.run_query(q, params, graph=ox), args.runs)
            slow = median_time(lambda: sparql.run_query(q, params, graph=rl, engine="rdflib"), args.runs)
            total_ox, total_rl = total_ox + fast, total_rl + slow
            row(f"warm {q.name}", fast, slow)
        row("warm: all saved queries", total_ox, total_rl)
    return 0


if __name__ == "__main__":
    sys.exit(main())
