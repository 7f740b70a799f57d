"""Benchmark of the saved queries: pyoxigraph (the default engine) against rdflib, in one run.

Jobs, each the median of several runs, with the ratio rdflib / pyoxigraph (a Markdown table):
  * cold CLI: a fresh ``iso20000-prm query untraced-outcomes`` process, default engine vs
    ``--engine rdflib`` (what a user waits for);
  * load: reading the built Turtle file into a pyoxigraph store vs parsing it with rdflib;
  * warm: every saved query on an already loaded store vs an already parsed rdflib graph.

Usage: ``python bench/bench_query.py [--runs N]`` (builds a fresh graph file in a temp folder).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from common import Measure, Row, inline, script_args, table


def row(job: str, fast: Measure, slow: Measure) -> Row:
    return Row(job, fast, slow, "rdflib")


def main(argv: list[str] | None = None) -> int:
    args = script_args(__doc__, 5, argv)

    from iso20000_prm.files import write_atomic
    from iso20000_prm.graph.build import build_graph
    from iso20000_prm.graph.formats import serialize
    from iso20000_prm.sparql import saved as sparql

    with tempfile.TemporaryDirectory() as tmp:
        graph_file = write_atomic(Path(tmp) / "prm.ttl", serialize(build_graph()))
        print(
            f"graph: {graph_file.stat().st_size} bytes; median of {args.runs} runs; ours = pyoxigraph\n"
        )
        rows = []

        def cli(engine: str):
            cmd = [
                sys.executable,
                "-m",
                "iso20000_prm.cli",
                "query",
                "untraced-outcomes",
                "--graph",
                str(graph_file),
                "--engine",
                engine,
                "-f",
                "csv",
            ]
            return lambda: subprocess.run(cmd, check=True, capture_output=True, cwd=tmp)

        rows.append(
            row(
                "cold CLI query untraced-outcomes",
                inline(cli("oxigraph"), args.runs),
                inline(cli("rdflib"), args.runs),
            )
        )
        rows.append(
            row(
                "load graph file",
                inline(lambda: sparql.open_store(graph_file, "oxigraph"), args.runs),
                inline(lambda: sparql.open_store(graph_file, "rdflib"), args.runs),
            )
        )
        ox = sparql.open_store(graph_file, "oxigraph")
        rl = sparql.open_store(graph_file, "rdflib")
        total_ox = total_rl = 0.0
        for q in sparql.list_queries():
            params = {"keyword": "service"} if q.name == "keyword-search" else {}
            fast = inline(lambda: sparql.run_query(q, params, graph=ox), args.runs)
            slow = inline(lambda: sparql.run_query(q, params, graph=rl, engine="rdflib"), args.runs)
            total_ox, total_rl = total_ox + fast.median, total_rl + slow.median
            rows.append(row(f"warm {q.name}", fast, slow))
        rows.append(
            row(
                "warm: all saved queries (sum of medians)", Measure([total_ox]), Measure([total_rl])
            )
        )
    print(table(rows), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
