"""``--endpoint``: the SPARQL 1.1 Protocol client against a small local endpoint (127.0.0.1 only)."""

from __future__ import annotations

import base64
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from iso20000_prm.cli import main
from iso20000_prm.errors import PRMError
from iso20000_prm.sparql import saved as sparql

SECRET = "s3cret-Pa55"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from iso20000_prm.files import write_atomic
    from iso20000_prm.graph.build import build_graph
    from iso20000_prm.graph.formats import serialize

    path = write_atomic(tmp_path_factory.mktemp("ep") / "prm.ttl", serialize(build_graph()))
    return sparql.open_store(path)


@pytest.fixture(scope="module")
def endpoint(store):
    """A SPARQL 1.1 Protocol endpoint over the same pyoxigraph store; records what it received."""
    import pyoxigraph as ox

    seen: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _send(self, code, body: bytes, ctype="text/plain"):
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode("utf-8")
            form = urllib.parse.parse_qs(body)
            seen.append({"path": self.path, "headers": dict(self.headers), "body": body, **form})
            if self.path == "/slow":  # the client gives up first; its hang-up is expected
                time.sleep(1)
                try:
                    return self._send(200, b"{}")
                except (BrokenPipeError, ConnectionResetError):
                    return None
            if self.path == "/html":
                return self._send(200, b"<html>not results</html>", "text/html")
            if self.path == "/protected":
                expected = "Basic " + base64.b64encode(f"alice:{SECRET}".encode()).decode()
                if self.headers.get("Authorization") != expected:
                    return self._send(401, b"Unauthorized\nplease log in")
            if not self.headers.get("Content-Type", "").startswith(
                "application/x-www-form-urlencoded"
            ):  # as Virtuoso, which never answers a POST of application/sparql-query
                return self._send(415, b"expected a form-encoded query")
            try:
                result = store.store.query(form["query"][0])
            except SyntaxError as exc:
                return self._send(400, f"Parse error: {exc}".encode())
            self._send(
                200,
                result.serialize(format=ox.QueryResultsFormat.JSON),
                "application/sparql-results+json",
            )

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()
    server.server_close()


def _params(q):
    return {"keyword": "incident"} if q.name == "keyword-search" else {}


def test_every_saved_query_gives_the_same_rows_over_the_protocol(store, endpoint):
    url, _ = endpoint
    for q in sparql.list_queries():
        local = sparql.run_query(q, _params(q), graph=store)
        remote = sparql.run_query(q, _params(q), endpoint=url + "/sparql")
        assert remote.variables == local.variables and remote.rows == local.rows, q.name


def test_every_saved_query_at_once_over_the_protocol(store, endpoint):
    """``query --all --endpoint``: the batch's threads wait on the network; same rows as locally."""
    from iso20000_prm.sparql import batch as query_batch

    url, seen = endpoint
    seen.clear()
    remote = query_batch.run_saved_queries(
        params={"keyword": "incident"}, endpoint=url + "/sparql", workers=4
    )
    # every query went over the network (parameter look-ups may add requests)
    assert len(seen) >= len(remote.results) == len(sparql.list_queries())
    for q in sparql.list_queries():
        local = sparql.run_query(q, _params(q), graph=store)
        assert (
            remote.results[q.name].variables == local.variables
            and remote.results[q.name].rows == local.rows
        ), q.name
    with pytest.raises(
        PRMError, match=r"^saved query '[a-z-]+': endpoint .* answered .*not SPARQL results JSON"
    ):
        query_batch.run_saved_queries(["processes"], endpoint=url + "/html")


def test_parameters_travel_as_a_values_block(endpoint, monkeypatch):
    monkeypatch.delenv("ISO20000_PRM_AUTH", raising=False)
    url, seen = endpoint
    seen.clear()
    rows = sparql.run_query(
        "keyword-search", {"keyword": 'zz"} DROP ALL'}, endpoint=url + "/sparql"
    ).rows
    assert rows == []
    assert 'VALUES (?_keyword) { ("zz\\"} DROP ALL") }' in seen[-1]["query"][0]
    assert seen[-1]["headers"]["Accept"] == "application/sparql-results+json"
    assert "Authorization" not in seen[-1]["headers"]


def test_credentials_from_the_environment(endpoint, monkeypatch):
    url, _ = endpoint
    monkeypatch.setenv("ISO20000_PRM_AUTH", f"alice:{SECRET}")
    rows = sparql.run_query("processes", endpoint=url + "/protected").rows
    assert len(rows) == 26  # processes.csv has 26 rows


def test_http_error_names_endpoint_and_status_but_not_the_secret(endpoint, monkeypatch, capsys):
    url, _ = endpoint
    monkeypatch.setenv("ISO20000_PRM_AUTH", "alice:wrong-" + SECRET)
    assert main(["query", "processes", "--endpoint", url + "/protected"]) == 2
    err = capsys.readouterr().err
    assert f"{url}/protected: HTTP 401" in err and "Unauthorized" in err
    assert SECRET not in err and "wrong" not in err
    assert len(err.strip().splitlines()) == 1


def test_userinfo_in_the_url_is_refused_and_not_printed(endpoint, monkeypatch, capsys):
    url, seen = endpoint
    monkeypatch.delenv("ISO20000_PRM_AUTH", raising=False)
    host = url.removeprefix("http://")
    before = len(seen)
    assert main(["query", "processes", "--endpoint", f"http://alice:{SECRET}@{host}/sparql"]) == 2
    err = capsys.readouterr().err
    assert "ISO20000_PRM_AUTH" in err and SECRET not in err and "alice" not in err
    assert len(seen) == before  # refused before anything was sent


def test_an_answer_that_is_not_sparql_json_is_named(endpoint, monkeypatch, capsys):
    url, _ = endpoint
    monkeypatch.delenv("ISO20000_PRM_AUTH", raising=False)
    assert main(["query", "processes", "--endpoint", url + "/html"]) == 2
    assert "not SPARQL results JSON" in capsys.readouterr().err


def test_malformed_query_is_the_endpoints_400(endpoint):
    url, _ = endpoint
    with pytest.raises(PRMError, match=r"/sparql: HTTP 400 Bad Request: Parse error"):
        sparql.run_query("SELECT ?x WHERE { ?x ?y }", endpoint=url + "/sparql")


def test_timeout_and_unreachable(endpoint):
    url, _ = endpoint
    with pytest.raises(PRMError, match=r"/slow: no answer within 0.2 s"):
        sparql.run_query("processes", endpoint=url + "/slow", timeout=0.2)
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(PRMError, match=rf"http://127.0.0.1:{port}/sparql: connection refused"):
        sparql.run_query("processes", endpoint=f"http://127.0.0.1:{port}/sparql", timeout=2)


def test_not_an_http_url():
    with pytest.raises(PRMError, match="not an http"):
        sparql.run_query("processes", endpoint="ftp://127.0.0.1/sparql")
