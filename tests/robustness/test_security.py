"""Security: parameters never change a query's structure, messages never show credentials,
outputs land only under the folder the user named.

Expectations are independent of the code under test: a parameter is checked against
pyoxigraph's own binding (``substitutions``), credentials by searching every byte the command
printed for the secret, paths by listing the file system.
"""

from __future__ import annotations

import base64
import contextlib
import http.server
import io
import os
import re
import threading
import time

import pytest
from _oxigraph import free_port  # free now, so nothing listens there
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iso20000_prm.cli import main

SECRET, ENV_SECRET = "s3cr3t-in-url", "s3cr3t-in-env"


def _run(argv, env_auth: str | None = None) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    old = os.environ.get("ISO20000_PRM_AUTH")
    if env_auth is not None:
        os.environ["ISO20000_PRM_AUTH"] = env_auth
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
            code = main(argv)
    finally:
        if old is None:
            os.environ.pop("ISO20000_PRM_AUTH", None)
        else:
            os.environ["ISO20000_PRM_AUTH"] = old
    return code, out.getvalue() + err.getvalue()


# ---------------------------------------------------------------- parameters never change structure

LOOKUP = "SELECT ?item WHERE { ?item <urn:p:value> ?_value } ORDER BY ?item"
_values = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40) | st.sampled_from(
    [
        '"} DROP ALL ; INSERT DATA { <a> <b> <c> } #',
        "} UNION { ?item ?p ?o",
        "\\u0022 } #",
        "'''",
        '"""',
        "?item",
        "<urn:item:0>",
        "\\",
        "\n}",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=_values)
def test_bound_parameter_matches_exactly_what_pyoxigraph_substitution_matches(value):
    """The bound query finds exactly the items pyoxigraph's own term substitution finds."""
    import pyoxigraph as ox

    from iso20000_prm.sparql.params import bind

    store = ox.Store()
    for i, v in enumerate([value, value + "x", "x" + value, "plain", "} UNION { ?item ?p ?o"]):
        store.add(
            ox.Quad(ox.NamedNode(f"urn:item:{i}"), ox.NamedNode("urn:p:value"), ox.Literal(v))
        )
    from iso20000_prm.sparql.params import ParameterError

    try:
        text = bind(LOOKUP, {"value": value})
    except ParameterError:
        # the one documented refusal: SPARQL expands \uXXXX escapes before parsing
        assert re.search(r"\\[uU]", value), value
        return
    got = [str(s["item"]) for s in store.query(text)]
    base = "SELECT ?item ?v WHERE { ?item <urn:p:value> ?v } ORDER BY ?item"
    expected = [
        str(s["item"])
        for s in store.query(base, substitutions={ox.Variable("v"): ox.Literal(value)})
    ]
    assert got == expected and got, (value, text)
    assert len(store) == 5


# ---------------------------------------------------------------- credentials never shown


class _Fake(http.server.BaseHTTPRequestHandler):
    """Answers as told by the server's ``mode``; echoes the Authorization header back in errors,
    as some misconfigured servers do."""

    def log_message(self, *args):
        pass

    def _answer(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        mode = self.server.mode
        if mode == "slow":
            time.sleep(2)
        if mode == "ok" or mode == "slow":
            body, status, ctype = (
                b'{"head":{"vars":["n"]},"results":{"bindings":[{"n":{"type":"literal","value":"7"}}]}}',
                200,
                "application/sparql-results+json",
            )
            if self.command == "PUT":
                body, status, ctype = b"", 204, "text/plain"
        else:
            body, status, ctype = (
                f"denied for {self.headers.get('Authorization')} at {self.path}".encode(),
                500,
                "text/plain",
            )
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass

    do_GET = do_POST = do_PUT = _answer


@pytest.fixture
def fake():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Fake)
    httpd.daemon_threads = True
    httpd.mode = "error"
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def _commands(port: int, user_in_url: bool):
    auth = f"user:{SECRET}@" if user_in_url else ""
    base = f"http://{auth}127.0.0.1:{port}"
    return {
        "load": ["load", "--endpoint", f"{base}/store", "--timeout", "1"],
        "load-query-endpoint": [
            "load",
            "--endpoint",
            f"http://127.0.0.1:{port}/store",
            "--query-endpoint",
            f"{base}/query",
            "--timeout",
            "1",
        ],
        "query": ["query", "processes", "--endpoint", f"{base}/query", "--timeout", "1"],
    }


def _secret_free(text: str) -> bool:
    encoded = base64.b64encode(f"bob:{ENV_SECRET}".encode()).decode()
    return SECRET not in text and ENV_SECRET not in text and encoded not in text


@pytest.mark.parametrize("mode", ["refused", "error", "slow"])
@pytest.mark.parametrize("user_in_url", [True, False])
def test_no_credentials_in_any_message(fake, mode, user_in_url):
    port = free_port() if mode == "refused" else fake.server_address[1]
    fake.mode = mode
    for name, argv in _commands(port, user_in_url).items():
        code, printed = _run(argv, env_auth=f"bob:{ENV_SECRET}")
        assert code != 0 or mode == "ok", (name, printed)
        assert "Traceback" not in printed, (name, printed)
        assert _secret_free(printed), f"{name} ({mode}) printed a credential: {printed}"


def test_bearer_token_echoed_by_the_server_is_not_printed(fake):
    fake.mode = "error"
    for name, argv in _commands(fake.server_address[1], False).items():
        code, printed = _run(argv, env_auth=f"Bearer {ENV_SECRET}")
        assert code != 0, printed
        assert ENV_SECRET not in printed, f"{name} printed the token: {printed}"


def test_graph_name_with_credentials_is_not_printed(fake):
    fake.mode = "ok"
    iri = f"http://user:{SECRET}@example.org/graph"
    code, printed = _run(
        [
            "load",
            "--endpoint",
            f"http://127.0.0.1:{fake.server_address[1]}/store",
            "--graph",
            iri,
            "--timeout",
            "5",
        ]
    )
    assert "Traceback" not in printed
    assert SECRET not in printed, printed


@pytest.mark.parametrize(
    "url",
    [
        "http://user:{s}@[::1/store",
        "http://user:{s}@127.0.0.1:99999/store",
        "http://user:{s}@/store",
        "http://user:{s}@127.0.0.1:port/store",
    ],
)
@pytest.mark.parametrize("command", ["load", "query"])
def test_malformed_endpoint_is_one_line_without_credentials(url, command):
    url = url.format(s=SECRET)
    argv = (
        ["load", "--endpoint", url]
        if command == "load"
        else ["query", "processes", "--endpoint", url.replace("/store", "/query")]
    )
    code, printed = _run(argv + ["--timeout", "1"])
    assert code == 2 and len(printed.strip().splitlines()) == 1, printed
    assert SECRET not in printed, printed


# ---------------------------------------------------------------- outputs only under the folder named


def _tree(root) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def test_export_writes_only_the_six_tables_whatever_the_text(tmp_path):
    """Table texts that look like paths steer nothing: only DIR/<six names> appear."""
    import csv
    import shutil

    from iso20000_prm.files import tables_dir
    from iso20000_prm.graph.build import build_graph
    from iso20000_prm.graph.formats import serialize
    from iso20000_prm.tables.read import COLUMNS

    src = tmp_path / "in"
    shutil.copytree(tables_dir(), src, ignore=shutil.ignore_patterns("*.md"))
    rows = list(csv.reader((src / "sections.csv").open(encoding="utf-8", newline="")))
    for row, name in zip(
        (r for r in rows[1:] if r[2] == "figure"), ("../../escaped.csv", "/tmp/absolute.csv")
    ):
        row[0] = name
    rows[-1][5] = "..\\..\\windows.csv"
    with (src / "sections.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    graph_file = tmp_path / "g.ttl"
    graph_file.write_bytes(serialize(build_graph(src)))
    before = _tree(tmp_path)
    assert main(["export-tables", str(graph_file), str(tmp_path / "deep" / "out")]) == 0
    added = _tree(tmp_path) - before
    assert added == {"deep", "deep/out"} | {f"deep/out/{n}" for n in COLUMNS}
    assert (
        not os.path.exists("/tmp/absolute.csv")
        or os.path.getmtime("/tmp/absolute.csv") < time.time() - 60
    )
    assert (tmp_path / "deep" / "out" / "sections.csv").read_bytes() == (
        src / "sections.csv"
    ).read_bytes()


def test_export_replaces_a_symlink_instead_of_writing_through_it(tmp_path):
    from iso20000_prm.graph.build import build_graph
    from iso20000_prm.graph.formats import serialize

    outside = tmp_path / "outside.txt"
    outside.write_text("precious")
    out = tmp_path / "out"
    out.mkdir()
    (out / "outcomes.csv").symlink_to(outside)
    graph_file = tmp_path / "g.ttl"
    graph_file.write_bytes(serialize(build_graph()))
    assert main(["export-tables", str(graph_file), str(out)]) == 0
    assert outside.read_text() == "precious"
    assert not (out / "outcomes.csv").is_symlink()
