"""The assessment vocabulary: every asmt: term the shapes, the saved queries, the code's output
and the schemes use is declared in ontology/assessment.ttl or is a concept of the schemes."""

import re
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from iso20000_prm import vocab as ns

ROOT = Path(__file__).resolve().parents[2]


def _declared():
    onto = Graph().parse(ROOT / "ontology" / "assessment.ttl")
    schemes = Graph().parse(ROOT / "ontology" / "assessment-schemes.ttl")
    terms = {
        str(s)
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in onto.subjects(RDF.type, kind)
    }
    terms |= {str(s) for s in schemes.subjects(RDF.type, SKOS.ConceptScheme)}
    terms |= {str(s) for s in schemes.subjects(SKOS.inScheme, None)}
    return onto, terms


def test_every_used_term_is_declared():
    onto, declared = _declared()
    assert (URIRef(ns.ASSESSMENT_IRI), OWL.imports, URIRef(ns.VOCAB_IRI)) in onto
    used = set()
    for path in [
        ROOT / "shapes" / "assessment-shapes.ttl",
        ROOT / "examples" / "assessment" / "assessment.ttl",
    ]:
        g = Graph().parse(path)
        used |= {
            str(t)
            for triple in g
            for t in triple
            if isinstance(t, URIRef) and t.startswith(ns.ASMT_NS)
        }
    for path in sorted((ROOT / "queries" / "assessment").glob("*.rq")):
        used |= {
            ns.ASMT_NS + m for m in re.findall(r"\basmt:([A-Za-z][\w.-]*\w)", path.read_text())
        }
    missing = sorted(used - declared)
    assert missing == []
    assert len(used) > 30


def test_rating_concepts_are_in_their_schemes():
    schemes = Graph().parse(ROOT / "ontology" / "assessment-schemes.ttl")
    A = lambda local: URIRef(ns.ASMT_NS + local)  # noqa: E731
    coarse = sorted(
        str(schemes.value(s, SKOS.notation))
        for s in schemes.subjects(SKOS.inScheme, A("RatingScale"))
    )
    refined = sorted(
        str(schemes.value(s, SKOS.notation))
        for s in schemes.subjects(SKOS.inScheme, A("RefinedRatingScale"))
    )
    assert coarse == ["F", "L", "N", "P"]
    assert refined == ["F", "L+", "L-", "N", "P+", "P-"]
    assert len(set(schemes.subjects(SKOS.inScheme, A("ProcessAttributes")))) == 9
