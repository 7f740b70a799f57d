"""shapes/derive-forward-relations.ru derives what the validator derives (validation/entailment.py,
read from the ontology), run here by pyoxigraph: on graphs that state only the inverse relations
or only the traceability entries, the update gives the forward relations the built graph states."""

from __future__ import annotations

import pyoxigraph as ox
from _paths import ROOT

PRM = "https://w3id.org/iso20000-prm/vocab#"
DERIVED = [PRM + p for p in ("hasOutcome", "isOutcomeOf", "tracesTo", "isTracedFrom")]


def _triples(store, predicate):
    return {
        (q.subject.value, q.object.value)
        for q in store.quads_for_pattern(None, ox.NamedNode(predicate), None)
    }


def _store(triples):
    store = ox.Store()
    store.extend(ox.Quad(s, p, o, ox.DefaultGraph()) for s, p, o in triples)
    return store


def test_the_update_restores_the_forward_relations(shipped_turtle):
    quads = list(ox.parse(path=str(shipped_turtle), format=ox.RdfFormat.TURTLE))
    built = _store((q.subject, q.predicate, q.object) for q in quads)
    update = (ROOT / "shapes" / "derive-forward-relations.ru").read_text(encoding="utf-8")
    built_copy = _store((q.subject, q.predicate, q.object) for q in quads)
    built_copy.update(update)  # the built graph states the forward relations: the inverses
    expected = {p: _triples(built_copy, p) for p in DERIVED}
    assert all(expected.values())
    has, traces = ox.NamedNode(PRM + "hasOutcome"), ox.NamedNode(PRM + "tracesTo")
    inverse_only = [
        (q.object, ox.NamedNode(PRM + "isOutcomeOf"), q.subject)
        if q.predicate == has
        else (q.object, ox.NamedNode(PRM + "isTracedFrom"), q.subject)
        if q.predicate == traces
        else (q.subject, q.predicate, q.object)
        for q in quads
    ]
    entries_only = [
        (q.subject, q.predicate, q.object)
        for q in quads
        if q.predicate not in (traces, ox.NamedNode(PRM + "isTracedFrom"))
    ]
    for triples in (inverse_only, entries_only):
        store = _store(triples)
        assert {p: _triples(store, p) for p in DERIVED} != expected  # the edit changed them
        store.update(update)
        assert {p: _triples(store, p) for p in DERIVED} == expected
    assert len(built) == len(quads)


def test_the_update_adds_the_vocabularys_class_hierarchy():
    from iso20000_prm.validation.entailment import rules

    _inverses, _chains, subclass = rules()
    store = ox.Store()
    store.update((ROOT / "shapes" / "derive-forward-relations.ru").read_text(encoding="utf-8"))
    sub = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
    assert _triples(store, sub) == {(str(s), str(o)) for s, _p, o in subclass}
