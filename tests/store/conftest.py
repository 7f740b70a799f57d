"""A real Virtuoso 7 (Debian's virtuoso-opensource) for the store tests: started by
scripts/virtuoso-start.sh on free loopback ports with a throw-away database, the update grant
given through isql-vt, stopped by PID. Skips, saying why, where Virtuoso is not installed (make
test installs it)."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
import urllib.parse
import urllib.request

import pytest
from _oxigraph import free_port
from _paths import ROOT


class VirtuosoServer:
    def __init__(self, location):
        self.location = location
        self.http_port, self.sql_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.http_port}"
        self.proc = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            ["sh", str(ROOT / "scripts" / "virtuoso-start.sh"), str(self.location)]
            + [str(self.http_port), str(self.sql_port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(600):
            if self.proc.poll() is not None:
                pytest.fail(f"virtuoso-t exited at start; see {self.location}/virtuoso.log")
            try:
                self.ask("ASK {}")
                return
            except OSError:
                time.sleep(0.1)
        pytest.fail("virtuoso-t did not answer within 60 s")

    def sql(self, statement: str) -> None:
        subprocess.run(
            ["isql-vt", str(self.sql_port), "dba", "dba", f"exec={statement}"],
            check=True,
            capture_output=True,
            timeout=60,
        )

    def ask(self, query: str) -> dict:
        url = f"{self.url}/sparql?" + urllib.parse.urlencode({"query": query})
        req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.load(r)

    def count(self, graph: str | None) -> int:
        """Triples in ``graph`` (None: the default graph, Virtuoso's union of all graphs)."""
        where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
        doc = self.ask(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
        return int(doc["results"]["bindings"][0]["n"]["value"])

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


@pytest.fixture(scope="module")
def virtuoso_server(tmp_path_factory):
    if not (shutil.which("virtuoso-t") and shutil.which("isql-vt")):
        pytest.skip("Virtuoso is not installed (Debian virtuoso-opensource; make test installs it)")
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso"))
    server.start()
    try:
        yield server
    finally:
        server.stop()
