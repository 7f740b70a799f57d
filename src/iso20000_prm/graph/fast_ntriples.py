"""Sorted N-Triples of vocabulary + data straight from the tables, without an rdflib Graph.

At scale most of the build time goes into rdflib's in-memory store (three indexes per triple)
and into canonicalising the whole graph before writing sorted lines, although the data holds
no blank nodes (they occur only in the vocabulary). Here the builder's own composition
(:func:`~iso20000_prm.graph.build.compose`) writes the tables' data into a sink that renders
each triple as its N-Triples line at once; only the small parts that do not grow with the tables
(vocabulary, mapping sets) are built and canonicalised with rdflib, and the lines are
deduplicated and sorted: the same bytes as ``formats.to_ntriples(build_graph(tables))`` (a test
checks it), in a fraction of the time and memory (``bench/``).
"""

from __future__ import annotations

from pathlib import Path

from iso20000_prm.tables.read import load_tables
from iso20000_prm.tables.schema import Tables


class LineSink:
    """Stands in for an rdflib Graph in ``build.add_data``: keeps each triple as an N-Triples line."""

    __slots__ = ("lines", "_row")

    def __init__(self):
        from rdflib.plugins.serializers.nt import _nt_row

        self.lines: set[str] = set()
        self._row = _nt_row

    def add(self, triple) -> None:
        self.lines.add(self._row(triple)[:-1])  # without the final newline, as formats sorts them


def _graph_lines(graph) -> set[str]:
    """A (small) rdflib Graph's triples as N-Triples lines, blank nodes labelled canonically."""
    from iso20000_prm.graph.formats import canonical

    sink = LineSink()
    for triple in canonical(graph):
        sink.add(triple)
    return sink.lines


def ntriples(
    tables: Tables | Path | str | None = None,
    include_ontology: bool = True,
    include_mappings: bool = True,
) -> bytes:
    """What ``formats.to_ntriples(build_graph(tables, ...))`` gives, built the fast way.

    The same :func:`~iso20000_prm.graph.build.compose` as ``build_graph``, with the data going
    into the line sink and the rest into a small rdflib Graph.
    """
    from iso20000_prm.graph.build import compose, new_graph

    if not isinstance(tables, Tables):
        tables = load_tables(tables)
    small = new_graph()
    sink = LineSink()
    compose(tables, sink, small, include_ontology, include_mappings)
    lines = sink.lines | _graph_lines(small)
    return "".join(line + "\n" for line in sorted(lines)).encode("utf-8")
