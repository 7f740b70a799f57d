# Derive the relations the shapes (iso20000-prm-shapes.ttl) read, for any SHACL engine.
#
# `iso20000-prm validate` derives these itself before it checks the shapes; a plain SHACL engine
# (Jena SHACL, rudof, TopBraid, pySHACL without inference) does not, so on a graph that states
# only the inverse relations (prm:isOutcomeOf, prm:isTracedFrom) or only the traceability
# entries it reports findings that are not there. Run this SPARQL 1.1 Update on (a copy of) the
# data graph first, then the shapes:
#
#   update:  sh scripts/jena.sh arq.update --data graph.ttl --update shapes/derive-forward-relations.ru --dump > derived.ttl
#   shapes:  sh scripts/jena.sh shacl.shacl validate --shapes shapes/iso20000-prm-shapes.ttl --data derived.ttl
#
# The same entailments as the validator's (validation/entailment.py), read from the ontology:
# the two owl:inverseOf pairs, the owl:propertyChainAxiom of prm:tracesTo, and the vocabulary's
# rdfs:subClassOf triples (SHACL follows subclass triples in the data graph). Each operation
# reads what the ones before it wrote, so one run reaches the fixed point. It works on the
# default graph; with a store, run it inside the graph (WITH <graph-iri>).

PREFIX prm: <https://w3id.org/iso20000-prm/vocab#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>

INSERT { ?process prm:hasOutcome ?outcome } WHERE { ?outcome prm:isOutcomeOf ?process } ;
INSERT { ?outcome prm:isOutcomeOf ?process } WHERE { ?process prm:hasOutcome ?outcome } ;
INSERT { ?outcome prm:tracesTo ?clause }
WHERE { ?entry prm:supportsOutcome ?outcome ; prm:citesClause ?clause } ;
INSERT { ?outcome prm:tracesTo ?clause } WHERE { ?clause prm:isTracedFrom ?outcome } ;
INSERT { ?clause prm:isTracedFrom ?outcome } WHERE { ?outcome prm:tracesTo ?clause } ;
INSERT DATA {
  prm:Clause rdfs:subClassOf skos:Concept .
  prm:Document rdfs:subClassOf prov:Entity .
  prm:Edition rdfs:subClassOf skos:ConceptScheme , prm:Document .
  prm:Section rdfs:subClassOf prov:Entity .
}
