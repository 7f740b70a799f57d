"""Fixtures every test package shares: the shipped tables and graph, and a running Oxigraph server.

The graph fixtures are built once per session; tests must not change them (copy first).
"""

from __future__ import annotations

import pytest
from _oxigraph import OxigraphServer


@pytest.fixture(scope="session")
def shipped_tables():
    """The shipped source tables, loaded and cross-checked."""
    from iso20000_prm.tables.read import load_tables

    return load_tables()


@pytest.fixture(scope="session")
def shipped_graph(shipped_tables):
    """The graph built from the shipped tables (vocabulary, data, mapping sets). Read only."""
    from iso20000_prm.graph.build import build_graph

    return build_graph(shipped_tables)


@pytest.fixture(scope="session")
def shipped_turtle(tmp_path_factory, shipped_graph):
    """The shipped graph written as Turtle by the release writer; the file path."""
    from iso20000_prm.files import write_atomic
    from iso20000_prm.graph.formats import serialize

    return write_atomic(
        tmp_path_factory.mktemp("shipped") / "iso20000-prm.ttl", serialize(shipped_graph)
    )


@pytest.fixture(scope="session")
def shipped_rdflib_store(shipped_turtle):
    """``shipped_turtle`` in rdflib's engine (the slow one), shared by the modules that compare
    it with Oxigraph; each distinct query text is evaluated once (``_answer_memo``). Read only."""
    from _answer_memo import remember_answers

    from iso20000_prm.sparql import saved as sparql

    return remember_answers(sparql.open_store(shipped_turtle, engine="rdflib"))


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    """A real Oxigraph server on a free loopback port with a throw-away store, stopped afterwards."""
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph"))
    server.start()
    try:
        yield server
    finally:
        server.stop()
