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


# the namespaces the Turtle of an assessment is written with (local names needing no escapes)
TURTLE_PREFIXES = {
    "asmt": ns.ASMT_NS,
    "dcterms": ns.DCTERMS_NS,
    "prov": ns.PROV_NS,
    "rdfs": ns.RDFS_NS,
    "skos": ns.SKOS_NS,
    "xsd": ns.XSD_NS,
}


def _literal(text: str) -> str:
    """An N-Triples string literal: backslash, quote, line feed and carriage return escaped."""
    return (
        '"'
        + (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r"))
        + '"'
    )


def _decimal(value: Decimal) -> str:
    """The XSD canonical form ("85.0", "67.5"), the form the band limits of the rating scale
    are written in: one lexical form per value, as a triple store keeps xsd:decimal by value
    and would merge "85" and "85.0", which rdflib and pyshacl keep apart."""
    text = format(value.normalize(), "f")
    return f'"{text if "." in text else text + ".0"}"^^<{ns.XSD_NS}decimal>'


def to_ntriples(data: AssessmentData, view: PRMView) -> bytes:
    """The assessment (without the PRM) as N-Triples lines, written directly (no rdflib graph:
    the import's largest cost at scale before). Every IRI is made of the validated base, the
    percent-encoded instance names and the IRIs of the PRM and the schemes."""
    scale = load_scale()
    A = lambda local: f"<{ns.ASMT_NS}{local}>"  # noqa: E731
    TYPE, LABEL = f"<{ns.RDF_NS}type>", f"<{ns.RDFS_NS}label>"
    GENERATED, DERIVED = f"<{ns.PROV_NS}wasGeneratedBy>", f"<{ns.PROV_NS}wasDerivedFrom>"
    base = data.base or f"{ns.ASSESSMENT_DATA_BASE}{data.identifier}/"
    lines: list[str] = []
    add = lambda s, p, o: lines.append(f"{s} {p} {o} .")  # noqa: E731
    asmt = f"<{base}assessment>"
    add(asmt, TYPE, A("Assessment"))
    add(asmt, f"<{ns.DCTERMS_NS}identifier>", _literal(data.identifier))
    if data.title:
        add(asmt, f"<{ns.DCTERMS_NS}title>", _literal(data.title))
        add(asmt, LABEL, _literal(data.title))
    if data.organisation:
        add(asmt, A("organisation"), _literal(data.organisation))
    if data.date:
        add(asmt, f"<{ns.DCTERMS_NS}date>", f"{_literal(data.date)}^^<{ns.XSD_NS}date>")
    add(asmt, A("ratingMethod"), A(data.method))
    add(asmt, A("aggregationRule"), A(data.aggregation))
    assessors = []
    for i, name in enumerate(data.assessors, start=1):
        agent = f"<{base}assessor/{i}>"
        add(agent, TYPE, f"<{ns.PROV_NS}Agent>")
        add(agent, LABEL, _literal(name))
        add(asmt, f"<{ns.PROV_NS}wasAssociatedWith>", agent)
        assessors.append(agent)
    results = compute(data)
    index_chars, index_attrs = _index(data)
    rule = A(data.aggregation)
    for process, result in results.items():
        proc = view.processes[process]
        proc_iri = f"<{proc.iri}>"
        add(asmt, A("inScope"), proc_iri)
        outcome_iri = {o.number: f"<{o.iri}>" for o in proc.outcomes}
        for ir in result.instances:
            key = f"{_seg(process)}/{_seg(ir.instance)}"
            inst = f"<{base}instance/{key}>"
            add(inst, TYPE, A("ProcessInstance"))
            add(inst, LABEL, _literal(ir.instance))
            add(inst, A("process"), proc_iri)
            add(inst, A("assessment"), asmt)
            chars = []
            for c in index_chars.get((process, ir.instance), []):
                ch = f"<{base}characterisation/{key}/{c.outcome}>"
                chars.append(ch)
                add(ch, TYPE, A("OutcomeCharacterisation"))
                add(ch, A("instance"), inst)
                add(ch, A("outcome"), outcome_iri[c.outcome])
                add(ch, A("rating"), f"<{c.rating.iri}>")
                if c.percentage is not None:
                    add(ch, A("percentage"), _decimal(c.percentage))
                if c.evidence:
                    add(ch, A("evidence"), _literal(c.evidence))
                if c.note:
                    add(ch, f"<{ns.SKOS_NS}note>", _literal(c.note))
                add(ch, GENERATED, asmt)
                for agent in assessors:
                    add(ch, A("assessedBy"), agent)
            given = {a.attribute for a in index_attrs.get((process, ir.instance), [])}
            for code, judged in ir.attributes.items():
                attr = scale.attribute(code)
                ar = f"<{base}attribute-rating/{key}/{attr.iri.rsplit('#', 1)[-1]}>"
                add(ar, TYPE, A("AttributeRating"))
                add(ar, A("instance"), inst)
                add(ar, A("attribute"), f"<{attr.iri}>")
                add(ar, GENERATED, asmt)
                add(ar, A("rating"), f"<{judged.rating.iri}>")
                if code not in given:  # computed: PA 1.1 from the outcomes by the stated rule
                    add(
                        ar, A("percentage"), _decimal(judged.percentage.quantize(Decimal("0.0001")))
                    )
                    add(ar, A("aggregationRule"), rule)
                    for ch in chars:
                        add(ar, DERIVED, ch)
            det = f"<{base}capability/{key}>"
            add(det, TYPE, A("CapabilityLevelDetermination"))
            add(det, A("instance"), inst)
            add(det, A("capabilityLevel"), f'"{ir.level}"^^<{ns.XSD_NS}integer>')
            if ir.reason:
                add(det, A("reason"), _literal(ir.reason))
            add(det, GENERATED, asmt)
    return ("\n".join(dict.fromkeys(lines)) + "\n").encode("utf-8")


def to_graph(data: AssessmentData, view: PRMView):
    """The assessment as an rdflib Graph (without the PRM): :func:`to_ntriples` parsed."""
    from rdflib import Graph

    g = Graph()
    g.parse(data=to_ntriples(data, view), format="nt")
    for prefix, iri in {**ns.ASSESSMENT_PREFIX_MAP, **TURTLE_PREFIXES}.items():
        g.bind(prefix, iri)
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
