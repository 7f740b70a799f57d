"""Merge a user's mapping set into the graph, refusing IRIs of ours that the graph does not have.

A typo in a clause or process IRI would otherwise link to nothing, silently; here it stops the
merge with the file, line and column of the row. Only mapping predicates are merged
(:data:`MAPPING_PREDICATES`): a row stating ``rdf:type``, ``prm:hasOutcome`` or ``owl:sameAs``
would change what the graph says about its own resources, so it is refused. The user's metadata
is kept: their licence (never ours), creator and version; a source that is absent is left out.
"""

from __future__ import annotations

from pathlib import Path

from iso20000_prm import vocab as ns
from iso20000_prm.vocab import BASE

# The predicates a user's mapping row may state: the SKOS mapping properties and the set-theory
# relations of ontology/set-relations.ttl. SSSOM allows more (owl:sameAs, owl:equivalentClass,
# rdfs:subClassOf, ...), but between PRM processes and another framework's concepts those would
# merge individuals or make classes of them, so they are refused.
MAPPING_PREDICATES = frozenset(
    [
        ns.SKOS_NS + p
        for p in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
    ]
    + [
        ns.SETREL_NS + p
        for p in ("equal", "subsetOf", "supersetOf", "intersectsWith", "notRelatedTo")
    ]
)


def check_predicates(mset, path) -> None:
    """Every row's predicate must be a mapping predicate (:data:`MAPPING_PREDICATES`)."""
    from iso20000_prm.mappings.sssom import SSSOMError

    for m in mset.mappings:
        if m.predicate not in MAPPING_PREDICATES:
            raise SSSOMError(
                path,
                f"{m.predicate} is not a mapping predicate; use a SKOS mapping property "
                "(skos:exactMatch, closeMatch, broadMatch, narrowMatch, relatedMatch) or a set "
                "relation (equal, subsetOf, supersetOf, intersectsWith, notRelatedTo)",
                line=m.source_line,
                column="predicate_id",
            )


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


def _keep_metadata(graph, mset, meta: dict, path) -> None:
    """The user's licence, creator and version on the set instead of ours; absent sources out."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import DCTERMS, OWL

    from iso20000_prm.mappings.sssom import BUILTIN_PREFIXES, _expand

    s = URIRef(mset.iri)
    graph.remove((s, DCTERMS.license, None))
    curie_map = meta.get("curie_map") or {}
    prefixes = {**BUILTIN_PREFIXES, **{str(k): str(v) for k, v in curie_map.items()}}
    licence = meta.get("license")
    if licence:
        graph.add((s, DCTERMS.license, URIRef(_expand(str(licence), prefixes, path, 1, "license"))))
    creators = meta.get("creator_id") or []
    for creator in creators if isinstance(creators, list) else [creators]:
        graph.add(
            (s, DCTERMS.creator, URIRef(_expand(str(creator), prefixes, path, 1, "creator_id")))
        )
    version = meta.get("mapping_set_version")
    if version is not None and not isinstance(version, (dict, list)):
        graph.add((s, OWL.versionInfo, Literal(str(version))))
    for slot, local in (("subject_source", "subjectsTarget"), ("object_source", "objectsTarget")):
        if not getattr(mset, slot):
            graph.remove((s, URIRef(ns.VOID_NS + local), None))


def link(graph, mset, path="mappings", meta: dict | None = None) -> None:
    """Add ``mset`` to ``graph`` (after checking its predicates and that our IRIs it uses exist).

    ``meta``: the file's metadata block, whose licence, creator and version the set keeps.
    """
    from iso20000_prm.mappings.rdf import add_mapping_set, bind_prefixes
    from iso20000_prm.mappings.sssom import user_record_iri

    check_predicates(mset, path)
    check_local_iris(graph, mset, path)
    bind_prefixes(graph)
    add_mapping_set(graph, mset, records_iri=user_record_iri)
    _keep_metadata(graph, mset, meta or {}, path)


def link_file(mappings: Path | str, graph_file: Path | str | None = None):
    """Read ``mappings`` (SSSOM TSV), take "the graph" (``graph_file``, else the one rule of
    :mod:`iso20000_prm.graph.source`), link; returns (graph, mapping set)."""
    from iso20000_prm.graph.source import load_graph
    from iso20000_prm.mappings.sssom import read_sssom

    mset, meta = read_sssom(mappings)
    graph = load_graph(graph_file)
    link(graph, mset, mappings, meta)
    return graph, mset
