"""``query --endpoint``: answers keep their RDF terms, so the W3C results formats and the RDF
formats written from a real Oxigraph server's answer are those written from a local pyoxigraph
run on the same graph. Checked by parsing both with rdflib's own readers (results parsers,
RDF parsers, graph isomorphism) and by comparing bytes where no blank node label is involved."""

from __future__ import annotations

import io
import json
import urllib.parse
import urllib.request

import pytest
from _cold_path import run_cli_cold
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.compare import isomorphic
from rdflib.query import Result

from iso20000_prm.cli import main
from iso20000_prm.sparql import protocol
from iso20000_prm.sparql import saved as sparql
from iso20000_prm.sparql.results import render_result

GRAPH = "https://example.org/graph/terms"
# A throw-away graph with every kind of term: IRIs, plain, language-tagged and typed literals,
# numbers, booleans and blank nodes (written by hand, not by the package)
EXTRA = """
@prefix ex: <https://example.org/t#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:label "plain" , "tagged"@en-GB , "2010-05-01"^^xsd:date , "7"^^xsd:integer ,
       "2.5"^^xsd:decimal , "1.0E3"^^xsd:double , true , "https://example.org/not-an-iri" ;
     ex:link ex:b ;
     ex:node [ ex:label "inside a blank node" ] .
"""
SAMPLES = {"keyword": "incident", "process": "5.6", "clause": "6.4"}


def _post(url: str, data: bytes, ctype: str) -> None:
    req = urllib.request.Request(url, data=data, method="POST", headers={"Content-Type": ctype})
    with urllib.request.urlopen(req, timeout=60) as r:
        assert r.status in (200, 201, 204)


@pytest.fixture(scope="module")
def graphs(oxigraph_server, shipped_turtle, tmp_path_factory):
    """The shipped graph plus EXTRA, in a local file and in the server's named graph GRAPH
    (loaded with the Graph Store Protocol by plain urllib, not by the package)."""
    data = shipped_turtle.read_bytes() + EXTRA.encode("utf-8")
    path = tmp_path_factory.mktemp("terms") / "g.ttl"
    path.write_bytes(data)
    url = oxigraph_server.url
    _post(f"{url}/store?graph={urllib.parse.quote(GRAPH, safe='')}", data, "text/turtle")
    assert oxigraph_server.count(GRAPH) == len(Graph().parse(data=data, format="turtle"))
    return path, protocol.Endpoint(url + "/query", default_graph_uris=[GRAPH])


@pytest.fixture(scope="module")
def local(graphs):
    return sparql.open_store(graphs[0])


def _params(q):
    return {n: SAMPLES[n] for n in q.required if n not in q.defaults}


def _parsed(data: str, fmt: str) -> Result:
    return Result.parse(io.BytesIO(data.encode("utf-8")), format=fmt)


def _bindings(result: Result):
    """A result's rows with blank nodes as one marker (their labels are each store's own)."""
    return [
        {str(k): ("BNODE" if isinstance(v, BNode) else v) for k, v in row.items()}
        for row in result.bindings
    ]


def test_every_saved_query_writes_the_same_w3c_results_from_the_server(graphs, local):
    _, endpoint = graphs
    answered = 0
    for q in sparql.list_queries():
        here = sparql.run_query(q, _params(q), graph=local)
        there = sparql.run_query(q, _params(q), endpoint=endpoint)
        answered += bool(here.rows)
        for fmt in ("json", "xml", "csv", "tsv"):
            mine, theirs = render_result(here, fmt), render_result(there, fmt)
            # rdflib reads the same bytes to the same bindings: the server's side is parsed
            # again only where its bytes differ (rdflib's TSV reader takes seconds a side)
            a = _parsed(mine, fmt)
            b = a if theirs == mine else _parsed(theirs, fmt)
            assert [str(v) for v in a.vars] == [str(v) for v in b.vars] == here.variables
            assert a.bindings == b.bindings, (q.name, fmt)
            assert mine == theirs, (q.name, fmt)  # no blank nodes in the saved queries' answers
    assert answered > 10  # empty answers would compare equal trivially


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_iris_literals_and_blank_nodes_stay_apart(graphs, local, fmt):
    """IRI, text that looks like an IRI, language tags, datatypes, a blank node: each kept."""
    _, endpoint = graphs
    text = (
        "PREFIX ex: <https://example.org/t#> SELECT ?p ?o WHERE { ex:a ?p ?o } ORDER BY ?p STR(?o)"
    )
    here = sparql.run_query(text, graph=local)
    there = sparql.run_query(text, endpoint=endpoint)
    a, b = _parsed(render_result(here, fmt), fmt), _parsed(render_result(there, fmt), fmt)
    assert _bindings(a) == _bindings(b)
    objects = [row["o"] for row in _bindings(b)]  # _bindings keys by name
    assert len(objects) == 10  # counted by hand in EXTRA: 8 labels, a link, a node
    if fmt == "csv":  # CSV is plain strings by definition (W3C CSV/TSV, section 3)
        assert {str(o) for o in objects} >= {"https://example.org/t#b", "tagged", "7"}
        return
    assert URIRef("https://example.org/t#b") in objects
    assert Literal("https://example.org/not-an-iri") in objects
    assert URIRef("https://example.org/not-an-iri") not in objects
    assert Literal("tagged", lang="en-GB") in objects
    assert (
        Literal("2010-05-01", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date")) in objects
    )
    assert Literal(7) in objects and Literal(True) in objects
    assert "BNODE" in objects
    assert any(isinstance(r[Variable("o")], BNode) for r in b.bindings)


def test_ask_from_the_server(graphs, local):
    _, endpoint = graphs
    for text, expected in [
        ('ASK { ?s ?p "tagged"@en-GB }', True),
        ('ASK { ?s ?p "tagged" }', False),  # the language tag is part of the term
    ]:
        there = sparql.run_query(text, endpoint=endpoint)
        assert there.form == "ASK" and there.rows == [{"result": expected}]
        for fmt in ("json", "xml"):
            assert render_result(there, fmt) == render_result(
                sparql.run_query(text, graph=local), fmt
            )
            assert _parsed(render_result(there, fmt), fmt).askAnswer is expected


CONSTRUCT = (
    "PREFIX ex: <https://example.org/t#> CONSTRUCT { ?s ?p ?o } WHERE { "
    "{ ex:a ?p ?o BIND(ex:a AS ?s) } UNION { ex:a ex:node ?s . ?s ?p ?o } }"
)
DESCRIBE = "DESCRIBE <https://w3id.org/iso20000-prm/id/process/change-management>"


@pytest.mark.parametrize("text", [CONSTRUCT, DESCRIBE], ids=["construct", "describe"])
@pytest.mark.parametrize(
    "fmt, rdf", [("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld")]
)
def test_construct_and_describe_from_the_server_are_rdf(graphs, local, text, fmt, rdf):
    _, endpoint = graphs
    here = sparql.run_query(text, graph=local)
    there = sparql.run_query(text, endpoint=endpoint)
    assert there.form == "CONSTRUCT"
    mine = Graph().parse(data=render_result(here, fmt), format=rdf)
    theirs = Graph().parse(data=render_result(there, fmt), format=rdf)
    assert len(theirs) > 3 and isomorphic(mine, theirs)
    # blank nodes named by RDF canonicalization: the same bytes from either store
    assert render_result(there, fmt) == render_result(here, fmt)
    # and the server's answer is the graph's own triples (read independently of the package)
    source = Graph().parse(graphs[0], format="turtle")
    if text == DESCRIBE:
        iri = URIRef("https://w3id.org/iso20000-prm/id/process/change-management")
        assert set(theirs) >= set(source.triples((iri, None, None)))
    else:
        assert len(theirs) == 11  # EXTRA: 10 objects of ex:a and one inside the blank node


def test_the_construct_request_asks_for_rdf(graphs, monkeypatch):
    seen = {}
    real = protocol.request

    def spy(url, method, data, headers, timeout, what, **kw):
        seen.update(headers)
        return real(url, method, data, headers, timeout, what, **kw)

    monkeypatch.setattr(protocol, "request", spy)
    sparql.run_query(CONSTRUCT, endpoint=graphs[1])
    assert seen["Accept"].startswith("application/n-triples")
    sparql.run_query("SELECT * WHERE { ?s ?p ?o } LIMIT 1", endpoint=graphs[1])
    assert seen["Accept"] == "application/sparql-results+json"


def test_results_xml_from_a_server_is_read_too(oxigraph_server, graphs, local):
    """A server that answers the XML results format (asked directly, not by the package)."""
    text = "PREFIX ex: <https://example.org/t#> SELECT ?p ?o WHERE { ex:a ?p ?o }"
    form = urllib.parse.urlencode({"query": text, "default-graph-uri": GRAPH}).encode()
    req = urllib.request.Request(
        oxigraph_server.url + "/query",
        data=form,
        headers={
            "Accept": "application/sparql-results+xml",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    with urllib.request.urlopen(req, timeout=30) as r:
        body, ctype = r.read(), r.headers["Content-Type"]
    assert "xml" in ctype
    answer = protocol.parse_answer(body, "test", ctype)
    expected = sparql.run_query(text, graph=local).terms
    assert len(answer.rows) == 10
    key = lambda t: [("bnode",) if x[0] == "bnode" else x for x in t]  # noqa: E731
    assert sorted(map(key, answer.rows)) == sorted(map(key, expected))


def test_query_command_writes_the_same_bytes_from_the_server(graphs, capsys):
    path, _ = graphs
    local = ["-g", str(path)]
    remote = ["--endpoint", str(graphs[1]), "--default-graph-uri", GRAPH]
    adhoc = "SELECT ?p ?o WHERE { <https://example.org/t#a> ?p ?o FILTER(!isBlank(?o)) } ORDER BY ?p STR(?o)"
    for argv in (["process-outcomes", "-p", "process=5.6"], [adhoc]):
        for fmt in ("json", "xml", "csv", "tsv"):
            mine = _out(capsys, ["query", *argv, "-f", fmt, *local])
            assert _out(capsys, ["query", *argv, "-f", fmt, *remote]) == mine, (argv, fmt)
    doc = json.loads(_out(capsys, ["query", adhoc, "-f", "json", *remote]))
    kinds = {
        (b["type"], b.get("datatype"), b.get("xml:lang"))
        for row in doc["results"]["bindings"]
        for b in row.values()
    }
    assert ("uri", None, None) in kinds and (
        "literal",
        None,
        "en-gb",
    ) in kinds  # Oxigraph lower-cases tags
    assert ("literal", "http://www.w3.org/2001/XMLSchema#date", None) in kinds


def _out(capsys, argv) -> str:
    assert main(argv) == 0
    return capsys.readouterr().out


def test_endpoint_answers_do_not_import_rdflib(graphs, tmp_path):
    """W3C results and RDF from a server: JSON read with the standard library, RDF with
    pyoxigraph, so the query command's cold path stays free of rdflib."""
    _, endpoint = graphs
    for fmt, query in [("json", "processes"), ("turtle", CONSTRUCT)]:
        argv = ["query", query, "-f", fmt, "--endpoint", str(endpoint)]
        rc, heavy, printed = run_cli_cold([*argv, "--default-graph-uri", GRAPH], tmp_path)
        assert (rc, heavy) == (0, []) and printed
