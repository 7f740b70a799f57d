"""Editions reached through mapping sets are data: a set added to the graph gives a new
edition's exposure with no change to the code, with the weakest confidence along the chain."""

from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from iso20000_prm import vocab as ns
from iso20000_prm.assessment.prm import prm_view

S = lambda local: URIRef(ns.SETREL_NS + local)  # noqa: E731
VOID = lambda local: URIRef(ns.VOID_NS + local)  # noqa: E731


def test_a_new_mapping_set_plugs_in_a_new_edition(shipped_graph):
    g = Graph()
    for t in shipped_graph:
        g.add(t)
    base = ns.DATA_NS
    doc, mset = URIRef(base + "iso20000-1-2099"), URIRef(base + "mapping-set/2011-to-2099")
    src = URIRef(base + "iso20000-1-2011/clause/6.1")
    dst = URIRef(base + "iso20000-1-2099/clause/1")
    g.add((doc, DCTERMS.identifier, Literal("ISO/IEC 20000-1:2099 (invented)")))
    g.add((mset, RDF.type, S("MappingSet")))
    g.add((mset, VOID("subjectsTarget"), URIRef(base + "iso20000-1-2011")))
    g.add((mset, VOID("objectsTarget"), doc))
    rec = URIRef(base + "mapping-set/2011-to-2099/r1")
    for p, o in (
        (S("inMappingSet"), mset),
        (S("mappingSubject"), src),
        (S("mappingPredicate"), SKOS.closeMatch),
        (S("mappingObject"), dst),
        (S("confidence"), Literal("0.3", datatype=XSD.decimal)),
    ):
        g.add((rec, p, o))
    g.add((src, SKOS.closeMatch, dst))
    g.add((dst, SKOS.notation, Literal("1")))
    # a negated record (no direct triple) must give nothing
    neg = URIRef(base + "mapping-set/2011-to-2099/r2")
    dst2 = URIRef(base + "iso20000-1-2099/clause/2")
    for p, o in (
        (S("inMappingSet"), mset),
        (S("mappingSubject"), src),
        (S("mappingPredicate"), SKOS.exactMatch),
        (S("mappingObject"), dst2),
    ):
        g.add((neg, p, o))
    before = {e.iri: e for e in prm_view(shipped_graph).editions}
    view = {e.iri: e for e in prm_view(g).editions}
    ed = view[str(doc)]
    assert not ed.traced and ed.mapping_sets == (str(mset),)
    assert list(ed.clauses) == [str(dst)]
    clause_2011 = before[base + "iso20000-1-2011"].clauses[str(src)]
    assert ed.clauses[str(dst)].outcomes == clause_2011.outcomes and clause_2011.outcomes
    assert ed.clauses[str(dst)].confidence == Decimal("0.3")
    assert ed.depth == before[base + "iso20000-1-2011"].depth + 1
