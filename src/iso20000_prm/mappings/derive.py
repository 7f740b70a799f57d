"""First edition (2005) -> 2010 draft of the second edition, derived from the TR's traceability.

The TR traces the same process outcomes to clauses of both editions of ISO/IEC 20000-1, so
clauses that share traced outcomes, and whose headings agree, correspond. The rules are in
:func:`derive_edition_mappings`; everything is deterministic (no run-time timestamps).
"""

from __future__ import annotations

import re
from decimal import Decimal

from iso20000_prm import vocab as ns
from iso20000_prm.mappings.model import (
    CONFIDENCE,
    EDITION_1,
    EDITION_2_DRAFT,
    MappingRecord,
    MappingSet,
    edition_document,
)
from iso20000_prm.vocab import clause_key

STOP_WORDS = frozenset({"a", "an", "and", "by", "for", "in", "of", "on", "or", "the", "to"})
INSTANCE_THRESHOLD = Decimal("0.5")
INSTANCE_MIN_SHARED = 2  # one shared outcome is too little evidence for an instance-based match


def heading_words(heading: str) -> frozenset[str]:
    """The content words of a heading, lower-cased, without stop words and punctuation."""
    return frozenset(w for w in re.findall(r"[a-z0-9]+", heading.casefold()) if w not in STOP_WORDS)


def _normal(heading: str) -> str:
    return " ".join(heading.casefold().split())


def _ratio(num: int, den: int) -> Decimal:
    return (Decimal(num) / Decimal(den)).quantize(Decimal("0.01"))


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
            predicate=ns.SKOS_NS + "exactMatch",
            justification=ns.SEMAPV_NS + "LexicalMatching",
            confidence_level="high",
            confidence=CONFIDENCE["high"],
            evidence=f"identical headings; {trace_note}",
        )
    if wa and wb and (wa <= wb or wb <= wa):
        return MappingRecord(
            **common,
            predicate=ns.SKOS_NS + "closeMatch",
            justification=ns.SEMAPV_NS + "LexicalSimilarityThresholdMatching",
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
            predicate=ns.SKOS_NS + "relatedMatch",
            justification=ns.SEMAPV_NS + "InstanceBasedMatching",
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
    d1, d2 = edition_document(tables, EDITION_1), edition_document(tables, EDITION_2_DRAFT)
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
