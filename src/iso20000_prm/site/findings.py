"""Validation findings for the process pages, from :mod:`iso20000_prm.validation.core`.

The site shows what the project's validator says about each process and outcome. If the
validator is not available in this installation the pages say so instead of claiming the
graph is clean.
"""

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


def _number(value) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def normalise(findings) -> list[SiteFinding]:
    """Findings (objects with the validation module's ``Finding`` attributes) as sorted SiteFindings."""
    out = {
        SiteFinding(
            process=str(getattr(f, "process", "") or ""),
            outcome_number=_number(getattr(f, "outcome_number", None)),
            severity=str(getattr(f, "severity", "") or ""),
            rule=str(getattr(f, "rule", "") or ""),
            message=str(getattr(f, "message", "") or ""),
            focus=str(getattr(f, "focus", "") or ""),
        )
        for f in findings
    }
    return sorted(
        out,
        key=lambda f: (f.process, f.outcome_number or 0, f.severity, f.rule, f.message, f.focus),
    )


def collect_findings(graph) -> list[SiteFinding] | None:
    """The validator's findings on ``graph``; ``None`` when the validation module is not installed."""
    import importlib

    try:
        validation = importlib.import_module("iso20000_prm.validation.core")
    except ModuleNotFoundError as exc:
        if exc.name != "iso20000_prm.validation.core":
            raise  # the validator exists but cannot load: a real error, not "not installed"
        return None
    if not hasattr(validation, "validate"):
        return None
    report = validation.validate(graph)
    return normalise(getattr(report, "findings", report))
