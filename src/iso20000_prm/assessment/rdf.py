"""Assessment data -> RDF (the assessment vocabulary) and back, with PA 1.1 and the capability
levels computed and stated with their provenance."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import quote

from iso20000_prm import vocab as ns
from iso20000_prm.assessment.compute import Judged, instance_result, process_result
from iso20000_prm.assessment.prm import PRMView
from iso20000_prm.assessment.scale import load_scale
from iso20000_prm.assessment.workbook import AssessmentData


def _seg(text: str) -> str:
    return quote(text, safe="-._~")


def _index(data: AssessmentData):
    """Characterisations and given attribute ratings by (process, instance), in their order."""
    chars: dict[tuple[str, str], list] = {}
    for c in data.characterisations:
        chars.setdefault((c.process, c.instance), []).append(c)
    attrs: dict[tuple[str, str], list] = {}
    for a in data.attributes:
        attrs.setdefault((a.process, a.instance), []).append(a)
    return chars, attrs


def compute(data: AssessmentData):
    """Per process (in PRM order) its ProcessResult, with the instance results."""
    scale = load_scale()
    chars, attrs = _index(data)
    results = {}
    for process, names in sorted(data.instances.items(), key=lambda kv: ns.clause_key(kv[0])):
        per_instance = {}
        outcomes_by = {}
        for name in names:
            outcomes = {
                c.outcome: Judged(c.rating, c.percentage) for c in chars.get((process, name), [])
            }
            given = {a.attribute: Judged(a.rating) for a in attrs.get((process, name), [])}
            outcomes_by[name] = outcomes
            per_instance[name] = instance_result(
                process, name, outcomes, given, data.aggregation, data.method, scale
            )
        results[process] = process_result(
            process, list(per_instance.values()), outcomes_by, data.aggregation, scale
        )
    return results


def to_graph(data: AssessmentData, view: PRMView):
    """The assessment as an rdflib Graph (without the PRM)."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

    scale = load_scale()
    A = lambda local: URIRef(ns.ASMT_NS + local)  # noqa: E731
    base = data.base or f"{ns.ASSESSMENT_DATA_BASE}{data.identifier}/"
    g = Graph()
    for prefix, iri in ns.ASSESSMENT_PREFIX_MAP.items():
        g.bind(prefix, iri)
    g.bind("prm", ns.PRM_NS)
    g.bind("prmd", ns.DATA_NS)
    g.bind("a", base)
    asmt = URIRef(base + "assessment")
    g.add((asmt, RDF.type, A("Assessment")))
    g.add((asmt, DCTERMS.identifier, Literal(data.identifier)))
    if data.title:
        g.add((asmt, DCTERMS.title, Literal(data.title)))
        g.add((asmt, RDFS.label, Literal(data.title)))
    if data.organisation:
        g.add((asmt, A("organisation"), Literal(data.organisation)))
    if data.date:
        g.add((asmt, DCTERMS.date, Literal(data.date, datatype=XSD.date)))
    g.add((asmt, A("ratingMethod"), A(data.method)))
    g.add((asmt, A("aggregationRule"), A(data.aggregation)))
    assessors = []
    for i, name in enumerate(data.assessors, start=1):
        agent = URIRef(f"{base}assessor/{i}")
        g.add((agent, RDF.type, PROV.Agent))
        g.add((agent, RDFS.label, Literal(name)))
        g.add((asmt, PROV.wasAssociatedWith, agent))
        assessors.append(agent)
    results = compute(data)
    index_chars, index_attrs = _index(data)
    pct = lambda value: Literal(Decimal(value).quantize(Decimal("0.0001")), datatype=XSD.decimal)  # noqa: E731
    for process, result in results.items():
        proc = view.processes[process]
        g.add((asmt, A("inScope"), URIRef(proc.iri)))
        outcome_iri = {o.number: URIRef(o.iri) for o in proc.outcomes}
        for ir in result.instances:
            key = f"{_seg(process)}/{_seg(ir.instance)}"
            inst = URIRef(f"{base}instance/{key}")
            g.add((inst, RDF.type, A("ProcessInstance")))
            g.add((inst, RDFS.label, Literal(ir.instance)))
            g.add((inst, A("process"), URIRef(proc.iri)))
            g.add((inst, A("assessment"), asmt))
            chars = []
            for c in index_chars.get((process, ir.instance), []):
                ch = URIRef(f"{base}characterisation/{key}/{c.outcome}")
                chars.append(ch)
                g.add((ch, RDF.type, A("OutcomeCharacterisation")))
                g.add((ch, A("instance"), inst))
                g.add((ch, A("outcome"), outcome_iri[c.outcome]))
                g.add((ch, A("rating"), URIRef(c.rating.iri)))
                if c.percentage is not None:
                    g.add((ch, A("percentage"), Literal(c.percentage, datatype=XSD.decimal)))
                if c.evidence:
                    g.add((ch, A("evidence"), Literal(c.evidence)))
                if c.note:
                    g.add((ch, SKOS.note, Literal(c.note)))
                g.add((ch, PROV.wasGeneratedBy, asmt))
                for agent in assessors:
                    g.add((ch, A("assessedBy"), agent))
            given = {a.attribute for a in index_attrs.get((process, ir.instance), [])}
            for code, judged in ir.attributes.items():
                attr = scale.attribute(code)
                ar = URIRef(f"{base}attribute-rating/{key}/{attr.iri.rsplit('#', 1)[-1]}")
                g.add((ar, RDF.type, A("AttributeRating")))
                g.add((ar, A("instance"), inst))
                g.add((ar, A("attribute"), URIRef(attr.iri)))
                g.add((ar, PROV.wasGeneratedBy, asmt))
                if code in given:
                    g.add((ar, A("rating"), URIRef(judged.rating.iri)))
                else:  # computed: PA 1.1 from the outcomes by the stated rule
                    g.add((ar, A("rating"), URIRef(judged.rating.iri)))
                    g.add((ar, A("percentage"), pct(judged.percentage)))
                    g.add((ar, A("aggregationRule"), A(data.aggregation)))
                    for ch in chars:
                        g.add((ar, PROV.wasDerivedFrom, ch))
            det = URIRef(f"{base}capability/{key}")
            g.add((det, RDF.type, A("CapabilityLevelDetermination")))
            g.add((det, A("instance"), inst))
            g.add((det, A("capabilityLevel"), Literal(ir.level)))
            if ir.reason:
                g.add((det, A("reason"), Literal(ir.reason)))
            g.add((det, PROV.wasGeneratedBy, asmt))
    return g


def turtle_of_ntriples(nt: bytes, prefixes: dict) -> bytes:
    """N-Triples -> Turtle by Oxigraph's writer, triples sorted: the same graph gives the same
    bytes, and fast at scale. ``prefixes``: prefix -> namespace (those of the assessment)."""
    import pyoxigraph as ox

    triples = sorted(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES), key=str)
    # namespaces whose local names need no escapes (the data IRIs hold '/' and '%': written whole)
    wanted = {"asmt", "prov", "dcterms", "rdfs", "skos", "xsd"}
    used = {p: str(n) for p, n in sorted(prefixes.items()) if p in wanted}
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=used)
