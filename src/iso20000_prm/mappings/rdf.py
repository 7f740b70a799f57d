"""Mapping sets into the graph: each set with its provenance, its records, the direct triples.

The editions stay separate SKOS concept schemes; a set links their clauses. Each correspondence
becomes a direct SKOS mapping triple plus a mapping record (``setrel:Mapping``) carrying
justification, confidence and, where set-theoretic, the NIST IR 8477 relationship and
rationale. The published 2011 edition, which the TR does not cite, enters as a third scheme
holding only the clauses the curated table names. rdflib is imported inside the functions.
"""

from __future__ import annotations

import re
from pathlib import Path

from iso20000_prm import vocab as ns
from iso20000_prm.mappings.model import EDITION_2011, EDITION_2018, MappingSet, record_iri
from iso20000_prm.mappings.reference import (
    REFERENCE_TABLE,
    REFERENCE_TABLE_2018,
    clause_list_2018,
    headings_2011_from_2018_table,
    published_headings,
    reference_table_2018_iri,
    reference_table_iri,
)
from iso20000_prm.vocab import clause_key


def bind_prefixes(graph) -> None:
    from rdflib import Namespace

    for prefix, iri in (
        ("setrel", ns.SETREL_NS),
        ("void", ns.VOID_NS),
        ("semapv", ns.SEMAPV_NS),
        ("sssom", ns.SSSOM_NS),
    ):
        graph.bind(prefix, Namespace(iri), override=True, replace=True)


def set_relations_file() -> Path:
    from iso20000_prm.files import resource_dir

    return resource_dir("ontology") / "set-relations.ttl"


def add_mapping_set(graph, mset: MappingSet, records_iri=record_iri) -> None:
    """State ``mset`` in ``graph``: the set with its provenance, each record, and the direct triples."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

    SETREL = lambda local: URIRef(ns.SETREL_NS + local)  # noqa: E731
    s = URIRef(mset.iri)
    graph.add((s, RDF.type, SETREL("MappingSet")))
    graph.add((s, RDF.type, URIRef(ns.VOID_NS + "Linkset")))
    graph.add((s, RDFS.label, Literal(mset.title, lang="en")))
    graph.add((s, DCTERMS.title, Literal(mset.title, lang="en")))
    graph.add((s, DCTERMS.description, Literal(mset.description, lang="en")))
    graph.add((s, DCTERMS.identifier, Literal(mset.name)))
    graph.add((s, DCTERMS.license, URIRef(ns.LICENSE)))
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", mset.source_date):
        graph.add((s, DCTERMS.date, Literal(mset.source_date, datatype=XSD.date)))
    for src in mset.derived_from:
        graph.add((s, PROV.wasDerivedFrom, URIRef(src)))
        graph.add((s, DCTERMS.source, URIRef(src)))
    graph.add((s, URIRef(ns.VOID_NS + "subjectsTarget"), URIRef(mset.subject_source)))
    graph.add((s, URIRef(ns.VOID_NS + "objectsTarget"), URIRef(mset.object_source)))
    for pred in sorted({m.predicate for m in mset.mappings if m.has_object and not m.negated}):
        graph.add((s, URIRef(ns.VOID_NS + "linkPredicate"), URIRef(pred)))
    for m in mset.mappings:
        r = URIRef(records_iri(mset.iri, m))
        subj = URIRef(m.subject)
        graph.add((r, RDF.type, SETREL("Mapping")))
        graph.add((r, SETREL("inMappingSet"), s))
        graph.add((r, SETREL("mappingSubject"), subj))
        graph.add((r, SETREL("mappingObject"), URIRef(m.object)))
        graph.add((r, SETREL("mappingPredicate"), URIRef(m.predicate)))
        graph.add((r, SETREL("mappingJustification"), URIRef(m.justification)))
        label = f"{m.subject_label or m.subject} {m.predicate.rsplit('#', 1)[-1].rsplit('/', 1)[-1]} {m.object_label or m.object}"
        graph.add((r, RDFS.label, Literal(label, lang="en")))
        if m.confidence is not None:
            graph.add((r, SETREL("confidence"), Literal(m.confidence, datatype=XSD.decimal)))
        if m.confidence_level:
            graph.add((r, SETREL("confidenceLevel"), Literal(m.confidence_level)))
        if m.similarity_score is not None:
            graph.add(
                (r, SETREL("similarityScore"), Literal(m.similarity_score, datatype=XSD.decimal))
            )
        if m.similarity_measure:
            graph.add((r, SETREL("similarityMeasure"), Literal(m.similarity_measure)))
        if m.source_relation:
            graph.add((r, SETREL("sourceRelation"), Literal(m.source_relation)))
        if m.evidence:
            graph.add((r, SETREL("evidence"), Literal(m.evidence)))
        if m.hops:  # a chained record: its hops, in order, and the clauses passed through
            for hop in m.hops:
                graph.add((r, SETREL("hop"), URIRef(hop)))
                graph.add((r, PROV.wasDerivedFrom, URIRef(hop)))
            for via in m.via:
                graph.add((r, SETREL("viaClause"), URIRef(via)))
            graph.add((r, SETREL("hopCount"), Literal(len(m.hops))))
            if m.chain:
                graph.add((r, SETREL("chain"), Literal(m.chain)))
            if m.relationship and m.has_object:
                graph.add((r, SETREL("relationship"), SETREL(m.relationship)))
                graph.add((r, SETREL("rationale"), SETREL(m.rationale or "semantic")))
            continue  # derived: no direct triples, so derived and curated links never mix
        if m.negated:
            graph.add(
                (
                    r,
                    RDFS.comment,
                    Literal(
                        "Negated mapping (SSSOM predicate_modifier Not): the subject does NOT stand in this relation to the object; no mapping triple is stated.",
                        lang="en",
                    ),
                )
            )
            continue
        if not m.has_object:
            graph.add(
                (
                    r,
                    RDFS.comment,
                    Literal(
                        "No corresponding clause was found in the object document (sssom:NoTermFound); no mapping triple is stated.",
                        lang="en",
                    ),
                )
            )
            continue
        graph.add((subj, URIRef(m.predicate), URIRef(m.object)))
        if m.relationship:
            graph.add((r, SETREL("relationship"), SETREL(m.relationship)))
            graph.add((r, SETREL("rationale"), SETREL(m.rationale or "semantic")))
            graph.add((subj, SETREL(m.relationship), URIRef(m.object)))


def _edition_scheme(graph, doc_id: str, year: str, ordinal: str, note: str):
    """A published edition of ISO/IEC 20000-1 the TR does not cite, as a concept scheme."""
    from rdflib import Literal
    from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

    from iso20000_prm.vocab import PRM

    doc = ns.document_iri(doc_id)
    identifier = f"ISO/IEC 20000-1:{year}"
    graph.add((doc, RDF.type, PRM.Document))
    graph.add((doc, RDF.type, SKOS.ConceptScheme))
    graph.add((doc, RDFS.label, Literal(identifier)))
    graph.add((doc, DCTERMS.identifier, Literal(identifier)))
    graph.add(
        (doc, DCTERMS.title, Literal(f"ISO/IEC 20000-1 {ordinal} edition ({year})", lang="en"))
    )
    graph.add((doc, DCTERMS.issued, Literal(year, datatype=XSD.gYear)))
    graph.add((doc, SKOS.editorialNote, Literal(note, lang="en")))
    return doc


def _curated_table(graph, iri: str, file_name: str, title: str, description: str):
    """A shipped curated table as the PROV entity the clauses it names are derived from."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

    ref = URIRef(iri)
    graph.add((ref, RDF.type, PROV.Entity))
    graph.add((ref, RDFS.label, Literal(file_name)))
    graph.add((ref, DCTERMS.title, Literal(title, lang="en")))
    graph.add((ref, DCTERMS.description, Literal(description, lang="en")))
    return ref


def _clause_concept(graph, iri, doc, identifier: str, clause: str, heading: str | None, ref):
    """One clause of a published edition: notation, labels (heading where confirmed), source."""
    from rdflib import Literal
    from rdflib.namespace import PROV, RDF, RDFS, SKOS

    graph.add((iri, RDF.type, SKOS.Concept))
    graph.add((iri, SKOS.inScheme, doc))
    graph.add((iri, SKOS.notation, Literal(clause)))
    graph.add(
        (iri, SKOS.prefLabel, Literal(f"{clause} {heading}" if heading else clause, lang="en"))
    )
    label = f"{identifier} {clause}" + (f" {heading}" if heading else "")
    graph.add((iri, RDFS.label, Literal(label, lang="en")))
    graph.add((iri, PROV.wasDerivedFrom, ref))


def add_published_2011(graph, mset: MappingSet, extra: MappingSet | None = None) -> None:
    """The published ISO/IEC 20000-1:2011 as a third concept scheme: only the clauses the curated
    tables name (draft -> 2011 objects, 2011 -> 2018 subjects from ``extra``), with a heading only
    where a table gives one."""
    from rdflib import URIRef
    from rdflib.namespace import PROV

    doc = _edition_scheme(
        graph,
        EDITION_2011,
        "2011",
        "second",
        "Not cited by ISO/IEC TR 20000-4:2010; known here only through the curated reference table "
        "20000-1-2ed-draft-to-2011.csv, which names the clauses corresponding to the 2ED DRAFT clauses the TR cites. "
        "Headings are given only where that table confirms them.",
    )
    ref = _curated_table(
        graph,
        reference_table_iri(),
        REFERENCE_TABLE,
        "Curated table: ISO/IEC 20000-1 2ED DRAFT clauses to ISO/IEC 20000-1:2011 clauses",
        "Built by matching headings against published heading lists; no copy of the draft was found, so it is a curated "
        "mapping, not an official concordance. An empty published heading means the wording was not confirmed.",
    )
    headings = {**headings_2011_from_2018_table(), **published_headings()}
    clauses = {m.object: m.object_notation for m in mset.mappings if m.has_object}
    from_2018_table = {URIRef(m.subject) for m in extra.mappings} if extra is not None else set()
    for m in extra.mappings if extra is not None else ():
        clauses.setdefault(m.subject, m.subject_notation)
    for iri, clause in sorted(clauses.items(), key=lambda kv: clause_key(kv[1])):
        iri = URIRef(iri)
        _clause_concept(graph, iri, doc, "ISO/IEC 20000-1:2011", clause, headings.get(clause), ref)
        if iri in from_2018_table:
            graph.add((iri, PROV.wasDerivedFrom, URIRef(reference_table_2018_iri())))


def add_published_2018(graph, mset: MappingSet) -> None:
    """ISO/IEC 20000-1:2018 as a fourth concept scheme: the clauses of the 2018 clause list
    (transcribed from the 2011 -> 2018 table's provenance), each with the heading the sources
    there confirm, and the provenance of the 2011 -> 2018 table."""
    from rdflib import Literal
    from rdflib.namespace import SKOS

    doc = _edition_scheme(
        graph,
        EDITION_2018,
        "2018",
        "third",
        "Not cited by ISO/IEC TR 20000-4:2010; known here only through the curated table "
        "20000-1-2011-to-2018.csv and the clause list transcribed from its provenance "
        "(20000-1-2018-clauses.csv). Clause numbers and headings only; no text of the standard.",
    )
    ref = _curated_table(
        graph,
        reference_table_2018_iri(),
        REFERENCE_TABLE_2018,
        "Curated table: ISO/IEC 20000-1:2011 clauses to ISO/IEC 20000-1:2018 clauses",
        "Curated, not an official concordance: 15 rows rest on a published correlation table "
        "(high), 24 on exact heading matches or published statements (medium), 37 on the "
        "curator's judgement (low). Provenance in 20000-1-2011-to-2018.md.",
    )
    targets = {m.object_notation for m in mset.mappings if m.has_object}
    unnamed = Literal("No row of the 2011 -> 2018 table names this clause as a target.", lang="en")
    for clause, heading in clause_list_2018().items():
        iri = ns.clause_iri(EDITION_2018, clause)
        _clause_concept(graph, iri, doc, "ISO/IEC 20000-1:2018", clause, heading, ref)
        if clause not in targets:
            graph.add((iri, SKOS.editorialNote, unnamed))


def add_mapping_sets(graph, tables, include_vocabulary: bool = True) -> dict[str, MappingSet]:
    """Add the shipped mapping sets, direct and chained (and the 2011 and 2018 concept schemes
    they need) to ``graph``."""
    from iso20000_prm.mappings import mapping_sets

    sets = mapping_sets(tables)
    bind_prefixes(graph)
    if include_vocabulary:
        graph.parse(set_relations_file(), format="turtle")
    for mset in sets.values():
        add_mapping_set(graph, mset)
    if "2ed-draft-to-2011" in sets:
        add_published_2011(graph, sets["2ed-draft-to-2011"], sets.get("2011-to-2018"))
    if "2011-to-2018" in sets:
        add_published_2018(graph, sets["2011-to-2018"])
    if "prm-to-itil4" in sets or "prm-to-cobit2019" in sets:
        add_frameworks(graph)
    return sets


def add_frameworks(graph) -> None:
    """ITIL 4 practices and COBIT 2019 objectives as two SKOS concept schemes (names and
    identifiers only), each item ``dcterms:isPartOf`` its group: its category (ITIL), its domain
    and its objective type (COBIT), each group a ``skos:Concept`` outside the scheme (the terms the
    ontology declares, so the build stays OWL 2 DL), with the shipped tables as PROV entities."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

    from iso20000_prm.mappings.frameworks import FRAMEWORKS, PROVENANCE, read_items, table_iri

    for fw in FRAMEWORKS:
        scheme = URIRef(fw.iri)
        items = read_items(fw)
        ref = _curated_table(
            graph,
            table_iri(fw.vocabulary),
            fw.vocabulary,
            f"Curated list: {fw.title}",
            f"The names and identifiers of the {len(items)} {fw.title} with the sources of each "
            f"name (keys of {PROVENANCE}). Names and identifiers only; no text of {fw.name}.",
        )
        _curated_table(
            graph,
            table_iri(fw.crosswalk),
            fw.crosswalk,
            f"Curated crosswalk: ISO/IEC TR 20000-4:2010 processes to {fw.title}",
            f"One row per (PRM process, {fw.item_kind}) pair with relation, confidence and "
            f"evidence; sources, rules and what is uncertain in {PROVENANCE}. Not an official "
            "mapping.",
        )
        graph.add((scheme, RDF.type, SKOS.ConceptScheme))
        graph.add((scheme, RDFS.label, Literal(fw.title, lang="en")))
        graph.add((scheme, DCTERMS.title, Literal(fw.title, lang="en")))
        graph.add((scheme, DCTERMS.identifier, Literal(fw.name)))
        graph.add((scheme, PROV.wasDerivedFrom, ref))
        graph.add(
            (
                scheme,
                SKOS.editorialNote,
                Literal(
                    f"Names and identifiers of {fw.title} only, as listed in {fw.vocabulary}; no "
                    f"text of {fw.name} is reproduced.",
                    lang="en",
                ),
            )
        )
        groups: dict[str, URIRef] = {}
        for item in items.values():
            iri = URIRef(fw.item_iri(item.identifier))
            graph.add((iri, RDF.type, SKOS.Concept))
            graph.add((iri, SKOS.inScheme, scheme))
            graph.add((iri, SKOS.notation, Literal(item.identifier)))
            graph.add((iri, SKOS.prefLabel, Literal(item.name, lang="en")))
            shown = f"{item.identifier} " if fw.key == ns.FRAMEWORK_COBIT2019 else ""
            graph.add((iri, RDFS.label, Literal(f"{fw.name} {shown}{item.name}", lang="en")))
            graph.add((iri, PROV.wasDerivedFrom, ref))
            graph.add((iri, DCTERMS.source, Literal(f"name sources: {item.name_sources}")))
            if item.related_guidance:
                graph.add(
                    (
                        iri,
                        SKOS.editorialNote,
                        Literal(
                            "ISO/IEC 20000-1:2011 clauses COBIT 2019 cites in its related "
                            f"guidance: {item.related_guidance}",
                            lang="en",
                        ),
                    )
                )
            for group in item.groups:
                col = groups.get(group)
                if col is None:
                    col = groups[group] = URIRef(ns.framework_group_iri(fw.key, group))
                    graph.add((col, RDF.type, SKOS.Concept))
                    graph.add((col, SKOS.prefLabel, Literal(group, lang="en")))
                    graph.add((col, RDFS.label, Literal(f"{fw.name}: {group}", lang="en")))
                    graph.add((col, DCTERMS.isPartOf, scheme))
                graph.add((iri, DCTERMS.isPartOf, col))
