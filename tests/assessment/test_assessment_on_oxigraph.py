"""An imported assessment is checked by the SPARQL engine on Oxigraph, not handed to pyshacl:
its percentages are written in the one lexical form the rating scale's band limits use (a store
keeps xsd:decimal by value and would merge "85" with the scale's "85.0", which made the engine
fall back to pyshacl: 10x slower at 250 instances), and a SELECT projection of three variables is
not taken for a triple pattern with a variable predicate."""

from decimal import Decimal

import pytest
from _assessment_expected import EXAMPLE

from iso20000_prm.assessment.api import import_assessment
from iso20000_prm.assessment.rdf import _decimal
from iso20000_prm.validation import engine
from iso20000_prm.validation.sparql_engine import _query_predicates

XSD_DECIMAL = "^^<http://www.w3.org/2001/XMLSchema#decimal>"


@pytest.mark.parametrize(
    "value,written",
    [("85", "85.0"), ("85.0000", "85.0"), ("67.5000", "67.5"), ("0", "0.0"), ("1E+2", "100.0")],
)
def test_percentages_in_the_scales_form(value, written):
    # the band limits in ontology/assessment-schemes.ttl are Turtle decimals: 0.0, 15.0, 32.5 ...
    assert _decimal(Decimal(value)) == f'"{written}"' + XSD_DECIMAL


def test_import_does_not_fall_back_to_pyshacl(tmp_path, monkeypatch, shipped_graph):
    def refuse(*args, **kwargs):
        raise AssertionError("the assessment was handed to pyshacl")

    monkeypatch.setattr(engine, "_validate_pyshacl", refuse)
    import_assessment(EXAMPLE, tmp_path / "a.ttl", shipped_graph)
    assert (tmp_path / "a.ttl").stat().st_size > 0


def test_a_projection_is_not_a_variable_predicate():
    text = """SELECT $this ?value ?outcome WHERE { $this <urn:p> ?value . ?value <urn:q> ?outcome }
    GROUP BY $this ?value ?outcome"""
    assert _query_predicates(text) >= {"urn:p", "urn:q"}
    assert _query_predicates("SELECT * WHERE { $this ?p ?o }") is None
