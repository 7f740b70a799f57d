"""Validation that scales: the graph cut into shards of processes, each validated on its own.

Why the whole-graph validation grows faster than the graph: pyshacl runs every SHACL-SPARQL
constraint as one query per focus node, and ``prmsh:clause-heading-unique`` compares each clause
with every clause of its edition, so its cost grows with the square of the number of clauses.
But every shape looks only at a small neighbourhood: a process with its outcomes and
traceability entries (and the clauses they cite), or clauses sharing an edition and number. So:

* a *process shard* holds ``shard_size`` processes, their outcomes, entries and sections, the
  full description of every clause they cite, and the triples about no owned node (vocabulary,
  documents);
* a *clause shard* holds the clauses whose (edition, number) hash to it, so clauses that could
  clash on ``clause-heading-unique`` are always validated together;
* the findings of all shards are merged, duplicates (a clause validated in several shards)
  dropped.

Each shard costs about as much as one real PRM, so the total grows linearly with N. The
harness checks that the merged findings equal those of the whole-graph validation where that
still runs. Limits: a shape that relates nodes of different processes (none does today) would
need its own grouping key, as clause headings have here.
"""

from __future__ import annotations

import json
import zlib

PRM = "https://w3id.org/iso20000-prm/vocab#"


def shards(graph, shard_size: int = 26, clause_groups: int | None = None):
    """Yield rdflib Graphs, the shards of ``graph`` (see the module docstring)."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import PROV, RDF, SKOS

    P = lambda name: URIRef(PRM + name)  # noqa: E731
    processes = sorted(graph.subjects(RDF.type, P("Process")))
    owner: dict = {}
    for index, process in enumerate(processes):
        shard = index // shard_size
        owner[process] = shard
        for prop in ("hasOutcome", "hasTraceabilityEntry"):
            for node in graph.objects(process, P(prop)):
                owner[node] = shard
        for section in graph.objects(process, PROV.wasDerivedFrom):
            owner[section] = shard
    count = max(1, -(-len(processes) // shard_size))
    clauses = sorted(set(graph.subjects(RDF.type, P("Clause"))))
    groups = clause_groups or count
    clause_shard = {}
    for clause in clauses:
        key = f"{graph.value(clause, P('edition'))} {graph.value(clause, SKOS.notation)}"
        clause_shard[clause] = zlib.crc32(key.encode("utf-8")) % groups

    common, owned = [], [[] for _ in range(count)]
    by_clause: dict = {c: [] for c in clauses}
    for triple in graph:
        s, _, o = triple
        if s in by_clause:
            by_clause[s].append(triple)
        elif s in owner:
            owned[owner[s]].append(triple)
        elif o in owner:
            owned[owner[o]].append(triple)
        else:
            common.append(triple)
    for shard in range(count):
        g = Graph()
        g.addN((s, p, o, g) for s, p, o in common)
        g.addN((s, p, o, g) for s, p, o in owned[shard])
        cited = {o for _, p, o in owned[shard] if o in by_clause}
        for clause in cited:
            g.addN((s, p, o, g) for s, p, o in by_clause[clause])
        yield g
    for group in range(groups):
        g = Graph()
        g.addN((s, p, o, g) for s, p, o in common)
        for clause in clauses:
            if clause_shard[clause] == group:
                g.addN((s, p, o, g) for s, p, o in by_clause[clause])
        yield g


def validate_in_shards(graph, shard_size: int = 26) -> list:
    """The merged, deduplicated findings of validating every shard of ``graph``."""
    from dataclasses import asdict

    from iso20000_prm.validation.core import validate

    seen, findings = set(), []
    for shard in shards(graph, shard_size):
        for finding in validate(shard).findings:
            key = json.dumps(asdict(finding), sort_keys=True)
            if key not in seen:
                seen.add(key)
                findings.append(finding)
    return sorted(findings, key=lambda f: f.sort_key())
