"""Parameters are bound as RDF terms: hostile values are matched literally, never run as SPARQL."""

from __future__ import annotations

import pytest

from iso20000_prm.errors import PRMError
from iso20000_prm.sparql import saved as sparql
from iso20000_prm.sparql.params import (
    ParameterError,
    bind,
    escape_literal,
    find_parameters,
    where_brace,
)

HOSTILE = [
    'say "hello"',
    "it's {braced}",
    '"} DROP ALL ; INSERT DATA { <urn:x> <urn:y> <urn:z> } #',
    "line one\nline two\r\n\ttabbed",
    'back\\slash \\" and \\n',
    "} UNION { ?s ?p ?o",
    "?_value ?o .",
    "'''triple''' \"\"\"quotes\"\"\"",
]


# A tiny graph whose literals are the hostile strings themselves, written as N-Triples by hand.
def _nt_escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "hostile.nt"
    lines = [f'<urn:item:{i}> <urn:p:value> "{_nt_escape(v)}" .' for i, v in enumerate(HOSTILE)]
    lines.append('<urn:item:plain> <urn:p:value> "say" .')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


LOOKUP = "#+ summary: items whose value is exactly the parameter\nSELECT ?item WHERE { ?item <urn:p:value> ?_value } ORDER BY ?item"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_hostile_values_match_literally(hostile_file, engine):
    store = sparql.open_store(hostile_file, engine=engine)
    before = sparql.run_query(COUNT, graph=store, engine=engine).rows
    for i, value in enumerate(HOSTILE):
        rows = sparql.run_query(LOOKUP, {"value": value}, graph=store, engine=engine).rows
        assert rows == [{"item": f"urn:item:{i}"}], repr(value)
    # a prefix of a value matches nothing: the value is one whole literal
    assert sparql.run_query(LOOKUP, {"value": 'say "hel'}, graph=store, engine=engine).rows == []
    assert (
        sparql.run_query(COUNT, graph=store, engine=engine).rows
        == before
        == [{"n": len(HOSTILE) + 1}]
    )


def test_hostile_keyword_on_the_real_graph_finds_nothing_and_changes_nothing():
    store = sparql.open_store()
    n = len(store)
    for value in HOSTILE:
        assert sparql.run_query("keyword-search", {"keyword": value}, graph=store).rows == []
        with pytest.raises(ParameterError, match="no process"):  # looked up, never bound
            sparql.run_query("process-outcomes", {"process": value}, graph=store)
    assert len(store) == n


def test_apostrophe_keyword_matches():
    rows = sparql.run_query("keyword-search", {"keyword": "provider's"}).rows
    assert rows and all("provider's" in r["text"].lower() for r in rows)


def test_codepoint_escape_lookalike_is_refused():
    # SPARQL expands \uXXXX before parsing, so this value cannot be written portably
    with pytest.raises(PRMError, match="cannot be bound portably"):
        sparql.bound_text("keyword-search", {"keyword": "a\\u0041"})


def test_values_block_is_escaped_terms():
    text = bind("SELECT ?x WHERE { ?x ?p ?_v }", {"v": 'a"b\nc'})
    assert 'VALUES (?_v) { ("a\\"b\\nc") }' in text
    assert escape_literal("\\") == '"\\\\"'


def test_binding_goes_into_the_where_group_not_a_template_or_comment():
    query = (
        "PREFIX ex: <urn:ex:{x}>\n# a comment with { a brace\n"
        'CONSTRUCT { ?s ex:p "{" } WHERE { ?s ex:q ?_v }'
    )
    at = where_brace(query)
    assert query[at - 6 : at + 1] == "WHERE {"
    bound = bind(query, {"v": "1"})
    assert bound.index("VALUES") > bound.index("WHERE {")


def test_grlc_parameter_kinds():
    ps = {
        p.name: p
        for p in find_parameters(
            "SELECT * WHERE { ?s ?p ?_a . ?s ?q ?__b_iri . ?s ?r ?_c_integer . ?s ?t ?_d_en . ?s ?u ?_e_xsd_date "
            '# ?_commented\n FILTER(?x != "?_instring") }'
        )
    }
    assert set(ps) == {"a", "b", "c", "d", "e"}
    assert (ps["a"].kind, ps["a"].required) == ("literal", True)
    assert (ps["b"].kind, ps["b"].required) == ("iri", False)
    assert ps["c"].kind == "integer" and ps["d"].suffix == "en" and ps["e"].suffix == "xsd:date"


def test_typed_parameters_are_checked():
    q = "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\nSELECT ?s WHERE { ?s ?p ?_n_integer . ?s ?q ?_i_iri . ?s ?r ?_d_xsd_date }"
    text = bind(q, {"n": "7", "i": "https://example.org/a", "d": "2010-11-25"})
    assert '"7"^^<http://www.w3.org/2001/XMLSchema#integer>' in text
    assert "<https://example.org/a>" in text
    assert '"2010-11-25"^^<http://www.w3.org/2001/XMLSchema#date>' in text
    with pytest.raises(PRMError, match="not a whole number"):
        bind(q, {"n": "7 } DROP ALL", "i": "https://example.org/a", "d": "x"})
    with pytest.raises(PRMError, match="not an absolute IRI"):
        bind(q, {"n": "7", "i": "https://example.org/> } DROP ALL <", "d": "x"})


def test_parameter_errors():
    with pytest.raises(PRMError, match="unknown parameter 'colour'"):
        sparql.bound_text("processes", {"colour": "red"})
    with pytest.raises(PRMError, match="missing required parameter.*keyword"):
        sparql.bound_text("keyword-search", {})
    with pytest.raises(PRMError, match="not one of '1ED IS', '2ED DRAFT'"):
        sparql.bound_text("coverage-matrix", {"edition": "3ED"})
    with pytest.raises(PRMError, match="no saved query named 'proceses'; did you mean processes"):
        sparql.get_query("proceses")


def test_optional_parameter_left_out_stays_unbound():
    assert "VALUES" not in sparql.bound_text("coverage-matrix", {})
    assert "VALUES" in sparql.bound_text("coverage-matrix", {"edition": "1ED IS"})


def test_construct_answers_are_triples_in_the_same_order_on_both_engines(hostile_file):
    query = "CONSTRUCT { ?s <urn:p:copy> ?v } WHERE { ?s <urn:p:value> ?v }"
    a = sparql.run_query(query, graph=hostile_file)
    b = sparql.run_query(query, graph=hostile_file, engine="rdflib")
    assert a.variables == ["subject", "predicate", "object"]
    assert a.rows == b.rows and len(a.rows) == len(HOSTILE) + 1
