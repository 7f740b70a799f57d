"""CONSTRUCT answers with blank nodes are written the same on every run: each load of a graph
gives its blank nodes new random labels, so the RDF writers name them by W3C RDF Dataset
Canonicalization (RDFC-1.0) before writing."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph
from rdflib.compare import isomorphic

from iso20000_prm.sparql import saved as sparql
from iso20000_prm.sparql.results import render_result

BLANK = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(isBlank(?s)) }"


@pytest.mark.parametrize(
    "fmt, rdf", [("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld")]
)
def test_two_loads_write_the_same_bytes(shipped_turtle, fmt, rdf):
    first = sparql.run_query(BLANK, graph=sparql.open_store(shipped_turtle))
    second = sparql.run_query(BLANK, graph=sparql.open_store(shipped_turtle))
    assert {t[0][1] for t in first.terms} != {t[0][1] for t in second.terms}  # labels differ
    data = render_result(first, fmt)
    assert data == render_result(second, fmt)
    written = Graph().parse(data=data, format=rdf)
    # the graph's own triples with a blank subject, read by rdflib independently of the package
    source = Graph().parse(shipped_turtle, format="turtle")
    expected = Graph()
    for triple in source:
        if isinstance(triple[0], BNode):
            expected.add(triple)
    assert len(expected) > 0 and isomorphic(written, expected)
