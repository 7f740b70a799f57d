"""One pass over a graph's triples for everything the release derives from them.

The VoID description (distinct subjects and objects, triples per predicate, instances per class,
entities) and the vocabulary check (every predicate, class and datatype used; the terms the
graph declares) read the same triples. :func:`graph_stats` collects all of it in one pass and
keeps the answer on the graph for as long as its size is unchanged, so a release that checks
and then describes a graph walks its triples once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class GraphStats:
    triples: int
    subjects: int
    objects: int
    entities: int  # subjects that are IRIs in the data namespace
    predicates: Counter  # predicate -> triples
    classes: Counter  # class (an IRI object of rdf:type) -> instances
    used: frozenset  # (role, IRI string): "predicate", "class", "datatype"
    declared: frozenset  # IRI strings the graph types as a class, property or datatype


def _declaration_kinds():
    from rdflib.namespace import OWL, RDF, RDFS

    return {
        OWL.Class,
        RDFS.Class,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.AnnotationProperty,
        RDF.Property,
        RDFS.Datatype,
        OWL.NamedIndividual,
    }


def graph_stats(graph) -> GraphStats:
    """The counts and terms of ``graph``, computed in one pass (remembered on the graph)."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF

    from iso20000_prm.vocab import DATA

    size = len(graph)
    cached = getattr(graph, "_prm_stats", None)
    if cached is not None and cached.triples == size:
        return cached
    kinds = _declaration_kinds()
    rdf_type = RDF.type
    objects = set()
    predicates: Counter = Counter()
    classes: Counter = Counter()
    datatypes, declared = set(), set()
    props = _by_subject(graph)
    subjects = props.keys()
    for s, by_p in props.items():
        for p, objs in by_p.items():
            objects.update(objs)
            predicates[p] += len(objs)
            for o in objs:
                if type(o) is Literal or isinstance(o, Literal):
                    if o.datatype is not None:
                        datatypes.add(o.datatype)
                elif p == rdf_type and isinstance(o, URIRef):
                    classes[o] += 1
                    if o in kinds and isinstance(s, URIRef):
                        declared.add(str(s))
    data = str(DATA)
    used = {("predicate", str(p)) for p in predicates}
    used.update(("class", str(c)) for c in classes)
    used.update(("datatype", str(d)) for d in datatypes)
    stats = GraphStats(
        triples=size,
        subjects=len(subjects),
        objects=len(objects),
        entities=sum(1 for s in subjects if isinstance(s, URIRef) and str(s).startswith(data)),
        predicates=predicates,
        classes=classes,
        used=frozenset(used),
        declared=frozenset(declared),
    )
    try:
        graph._prm_stats = stats
    except AttributeError:
        pass
    return stats


def _by_subject(graph) -> dict:
    """subject -> predicate -> objects: the builder's store's own index, else the writers'
    subject index (kept on the graph, so a release that then writes its files reuses it)."""
    from iso20000_prm.graph.index_store import IndexStore
    from iso20000_prm.graph.turtle_writer import subject_index

    if type(graph.store) is IndexStore:
        return graph.store.spo
    return subject_index(graph).props
