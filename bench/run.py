"""The benchmark harness behind ``make bench``: prints Markdown tables of medians, peak memory
and the ratio against the obvious alternative measured in the same run.

Environment (all optional):
  BENCH_SCALES        synthetic sizes, multiples of the real PRM (default: 1,10)
  BENCH_RUNS          runs per job on the shipped PRM (default: 3)
  BENCH_SCALE_RUNS    runs per job at scale (default: 3; 1 for N >= 100; the rdflib
                      alternatives once from N = 10)
  BENCH_BASELINE_MAX  largest N at which the rdflib alternatives run too (default: 10)
  BENCH_VALIDATE_MAX  largest N at which validation runs (default: 1; it grows faster than N)
  BENCH_MAPPINGS_MAX  largest N at which the edition mapping sets are derived (default: 10)
  BENCH_PARTS         comma-separated subset of: build,validate,query,scale,scripts
                      (default: all five; "scripts" runs the topic benchmarks
                      bench/bench_*.py of the other work items, each in its own process)
  BENCH_SCRIPT_RUNS   runs per job of the topic benchmarks (default: 2; each script's own
                      default when run by hand is larger). Passed as ``--runs N`` (and
                      ``--alt-runs N``) to the scripts built on common.script_args; any
                      other script runs as written.
Usage: ``python bench/run.py [--output FILE]`` (FILE gets the same Markdown). ``make bench`` is
this with the defaults.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BIN, MIB, PYTHON, ROOT, Measure, Row, cold, log, seconds, table, warm  # noqa: E402

CLI = str(BIN / "iso20000-prm")


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def shipped(work: Path, runs: int, parts: set[str]) -> list[Row]:
    """Jobs on the real PRM."""
    rows: list[Row] = []
    graph = work / "iso20000-prm.ttl"
    cold([CLI, "build", "--output", graph], 1)  # the graph the other jobs read
    if "build" in parts:
        log("shipped: cold build, every format")
        release = work / "release"
        ours = cold(
            [
                CLI,
                "build",
                "--format",
                "all",
                "--output-dir",
                release,
                "--validate",
                "--fail-on",
                "none",
            ],
            runs,
        )
        alt = cold([PYTHON, ROOT / "bench" / "baseline_build.py", work / "baseline"], runs)
        rows.append(
            Row(
                "cold CLI `build --format all --validate` (every format, SHACL-validated)",
                ours,
                alt,
                "rdflib build + 6 serialisers + pyshacl owlrl",
            )
        )
        both = f"{CLI} build --format all --output-dir {release} && {CLI} validate {release}/iso20000-prm.ttl --fail-on none"
        two = cold(["sh", "-c", both], runs)
        rows.append(Row("cold CLI `build --format all`, then `validate` in a second process", two))
        ours = cold([CLI, "build", "--format", "all", "--output-dir", release], runs)
        rows.append(Row("cold CLI `build --format all` (vocabulary check, no SHACL)", ours))
        ours = cold([CLI, "build", "--output", work / "plain.ttl"], runs)
        rows.append(Row("cold CLI `build` (Turtle only)", ours))
    if "validate" in parts:
        log("shipped: validation in-process")
        ours = warm("validate_prm", runs, graph=str(graph))
        alt = warm("validate_pyshacl_owlrl", runs, graph=str(graph))
        rows.append(Row("`validate(graph)` in-process", ours, alt, "pyshacl, owlrl inference"))
        ref = warm("validate_prm", runs, graph=str(graph), engine="pyshacl")
        rows.append(Row("`validate(graph)` in-process", ours, ref, '`engine="pyshacl"`'))
    if "query" in parts:
        from jobs import saved_queries

        queries = saved_queries()
        names = [name for name, _, _ in queries]
        for name, params, _ in queries:
            log(f"shipped: query {name}")
            argv = [CLI, "query", name, "--graph", graph, "--format", "csv"]
            for key, value in params.items():
                argv += ["--param", f"{key}={value}"]
            ours = cold(argv, runs)
            alt = cold(argv + ["--engine", "rdflib"], runs)
            rows.append(Row(f"cold CLI `query {name}`", ours, alt, "same, `--engine rdflib`"))
            if name == names[0]:
                text = (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8")
                bare = cold([PYTHON, ROOT / "bench" / "bare_query.py", graph, text], runs)
                rows.append(
                    Row(
                        f"cold CLI `query {name}`",
                        ours,
                        bare,
                        "a bare pyoxigraph script: load, same query, CSV",
                    )
                )
        for name in names:
            ours = warm("query", runs * 4, graph=str(graph), engine="oxigraph", name=name)
            alt = warm("query", runs * 4, graph=str(graph), engine="rdflib", name=name)
            rows.append(Row(f"in-process query {name}", ours, alt, "rdflib"))
    return rows


def scale(work: Path, scales: list[int], parts: set[str]) -> tuple[list[Row], dict]:
    """Jobs on synthetic PRMs of N times the real size; returns rows and {job: {N: median}}."""
    rows: list[Row] = []
    growth: dict[str, dict[int, Measure]] = {}
    baseline_max = env_int("BENCH_BASELINE_MAX", 10)
    validate_max = env_int("BENCH_VALIDATE_MAX", 1)
    mappings_max = env_int("BENCH_MAPPINGS_MAX", 10)
    for n in scales:
        runs = env_int("BENCH_SCALE_RUNS", 3 if n < 100 else 1)
        alt_runs = min(runs, 1 if n >= 10 else runs)
        tables, nt = work / f"syn{n}", work / f"syn{n}.nt"
        log(f"scale N={n}: synthesize")
        m = cold([CLI, "synthesize", "--scale", str(n), "--output", tables], runs)
        rows.append(Row(f"N={n} synthesize tables (cold CLI)", m))
        growth.setdefault("synthesize", {})[n] = m
        log(f"scale N={n}: build --format all --validate")
        release = work / f"rel{n}"
        argv = [CLI, "build", "--tables", tables, "--format", "all", "--validate"]
        ours = cold(argv + ["--fail-on", "none", "--output-dir", release], runs)
        alt = (
            cold(
                [PYTHON, ROOT / "bench" / "baseline_build.py", work / "baseline", tables], alt_runs
            )
            if n <= baseline_max
            else None
        )
        nt = release / "iso20000-prm.nt"
        rows.append(
            Row(
                f"N={n} cold CLI `build --tables T --format all --validate`",
                ours,
                alt,
                "rdflib build + 6 serialisers + pyshacl owlrl" if alt else "",
                _triples(nt),
            )
        )
        growth.setdefault("`build --format all --validate`", {})[n] = ours
        if n <= mappings_max:
            log(f"scale N={n}: edition mapping sets")
            m = warm("edition_mappings", 1, tables=str(tables))
            rows.append(Row(f"N={n} derive edition mapping sets", m))
            growth.setdefault("derive edition mapping sets", {})[n] = m
        log(f"scale N={n}: load")
        ours = warm("load_oxigraph", runs, graph=str(nt))
        alt = warm("load_rdflib", alt_runs, graph=str(nt)) if n <= baseline_max else None
        rows.append(Row(f"N={n} load into pyoxigraph", ours, alt, "rdflib parse" if alt else ""))
        growth.setdefault("load into pyoxigraph", {})[n] = ours
        if "query" in parts:
            log(f"scale N={n}: every saved query")
            ours = warm("all_queries", runs, graph=str(nt), engine="oxigraph")
            alt = (
                warm("all_queries", alt_runs, graph=str(nt), engine="rdflib")
                if n <= baseline_max
                else None
            )
            rows.append(
                Row(f"N={n} every saved query, embedded store", ours, alt, "rdflib" if alt else "")
            )
            growth.setdefault("every saved query", {})[n] = ours
            together = warm("all_queries_batch", runs, graph=str(nt))
            rows.append(
                Row(
                    f"N={n} every saved query together (`query --all`, all cores)",
                    together,
                    ours,
                    "one after another, same store",
                )
            )
            growth.setdefault("every saved query together (`query --all`)", {})[n] = together
        if "validate" in parts and n <= validate_max:
            log(f"scale N={n}: validate")
            ours = cold([CLI, "validate", nt, "--fail-on", "none"], runs)
            alt = cold([CLI, "validate", nt, "--fail-on", "none", "--engine", "pyshacl"], alt_runs)
            rows.append(
                Row(f"N={n} cold CLI `validate GRAPH.nt`", ours, alt, "same, `--engine pyshacl`")
            )
            growth.setdefault("`validate`", {})[n] = ours
    return rows, growth


def _triples(nt: Path) -> str:
    with open(nt, "rb") as handle:
        return f"{sum(1 for _ in handle):,} triples"


def topic_scripts(runs: int) -> str:
    """Run each topic benchmark of the other work items (bench/bench_*.py) in its own process,
    with ``runs`` runs per job where the script takes ``--runs`` (common.script_args)."""
    import subprocess

    parts = [
        f"### Topic benchmarks (bench/bench_*.py, {runs} runs per job where the script takes --runs)\n"
    ]
    for script in sorted(Path(__file__).resolve().parent.glob("bench_*.py")):
        log(f"script {script.name}")
        source = script.read_text(encoding="utf-8")
        argv = [PYTHON, script]
        if "script_args(" in source:
            argv += ["--runs", str(runs)] + (
                ["--alt-runs", str(runs)] if "alt_runs=" in source else []
            )
        try:
            proc = subprocess.run(argv, capture_output=True, text=True, timeout=900, cwd=ROOT)
            text = (
                proc.stdout.strip()
                if proc.returncode == 0
                else f"exit status {proc.returncode}: {proc.stderr.strip()[-500:]}"
            )
        except subprocess.TimeoutExpired:
            text = "timed out after 900 s"
        # the scripts built on common print Markdown tables; the others are shown as written
        parts.append(
            f"#### {script.name}\n\n"
            + (f"{text}\n" if "script_args(" in source else f"```\n{text}\n```\n")
        )
    return "\n".join(parts)


def growth_table(growth: dict) -> str:
    """Median per N, and the exponent k of t ~ N^k between the smallest and largest N (1 = linear)."""
    scales = sorted({n for per in growth.values() for n in per})
    head = (
        "| job | "
        + " | ".join(f"N={n}" for n in scales)
        + " | peak RSS at largest N | growth exponent |\n"
    )
    head += "| --- | " + " | ".join("---:" for _ in scales) + " | ---: | ---: |\n"
    lines = []
    for job, per in growth.items():
        cells = [seconds(per[n].median) if n in per else "-" for n in scales]
        done = sorted(per)
        exponent = "-"
        if len(done) > 1 and done[0] != done[-1]:
            a, b = per[done[0]].median, per[done[-1]].median
            exponent = f"{math.log(b / a) / math.log(done[-1] / done[0]):.2f}"
        lines.append(
            f"| {job} | "
            + " | ".join(cells)
            + f" | {per[done[-1]].peak_rss / MIB:.0f} MiB | {exponent} |"
        )
    return head + "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--output", type=Path, help="also write the Markdown report to this file")
    args = parser.parse_args(argv)
    parts = set(os.environ.get("BENCH_PARTS", "build,validate,query,scale,scripts").split(","))
    scales = [int(s) for s in os.environ.get("BENCH_SCALES", "1,10").split(",") if s.strip()]
    runs = env_int("BENCH_RUNS", 3)
    out = []
    with tempfile.TemporaryDirectory(prefix="iso20000-prm-bench-") as tmp:
        work = Path(tmp)
        rows = shipped(work, runs, parts)
        if rows:
            out.append(f"### The shipped PRM (median of {runs} runs)\n\n" + table(rows))
        if "scale" in parts and scales:
            rows, growth = scale(work, scales, parts)
            out.append("### Synthetic PRMs of N times the real size\n\n" + table(rows))
            out.append("### Growth with N\n\n" + growth_table(growth))
        if "scripts" in parts:
            out.append(topic_scripts(env_int("BENCH_SCRIPT_RUNS", 2)))
    report = "\n".join(out)
    print(report)
    if args.output:
        sys.path.insert(0, str(ROOT / "src"))
        from iso20000_prm.files import write_atomic

        write_atomic(args.output, report.encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
