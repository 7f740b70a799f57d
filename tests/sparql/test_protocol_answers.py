"""Reading a server's answer (no server here: answers written by hand from the W3C
specifications' examples): every term keeps its kind, datatype and language; what is not a
SPARQL result or not RDF is one EndpointError naming the endpoint."""

from __future__ import annotations

import pytest

from iso20000_prm.sparql.protocol import parse_answer, parse_results, query_form
from iso20000_prm.store.http import EndpointError

XSD = "http://www.w3.org/2001/XMLSchema#"
LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
EXPECTED = [
    [
        ("iri", "http://example.org/a", None, None),
        ("bnode", "r1", None, None),
        ("literal", "chat", LANGSTRING, "fr"),
        ("literal", "42", XSD + "integer", None),
        ("literal", "http://example.org/not-an-iri", XSD + "string", None),
    ],
    [None, None, None, None, ("literal", "plain", XSD + "string", None)],
]
JSON = b"""{"head": {"vars": ["x", "b", "l", "n", "s"]}, "results": {"bindings": [
 {"x": {"type": "uri", "value": "http://example.org/a"}, "b": {"type": "bnode", "value": "r1"},
  "l": {"type": "literal", "value": "chat", "xml:lang": "fr"},
  "n": {"type": "literal", "value": "42", "datatype": "http://www.w3.org/2001/XMLSchema#integer"},
  "s": {"type": "literal", "value": "http://example.org/not-an-iri"}},
 {"s": {"type": "literal", "value": "plain"}}]}}"""
XML = b"""<?xml version="1.0"?>
<sparql xmlns="http://www.w3.org/2005/sparql-results#">
  <head><variable name="x"/><variable name="b"/><variable name="l"/><variable name="n"/>
    <variable name="s"/></head>
  <results>
    <result><binding name="x"><uri>http://example.org/a</uri></binding>
      <binding name="b"><bnode>r1</bnode></binding>
      <binding name="l"><literal xml:lang="fr">chat</literal></binding>
      <binding name="n"><literal datatype="http://www.w3.org/2001/XMLSchema#integer">42</literal></binding>
      <binding name="s"><literal>http://example.org/not-an-iri</literal></binding></result>
    <result><binding name="s"><literal>plain</literal></binding></result>
  </results>
</sparql>"""


@pytest.mark.parametrize(
    "body, ctype",
    [(JSON, "application/sparql-results+json"), (XML, "application/sparql-results+xml")],
)
def test_results_keep_their_terms(body, ctype):
    answer = parse_answer(body, "ep", ctype)
    assert (answer.form, answer.variables) == ("SELECT", ["x", "b", "l", "n", "s"])
    assert answer.rows == EXPECTED
    variables, rows = parse_results(body, "ep", ctype)  # the plain values, as before
    assert rows[0] == ["http://example.org/a", "_:r1", "chat", 42, "http://example.org/not-an-iri"]


@pytest.mark.parametrize(
    "body, ctype",
    [
        (b'{"head": {}, "boolean": true}', "application/sparql-results+json"),
        (
            b'<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
            b"<boolean>true</boolean></sparql>",
            "application/sparql-results+xml",
        ),
    ],
)
def test_ask(body, ctype):
    answer = parse_answer(body, "ep", ctype)
    assert answer.form == "ASK" and answer.plain() == (["result"], [[True]])


def test_construct_answers_in_rdf_syntaxes():
    nt = b'<http://e.org/s> <http://e.org/p> "v"@en .\n_:b <http://e.org/p> <http://e.org/s> .\n'
    ttl = b'@prefix e: <http://e.org/> .\ne:s e:p "v"@en .\n[] e:p e:s .\n'
    for body, ctype in [(nt, "application/n-triples"), (nt, "text/plain"), (ttl, "text/turtle")]:
        answer = parse_answer(body, "ep", ctype, graph=True)
        assert answer.form == "CONSTRUCT" and answer.variables == ["subject", "predicate", "object"]
        assert len(answer.rows) == 2
        assert [
            ("iri", "http://e.org/s", None, None),
            ("iri", "http://e.org/p", None, None),
            ("literal", "v", LANGSTRING, "en"),
        ] in answer.rows
        assert any(row[0][0] == "bnode" for row in answer.rows)


@pytest.mark.parametrize(
    "body, ctype, graph, message",
    [
        (b"<html>no</html>", "text/html", False, "not SPARQL results JSON"),
        (b"<html>no</html>", "text/html", True, "text/html to a CONSTRUCT/DESCRIBE query, not RDF"),
        (b"<http://e.org/s> <http://e.org/p> .", "application/n-triples", True, "not valid RDF"),
        (
            b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "odd"}}]}}',
            "application/sparql-results+json",
            False,
            "without head.vars",
        ),
        (
            b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", '
            b'"value": "\\ud800"}}]}}',
            "application/sparql-results+json",
            False,
            "not valid Unicode",
        ),
        (b"<sparql", "application/sparql-results+xml", False, "not SPARQL results XML"),
    ],
)
def test_what_is_not_an_answer_is_one_error(body, ctype, graph, message):
    with pytest.raises(EndpointError, match=message) as caught:
        parse_answer(body, "http://127.0.0.1:1/q", ctype, graph=graph)
    assert "http://127.0.0.1:1/q" in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "text, form",
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
        ("# CONSTRUCT in a comment\nASK { ?s ?p 'DESCRIBE' }", "ASK"),
        ("PREFIX c: <http://e.org/SELECT#> CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("describe <http://e.org/x>", "DESCRIBE"),
    ],
)
def test_query_form(text, form):
    assert query_form(text) == form
