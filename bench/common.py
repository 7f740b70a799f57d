"""Timing helpers for the benchmarks: medians of several runs, peak memory, a printed table.
The harness (``run.py``) and every topic script (``bench_*.py``) use these, and nothing else.

These machines are noisy, so every job is run several times and reported as the median, next
to the obvious alternative measured in the same run: the ratio is what to compare.
Every measurement runs in a fresh child process, so one job's caches and memory never leak
into another's. The child's peak resident memory comes from ``os.wait4``: the kernel's
``ru_maxrss`` of exactly that child (``RUSAGE_CHILDREN`` would be a running maximum over all),
started through a small launcher process (see ``_LAUNCHER``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PYTHON = sys.executable
WORKER = Path(__file__).with_name("worker.py")
MIB = 1024 * 1024


class BenchError(RuntimeError):
    """A benchmarked command failed: the message names the command, exit status and its stderr."""


@dataclass
class Measure:
    """Wall times (seconds) of several runs and the peak resident memory (bytes) over them."""

    times: list[float] = field(default_factory=list)
    peak_rss: int = 0  # 0: not measured (in-process timing shares one process between jobs)
    cpu_times: list[float] = field(
        default_factory=list
    )  # CPU seconds of this process, in-process timing only
    result: object = None  # the last run's return value, in-process timing only

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu_times)


# Runs the measured command as its own child and reports that child's wall time and rusage.
# Linux folds the hiwater RSS of the exec-ing memory image into ru_maxrss, so a command spawned
# straight from a large parent (pytest, a loaded harness) would report the parent's size; this
# launcher is small (python -S, no imports beyond os/sys/time/json), so its floor is a few MiB.
_LAUNCHER = """
import json, os, sys, time
report, argv = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.posix_spawnp(argv[0], argv, os.environ)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
with open(report, "w") as handle:
    json.dump([seconds, usage.ru_maxrss * 1024, os.waitstatus_to_exitcode(status)], handle)
"""


def run_once(argv: list[str], ok=(0,), timeout: float = 900) -> tuple[float, int, str]:
    """Run ``argv`` in a fresh process: (wall seconds, peak RSS bytes, stdout)."""
    argv = [str(a) for a in argv]
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.NamedTemporaryFile(suffix=".json") as report,
    ):
        launcher = [PYTHON, "-S", "-c", _LAUNCHER, report.name, *argv]
        # as a user's installed package: bytecode compiled once and cached, not on every start
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        proc = subprocess.Popen(launcher, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise BenchError(f"{' '.join(argv)}: timed out after {timeout} s") from None
        out.seek(0)
        err.seek(0)
        result = report.read().decode()
        if proc.returncode != 0 or not result:
            raise BenchError(
                f"{' '.join(argv)}: could not be started: {err.read().decode(errors='replace').strip()[-800:]}"
            )
        seconds, rss, code = json.loads(result)
        if code not in ok:
            message = err.read().decode(errors="replace").strip()[-800:]
            raise BenchError(f"{' '.join(argv)}: exit status {code}: {message}")
        return seconds, rss, out.read().decode(errors="replace")


def cold(argv: list[str], runs: int, ok=(0,), timeout: float = 900) -> Measure:
    """A command run ``runs`` times, each in a fresh process (start-up included). Any exit
    status outside ``ok`` raises BenchError (a Python traceback exits 1, so 1 is not allowed
    by default)."""
    m = Measure()
    for _ in range(runs):
        seconds, rss, _ = run_once(argv, ok=ok, timeout=timeout)
        m.times.append(seconds)
        m.peak_rss = max(m.peak_rss, rss)
    return m


def warm(job: str, runs: int, timeout: float = 900, **params) -> Measure:
    """An in-process job of ``bench/jobs.py``: set up once, then timed ``runs`` times in one fresh
    process (no start-up or import cost in the times); peak RSS covers set-up and all runs."""
    argv = [PYTHON, WORKER, job, str(runs), json.dumps(params, sort_keys=True)]
    _, rss, out = run_once(argv, timeout=timeout)
    result = json.loads(out.strip().splitlines()[-1])
    return Measure(times=result["times"], peak_rss=max(rss, result["rss"]))


def inline(fn, runs: int, warmup: bool = False) -> Measure:
    """``fn()`` timed ``runs`` times in this process, after one untimed call if ``warmup``: wall
    and CPU time of each run (CPU says more than wall on a loaded machine), the last result.
    For the topic scripts, whose jobs share set-up; no peak memory (the process is shared)."""
    if warmup:
        fn()
    m = Measure()
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        m.result = fn()
        m.times.append(time.perf_counter() - start)
        m.cpu_times.append(time.process_time() - cpu)
    return m


def script_args(
    doc: str, runs: int = 5, argv: list[str] | None = None, **extra
) -> argparse.Namespace:
    """The command line every topic script takes: ``--runs N`` (default ``runs``), plus
    ``extra`` integer options given as name=(default, help), e.g. ``alt_runs=(3, "...")``."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=runs, help=f"timed runs per job (default {runs})"
    )
    for name, (default, text) in extra.items():
        parser.add_argument(
            "--" + name.replace("_", "-"),
            type=int,
            default=default,
            help=f"{text} (default {default})",
        )
    return parser.parse_args(argv)


# ---------------------------------------------------------------- reporting


@dataclass
class Row:
    job: str
    ours: Measure
    alternative: Measure | None = None
    alternative_name: str = ""
    note: str = ""
    # the 1-minute load average when the row was made (right after its runs): the machines are
    # shared, so every figure carries the load it was taken under
    load: float = field(default_factory=lambda: os.getloadavg()[0])

    def __post_init__(self):  # progress, in case a long run is cut short
        alt = (
            f"; {self.alternative_name} {seconds(self.alternative.median)}"
            if self.alternative
            else ""
        )
        log(
            f"  {self.job}: {seconds(self.ours.median)}, {rss(self.ours)}{alt}; load {self.load:.1f}"
        )

    @property
    def ratio(self) -> float | None:
        if self.alternative is None:
            return None
        return self.alternative.median / self.ours.median


def seconds(value: float) -> str:
    if value < 0.01:
        return f"{value * 1000:.2f} ms"
    return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"


def rss(m: Measure) -> str:
    return f"{m.peak_rss / MIB:.0f} MiB" if m.peak_rss else "-"


def table(rows: list[Row]) -> str:
    """A Markdown table: median and peak memory of each job and of its alternative, and the ratio."""
    head = "| job | median | peak RSS | alternative | its median | its peak RSS | speed-up | load |\n| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |\n"
    lines = []
    for r in rows:
        alt = r.alternative
        cells = [
            r.job + (f" ({r.note})" if r.note else ""),
            seconds(r.ours.median),
            rss(r.ours),
            r.alternative_name or "-",
            seconds(alt.median) if alt else "-",
            rss(alt) if alt else "-",
            f"{r.ratio:.1f}x" if alt else "-",
            f"{r.load:.1f}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return head + "\n".join(lines) + "\n"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
