"""The two shipped mapping sets between editions of ISO/IEC 20000-1, and how they enter the graph.

The editions stay separate SKOS concept schemes; mapping sets link their clauses:

* ``1ed-to-2ed-draft``: first edition (2005) -> 2010 draft of the second edition, derived from
  the TR itself by the rules in :func:`derive_edition_mappings` (the TR traces the same outcomes
  to clauses of both editions, so clauses that share outcomes and headings correspond);
* ``2ed-draft-to-2011``: 2010 draft -> published ISO/IEC 20000-1:2011, from the curated
  reference table shipped in ``reference/`` (its relation and confidence kept).

Each correspondence becomes a direct SKOS mapping triple plus a mapping record
(``setrel:Mapping``) carrying justification, confidence and, where set-theoretic, the NIST IR 8477
relationship and rationale. Everything is deterministic: no run-time timestamps, stable IRIs.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from iso20000_prm import vocab as ns
from iso20000_prm.errors import TableError

SETREL_NS = "https://w3id.org/iso20000-prm/set-relations#"
SKOS_NS = "http://www.w3.org/2004/02/skos/core#"
SEMAPV_NS = "https://w3id.org/semapv/vocab/"
SSSOM_NS = "https://w3id.org/sssom/"
VOID_NS = "http://rdfs.org/ns/void#"
NO_TERM_FOUND = SSSOM_NS + "NoTermFound"
LICENSE = "https://opensource.org/license/mit"

# One convention for both sets: confidence words -> SSSOM's number (0..1). The words are what the
# curated table (or the derivation rule) says; the numbers are this project's fixed reading of them.
CONFIDENCE = {"high": Decimal("0.9"), "medium": Decimal("0.6"), "low": Decimal("0.3")}

EDITION_1 = "iso20000-1-2005"
EDITION_2_DRAFT = "iso20000-1-2ed-draft"
EDITION_2011 = "iso20000-1-2011"
REFERENCE_TABLE = "20000-1-2ed-draft-to-2011.csv"
REFERENCE_COLUMNS = (
    "draft_clause",
    "draft_heading_as_cited_in_tr",
    "published_2011_clause",
    "published_2011_heading",
    "relation",
    "confidence",
    "evidence",
)

# relation in the curated table -> (SKOS property, NIST IR 8477 relationship or None).
# "same"/"renumbered": the same requirements under the same or another number -> equal.
# "merged into broader clause": the draft subclause is part of a broader published clause -> subset.
# "retitled": the heading changed and the new wording was not compared, so no set relation is claimed.
# "no separate published clause": nothing to map to (SSSOM sssom:NoTermFound).
CURATED_RELATIONS: dict[str, tuple[str | None, str | None]] = {
    "same": ("exactMatch", "equal"),
    "same (words reordered)": ("exactMatch", "equal"),
    "renumbered": ("exactMatch", "equal"),
    "same slot (retitled)": ("closeMatch", None),
    "same number (retitled)": ("closeMatch", None),
    "merged into broader clause": ("broadMatch", "subsetOf"),
    "no separate published clause": (None, None),
}

STOP_WORDS = frozenset({"a", "an", "and", "by", "for", "in", "of", "on", "or", "the", "to"})
INSTANCE_THRESHOLD = Decimal("0.5")
INSTANCE_MIN_SHARED = 2  # one shared outcome is too little evidence for an instance-based match


@dataclass(frozen=True)
class MappingRecord:
    """One correspondence, with everything SSSOM, OSCAL and the graph need to state it."""

    subject: str  # IRI
    subject_notation: str
    subject_label: str
    predicate: str  # IRI of the SKOS mapping property
    object: str  # IRI, or NO_TERM_FOUND
    object_notation: str
    object_label: str
    justification: str  # semapv IRI
    confidence_level: str | None = None
    confidence: Decimal | None = None
    similarity_score: Decimal | None = None
    similarity_measure: str | None = None
    relationship: str | None = None  # local name in setrel: (equal, subsetOf, ...)
    rationale: str | None = None  # syntactic | semantic | functional
    source_relation: str | None = None
    evidence: str = ""
    negated: bool = False  # SSSOM predicate_modifier Not: "subject is NOT predicate object"
    source_line: int | None = None  # line in the file it was read from, for error messages

    @property
    def has_object(self) -> bool:
        return self.object != NO_TERM_FOUND


@dataclass(frozen=True)
class MappingSet:
    """A named set of correspondences from one document's clauses to another's, with provenance."""

    name: str
    title: str
    description: str
    subject_source: str  # IRI of the subject document
    object_source: str
    derived_from: tuple[str, ...]  # IRIs of what the set was derived from
    source_date: str  # date of the source data, YYYY-MM-DD
    method: str  # OSCAL method: automation | human | hybrid
    mappings: tuple[MappingRecord, ...] = field(default_factory=tuple)
    iri: str = ""

    def __post_init__(self):
        if not self.iri:
            object.__setattr__(self, "iri", mapping_set_iri(self.name))


def mapping_set_iri(name: str) -> str:
    return str(ns.DATA[f"mapping-set/{name}"])


def record_iri(set_iri: str, record: MappingRecord) -> str:
    """A stable IRI for a record of one of our sets: set IRI + subject and object notations."""
    return f"{set_iri}/mapping/{ns._seg(record.subject_notation)}--{ns._seg(record.object_notation or 'none')}"


def reference_table() -> Path:
    from iso20000_prm.files import reference_dir

    return reference_dir() / REFERENCE_TABLE


def clause_key(clause: str) -> tuple[int, ...]:
    """Sort key: clause numbers compare numerically (4.10 after 4.9)."""
    return tuple(int(p) for p in clause.split(".") if p.isdigit())


def heading_words(heading: str) -> frozenset[str]:
    """The content words of a heading, lower-cased, without stop words and punctuation."""
    return frozenset(w for w in re.findall(r"[a-z0-9]+", heading.casefold()) if w not in STOP_WORDS)


def _normal(heading: str) -> str:
    return " ".join(heading.casefold().split())


def _ratio(num: int, den: int) -> Decimal:
    return (Decimal(num) / Decimal(den)).quantize(Decimal("0.01"))


# ---------------------------------------------------------------- set (a): derived from the TR
def _document(tables, doc_id: str):
    """The document row with ``doc_id``, or None: the sets are keyed on the stable document ids,
    not on the edition codes the TR prints, so an edited copy of the tables may rename those."""
    return next((d for d in tables.documents if d.id == doc_id and d.edition_code), None)


def _edition_match(d1, d2, a, b, oa: set, ob: set) -> MappingRecord | None:
    """The record the rules of :func:`derive_edition_mappings` give for 1ED clause ``a`` and
    2ED DRAFT clause ``b`` (traced outcomes ``oa`` and ``ob``), or None if no rule matches."""
    shared = oa & ob
    if not shared:  # every rule needs an outcome traced to both
        return None
    union = oa | ob
    wa, wb = heading_words(a.heading), heading_words(b.heading)
    common = dict(
        subject=str(ns.clause_iri(d1.id, a.clause)),
        subject_notation=a.clause,
        subject_label=f"{d1.identifier} {a.clause} {a.heading}",
        object=str(ns.clause_iri(d2.id, b.clause)),
        object_notation=b.clause,
        object_label=f"{d2.identifier} {b.clause} {b.heading}",
    )
    outcomes = ", ".join(
        f"{p}/{n}" for p, n in sorted(shared, key=lambda x: (clause_key(x[0]), x[1]))
    )
    trace_note = f"outcomes traced to both (process/outcome): {outcomes}"
    if _normal(a.heading) == _normal(b.heading):
        return MappingRecord(
            **common,
            predicate=SKOS_NS + "exactMatch",
            justification=SEMAPV_NS + "LexicalMatching",
            confidence_level="high",
            confidence=CONFIDENCE["high"],
            evidence=f"identical headings; {trace_note}",
        )
    if wa and wb and (wa <= wb or wb <= wa):
        return MappingRecord(
            **common,
            predicate=SKOS_NS + "closeMatch",
            justification=SEMAPV_NS + "LexicalSimilarityThresholdMatching",
            confidence_level="medium",
            confidence=CONFIDENCE["medium"],
            similarity_score=_ratio(len(wa & wb), len(wa | wb)),
            similarity_measure="Jaccard index of the content words of the two headings (one contained in the other)",
            evidence=f"the words of one heading are contained in the other's; {trace_note}",
        )
    if (
        len(shared) >= INSTANCE_MIN_SHARED
        and Decimal(len(shared)) / Decimal(len(union)) >= INSTANCE_THRESHOLD
    ):
        return MappingRecord(
            **common,
            predicate=SKOS_NS + "relatedMatch",
            justification=SEMAPV_NS + "InstanceBasedMatching",
            confidence_level="low",
            confidence=CONFIDENCE["low"],
            similarity_score=_ratio(len(shared), len(union)),
            similarity_measure="Jaccard index of the (process, outcome) pairs the TR traces to each clause",
            evidence=trace_note,
        )
    return None


def derive_edition_mappings(tables) -> MappingSet | None:
    """First edition -> 2010 draft, from the TR's own traceability (the rule, first match wins).

    For each pair of a 1ED clause and a 2ED DRAFT clause, let O1 and O2 be the (process, outcome)
    pairs the TR traces to each, and "shared" their intersection:

    1. identical headings (ignoring case and spacing) and shared non-empty -> ``skos:exactMatch``,
       ``semapv:LexicalMatching``, confidence high;
    2. the content words of one heading contained in the other's, and shared non-empty ->
       ``skos:closeMatch``, ``semapv:LexicalSimilarityThresholdMatching`` (score: Jaccard index of
       the heading words), confidence medium;
    3. at least two shared outcomes and Jaccard index |O1 ∩ O2| / |O1 ∪ O2| >= 0.5 -> ``skos:relatedMatch``,
       ``semapv:InstanceBasedMatching`` (the outcomes are the shared instances), confidence low.

    No NIST IR 8477 relationship is stated: the TR quotes headings, not clause text, so whether
    one clause's requirements equal or contain the other's cannot be derived from it.
    """
    d1, d2 = _document(tables, EDITION_1), _document(tables, EDITION_2_DRAFT)
    if d1 is None or d2 is None:
        return None
    traced: dict[tuple[str, str], set[tuple[str, int]]] = {}
    for e in tables.traceability:
        traced.setdefault((e.edition, e.clause), set()).update((e.process, n) for n in e.outcomes)
    firsts = sorted(
        (c for c in tables.clauses if c.edition == d1.edition_code),
        key=lambda c: clause_key(c.clause),
    )
    seconds = sorted(
        (c for c in tables.clauses if c.edition == d2.edition_code),
        key=lambda c: clause_key(c.clause),
    )
    # Every rule needs at least one outcome traced to both clauses (rules 1 and 2 say so, rule 3
    # needs two), so only pairs sharing an outcome are candidates: take them from an index
    # outcome -> positions of the 2ED DRAFT clauses traced from it, instead of comparing every
    # pair (which grew with the square of the PRM's size). Visiting the candidates of each 1ED
    # clause in the order of ``seconds`` keeps the records in the all-pairs order.
    traced_to: dict[tuple[str, int], list[int]] = {}
    for j, b in enumerate(seconds):
        for outcome in traced.get((b.edition, b.clause), ()):
            traced_to.setdefault(outcome, []).append(j)
    records = []
    for a in firsts:
        oa = traced.get((a.edition, a.clause), set())
        candidates = sorted({j for outcome in oa for j in traced_to.get(outcome, ())})
        for j in candidates:
            record = _edition_match(
                d1,
                d2,
                a,
                seconds[j],
                oa,
                traced.get((seconds[j].edition, seconds[j].clause), set()),
            )
            if record is not None:
                records.append(record)
    tr = ns.document_iri(ns.TR_ID)
    return MappingSet(
        name="1ed-to-2ed-draft",
        title=f"{d1.identifier} to {d2.identifier}: correspondences derived from ISO/IEC TR 20000-4:2010",
        description=(
            "Clauses of the first edition of ISO/IEC 20000-1 (2005) matched to clauses of the 2010 draft of the second "
            "edition, derived automatically from the requirements-traceability rows of ISO/IEC TR 20000-4:2010, which "
            "trace the same process outcomes to clauses of both editions. Rules, first match wins: identical headings and "
            "at least one outcome traced to both -> skos:exactMatch (semapv:LexicalMatching, confidence high 0.9); the "
            "content words of one heading contained in the other's and at least one shared outcome -> skos:closeMatch "
            "(semapv:LexicalSimilarityThresholdMatching, medium 0.6); at least two shared outcomes and a Jaccard index of the traced outcomes of at least 0.5 -> "
            "skos:relatedMatch (semapv:InstanceBasedMatching, low 0.3). No set-theory relationship is stated: the TR "
            "quotes clause headings, not clause text."
        ),
        subject_source=str(ns.document_iri(d1.id)),
        object_source=str(ns.document_iri(d2.id)),
        derived_from=(str(tr),),
        source_date=next(d.issued for d in tables.documents if d.id == ns.TR_ID),
        method="automation",
        mappings=tuple(records),
    )


# ---------------------------------------------------------------- set (b): curated reference table
def read_reference_table(path: Path | str | None = None) -> list[tuple[int, dict[str, str]]]:
    """The curated table's rows as (spreadsheet row number, cells), header checked."""
    path = Path(path) if path is not None else reference_table()
    if not path.is_file():
        raise TableError(
            path, "file not found; expected the curated 2ED DRAFT -> 2011 reference table"
        )
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""))
    if tuple(reader.fieldnames or ()) != REFERENCE_COLUMNS:
        raise TableError(
            path,
            f"header is {','.join(reader.fieldnames or ())}; expected {','.join(REFERENCE_COLUMNS)}",
            row=1,
        )
    return [(reader.line_num, row) for row in reader]


def derive_reference_mappings(tables, path: Path | str | None = None) -> MappingSet | None:
    """2010 draft -> published ISO/IEC 20000-1:2011, one record per row of the curated table.

    The table's relation and confidence are kept as given (``setrel:sourceRelation``,
    ``setrel:confidenceLevel``); :data:`CURATED_RELATIONS` turns the relation into a SKOS property
    and, where set-theoretic, a NIST IR 8477 relationship. The rationale is syntactic where the
    curators compared a published heading with the draft heading, semantic where they judged
    from numbering or structure without the published wording.
    """
    path = Path(path) if path is not None else reference_table()
    d2 = _document(tables, EDITION_2_DRAFT)
    if d2 is None:
        return None
    draft = {c.clause: c for c in tables.clauses if c.edition == d2.edition_code}
    records = []
    seen: dict[str, int] = {}
    for row, cells in read_reference_table(path):

        def bad(column: str, message: str) -> TableError:
            return TableError(path, message, row=row, column=column)

        clause = cells["draft_clause"]
        if clause not in draft:
            raise bad("draft_clause", f"{clause!r} is not a 2ED DRAFT clause of clauses.csv")
        if clause in seen:
            raise bad(
                "draft_clause",
                f"duplicate draft clause {clause!r}; first given in row {seen[clause]}",
            )
        seen[clause] = row
        if cells["draft_heading_as_cited_in_tr"] != draft[clause].heading:
            raise bad(
                "draft_heading_as_cited_in_tr",
                f"{cells['draft_heading_as_cited_in_tr']!r} differs from the heading the TR cites: {draft[clause].heading!r}",
            )
        relation = cells["relation"]
        if relation not in CURATED_RELATIONS:
            raise bad(
                "relation",
                f"{relation!r} is not one of {', '.join(repr(r) for r in CURATED_RELATIONS)}",
            )
        level = cells["confidence"]
        if level not in CONFIDENCE:
            raise bad("confidence", f"{level!r} is not one of high, medium, low")
        skos_prop, set_rel = CURATED_RELATIONS[relation]
        published, heading = cells["published_2011_clause"], cells["published_2011_heading"]
        if (skos_prop is None) != (published == ""):
            raise bad(
                "published_2011_clause",
                f"relation {relation!r} {'needs' if skos_prop else 'takes no'} published clause",
            )
        if published and not re.fullmatch(r"[0-9]+(\.[0-9]+)*", published):
            raise bad(
                "published_2011_clause", f"{published!r} is not a clause number such as 4.5.1"
            )
        rationale = None
        if set_rel:
            rationale = "syntactic" if relation.startswith("same") and heading else "semantic"
        records.append(
            MappingRecord(
                subject=str(ns.clause_iri(d2.id, clause)),
                subject_notation=clause,
                subject_label=f"{d2.identifier} {clause} {draft[clause].heading}",
                predicate=SKOS_NS + (skos_prop or "exactMatch"),
                object=str(ns.clause_iri(EDITION_2011, published)) if published else NO_TERM_FOUND,
                object_notation=published,
                object_label=" ".join(x for x in ("ISO/IEC 20000-1:2011", published, heading) if x)
                if published
                else "",
                justification=SEMAPV_NS + "ManualMappingCuration",
                confidence_level=level,
                confidence=CONFIDENCE[level],
                relationship=set_rel,
                rationale=rationale,
                source_relation=relation,
                evidence=cells["evidence"],
            )
        )
    return MappingSet(
        name="2ed-draft-to-2011",
        title=f"{d2.identifier} to ISO/IEC 20000-1:2011: curated correspondences",
        description=(
            'Each ISO/IEC 20000-1 clause that ISO/IEC TR 20000-4:2010 cites as "2ED DRAFT" matched to the corresponding '
            "clause of the published ISO/IEC 20000-1:2011, from the curated reference table 20000-1-2ed-draft-to-2011.csv "
            "(built by matching headings against published heading lists; no copy of the draft was found, so it is a curated "
            "mapping, not an official concordance). The table's relation and confidence are kept; relation -> SKOS: same, "
            "same (words reordered), renumbered -> skos:exactMatch and NIST IR 8477 equal; merged into broader clause -> "
            "skos:broadMatch and subset of; retitled -> skos:closeMatch, no set relation; no separate published clause -> "
            "sssom:NoTermFound. Confidence high/medium/low -> 0.9/0.6/0.3."
        ),
        subject_source=str(ns.document_iri(d2.id)),
        object_source=str(ns.document_iri(EDITION_2011)),
        derived_from=(reference_table_iri(),),
        source_date="2026-11-26",
        method="human",
        mappings=tuple(records),
    )


def reference_table_iri() -> str:
    return str(ns.DATA["reference/20000-1-2ed-draft-to-2011"])


def mapping_sets(tables=None) -> dict[str, MappingSet]:
    """Both shipped mapping sets, by name (tables: a Tables, a folder, or None for the shipped ones).

    A set whose documents (by id: iso20000-1-2005, iso20000-1-2ed-draft) an edited copy of the
    tables lacks is left out rather than guessed.
    """
    from iso20000_prm.tables.read import Tables, load_tables

    if not isinstance(tables, Tables):
        tables = load_tables(tables)
    sets = (derive_edition_mappings(tables), derive_reference_mappings(tables))
    return {s.name: s for s in sets if s is not None}


# ---------------------------------------------------------------- into the graph
def bind_prefixes(graph) -> None:
    from rdflib import Namespace

    for prefix, iri in (
        ("setrel", SETREL_NS),
        ("void", VOID_NS),
        ("semapv", SEMAPV_NS),
        ("sssom", SSSOM_NS),
    ):
        graph.bind(prefix, Namespace(iri), override=True, replace=True)


def set_relations_file() -> Path:
    from iso20000_prm.files import resource_dir

    return resource_dir("ontology") / "set-relations.ttl"


def add_mapping_set(graph, mset: MappingSet, records_iri=record_iri) -> None:
    """State ``mset`` in ``graph``: the set with its provenance, each record, and the direct triples."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

    SETREL = lambda local: URIRef(SETREL_NS + local)  # noqa: E731
    s = URIRef(mset.iri)
    graph.add((s, RDF.type, SETREL("MappingSet")))
    graph.add((s, RDF.type, URIRef(VOID_NS + "Linkset")))
    graph.add((s, RDFS.label, Literal(mset.title, lang="en")))
    graph.add((s, DCTERMS.title, Literal(mset.title, lang="en")))
    graph.add((s, DCTERMS.description, Literal(mset.description, lang="en")))
    graph.add((s, DCTERMS.identifier, Literal(mset.name)))
    graph.add((s, DCTERMS.license, URIRef(LICENSE)))
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", mset.source_date):
        graph.add((s, DCTERMS.date, Literal(mset.source_date, datatype=XSD.date)))
    for src in mset.derived_from:
        graph.add((s, PROV.wasDerivedFrom, URIRef(src)))
        graph.add((s, DCTERMS.source, URIRef(src)))
    graph.add((s, URIRef(VOID_NS + "subjectsTarget"), URIRef(mset.subject_source)))
    graph.add((s, URIRef(VOID_NS + "objectsTarget"), URIRef(mset.object_source)))
    for pred in sorted({m.predicate for m in mset.mappings if m.has_object and not m.negated}):
        graph.add((s, URIRef(VOID_NS + "linkPredicate"), URIRef(pred)))
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


def add_published_2011(graph, tables, mset: MappingSet) -> None:
    """The published ISO/IEC 20000-1:2011 as a third concept scheme: only the clauses the curated
    table names, with a heading only where the table gives one."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

    from iso20000_prm.vocab import PRM

    doc = ns.document_iri(EDITION_2011)
    graph.add((doc, RDF.type, PRM.Document))
    graph.add((doc, RDF.type, SKOS.ConceptScheme))
    graph.add((doc, RDFS.label, Literal("ISO/IEC 20000-1:2011")))
    graph.add((doc, DCTERMS.identifier, Literal("ISO/IEC 20000-1:2011")))
    graph.add((doc, DCTERMS.title, Literal("ISO/IEC 20000-1 second edition (2011)", lang="en")))
    graph.add((doc, DCTERMS.issued, Literal("2011", datatype=XSD.gYear)))
    graph.add(
        (
            doc,
            SKOS.editorialNote,
            Literal(
                "Not cited by ISO/IEC TR 20000-4:2010; known here only through the curated reference table "
                "20000-1-2ed-draft-to-2011.csv, which names the clauses corresponding to the 2ED DRAFT clauses the TR cites. "
                "Headings are given only where that table confirms them.",
                lang="en",
            ),
        )
    )
    ref = URIRef(reference_table_iri())
    graph.add((ref, RDF.type, PROV.Entity))
    graph.add((ref, RDFS.label, Literal(REFERENCE_TABLE)))
    graph.add(
        (
            ref,
            DCTERMS.title,
            Literal(
                "Curated table: ISO/IEC 20000-1 2ED DRAFT clauses to ISO/IEC 20000-1:2011 clauses",
                lang="en",
            ),
        )
    )
    graph.add(
        (
            ref,
            DCTERMS.description,
            Literal(
                "Built by matching headings against published heading lists; no copy of the draft was found, so it is a curated "
                "mapping, not an official concordance. An empty published heading means the wording was not confirmed.",
                lang="en",
            ),
        )
    )
    headings: dict[str, str] = {}
    for _, cells in read_reference_table():
        if cells["published_2011_clause"] and cells["published_2011_heading"]:
            headings.setdefault(cells["published_2011_clause"], cells["published_2011_heading"])
    for m in mset.mappings:
        if not m.has_object:
            continue
        iri, clause = URIRef(m.object), m.object_notation
        heading = headings.get(clause)
        graph.add((iri, RDF.type, SKOS.Concept))
        graph.add((iri, SKOS.inScheme, doc))
        graph.add((iri, SKOS.notation, Literal(clause)))
        graph.add(
            (iri, SKOS.prefLabel, Literal(f"{clause} {heading}" if heading else clause, lang="en"))
        )
        graph.add(
            (
                iri,
                RDFS.label,
                Literal(
                    f"ISO/IEC 20000-1:2011 {clause}" + (f" {heading}" if heading else ""), lang="en"
                ),
            )
        )
        graph.add((iri, PROV.wasDerivedFrom, ref))


def add_mapping_sets(graph, tables, include_vocabulary: bool = True) -> dict[str, MappingSet]:
    """Add both shipped mapping sets (and the 2011 concept scheme they need) to ``graph``."""
    sets = mapping_sets(tables)
    bind_prefixes(graph)
    if include_vocabulary:
        graph.parse(set_relations_file(), format="turtle")
    for mset in sets.values():
        add_mapping_set(graph, mset)
    if "2ed-draft-to-2011" in sets:
        add_published_2011(graph, tables, sets["2ed-draft-to-2011"])
    return sets
