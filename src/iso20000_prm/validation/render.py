"""The renderings of a :class:`~iso20000_prm.validation.report.ValidationReport`: text for
people, JSON for programs, Turtle (the W3C SHACL validation report) for RDF tools. Each gives
the same bytes for the same findings, so reports can be compared and kept under version control.
"""

from __future__ import annotations

import json

from iso20000_prm.vocab import DATA_NS, PRM_NS, SH_NS, SHAPES_NS

FORMATS = ("text", "json", "turtle")


def render_text(report, name=None) -> str:
    """A report for people: grouped by process, one line per finding, ending with the summary;
    headed "Validation of NAME" when ``name`` (the graph's file or a description) is given."""
    lines: list[str] = []
    current = object()
    for f in report.findings:
        group = (f.process_clause, f.process_name) if f.process else None
        if group != current:
            current = group
            lines.append("")
            lines.append(
                f"{f.process_clause or '?'} {f.process_name or f.process}"
                if group
                else "not about a process"
            )
        lines.append(f"  {f.severity:<9} [{f.rule}] {f.message}")
    lines.append("")
    lines.append(report.summary())
    text = "\n".join(lines).lstrip("\n") + "\n"
    return text if name is None else f"Validation of {name}\n\n{text}"


def render_json(report) -> str:
    """The verdict, the counts and every finding with all its fields."""
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"


def render_turtle(report) -> bytes:
    """The SHACL validation report as Turtle, with blank nodes canonically labelled so the
    same findings always give the same bytes."""
    from rdflib import Graph
    from rdflib.compare import to_canonical_graph

    from iso20000_prm.graph.formats import serialize

    canonical = Graph()
    canonical += to_canonical_graph(_one_message_per_language(report))
    canonical.bind("sh", SH_NS)
    canonical.bind("prm", PRM_NS)
    canonical.bind("prmsh", SHAPES_NS)
    canonical.bind("prmd", DATA_NS)
    return serialize(canonical, "turtle")


def _one_message_per_language(report):
    """A copy of the report graph with one ``sh:resultMessage`` per result and language: where
    the engine's message and the shape's stand side by side, the finding's own message (the
    text report's) is kept."""
    from rdflib import Graph
    from rdflib.namespace import SH

    ours = {f.message for f in report.findings}
    graph = Graph()
    graph += report.report_graph
    for result in set(graph.subjects(SH.resultMessage, None)):
        by_language: dict = {}
        for message in graph.objects(result, SH.resultMessage):
            by_language.setdefault(getattr(message, "language", None), []).append(message)
        for messages in by_language.values():
            if len(messages) < 2:
                continue
            preferred = [m for m in messages if str(m) in ours]
            keep = sorted(preferred or messages, key=str)[0]
            for message in messages:
                if message != keep:
                    graph.remove((result, SH.resultMessage, message))
    return graph


def render_report(report, fmt: str, name=None) -> str | bytes:
    """``report`` in ``fmt`` (one of :data:`FORMATS`): text and JSON as str, Turtle as bytes
    (its serializer's own encoding). ``name`` heads the text report (see :func:`render_text`)."""
    if fmt == "json":
        return render_json(report)
    if fmt == "turtle":
        return render_turtle(report)
    return render_text(report, name)
