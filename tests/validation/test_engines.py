"""The default SHACL engine (shapes evaluated on the embedded Oxigraph store) against pyshacl,
the reference: the same report graph (isomorphic), so the same findings, on the shipped graph,
on every shape's fixtures, on the bad graphs that are valid RDF, and at 10 times the real size."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from iso20000_prm.errors import PRMError
from iso20000_prm.validation import validate

TESTS = Path(__file__).resolve().parents[1]
FIXTURES = TESTS / "fixtures"


def _assert_same(source) -> None:
    ours = validate(source, engine="oxigraph")
    reference = validate(source, engine="pyshacl")
    if not isomorphic(ours.report_graph, reference.report_graph):
        _both, only_ours, only_reference = graph_diff(
            to_isomorphic(ours.report_graph), to_isomorphic(reference.report_graph)
        )
        pytest.fail(
            f"report graphs differ\nonly oxigraph:\n{only_ours.serialize(format='nt')[:2000]}"
            f"\nonly pyshacl:\n{only_reference.serialize(format='nt')[:2000]}"
        )
    assert ours.findings == reference.findings
    assert (ours.triples, ours.entailed) == (reference.triples, reference.entailed)
    assert ours.conforms == reference.conforms


def test_shipped_graph(shipped_graph):
    _assert_same(shipped_graph)


@pytest.mark.parametrize(
    "fixture",
    sorted(p.name for p in (FIXTURES / "shapes").glob("*.ttl")),
)
def test_every_shape_fixture(fixture):
    _assert_same(FIXTURES / "shapes" / fixture)


def test_synthetic_fixture_as_file_and_as_graph():
    path = FIXTURES / "synthetic-prm.ttl"
    _assert_same(path)
    _assert_same(Graph().parse(path))


def _bad_files():
    spec = importlib.util.spec_from_file_location(
        "bad_graphs", TESTS / "robustness" / "test_bad_graphs.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.BAD_FILES


@pytest.mark.parametrize("case", sorted(_bad_files()))
def test_bad_graphs(case, tmp_path):
    name, data, valid = _bad_files()[case]
    path = tmp_path / name
    path.write_bytes(data)
    if valid:
        _assert_same(path)
        return
    errors = []
    for engine in ("oxigraph", "pyshacl"):
        with pytest.raises(PRMError) as caught:
            validate(path, engine=engine)
        errors.append(str(caught.value))
    assert errors[0] == errors[1]  # the same one line, naming the file
    assert str(path) in errors[0]


def test_typed_literals_keep_their_datatype_and_lexical_form(tmp_path):
    # Oxigraph's store rewrites "01"^^xsd:positiveInteger as "1"^^xsd:integer; the findings
    # must still see the literal as written (sh:datatype, sh:pattern, sh:in, sh:value)
    text = (FIXTURES / "shapes" / "outcome-number.ok.ttl").read_text(encoding="utf-8")
    assert "xsd:positiveInteger" in text
    bad = tmp_path / "typed.ttl"
    bad.write_text(text.replace("xsd:positiveInteger", "xsd:integer"), encoding="utf-8")
    _assert_same(bad)
    assert any(f.rule == "outcome-number" for f in validate(bad).findings)


def test_at_ten_times_the_real_size():
    from iso20000_prm.graph.build import build_graph
    from iso20000_prm.tables.synthetic import synthesize

    _assert_same(build_graph(synthesize(10)))


def test_shapes_beyond_the_compiled_subset_run_on_pyshacl(tmp_path, shipped_graph):
    shapes = tmp_path / "closed.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix prm: <https://w3id.org/iso20000-prm/vocab#> .\n"
        "<urn:s> a sh:NodeShape ; sh:targetClass prm:Process ; sh:closed true ;\n"
        '  sh:message "closed" .\n',
        encoding="utf-8",
    )
    ours = validate(shipped_graph, shapes=shapes)
    reference = validate(shipped_graph, shapes=shapes, engine="pyshacl")
    assert ours.findings == reference.findings
    assert ours.findings  # every process has properties the closed shape does not list


def test_unknown_engine_is_refused_with_a_hint(shipped_graph):
    with pytest.raises(PRMError, match="did you mean pyshacl"):
        validate(shipped_graph, engine="pyshacle")


def test_cli_engines_print_the_same_reports(capsysbinary):
    from iso20000_prm.cli import main

    path = str(FIXTURES / "shapes" / "outcome-untraced.bad.ttl")
    outputs = []
    for extra in ([], ["--engine", "pyshacl"]):
        for fmt in ("text", "json", "turtle"):
            code = main(["validate", path, "-f", fmt, "--fail-on", "none", *extra])
            outputs.append((code, capsysbinary.readouterr().out))
    assert outputs[:3] == outputs[3:]
    assert b"outcome-untraced" in outputs[0][1]


def test_constraints_the_shipped_shapes_do_not_use_match_pyshacl(tmp_path):
    """Counts above one, a maximum of zero, both bounds on one shape, every node kind, sh:hasValue, sh:class, sh:in with a
    literal and sh:datatype, each checked by a query that returns only the failures: the same
    report as pyshacl's, on a graph where each constraint fails for some node and holds for
    another (typed XSD literals included, which are checked one focus node at a time)."""
    from iso20000_prm.validation.shapes import load_shapes
    from iso20000_prm.validation.sparql_engine import compile_shapes

    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
ex:two a sh:PropertyShape ; sh:targetClass ex:T ; sh:path ex:p ; sh:minCount 2 ;
  sh:message "two" .
ex:none a sh:PropertyShape ; sh:targetClass ex:T ; sh:path ex:q ; sh:maxCount 0 ;
  sh:message "none" .
ex:iri a sh:PropertyShape ; sh:targetClass ex:T ; sh:path ex:p ; sh:nodeKind sh:IRI ;
  sh:message "iri" .
ex:bnode a sh:PropertyShape ; sh:targetClass ex:T ; sh:path ex:p ;
  sh:nodeKind sh:BlankNodeOrLiteral ; sh:message "bnode" .
ex:has a sh:PropertyShape ; sh:targetSubjectsOf ex:p ; sh:path ex:r ; sh:hasValue ex:v ;
  sh:message "has" .
ex:cls a sh:PropertyShape ; sh:targetClass ex:T ; sh:path [ sh:inversePath ex:of ] ;
  sh:class ex:T ; sh:message "cls" .
ex:in a sh:PropertyShape ; sh:targetClass ex:T ; sh:path ex:s ; sh:in ( "a" ex:v 1 ) ;
  sh:message "in" .
ex:str a sh:PropertyShape ; sh:targetClass ex:T ; sh:path ex:s ; sh:datatype xsd:string ;
  sh:message "str" .
ex:int a sh:PropertyShape ; sh:targetClass ex:T ; sh:path ex:n ; sh:datatype xsd:integer ;
  sh:maxCount 1 ; sh:in ( 1 2 ) ; sh:message "int" .
ex:range a sh:PropertyShape ; sh:targetClass ex:T ; sh:path ex:p ; sh:minCount 2 ;
  sh:maxCount 2 ; sh:message "range" .
""",
        encoding="utf-8",
    )
    data = tmp_path / "data.ttl"
    data.write_text(
        """@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a a ex:T ; ex:p ex:x , ex:y ; ex:r ex:v ; ex:s "a" ; ex:n 1 .
ex:b a ex:T ; ex:p "lit" ; ex:q ex:z ; ex:s ex:v , "b"@en , 2 ; ex:n 3 , 2 .
ex:c a ex:T ; ex:p ex:w ; ex:r ex:w ; ex:n "x"^^xsd:integer , "1.0"^^xsd:decimal .
ex:a ex:of ex:b . ex:z ex:of ex:c .
ex:d a ex:T ; ex:p ex:x , ex:y , ex:z .
""",
        encoding="utf-8",
    )
    compile_shapes(load_shapes(shapes))  # the default engine takes them (no Unsupported)
    ours = validate(data, shapes=shapes, entailment=False)
    reference = validate(data, shapes=shapes, entailment=False, engine="pyshacl")
    assert isomorphic(ours.report_graph, reference.report_graph)
    assert ours.findings == reference.findings
    rules = {f.rule for f in ours.findings}
    assert rules == {"two", "none", "iri", "bnode", "has", "cls", "in", "str", "int", "range"}
    # sh:minCount 2 and sh:maxCount 2 together: one, three values fail; two pass
    assert sorted(f.focus[-1] for f in ours.findings if f.rule == "range") == ["b", "c", "d"]


def test_an_entailed_predicate_the_shapes_read_is_stored(tmp_path):
    """The default engine only counts the inverses nothing reads (prm:isOutcomeOf for the
    shipped shapes); shapes that read one get it stored: no outcome of the synthetic PRM (which
    states prm:hasOutcome only) lacks it, with either engine, and the counts agree."""
    shapes = tmp_path / "inverse.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix prm: <https://w3id.org/iso20000-prm/vocab#> .\n"
        "<urn:s> a sh:PropertyShape ; sh:targetClass prm:Outcome ; sh:path prm:isOutcomeOf ;\n"
        '  sh:minCount 1 ; sh:message "of" .\n',
        encoding="utf-8",
    )
    path = FIXTURES / "synthetic-prm.ttl"
    assert "isOutcomeOf" not in path.read_text(encoding="utf-8")
    ours = validate(path, shapes=shapes)
    reference = validate(path, shapes=shapes, engine="pyshacl")
    assert ours.findings == reference.findings == []
    assert ours.entailed == reference.entailed > 0
    # without the entailments every outcome lacks it, with either engine
    outcomes = set(
        Graph()
        .parse(path)
        .subjects(
            URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            URIRef("https://w3id.org/iso20000-prm/vocab#Outcome"),
        )
    )
    for engine in ("oxigraph", "pyshacl"):
        without = validate(path, shapes=shapes, entailment=False, engine=engine)
        assert {f.focus for f in without.findings} == {str(o) for o in outcomes}
