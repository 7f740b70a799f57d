"""What the site shows, read out of the graph into plain Python objects.

The pages are rendered from this model only, so every fact on a page comes from a triple; the
model also fixes the order of everything (clause numbers numerically, processes by clause), which
keeps the generated pages byte-for-byte deterministic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from iso20000_prm.tables import schema
from iso20000_prm.vocab import PROV_NS, SETREL_NS, clause_key

SKOS_MAPPING = ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
INVERSE_MAPPING = {
    "exactMatch": "exactMatch",
    "closeMatch": "closeMatch",
    "broadMatch": "narrowMatch",
    "narrowMatch": "broadMatch",
    "relatedMatch": "relatedMatch",
}


def safe_name(text: str) -> str:
    """A file-name-safe slug: letters, digits, ``.``, ``_`` and ``-`` only, never ``.``/``..``."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.")
    return slug or "x"


@dataclass
class Edition:
    iri: str
    slug: str
    identifier: str
    title: str
    code: str
    issued: str
    notes: list[str]
    clauses: list[Clause] = field(default_factory=list)

    @property
    def path(self) -> str:
        return _page(self.iri, f"edition/{self.slug}")


def _page(iri: str, fallback: str) -> str:
    """The page of ``iri`` in the site: its IRI path (``id/process/x.html``), or, for an IRI
    outside the base, ``other/<fallback>.html``."""
    from iso20000_prm.site.resources import page_path

    return page_path(iri) or f"other/{fallback}.html"


@dataclass
class Clause:
    iri: str
    slug: str
    edition: Edition
    notation: str
    as_printed: str
    heading: str
    traced_from: list[Outcome] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    mappings: list[tuple[str, str, str]] = field(
        default_factory=list
    )  # (skos relation, other IRI, how derived)
    counterparts: list[Counterpart] = field(default_factory=list)  # in the other editions

    @property
    def path(self) -> str:
        return _page(self.iri, f"clause/{self.edition.slug}/{self.slug}")

    @property
    def outcomes(self) -> list[Outcome]:
        """The outcomes the TR traces to the clause (what the across-editions section compares)."""
        return self.traced_from


@dataclass(frozen=True)
class Counterpart:
    """A clause of another edition a mapping record of the graph relates a clause to."""

    iri: str
    edition: str  # the other edition's identifier (ISO/IEC 20000-1:2011)
    edition_issued: str  # the year the edition sorts by (edition_year)
    notation: str
    heading: str
    relation: str  # the SKOS relation read from the clause to the counterpart
    confidence: str  # high | medium | low | ""
    mapping_set: str  # the set's identifier
    chain: str  # "1ED IS 9.2 -> 2ED DRAFT 9.2 -> 2011 9.2" for a chained record, else ""


@dataclass(frozen=True, eq=False)
class Reach:
    """One PRM outcome reaching a clause of a later edition through one mapping record (curated
    or chained): what the saved query ``chain-traces`` gives as a row."""

    outcome: Outcome
    from_edition: str  # the TR edition's code (1ED IS, 2ED DRAFT)
    from_clause: str  # the TR clause the outcome traces to
    chain: str  # "2ED DRAFT 9.2 -> 2011 9.2 -> 2018 8.5.1"
    mapping_set: str  # the set's identifier
    predicate: str  # the SKOS property (exactMatch ...)
    relationship: str  # the NIST IR 8477 relation ("" when the chain states none)
    confidence: str  # the record's level: the chain's weakest hop


@dataclass
class LaterClause:
    """A clause of an edition the TR does not cite (2011, 2018), known through the mapping sets."""

    iri: str
    notation: str
    heading: str
    edition: LaterEdition
    reaches: list[Reach] = field(default_factory=list)
    around: list[str] = field(default_factory=list)  # reached sub-clauses or parent (notations)
    counterparts: list[Counterpart] = field(default_factory=list)  # in the other editions

    @property
    def path(self) -> str:
        return _page(self.iri, f"clause/{self.edition.slug}/{self.slug}")

    @property
    def slug(self) -> str:
        return safe_name(self.notation)

    @property
    def outcomes(self) -> list[Outcome]:
        """The outcomes reaching the clause through any mapping record, each once, in order."""
        return list({r.outcome.iri: r.outcome for r in self.reaches}.values())

    @property
    def anchor(self) -> str:
        return "clause-" + safe_name(self.notation)

    @property
    def best(self) -> str:
        """The confidence of the strongest chain reaching the clause ("" when none does)."""
        ranks = [RANK.get(r.confidence, 0) for r in self.reaches]
        return {3: "high", 2: "medium", 1: "low"}.get(max(ranks, default=0), "")

    @property
    def status(self) -> str:
        """reached | around (only a sub-clause or the parent is) | unreached."""
        return "reached" if self.reaches else "around" if self.around else "unreached"


@dataclass
class LaterEdition:
    iri: str
    slug: str
    identifier: str
    title: str
    issued: str
    notes: list[str]
    year: str  # how the saved queries and chains name it (2018)
    clauses: list[LaterClause] = field(default_factory=list)
    mapping_sets: list[tuple[str, bool]] = field(default_factory=list)  # (identifier, chained)

    @property
    def path(self) -> str:
        return _page(self.iri, f"edition/{self.slug}")


RANK = {"low": 1, "medium": 2, "high": 3}


def astuple_tail(r: Reach) -> tuple:
    """A reach's fields after its outcome (what, with the outcome's IRI, tells two apart)."""
    return (
        r.from_edition,
        r.from_clause,
        r.chain,
        r.mapping_set,
        r.predicate,
        r.relationship,
        r.confidence,
    )


@dataclass
class Outcome:
    iri: str
    number: int
    number_printed: bool
    verbatim: str
    bracket_iri: str
    bracket_label: str
    process: Process = None
    clauses: list[Clause] = field(default_factory=list)

    @property
    def directly_linked(self) -> bool:
        return not self.bracket_iri.endswith("#FullyBracketed")

    @property
    def traced(self) -> bool:
        return bool(self.clauses)


@dataclass
class Entry:
    iri: str
    position: int
    clause: Clause
    clause_as_printed: str
    heading_as_printed: str
    outcome_numbers: list[int]
    process: Process = None


@dataclass
class Process:
    iri: str
    slug: str
    notation: str
    name: str
    context: str
    purpose: str
    available: bool
    section_iri: str
    section_note: str
    toc_page: str
    outcomes: list[Outcome] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)

    @property
    def path(self) -> str:
        return _page(self.iri, f"process/{self.slug}")

    @property
    def title(self) -> str:
        return f"{self.notation} {self.name}"

    def outcome(self, number: int) -> Outcome | None:
        return next((o for o in self.outcomes if o.number == number), None)


@dataclass
class Term:
    """A term of the vocabulary: class, property or named individual."""

    iri: str
    kind: str
    label: str
    definition: str
    facts: list[tuple[str, list[str]]]  # (relation label, IRIs or literal texts)

    @property
    def anchor(self) -> str:
        return safe_name(self.iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1])


@dataclass
class Vocabulary:
    iri: str
    title: str
    description: str
    version: str
    namespace: str
    prefix: str
    license: str
    comment: str
    terms: list[Term]


@dataclass
class SiteModel:
    prm_iri: str
    prm_label: str
    source_iri: str
    source_label: str
    processes: list[Process]
    editions: list[Edition]
    clauses: dict[str, Clause]
    vocabulary: Vocabulary | None
    mapping_count: int
    labels: dict[str, str]  # IRI -> label, for IRIs the site has no page for
    documents: set[str] = field(default_factory=set)  # site paths (no suffix) of resource pages
    later_editions: list[LaterEdition] = field(default_factory=list)  # 2011, 2018: not TR-cited

    def page_of(self, iri: str) -> str:
        """The page of ``iri`` in the site ("" when the site has none)."""
        from iso20000_prm.site.resources import doc_path

        path = doc_path(iri)
        return path + ".html" if path is not None and path in self.documents else ""


def _text(graph, subject, predicate) -> str:
    """The object literal of (subject, predicate), English first, deterministic when several."""
    values = sorted(
        graph.objects(subject, predicate),
        key=lambda v: (getattr(v, "language", None) not in ("en", None), str(v)),
    )
    return str(values[0]) if values else ""


def _int(graph, subject, predicate) -> int:
    """An integer the pages need (outcome number, entry position); a clear error if it is missing."""
    from iso20000_prm.errors import PRMError

    value = graph.value(subject, predicate)
    try:
        return int(value.toPython())
    except (AttributeError, TypeError, ValueError):
        raise PRMError(
            f"{subject}: needs one integer {predicate}, found {value!r}; is the graph complete?"
        ) from None


def _bool(graph, subject, predicate, default=True) -> bool:
    value = graph.value(subject, predicate)
    return default if value is None else bool(value.toPython())


def load_model(graph) -> SiteModel:
    """Read processes, outcomes, traces, clauses, editions, mappings and the vocabulary from ``graph``."""
    from rdflib import URIRef
    from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

    from iso20000_prm.vocab import PRM

    def prop(table: schema.Table, column: str) -> URIRef:
        return URIRef(table.prop(column))

    doc, sec, proc, out = schema.DOCUMENTS, schema.SECTIONS, schema.PROCESSES, schema.OUTCOMES
    entry_, clause_ = schema.TRACEABILITY, schema.CLAUSES

    editions: dict[str, Edition] = {}
    used_slugs: set[str] = set()
    for iri in sorted(set(graph.subjects(RDF.type, PRM.Edition)), key=str):
        slug = _unique(safe_name(str(iri).rstrip("/").rsplit("/", 1)[-1]), used_slugs)
        notes = [
            t
            for t in (_text(graph, iri, prop(doc, "status")), _text(graph, iri, prop(doc, "note")))
            if t
        ]
        editions[str(iri)] = Edition(
            iri=str(iri),
            slug=slug,
            identifier=_text(graph, iri, prop(doc, "identifier"))
            or _text(graph, iri, RDFS.label)
            or str(iri),
            title=_text(graph, iri, prop(doc, "title")),
            code=_text(graph, iri, prop(doc, "edition_code")),
            issued=_text(graph, iri, prop(doc, "issued")),
            notes=notes,
        )

    clauses: dict[str, Clause] = {}
    for iri in set(graph.subjects(RDF.type, URIRef(clause_.classes[0]))):
        edition_iri = graph.value(iri, PRM.edition) or graph.value(iri, SKOS.inScheme)
        edition = editions.get(str(edition_iri))
        if edition is None:
            continue
        clauses[str(iri)] = Clause(
            iri=str(iri),
            slug="",
            edition=edition,
            notation=_text(graph, iri, prop(clause_, "clause")),
            as_printed=_text(graph, iri, prop(clause_, "clause_as_printed")),
            heading=_text(graph, iri, prop(clause_, "heading")),
        )
    for edition in editions.values():
        edition.clauses = sorted(
            (c for c in clauses.values() if c.edition is edition),
            key=lambda c: (clause_key(c.notation), c.iri),
        )
        slugs: set[str] = set()
        for c in edition.clauses:
            c.slug = _unique(safe_name(c.notation), slugs)

    processes: list[Process] = []
    process_slugs: set[str] = set()
    for iri in sorted(set(graph.subjects(RDF.type, URIRef(proc.classes[0]))), key=str):
        section = graph.value(iri, URIRef(PROV_NS + "wasDerivedFrom"))
        p = Process(
            iri=str(iri),
            slug=_unique(safe_name(str(iri).rsplit("/", 1)[-1]), process_slugs),
            notation=_text(graph, iri, prop(proc, "clause")),
            name=_text(graph, iri, prop(proc, "name")),
            context=_text(graph, iri, prop(proc, "context")),
            purpose=_text(graph, iri, prop(proc, "purpose")),
            available=_bool(graph, iri, prop(proc, "available")),
            section_iri=str(section) if section is not None else "",
            section_note=_text(graph, section, prop(sec, "note")) if section is not None else "",
            toc_page=_text(graph, section, prop(sec, "toc_page")) if section is not None else "",
        )
        for o in graph.objects(iri, PRM.hasOutcome):
            bracket = graph.value(o, prop(out, "bracket_status"))
            outcome = Outcome(
                iri=str(o),
                number=_int(graph, o, prop(out, "number")),
                number_printed=_bool(graph, o, prop(out, "number_printed")),
                verbatim=_text(graph, o, prop(out, "text")),
                bracket_iri=str(bracket) if bracket is not None else "",
                bracket_label=_text(graph, bracket, RDFS.label) if bracket is not None else "",
                process=p,
            )
            outcome.clauses = sorted(
                (clauses[str(c)] for c in graph.objects(o, PRM.tracesTo) if str(c) in clauses),
                key=lambda c: (c.edition.identifier, clause_key(c.notation)),
            )
            for c in outcome.clauses:
                c.traced_from.append(outcome)
            p.outcomes.append(outcome)
        p.outcomes.sort(key=lambda o: o.number)
        for e in graph.objects(iri, PRM.hasTraceabilityEntry):
            clause = clauses.get(str(graph.value(e, PRM.citesClause)))
            if clause is None:
                continue
            numbers = sorted(
                _int(graph, o, prop(out, "number")) for o in graph.objects(e, PRM.supportsOutcome)
            )
            entry = Entry(
                iri=str(e),
                position=_int(graph, e, prop(entry_, "position")),
                clause=clause,
                clause_as_printed=_text(graph, e, prop(entry_, "clause_as_printed")),
                heading_as_printed=_text(graph, e, prop(entry_, "heading_as_printed")),
                outcome_numbers=numbers,
                process=p,
            )
            p.entries.append(entry)
            clause.entries.append(entry)
        p.entries.sort(key=lambda e: e.position)
        processes.append(p)
    processes.sort(key=lambda p: (clause_key(p.notation), p.iri))
    order = {p.iri: i for i, p in enumerate(processes)}
    for c in clauses.values():
        c.traced_from.sort(key=lambda o: (order[o.process.iri], o.number))
        c.entries.sort(key=lambda e: (order[e.process.iri], e.position))

    labels: dict[str, str] = {}
    mapping_count = 0
    details = _mapping_details(graph)
    for name in SKOS_MAPPING:
        for s, o in graph.subject_objects(SKOS[name]):
            s, o = str(s), str(o)
            if s not in clauses and o not in clauses:
                continue
            mapping_count += 1
            about = details.get((s, name, o), "")
            if s in clauses:
                clauses[s].mappings.append((name, o, about))
            if o in clauses:
                clauses[o].mappings.append((INVERSE_MAPPING[name], s, about))
            for other in (s, o):
                if other not in clauses and other not in labels:
                    node = URIRef(other)
                    labels[other] = _text(graph, node, RDFS.label) or _text(
                        graph, node, SKOS.prefLabel
                    )
    for c in clauses.values():
        c.mappings = sorted(set(c.mappings), key=lambda m: (SKOS_MAPPING.index(m[0]), m[1]))
    _counterparts(graph, clauses)
    later = _later_editions(graph, editions, clauses, processes)
    _counterparts(graph, {c.iri: c for ed in later for c in ed.clauses})

    prm_iri = next(iter(sorted(graph.subjects(RDF.type, PRM.ProcessReferenceModel), key=str)), None)
    source = graph.value(prm_iri, DCTERMS.source) if prm_iri is not None else None
    return SiteModel(
        prm_iri=str(prm_iri or ""),
        prm_label=_text(graph, prm_iri, RDFS.label) if prm_iri is not None else "",
        source_iri=str(source or ""),
        source_label=(
            _text(graph, source, DCTERMS.identifier) + " " + _text(graph, source, DCTERMS.title)
        ).strip()
        if source is not None
        else "",
        processes=processes,
        editions=sorted(editions.values(), key=lambda e: (e.issued == "", e.issued, e.identifier)),
        clauses=clauses,
        vocabulary=load_vocabulary(graph),
        mapping_count=mapping_count,
        labels=labels,
        later_editions=later,
    )


def _later_editions(graph, editions, clauses, processes) -> list[LaterEdition]:
    """The editions of ISO/IEC 20000-1 the graph knows only as SKOS schemes reached by mapping
    records (2011, 2018; documents that are concept schemes but not ``prm:Edition``): every
    clause of the scheme, in clause order, and for each the PRM outcomes reaching it through a
    record whose subject is a clause the TR traces outcomes to, as the saved query
    ``chain-traces`` reads them (set, SKOS property, set relation, confidence level required)."""
    from rdflib import URIRef
    from rdflib.namespace import DCTERMS, RDF, SKOS

    from iso20000_prm.mappings.chain import unreached_clauses
    from iso20000_prm.vocab import PRM

    def sr(name):
        return URIRef(SETREL_NS + name)

    schemes = set(graph.subjects(RDF.type, SKOS.ConceptScheme)) & set(
        graph.subjects(RDF.type, PRM.Document)
    )
    used = {ed.slug.lower() for ed in editions.values()}
    later: dict[str, LaterEdition] = {}
    members: dict[str, LaterClause] = {}
    for iri in sorted(schemes, key=str):
        if str(iri) in editions:
            continue
        identifier = _text(graph, iri, DCTERMS.identifier) or str(iri)
        title = _text(graph, iri, DCTERMS.title)
        ed = LaterEdition(
            iri=str(iri),
            slug=_unique(safe_name(str(iri).rstrip("/").rsplit("/", 1)[-1]), used),
            identifier=identifier,
            title=title,
            issued=_text(graph, iri, DCTERMS.issued),
            notes=[t for t in (_text(graph, iri, SKOS.editorialNote),) if t],
            year=identifier.rsplit(":", 1)[-1] if ":" in identifier else identifier,
        )
        for c in graph.subjects(SKOS.inScheme, iri):
            notation = _text(graph, c, SKOS.notation)
            if not notation:
                continue
            label = _text(graph, c, SKOS.prefLabel)
            heading = label.split(" ", 1)[1] if " " in label else ""
            lc = LaterClause(iri=str(c), notation=notation, heading=heading, edition=ed)
            ed.clauses.append(lc)
            members[str(c)] = lc
        ed.clauses.sort(key=lambda c: (clause_key(c.notation), c.iri))
        later[str(iri)] = ed
    if not later:
        return []
    order = {p.iri: i for i, p in enumerate(processes)}
    sets: dict[str, dict[str, bool]] = {}
    for record in graph.subjects(sr("mappingObject"), None):
        target = members.get(str(graph.value(record, sr("mappingObject"))))
        if target is None:
            continue
        mset = graph.value(record, sr("inMappingSet"))
        set_name = _text(graph, mset, DCTERMS.identifier) if mset is not None else ""
        chain = _text(graph, record, sr("chain"))
        if set_name:
            known = sets.setdefault(target.edition.iri, {})
            known[set_name] = known.get(set_name, False) or bool(chain)
        source = clauses.get(str(graph.value(record, sr("mappingSubject"))))
        pred = graph.value(record, sr("mappingPredicate"))
        level = _text(graph, record, sr("confidenceLevel"))
        if source is None or not source.edition.code or not set_name or pred is None or not level:
            continue
        relation = graph.value(record, sr("relationship"))
        code = source.edition.code
        for o in source.traced_from:
            target.reaches.append(
                Reach(
                    outcome=o,
                    from_edition=code,
                    from_clause=source.notation,
                    chain=chain
                    or f"{code} {source.notation} -> {target.edition.year} {target.notation}",
                    mapping_set=set_name,
                    predicate=str(pred).rsplit("#", 1)[-1],
                    relationship=str(relation).rsplit("#", 1)[-1] if relation is not None else "",
                    confidence=level,
                )
            )
    for ed in later.values():
        ed.mapping_sets = sorted(sets.get(ed.iri, {}).items(), key=lambda s: (s[1], s[0]))
        for c in ed.clauses:
            unique = {(r.outcome.iri, *astuple_tail(r)): r for r in c.reaches}
            c.reaches = sorted(
                unique.values(),
                key=lambda r: (
                    order[r.outcome.process.iri],
                    r.outcome.number,
                    r.from_edition,
                    clause_key(r.from_clause),
                    r.mapping_set,
                    r.chain,
                ),
            )
        reached = [c.notation for c in ed.clauses if c.reaches]
        outside = set(unreached_clauses([c.notation for c in ed.clauses], reached))
        for c in ed.clauses:
            if not c.reaches and c.notation not in outside:
                c.around = [
                    r
                    for r in reached
                    if r.startswith(c.notation + ".")
                    or ("." in r and c.notation.startswith(r + "."))
                ]
    return sorted(later.values(), key=lambda e: (e.issued == "", e.issued, e.identifier))


def edition_year(issued: str, title: str) -> str:
    """The year an edition sorts by: its issue date, else the year its title names (a draft)."""
    found = re.search(r"\b(19|20)\d\d\b", title or "")
    return issued or (found.group(0) if found else "9999")


def _counterparts(graph, clauses: dict[str, Clause | LaterClause]) -> None:
    """Fill ``counterparts`` of the clauses given (cited or 2011/2018) from the graph's mapping records (direct and chained, both
    directions; negated records left out), ordered by edition date, then clause number."""
    from rdflib import URIRef
    from rdflib.namespace import DCTERMS, SKOS

    from iso20000_prm.vocab import PRM_NS

    def p(name):
        return URIRef(SETREL_NS + name)

    def edition_of(clause):
        ed = graph.value(clause, URIRef(PRM_NS + "edition")) or graph.value(clause, SKOS.inScheme)
        if ed is None:
            return "", ""
        return _text(graph, ed, DCTERMS.identifier) or str(ed), edition_year(
            _text(graph, ed, DCTERMS.issued), _text(graph, ed, DCTERMS.title)
        )

    def heading_of(clause, notation):
        heading = _text(graph, clause, URIRef(PRM_NS + "heading"))
        if not heading:
            label = _text(graph, clause, SKOS.prefLabel)
            heading = label[len(notation) :].strip() if label.startswith(notation) else label
        return heading

    found: dict[str, set] = {}
    for record in graph.subjects(p("mappingSubject"), None):
        s, o = graph.value(record, p("mappingSubject")), graph.value(record, p("mappingObject"))
        pred = graph.value(record, p("mappingPredicate"))
        if (
            s is None
            or o is None
            or pred is None
            or (str(s) not in clauses and str(o) not in clauses)
        ):
            continue
        if str(graph.value(record, p("negated")) or "").lower() == "true":
            continue
        relation = str(pred).rsplit("#", 1)[-1]
        level = str(graph.value(record, p("confidenceLevel")) or "")
        mset = graph.value(record, p("inMappingSet"))
        set_name = _text(graph, mset, DCTERMS.identifier) or str(mset or "") if mset else ""
        chain = str(graph.value(record, p("chain")) or "")
        for given, other, rel in (
            (s, o, relation),
            (o, s, INVERSE_MAPPING.get(relation, relation)),
        ):
            if str(given) not in clauses:
                continue
            notation = _text(graph, other, SKOS.notation)
            ed, issued = edition_of(other)
            found.setdefault(str(given), set()).add(
                Counterpart(
                    str(other),
                    ed,
                    issued,
                    notation,
                    heading_of(other, notation),
                    rel,
                    level,
                    set_name,
                    chain,
                )
            )
    for iri, items in found.items():
        clauses[iri].counterparts = sorted(
            items,
            key=lambda c: (
                c.edition_issued,
                c.edition,
                clause_key(c.notation),
                c.iri,
                c.mapping_set,
            ),
        )


def _mapping_details(graph) -> dict[tuple[str, str, str], str]:
    """(subject, skos relation, object) -> "confidence ..., justification ..., mapping set ..." from
    the mapping records (SSSOM-like) the graph may hold; empty when it holds none."""
    from rdflib import URIRef
    from rdflib.namespace import DCTERMS, RDFS

    def p(name):
        return URIRef(SETREL_NS + name)

    out: dict[tuple[str, str, str], list[str]] = {}
    for record in graph.subjects(p("mappingSubject"), None):
        s, o, pred = (
            graph.value(record, p("mappingSubject")),
            graph.value(record, p("mappingObject")),
            graph.value(record, p("mappingPredicate")),
        )
        if s is None or o is None or pred is None:
            continue
        parts = []
        confidence, level = (
            graph.value(record, p("confidence")),
            graph.value(record, p("confidenceLevel")),
        )
        if confidence is not None:
            parts.append(f"confidence {confidence}" + (f" ({level})" if level is not None else ""))
        justification = graph.value(record, p("mappingJustification"))
        if justification is not None:
            parts.append("justification semapv:" + str(justification).rsplit("/", 1)[-1])
        mapping_set = graph.value(record, p("inMappingSet"))
        if mapping_set is not None:
            parts.append(
                "mapping set "
                + (
                    _text(graph, mapping_set, DCTERMS.title)
                    or _text(graph, mapping_set, RDFS.label)
                    or str(mapping_set)
                )
            )
        key = (str(s), str(pred).rsplit("#", 1)[-1], str(o))
        out.setdefault(key, []).extend(parts)
    return {k: "; ".join(sorted(set(v), key=v.index)) for k, v in out.items()}


def _unique(slug: str, used: set[str]) -> str:
    candidate, n = slug, 2
    while candidate.lower() in used:
        candidate, n = f"{slug}-{n}", n + 1
    used.add(candidate.lower())
    return candidate


def load_vocabulary(graph) -> Vocabulary | None:
    """The ``prm:`` vocabulary terms with labels, definitions and axioms, if the graph holds it."""
    from rdflib import BNode, URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

    from iso20000_prm.vocab import PRM, VANN, VOCAB_IRI

    ontology = URIRef(VOCAB_IRI)
    if (ontology, RDF.type, OWL.Ontology) not in graph:
        return None
    prefix = str(PRM)

    def name(node) -> str:
        if isinstance(node, BNode):
            inverse = graph.value(node, OWL.inverseOf)
            if inverse is not None:
                return f"inverse({inverse})"
            members = graph.value(node, OWL.oneOf)
            if members is not None:
                return "one of: " + ", ".join(str(m) for m in Collection(graph, members))
            return "(anonymous)"
        return str(node)

    def objects(s, p) -> list[str]:
        return sorted(name(o) for o in graph.objects(s, p))

    kinds = [
        (
            "class",
            OWL.Class,
            [("subclass of", RDFS.subClassOf), ("equivalent to", OWL.equivalentClass)],
        ),
        (
            "object property",
            OWL.ObjectProperty,
            [
                ("domain", RDFS.domain),
                ("range", RDFS.range),
                ("inverse of", OWL.inverseOf),
                ("subproperty of", RDFS.subPropertyOf),
            ],
        ),
        (
            "datatype property",
            OWL.DatatypeProperty,
            [
                ("domain", RDFS.domain),
                ("range", RDFS.range),
                ("subproperty of", RDFS.subPropertyOf),
            ],
        ),
        ("individual", OWL.NamedIndividual, [("type", RDF.type)]),
    ]
    terms: list[Term] = []
    for kind, owl_type, relations in kinds:
        for term in sorted(
            (s for s in graph.subjects(RDF.type, owl_type) if str(s).startswith(prefix)), key=str
        ):
            facts = [(label, objects(term, p)) for label, p in relations]
            if kind == "individual":
                facts = [
                    ("type", [t for t in objects(term, RDF.type) if t != str(OWL.NamedIndividual)])
                ]
            characteristics = sorted(
                str(t).rsplit("#", 1)[-1]
                for t in graph.objects(term, RDF.type)
                if t
                in (
                    OWL.FunctionalProperty,
                    OWL.InverseFunctionalProperty,
                    OWL.TransitiveProperty,
                    OWL.SymmetricProperty,
                )
            )
            if characteristics:
                facts.append(("characteristics", characteristics))
            chain = graph.value(term, OWL.propertyChainAxiom)
            if chain is not None:
                facts.append(
                    ("property chain", [" ∘ ".join(name(m) for m in Collection(graph, chain))])
                )
            terms.append(
                Term(
                    iri=str(term),
                    kind=kind,
                    label=_text(graph, term, RDFS.label),
                    definition=_text(graph, term, SKOS.definition)
                    or _text(graph, term, RDFS.comment),
                    facts=[(label, values) for label, values in facts if values],
                )
            )
    return Vocabulary(
        iri=VOCAB_IRI,
        title=_text(graph, ontology, DCTERMS.title),
        description=_text(graph, ontology, DCTERMS.description),
        version=_text(graph, ontology, OWL.versionInfo),
        namespace=_text(graph, ontology, VANN.preferredNamespaceUri) or prefix,
        prefix=_text(graph, ontology, VANN.preferredNamespacePrefix),
        license=_text(graph, ontology, DCTERMS.license),
        comment=_text(graph, ontology, RDFS.comment),
        terms=terms,
    )
