"""Every predicate, class and datatype the graph uses must be defined by its vocabulary.

A typo such as ``rdfs:Label`` or ``prm:hasOutcomes`` is valid RDF and would slip through every
parser, so the build checks each term against the vocabulary it belongs to: our own terms
against the ontology (``ontology/iso20000-prm.ttl``), reused terms against the term lists rdflib
ships for rdf, rdfs, owl, xsd, skos, dcterms, prov, vann, void and dcat. A term from any other
namespace must be declared (as a class, property or datatype) by the ontology or the graph
itself, e.g. by a linked standard's vocabulary loaded alongside.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class UndefinedTerm:
    term: str
    role: str  # "predicate", "class" or "datatype"
    reason: str

    def __str__(self) -> str:
        return f"{self.role} <{self.term}> {self.reason}"


def reused_vocabularies() -> dict[str, frozenset[str]]:
    """Namespace IRI -> the terms it defines, for the reused vocabularies."""
    from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SKOS, VANN, VOID, XSD

    vocabularies = (RDF, RDFS, OWL, XSD, SKOS, DCTERMS, PROV, VANN, VOID, DCAT)
    # _extras holds terms that are Python keywords, such as void:class
    return {
        str(ns._NS): frozenset(
            [str(t) for t in dir(ns)] + [str(ns._NS) + e for e in getattr(ns, "_extras", [])]
        )
        for ns in vocabularies
    }


def own_terms(ontology) -> frozenset[str]:
    """Terms the ontology declares (typed as a class, property or datatype)."""
    from rdflib import URIRef
    from rdflib.namespace import OWL, RDF, RDFS

    kinds = {
        OWL.Class,
        RDFS.Class,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.AnnotationProperty,
        RDF.Property,
        RDFS.Datatype,
        OWL.NamedIndividual,
    }
    return frozenset(
        str(s)
        for s, o in ontology.subject_objects(RDF.type)
        if o in kinds and isinstance(s, URIRef)
    )


def used_terms(graph) -> set[tuple[str, str]]:
    """(role, IRI) of every predicate, class (object of rdf:type) and literal datatype."""
    from iso20000_prm.release.stats import graph_stats

    return set(graph_stats(graph).used)


def undefined_terms(graph, ontology=None) -> list[UndefinedTerm]:
    """Terms ``graph`` uses that no vocabulary defines (empty list: all defined)."""
    from iso20000_prm.graph.build import ontology as shipped_ontology
    from iso20000_prm.vocab import PRM

    ontology = ontology if ontology is not None else shipped_ontology()
    from iso20000_prm.release.stats import graph_stats

    ours = own_terms(ontology)
    declared = ours | graph_stats(graph).declared
    reused = reused_vocabularies()
    problems = []
    for role, term in sorted(used_terms(graph)):
        if term.startswith(str(PRM)):
            if term not in ours:
                problems.append(UndefinedTerm(term, role, f"is not declared in the ontology {PRM}"))
            continue
        namespace = next((ns for ns in reused if term.startswith(ns)), None)
        if namespace is None:
            if term not in declared:
                problems.append(
                    UndefinedTerm(
                        term,
                        role,
                        "is declared neither by the ontology nor by the graph, and its namespace is not a reused vocabulary",
                    )
                )
        elif term not in reused[namespace]:
            problems.append(
                UndefinedTerm(term, role, f"is not defined by the vocabulary {namespace}")
            )
    return problems
