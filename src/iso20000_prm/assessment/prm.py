"""What an assessment needs from the PRM graph: the processes with their purpose and outcomes,
the clauses each outcome traces to, and the editions reached through mapping sets.

Editions are found by data, not named in code: an edition whose clauses outcomes trace to
(``prm:tracesTo``) is *traced*; an edition that is the object (``void:objectsTarget``) of a mapping
set (``setrel:MappingSet``) whose subject edition is already known is *mapped*: each of its clauses
inherits the outcomes of the clauses mapped to it (records whose direct mapping triple is stated,
so negated and no-term records count for nothing), with the weakest confidence along the chain.
A mapping set 2011 -> 2018 added to the graph therefore gives 2018 exposure with no change here.

Frameworks are found the same way: a mapping set whose records map PRM processes (ITIL 4
practices, COBIT 2019 objectives: ``prm-to-itil4``, ``prm-to-cobit2019``) gives each item of its
object scheme the outcomes of the processes mapped to it, each row with its confidence; the item's
confidence is the weakest of its rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from iso20000_prm import vocab as ns


@dataclass(frozen=True)
class Outcome:
    number: int
    iri: str
    text: str
    bracket: str  # NotBracketed | PartlyBracketed | FullyBracketed (local names)

    @property
    def bracketed(self) -> str:
        return {"PartlyBracketed": "partly", "FullyBracketed": "yes"}.get(self.bracket, "")


@dataclass(frozen=True)
class Process:
    clause: str
    iri: str
    name: str
    purpose: str
    outcomes: tuple[Outcome, ...]


@dataclass
class EditionClause:
    iri: str
    notation: str
    label: str
    outcomes: set[str] = field(default_factory=set)  # outcome IRIs tracing to it
    confidence: Decimal | None = None  # None: traced by the TR itself
    via: set[str] = field(default_factory=set)  # notations of the clauses it is mapped from


@dataclass
class Edition:
    iri: str
    label: str
    code: str  # editionCode where the graph gives one ("1ED IS"), else the label
    traced: bool  # True: cited by the TR; False: reached through mapping sets
    mapping_sets: tuple[str, ...] = ()
    depth: int = 0  # mapping hops from a traced edition
    clauses: dict[str, EditionClause] = field(default_factory=dict)


@dataclass
class FrameworkItem:
    iri: str
    notation: str  # "change-enablement", "BAI06"
    label: str
    outcomes: set[str] = field(default_factory=set)  # outcome IRIs of the processes mapped to it
    processes: dict[str, Decimal | None] = field(default_factory=dict)  # process -> row confidence
    confidence: Decimal | None = None  # the weakest row


@dataclass
class Framework:
    iri: str  # the concept scheme
    code: str  # its dcterms:identifier ("ITIL 4", "COBIT 2019")
    label: str
    kind: str  # "practice", "objective" (vocab.FRAMEWORK_ITEM_KIND), else "item"
    mapping_sets: tuple[str, ...] = ()
    items: dict[str, FrameworkItem] = field(default_factory=dict)


@dataclass
class PRMView:
    processes: dict[str, Process]  # by clause number
    editions: list[Edition]
    frameworks: list[Framework] = field(default_factory=list)

    def outcome_index(self) -> dict[str, tuple[str, int]]:
        return {o.iri: (p.clause, o.number) for p in self.processes.values() for o in p.outcomes}


def prm_view(graph) -> PRMView:
    """Read the PRM facts an assessment needs from an rdflib graph of the PRM."""
    from rdflib import URIRef
    from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

    P = lambda local: URIRef(ns.PRM_NS + local)  # noqa: E731
    S = lambda local: URIRef(ns.SETREL_NS + local)  # noqa: E731
    VOID = lambda local: URIRef(ns.VOID_NS + local)  # noqa: E731
    processes = {}
    for p in graph.subjects(RDF.type, P("Process")):
        clause = str(graph.value(p, SKOS.notation))
        outcomes = []
        for o in graph.objects(p, P("hasOutcome")):
            status = graph.value(o, P("bracketStatus"))
            outcomes.append(
                Outcome(
                    int(graph.value(o, P("outcomeNumber"))),
                    str(o),
                    str(graph.value(o, P("verbatimText")) or graph.value(o, RDFS.label) or ""),
                    str(status).rsplit("#", 1)[-1] if status is not None else "NotBracketed",
                )
            )
        processes[clause] = Process(
            clause,
            str(p),
            str(graph.value(p, RDFS.label) or ""),
            str(graph.value(p, P("purpose")) or ""),
            tuple(sorted(outcomes, key=lambda o: o.number)),
        )
    processes = dict(sorted(processes.items(), key=lambda kv: ns.clause_key(kv[0])))

    def edition(doc, traced, sets=()):
        label = str(graph.value(doc, DCTERMS.identifier) or graph.value(doc, RDFS.label) or doc)
        code = str(graph.value(doc, P("editionCode")) or label)
        return Edition(str(doc), label, code, traced, tuple(sets))

    def clause_of(iri, ed):
        c = URIRef(iri)
        if iri not in ed.clauses:
            ed.clauses[iri] = EditionClause(
                iri,
                str(graph.value(c, SKOS.notation) or ""),
                str(graph.value(c, SKOS.prefLabel) or graph.value(c, RDFS.label) or ""),
            )
        return ed.clauses[iri]

    editions: dict[str, Edition] = {}
    for o, c in graph.subject_objects(P("tracesTo")):
        doc = graph.value(c, P("edition")) or graph.value(c, SKOS.inScheme)
        if doc is None:
            continue
        ed = editions.setdefault(str(doc), edition(doc, True))
        clause_of(str(c), ed).outcomes.add(str(o))
    # mapped editions, breadth first along mapping sets whose subject edition is known
    sets = sorted(
        (str(s), graph.value(s, VOID("subjectsTarget")), graph.value(s, VOID("objectsTarget")))
        for s in graph.subjects(RDF.type, S("MappingSet"))
    )
    records = {
        s: [
            (
                graph.value(r, S("mappingSubject")),
                graph.value(r, S("mappingPredicate")),
                graph.value(r, S("mappingObject")),
                graph.value(r, S("confidence")),
            )
            for r in graph.subjects(S("inMappingSet"), URIRef(s))
        ]
        for s, _, _ in sets
    }
    # a fixpoint: each pass rebuilds every mapped edition from the previous pass's clauses, so
    # the order of the sets does not matter and chains of any length are followed
    traced = {k: e for k, e in editions.items()}
    mapped: dict[str, Edition] = {}
    for _ in range(len(sets) + 1):
        known = {**mapped, **traced}
        fresh: dict[str, Edition] = {}
        for s, a, b in sets:
            if a is None or b is None or str(a) not in known or str(b) in traced:
                continue
            source = known[str(a)]
            target = fresh.get(str(b))
            if target is None:
                target = fresh[str(b)] = edition(b, False)
                target.depth = 99  # until a set gives it a clause
            contributed = False
            for subj, pred, obj, conf in records[s]:
                if None in (subj, pred, obj) or (subj, pred, obj) not in graph:
                    continue
                from_clause = source.clauses.get(str(subj))
                if from_clause is None or not from_clause.outcomes:
                    continue
                conf = Decimal(str(conf)) if conf is not None else None
                chain = [x for x in (from_clause.confidence, conf) if x is not None]
                to_clause = clause_of(str(obj), target)
                to_clause.outcomes |= from_clause.outcomes
                to_clause.via.add(from_clause.notation)
                contributed = True
                if chain:
                    weakest = min(chain)
                    if to_clause.confidence is None or weakest < to_clause.confidence:
                        to_clause.confidence = weakest
            if contributed:  # sets that give nothing (e.g. chained sets without direct
                # triples) are not named, and do not set the edition's distance
                target.depth = min(target.depth, source.depth + 1)
                target.mapping_sets = tuple(sorted(set(target.mapping_sets) | {s}))
        snapshot = lambda eds: {  # noqa: E731
            k: (e.depth, {c: (frozenset(x.outcomes), x.confidence) for c, x in e.clauses.items()})
            for k, e in eds.items()
        }
        if snapshot(fresh) == snapshot(mapped):
            break
        mapped = fresh
    editions = {**traced, **mapped}
    ordered = sorted(editions.values(), key=lambda e: (e.depth, e.code, e.label))
    for ed in ordered:
        ed.clauses = dict(sorted(ed.clauses.items(), key=lambda kv: ns.clause_key(kv[1].notation)))
    return PRMView(processes, ordered, _frameworks(graph, processes, sets, records))


def _frameworks(graph, processes: dict, sets, records) -> list[Framework]:
    """The frameworks reached from PRM processes through mapping sets (records whose mapping
    triple is stated), each item with the outcomes of its processes and the rows' confidence."""
    from rdflib import URIRef
    from rdflib.namespace import DCTERMS, RDFS, SKOS

    by_iri = {p.iri: p for p in processes.values()}
    kinds = {str(ns.framework_iri(k)): kind for k, kind in ns.FRAMEWORK_ITEM_KIND.items()}
    found: dict[str, Framework] = {}
    for s, _a, b in sets:
        if b is None:
            continue
        for subj, pred, obj, conf in records[s]:
            if (
                None in (subj, pred, obj)
                or str(subj) not in by_iri
                or (subj, pred, obj) not in graph
            ):
                continue
            fw = found.get(str(b))
            if fw is None:
                label = graph.value(b, DCTERMS.title) or graph.value(b, RDFS.label) or b
                code = graph.value(b, DCTERMS.identifier) or label
                fw = found[str(b)] = Framework(
                    str(b), str(code), str(label), kinds.get(str(b), "item")
                )
            fw.mapping_sets = tuple(sorted(set(fw.mapping_sets) | {s}))
            item = fw.items.get(str(obj))
            if item is None:
                o = URIRef(str(obj))
                item = fw.items[str(obj)] = FrameworkItem(
                    str(obj),
                    str(graph.value(o, SKOS.notation) or obj),
                    str(graph.value(o, SKOS.prefLabel) or graph.value(o, RDFS.label) or ""),
                )
            process = by_iri[str(subj)]
            conf = Decimal(str(conf)) if conf is not None else None
            known = [x for x in (item.processes.get(process.clause), conf) if x is not None]
            item.processes[process.clause] = min(known) if known else None
            item.outcomes |= {o.iri for o in process.outcomes}
            if conf is not None and (item.confidence is None or conf < item.confidence):
                item.confidence = conf
    out = sorted(found.values(), key=lambda f: (f.code, f.iri))
    for fw in out:
        fw.items = dict(sorted(fw.items.items(), key=lambda kv: kv[1].notation))
    return out
