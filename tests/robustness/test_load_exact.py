"""`load --input` sends the user's triples as written: no literal is normalised, so distinct
triples stay distinct, and the count check counts what the user gave.

The expectation is the file's own lines (each a distinct triple, counted by hand) and what a
real Oxigraph server answers to plain SPARQL sent with urllib (independent of the package).
"""

from __future__ import annotations

import json
import urllib.request

from iso20000_prm.cli import main

XSD = "http://www.w3.org/2001/XMLSchema#"
LINES = [
    f'<urn:a> <urn:p> "007"^^<{XSD}integer> .',
    f'<urn:a> <urn:p> "7"^^<{XSD}integer> .',
    f'<urn:a> <urn:p> "1.50"^^<{XSD}decimal> .',
    f'<urn:a> <urn:p> "1.5"^^<{XSD}decimal> .',
    f'<urn:a> <urn:p> "1"^^<{XSD}boolean> .',
    f'<urn:a> <urn:p> "true"^^<{XSD}boolean> .',
]


def _select(url: str, query: str) -> list[dict]:
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
        return json.load(response)["results"]["bindings"]


def test_load_input_keeps_lexical_forms_and_counts_the_users_triples(
    oxigraph_server, tmp_path, capsys
):
    f = tmp_path / "lits.nt"
    f.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    graph = "urn:test:exact"
    code = main(
        ["load", "--endpoint", oxigraph_server.url + "/store", "--graph", graph, "-i", str(f)]
    )
    err = capsys.readouterr().err
    assert code == 0, err
    assert f"loaded {len(LINES)} triples" in err
    # Oxigraph keeps typed literals by value: it holds 3 of the 6 and the command says why
    assert "counts 3" in err and "equal in value" in err
    rows = _select(oxigraph_server.url, f"SELECT ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    assert sorted(r["o"]["value"] for r in rows) == ["1.5", "7", "true"]


def test_load_input_sends_the_file_unchanged(tmp_path, monkeypatch):
    """What goes over the wire: the user's lines (as N-Triples), not an rdflib re-reading."""
    from iso20000_prm.store import graph_store

    sent = []
    monkeypatch.setattr(graph_store, "put_graph", lambda url, data, *a, **k: sent.append(data))
    monkeypatch.setattr(graph_store, "count_triples", lambda *a, **k: len(LINES))
    f = tmp_path / "lits.nt"
    f.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    code = main(["load", "--endpoint", "http://127.0.0.1:9/store", "-i", str(f)])
    assert code == 0
    assert sorted(sent[0].decode("utf-8").splitlines()) == sorted(LINES)
