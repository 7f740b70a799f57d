"""Run one job of ``jobs.py`` in this (fresh) process and print its times and peak memory as JSON.

Usage: ``python bench/worker.py JOB RUNS PARAMS_JSON``. The job's set-up is not timed; every
run is. Printed last: ``{"times": [...], "rss": bytes}``.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from jobs import JOBS  # noqa: E402


def main(argv: list[str]) -> int:
    name, runs, params = argv[0], int(argv[1]), json.loads(argv[2])
    timed = JOBS[name](**params)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        timed()
        times.append(time.perf_counter() - start)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"times": times, "rss": rss}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
