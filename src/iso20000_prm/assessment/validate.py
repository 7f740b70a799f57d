"""The assessment shapes (``shapes/assessment-shapes.ttl``) over the assessment graph together
with the PRM graph and the assessment schemes (which hold the bands the shapes compare with), by
the project's SHACL engine on the embedded Oxigraph store (the shapes are all in its compiled
subset), or by pyshacl, the reference engine."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from iso20000_prm import vocab as ns
from iso20000_prm.errors import PRMError


@dataclass(frozen=True)
class Finding:
    rule: str  # the shape's local name
    focus: str
    message: str

    def line(self) -> str:
        return f"rule {self.rule}: {self.focus}: {self.message}"


# the list engine_notes() gathers into, in the context that opened it (None: nobody listens)
_NOTES: ContextVar[list | None] = ContextVar("assessment_engine_notes", default=None)


@contextmanager
def engine_notes():
    """Gather, in the list it yields, the one-line note of every assessment validation run
    inside it that the reference engine produced in place of the default (why, and that it is
    slower: :meth:`~iso20000_prm.validation.report.ValidationReport.fallback_note`); the
    ``assess`` CLI prints them on stderr. The findings do not depend on it."""
    notes: list[str] = []
    token = _NOTES.set(notes)
    try:
        yield notes
    finally:
        _NOTES.reset(token)


def _note(report) -> None:
    notes, note = _NOTES.get(), report.fallback_note()
    if notes is not None and note is not None and note not in notes:
        notes.append(note)


def shapes_file() -> Path:
    from iso20000_prm.files import shapes_dir

    return shapes_dir() / "assessment-shapes.ttl"


def data_graph(assessment, prm):
    """The graph the shapes see: the assessment, the PRM and the schemes, in one rdflib Graph."""
    from rdflib import Graph

    from iso20000_prm.assessment.scale import schemes_file

    g = Graph()
    for part in (assessment, prm):
        for t in part:
            g.add(t)
    g.parse(schemes_file(), format="turtle")
    return g


def check(assessment, prm, engine: str = "oxigraph") -> list[Finding]:
    """Every violation of the assessment shapes, sorted (rule, focus, message). ``engine``: the
    project's SHACL engine on the embedded Oxigraph store (default, linear: the shapes are all in
    its compiled subset) or ``pyshacl`` (the reference)."""
    from iso20000_prm.validation import validate

    report = validate(
        data_graph(assessment, prm), shapes=shapes_file(), entailment=False, engine=engine
    )
    _note(report)
    out = {
        Finding(f.rule, _short(f.focus), _message(f))
        for f in report.findings
        if f.severity == "Violation"
    }
    return sorted(out, key=lambda f: (f.rule, f.focus, f.message))


def check_ntriples(assessment_nt: bytes, prm) -> list[Finding]:
    """:func:`check` for an assessment given as N-Triples bytes: the union is bulk-loaded by
    Oxigraph from one file, with no rdflib graph of the assessment (the fast path at scale)."""
    import tempfile

    from iso20000_prm.assessment.scale import schemes_file
    from iso20000_prm.validation import validate

    with tempfile.TemporaryDirectory(prefix="iso20000-prm-assessment-") as tmp:
        path = Path(tmp) / "union.nt"
        schemes = _ntriples_of_file(schemes_file())
        prm_nt = prm.serialize(format="nt", encoding="utf-8")
        path.write_bytes(b"\n".join((assessment_nt, prm_nt, schemes)))
        report = validate(path, shapes=shapes_file(), entailment=False, engine="oxigraph")
    _note(report)
    out = {
        Finding(f.rule, _short(f.focus), _message(f))
        for f in report.findings
        if f.severity == "Violation"
    }
    return sorted(out, key=lambda f: (f.rule, f.focus, f.message))


def _ntriples_of_file(path: Path) -> bytes:
    import pyoxigraph as ox

    return ox.serialize(
        ox.parse(path=str(path), format=ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES
    )


def _message(finding) -> str:
    text = finding.message
    return text if not finding.value or finding.value in text else f"{text} ({finding.value})"


def _short(iri: str) -> str:
    for prefix in (ns.ASSESSMENT_DATA_BASE, ns.DATA_NS):
        if iri.startswith(prefix):
            return iri[len(prefix) :]
    return iri


def require_valid(assessment, prm, where: str) -> None:
    """Raise one PRMError line (with the count) if the assessment (an rdflib Graph or N-Triples
    bytes) breaks a shape."""
    findings = (
        check_ntriples(assessment, prm) if isinstance(assessment, bytes) else check(assessment, prm)
    )
    if findings:
        more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
        raise PRMError(f"{where}: {findings[0].line()}{more}")
