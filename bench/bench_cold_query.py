"""Cold `iso20000-prm query` against a bare pyoxigraph script that loads the same file and runs
the same query (issue 17: within 1.5x).

For each case, ``--runs`` fresh processes of the CLI and of the bare script, interleaved (ours,
bare, ours, bare, ...) so that both see the same load; reported: median wall time and median CPU
time (user + system, from ``os.wait4``: steadier than wall time on a loaded machine) of each, peak
RSS, the ratios ours / bare (the target is 1.5 or less) and the 1-minute load average before and
after.

  * ``query processes -g GRAPH`` (no parameters), in the default table format and in CSV;
  * ``query clause-traces -g GRAPH -p edition=1ed -p clause=6.4`` (CSV): the CLI looks the
    edition and clause up in the graph (``1ed`` -> ``1ED IS``) before it binds them.

The bare script is ``python -c`` importing only pyoxigraph and sys: it reads the Turtle file,
bulk-loads it, runs the saved query's text with the resolved parameter values bound by a
VALUES block opening its WHERE clause (as the CLI binds them) and writes the W3C CSV answer. Each case first checks
that both print the same number of rows.

Usage: ``python bench/bench_cold_query.py [--runs N] [--graph FILE]`` (default graph:
build/iso20000-prm.ttl if it exists, else one built into a temporary folder).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import BIN, MIB, PYTHON, ROOT, log

CLI = BIN / "iso20000-prm"

BARE = """
import sys
import pyoxigraph as ox
graph, query = sys.argv[1], sys.argv[2]
params = dict(a.split("=", 1) for a in sys.argv[3:])
store = ox.Store()
with open(graph, "rb") as handle:
    store.bulk_load(handle.read(), format=ox.RdfFormat.TURTLE)
if params:  # bound as the CLI binds them: a VALUES block opening the WHERE clause
    names = " ".join("?_" + k for k in params)
    values = " ".join(str(ox.Literal(v)) for v in params.values())
    query = query.replace("WHERE {", f"WHERE {{ VALUES ({names}) {{ ({values}) }}", 1)
answer = store.query(query)
sys.stdout.buffer.write(answer.serialize(format=ox.QueryResultsFormat.CSV))
"""

# (label, saved query, CLI parameters, the values the CLI resolves them to, CLI format)
CASES = [
    ("`query processes -g GRAPH`", "processes", {}, {}, "table"),
    ("`query processes -g GRAPH -f csv`", "processes", {}, {}, "csv"),
    (
        "`query clause-traces -g GRAPH -p edition=1ed -p clause=6.4 -f csv`",
        "clause-traces",
        {"edition": "1ed", "clause": "6.4"},
        {"edition": "1ED IS", "clause": "6.4"},
        "csv",
    ),
]


def commands(graph: Path, name: str, params: dict, resolved: dict, fmt: str):
    ours = [CLI, "query", name, "-g", graph]
    for key, value in params.items():
        ours += ["-p", f"{key}={value}"]
    if fmt != "table":
        ours += ["-f", fmt]
    text = (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    bare = [PYTHON, "-c", BARE, graph, text, *(f"{k}={v}" for k, v in resolved.items())]
    return ours, bare


def run(argv) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, peak RSS bytes) of one fresh process of ``argv``, stdout
    discarded; a failure stops the benchmark with the command's stderr."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as installed
    start = time.perf_counter()
    proc = subprocess.Popen(
        [str(a) for a in argv], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
    )
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{argv[:3]}: exit status {proc.returncode}: {err.decode()[-600:]}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def _rows(argv) -> int:
    out = subprocess.run([str(a) for a in argv], capture_output=True, text=True, check=True)
    return len(list(csv.reader(io.StringIO(out.stdout)))) - 1


def graph_file(given: Path | None, tmp: str) -> Path:
    if given is not None:
        return given
    built = ROOT / "build" / "iso20000-prm.ttl"
    if built.is_file():
        return built
    subprocess.run([CLI, "build", "--output-dir", tmp], check=True, capture_output=True)
    return Path(tmp) / "iso20000-prm.ttl"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11, help="runs per command (default 11)")
    parser.add_argument("--graph", type=Path, help="graph file (default: see the docstring)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        graph = graph_file(args.graph, tmp)
        print(f"graph: {graph} ({graph.stat().st_size} bytes); median of {args.runs} runs each,")
        print("ours and bare interleaved; ratio = ours / bare (target: 1.5 or less)\n")
        print(
            "| cold command | wall | CPU | peak RSS | bare script: wall | CPU | peak RSS "
            "| ratio wall | ratio CPU | load |"
        )
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for label, name, params, resolved, fmt in CASES:
            ours, bare = commands(graph, name, params, resolved, fmt)
            if fmt == "csv":  # both answer, with as many rows
                mine, theirs = _rows(ours), _rows(bare)
                if mine != theirs or mine == 0:
                    raise SystemExit(
                        f"{label}: {mine} rows from the CLI, {theirs} from the bare script"
                    )
            times = {"ours": [], "bare": []}
            cpu = {"ours": [], "bare": []}
            peak = {"ours": 0, "bare": 0}
            loads = [os.getloadavg()[0]]
            for _ in range(args.runs):
                for who, cmd in (("ours", ours), ("bare", bare)):
                    seconds, cpu_seconds, rss = run(cmd)
                    times[who].append(seconds)
                    cpu[who].append(cpu_seconds)
                    peak[who] = max(peak[who], rss)
            loads.append(os.getloadavg()[0])
            a, b = statistics.median(times["ours"]), statistics.median(times["bare"])
            c, d = statistics.median(cpu["ours"]), statistics.median(cpu["bare"])
            log(f"  {label}: {a * 1000:.0f} ms vs {b * 1000:.0f} ms")
            print(
                f"| {label} | {a * 1000:.0f} ms | {c * 1000:.0f} ms | {peak['ours'] / MIB:.0f} MiB "
                f"| {b * 1000:.0f} ms | {d * 1000:.0f} ms | {peak['bare'] / MIB:.0f} MiB "
                f"| {a / b:.2f}x | {c / d:.2f}x | {loads[0]:.1f}-{loads[1]:.1f} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
