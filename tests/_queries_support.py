"""Expected answers of the saved queries, computed a second way: plain Python over the CSV tables.

Nothing here uses rdflib, SPARQL or the package's loader: only the csv module on the shipped
files, so a mistake in the builder or in a query cannot hide in its own expectation.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from _paths import ROOT

TABLES = ROOT / "tables"
BRACKET = {"none": "NotBracketed", "partial": "PartlyBracketed", "full": "FullyBracketed"}
EDITIONS = ("1ED IS", "2ED DRAFT")


def read(name: str, tables: Path = TABLES) -> list[dict[str, str]]:
    with open(Path(tables) / name, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def pkey(process: str) -> int:
    """Process clauses 5.2 ... 5.27 in numeric order."""
    return int(process.split(".")[1])


def ckey(clause: str) -> tuple[int, ...]:
    """ISO/IEC 20000-1 clause numbers in numeric order (5 < 6.1 < 10.1)."""
    return tuple(int(part) for part in clause.split("."))


def half_up(value: Decimal, places: str) -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


class Source:
    """The tables (default: the shipped ones), indexed for the expectations."""

    def __init__(self, tables: Path = TABLES):
        self.processes = read("processes.csv", tables)
        self.outcomes = read("outcomes.csv", tables)
        self.entries = read("traceability.csv", tables)
        self.clauses = read("clauses.csv", tables)
        self.name = {p["clause"]: p["name"] for p in self.processes}
        self.outcome = {(o["process"], int(o["number"])): o for o in self.outcomes}
        self.heading = {(c["edition"], c["clause"]): c["heading"] for c in self.clauses}
        self.printed = {(c["edition"], c["clause"]): c["clause_as_printed"] for c in self.clauses}
        # (process, outcome) -> set of (edition, clause)
        self.traces: dict[tuple[str, int], set[tuple[str, str]]] = defaultdict(set)
        for e in self.entries:
            for n in e["outcomes"].split(","):
                self.traces[(e["process"], int(n))].add((e["edition"], e["clause"]))

    def text(self, key):
        return self.outcome[key]["text"]

    def status(self, key):
        return self.outcome[key]["bracket_status"]

    # -------------------------------------------------------------- one function per saved query
    def process_outcomes(self, process: str):
        available = {p["clause"]: p["available"] == "yes" for p in self.processes}[process]
        keys = sorted(k for k in self.outcome if k[0] == process)
        if not keys:
            return [(process, self.name[process], available) + (None,) * 6]
        rows = []
        for key in keys:
            base = (
                process,
                self.name[process],
                available,
                key[1],
                self.text(key),
                BRACKET[self.status(key)],
            )
            traced = sorted(self.traces.get(key, ()), key=lambda ec: (ec[0], ckey(ec[1])))
            if not traced:
                rows.append(base + (None, None, None))
            for edition, clause in traced:
                rows.append(base + (edition, clause, self.heading[(edition, clause)]))
        return rows

    def untraced_outcomes(self):
        keys = [k for k in self.outcome if self.status(k) != "full" and not self.traces.get(k)]
        return [
            (k[0], self.name[k[0]], k[1], self.text(k), BRACKET[self.status(k)])
            for k in sorted(keys, key=lambda k: (pkey(k[0]), k[1]))
        ]

    def bracketed_traced_outcomes(self):
        rows = []
        for k in sorted(self.outcome, key=lambda k: (pkey(k[0]), k[1])):
            if self.status(k) != "full":
                continue
            for edition in EDITIONS:
                n = len({c for e, c in self.traces.get(k, ()) if e == edition})
                if n:
                    rows.append((k[0], self.name[k[0]], k[1], self.text(k), edition, n))
        return rows

    def clause_traces(self, edition: str, clause: str):
        keys = sorted(
            (k for k, t in self.traces.items() if (edition, clause) in t),
            key=lambda k: (pkey(k[0]), k[1]),
        )
        heading = self.heading[(edition, clause)]
        return [
            (
                edition,
                clause,
                heading,
                k[0],
                self.name[k[0]],
                k[1],
                self.text(k),
                BRACKET[self.status(k)],
            )
            for k in keys
        ]

    def coverage_matrix(self, edition: str | None = None):
        cells: dict[tuple[str, str, str], set[int]] = defaultdict(set)
        for (process, number), traced in self.traces.items():
            for ed, clause in traced:
                if edition is None or ed == edition:
                    cells[(ed, clause, process)].add(number)
        order = sorted(cells, key=lambda c: (c[0], ckey(c[1]), pkey(c[2])))
        return [
            (
                ed,
                clause,
                self.heading[(ed, clause)],
                process,
                self.name[process],
                len(cells[(ed, clause, process)]),
            )
            for ed, clause, process in order
        ]

    def process_coverage(self):
        rows = []
        for p in sorted(self.processes, key=lambda p: pkey(p["clause"])):
            keys = [k for k in self.outcome if k[0] == p["clause"]]
            direct = [k for k in keys if self.status(k) != "full"]
            traced = [k for k in direct if self.traces.get(k)]
            if direct:
                ratio = float(half_up(Decimal(1000 * len(traced)) / Decimal(len(direct)), "1") / 10)
            else:
                ratio = "no data"
            rows.append(
                (
                    p["clause"],
                    p["name"],
                    p["available"] == "yes",
                    len(keys),
                    len(direct),
                    len(traced),
                    ratio,
                )
            )
        return rows

    def clause_ranking(self, edition: str | None = None):
        procs: dict = defaultdict(set)
        outs: dict = defaultdict(set)
        for key, traced in self.traces.items():
            for ed, clause in traced:
                if edition is None or ed == edition:
                    procs[(ed, clause)].add(key[0])
                    outs[(ed, clause)].add(key)
        order = sorted(outs, key=lambda c: (-len(outs[c]), -len(procs[c]), c[0], ckey(c[1])))
        return [
            (
                ed,
                clause,
                self.heading[(ed, clause)],
                len(procs[(ed, clause)]),
                len(outs[(ed, clause)]),
            )
            for ed, clause in order
        ]

    def edition_gaps(self):
        rows = []
        for key, traced in self.traces.items():
            editions = {e for e, _ in traced}
            if len(editions) == 1:
                (edition,) = editions
                rows.append(
                    (edition, key[0], self.name[key[0]], key[1], self.text(key), len(traced))
                )
        return sorted(rows, key=lambda r: (r[0], pkey(r[1]), r[3]))

    def edition_correspondences(self):
        by_clause: dict = defaultdict(set)
        for key, traced in self.traces.items():
            for ec in traced:
                by_clause[ec].add(key)
        rows = []
        for (e1, c1), o1 in by_clause.items():
            for (e2, c2), o2 in by_clause.items():
                if e1 != "1ED IS" or e2 != "2ED DRAFT":
                    continue
                shared = len(o1 & o2)
                if shared:
                    union = len(o1) + len(o2) - shared
                    jaccard = float(half_up(Decimal(100 * shared) / Decimal(union), "1") / 100)
                    rows.append(
                        (
                            c1,
                            self.heading[(e1, c1)],
                            c2,
                            self.heading[(e2, c2)],
                            shared,
                            len(o1),
                            len(o2),
                            jaccard,
                        )
                    )
        return sorted(rows, key=lambda r: (-r[4], -r[7], ckey(r[0]), ckey(r[2])))

    def keyword_search(self, keyword: str):
        needle = keyword.lower()
        rows = []
        for p in sorted(self.processes, key=lambda p: pkey(p["clause"])):
            if needle in p["name"].lower():
                rows.append((p["clause"], p["name"], "name", None, None, None, p["name"]))
            for field in ("context", "purpose"):
                if p[field] and needle in p[field].lower():
                    rows.append((p["clause"], p["name"], field, None, None, None, p[field]))
            for key in sorted(k for k in self.outcome if k[0] == p["clause"]):
                if needle in self.text(key).lower():
                    rows.append(
                        (p["clause"], p["name"], "outcome", key[1], None, None, self.text(key))
                    )
        for c in sorted(self.clauses, key=lambda c: (c["edition"], ckey(c["clause"]))):
            if needle in c["heading"].lower():
                rows.append((None, None, "heading", None, c["edition"], c["clause"], c["heading"]))
        return rows

    def process_list(self):
        rows = []
        for p in sorted(self.processes, key=lambda p: pkey(p["clause"])):
            n_out = sum(1 for k in self.outcome if k[0] == p["clause"])
            n_ent = sum(1 for e in self.entries if e["process"] == p["clause"])
            rows.append((p["clause"], p["name"], p["available"] == "yes", n_out, n_ent))
        return rows

    def process_traceability(self, process: str):
        rows = []
        for e in self.entries:
            if e["process"] == process:
                for n in e["outcomes"].split(","):
                    rows.append(
                        (
                            process,
                            int(e["position"]),
                            e["edition"],
                            e["clause_as_printed"],
                            e["heading_as_printed"],
                            int(n),
                        )
                    )
        return sorted(rows, key=lambda r: (r[1], r[5]))
