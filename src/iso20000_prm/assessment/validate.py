"""The assessment shapes (``shapes/assessment-shapes.ttl``) run with pyshacl over the assessment
graph together with the PRM graph and the assessment schemes (which hold the bands the shapes
compare with)."""

from __future__ import annotations

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


def check(assessment, prm) -> list[Finding]:
    """Every violation of the assessment shapes, sorted (rule, focus, message)."""
    import pyshacl
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDF, SH

    shapes = Graph().parse(shapes_file(), format="turtle")
    conforms, report, _ = pyshacl.validate(
        data_graph(assessment, prm), shacl_graph=shapes, inference="none", advanced=False
    )
    if conforms:
        return []
    out = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(r, SH.sourceShape)
        # a property shape is a blank node: name the node shape that holds it
        if not isinstance(shape, URIRef):
            shape = shapes.value(None, SH.property, shape) or shape
        rule = str(shape).rsplit("#", 1)[-1]
        out.append(
            Finding(
                rule,
                _short(str(report.value(r, SH.focusNode))),
                str(report.value(r, SH.resultMessage)),
            )
        )
    return sorted(set(out), key=lambda f: (f.rule, f.focus, f.message))


def _short(iri: str) -> str:
    for prefix in (ns.ASSESSMENT_DATA_BASE, ns.DATA_NS):
        if iri.startswith(prefix):
            return iri[len(prefix) :]
    return iri


def require_valid(assessment, prm, where: str) -> None:
    """Raise one PRMError line (with the count) if the assessment breaks a shape."""
    findings = check(assessment, prm)
    if findings:
        more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
        raise PRMError(f"{where}: {findings[0].line()}{more}")
