"""The assessment shapes: the shipped example conforms; each break gives exactly its rule."""

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from iso20000_prm import vocab as ns
from iso20000_prm.assessment.validate import check

ROOT = Path(__file__).resolve().parents[2]
BASE = ns.ASSESSMENT_DATA_BASE + "example-harbour-2026/"
A = lambda local: URIRef(ns.ASMT_NS + local)  # noqa: E731
INST = BASE + "instance/5.6/Parcel%20tracking%20service"
CHAR = BASE + "characterisation/5.6/Parcel%20tracking%20service/"
LEVEL = URIRef(BASE + "capability/5.6/Parcel%20tracking%20service")


@pytest.fixture(scope="module")
def example():
    return Graph().parse(ROOT / "examples" / "assessment" / "assessment.ttl", format="turtle")


def _rules(graph, prm):
    """The rules broken, by the default engine; pyshacl (the reference engine) must agree."""
    rules = sorted({f.rule for f in check(graph, prm)})
    assert rules == sorted({f.rule for f in check(graph, prm, engine="pyshacl")})
    return rules


def test_example_conforms(example, shipped_graph):
    assert check(example, shipped_graph) == []
    assert check(example, shipped_graph, engine="pyshacl") == []


def _broken(example, change):
    g = Graph()
    for t in example:
        g.add(t)
    change(g)
    return g


def _set(g, s, p, o):
    g.set((URIRef(s) if isinstance(s, str) else s, p, o))


# 5.6 Parcel tracking service: PA 1.1 L (70), PA 2.1 F, PA 2.2 P -> level 1 (by hand, see the
# workbook); outcome 5 rated P 40 in the workbook
BREAKS = [
    (
        "level too high",
        lambda g: _set(g, LEVEL, A("capabilityLevel"), Literal(2)),
        ["level-agrees-ratings"],
    ),
    (
        "level too low",
        lambda g: _set(g, LEVEL, A("capabilityLevel"), Literal(0)),
        ["level-agrees-ratings"],
    ),
    (
        "level out of range",
        lambda g: _set(g, LEVEL, A("capabilityLevel"), Literal(7)),
        ["level-agrees-ratings"],
    ),
    (
        "percentage outside band",
        lambda g: _set(g, CHAR + "5", A("percentage"), Literal("60", datatype=XSD.decimal)),
        ["percentage-in-band"],
    ),
    (
        "outcome missing",
        lambda g: g.remove((URIRef(CHAR + "3"), None, None)),
        ["outcome-uncharacterised"],
    ),
    (
        "outcome of another process",
        lambda g: _set(
            g, CHAR + "1", A("outcome"), URIRef(ns.DATA_NS + "process/improvement/outcome/1")
        ),
        ["outcome-of-process", "outcome-uncharacterised"],
    ),
    (
        "outcome the process does not have",
        lambda g: _set(
            g, CHAR + "1", A("outcome"), URIRef(ns.DATA_NS + "process/change-management/outcome/99")
        ),
        ["characterisation", "outcome-of-process", "outcome-uncharacterised"],
    ),
    (
        "rating not on the scale",
        lambda g: _set(g, CHAR + "2", A("rating"), A("X")),
        ["characterisation"],
    ),
    (
        "process outside the PRM",
        lambda g: _set(g, INST, A("process"), URIRef(ns.DATA_NS + "process/no-such-process")),
        ["instance-process", "outcome-of-process"],
    ),
]


@pytest.mark.parametrize("what,change,rules", BREAKS, ids=[b[0] for b in BREAKS])
def test_each_break_gives_its_rule(example, shipped_graph, what, change, rules):
    assert _rules(_broken(example, change), shipped_graph) == rules
