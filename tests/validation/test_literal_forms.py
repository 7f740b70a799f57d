"""Literals written in a form other than the canonical one: the default engine against pyshacl.

Oxigraph stores XSD literals by value (``"01"^^xsd:integer`` is kept as ``"1"``,
``"1"^^xsd:byte`` becomes ``"1"^^xsd:integer``, ``"1.00"`` and ``"1.0"`` as decimals are one
value) and lower-cases language tags; rdflib, under pyshacl, keeps the datatype, normalises some
lexical forms (``"01"`` -> ``"1"``, ``"1"^^xsd:boolean`` -> ``"true"``) but not others
(``"1.00"^^xsd:decimal`` stays) and keeps the tag's case. The reference is pyshacl: each case
below is a shape and a data graph, validated by both engines from the file (Turtle and
N-Triples) and from an rdflib Graph, and the reports must be the same, down to the values'
lexical forms, datatypes and language tags."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import SH

from iso20000_prm.validation import validate

PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
"""

# name -> (constraints of one property shape on ex:p of every ex:T, objects of ex:p per node)
CASES = {
    "in-integer-leading-zero": ("sh:in ( 1 2 )", ['"01"^^xsd:integer', '"3"^^xsd:integer']),
    "in-integer-plus-sign": ("sh:in ( 1 2 )", ['"+1"^^xsd:integer', '"+3"^^xsd:integer']),
    "in-positive-integer": ("sh:in ( 1 2 )", ['"01"^^xsd:positiveInteger', "1"]),
    "in-byte": ("sh:in ( 1 )", ['"1"^^xsd:byte', '"01"^^xsd:int']),
    "in-decimal": (
        "sh:in ( 1.0 )",
        ['"1.00"^^xsd:decimal', '"1.0"^^xsd:decimal', '"1"^^xsd:decimal'],
    ),
    "in-boolean": ("sh:in ( true )", ['"1"^^xsd:boolean', '"0"^^xsd:boolean', "true"]),
    "in-double": (
        "sh:in ( 1.0e0 )",
        ['"1E0"^^xsd:double', '"1.0"^^xsd:double', '"01"^^xsd:double'],
    ),
    "in-date": (
        'sh:in ( "2020-01-01"^^xsd:date )',
        ['"2020-01-01Z"^^xsd:date', '"2020-01-01"^^xsd:date'],
    ),
    "in-language-tag": ('sh:in ( "x"@en )', ['"x"@EN', '"x"@en-GB', '"y"@En']),
    "has-value-integer": (
        "sh:hasValue 1",
        ['"01"^^xsd:integer', '"+1"^^xsd:integer', '"2"^^xsd:integer'],
    ),
    "has-value-boolean": ("sh:hasValue false", ['"0"^^xsd:boolean', "true"]),
    "has-value-decimal": ("sh:hasValue 1.0", ['"1.00"^^xsd:decimal', '"1"^^xsd:decimal']),
    "has-value-language-tag": ('sh:hasValue "x"@en', ['"x"@EN', '"y"@EN']),
    "pattern-lexical-form": (
        'sh:pattern "^0"',
        ['"01"^^xsd:integer', '"0.10"^^xsd:decimal', '"0"^^xsd:boolean'],
    ),
    "pattern-language-tag": ('sh:pattern "^y"', ['"x"@EN-gb', '"y"@EN']),
    "datatype-integer": (
        "sh:datatype xsd:integer",
        ['"1"^^xsd:byte', '"01"^^xsd:integer', '"+1"^^xsd:long'],
    ),
    "datatype-boolean": ("sh:datatype xsd:boolean", ['"1"^^xsd:boolean', '"TRUE"^^xsd:boolean']),
    "max-count-same-value": ("sh:maxCount 1", ['"01"^^xsd:integer', '"1"^^xsd:integer']),
    "max-count-byte-and-integer": ("sh:maxCount 1", ['"1"^^xsd:byte', '"1"^^xsd:integer']),
    "max-count-decimal": ("sh:maxCount 1", ['"1.0"^^xsd:decimal', '"1.00"^^xsd:decimal']),
    "max-count-boolean": ("sh:maxCount 1", ['"1"^^xsd:boolean', "true"]),
    "max-count-language-tag": ("sh:maxCount 1", ['"x"@EN', '"x"@en']),
    # the datatype's text inside a string: not a typed literal (N-Triples is scanned for them)
    "marker-inside-a-string": (
        'sh:pattern "^a"',
        ['"a\\"^^<http://www.w3.org/2001/XMLSchema#integer> ."', '"01"^^xsd:integer'],
    ),
    # the same literal as the store holds it ("1"^^xsd:integer) on two predicates, read apart
    "datatype-per-predicate": (
        "sh:datatype xsd:integer",
        ['"1"^^xsd:integer ; ex:q "1"^^xsd:positiveInteger', '"2"^^xsd:positiveInteger'],
    ),
    # rdflib rewrites XML literals (and merges two that read alike); HTML ones too
    "xml-literal": (
        'sh:pattern "^<a b" ; sh:maxCount 1',
        [
            "\"<a  b='1' c='2'/>\"^^rdf:XMLLiteral",
            '"<a b=\\"1\\" c=\\"2\\"></a>"^^rdf:XMLLiteral',
            '"<b>x</b>"^^rdf:HTML',
        ],
    ),
    "node-kind-or-in": (
        "sh:nodeKind sh:Literal ; sh:in ( 1 true )",
        ['"01"^^xsd:integer', '"1"^^xsd:boolean'],
    ),
}


def _files(tmp_path, constraints, objects):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        PREFIXES
        + f"ex:s a sh:PropertyShape ; sh:targetClass ex:T ; sh:path ex:p ; {constraints} ;\n"
        '  sh:message "s" .\n',
        encoding="utf-8",
    )
    # ex:n0 holds every object, ex:n1... one each (so a constraint about one value is met and
    # broken by different nodes)
    lines = [f"ex:n0 a ex:T ; ex:p {' , '.join(objects)} ."]
    lines += [f"ex:n{i} a ex:T ; ex:p {o} ." for i, o in enumerate(objects, 1)]
    data = tmp_path / "data.ttl"
    data.write_text(PREFIXES + "\n".join(lines) + "\n", encoding="utf-8")
    return shapes, data


def _values(report) -> list:
    """Every sh:value of the report graph with its exact lexical form, datatype and tag."""
    return sorted(
        (str(v), str(getattr(v, "datatype", None)), str(getattr(v, "language", None)))
        for v in report.report_graph.objects(None, SH.value)
    )


def _assert_same(data, shapes) -> None:
    ours = validate(data, shapes=shapes, entailment=False)
    reference = validate(data, shapes=shapes, entailment=False, engine="pyshacl")
    assert ours.findings == reference.findings
    assert _values(ours) == _values(reference)
    assert isomorphic(ours.report_graph, reference.report_graph)
    assert (ours.triples, ours.conforms) == (reference.triples, reference.conforms)


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("form", ["turtle", "ntriples", "graph", "rdfxml", "jsonld"])
def test_non_canonical_literals_give_pyshacl_s_report(case, form, tmp_path):
    from iso20000_prm.validation.shapes import load_shapes
    from iso20000_prm.validation.sparql_engine import compile_shapes

    shapes, data = _files(tmp_path, *CASES[case])
    compile_shapes(load_shapes(shapes))  # the default engine takes the shapes themselves
    if form == "ntriples":
        # the same triples, written line by line as the file had them (rdflib would normalise)
        nt = tmp_path / "data.nt"
        nt.write_text(_as_ntriples(CASES[case][1]), encoding="utf-8")
        data = nt
    elif form == "graph":
        data = Graph().parse(data)
    elif form in ("rdfxml", "jsonld"):
        # written by rdflib (lexical forms as it reads them; language tags as written)
        out = tmp_path / ("data.rdf" if form == "rdfxml" else "data.jsonld")
        out.write_bytes(
            Graph()
            .parse(data)
            .serialize(format={"rdfxml": "xml", "jsonld": "json-ld"}[form], encoding="utf-8")
        )
        data = out
    _assert_same(data, shapes)


def _as_ntriples(objects) -> str:
    ex, xsd = "http://example.org/", "http://www.w3.org/2001/XMLSchema#"
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"

    def term(o):
        if o in ("true", "false"):
            return f'"{o}"^^<{xsd}boolean>'
        if o.isdigit():
            return f'"{o}"^^<{xsd}integer>'
        if "^^xsd:" in o:
            lexical, datatype = o.split("^^xsd:")
            return f"{lexical}^^<{xsd}{datatype}>"
        if "^^rdf:" in o:
            lexical, datatype = o.split("^^rdf:")
            return f"{lexical}^^<http://www.w3.org/1999/02/22-rdf-syntax-ns#{datatype}>"
        return o  # a language-tagged string, as in Turtle

    lines = []
    for i, group in enumerate([objects] + [[o] for o in objects]):
        node = f"<{ex}n{i}>"
        lines.append(f"{node} {rdf_type} <{ex}T> .")
        for o in group:  # "X ; ex:q Y": X an object of ex:p, Y of ex:q
            for predicate, obj in zip(("p", "q"), o.split(" ; ex:q ")):
                lines.append(f"{node} <{ex}{predicate}> {term(obj)} .")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "case, form, expected",
    [
        ("in-integer-leading-zero", "turtle", [("n0", "3"), ("n2", "3")]),
        ("in-integer-leading-zero", "ntriples", [("n0", "3"), ("n2", "3")]),
        ("datatype-per-predicate", "ntriples", [("n0", "2"), ("n2", "2")]),
    ],
)
def test_the_default_engine_itself_reads_literals_as_pyshacl_does(
    case, form, expected, tmp_path, monkeypatch
):
    """``"01"^^xsd:integer`` under ``sh:in ( 1 2 )``: no result from pyshacl, none from the
    Oxigraph engine either, which checks it itself (no detour through the reference); from
    N-Triples, without reading each triple's literal (``"1"^^xsd:integer`` of one predicate
    and ``"1"^^xsd:positiveInteger`` of another, which the store holds alike, told apart)."""
    from iso20000_prm.validation import engine

    shapes, data = _files(tmp_path, *CASES[case])
    if form == "ntriples":
        data = tmp_path / "data.nt"
        data.write_text(_as_ntriples(CASES[case][1]), encoding="utf-8")
        monkeypatch.setattr(engine, "_exact_from_ntriples", None)  # not called
    reference = validate(data, shapes=shapes, entailment=False, engine="pyshacl")

    def refuse(*_args):
        raise AssertionError("the reference engine was used")

    monkeypatch.setattr(engine, "_validate_pyshacl", refuse)
    ours = validate(data, shapes=shapes, entailment=False)
    assert ours.findings == reference.findings
    # only one value breaks it, on the node holding every value and on its own node
    assert sorted((f.focus, f.value) for f in ours.findings) == [
        ("http://example.org/" + node, value) for node, value in expected
    ]


SYNTHETIC = Path(__file__).resolve().parents[1] / "fixtures" / "synthetic-prm.ttl"
AUDIT_2 = 'ex:audit-2 a prm:Outcome ; prm:outcomeNumber "2"^^xsd:positiveInteger'
AUDIT_3 = 'ex:audit-3 a prm:Outcome ; prm:outcomeNumber "3"^^xsd:positiveInteger'


@pytest.mark.parametrize(
    "old, new",
    [
        # the store holds "1"^^xsd:integer and "1"^^xsd:positiveInteger as one value: the
        # SHACL-SPARQL shapes (duplicate numbers, gaps) would count one number, pyshacl two
        (AUDIT_2, AUDIT_2.replace('"2"^^xsd:positiveInteger', '"1"^^xsd:integer')),
        # "3.0" is stored as "3": the message says what rdflib reads
        (AUDIT_3, AUDIT_3.replace('"3"^^xsd:positiveInteger', '"3.0"^^xsd:decimal')),
        # rdflib reads "03" as "3": no gap, no duplicate
        (AUDIT_3, AUDIT_3.replace('"3"', '"03"')),
        (AUDIT_3, AUDIT_3.replace('"3"', '"+2"')),
    ],
)
@pytest.mark.parametrize("form", ["turtle", "ntriples"])
def test_outcome_numbers_in_other_forms_give_pyshacl_s_findings(old, new, form, tmp_path):
    import pyoxigraph as ox

    text = SYNTHETIC.read_text(encoding="utf-8")
    assert old in text
    data = tmp_path / "synthetic.ttl"
    data.write_text(text.replace(old, new), encoding="utf-8")
    if form == "ntriples":  # Oxigraph's parser keeps the literals as written ("03")
        quads = ox.parse(path=str(data), format=ox.RdfFormat.TURTLE)
        data = tmp_path / "synthetic.nt"
        data.write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_TRIPLES))
        assert new.split("prm:outcomeNumber ")[1].split("^^")[0].encode() in data.read_bytes()
    ours = validate(data)
    reference = validate(data, engine="pyshacl")
    assert ours.findings == reference.findings
    assert _values(ours) == _values(reference)
    assert isomorphic(ours.report_graph, reference.report_graph)
    assert (ours.triples, ours.entailed) == (reference.triples, reference.entailed)
