"""`link` and hostile SSSOM files: the user's metadata is kept, absent sources are left out,
only mapping predicates are merged, and bombs or huge cells are one line.

Expectations are read back with rdflib and pyoxigraph (a second parser), not from the code.
"""

from __future__ import annotations

import contextlib
import io

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS

from iso20000_prm.cli import main

PROCESS = "https://w3id.org/iso20000-prm/id/process/"
SET = "https://example.org/sets/s"
META = (
    "#curie_map:\n#  prmp: https://w3id.org/iso20000-prm/id/process/\n"
    "#  ex: https://example.org/x/\n"
    "#  setrel: https://w3id.org/iso20000-prm/set-relations#\n"
    f"#mapping_set_id: {SET}\n"
)
HEADER = "subject_id\tpredicate_id\tobject_id\tmapping_justification\n"
ROW = "prmp:audit\tskos:exactMatch\tex:a\tsemapv:ManualMappingCuration\n"


def _run(argv) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main([str(a) for a in argv])
    return code, err.getvalue()


def _link(tmp_path, text: str) -> tuple[int, str, object]:
    path = tmp_path / "user.sssom.tsv"
    path.write_bytes(text.encode("utf-8"))
    out = tmp_path / "out.ttl"
    code, err = _run(["link", path, "-o", out])
    return code, err, out


def _one_line(code, err, *words):
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    for w in words:
        assert w in err, err


def test_the_users_licence_is_kept(tmp_path):
    cc0 = "https://creativecommons.org/publicdomain/zero/1.0/"
    code, err, out = _link(tmp_path, META + f"#license: {cc0}\n" + HEADER + ROW)
    assert code == 0, err
    g = Graph().parse(out)
    assert set(g.objects(URIRef(SET), DCTERMS.license)) == {URIRef(cc0)}


def test_no_licence_given_means_none_stated(tmp_path):
    code, err, out = _link(tmp_path, META + HEADER + ROW)
    assert code == 0, err
    assert set(Graph().parse(out).objects(URIRef(SET), DCTERMS.license)) == set()


def test_absent_subject_source_is_left_out_and_the_output_parses_in_oxigraph(tmp_path):
    import pyoxigraph as ox

    code, err, out = _link(tmp_path, META + "#object_source: ex:practices\n" + HEADER + ROW)
    assert code == 0, err
    store = ox.Store()
    store.load(path=str(out), format=ox.RdfFormat.TURTLE)
    void = "http://rdfs.org/ns/void#"
    subjects = list(
        store.quads_for_pattern(ox.NamedNode(SET), ox.NamedNode(void + "subjectsTarget"), None)
    )
    objects = list(
        store.quads_for_pattern(ox.NamedNode(SET), ox.NamedNode(void + "objectsTarget"), None)
    )
    assert subjects == []
    assert [q.object.value for q in objects] == ["https://example.org/x/practices"]
    assert "<>" not in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "predicate",
    ["rdf:type", "owl:sameAs", "prm:hasOutcome", "rdfs:label"],
)
def test_non_mapping_predicates_are_refused_with_line_and_column(tmp_path, predicate):
    meta = META.replace(
        "#mapping_set_id", "#  prm: https://w3id.org/iso20000-prm/vocab#\n#mapping_set_id"
    )
    row = ROW.replace("skos:exactMatch", predicate)
    code, err, out = _link(tmp_path, meta + HEADER + ROW + row)  # the bad row is line 9
    _one_line(code, err, "line 9, column 'predicate_id'", "not a mapping predicate")
    assert not out.exists()


@pytest.mark.parametrize(
    "predicate", ["skos:closeMatch", "setrel:subsetOf", "setrel:intersectsWith"]
)
def test_mapping_predicates_are_merged(tmp_path, predicate):
    code, err, out = _link(tmp_path, META + HEADER + ROW.replace("skos:exactMatch", predicate))
    assert code == 0, err
    g = Graph().parse(out)
    expanded = predicate.replace("skos:", "http://www.w3.org/2004/02/skos/core#").replace(
        "setrel:", "https://w3id.org/iso20000-prm/set-relations#"
    )
    assert (URIRef(PROCESS + "audit"), URIRef(expanded), URIRef("https://example.org/x/a")) in g


def test_yaml_alias_bomb_is_refused(tmp_path):
    bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        bomb.append(
            f"{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]"
        )
    meta = (
        "".join(f"#{line}\n" for line in bomb)
        + f"#mapping_set_id: {SET}\n#curie_map: {{ex: 'https://example.org/x/', prmp: '{PROCESS}'}}\n#see_also: *i\n"
    )
    code, err, _ = _link(tmp_path, meta + HEADER + ROW)
    _one_line(code, err, "line 1", "aliases")


def test_cell_over_128_kib_is_one_line(tmp_path):
    big = "x" * (130 * 1024)
    text = META + HEADER.replace("\n", "\tcomment\n") + ROW.replace("\n", f"\t{big}\n")
    code, err, _ = _link(tmp_path, text)
    _one_line(code, err, "line 7", "column 'comment'")


@pytest.mark.parametrize("value", ["NaN", "sNaN", "Infinity", "-inf", "1.5"])
def test_confidence_not_in_0_1_is_one_line(tmp_path, value):
    text = META + HEADER.replace("\n", "\tconfidence\n") + ROW.replace("\n", f"\t{value}\n")
    code, err, _ = _link(tmp_path, text)
    _one_line(code, err, "line 7", "column 'confidence'")


def test_unicode_line_separator_in_the_metadata_block_does_not_end_it(tmp_path):
    """Only line ends end a metadata line (U+2028 inside one does not)."""
    meta = META.replace("#mapping_set_id", '#mapping_set_title: "a\u2028b"\n#mapping_set_id')
    code, err, out = _link(tmp_path, meta + HEADER + ROW + "prmp:audit\tskos:exactMatch\n")
    _one_line(code, err, "line 9", "has 2 cells, expected 4")
