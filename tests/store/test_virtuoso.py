"""``load`` and ``query --endpoint`` against a real Virtuoso 7 (Debian's virtuoso-opensource),
started by the tests on loopback with a throw-away database (conftest.py).

Expected counts come from pyoxigraph parsing the file that is loaded; expected rows from the
embedded engine on the same file (itself checked against the tables in tests/sparql/); counts
in the store are asked of Virtuoso directly over plain HTTP, not through the tool."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from _oxigraph import GRAPH

from iso20000_prm.cli import main
from iso20000_prm.errors import PRMError
from iso20000_prm.sparql import saved as sparql
from iso20000_prm.sparql.protocol import Endpoint
from iso20000_prm.store.http import AUTH_ENV

COPY = "urn:example:second-copy"


@pytest.fixture(scope="module")
def expected(shipped_turtle):
    return len(list(ox.parse(path=str(shipped_turtle), format=ox.RdfFormat.TURTLE)))


@pytest.fixture(autouse=True)
def _no_auth(monkeypatch):
    monkeypatch.delenv(AUTH_ENV, raising=False)


@pytest.fixture(scope="module")
def loaded(virtuoso_server, shipped_turtle):
    """The update grant given and the graph loaded into its named graph, by the tool."""
    virtuoso_server.sql('GRANT SPARQL_UPDATE TO "SPARQL";')
    endpoint = virtuoso_server.url + "/sparql-graph-crud"
    assert main(["load", "--input", str(shipped_turtle), "--endpoint", endpoint]) == 0
    return virtuoso_server


def _params(q):
    return {"keyword": "incident"} if q.name == "keyword-search" else {}


def test_without_the_grant_the_error_is_virtuosos_own_with_the_hint(
    virtuoso_server, shipped_turtle, capsys
):
    virtuoso_server.sql('REVOKE SPARQL_UPDATE FROM "SPARQL";')  # as on a fresh database
    graph = "urn:example:never-written"
    args = ["load", "--input", str(shipped_turtle), "--graph", graph]
    try:
        code = main([*args, "--endpoint", virtuoso_server.url + "/sparql-graph-crud"])
    finally:
        virtuoso_server.sql('GRANT SPARQL_UPDATE TO "SPARQL";')
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1
    assert "HTTP 403" in err and "SQ110" in err and "DOCTYPE" not in err
    assert 'GRANT SPARQL_UPDATE TO "SPARQL"' in err
    assert virtuoso_server.count(graph) == 0


def test_load_twice_leaves_one_counted_copy(loaded, shipped_turtle, expected, capsys):
    virtuoso_server = loaded
    endpoint = virtuoso_server.url + "/sparql-graph-crud"
    for _ in range(2):
        assert main(["load", "--input", str(shipped_turtle), "--endpoint", endpoint]) == 0
        err = capsys.readouterr().err
        assert f"the store counts {expected}" in err
        assert (
            f"--endpoint {virtuoso_server.url}/sparql --default-graph-uri {GRAPH}" in err
        )  # the query command to run next
        assert virtuoso_server.count(GRAPH) == expected


# Saved queries Virtuoso 7.2 cannot compile (e.g. its SQ156 optimiser fault on a FILTER over
# values aggregated in a sub-select); every other engine gives the rows. docs/stores.md names
# them. The test insists they still fail there, so a query rewritten into a form Virtuoso takes
# (or a Virtuoso that takes it) shows up here and this list can shrink. Empty since
# edition-matrix joins its threshold and confidence names instead of filtering aggregates.
VIRTUOSO_CANNOT_COMPILE: dict[str, str] = {}


def test_every_saved_query_gives_the_embedded_rows(loaded, shipped_turtle):
    virtuoso_server = loaded
    endpoint = Endpoint(virtuoso_server.url + "/sparql", default_graph_uris=[GRAPH])
    store = sparql.open_store(shipped_turtle)
    differ = {}
    for q in sparql.list_queries():
        local = sparql.run_query(q, _params(q), graph=store)
        assert local.rows, q.name  # an empty answer would compare equal too easily
        try:
            remote = sparql.run_query(q, _params(q), endpoint=endpoint)
        except PRMError as exc:  # e.g. a construct Virtuoso's compiler rejects
            differ[q.name] = str(exc)[-300:]
            continue
        if (remote.variables, remote.rows) != (local.variables, local.rows):
            differ[q.name] = "different rows"
    for name, code in VIRTUOSO_CANNOT_COMPILE.items():
        assert code in differ.pop(name, ""), (
            f"{name} now answers on Virtuoso: drop it from the list"
        )
    assert sorted(differ) == [], differ


def test_basic_credentials_at_the_digest_endpoint_get_the_hint(
    virtuoso_server, shipped_turtle, monkeypatch, capsys
):
    monkeypatch.setenv(AUTH_ENV, "dba:dba")
    endpoint = virtuoso_server.url + "/sparql-graph-crud-auth"
    assert main(["load", "--input", str(shipped_turtle), "--endpoint", endpoint]) == 2
    err = capsys.readouterr().err
    assert "HTTP 401" in err and "'Digest user:password'" in err and "dba:dba" not in err


def test_digest_load_of_a_second_copy_beside_the_first(
    loaded, shipped_turtle, expected, monkeypatch, capsys
):
    virtuoso_server = loaded
    monkeypatch.setenv(AUTH_ENV, "Digest dba:dba")
    endpoint = virtuoso_server.url + "/sparql-graph-crud-auth"
    args = ["load", "--input", str(shipped_turtle), "--graph", COPY]
    assert main([*args, "--endpoint", endpoint]) == 0
    assert f"the store counts {expected}" in capsys.readouterr().err
    assert virtuoso_server.count(COPY) == virtuoso_server.count(GRAPH) == expected
    # Virtuoso's default graph is the union of all graphs: unnamed, every count doubles ...
    monkeypatch.delenv(AUTH_ENV)
    url = virtuoso_server.url + "/sparql"
    unnamed = sparql.run_query("processes", endpoint=url).rows
    named = sparql.run_query("processes", endpoint=Endpoint(url, [GRAPH])).rows
    assert len(named) == 26
    assert unnamed != named  # (the pitfall docs/stores.md describes)
    # ... and with the graph named, the answers are the embedded engine's
    store = sparql.open_store(shipped_turtle)
    for name in ("processes", "process-coverage", "edition-correspondences"):
        assert (
            sparql.run_query(name, endpoint=Endpoint(url, [COPY])).rows
            == sparql.run_query(name, graph=store).rows
        ), name
