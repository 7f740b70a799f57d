"""The one HTTP client (store/http.py) against small hostile servers on 127.0.0.1: redirects never
carry credentials to another host, every form of a secret is scrubbed from what is printed,
``--timeout`` is a deadline for the whole answer, answers are capped in size, a server's HTML
error page is reduced to its text, the SPARQL Protocol is spoken form-encoded with the dataset
parameters. Each server records what it received, so the tests check what was sent, not only
what was printed."""

from __future__ import annotations

import base64
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from iso20000_prm.cli import main
from iso20000_prm.errors import PRMError
from iso20000_prm.sparql import protocol
from iso20000_prm.store import http

SECRET = "Tr0ub4dor&3-x"
RESULTS = (
    b'{"head":{"vars":["n"]},"results":{"bindings":[{"n":{"type":"literal","value":"7",'
    b'"datatype":"http://www.w3.org/2001/XMLSchema#integer"}}]}}'
)
VIRTUOSO_403 = (
    b'<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">\n<html><head>'
    b"<title>Error 403</title></head><body><h3>Error SQ110</h3><pre>SQ110: SECURITY: "
    b"Permission denied for user SPARQL\n\nSPARQL query:\nLOAD ...</pre></body></html>"
)

HOSTILE_JSON = {
    "nested": b"[" * 100_000 + b"]" * 100_000,
    "vars": b'{"head":{"vars":[1,{"a":2}]},"results":{"bindings":[]}}',
    "surrogate": b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal",'
    b'"value":"a\\ud800b"}}]}}',
}


class Recorder:
    def __init__(self):
        self.seen: list[dict] = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                recorder.seen.append(
                    {
                        "method": self.command,
                        "path": self.path,
                        "headers": dict(self.headers),
                        "body": body,
                    }
                )
                recorder.route(self, body)

            do_GET = do_POST = do_PUT = _handle

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def route(self, h, body):
        path = h.path.split("?")[0]
        if path == "/elsewhere":  # another host's redirect target
            return send(h, 200, RESULTS, "application/sparql-results+json")
        if path.startswith("/to/"):
            code = int(path.split("/")[2])
            target = urllib.parse.unquote(h.path.split("?", 1)[1])
            h.send_response(code)
            h.send_header("Location", target)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return None
        if path == "/sparql":
            return send(h, 200, RESULTS, "application/sparql-results+json")
        if path == "/echo-reason":  # echoes the Authorization header in the reason phrase
            auth = h.headers.get("Authorization", "")
            h.send_response(401, f"Denied for {auth}")
            h.send_header("Content-Length", "0")
            h.end_headers()
            return None
        if path == "/echo-body":  # echoes the credential in several encodings
            auth = h.headers.get("Authorization", "")
            token = auth.split(" ", 1)[-1]
            try:
                decoded = base64.b64decode(token).decode()
            except Exception:
                decoded = token
            text = f"bad credentials {auth} / {decoded} / {urllib.parse.quote(decoded, safe='')}"
            return send(h, 403, text.encode(), "text/plain")
        if path == "/virtuoso-403":
            return send(h, 403, VIRTUOSO_403, "text/html; charset=UTF-8")
        if path == "/digest":
            h.send_response(401)
            h.send_header("WWW-Authenticate", 'Digest realm="virtuoso", nonce="abc", qop="auth"')
            h.send_header("Content-Length", "0")
            h.end_headers()
            return None
        if path == "/drip":  # one byte every 0.1 s, for a minute
            h.send_response(200)
            h.send_header("Content-Type", "application/sparql-results+json")
            h.send_header("Content-Length", "600")
            h.end_headers()
            try:
                for _ in range(600):
                    h.wfile.write(b" ")
                    h.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass
            return None
        if path == "/endless":
            h.send_response(200)
            h.send_header("Content-Type", "application/sparql-results+json")
            h.end_headers()  # no length: the body ends when the connection closes, i.e. never
            h.close_connection = True
            try:
                for _ in range(100_000):
                    h.wfile.write(b" " * 65536)
            except OSError:
                pass
            return None
        if path.startswith("/json/"):
            return send(h, 200, HOSTILE_JSON[path.split("/")[2]], "application/sparql-results+json")
        return send(h, 404, b"no such path", "text/plain")

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def send(h, code, body, ctype):
    h.send_response(code)
    h.send_header("Content-Type", ctype)
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)


@pytest.fixture(scope="module")
def servers():
    """Two servers: 'a' is the endpoint the user names, 'b' another host (another port)."""
    a, b = Recorder(), Recorder()
    yield a, b
    a.close()
    b.close()


@pytest.fixture(autouse=True)
def _no_auth(monkeypatch):
    monkeypatch.delenv(http.AUTH_ENV, raising=False)


def redirect(a, code, target):
    return f"{a.url}/to/{code}?{urllib.parse.quote(target, safe='')}"


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
def test_a_redirect_to_another_host_is_refused_and_no_credential_leaves(
    servers, code, monkeypatch, capsys
):
    a, b = servers
    monkeypatch.setenv(http.AUTH_ENV, f"alice:{SECRET}")
    before = len(b.seen)
    url = redirect(a, code, b.url + "/elsewhere")
    assert main(["query", "processes", "--endpoint", url]) == 2
    err = capsys.readouterr().err
    assert f"HTTP {code} redirect" in err and "another host" in err and "not followed" in err
    assert len(err.strip().splitlines()) == 1 and SECRET not in err
    assert len(b.seen) == before  # the other host was never contacted


def test_a_redirect_that_turns_post_into_get_is_an_error(servers, capsys):
    a, _ = servers
    url = redirect(a, 303, a.url + "/sparql")
    assert main(["query", "processes", "--endpoint", url]) == 2
    err = capsys.readouterr().err
    assert "would turn the POST into a GET" in err and "not followed" in err


def test_a_same_origin_redirect_that_keeps_the_method_is_followed(servers, monkeypatch):
    a, _ = servers
    monkeypatch.setenv(http.AUTH_ENV, f"alice:{SECRET}")
    a.seen.clear()
    variables, rows = protocol.query(redirect(a, 307, a.url + "/sparql"), "ASK {}", 5)
    assert (variables, rows) == (["n"], [[7]])
    assert [s["method"] for s in a.seen] == ["POST", "POST"]
    assert a.seen[-1]["path"] == "/sparql" and b"query=ASK" in a.seen[-1]["body"]


def test_queries_are_form_encoded_with_the_dataset(servers):
    a, _ = servers
    a.seen.clear()
    endpoint = protocol.Endpoint(
        a.url + "/sparql", default_graph_uris=["urn:g1", "urn:g2"], named_graph_uris=["urn:n"]
    )
    protocol.query(endpoint, "SELECT * WHERE { ?s ?p ?o }", 5)
    seen = a.seen[-1]
    assert seen["method"] == "POST"
    assert seen["headers"]["Content-Type"].startswith("application/x-www-form-urlencoded")
    form = urllib.parse.parse_qs(seen["body"].decode("ascii"))
    assert form == {
        "query": ["SELECT * WHERE { ?s ?p ?o }"],
        "default-graph-uri": ["urn:g1", "urn:g2"],
        "named-graph-uri": ["urn:n"],
    }


def test_query_command_passes_the_dataset_options(servers, capsys):
    a, _ = servers
    a.seen.clear()
    code = main(
        ["query", "processes", "--endpoint", a.url + "/sparql"]
        + ["--default-graph-uri", "urn:g", "--named-graph-uri", "urn:n"]
    )
    assert code == 0
    form = urllib.parse.parse_qs(a.seen[-1]["body"].decode("ascii"))
    assert form["default-graph-uri"] == ["urn:g"] and form["named-graph-uri"] == ["urn:n"]
    assert main(["query", "processes", "--default-graph-uri", "urn:g"]) == 2
    assert "go with --endpoint" in capsys.readouterr().err


@pytest.mark.parametrize(
    "auth",
    [f"alice:{SECRET}", "Bearer " + SECRET, "alice:pw", "Bearer x9"],
    ids=["basic", "bearer", "short-password", "short-token"],
)
@pytest.mark.parametrize("path", ["/echo-reason", "/echo-body"])
def test_every_echoed_form_of_the_secret_is_scrubbed(servers, monkeypatch, capsys, auth, path):
    a, _ = servers
    monkeypatch.setenv(http.AUTH_ENV, auth)
    assert main(["query", "processes", "--endpoint", a.url + path]) == 2
    err = capsys.readouterr().err
    secret = auth.split(":", 1)[1] if ":" in auth else auth.split(" ", 1)[1]
    encoded = base64.b64encode(auth.encode()).decode()
    for form in {secret, urllib.parse.quote(secret, safe=""), auth, encoded}:
        assert form not in err, form
    assert "***" in err and len(err.strip().splitlines()) == 1


def test_timeout_is_a_deadline_for_the_whole_answer(servers):
    """The server sends a byte every 0.1 s for a minute: each read is quick, the answer is not."""
    a, _ = servers
    with pytest.raises(PRMError, match=r"/drip: the answer did not end within 1 s \(timeout\)"):
        protocol.query(a.url + "/drip", "ASK {}", 1)


def test_an_endless_answer_is_capped(servers):
    a, _ = servers
    with pytest.raises(PRMError, match=r"/endless: the answer is more than the cap of 1000000"):
        http.request(a.url + "/endless", "GET", None, {}, 30, "reading", max_bytes=1_000_000)


def test_an_html_error_page_is_its_text_with_the_virtuoso_grant_hint(servers, capsys):
    a, _ = servers
    assert main(["query", "processes", "--endpoint", a.url + "/virtuoso-403"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "DOCTYPE" not in err and "<" not in err.split("HTTP 403", 1)[1]
    assert "SQ110: SECURITY: Permission denied for user SPARQL" in err
    assert 'GRANT SPARQL_UPDATE TO "SPARQL"' in err


def test_a_digest_challenge_names_the_setting(servers, monkeypatch, capsys):
    a, _ = servers
    monkeypatch.setenv(http.AUTH_ENV, f"alice:{SECRET}")
    assert main(["query", "processes", "--endpoint", a.url + "/digest"]) == 2
    err = capsys.readouterr().err
    assert "HTTP 401" in err and "'Digest user:password'" in err and SECRET not in err


def test_digest_credentials_answer_the_challenge_not_basic(servers, monkeypatch):
    a, _ = servers
    monkeypatch.setenv(http.AUTH_ENV, f"Digest alice:{SECRET}")
    a.seen.clear()
    with pytest.raises(PRMError, match="HTTP 401"):
        protocol.query(a.url + "/digest", "ASK {}", 5)
    sent = [s["headers"].get("Authorization", "") for s in a.seen]
    assert sent[0] == ""  # nothing sent before the challenge: no Basic password in clear
    assert sent[1].startswith('Digest username="alice"') and SECRET not in sent[1]


@pytest.mark.parametrize("value", ["inf", "nan", "1e300"])
def test_absurd_timeouts_are_one_line(value, capsys):
    code = main(
        ["query", "processes", "--endpoint", "http://127.0.0.1:9/sparql", "--timeout", value]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.mark.parametrize("kind", sorted(HOSTILE_JSON))
def test_hostile_results_json_is_one_line(servers, capsys, kind):
    a, _ = servers
    assert main(["query", "processes", "--endpoint", f"{a.url}/json/{kind}"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert f"/json/{kind}" in err


def test_query_all_at_a_named_graph_gives_the_embedded_answers(
    oxigraph_server, shipped_turtle, tmp_path
):
    """``query --all --endpoint URL --default-graph-uri IRI`` on a real Oxigraph server where
    the graph sits only in the named graph IRI: every answer is the embedded engine's."""
    import json

    from iso20000_prm.sparql import saved as sparql

    url = f"http://127.0.0.1:{oxigraph_server.port}"
    graph = "urn:example:prm"
    load = ["load", "--input", str(shipped_turtle), "--graph", graph]
    assert main([*load, "--endpoint", url + "/store"]) == 0
    args = ["query", "--all", "--output-dir", str(tmp_path), "--param", "keyword=incident"]
    args += ["--format", "json", "--endpoint", url + "/query", "--default-graph-uri", graph]
    assert main(args) == 0
    store = sparql.open_store(shipped_turtle)
    for q in sparql.list_queries():
        params = {"keyword": "incident"} if q.name == "keyword-search" else {}
        local = sparql.run_query(q, params, graph=store)
        doc = json.loads((tmp_path / f"{q.name}.json").read_text(encoding="utf-8"))
        assert len(doc["results"]["bindings"]) == len(local.rows) > 0, q.name
