"""The result of a validation: :class:`Finding` (one SHACL result, resolved to the process and
outcome it is about) and :class:`ValidationReport` (the sorted findings, their counts, and the
verdict a CI run acts on). Plain data: rdflib is needed only to render the report as Turtle."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from iso20000_prm.errors import PRMError
from iso20000_prm.vocab import clause_key

SEVERITIES = ("Violation", "Warning", "Info")
# the SHACL engines of ``validate`` (engine.py): the default first, then the reference
ENGINES = ("oxigraph", "pyshacl")
# the lowest severity that fails a run (``fails``, ``--fail-on``) -> the severities that do
FAIL_LEVELS = {
    "violation": ("Violation",),
    "warning": ("Violation", "Warning"),
    "info": SEVERITIES,
    "none": (),
}


@dataclass(frozen=True)
class Finding:
    """One SHACL validation result, resolved to the process and outcome it is about."""

    severity: str  # "Violation" | "Warning" | "Info"
    focus: str  # IRI of the focus node
    process: str | None  # IRI of the process the finding is about
    process_clause: str | None  # e.g. "5.12"
    process_name: str | None
    outcome_number: int | None
    rule: str  # stable id: the local name of the shape, e.g. "outcome-untraced"
    message: str  # names the process and outcome, says what is wrong and what to do
    path: str | None  # the property path, e.g. "prm:tracesTo", or None
    value: str | None = None  # the offending value (IRI or literal), if the result gives one

    def sort_key(self):
        return (
            self.process_clause is None,
            clause_key(self.process_clause),
            self.outcome_number is None,
            self.outcome_number or 0,
            self.rule,
            self.focus,
            self.path or "",
            self.value or "",
            self.message,
        )


@dataclass
class ValidationReport:
    """The result of :func:`~iso20000_prm.validation.validate`: findings sorted by process
    clause, outcome number, rule. The renderings live in :mod:`iso20000_prm.validation.render`;
    ``to_text``/``to_json``/``to_turtle`` are their short forms."""

    findings: list[Finding]
    report_graph: object  # rdflib.Graph: the W3C SHACL validation report
    triples: int = 0  # size of the validated graph, before entailment
    entailed: int = 0  # triples the entailment pass added
    engine: str | None = None  # the engine that produced the report (one of ENGINES)
    # why the default engine handed the graph to the reference engine (one line), else None
    fallback_reason: str | None = None
    counts: dict[str, int] = field(init=False)

    def __post_init__(self):
        self.findings = sorted(self.findings, key=Finding.sort_key)
        self.counts = {s: sum(1 for f in self.findings if f.severity == s) for s in SEVERITIES}

    @property
    def conforms(self) -> bool:
        """True when there is no Violation (warnings and infos do not break conformance)."""
        return self.counts["Violation"] == 0

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Warning"]

    @property
    def infos(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Info"]

    def fails(self, fail_on: str = "violation") -> bool:
        """Whether a CI run should fail: ``fail_on`` is "violation", "warning", "info" or "none"."""
        if fail_on not in FAIL_LEVELS:
            raise PRMError(f"fail_on must be one of {', '.join(FAIL_LEVELS)}, not {fail_on!r}")
        return any(self.counts[s] for s in FAIL_LEVELS[fail_on])

    def fallback_note(self) -> str | None:
        """One line saying that the reference engine produced this report instead of the
        engine asked for, and why; None when the engine asked for did."""
        if self.fallback_reason is None:
            return None
        return (
            f"validated with {self.engine} (the reference engine): {self.fallback_reason}; "
            "this is slower on large graphs"
        )

    def summary(self) -> str:
        c = self.counts
        verdict = "conforms" if self.conforms else "does not conform"
        return f"{verdict}: {_plural(c['Violation'], 'violation')}, {_plural(c['Warning'], 'warning')}, {_plural(c['Info'], 'info')}"

    def to_dict(self) -> dict:
        return {
            "conforms": self.conforms,
            "counts": dict(self.counts),
            "findings": [asdict(f) for f in self.findings],
        }

    def to_text(self) -> str:
        from iso20000_prm.validation.render import render_text

        return render_text(self)

    def to_json(self) -> str:
        from iso20000_prm.validation.render import render_json

        return render_json(self)

    def to_turtle(self) -> bytes:
        from iso20000_prm.validation.render import render_turtle

        return render_turtle(self)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
