"""Edition comparison: one clause of any edition, its counterparts in the other editions (direct
and chained mapping sets, both directions) and the PRM outcomes that trace to or reach each.

Plain Python over the mapping sets and the tables (no graph, no rdflib): the answer is the same
data the graph states, read where it is made.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from iso20000_prm import vocab as ns
from iso20000_prm.errors import PRMError
from iso20000_prm.mappings.model import (
    EDITION_1,
    EDITION_2_DRAFT,
    EDITION_2011,
    EDITION_2018,
)
from iso20000_prm.vocab import clause_key

EDITIONS = {  # shown name -> document id
    "1ED IS": EDITION_1,
    "2ED DRAFT": EDITION_2_DRAFT,
    "2011": EDITION_2011,
    "2018": EDITION_2018,
}
ALIASES = {
    "1ed is": "1ED IS",
    "1ed": "1ED IS",
    "2005": "1ED IS",
    "iso20000-1-2005": "1ED IS",
    "2ed draft": "2ED DRAFT",
    "2ed-draft": "2ED DRAFT",
    "draft": "2ED DRAFT",
    "2010-draft": "2ED DRAFT",
    "iso20000-1-2ed-draft": "2ED DRAFT",
    "2011": "2011",
    "iso20000-1-2011": "2011",
    "2018": "2018",
    "iso20000-1-2018": "2018",
}
RANK = {"low": 1, "medium": 2, "high": 3}


@dataclass(frozen=True)
class Counterpart:
    """One row of the comparison: the clause asked about (``role`` "given") or a counterpart."""

    role: str  # given | maps to | mapped from
    edition: str
    clause: str
    heading: str
    mapping_set: str = ""
    derived: bool = False
    predicate: str = ""
    relationship: str = ""
    confidence: str = ""
    chain: str = ""
    outcomes: tuple[tuple[str, int], ...] = ()
    outcomes_how: str = ""  # "traced" (the TR traces them) | "reach" (through mapping records)


def _edition(value: str) -> str:
    key = " ".join(value.strip().lower().split())
    if key in ALIASES:
        return ALIASES[key]
    close = difflib.get_close_matches(key, list(ALIASES), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(ALIASES[c] for c in close)}?" if close else ""
    raise PRMError(f"no edition {value!r}; editions: {', '.join(EDITIONS)}{hint}")


def compare_clause(edition: str, clause: str, tables=None) -> list[Counterpart]:
    """The clause ``clause`` of ``edition`` and its counterparts in the other editions.

    ``edition``: 1ED IS, 2ED DRAFT, 2011, 2018 (or 2005, draft, the document ids). ``clause``:
    its number (as printed is accepted for the TR's editions). Outcomes: for a clause of an
    edition the TR cites, the (process, outcome) pairs it traces to the clause; for a 2011 or 2018
    clause, those that reach it through any mapping record from a clause the TR cites.
    Unknown edition or clause: PRMError with close names.
    """
    from iso20000_prm.mappings import mapping_sets
    from iso20000_prm.mappings.reference import (
        clause_list_2018,
        headings_2011_from_2018_table,
        published_headings,
    )
    from iso20000_prm.tables.read import Tables, load_tables

    if not isinstance(tables, Tables):
        tables = load_tables(tables)
    shown = _edition(edition)
    sets = mapping_sets(tables)
    code_of = {d.id: d.edition_code for d in tables.documents if d.edition_code}
    short = {doc: name for name, doc in EDITIONS.items()}
    # every clause we know, by IRI: (edition shown, number, heading)
    known: dict[str, tuple[str, str, str]] = {}
    printed: dict[tuple[str, str], str] = {}
    by_code = {code: doc for doc, code in code_of.items()}
    for c in tables.clauses:
        doc = by_code.get(c.edition)
        if doc in short:
            known[str(ns.clause_iri(doc, c.clause))] = (short[doc], c.clause, c.heading)
            printed[(short[doc], c.clause_as_printed)] = c.clause
    h2011 = {**headings_2011_from_2018_table(), **published_headings()}
    for mset in sets.values():
        for m in mset.mappings:
            for iri, number in ((m.subject, m.subject_notation), (m.object, m.object_notation)):
                if iri.startswith(str(ns.clause_iri(EDITION_2011, ""))):
                    known.setdefault(iri, ("2011", number, h2011.get(number, "")))
    for number, heading in clause_list_2018().items():
        known[str(ns.clause_iri(EDITION_2018, number))] = ("2018", number, heading)
    number = printed.get((shown, clause.strip()), clause.strip())
    given = str(ns.clause_iri(EDITIONS[shown], number))
    if given not in known:
        numbers = sorted({n for e, n, _ in known.values() if e == shown}, key=clause_key)
        close = difflib.get_close_matches(number, numbers, n=5, cutoff=0.6)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise PRMError(f"no clause {clause!r} of {shown}{hint}")

    # outcomes: traced (TR editions) and reaching (2011/2018, best confidence per outcome)
    traced: dict[str, set[tuple[str, int]]] = {}
    for e in tables.traceability:
        doc = by_code.get(e.edition)
        if doc is not None:
            iri = str(ns.clause_iri(doc, e.clause))
            traced.setdefault(iri, set()).update((e.process, n) for n in e.outcomes)
    reach: dict[str, dict[tuple[str, int], int]] = {}
    for mset in sets.values():
        for m in mset.mappings:
            if m.has_object and m.subject in traced and m.object not in traced:
                cell = reach.setdefault(m.object, {})
                for o in traced[m.subject]:
                    cell[o] = max(cell.get(o, 0), RANK.get(m.confidence_level or "low", 1))

    def outcomes(iri: str) -> tuple[tuple[tuple[str, int], ...], str]:
        if iri in traced:
            found, how = traced[iri], "traced"
        else:
            found, how = set(reach.get(iri, {})), "reach"
        return tuple(sorted(found, key=lambda o: (clause_key(o[0]), o[1]))), how

    e, n, h = known[given]
    outs, how = outcomes(given)
    rows = [Counterpart("given", e, n, h, outcomes=outs, outcomes_how=how)]
    found: list[Counterpart] = []
    for mset in sets.values():
        derived = any(m.hops for m in mset.mappings)
        for m in mset.mappings:
            if not m.has_object or m.negated:
                continue
            if m.subject == given:
                role, other = "maps to", m.object
            elif m.object == given:
                role, other = "mapped from", m.subject
            else:
                continue
            oe, on, oh = known.get(other, ("?", other, ""))
            outs, how = outcomes(other)
            found.append(
                Counterpart(
                    role,
                    oe,
                    on,
                    oh,
                    mapping_set=mset.name,
                    derived=derived,
                    predicate=m.predicate.rsplit("#", 1)[-1],
                    relationship=m.relationship or "",
                    confidence=m.confidence_level or "",
                    chain=m.chain,
                    outcomes=outs,
                    outcomes_how=how,
                )
            )
    order = list(EDITIONS)
    found.sort(
        key=lambda r: (
            order.index(r.edition) if r.edition in order else 9,
            clause_key(r.clause),
            r.derived,
            r.mapping_set,
        )
    )
    return rows + found
