"""The one Oxigraph server the tests start: a real ``oxigraph serve`` on a free loopback port,
with a throw-away data folder (or in memory), stopped by PID. Used by the ``oxigraph_server``
fixture (conftest.py) and by the fault-injection tests, which kill and restart it."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

GRAPH = "https://w3id.org/iso20000-prm/graph"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OxigraphServer:
    """The real server on a fixed port and data folder, so it can be killed and started again."""

    def __init__(self, location: Path | None):
        local = Path(sys.executable).parent / "oxigraph"
        self.binary = str(local) if local.exists() else shutil.which("oxigraph")
        if not self.binary:
            pytest.fail(
                "the oxigraph server is not installed: pip install -e '.[test]' (make test does this)"
            )
        self.location, self.port, self.proc = location, free_port(), None

    def start(self) -> None:
        where = ["--location", str(self.location)] if self.location else []  # None: in memory
        self.proc = subprocess.Popen(
            [self.binary, "serve", *where, "--bind", f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.url = f"http://127.0.0.1:{self.port}"
        for _ in range(200):
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                if self.proc.poll() is not None:
                    pytest.fail("oxigraph server exited at start")
                time.sleep(0.05)
        pytest.fail("oxigraph server did not start listening")

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def count(self, graph: str | None = GRAPH) -> int:
        """Triples in ``graph`` (None: in all graphs), asked directly of the server."""
        where = (
            f"GRAPH <{graph}> {{ ?s ?p ?o }}"
            if graph
            else "{ ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } }"
        )
        url = f"http://127.0.0.1:{self.port}/query?" + urllib.parse.urlencode(
            {"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"}
        )
        req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(req, timeout=30) as r:
            return int(json.load(r)["results"]["bindings"][0]["n"]["value"])
