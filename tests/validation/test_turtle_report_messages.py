"""The Turtle validation report gives each result one ``sh:resultMessage`` per language (issue
15): the text report's message, not that and the shape's side by side."""

from __future__ import annotations

from collections import Counter


def test_one_result_message_per_language(shipped_turtle):
    import rdflib
    from rdflib.namespace import RDF, SH

    from iso20000_prm.validation import validate
    from iso20000_prm.validation.render import render_turtle

    report = validate(shipped_turtle)
    graph = rdflib.Graph().parse(data=render_turtle(report), format="turtle")
    results = list(graph.subjects(RDF.type, SH.ValidationResult))
    assert len(results) == len(report.findings) > 0
    counts = Counter((r, m.language) for r in results for m in graph.objects(r, SH.resultMessage))
    assert counts and max(counts.values()) == 1
    messages = {str(m) for r in results for m in graph.objects(r, SH.resultMessage)}
    assert messages == {f.message for f in report.findings}
