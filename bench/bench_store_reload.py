"""Repeated loads: how long one replacing PUT of the graph takes in an Oxigraph server, with a
data folder and in memory, over several loads in a row.

Why: ``iso20000-prm load`` replaces the graph by one PUT each time; the hardening tests load
100 times in a row and found each PUT slower than the last on a server with a data folder.
Prints, for each store, the median PUT time, the first and the last; and the ratio of the
medians (data folder / memory), both measured in the same run.

Usage: ``python bench/bench_store_reload.py`` (LOADS loads in a row per store: the number of
loads is the experiment, so ``make bench`` runs it as written).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from common import ROOT, Measure, inline

sys.path.insert(0, str(ROOT / "src"))
LOADS = 10
GRAPH = "https://w3id.org/iso20000-prm/graph"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server(location: str | None):
    binary = Path(sys.executable).parent / "oxigraph"
    port = _port()
    where = ["--location", location] if location else []
    proc = subprocess.Popen(
        [
            str(binary if binary.exists() else shutil.which("oxigraph")),
            "serve",
            *where,
            "--bind",
            f"127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, port
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit("oxigraph server did not start")


def _puts(port: int, data: bytes, loads: int) -> Measure:
    url = f"http://127.0.0.1:{port}/store?graph=" + urllib.parse.quote(GRAPH, safe="")

    def put():
        req = urllib.request.Request(
            url, data=data, method="PUT", headers={"Content-Type": "application/n-triples"}
        )
        urllib.request.urlopen(req, timeout=120).read()

    return inline(put, loads)


def main(loads: int = LOADS) -> None:
    from iso20000_prm.graph.build import build_graph
    from iso20000_prm.graph.formats import serialize

    data = serialize(build_graph(), "nt")
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, location in (("data folder", folder), ("in memory", None)):
            proc, port = _server(location)
            try:
                results[name] = _puts(port, data, loads)
            finally:
                proc.terminate()
                proc.wait(10)
    print(
        f"{loads} replacing PUTs of the graph ({len(data)} bytes of N-Triples) into Oxigraph, in a row"
    )
    for name, m in results.items():
        print(
            f"  {name:12s} median {m.median:.3f} s   first {m.times[0]:.3f} s   last {m.times[-1]:.3f} s"
        )
    ratio = results["data folder"].median / results["in memory"].median
    print(f"  ratio of medians, data folder / in memory: {ratio:.1f}")


if __name__ == "__main__":
    main()
