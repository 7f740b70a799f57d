"""The few entailments the shapes need, derived in one cheap pass from the shipped vocabulary.

Why not ``pyshacl.validate(..., inference="owlrl")``: a full OWL-RL closure costs seconds and
adds range typing that would make the trace rules vacuous (anything an outcome traces to
would become a ``prm:Clause``). The shapes need only three kinds of entailment:

* ``owl:inverseOf`` (a user graph may state ``prm:isOutcomeOf`` / ``prm:isTracedFrom`` only);
* ``owl:propertyChainAxiom`` (``prm:tracesTo`` from traceability entries that state only
  ``prm:supportsOutcome`` and ``prm:citesClause``);
* ``rdfs:subClassOf`` of the vocabulary (SHACL follows subclass triples in the data graph, so
  a data-only graph gets the vocabulary's class hierarchy added; user subclasses just work).
"""

from __future__ import annotations

from functools import lru_cache

from iso20000_prm.validation.working import working_copy


@lru_cache(maxsize=1)
def rules():
    """(inverse pairs, property chains, subclass triples) declared by the shipped vocabulary."""
    from rdflib import BNode
    from rdflib.collection import Collection
    from rdflib.namespace import OWL, RDFS

    from iso20000_prm.graph.build import ontology

    vocab = ontology()
    inverses = sorted(
        {(p, q) for p, q in vocab.subject_objects(OWL.inverseOf) if not isinstance(p, BNode)}
    )
    chains = []
    for prop, head in vocab.subject_objects(OWL.propertyChainAxiom):
        steps = []
        for step in Collection(vocab, head):
            inverse_of = vocab.value(step, OWL.inverseOf) if isinstance(step, BNode) else None
            steps.append((inverse_of, True) if inverse_of is not None else (step, False))
        chains.append((prop, tuple(steps)))
    subclass = sorted(
        (s, RDFS.subClassOf, o)
        for s, o in vocab.subject_objects(RDFS.subClassOf)
        if not isinstance(s, BNode) and not isinstance(o, BNode)
    )
    return tuple(inverses), tuple(sorted(chains)), tuple(subclass)


def predicates_read() -> set:
    """Every predicate the entailment rules read or write."""
    from rdflib.namespace import RDFS

    inverses, chains, _subclass = rules()
    found = {p for pair in inverses for p in pair}
    found.update(p for prop, steps in chains for p in (prop, *(step for step, _inv in steps)))
    found.add(RDFS.subClassOf)
    return found


def entail(graph, predicates=None):
    """A copy of ``graph`` plus the few entailments the shapes need (see the module docstring).

    ``predicates``: copy only the triples with these predicates (the ones the shapes and the
    entailment rules read); ``None`` copies everything. Repeats the inverse and chain rules
    until nothing new appears (two passes for this vocabulary); never touches ``graph``.
    """
    work = working_copy(graph, predicates)
    add_entailments(work)
    return work


def add_entailments(work) -> int:
    """Add the inverse, chain and subclass entailments to ``work``; the number of triples added."""
    start = len(work)
    inverses, chains, subclass = rules()
    for triple in subclass:
        work.add(triple)
    while True:
        before = len(work)
        new = []
        for p, q in inverses:
            new.extend((o, q, s) for s, o in work.subject_objects(p))
            new.extend((o, p, s) for s, o in work.subject_objects(q))
        for prop, steps in chains:
            (first, first_inv), rest = steps[0], steps[1:]
            frontier = set(_pairs(work, first, first_inv))
            for step, inv in rest:
                links: dict = {}
                for a, b in _pairs(work, step, inv):
                    links.setdefault(a, []).append(b)
                frontier = {(x, z) for x, y in frontier for z in links.get(y, ())}
            new.extend((x, prop, z) for x, z in frontier)
        work.addN((s, p, o, work) for s, p, o in new)
        if len(work) == before:
            return len(work) - start


def _pairs(graph, prop, inverse: bool):
    for s, o in graph.subject_objects(prop):
        yield (o, s) if inverse else (s, o)
