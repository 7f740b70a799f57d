"""``iso20000-prm load`` against a real Oxigraph server that fails: never a false success.

A small proxy on 127.0.0.1 sits between the tool and the server and injects the faults: the
server stopped mid-load or before the count check, answers slower than the timeout, a body cut
short in transit. After each fault the server is started again on the same data and the store
is inspected directly (SPARQL over plain HTTP, not through the tool): the graph is either the
previous one or the complete new one, and whenever the tool said "loaded" it was complete.
Expected counts come from pyoxigraph parsing the N-Triples that are sent, not from the tool.
"""

from __future__ import annotations

import contextlib
import http.client
import http.server
import io
import socket
import threading
import time

import pytest
from _oxigraph import GRAPH, OxigraphServer

from iso20000_prm.cli import main


class FaultProxy:
    """Forwards HTTP to the server; ``mode`` says which fault to inject into which request."""

    def __init__(self, server: OxigraphServer):
        self.server, self.mode, self.delay = server, "pass", 0.0
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _handle(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                proxy.handle(self, body)

            do_GET = do_POST = do_PUT = do_DELETE = _handle

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/store"

    def _raw_partial(self, handler, body: bytes) -> None:
        """Send the request line, headers and half of the body upstream, then hang up."""
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=5) as s:
            head = f"{handler.command} {handler.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {handler.headers['Content-Type']}\r\nContent-Length: {len(body)}\r\n\r\n"
            s.sendall(head.encode() + body[: len(body) // 2])
            time.sleep(0.3)
            if self.mode == "kill_mid_put":
                self.server.kill()

    def handle(self, handler, body: bytes) -> None:
        mode, is_put = self.mode, handler.command == "PUT"
        if mode in ("drop_mid_put", "kill_mid_put") and is_put:
            self._raw_partial(handler, body)
            handler.close_connection = True
            return  # no answer: the client sees the connection close
        if mode == "truncate_put" and is_put:
            body = body[
                : body.rfind(b"\n", 0, len(body) // 2) + 1
            ]  # half the triples, a well-formed request
        if (mode == "slow_put" and is_put) or (mode == "slow_count" and not is_put):
            time.sleep(self.delay)
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
            headers = {
                k: v
                for k, v in handler.headers.items()
                if k.lower() in ("content-type", "accept", "authorization")
            }
            conn.request(handler.command, handler.path, body=body, headers=headers)
            response = conn.getresponse()
            status, data, ctype = (
                response.status,
                response.read(),
                response.getheader("Content-Type", "text/plain"),
            )
            conn.close()
        except OSError:
            status, data, ctype = 502, b"bad gateway: the server is down", "text/plain"
        if mode == "kill_after_put" and is_put:
            self.server.kill()
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", ctype)
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
        except OSError:
            pass  # the client gave up (timeout)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph-faults"))
    server.start()
    proxy = FaultProxy(server)
    yield server, proxy
    proxy.close()
    server.stop()


@pytest.fixture(scope="module")
def graphs(tmp_path_factory):
    """Two graph files (the PRM, and a smaller different one), with counts by pyoxigraph."""
    import pyoxigraph

    from iso20000_prm.graph.build import build_graph
    from iso20000_prm.graph.formats import serialize

    d = tmp_path_factory.mktemp("graphs")
    full = serialize(build_graph(), "nt")
    small = serialize(build_graph(include_ontology=False, include_mappings=False), "nt")
    out = {}
    for name, data in (("full", full), ("small", small)):
        (d / f"{name}.nt").write_bytes(data)
        out[name] = (
            d / f"{name}.nt",
            len(set(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_TRIPLES))),
        )
    assert out["full"][1] != out["small"][1]
    return out


def _load(proxy, path, timeout=10.0) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(
            [
                "load",
                "--input",
                str(path),
                "--endpoint",
                proxy.endpoint,
                "--graph",
                GRAPH,
                "--timeout",
                str(timeout),
            ]
        )
    return code, err.getvalue()


def _baseline(server, proxy, graphs) -> int:
    """Put the small graph in the store through a healthy proxy; return its count."""
    proxy.mode = "pass"
    if server.proc.poll() is not None:
        server.start()
    code, err = _load(proxy, graphs["small"][0])
    assert code == 0, err
    assert server.count() == graphs["small"][1]
    return graphs["small"][1]


def _after_fault(server, before: int, full: int) -> int:
    """Restart the server if the fault stopped it; the graph is the old one or the new one."""
    if server.proc.poll() is not None:
        server.start()
    now = server.count()
    assert now in (before, full), (
        f"store holds {now} triples: neither the previous {before} nor the complete {full}"
    )
    assert server.count(None) == now, "triples outside the named graph: a duplicate copy"
    return now


@pytest.mark.parametrize("mode", ["drop_mid_put", "kill_mid_put"])
def test_stopped_mid_load_is_reported_and_leaves_no_half_graph(store, graphs, mode):
    server, proxy = store
    before = _baseline(server, proxy, graphs)
    proxy.mode = mode
    code, err = _load(proxy, graphs["full"][0], timeout=5)
    proxy.mode = "pass"
    assert code != 0, "a load cut off in the middle was reported as success"
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    _after_fault(server, before, graphs["full"][1])


def test_stopped_before_the_count_check_is_not_a_success(store, graphs):
    server, proxy = store
    before = _baseline(server, proxy, graphs)
    proxy.mode = "kill_after_put"
    code, err = _load(proxy, graphs["full"][0])
    proxy.mode = "pass"
    assert code != 0, "the count was never checked, yet the load was reported as success"
    assert "count" in err and "Traceback" not in err, err
    _after_fault(server, before, graphs["full"][1])


@pytest.mark.parametrize("mode", ["slow_put", "slow_count"])
def test_slow_answers_past_the_timeout_are_errors(store, graphs, mode):
    server, proxy = store
    before = _baseline(server, proxy, graphs)
    proxy.mode, proxy.delay = mode, 2.0
    code, err = _load(proxy, graphs["full"][0], timeout=1)
    proxy.mode = "pass"
    assert code == 2, err
    assert "timeout" in err and "Traceback" not in err, err
    time.sleep(2.5)  # let the delayed request reach the server before looking
    _after_fault(server, before, graphs["full"][1])


def test_half_a_body_delivered_as_complete_is_caught_by_the_count(store, graphs):
    """The server accepts a cut body as a whole request: only the count check can notice."""
    server, proxy = store
    _baseline(server, proxy, graphs)
    proxy.mode = "truncate_put"
    code, err = _load(proxy, graphs["full"][0])
    proxy.mode = "pass"
    assert code == 1, f"a half-loaded graph was not reported ({code}): {err}"
    assert "counts" in err
    assert 0 < server.count() < graphs["full"][1]
    code, err = _load(proxy, graphs["full"][0])  # the next good load repairs it
    assert code == 0 and server.count() == graphs["full"][1], err


@pytest.fixture(scope="module")
def memory_store():
    """An in-memory server: on disk each replacing PUT gets slower (see the README), and this
    test is about repetition, not persistence."""
    server = OxigraphServer(None)
    server.start()
    proxy = FaultProxy(server)
    yield server, proxy
    proxy.close()
    server.stop()


def test_hundred_loads_in_a_row_leave_one_copy(memory_store, graphs):
    """100 loads through the tool's load_graph, the count checked each time by the tool and
    directly; every 25th round sends the full graph (with blank nodes) instead of the data."""
    from iso20000_prm.graph.read import read_graph
    from iso20000_prm.store.graph_store import load_graph

    server, proxy = memory_store
    parsed = {name: read_graph(path) for name, (path, _) in graphs.items()}
    for i in range(100):
        name = "full" if i % 25 == 24 else "small"
        expected = graphs[name][1]
        result = load_graph(parsed[name], proxy.endpoint, GRAPH, timeout=30)
        assert result.counted == expected, (
            f"round {i}: tool counted {result.counted}, expected {expected}"
        )
        assert server.count() == expected, (
            f"round {i}: store holds {server.count()}, expected {expected}"
        )
        assert server.count(None) == expected, f"round {i}: triples outside the graph"
