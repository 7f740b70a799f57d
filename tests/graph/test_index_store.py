"""The builder's store answers every triple pattern as rdflib's own Memory store does.

The reference is an ordinary ``rdflib.Graph()`` (Memory store) given the same additions and
removals; every pattern (subject, predicate, object each given or not) is asked of both, before
and after the store builds its predicate and object indexes (it scans the subject index for
the first few patterns with an unbound subject, then indexes).
"""

from __future__ import annotations

import itertools
import random

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, XSD

from iso20000_prm.graph.index_store import SCANS_BEFORE_INDEXING, IndexStore

EX = "http://example.org/"


def _terms(rng: random.Random):
    subjects = [URIRef(f"{EX}s{i}") for i in range(12)] + [BNode(f"b{i}") for i in range(3)]
    predicates = [URIRef(f"{EX}p{i}") for i in range(5)] + [RDF.type]
    objects = (
        subjects[:8]
        + [Literal(f"v{i}") for i in range(4)]
        + [Literal("v1", lang="en"), Literal("1", datatype=XSD.integer), Literal(1)]
    )
    return subjects, predicates, objects


def _pair(seed: int):
    rng = random.Random(seed)
    subjects, predicates, objects = _terms(rng)
    ours = Graph(store=IndexStore(), identifier=URIRef(EX + "g"))
    reference = Graph(identifier=URIRef(EX + "g"))
    for _ in range(300):
        triple = (rng.choice(subjects), rng.choice(predicates), rng.choice(objects))
        ours.add(triple)
        reference.add(triple)
    for _ in range(60):  # removals, some of triples never added
        triple = (rng.choice(subjects), rng.choice(predicates), rng.choice(objects))
        ours.remove(triple)
        reference.remove(triple)
    return ours, reference, (subjects, predicates, objects)


def _patterns(terms):
    subjects, predicates, objects = terms
    for s, p, o in itertools.product(subjects[::4], predicates[::2], objects[::3]):
        for mask in itertools.product((0, 1), repeat=3):
            yield tuple(t if keep else None for t, keep in zip((s, p, o), mask))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_pattern_matches_rdflibs_memory_store(seed):
    ours, reference, terms = _pair(seed)
    assert len(ours) == len(reference) > 0
    assert set(ours) == set(reference)
    asked_unbound_subject = 0
    for pattern in _patterns(terms):
        if pattern[0] is None and pattern[1:] != (None, None):
            asked_unbound_subject += 1
        assert set(ours.triples(pattern)) == set(reference.triples(pattern)), pattern
    # both ways of answering an unbound subject were used: scans first, then the indexes
    assert asked_unbound_subject > SCANS_BEFORE_INDEXING
    assert ours.store._pos is not None


def test_additions_and_removals_after_indexing_keep_the_indexes_right():
    ours, reference, terms = _pair(7)
    subjects, predicates, objects = terms
    for _ in range(SCANS_BEFORE_INDEXING + 1):
        list(ours.subjects(predicates[0], objects[0]))
    assert ours.store._pos is not None
    rng = random.Random(8)
    for _ in range(200):
        triple = (rng.choice(subjects), rng.choice(predicates), rng.choice(objects))
        if rng.random() < 0.5:
            ours.add(triple)
            reference.add(triple)
        else:
            ours.remove(triple)
            reference.remove(triple)
    assert len(ours) == len(reference)
    for pattern in _patterns(terms):
        assert set(ours.triples(pattern)) == set(reference.triples(pattern)), pattern
    ours.remove((None, predicates[1], None))
    reference.remove((None, predicates[1], None))
    assert set(ours) == set(reference) and len(ours) == len(reference)


def test_adding_a_triple_twice_counts_it_once():
    ours = Graph(store=IndexStore())
    triple = (URIRef(EX + "a"), URIRef(EX + "p"), Literal("x"))
    add = ours.store.adder()
    add(triple)
    add(triple)
    ours.add(triple)
    assert len(ours) == 1 and list(ours) == [triple]


def test_sparql_and_prefixes_work_as_on_an_ordinary_graph():
    ours, reference, _ = _pair(4)
    for graph in (ours, reference):
        graph.bind("ex", EX)
    query = f"SELECT ?s (COUNT(?o) AS ?n) WHERE {{ ?s <{EX}p1> ?o }} GROUP BY ?s ORDER BY ?s"
    assert [tuple(r) for r in ours.query(query)] == [tuple(r) for r in reference.query(query)]
    assert ("ex", URIRef(EX)) in set(ours.namespaces())
    written = Graph().parse(data=ours.serialize(format="nt"), format="nt")
    assert len(written) == len(reference)
    assert isomorphic(written, Graph().parse(data=reference.serialize(format="nt"), format="nt"))


def test_the_built_graph_is_on_the_index_store():
    """The builder's graph uses this store; its triples equal those of a Memory-store copy."""
    from iso20000_prm.graph.build import build_graph

    graph = build_graph()
    assert type(graph.store) is IndexStore
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    assert len(copy) == len(graph) == sum(1 for _ in graph.store.iter_triples())
