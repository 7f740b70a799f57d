"""Merge a user's mapping set into the graph, refusing IRIs of ours that the graph does not have.

A typo in a clause or process IRI would otherwise link to nothing, silently; here it stops the
merge with the file, line and column of the row.
"""

from __future__ import annotations

from pathlib import Path

from iso20000_prm.vocab import BASE


def check_local_iris(graph, mset, path) -> None:
    """Every subject/object under our base IRI must be described in ``graph``."""
    from rdflib import URIRef

    from iso20000_prm.mappings.sssom import SSSOMError

    for m in mset.mappings:
        for column, iri in (("subject_id", m.subject), ("object_id", m.object)):
            if iri.startswith(BASE) and (URIRef(iri), None, None) not in graph:
                raise SSSOMError(
                    path,
                    f"{iri} is in the iso20000-prm namespace but not in the graph; check the process, outcome or clause IRI",
                    line=m.source_line,
                    column=column,
                )


def link(graph, mset, path="mappings") -> None:
    """Add ``mset`` to ``graph`` (after checking our IRIs it uses exist)."""
    from iso20000_prm.mappings.rdf import add_mapping_set, bind_prefixes
    from iso20000_prm.mappings.sssom import user_record_iri

    check_local_iris(graph, mset, path)
    bind_prefixes(graph)
    add_mapping_set(graph, mset, records_iri=user_record_iri)


def link_file(mappings: Path | str, graph_file: Path | str | None = None):
    """Read ``mappings`` (SSSOM TSV), take "the graph" (``graph_file``, else the one rule of
    :mod:`iso20000_prm.graph.source`), link; returns (graph, mapping set)."""
    from iso20000_prm.graph.source import load_graph
    from iso20000_prm.mappings.sssom import read_sssom_tsv

    mset = read_sssom_tsv(mappings)
    graph = load_graph(graph_file)
    link(graph, mset, mappings)
    return graph, mset
