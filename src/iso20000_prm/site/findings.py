"""Validation findings for the process pages, from :func:`iso20000_prm.validation.validate`:
the site shows what the project's validator says about each process and outcome."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class SiteFinding:
    process: str  # process IRI
    outcome_number: int | None
    severity: str  # "Violation" or "Warning"
    rule: str
    message: str
    focus: str


def normalise(findings) -> list[SiteFinding]:
    """Findings (objects with the attributes of :class:`~iso20000_prm.validation.Finding`) as
    sorted, deduplicated SiteFindings."""
    out = {
        SiteFinding(
            process=f.process or "",
            outcome_number=f.outcome_number,
            severity=f.severity,
            rule=f.rule,
            message=f.message,
            focus=f.focus,
        )
        for f in findings
    }
    return sorted(
        out,
        key=lambda f: (f.process, f.outcome_number or 0, f.severity, f.rule, f.message, f.focus),
    )


def collect_findings(graph) -> list[SiteFinding]:
    """The validator's findings on ``graph``."""
    from iso20000_prm.validation import validate

    return normalise(validate(graph).findings)
