"""Turn the source tables into the knowledge graph: vocabulary plus data, as one rdflib Graph.

Only the forward direction of each relation is written (``prm:hasOutcome``,
``prm:tracesTo``...); the ontology declares the inverses, so a reasoner or the validator can
derive them, and the published file stays free of redundant triples.
"""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from iso20000_prm import vocab as ns
from iso20000_prm.files import ontology_file
from iso20000_prm.tables.read import Tables, load_tables
from iso20000_prm.vocab import PRM

BRACKET_INDIVIDUALS = {
    "none": PRM.NotBracketed,
    "partial": PRM.PartlyBracketed,
    "full": PRM.FullyBracketed,
}


def en(text: str) -> Literal:
    return Literal(text, lang="en")


def clean_outcome_label(text: str) -> str:
    """The outcome statement without its square brackets and final ``;`` or ``.``.

    The verbatim text stays in ``prm:verbatimText``; this is only a readable label.
    """
    label = text.replace("[", "").replace("]", "")
    label = re.sub(r"\s+", " ", label).strip().rstrip(";.").rstrip()
    return label


def _date_literal(value: str) -> Literal:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return Literal(value, datatype=XSD.date)
    if re.fullmatch(r"\d{4}", value):
        return Literal(value, datatype=XSD.gYear)
    return Literal(value)


def load_ontology(graph: Graph | None = None) -> Graph:
    """The OWL vocabulary (``ontology/iso20000-prm.ttl``) parsed into ``graph``."""
    graph = graph if graph is not None else Graph()
    graph.parse(ontology_file(), format="turtle")
    return graph


def new_graph() -> Graph:
    graph = Graph()
    for prefix, namespace in ns.PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def build_graph(
    tables: Tables | Path | str | None = None,
    include_ontology: bool = True,
    include_mappings: bool = True,
) -> Graph:
    """Build the knowledge graph from ``tables`` (a :class:`Tables`, a folder, or the shipped tables).

    ``include_mappings`` adds the two shipped mapping sets between editions of ISO/IEC 20000-1
    (see :mod:`iso20000_prm.mappings.sets`) and, with the ontology, their small vocabulary.
    """
    if not isinstance(tables, Tables):
        tables = load_tables(tables)
    graph = new_graph()
    if include_ontology:
        load_ontology(graph)
    add_data(graph, tables)
    if include_mappings:
        from iso20000_prm.mappings.sets import add_mapping_sets

        add_mapping_sets(graph, tables, include_vocabulary=include_ontology)
    return graph


def add_data(g: Graph, t: Tables) -> None:
    """Add the triples the tables state to ``g``."""
    docs = {d.id: d for d in t.documents}
    edition_doc = {d.edition_code: d for d in t.documents if d.edition_code}
    tr = ns.document_iri(ns.TR_ID)

    for d in t.documents:
        iri = ns.document_iri(d.id)
        g.add((iri, RDF.type, PRM.Document))
        if (
            d.id != ns.TR_ID
        ):  # documents.csv: the documents the TR involves (export-tables reads these)
            g.add((tr, DCTERMS.references, iri))
        if d.edition_code:
            g.add((iri, RDF.type, PRM.Edition))
            g.add((iri, RDF.type, SKOS.ConceptScheme))
            g.add((iri, PRM.editionCode, Literal(d.edition_code)))
        g.add((iri, RDFS.label, Literal(d.identifier)))
        g.add((iri, DCTERMS.identifier, Literal(d.identifier)))
        g.add((iri, DCTERMS.title, en(d.title)))
        if d.issued:
            g.add((iri, DCTERMS.issued, _date_literal(d.issued)))
        if d.status:
            g.add((iri, SKOS.scopeNote, en(f"status: {d.status}")))
        if d.note:
            g.add((iri, SKOS.editorialNote, en(d.note)))

    for s in t.sections:
        iri = ns.section_iri(s.section)
        g.add((iri, RDF.type, PRM.Section))
        g.add((tr, PRM.section, iri))
        g.add((iri, DCTERMS.isPartOf, tr))
        g.add((iri, SKOS.notation, Literal(s.section)))
        g.add((iri, RDFS.label, en(f"{s.section} {s.title}" if s.section != s.title else s.title)))
        g.add((iri, PRM.availableInSource, Literal(s.available)))
        g.add((iri, PRM.sectionKind, Literal(s.kind)))
        if s.toc_page:
            g.add((iri, PRM.tocPage, Literal(s.toc_page)))
        if s.note:
            g.add((iri, SKOS.editorialNote, en(s.note)))

    prm = ns.prm_iri()
    g.add((prm, RDF.type, PRM.ProcessReferenceModel))
    g.add((prm, RDFS.label, en(f"Process reference model of {docs[ns.TR_ID].identifier}")))
    g.add((prm, DCTERMS.source, tr))

    process_iri = {}
    for p in t.processes:
        iri = ns.process_iri(p.id)
        process_iri[p.clause] = (iri, p.id)
        g.add((prm, PRM.hasProcess, iri))
        g.add((iri, RDF.type, PRM.Process))
        g.add((iri, RDFS.label, en(p.name)))
        g.add((iri, SKOS.notation, Literal(p.clause)))
        g.add((iri, PRM.availableInSource, Literal(p.available)))
        g.add((iri, PROV.wasDerivedFrom, ns.section_iri(p.clause)))
        if p.context:
            g.add((iri, PRM.context, en(p.context)))
        if p.purpose:
            g.add((iri, PRM.purpose, en(p.purpose)))

    outcome_iri: dict[tuple[str, int], URIRef] = {}
    for o in t.outcomes:
        piri, pid = process_iri[o.process]
        iri = ns.outcome_iri(pid, o.number)
        outcome_iri[(o.process, o.number)] = iri
        g.add((piri, PRM.hasOutcome, iri))
        g.add((iri, RDF.type, PRM.Outcome))
        g.add((iri, PRM.outcomeNumber, Literal(o.number, datatype=XSD.positiveInteger)))
        g.add((iri, PRM.numberPrinted, Literal(o.number_printed)))
        g.add((iri, PRM.verbatimText, en(o.text)))
        g.add((iri, RDFS.label, en(clean_outcome_label(o.text))))
        g.add((iri, PRM.bracketStatus, BRACKET_INDIVIDUALS[o.bracket_status]))
        g.add((iri, PROV.wasDerivedFrom, ns.section_iri(o.process)))

    for c in t.clauses:
        doc = edition_doc[c.edition]
        iri = ns.clause_iri(doc.id, c.clause)
        scheme = ns.document_iri(doc.id)
        g.add((iri, RDF.type, PRM.Clause))
        g.add((iri, RDF.type, SKOS.Concept))
        g.add((iri, SKOS.notation, Literal(c.clause)))
        g.add((iri, PRM.clauseAsPrinted, Literal(c.clause_as_printed)))
        g.add((iri, PRM.heading, en(c.heading)))
        g.add((iri, SKOS.prefLabel, en(f"{c.clause} {c.heading}")))
        g.add((iri, RDFS.label, en(f"{doc.identifier} {c.clause} {c.heading}")))
        g.add((iri, PRM.edition, scheme))
        g.add((iri, SKOS.inScheme, scheme))

    for e in t.traceability:
        piri, pid = process_iri[e.process]
        doc = edition_doc[e.edition]
        clause = ns.clause_iri(doc.id, e.clause)
        iri = ns.entry_iri(pid, e.position)
        g.add((piri, PRM.hasTraceabilityEntry, iri))
        g.add((iri, RDF.type, PRM.TraceabilityEntry))
        g.add((iri, PRM.position, Literal(e.position, datatype=XSD.positiveInteger)))
        g.add((iri, PRM.citesClause, clause))
        g.add((iri, PRM.clauseAsPrinted, Literal(e.clause_as_printed)))
        g.add((iri, PRM.headingAsPrinted, en(e.heading_as_printed)))
        numbers = ",".join(str(n) for n in e.outcomes)
        g.add(
            (
                iri,
                RDFS.label,
                en(f"20000-1 {e.edition} {e.clause_as_printed} {e.heading_as_printed} [{numbers}]"),
            )
        )
        g.add((iri, PROV.wasDerivedFrom, ns.section_iri(e.process)))
        for n in e.outcomes:
            g.add((iri, PRM.supportsOutcome, outcome_iri[(e.process, n)]))
            g.add((outcome_iri[(e.process, n)], PRM.tracesTo, clause))
