"""Chained mappings: mapping sets composed through a shared edition into derived sets.

``A -> B`` composed with ``B -> C`` gives ``A -> C`` wherever a record of the first set ends at
the clause where a record of the second begins. What the composed record says is read from two
tables (data, not code): :data:`SKOS_COMPOSITION` for the SKOS mapping property and
:data:`SET_COMPOSITION` for the NIST IR 8477 relationship, each cell decided and justified. Its
confidence is the weakest hop's (:func:`chain_confidence`); its justification is
``semapv:MappingChaining``; it records its hops (the records composed and the clauses passed
through). Derived sets are separate, named sets; the curated ones are never changed.

Composition is one pass over the first set with the second indexed by subject: linear in the
number of records read and written (``bench/bench_chain.py`` measures it).
"""

from __future__ import annotations

from iso20000_prm import vocab as ns
from iso20000_prm.mappings.model import (
    CONFIDENCE,
    NO_TERM_FOUND,
    MappingRecord,
    MappingSet,
    record_iri,
)

NOT_DERIVED = "not derived"

# SKOS: (first hop A->B, second hop B->C) -> property of A->C, or NOT_DERIVED; with why.
# Reading: exact = same concept; close = near-same (SKOS: not transitive); broad = B is broader
# than A (A within B); narrow = B is narrower than A (B within A); related = associated.
SKOS_COMPOSITION: dict[tuple[str, str], tuple[str, str]] = {
    **{
        ("exactMatch", q): (q, "an exact match changes nothing: exact then R is R")
        for q in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
    },
    ("closeMatch", "exactMatch"): ("closeMatch", "R then exact is R"),
    ("broadMatch", "exactMatch"): ("broadMatch", "R then exact is R"),
    ("narrowMatch", "exactMatch"): ("narrowMatch", "R then exact is R"),
    ("relatedMatch", "exactMatch"): ("relatedMatch", "R then exact is R"),
    ("closeMatch", "closeMatch"): (
        "relatedMatch",
        "SKOS makes closeMatch deliberately non-transitive; two near-same hops keep only an association",
    ),
    ("closeMatch", "broadMatch"): (
        "relatedMatch",
        "a near-same hop cannot carry the hierarchy; the chain keeps an association",
    ),
    ("closeMatch", "narrowMatch"): (
        "relatedMatch",
        "a near-same hop cannot carry the hierarchy; the chain keeps an association",
    ),
    ("closeMatch", "relatedMatch"): (
        "relatedMatch",
        "A is near-same as B, which is associated with C: A is associated with C",
    ),
    ("broadMatch", "closeMatch"): (
        "relatedMatch",
        "A within B, B near-same as C: the containment cannot be carried, the association can",
    ),
    ("broadMatch", "broadMatch"): ("broadMatch", "A within B within C: A within C"),
    ("broadMatch", "narrowMatch"): (
        NOT_DERIVED,
        "A and C both lie within B: siblings that may share nothing",
    ),
    ("broadMatch", "relatedMatch"): (
        NOT_DERIVED,
        "A is one part of B; B's association with C may rest on another part",
    ),
    ("narrowMatch", "closeMatch"): (
        "relatedMatch",
        "B within A, B near-same as C: A and C overlap in B, containment cannot be carried",
    ),
    ("narrowMatch", "broadMatch"): (
        "relatedMatch",
        "A and C both contain B: they share B, neither is known to contain the other",
    ),
    ("narrowMatch", "narrowMatch"): ("narrowMatch", "C within B within A: C within A"),
    ("narrowMatch", "relatedMatch"): (
        "relatedMatch",
        "A contains B, which is associated with C: A is associated with C",
    ),
    ("relatedMatch", "closeMatch"): (
        "relatedMatch",
        "A associated with B, B near-same as C: A associated with C",
    ),
    ("relatedMatch", "broadMatch"): (
        "relatedMatch",
        "A associated with B, B within C: A associated with C",
    ),
    ("relatedMatch", "narrowMatch"): (
        NOT_DERIVED,
        "C is one part of B; A's association with B may rest on another part",
    ),
    ("relatedMatch", "relatedMatch"): (
        NOT_DERIVED,
        "association is not transitive: two associative hops say nothing about A and C",
    ),
}

SET_RELATIONS = ("equal", "subsetOf", "supersetOf", "intersectsWith", "notRelatedTo")

# NIST IR 8477: (first hop A->B, second hop B->C) -> relationship of A->C, or NOT_DERIVED; with why.
# "intersectsWith" as a result means: A and C provably share requirements, and neither equality
# nor containment can be shown (the weakest overlapping relationship IR 8477 has).
SET_COMPOSITION: dict[tuple[str, str], tuple[str, str]] = {
    **{("equal", r): (r, "A = B, so A relates to C as B does") for r in SET_RELATIONS},
    **{
        (r, "equal"): (r, "B = C, so A relates to C as to B") for r in SET_RELATIONS if r != "equal"
    },
    ("subsetOf", "subsetOf"): ("subsetOf", "A ⊂ B ⊂ C: A ⊂ C"),
    ("subsetOf", "supersetOf"): (NOT_DERIVED, "A ⊂ B ⊃ C: A and C both inside B, may be disjoint"),
    ("subsetOf", "intersectsWith"): (
        NOT_DERIVED,
        "A ⊂ B and B ∩ C ≠ ∅: the shared part of B need not lie in A",
    ),
    ("subsetOf", "notRelatedTo"): ("notRelatedTo", "A ⊂ B and B ∩ C = ∅: A ∩ C = ∅"),
    ("supersetOf", "subsetOf"): (
        "intersectsWith",
        "A ⊃ B ⊂ C: A and C share B; no containment either way can be shown",
    ),
    ("supersetOf", "supersetOf"): ("supersetOf", "A ⊃ B ⊃ C: A ⊃ C"),
    ("supersetOf", "intersectsWith"): (
        "intersectsWith",
        "A ⊃ B and B ∩ C ≠ ∅: A ∩ C ⊇ B ∩ C ≠ ∅",
    ),
    ("supersetOf", "notRelatedTo"): (
        NOT_DERIVED,
        "A ⊃ B and B ∩ C = ∅: A's requirements beyond B may meet C",
    ),
    ("intersectsWith", "subsetOf"): (
        "intersectsWith",
        "A ∩ B ≠ ∅ and B ⊂ C: A ∩ C ⊇ A ∩ B ≠ ∅",
    ),
    ("intersectsWith", "supersetOf"): (
        NOT_DERIVED,
        "A ∩ B ≠ ∅ and C ⊂ B: C need not hold the shared part",
    ),
    ("intersectsWith", "intersectsWith"): (
        NOT_DERIVED,
        "A ∩ B ≠ ∅ and B ∩ C ≠ ∅: the two shared parts may differ",
    ),
    ("intersectsWith", "notRelatedTo"): (
        NOT_DERIVED,
        "A ∩ B ≠ ∅ and B ∩ C = ∅: A's requirements outside B may meet C",
    ),
    ("notRelatedTo", "subsetOf"): (
        NOT_DERIVED,
        "A ∩ B = ∅ and B ⊂ C: C's requirements beyond B may meet A",
    ),
    ("notRelatedTo", "supersetOf"): ("notRelatedTo", "A ∩ B = ∅ and C ⊂ B: A ∩ C = ∅"),
    ("notRelatedTo", "intersectsWith"): (
        NOT_DERIVED,
        "A ∩ B = ∅ and B ∩ C ≠ ∅: C's requirements outside B may meet A",
    ),
    ("notRelatedTo", "notRelatedTo"): (
        NOT_DERIVED,
        "A ∩ B = ∅ and B ∩ C = ∅: A and C may still share requirements",
    ),
}

LEVELS = ("low", "medium", "high")  # weakest first


def chain_confidence(levels) -> str:
    """The chain's confidence word: the weakest hop's; never stronger than medium unless every hop
    is high (which the weakest-hop rule already implies, stated here so the rule is explicit)."""
    levels = list(levels)
    weakest = min(levels, key=LEVELS.index)
    if weakest == "high" and not all(level == "high" for level in levels):
        weakest = "medium"  # pragma: no cover - unreachable by the rule above; kept as the spec
    return weakest


def compose_records(
    first: MappingRecord, first_iri: str, second: MappingRecord | None, second_iri: str = ""
):
    """The derived record for ``first`` then ``second``, or None where the tables say the chain
    proves nothing. ``second`` None: ``first`` has no object (sssom:NoTermFound) and the "no
    corresponding clause" is carried into the derived set."""
    hops_first = first.hops or (first_iri,)
    start = _short(first.subject, first.subject_notation)
    chain_first = first.chain or (
        f"{start} -> {_short(first.object, first.object_notation)}" if first.has_object else ""
    )
    if second is None:
        return MappingRecord(
            subject=first.subject,
            subject_notation=first.subject_notation,
            subject_label=first.subject_label,
            predicate=first.predicate,
            object=NO_TERM_FOUND,
            object_notation="",
            object_label="",
            justification=ns.SEMAPV_NS + "MappingChaining",
            confidence_level=first.confidence_level,
            confidence=first.confidence,
            source_relation=first.source_relation,
            evidence=f"chain ends: {first.subject_notation} has no corresponding clause "
            f"({first.source_relation or 'sssom:NoTermFound'})",
            hops=hops_first,
            via=first.via,
            chain=f"{chain_first or start} -> (none)",
        )
    p = first.predicate.rsplit("#", 1)[-1]
    q = second.predicate.rsplit("#", 1)[-1]
    skos, _ = SKOS_COMPOSITION[(p, q)]
    if skos == NOT_DERIVED:
        return None
    relationship = None
    if first.relationship and second.relationship:
        relationship, _ = SET_COMPOSITION[(first.relationship, second.relationship)]
        if relationship == NOT_DERIVED:
            return None
    level = chain_confidence([first.confidence_level or "low", second.confidence_level or "low"])
    chain = f"{chain_first} -> {_short(second.object, second.object_notation)}"
    words = " ; ".join(
        x
        for x in (
            first.source_relation or p,
            second.source_relation or q,
        )
    )
    return MappingRecord(
        subject=first.subject,
        subject_notation=first.subject_notation,
        subject_label=first.subject_label,
        predicate=ns.SKOS_NS + skos,
        object=second.object,
        object_notation=second.object_notation,
        object_label=second.object_label,
        justification=ns.SEMAPV_NS + "MappingChaining",
        confidence_level=level,
        confidence=CONFIDENCE[level],
        relationship=relationship,
        rationale="semantic" if relationship else None,
        source_relation=f"chained: {words}",
        evidence=f"chain {chain}; hops: {' | '.join(hops_first + (second_iri,))}",
        hops=hops_first + (second_iri,),
        via=first.via + (first.object,),
        chain=chain,
    )


SHORT_EDITION = {
    "iso20000-1-2005": "1ED IS",
    "iso20000-1-2ed-draft": "2ED DRAFT",
    "iso20000-1-2011": "2011",
    "iso20000-1-2018": "2018",
}


def _short(clause_iri: str, notation: str) -> str:
    """A clause in chain notation: '2ED DRAFT 8.1', '2018 8.6.1' (edition from the clause IRI)."""
    doc = clause_iri.split("/clause/", 1)[0].rsplit("/", 1)[-1]
    return f"{SHORT_EDITION.get(doc, doc)} {notation}"


def compose_sets(
    first: MappingSet, second: MappingSet, name: str, title: str, description: str
) -> MappingSet:
    """``first`` then ``second`` as a derived set named ``name`` (one pass, second indexed)."""
    if first.object_source != second.subject_source:
        raise ValueError(f"cannot chain {first.name} ({first.object_source}) with {second.name}")
    by_subject: dict[str, list[tuple[MappingRecord, str]]] = {}
    for m in second.mappings:
        if m.negated:
            continue
        by_subject.setdefault(m.subject, []).append((m, record_iri(second.iri, m)))
    records: list[MappingRecord] = []
    seen: dict[tuple[str, str], int] = {}  # (subject, object) -> position in records
    for a in first.mappings:
        if a.negated:
            continue
        a_iri = record_iri(first.iri, a)
        if not a.has_object:
            derived = compose_records(a, a_iri, None)
            key = (derived.subject, "")
            if key not in seen:
                seen[key] = len(records)
                records.append(derived)
            continue
        for b, b_iri in by_subject.get(a.object, ()):
            if not b.has_object:
                continue
            derived = compose_records(a, a_iri, b, b_iri)
            if derived is None:
                continue
            key = (derived.subject, derived.object)
            if key in seen:  # two chains to the same pair: one record, the more confident chain
                records[seen[key]] = _stronger(records[seen[key]], derived)
                continue
            seen[key] = len(records)
            records.append(derived)
    return MappingSet(
        name=name,
        title=title,
        description=description,
        subject_source=first.subject_source,
        object_source=second.object_source,
        derived_from=(first.iri, second.iri),
        source_date=max(first.source_date, second.source_date),
        method="automation",
        mappings=tuple(records),
    )


def _stronger(a: MappingRecord, b: MappingRecord) -> MappingRecord:
    """Of two chains between the same pair, the one with the higher confidence (first on a tie)."""
    rank = LEVELS.index
    return b if rank(b.confidence_level or "low") > rank(a.confidence_level or "low") else a


# the chains derived from the shipped sets: name -> (first set, second set, title)
CHAINS = (
    (
        "2ed-draft-to-2018",
        "2ed-draft-to-2011",
        "2011-to-2018",
        "ISO/IEC 20000-1 2ED DRAFT to ISO/IEC 20000-1:2018: chained through 2011 (derived)",
    ),
    (
        "1ed-to-2011",
        "1ed-to-2ed-draft",
        "2ed-draft-to-2011",
        "ISO/IEC 20000-1:2005 to ISO/IEC 20000-1:2011: chained through the 2010 draft (derived)",
    ),
    (
        "1ed-to-2018",
        "1ed-to-2011",
        "2011-to-2018",
        "ISO/IEC 20000-1:2005 to ISO/IEC 20000-1:2018: chained through the 2010 draft and 2011 (derived)",
    ),
)

RULES = (
    "Derived by composing mapping sets (semapv:MappingChaining): a record A -> B of the first set and a "
    "record B -> C of the second give A -> C. The SKOS property and the NIST IR 8477 relationship of A -> C are "
    "read from the composition tables of iso20000_prm.mappings.chain (documented in docs/editions.md); a chain "
    "whose composition the tables leave undecided is not derived. The set relationship is stated only where every "
    "hop states one. Confidence is the weakest hop's (high only if every hop is high). Each record names its hops "
    "(the records composed, in order) and the clauses passed through. Not curated: it is only as good as its hops."
)


def derived_sets(sets: dict[str, MappingSet]) -> dict[str, MappingSet]:
    """The chained sets that the hops in ``sets`` allow, by name, in the order of :data:`CHAINS`."""
    out: dict[str, MappingSet] = {}
    for name, a, b, title in CHAINS:
        first = sets.get(a) or out.get(a)
        second = sets.get(b) or out.get(b)
        if first is None or second is None:
            continue
        description = (
            f"{title}. Composed from the mapping sets {first.name} ({first.iri}) and {second.name} "
            f"({second.iri}). {RULES}"
        )
        out[name] = compose_sets(first, second, name, title, description)
    return out


def unreached_clauses(clauses, targets) -> list[str]:
    """The clauses (of an edition's clause list) that no record reaches, in list order.

    A clause is reached if a record targets it, one of its sub-clauses, or one of its ancestors
    below the top level (a target such as 2018 ``4``, given where the evidence was only
    clause-level, does not reach every sub-clause of 4). This is the reading of section 7 of the
    2011 -> 2018 table's provenance, which names 4.1, 7.6, 8.2.1, 8.2.2 and 8.3.1.
    """
    targets = set(targets)
    reached = set()
    for t in targets:
        parts = t.split(".")
        reached.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
    out = []
    for c in clauses:
        parts = c.split(".")
        ancestors = {".".join(parts[:i]) for i in range(2, len(parts))}
        if c in reached or ancestors & targets:
            continue
        out.append(c)
    return out
