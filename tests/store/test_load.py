"""``iso20000-prm load`` against a real Oxigraph server (the ``oxigraph`` package from PyPI).

The server is started on a free loopback port in a temporary folder and stopped afterwards.
Nothing is mocked for it: the counts are checked by SPARQL queries this test sends itself with
urllib. The error cases use a port nothing listens on, a wrong path on the real server, and tiny
local servers for the timeout, a 5xx answer, credentials and a store that loses triples.
"""

from __future__ import annotations

import base64
import csv
import http.server
import json
import socket
import threading
import urllib.request
from pathlib import Path

import pytest
from _oxigraph import free_port
from rdflib import Graph

from iso20000_prm.cli import main
from iso20000_prm.files import tables_dir

GRAPH_IRI = "https://w3id.org/iso20000-prm/graph"


@pytest.fixture(scope="module")
def server(oxigraph_server):
    return oxigraph_server.url


def sparql_count(url: str, where: str) -> int:
    """COUNT(*) over ``where`` at the server's query endpoint (independent of the package)."""
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"
    req = urllib.request.Request(
        url + "/query",
        data=query.encode(),
        method="POST",
        headers={
            "Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+json",
        },
    )
    with urllib.request.urlopen(req, timeout=30) as response:
        return int(json.load(response)["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def turtle(tmp_path_factory) -> tuple[Path, int]:
    path = tmp_path_factory.mktemp("g") / "g.ttl"
    assert main(["build", "-o", str(path)]) == 0
    return path, len(Graph().parse(path, format="turtle"))


def test_load_then_reload_leaves_one_copy(server, turtle, capsys):
    _, expected = turtle
    assert main(["load", "--endpoint", server + "/store"]) == 0
    assert sparql_count(server, f"GRAPH <{GRAPH_IRI}> {{ ?s ?p ?o }}") == expected
    assert main(["load", "--endpoint", server + "/store"]) == 0
    assert sparql_count(server, f"GRAPH <{GRAPH_IRI}> {{ ?s ?p ?o }}") == expected
    assert (
        sparql_count(server, "GRAPH ?g { ?s ?p ?o }") == expected
    )  # no other named graph got a copy
    assert f"loaded {expected} triples" in capsys.readouterr().err


def test_load_a_file_into_another_graph_and_the_default_graph(server, turtle):
    path, expected = turtle
    other = "https://example.org/graph/other"
    assert (
        main(["load", "--endpoint", server + "/store", "--graph", other, "--input", str(path)]) == 0
    )
    assert sparql_count(server, f"GRAPH <{other}> {{ ?s ?p ?o }}") == expected
    assert (
        main(
            [
                "load",
                "--endpoint",
                server + "/store",
                "--default-graph",
                "--input",
                str(path),
                "--query-endpoint",
                server + "/query",
            ]
        )
        == 0
    )
    assert sparql_count(server, "?s ?p ?o") == expected


def test_load_open_profile(server, turtle):
    _, full = turtle
    graph = "https://example.org/graph/open"
    assert (
        main(["load", "--endpoint", server + "/store", "--graph", graph, "--profile", "open"]) == 0
    )
    n = sparql_count(server, f"GRAPH <{graph}> {{ ?s ?p ?o }}")
    assert 0 < n < full
    assert (
        sparql_count(
            server,
            f"GRAPH <{graph}> {{ ?s <https://w3id.org/iso20000-prm/vocab#verbatimText> ?o }}",
        )
        == 0
    )


def test_nothing_listening(capsys):
    url = f"http://127.0.0.1:{free_port()}/store"
    assert main(["load", "--endpoint", url, "--timeout", "5"]) == 2
    err = capsys.readouterr().err
    assert url in err and "refused" in err


def test_wrong_path_is_4xx_and_leaves_the_store_as_it_was(server, turtle, capsys):
    _, expected = turtle
    assert main(["load", "--endpoint", server + "/store"]) == 0
    capsys.readouterr()
    before = sparql_count(server, "GRAPH ?g { ?s ?p ?o }")
    assert (
        main(
            ["load", "--endpoint", server + "/no-such-path", "--query-endpoint", server + "/query"]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert server + "/no-such-path" in err and "HTTP 4" in err
    assert sparql_count(server, "GRAPH ?g { ?s ?p ?o }") == before
    assert sparql_count(server, f"GRAPH <{GRAPH_IRI}> {{ ?s ?p ?o }}") == expected


class _Silent:
    """A socket server that accepts connections and never answers."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.conns = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(conn)

    def close(self):
        for c in self.conns:
            c.close()
        self.sock.close()


def test_timeout(capsys):
    silent = _Silent()
    try:
        url = f"http://127.0.0.1:{silent.port}/store"
        assert main(["load", "--endpoint", url, "--timeout", "0.5"]) == 2
        err = capsys.readouterr().err
        assert url in err and "timeout" in err
    finally:
        silent.close()


class _Handler(http.server.BaseHTTPRequestHandler):
    """Answers every request from the class attributes; records the Authorization headers."""

    status = 503
    count = 0
    seen: list = []

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        type(self).seen.append((self.command, self.headers.get("Authorization")))
        if self.command == "POST" and type(self).status < 300:  # a SPARQL query: answer the count
            body = json.dumps(
                {
                    "head": {"vars": ["n"]},
                    "results": {
                        "bindings": [{"n": {"type": "literal", "value": str(type(self).count)}}]
                    },
                }
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
        else:
            body = b"sorry"
            self.send_response(type(self).status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_PUT = do_POST = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def fake():
    handler = type("H", (_Handler,), {"seen": []})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield handler, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_server_error_names_endpoint_and_status(fake, capsys):
    handler, url = fake
    handler.status = 503
    assert main(["load", "--endpoint", url + "/store"]) == 2
    err = capsys.readouterr().err
    assert url + "/store" in err and "HTTP 503" in err


def test_credentials_sent_never_printed(fake, capsys, monkeypatch):
    handler, url = fake
    handler.status = 401
    monkeypatch.setenv("ISO20000_PRM_AUTH", "alice:s3cret-pw")
    assert main(["load", "--endpoint", url + "/store"]) == 2
    err = capsys.readouterr().err
    assert "HTTP 401" in err and "s3cret" not in err and "alice" not in err
    assert handler.seen[0] == ("PUT", "Basic " + base64.b64encode(b"alice:s3cret-pw").decode())
    monkeypatch.setenv("ISO20000_PRM_AUTH", "Bearer tok-123")
    handler.seen.clear()
    assert main(["load", "--endpoint", url + "/store"]) == 2
    assert handler.seen[0] == ("PUT", "Bearer tok-123")
    assert "tok-123" not in capsys.readouterr().err


def test_count_mismatch_fails_loudly(fake, capsys, turtle):
    handler, url = fake
    handler.status, handler.count = 204, 7
    assert main(["load", "--endpoint", url + "/store"]) == 1
    err = capsys.readouterr().err
    assert f"sent {turtle[1]} triples" in err and "counts 7" in err


def test_every_saved_query_answers_the_same_remotely_and_embedded(server, turtle):
    from iso20000_prm.sparql import saved as sparql

    path, _ = turtle
    assert (
        main(
            [
                "load",
                "--endpoint",
                server + "/store",
                "--default-graph",
                "--input",
                str(path),
                "--query-endpoint",
                server + "/query",
            ]
        )
        == 0
    )
    queries = sparql.list_queries()
    assert queries, "no saved queries"
    store = sparql.open_store(path)
    samples = {
        "keyword": "change",
        "process": "5.6",
        "clause": "6.4",
    }  # for required parameters without a default
    answered = 0
    for q in queries:
        params = {}
        for name in q.required:
            if name not in q.defaults:
                values = q.enumerations.get(name) or [samples.get(name)]
                assert values[0] is not None, (
                    f"{q.name}: no sample value for required parameter {name!r}"
                )
                params[name] = values[0]
        remote = sparql.run_query(q, params, endpoint=server + "/query")
        local = sparql.run_query(q, params, graph=store)
        answered += bool(local.rows)
        assert remote.variables == local.variables, q.name
        key = lambda row: json.dumps(row, sort_keys=True, default=str)  # noqa: E731
        assert sorted(remote.rows, key=key) == sorted(local.rows, key=key), q.name
    assert answered > len(queries) // 2  # empty answers would compare equal trivially


def test_query_command_with_endpoint(server, turtle, capsys):
    path, _ = turtle
    assert (
        main(
            [
                "load",
                "--endpoint",
                server + "/store",
                "--default-graph",
                "--input",
                str(path),
                "--query-endpoint",
                server + "/query",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["query", "--endpoint", server + "/query", "processes"]) == 0
    out = capsys.readouterr().out
    with open(tables_dir() / "processes.csv", encoding="utf-8-sig", newline="") as handle:
        names = [r["name"] for r in csv.DictReader(handle)]
    assert all(name in out for name in names)


def test_query_endpoint_is_derived_for_known_servers():
    from iso20000_prm.store.graph_store import graph_url, query_endpoint_for

    # the URL layouts the servers document: Oxigraph /store + /query, Fuseki /ds/data + /ds/query,
    # GraphDB /repositories/R/rdf-graphs/service + /repositories/R
    assert query_endpoint_for("http://h:7878/store") == "http://h:7878/query"
    assert query_endpoint_for("http://h:3030/ds/data") == "http://h:3030/ds/query"
    assert (
        query_endpoint_for("http://h:7200/repositories/prm/rdf-graphs/service")
        == "http://h:7200/repositories/prm"
    )
    assert query_endpoint_for("http://h/sparql") is None
    assert (
        graph_url("http://h/store", "https://e.org/g#1")
        == "http://h/store?graph=https%3A%2F%2Fe.org%2Fg%231"
    )
    assert graph_url("http://h/store", None) == "http://h/store?default"


def test_credentials_in_the_url_are_refused_and_not_printed(capsys):
    assert main(["load", "--endpoint", "http://bob:pw123@127.0.0.1:9/store"]) == 2
    err = capsys.readouterr().err
    assert "ISO20000_PRM_AUTH" in err and "pw123" not in err and "bob" not in err
    assert main(["load", "--endpoint", "http://127.0.0.1:9/sparql"]) == 2
    assert "--query-endpoint" in capsys.readouterr().err


class _Echo(http.server.BaseHTTPRequestHandler):
    """A server whose error page repeats the Authorization header it got."""

    def do_PUT(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = f"denied for {self.headers.get('Authorization')}".encode()
        self.send_response(403)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.mark.parametrize("auth", ["Bearer tok-0123456789", "carol:pw-0123456789"])
def test_an_echoed_credential_is_scrubbed_from_the_error(auth, monkeypatch, capsys):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("ISO20000_PRM_AUTH", auth)
        assert (
            main(["load", "--endpoint", f"http://127.0.0.1:{httpd.server_address[1]}/store"]) == 2
        )
        err = capsys.readouterr().err
        assert "HTTP 403" in err and "denied for" in err
        assert (
            "0123456789" not in err and base64.b64encode(b"carol:pw-0123456789").decode() not in err
        )
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.parametrize(
    "url",
    [
        "http://u:pw-0123456789@[::1/store",
        "http://u:pw-0123456789@127.0.0.1:99999/store",
        "http://u:pw-0123456789@/store",
        "ftp://127.0.0.1/store",
    ],
)
def test_malformed_endpoints_give_one_line(url, capsys):
    assert main(["load", "--endpoint", url, "--timeout", "1"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "0123456789" not in err
