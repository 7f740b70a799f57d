"""Release profiles: ``full`` keeps everything; ``open`` drops the TR's prose.

ISO/IEC TR 20000-4 is under copyright, so many users may publish only the structure: which
processes and outcomes exist, their numbers, names, bracket status, the cited clauses with
their headings, traceability and mappings. The ``open`` profile removes the process context and
purpose texts, each outcome's verbatim text and its cleaned label (prose as well). It only
removes triples, never adds any: the open graph is a subset of the full one.

:func:`prose_leaks` is the proof that runs on every open build: a SPARQL query (on the embedded
Oxigraph store) that looks for any literal containing a prose text of the source tables, a
sentence of one, or an outcome's cleaned label, ignoring case, brackets and spacing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from iso20000_prm.errors import PRMError

PROFILES = ("full", "open")
PROFILE_DESCRIPTION = {
    "full": "Everything the source tables give, including the verbatim context, purpose and outcome texts of ISO/IEC TR 20000-4:2010 (ISO/IEC copyright).",
    "open": "The same graph without the prose of ISO/IEC TR 20000-4:2010 (process context and purpose, outcome texts and labels); identifiers, numbers, names, bracket status, clause numbers and headings, traceability and mappings are kept.",
}
# sentences shorter than this are too generic to prove a copy (e.g. "Changes are made.")
MIN_FRAGMENT = 25


def check_profile(profile: str) -> str:
    if profile not in PROFILES:
        raise PRMError(f"unknown profile {profile!r}; expected one of {', '.join(PROFILES)}")
    return profile


def prose_predicates():
    """Predicates whose every value is TR prose."""
    from iso20000_prm.vocab import PRM

    return (PRM.context, PRM.purpose, PRM.verbatimText)


def prose_triples(graph):
    """The triples the open profile removes: prose predicates, and ``rdfs:label`` of outcomes."""
    from rdflib.namespace import RDF, RDFS

    from iso20000_prm.vocab import PRM

    found = set()
    for p in prose_predicates():
        found.update(graph.triples((None, p, None)))
    for outcome in graph.subjects(RDF.type, PRM.Outcome):
        found.update(graph.triples((outcome, RDFS.label, None)))
    found.update(quoting_evidence(graph))
    return found


def quoting_evidence(graph, tables=None):
    """Curated evidence (``setrel:evidence`` of a mapping record) that quotes TR prose, such as an
    outcome cited in the ITIL crosswalk's evidence: the open profile drops the whole literal."""
    from rdflib import URIRef

    from iso20000_prm.tables.read import Tables, load_tables
    from iso20000_prm.vocab import SETREL_NS

    evidence = list(graph.triples((None, URIRef(SETREL_NS + "evidence"), None)))
    if not evidence:
        return set()
    fragments = prose_fragments(tables if isinstance(tables, Tables) else load_tables(tables))
    return {t for t in evidence if any(f in _normalise(str(t[2])) for f in fragments)}


def apply_profile(graph, profile: str):
    """``graph`` for ``profile``: the graph itself for ``full``, a reduced copy for ``open``."""
    check_profile(profile)
    if profile == "full":
        return graph
    from rdflib import Graph

    from iso20000_prm.graph.index_store import IndexStore

    drop = prose_triples(graph)
    out = Graph(store=IndexStore())  # the builder's store, as the full graph's
    for prefix, namespace in graph.namespaces():
        out.bind(prefix, namespace, override=True, replace=True)
    for triple in graph:
        if triple not in drop:
            out.add(triple)
    return out


def _normalise(text: str) -> str:
    text = text.replace("[", "").replace("]", "")
    return re.sub(r"\s+", " ", text).strip().lower()


def prose_fragments(tables) -> list[str]:
    """Every prose text of the tables, normalised, with its sentences and the outcome labels."""
    from iso20000_prm.graph.build import clean_outcome_label

    texts = [p.context for p in tables.processes] + [p.purpose for p in tables.processes]
    texts += [o.text for o in tables.outcomes] + [
        clean_outcome_label(o.text) for o in tables.outcomes
    ]
    fragments = set()
    for text in texts:
        whole = _normalise(text)
        if whole:
            fragments.add(whole)
        for sentence in re.split(r"(?<=[.;:])\s+", whole):
            sentence = sentence.rstrip(" .;:")
            if len(sentence) >= MIN_FRAGMENT:
                fragments.add(sentence)
    return sorted(fragments)


@dataclass(frozen=True)
class Leak:
    subject: str
    predicate: str
    literal: str
    fragment: str

    def __str__(self) -> str:
        return f"<{self.subject}> <{self.predicate}> holds TR prose: {self.fragment[:80]!r}"


# The literals are normalised once in a subquery (and those shorter than the shortest fragment
# dropped) before the join with the fragments, which keeps the check well under a second.
LEAK_QUERY = """
SELECT DISTINCT ?s ?p ?lit ?fragment WHERE {
  {
    SELECT ?s ?p ?lit ?norm WHERE {
      ?s ?p ?lit .
      FILTER(isLITERAL(?lit) && STRLEN(STR(?lit)) >= %d)
      BIND(LCASE(REPLACE(REPLACE(STR(?lit), "[\\\\[\\\\]]", ""), "\\\\s+", " ")) AS ?norm)
    }
  }
  VALUES ?fragment { %s }
  FILTER(CONTAINS(?norm, ?fragment))
}
"""


def prose_leaks(graph, tables=None) -> list[Leak]:
    """Literals of ``graph`` that contain prose of the TR (empty list: the graph is open)."""
    from iso20000_prm.sparql.engines import oxigraph_store
    from iso20000_prm.sparql.params import escape_literal
    from iso20000_prm.tables.read import Tables, load_tables

    if not isinstance(tables, Tables):
        tables = load_tables(tables)
    fragments = prose_fragments(tables)
    if not fragments:
        return []
    store = oxigraph_store(graph, "the graph checked for prose").store
    query = LEAK_QUERY % (
        min(len(f) for f in fragments),
        " ".join(escape_literal(f) for f in fragments),
    )
    leaks = [
        Leak(row["s"].value, row["p"].value, row["lit"].value, row["fragment"].value)
        for row in store.query(query)
    ]
    return sorted(leaks, key=lambda x: (x.subject, x.predicate, x.fragment))
