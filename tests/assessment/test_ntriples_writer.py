"""The import writes the assessment's N-Triples directly (no rdflib graph): text with quotes,
backslashes, line breaks and non-ASCII letters comes back unchanged when the Turtle is read by
rdflib, and the triples are those the workbook states."""

from pathlib import Path

from openpyxl import load_workbook
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from iso20000_prm import vocab as ns
from iso20000_prm.assessment.api import import_assessment

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "assessment" / "ratings.xlsx"
# (XML reads a carriage return in a cell as a line feed: the workbook text has none)
ODD = 'said "yes" \\ path C:\\temp\nsecond line\nthird; Größe ✓'


def test_odd_text_survives_the_direct_writer(tmp_path, shipped_graph):
    wb = load_workbook(EXAMPLE)
    wb["5.6"].cell(5, 6).value = ODD  # evidence, first outcome, first instance
    wb["5.6"].cell(6, 7).value = ODD  # note, second outcome, first instance
    for row in wb["Assessment"].iter_rows(min_row=2):
        if row[0].value == "title":
            row[1].value = ODD
    path = tmp_path / "odd.xlsx"
    wb.save(path)
    g = Graph().parse(data=import_assessment(path, graph=shipped_graph), format="turtle")
    A = lambda local: URIRef(ns.ASMT_NS + local)  # noqa: E731
    assessment = next(g.subjects(RDF.type, A("Assessment")))
    assert g.value(assessment, DCTERMS.title) == Literal(ODD)
    evidence = {str(o) for o in g.objects(None, A("evidence"))}
    notes = {str(o) for o in g.objects(None, SKOS.note)}
    assert ODD in evidence and ODD in notes
    # one characterisation per filled rating cell of the workbook, each with its rating
    filled = sum(
        1
        for ws in wb.worksheets[1:-1]
        for c in range(4, ws.max_column + 1, 4)
        for r in range(5, ws.max_row + 1)
        if ws.cell(r, c).value
    )
    assert len(set(g.subjects(RDF.type, A("OutcomeCharacterisation")))) == filled == 44


def test_literal_escapes_read_back_by_oxigraph():
    import pyoxigraph as ox

    from iso20000_prm.assessment.rdf import _literal

    text = ODD + "\r\ttab \\n not a line break"
    line = f"<urn:x:s> <urn:x:p> {_literal(text)} .\n".encode()
    (triple,) = list(ox.parse(line, format=ox.RdfFormat.N_TRIPLES))
    assert triple.object.value == text
