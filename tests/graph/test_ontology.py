"""The OWL vocabulary: every term declared and documented, catalogue metadata present, OWL 2 DL,
consistent under a real reasoner.

Two independent OWL tools, both Java (``scripts/ensure-debian-package.sh`` installs a JRE for
``make test``): HermiT through owlready2 checks that ontology + data are consistent, and the
OWL API's OWL 2 DL profile checker (the OWL API 3.4.3 bundled in owlready2's HermiT.jar,
driven through JPype in a child process) checks the OWL 2 DL restrictions. Each check is shown
to fail on a deliberately broken copy, so a pass means something.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

import iso20000_prm
from iso20000_prm.files import ontology_file
from iso20000_prm.graph.build import build_graph, load_ontology
from iso20000_prm.graph.formats import serialize

VOCAB = "https://w3id.org/iso20000-prm/vocab#"
ONTOLOGY = URIRef("https://w3id.org/iso20000-prm/vocab")
VANN = "http://purl.org/vocab/vann/"
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
DECLARATIONS = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.NamedIndividual,
}

needs_java = pytest.mark.skipif(
    shutil.which("java") is None,
    reason="no java on PATH (make test installs it: scripts/ensure-debian-package.sh)",
)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def built(shipped_graph) -> Graph:
    return shipped_graph


def declared(ontology: Graph) -> dict[URIRef, set[URIRef]]:
    """prm term -> its OWL declaration types, from the ontology file alone."""
    out: dict[URIRef, set[URIRef]] = {}
    for s, o in ontology.subject_objects(RDF.type):
        if (
            isinstance(s, URIRef)
            and str(s).startswith(VOCAB)
            and o in DECLARATIONS | {OWL.FunctionalProperty, OWL.InverseFunctionalProperty}
        ):
            out.setdefault(s, set()).add(o)
    for term, kinds in out.items():
        # an individual of prm:BracketStatus is declared by owl:NamedIndividual
        assert kinds & DECLARATIONS, f"{term} has only characteristics, no OWL declaration"
    return out


def prm_terms_in(graph: Graph) -> set[URIRef]:
    return {
        t for triple in graph for t in triple if isinstance(t, URIRef) and str(t).startswith(VOCAB)
    }


# ---- declared and documented --------------------------------------------------------------
def test_every_prm_term_in_the_built_graph_is_declared(ontology, built):
    known = declared(ontology)
    used = prm_terms_in(build_graph(include_ontology=False))
    assert used, "the data uses no prm term?"
    assert sorted(used - set(known)) == []
    assert sorted(prm_terms_in(built) - set(known)) == []


def test_properties_are_used_as_declared(ontology, built):
    """Object properties link resources, datatype properties carry literals (OWL 2 DL typing)."""
    known = declared(ontology)
    for s, p, o in built:
        kinds = known.get(p, set())
        if OWL.ObjectProperty in kinds:
            assert not isinstance(o, Literal), (s, p, o)
        elif OWL.DatatypeProperty in kinds:
            assert isinstance(o, Literal), (s, p, o)
    classes = {t for t, k in known.items() if OWL.Class in k}
    assert {o for o in built.objects(None, RDF.type) if str(o).startswith(VOCAB)} <= classes


def test_every_prm_term_has_an_english_label_and_definition(ontology):
    terms = declared(ontology)
    assert len(terms) >= 30
    for term in terms:
        labels = [
            l
            for l in ontology.objects(term, RDFS.label)
            if isinstance(l, Literal) and l.language == "en"
        ]
        definitions = [
            d
            for d in ontology.objects(term, SKOS.definition)
            if isinstance(d, Literal) and d.language == "en"
        ]
        assert len(labels) == 1 and str(labels[0]).strip(), term
        assert len(definitions) >= 1 and len(str(definitions[0])) > 20, term


def test_model_terms_the_issue_asks_for(ontology):
    for name in (
        "Process",
        "Outcome",
        "Clause",
        "Edition",
        "Document",
        "ProcessReferenceModel",
        "TraceabilityEntry",
    ):
        assert (URIRef(VOCAB + name), RDF.type, OWL.Class) in ontology, name
    for name in (
        "hasOutcome",
        "isOutcomeOf",
        "tracesTo",
        "isTracedFrom",
        "bracketStatus",
        "edition",
    ):
        assert (URIRef(VOCAB + name), RDF.type, OWL.ObjectProperty) in ontology, name
    for name in ("outcomeNumber", "clauseAsPrinted", "heading"):
        assert (URIRef(VOCAB + name), RDF.type, OWL.DatatypeProperty) in ontology, name
    assert (URIRef(VOCAB + "isOutcomeOf"), OWL.inverseOf, URIRef(VOCAB + "hasOutcome")) in ontology
    assert (URIRef(VOCAB + "isTracedFrom"), OWL.inverseOf, URIRef(VOCAB + "tracesTo")) in ontology
    assert (URIRef(VOCAB + "Clause"), RDFS.subClassOf, SKOS.Concept) in ontology
    assert (URIRef(VOCAB + "Edition"), RDFS.subClassOf, SKOS.ConceptScheme) in ontology


def test_ontology_metadata(ontology):
    assert list(ontology.subjects(RDF.type, OWL.Ontology)) == [ONTOLOGY]
    one = lambda p: [o for o in ontology.objects(ONTOLOGY, p)]  # noqa: E731
    for p in (DCTERMS.title, DCTERMS.description):
        values = one(p)
        assert len(values) == 1 and values[0].language == "en" and len(values[0]) > 10, p
    assert one(DCTERMS.creator)
    assert len(one(DCTERMS.license)) == 1 and isinstance(one(DCTERMS.license)[0], URIRef)
    created, modified = one(DCTERMS.created), one(DCTERMS.modified)
    assert len(created) == len(modified) == 1
    assert created[0].datatype == modified[0].datatype == XSD_DATE
    assert modified[0].toPython() >= created[0].toPython()
    version = iso20000_prm.__version__
    assert one(OWL.versionInfo) == [Literal(version)]
    assert one(OWL.versionIRI) == [URIRef(f"{ONTOLOGY}/{version}")]
    assert one(URIRef(VANN + "preferredNamespacePrefix")) == [Literal("prm")]
    assert one(URIRef(VANN + "preferredNamespaceUri")) == [Literal(VOCAB)]
    # vocabulary and data under one base, in separate namespaces
    assert VOCAB.startswith("https://w3id.org/iso20000-prm/") and not str(
        iso20000_prm.DATA
    ).startswith(VOCAB)


# ---- OWL 2 DL: the OWL API's profile checker ----------------------------------------------
_OWLAPI_CHECK = r"""
import json, os, sys
import jpype, jpype.imports
import owlready2
jpype.startJVM(classpath=[os.path.join(os.path.dirname(owlready2.__file__), "hermit", "HermiT.jar")])
from java.io import File
from org.semanticweb.owlapi.apibinding import OWLManager
from org.semanticweb.owlapi.profiles import OWL2DLProfile
out = {}
for path in sys.argv[1:]:
    manager = OWLManager.createOWLOntologyManager()
    onto = manager.loadOntologyFromOntologyDocument(File(path))
    meta = manager.getOntologyFormat(onto).getOntologyLoaderMetaData()
    unparsed = [[str(t.getSubject()), str(t.getPredicate()), str(t.getObject())] for t in meta.getUnparsedTriples()] if meta else []
    report = OWL2DLProfile().checkOntology(onto)
    out[path] = {"in_profile": bool(report.isInProfile()), "violations": sorted(str(v) for v in report.getViolations()),
                 "axioms": int(onto.getAxiomCount()), "unparsed": unparsed}
print(json.dumps(out))
"""


def owlapi_check(*paths: Path) -> dict[str, dict]:
    pytest.importorskip("jpype", reason="JPype1 (test extra) drives the OWL API")
    pytest.importorskip("owlready2")
    done = subprocess.run(
        [sys.executable, "-c", _OWLAPI_CHECK, *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _broken_ontology(tmp_path: Path) -> Path:
    path = tmp_path / "broken.ttl"
    path.write_text(
        ontology_file().read_text(encoding="utf-8")
        + "\nprm:tracesTo a owl:FunctionalProperty .\n"  # non-simple (a chain's super-property)
        + "prm:context a owl:ObjectProperty .\n",  # object and datatype property at once
        encoding="utf-8",
    )
    return path


def core_graph() -> Graph:
    """Vocabulary + the tables' data, without what later issues add to the default build."""
    import inspect

    extra = (
        {"include_mappings": False}
        if "include_mappings" in inspect.signature(build_graph).parameters
        else {}
    )
    return build_graph(**extra)


def _assert_dl(result: dict, name: str, annotation_properties: set[str]) -> None:
    assert result["in_profile"], (name, result["violations"][:20])
    assert result["axioms"] > 150
    # The OWL API 3.4.3 parser leaves annotation assertions whose value is an IRI (e.g.
    # dcterms:license <...mit>) unparsed; anything else left over would be a mapping error.
    leftovers = [t for t in result["unparsed"] if t[1].strip("<>") not in annotation_properties]
    assert leftovers == [], (name, leftovers[:10])


@pytest.fixture(scope="module")
def owlapi_results(tmp_path_factory):
    if shutil.which("java") is None:
        pytest.skip("no java on PATH (make test installs it: scripts/ensure-debian-package.sh)")
    tmp = tmp_path_factory.mktemp("owlapi")
    files = {
        "ontology": ontology_file(),
        "core": tmp / "core.ttl",
        "default": tmp / "default.ttl",
        "broken": _broken_ontology(tmp),
    }
    files["core"].write_bytes(serialize(core_graph()))
    files["default"].write_bytes(serialize(build_graph()))
    results = owlapi_check(*files.values())
    return {name: results[str(path)] for name, path in files.items()}


def _annotation_properties(graph: Graph) -> set[str]:
    return {str(p) for p in graph.subjects(RDF.type, OWL.AnnotationProperty)}


def test_ontology_is_owl2_dl(owlapi_results, ontology):
    _assert_dl(owlapi_results["ontology"], "ontology", _annotation_properties(ontology))


def test_ontology_with_the_tables_data_is_owl2_dl(owlapi_results, ontology):
    _assert_dl(owlapi_results["core"], "core graph", _annotation_properties(ontology))
    assert owlapi_results["core"]["axioms"] > owlapi_results["ontology"]["axioms"] + 3000


def test_default_build_is_owl2_dl(owlapi_results, built):
    """The file `iso20000-prm build` writes, with whatever other issues add to it."""
    _assert_dl(owlapi_results["default"], "default build", _annotation_properties(built))


def test_profile_checker_catches_violations(owlapi_results):
    bad = owlapi_results["broken"]
    assert not bad["in_profile"]
    text = "\n".join(bad["violations"])
    assert "non-simple property" in text and "tracesTo" in text
    assert "pun between properties" in text and "context" in text


# ---- consistency: HermiT through owlready2 ------------------------------------------------
def _owlready_world(graph: Graph, tmp_path: Path, name: str):
    owlready2 = pytest.importorskip("owlready2")
    path = tmp_path / f"{name}.nt"
    path.write_bytes(graph.serialize(format="nt", encoding="utf-8"))
    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load()
    return world, onto, path


def _sync_hermit(world, onto) -> None:
    import owlready2

    with onto:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)


def _hermit_consistent(path: Path) -> bool:
    """HermiT (the jar owlready2 ships) in consistency mode (-k), which skips the classification
    and realisation owlready2's sync_reasoner always runs: seconds instead of tens of seconds."""
    import owlready2

    folder = Path(owlready2.__file__).parent / "hermit"
    done = subprocess.run(
        [
            "java",
            "-Xmx2000M",
            "-cp",
            f"{folder}{':'}{folder / 'HermiT.jar'}",
            "org.semanticweb.HermiT.cli.CommandLine",
            "-k",
            path.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0 and "InconsistentOntologyException" in done.stderr:
        return False
    assert done.returncode == 0, done.stderr[-2000:]
    verdict = done.stdout.strip().splitlines()[-1]
    assert verdict.startswith("http://www.w3.org/2002/07/owl#Thing is "), done.stdout[-500:]
    return verdict.endswith(" is satisfiable.")


@needs_java
def test_hermit_classifies_the_ontology(tmp_path):
    world, onto, _ = _owlready_world(load_ontology(), tmp_path, "ontology")
    _sync_hermit(world, onto)
    assert list(world.inconsistent_classes()) == []
    # the reasoner's view of the hierarchy: an edition is a document and a concept scheme
    edition = world[VOCAB + "Edition"]
    assert world[VOCAB + "Document"] in edition.ancestors()


@needs_java
def test_hermit_finds_ontology_and_data_consistent(tmp_path, built):
    world, _, path = _owlready_world(built, tmp_path, "graph")
    # owlready2 really loaded the data: as many processes and outcomes as the tables have rows
    assert len(world.search(type=world[VOCAB + "Process"])) == 26
    assert len(world.search(type=world[VOCAB + "Outcome"])) == 155
    assert _hermit_consistent(path)


def _contradiction() -> Graph:
    """An outcome with two bracket statuses contradicts the functional property and the
    owl:AllDifferent of the three statuses."""
    graph = load_ontology()
    bad = URIRef("https://w3id.org/iso20000-prm/id/process/x/outcome/1")
    graph.add((bad, RDF.type, URIRef(VOCAB + "Outcome")))
    graph.add((bad, URIRef(VOCAB + "bracketStatus"), URIRef(VOCAB + "FullyBracketed")))
    graph.add((bad, URIRef(VOCAB + "bracketStatus"), URIRef(VOCAB + "NotBracketed")))
    return graph


@needs_java
def test_hermit_catches_a_contradiction(tmp_path):
    import owlready2

    world, onto, path = _owlready_world(_contradiction(), tmp_path, "contradiction")
    assert _hermit_consistent(path) is False
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        _sync_hermit(world, onto)


def test_no_blank_node_resources_in_the_data():
    """Every process, outcome, entry and clause has an IRI (blank nodes only in OWL axioms)."""
    data = build_graph(include_ontology=False)
    assert not [t for t in data if isinstance(t[0], BNode) or isinstance(t[2], BNode)]
