"""What a mapping set is: records and sets, their IRIs, and the conventions every set shares.

Derivation (:mod:`.derive`, :mod:`.reference`), the graph (:mod:`.rdf`) and the exports
(:mod:`.sssom`, :mod:`.oscal`) all speak in these types, so none of them depends on another's
way of building them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from iso20000_prm import vocab as ns

NO_TERM_FOUND = ns.SSSOM_NS + "NoTermFound"

# One convention for both sets: confidence words -> SSSOM's number (0..1). The words are what the
# curated table (or the derivation rule) says; the numbers are this project's fixed reading of them.
CONFIDENCE = {"high": Decimal("0.9"), "medium": Decimal("0.6"), "low": Decimal("0.3")}

# the stable document ids (documents.csv) of the editions the shipped sets map between
EDITION_1 = "iso20000-1-2005"
EDITION_2_DRAFT = "iso20000-1-2ed-draft"
EDITION_2011 = "iso20000-1-2011"
EDITION_2018 = "iso20000-1-2018"
# how each edition is named in labels and the edition parameter of the saved queries
EDITION_LABELS = {
    EDITION_2011: "ISO/IEC 20000-1:2011",
    EDITION_2018: "ISO/IEC 20000-1:2018",
}


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
    # chained (derived) records only: the records composed, in order (their IRIs), the clauses
    # passed through (IRIs), and the chain in words ("2ED DRAFT 8.1 -> 2011 8.1 -> 2018 8.6.1")
    hops: tuple[str, ...] = ()
    via: tuple[str, ...] = ()
    chain: str = ""

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
    source_date: str  # date of the source data, YYYY-MM-DD ("" if unknown)
    method: str  # OSCAL method: automation | human | hybrid
    mappings: tuple[MappingRecord, ...] = field(default_factory=tuple)
    iri: str = ""

    def __post_init__(self):
        if not self.iri:
            object.__setattr__(self, "iri", mapping_set_iri(self.name))


def mapping_set_iri(name: str) -> str:
    return f"{ns.DATA_NS}mapping-set/{name}"


def record_iri(set_iri: str, record: MappingRecord) -> str:
    """A stable IRI for a record of one of our sets: set IRI + subject and object notations."""
    subject = ns._seg(record.subject_notation)
    return f"{set_iri}/mapping/{subject}--{ns._seg(record.object_notation or 'none')}"


def edition_document(tables, doc_id: str):
    """The document row with ``doc_id``, or None: the sets are keyed on the stable document ids,
    not on the edition codes the TR prints, so an edited copy of the tables may rename those."""
    return next((d for d in tables.documents if d.id == doc_id and d.edition_code), None)
