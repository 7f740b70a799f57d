"""Turn the source tables into the knowledge graph: vocabulary plus data, as one rdflib Graph.

What each column becomes is declared in :mod:`iso20000_prm.tables.schema`; this module adds
what no single column says: each row's node (its IRI and classes), the links between the
tables' nodes and the composed labels. Only the forward direction of each relation is written
(``prm:hasOutcome``, ``prm:tracesTo``...); the ontology declares the inverses, so a reasoner or
the validator can derive them, and the published file stays free of redundant triples.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from iso20000_prm import vocab as ns
from iso20000_prm.files import ontology_file
from iso20000_prm.gc_tuning import fewer_full_collections
from iso20000_prm.tables import schema
from iso20000_prm.tables.read import load_tables
from iso20000_prm.tables.schema import Table, Tables
from iso20000_prm.vocab import PRM


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


@lru_cache(maxsize=1)
def ontology() -> Graph:
    """The OWL vocabulary (``ontology/iso20000-prm.ttl``), parsed once per process.

    Shared: callers must not change it (copy it with :func:`load_ontology` to add to it).
    """
    graph = Graph(bind_namespaces="none")
    graph.parse(ontology_file(), format="turtle")
    return graph


def load_ontology(graph: Graph | None = None) -> Graph:
    """The OWL vocabulary added to ``graph`` (default: a new Graph), with its prefixes.

    Comes from the parsed :func:`ontology`; its blank nodes are fresh in each copy, as a parse
    would make them, so two copies merged never share an axiom's node.
    """
    graph = graph if graph is not None else Graph()
    source = ontology()
    for prefix, namespace in source.namespaces():
        graph.bind(prefix, namespace)
    fresh: dict[BNode, BNode] = {}

    def copy(node):
        if isinstance(node, BNode):
            if node not in fresh:
                fresh[node] = BNode()
            return fresh[node]
        return node

    for s, p, o in source:
        graph.add((copy(s), p, copy(o)))
    return graph


def new_graph(identifier: str | None = None) -> Graph:
    """An empty graph with the project's prefixes, on the builder's :class:`IndexStore`."""
    from iso20000_prm.graph.index_store import IndexStore
    from iso20000_prm.graph.namespace_lookup import install

    install()  # before the graph's namespace manager sees its first IRI
    graph = Graph(store=IndexStore(), identifier=URIRef(identifier) if identifier else None)
    for prefix, namespace in ns.PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def compose(
    tables: Tables,
    data,
    rest: Graph,
    include_ontology: bool = True,
    include_mappings: bool = True,
) -> None:
    """The parts of the graph, in order: vocabulary into ``rest``, the tables' data into
    ``data`` (an rdflib Graph, or anything with ``add(triple)``), the mapping sets into ``rest``.

    :func:`build_graph` passes one Graph as both.
    """
    if include_ontology:
        load_ontology(rest)
    add_data(data, tables)
    if include_mappings:
        from iso20000_prm.mappings.rdf import add_mapping_sets

        add_mapping_sets(rest, tables, include_vocabulary=include_ontology)


@fewer_full_collections()
def build_graph(
    tables: Tables | Path | str | None = None,
    include_ontology: bool = True,
    include_mappings: bool = True,
) -> Graph:
    """Build the knowledge graph from ``tables`` (a :class:`Tables`, a folder, or the shipped tables).

    The graph is named :data:`~iso20000_prm.vocab.GRAPH_IRI` and its blank nodes carry their
    canonical labels (the same tables give the same labels). ``include_mappings`` adds the
    mapping sets between editions of ISO/IEC 20000-1, curated and chained (see
    :mod:`iso20000_prm.mappings`) and, with the ontology, their small vocabulary.
    """
    from iso20000_prm.graph.formats import canonicalise_in_place

    if not isinstance(tables, Tables):
        tables = load_tables(tables)
    graph = new_graph(ns.GRAPH_IRI)
    # the data (nearly every triple) goes straight into the store's index
    compose(tables, _Sink(graph.store.adder()), graph, include_ontology, include_mappings)
    # blank nodes (the vocabulary's) labelled canonically now, so a release needs no copy
    return canonicalise_in_place(graph)


@lru_cache(maxsize=1)
def _terms():
    """The vocabulary terms :func:`add_data` writes, each made once: rdflib makes a new URIRef
    on every ``PRM.hasOutcome``, and equal but distinct keys cost a Python ``__eq__`` in every
    index look-up."""
    from types import SimpleNamespace

    terms = {
        "isPartOf": DCTERMS.isPartOf,
        "references": DCTERMS.references,
        "source": DCTERMS.source,
        "wasDerivedFrom": PROV.wasDerivedFrom,
        "type": RDF.type,
        "label": RDFS.label,
        "inScheme": SKOS.inScheme,
        "prefLabel": SKOS.prefLabel,
    }
    for name in (
        "ProcessReferenceModel citesClause edition hasOutcome hasProcess hasTraceabilityEntry "
        "section supportsOutcome tracesTo"
    ).split():
        terms[name] = PRM[name]
    return SimpleNamespace(**terms)


class _Sink:
    """What :func:`add_data` writes to: anything with ``add(triple)``."""

    __slots__ = ("add",)

    def __init__(self, add):
        self.add = add


_LITERALS = {
    schema.EN: lambda v: Literal(v, lang="en"),
    schema.PLAIN: Literal,
    schema.BOOLEAN: Literal,
    schema.POSITIVE_INTEGER: lambda v: Literal(v, datatype=XSD.positiveInteger),
    schema.DATE: _date_literal,
}


def _memo(make):
    """``make`` remembering its literal for each value: a value that comes back (a number, a
    boolean, a repeated heading) gives the same (immutable) term, made once and stored once."""
    cache: dict = {}

    def made(value):
        key = (type(value), value)  # True and 1 are equal keys, not equal literals
        term = cache.get(key)
        if term is None:
            term = cache[key] = make(value)
        return term

    return made


class _Rows:
    """Adds each row's classes and column triples as the schema declares them."""

    def __init__(self, g, table: Table, makers: dict):
        self.g = g
        self.type = _terms().type
        self.classes = [URIRef(c) for c in table.classes]
        self.plan = []
        for column in table.columns:
            spec = column.rdf
            if spec is None:
                continue
            if spec.kind == schema.LINK:
                links = {k: URIRef(v) for k, v in spec.links.items()}
                make = links.__getitem__
            else:
                literal = _LITERALS[spec.kind]
                template = spec.template
                make = makers.get((spec.kind, template))
                if make is None:  # one per kind of literal, shared by the tables' columns
                    make = makers[(spec.kind, template)] = _memo(
                        literal
                        if template == "{}"
                        else (lambda v, f=literal, t=template: f(t.format(v)))
                    )
            self.plan.append(
                (
                    column.name,
                    [URIRef(p) for p in spec.props],
                    make,
                    [URIRef(c) for c in spec.classes],
                )
            )

    def add(self, iri, record) -> None:
        g = self.g
        rdf_type = self.type
        for cls in self.classes:
            g.add((iri, rdf_type, cls))
        for name, props, make, classes in self.plan:
            value = getattr(record, name)
            if value == "":
                continue
            for cls in classes:
                g.add((iri, rdf_type, cls))
            obj = make(value)
            for p in props:
                g.add((iri, p, obj))


def add_data(g, t: Tables) -> None:
    """Add the triples the tables state to ``g`` (an rdflib Graph or anything with ``add``)."""
    voc = _terms()
    makers: dict = {}
    en = makers[(schema.EN, "{}")] = _memo(lambda text: Literal(text, lang="en"))
    docs = {d.id: d for d in t.documents}
    edition_doc = {d.edition_code: d for d in t.documents if d.edition_code}
    tr = ns.document_iri(ns.TR_ID)

    rows = _Rows(g, schema.DOCUMENTS, makers)
    for d in t.documents:
        iri = ns.document_iri(d.id)
        rows.add(iri, d)
        if d.id != ns.TR_ID:  # the documents the TR involves (export-tables reads these)
            g.add((tr, voc.references, iri))

    rows = _Rows(g, schema.SECTIONS, makers)
    for s in t.sections:
        iri = ns.section_iri(s.section)
        rows.add(iri, s)
        g.add((tr, voc.section, iri))
        g.add((iri, voc.isPartOf, tr))
        g.add((iri, voc.label, en(section_label(s.section, s.title))))

    prm = ns.prm_iri()
    g.add((prm, voc.type, voc.ProcessReferenceModel))
    label = f"Process reference model of {docs[ns.TR_ID].identifier}"
    g.add((prm, voc.label, en(label)))
    g.add((prm, voc.source, tr))

    process_iri = {}
    rows = _Rows(g, schema.PROCESSES, makers)
    for p in t.processes:
        iri = ns.process_iri(p.id)
        process_iri[p.clause] = (iri, p.id)
        g.add((prm, voc.hasProcess, iri))
        rows.add(iri, p)
        g.add((iri, voc.wasDerivedFrom, ns.section_iri(p.clause)))

    outcome_iri: dict[tuple[str, int], URIRef] = {}
    rows = _Rows(g, schema.OUTCOMES, makers)
    for o in t.outcomes:
        piri, pid = process_iri[o.process]
        iri = ns.outcome_iri(pid, o.number)
        outcome_iri[(o.process, o.number)] = iri
        g.add((piri, voc.hasOutcome, iri))
        rows.add(iri, o)
        g.add((iri, voc.label, en(clean_outcome_label(o.text))))
        g.add((iri, voc.wasDerivedFrom, ns.section_iri(o.process)))

    rows = _Rows(g, schema.CLAUSES, makers)
    for c in t.clauses:
        doc = edition_doc[c.edition]
        iri = ns.clause_iri(doc.id, c.clause)
        scheme = ns.document_iri(doc.id)
        rows.add(iri, c)
        g.add((iri, voc.prefLabel, en(f"{c.clause} {c.heading}")))
        g.add((iri, voc.label, en(f"{doc.identifier} {c.clause} {c.heading}")))
        g.add((iri, voc.edition, scheme))
        g.add((iri, voc.inScheme, scheme))

    rows = _Rows(g, schema.TRACEABILITY, makers)
    for e in t.traceability:
        piri, pid = process_iri[e.process]
        doc = edition_doc[e.edition]
        clause = ns.clause_iri(doc.id, e.clause)
        iri = ns.entry_iri(pid, e.position)
        g.add((piri, voc.hasTraceabilityEntry, iri))
        rows.add(iri, e)
        g.add((iri, voc.citesClause, clause))
        numbers = ",".join(str(n) for n in e.outcomes)
        label = f"20000-1 {e.edition} {e.clause_as_printed} {e.heading_as_printed} [{numbers}]"
        g.add((iri, voc.label, en(label)))
        g.add((iri, voc.wasDerivedFrom, ns.section_iri(e.process)))
        for n in e.outcomes:
            g.add((iri, voc.supportsOutcome, outcome_iri[(e.process, n)]))
            g.add((outcome_iri[(e.process, n)], voc.tracesTo, clause))


def section_label(section: str, title: str) -> str:
    """A section's ``rdfs:label``: its number and title, or the title alone when they are the
    same (``Bibliography``); :mod:`~iso20000_prm.graph.extract` reads it back."""
    return f"{section} {title}" if section != title else title
