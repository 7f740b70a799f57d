"""The report says which engine produced it: the default engine (Oxigraph) hands a graph it does
not cover to pyshacl, the reference engine, and the report records that and why (one line),
with the findings pyshacl gives when asked directly."""

from __future__ import annotations

import pytest
from _engine_fallback import CAPITAL, CLOSED_SHAPES, LABEL, REASON, SYNTHETIC, note
from rdflib import Graph

from iso20000_prm.validation import validate


def test_the_fixture_really_differs():
    text = SYNTHETIC.read_text(encoding="utf-8")
    assert CAPITAL.count('"@EN') == 1 and LABEL in text
    assert CAPITAL.count("prm:supportsOutcome ex:budgeting-1 .") == 1


@pytest.fixture
def capital(tmp_path):
    path = tmp_path / "capital.ttl"
    path.write_text(CAPITAL, encoding="utf-8")
    return path


@pytest.mark.parametrize("as_graph", [False, True], ids=["file", "graph"])
def test_a_capital_language_tag_is_validated_by_pyshacl_and_says_so(capital, as_graph):
    source = Graph().parse(capital) if as_graph else capital
    report = validate(source)
    assert report.engine == "pyshacl"
    assert report.fallback_reason == REASON
    assert report.fallback_note() == note(REASON)
    reference = validate(Graph().parse(capital) if as_graph else capital, engine="pyshacl")
    assert (reference.engine, reference.fallback_reason) == ("pyshacl", None)
    assert reference.fallback_note() is None
    assert report.findings == reference.findings
    assert report.to_json() == reference.to_json()  # the JSON does not name the engine
    # the finding names the process by its label as written, tag aside
    assert [(f.rule, f.process_name) for f in report.findings] == [
        ("outcome-untraced", "Budgeting and accounting for IT services")
    ]


def test_the_shipped_graph_is_validated_by_the_default_engine(shipped_graph):
    report = validate(shipped_graph)
    assert (report.engine, report.fallback_reason) == ("oxigraph", None)
    assert report.fallback_note() is None


def test_shapes_beyond_the_compiled_subset_name_the_feature(tmp_path, shipped_graph):
    shapes = tmp_path / "closed.ttl"
    shapes.write_text(CLOSED_SHAPES, encoding="utf-8")
    report = validate(shipped_graph, shapes=shapes)
    assert (report.engine, report.fallback_reason) == ("pyshacl", "the shapes use sh:closed")
    assert "\n" not in report.fallback_note()


def test_an_ill_typed_literal_in_a_graph_is_named(tmp_path):
    graph = Graph().parse(
        data=SYNTHETIC.read_text(encoding="utf-8").replace(
            "prm:availableInSource true", 'prm:availableInSource "TRUE"^^xsd:boolean', 1
        ),
        format="turtle",
    )
    report = validate(graph)
    assert (report.engine, report.fallback_reason) == (
        "pyshacl",
        "the graph has an ill-typed literal",
    )
    assert report.findings == validate(graph, engine="pyshacl").findings
