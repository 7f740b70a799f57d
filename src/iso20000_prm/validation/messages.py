"""The wording of a finding: which process and outcome a SHACL result is about, and a message
that names them, says what is wrong and what to do, with the details a shape cannot compute
(which outcome numbers clash or are missing, what a wrong trace points at)."""

from __future__ import annotations

import re

from iso20000_prm.vocab import DATA_NS, PRM_NS, RDF_NS, RDFS_NS, SH_NS, SKOS_NS

# prefix -> namespace for the short IRIs of messages, tried in this order
SHORT_PREFIXES = {
    "prm": PRM_NS,
    "prmd": DATA_NS,
    "skos": SKOS_NS,
    "rdfs": RDFS_NS,
    "rdf": RDF_NS,
    "sh": SH_NS,
}


def local_name(iri) -> str:
    return re.split(r"[#/]", str(iri))[-1]


def predicates_read() -> set:
    """Every predicate :class:`Resolver` reads by name."""
    from rdflib.namespace import RDF, RDFS, SKOS

    from iso20000_prm.vocab import PRM

    return {
        RDF.type,
        RDFS.label,
        SKOS.notation,
        PRM.hasOutcome,
        PRM.hasTraceabilityEntry,
        PRM.outcomeNumber,
        PRM.edition,
        PRM.tracesTo,
    }


class Resolver:
    """Finds, in the validated (entailed) graph, the process and outcome a result is about, and
    words them for the message."""

    def __init__(self, work):
        from rdflib.namespace import RDF, RDFS, SKOS

        from iso20000_prm.vocab import PRM

        self.g = work
        self.type = RDF.type
        self.has_outcome = PRM.hasOutcome
        self.has_entry = PRM.hasTraceabilityEntry
        self.number_p = PRM.outcomeNumber
        self.edition = PRM.edition
        self.traces_to = PRM.tracesTo
        self.Process = PRM.Process
        self.Outcome = PRM.Outcome
        self.Clause = PRM.Clause
        self.props = {"notation": SKOS.notation, "label": RDFS.label}

    def short(self, iri) -> str:
        for prefix, ns in SHORT_PREFIXES.items():
            if str(iri).startswith(ns):
                return f"{prefix}:{str(iri)[len(ns) :]}"
        return f"<{iri}>"

    def text(self, node, prop: str) -> str | None:
        """The value of ``prop`` ("notation" or "label") on ``node``; the smallest if several."""
        if node is None:
            return None
        values = sorted(str(v) for v in self.g.objects(node, self.props[prop]))
        return values[0] if values else None

    def number(self, outcome) -> int | None:
        if outcome is None:
            return None
        try:
            return int(self.g.value(outcome, self.number_p))
        except (TypeError, ValueError):
            return None

    def is_process(self, node) -> bool:
        return (node, self.type, self.Process) in self.g or self.g.value(
            node, self.has_outcome
        ) is not None

    def is_outcome(self, node) -> bool:
        return (node, self.type, self.Outcome) in self.g or self.g.value(
            None, self.has_outcome, node
        ) is not None

    def locate(self, focus, value):
        """(process, outcome) the result is about: from the focus node; from the value only
        when the focus is neither (a model- or edition-level rule whose value is the process)."""
        if self.is_process(focus):
            return focus, None
        if self.is_outcome(focus):
            return self.g.value(None, self.has_outcome, focus), focus
        process = self.g.value(None, self.has_entry, focus)
        if process is not None:
            return process, None
        if value is not None and self.is_process(value):
            return value, None
        return None, None

    def message(self, rule: str, focus, process, outcome, value, shape_message: str) -> str:
        """The finding's message: who it is about, the shape's message, the offending value
        when the words do not already show it, and the rule's details."""
        from rdflib import URIRef

        message = f"{self.subject(focus, process, outcome, value)} {shape_message}".strip()
        shown = (
            value is not None and rule != "bracketed-outcome-traced"
        )  # there the value is the status itself
        if (
            shown
            and str(value) not in message
            and process not in (value,)
            and outcome not in (value,)
        ):
            message += (
                f" (value: {self.short(value) if isinstance(value, URIRef) else repr(str(value))})"
            )
        return message + self.detail(rule, process, value, focus)

    def process_words(self, process) -> str:
        clause, name = self.text(process, "notation"), self.text(process, "label")
        if clause and name:
            return f"Process {clause} {name}"
        return (
            f"Process {name} ({self.short(process)})" if name else f"Process {self.short(process)}"
        )

    def subject(self, focus, process, outcome, value) -> str:
        """Who the finding is about, in words: process and outcome, or the clause or node."""
        if outcome is not None:
            number = self.number(outcome)
            if process is not None:
                words = self.process_words(process) + (
                    f", outcome {number}"
                    if number is not None
                    else f", outcome {self.short(outcome)}"
                )
            else:
                words = (
                    f"Outcome {number} ({self.short(outcome)}), of no process,"
                    if number is not None
                    else f"Outcome {self.short(outcome)}, of no process,"
                )
            return words
        if process is not None:
            words = self.process_words(process)
            # a model-level rule names the process as its value: the process is the subject
            return (
                words if focus == process or value == process else f"{words}, {self.short(focus)}"
            )
        if (focus, self.type, self.Clause) in self.g:
            edition = self.g.value(focus, self.edition)
            label = self.text(edition, "label") if edition is not None else None
            return f"Clause {self.text(focus, 'notation') or '?'} of {label or 'an unknown edition'} ({self.short(focus)})"
        label = self.text(focus, "label")
        return f"{label} ({self.short(focus)})" if label else self.short(focus)

    def detail(self, rule: str, process, value, focus=None) -> str:
        """What the shape's message cannot say: which numbers clash or are missing, what a
        wrong trace points at."""
        if (
            rule in ("outcome-number-duplicate", "process-outcome-numbering")
            and process is not None
        ):
            numbers: dict[int, int] = {}
            for outcome in self.g.objects(process, self.has_outcome):
                n = self.number(outcome)
                if n is not None:
                    numbers[n] = numbers.get(n, 0) + 1
            if rule == "outcome-number-duplicate":
                shared = sorted(n for n, c in numbers.items() if c > 1)
                return f" Shared: {', '.join(map(str, shared))}." if shared else ""
            missing = sorted(set(range(1, max(numbers, default=0) + 1)) - set(numbers))
            return f" Missing: {', '.join(map(str, missing))}." if missing else ""
        if rule == "bracketed-outcome-traced" and focus is not None:
            traced = sorted(
                self.text(c, "label") or self.short(c)
                for c in self.g.objects(focus, self.traces_to)
            )
            return f" Traced to: {'; '.join(traced)}." if traced else ""
        if rule.startswith("clause-number-") and focus is not None and value is not None:
            clauses = sorted(
                self.short(c)
                for c in self.g.subjects(self.edition, focus)
                if (c, None, value) in self.g
            )
            return f" Clause: {', '.join(clauses)}." if clauses else ""
        if rule == "trace-target-not-clause" and value is not None:
            if self.is_process(value):
                return f" {self.short(value)} is a process."
            types = sorted(self.short(t) for t in self.g.objects(value, self.type))
            if types:
                return f" {self.short(value)} is a {', '.join(types)}."
            if self.g.value(value, None) is None and self.g.value(None, None, value) is None:
                return f" {self.short(value)} is not in the graph."
            return f" {self.short(value)} has no type."
        return ""
