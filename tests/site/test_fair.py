"""FAIR metadata of the published vocabulary, checked offline the way FOOPS! checks an ontology:
the header (title, description, licence, creator, dates, citation, preferred prefix and
namespace, version IRI and info), a label and a definition on every class and property, one
prefix everywhere; and the versioned release metadata (the changelog in Markdown and in RDF, the
version IRI resolving to that release's files in the site, versions.json).

The ontology is read from its file with rdflib, the published copy from the site with
pyoxigraph; the expectations come from the files themselves and CHANGELOG.md."""

from __future__ import annotations

import json
import re

import pyoxigraph as ox
import pytest
from _docs_support import built_site
from _paths import ROOT
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

import iso20000_prm

VANN = "http://purl.org/vocab/vann/"
ONTOLOGIES = {
    "https://w3id.org/iso20000-prm/vocab": ROOT / "ontology" / "iso20000-prm.ttl",
    "https://w3id.org/iso20000-prm/set-relations": ROOT / "ontology" / "set-relations.ttl",
}
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def header_problems(g: Graph, iri: str) -> list[str]:
    """What FOOPS! would flag in the ontology header of ``iri`` in ``g``."""
    o = URIRef(iri)
    problems = []

    def values(p):
        return list(g.objects(o, p))

    for p, what in [
        (DCTERMS.title, "title"),
        (DCTERMS.description, "description"),
        (DCTERMS.license, "licence"),
        (DCTERMS.creator, "creator"),
        (DCTERMS.created, "created date"),
        (DCTERMS.modified, "modified date"),
        (DCTERMS.bibliographicCitation, "citation"),
        (OWL.versionIRI, "version IRI"),
        (OWL.versionInfo, "version info"),
        (URIRef(VANN + "preferredNamespacePrefix"), "vann:preferredNamespacePrefix"),
        (URIRef(VANN + "preferredNamespaceUri"), "vann:preferredNamespaceUri"),
    ]:
        if not values(p):
            problems.append(f"{iri}: no {what}")
    for p in (DCTERMS.created, DCTERMS.modified):
        for v in values(p):
            if not (isinstance(v, Literal) and v.datatype == XSD.date):
                problems.append(f"{iri}: {p} is not an xsd:date")
    for v in values(DCTERMS.license):
        if not isinstance(v, URIRef):
            problems.append(f"{iri}: the licence is not an IRI")
    for v in values(OWL.versionIRI):
        info = [str(x) for x in values(OWL.versionInfo)]
        if not (isinstance(v, URIRef) and info and str(v) == f"{iri}/{info[0]}"):
            problems.append(f"{iri}: version IRI {v} does not name version {info}")
    return problems


def term_problems(g: Graph, namespace: str) -> list[str]:
    """Classes and properties of ``namespace`` without an English label or definition."""
    problems = []
    for t in TERM_TYPES:
        for s in sorted(g.subjects(RDF.type, t)):
            if not str(s).startswith(namespace):
                continue
            labels = [v for v in g.objects(s, RDFS.label) if getattr(v, "language", None) == "en"]
            definitions = [
                v
                for p in (SKOS.definition, RDFS.comment)
                for v in g.objects(s, p)
                if getattr(v, "language", None) == "en"
            ]
            if not labels:
                problems.append(f"{s}: no English rdfs:label")
            if not definitions:
                problems.append(f"{s}: no English definition")
    return problems


@pytest.fixture(scope="module")
def vocab() -> Graph:
    return Graph().parse(ONTOLOGIES["https://w3id.org/iso20000-prm/vocab"], format="turtle")


def test_vocabulary_header_has_every_field_foops_checks(vocab):
    assert header_problems(vocab, "https://w3id.org/iso20000-prm/vocab") == []


@pytest.mark.parametrize("iri", sorted(ONTOLOGIES))
def test_every_class_and_property_has_a_label_and_a_definition(iri):
    g = Graph().parse(ONTOLOGIES[iri], format="turtle")
    namespace = str(next(g.objects(URIRef(iri), URIRef(VANN + "preferredNamespaceUri")), iri + "#"))
    assert term_problems(g, namespace) == []
    assert any(
        True for t in TERM_TYPES for s in g.subjects(RDF.type, t) if str(s).startswith(namespace)
    )


def test_the_checks_catch_what_they_look_for(vocab):
    broken = Graph()
    for triple in vocab:
        broken.add(triple)
    o = URIRef("https://w3id.org/iso20000-prm/vocab")
    broken.remove((o, DCTERMS.bibliographicCitation, None))
    broken.remove((o, DCTERMS.license, None))
    broken.add((o, DCTERMS.license, Literal("MIT")))
    process = URIRef("https://w3id.org/iso20000-prm/vocab#Process")
    broken.remove((process, SKOS.definition, None))
    broken.remove((process, RDFS.comment, None))
    assert sorted(header_problems(broken, str(o))) == [
        f"{o}: no citation",
        f"{o}: the licence is not an IRI",
    ]
    assert term_problems(broken, str(o) + "#") == [f"{process}: no English definition"]


def test_one_prefix_for_the_vocabulary_everywhere(vocab):
    from iso20000_prm.graph.formats import load_context
    from iso20000_prm.vocab import PREFIX_MAP, PRM_NS

    prefix = str(vocab.value(URIRef(PRM_NS[:-1]), URIRef(VANN + "preferredNamespacePrefix")))
    namespace = str(vocab.value(URIRef(PRM_NS[:-1]), URIRef(VANN + "preferredNamespaceUri")))
    assert PREFIX_MAP[prefix] == namespace == PRM_NS
    assert load_context()[prefix] == namespace
    declared = re.compile(rf"^\s*(?:@prefix|PREFIX)\s+{prefix}:\s*<([^>]*)>", re.M | re.I)
    files = [
        *(ROOT / "ontology").glob("*.ttl"),
        *(ROOT / "shapes").glob("*.ttl"),
        *(ROOT / "queries").glob("*.rq"),
    ]
    seen = {}
    for path in files:
        for iri in declared.findall(path.read_text(encoding="utf-8")):
            seen[path.name] = iri
    assert len(seen) > 10 and set(seen.values()) == {namespace}, seen
    other = {
        p: ns for p, ns in PREFIX_MAP.items() if ns == namespace and p != prefix
    }  # no second prefix for the same namespace
    assert other == {}
    published = (built_site() / "vocab.ttl").read_text(encoding="utf-8")
    assert set(declared.findall(published)) == {namespace}


def changelog() -> list[tuple[str, str]]:
    """(version, date) of every dated release in CHANGELOG.md, newest first."""
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    return re.findall(r"^## \[(\d[^\]]*)\] - (\d{4}-\d{2}-\d{2})\s*$", text, re.M)


def test_changelog_in_markdown_and_in_rdf_agree_and_name_the_current_version(vocab):
    releases = changelog()
    assert releases, "CHANGELOG.md has no dated release"
    o = URIRef("https://w3id.org/iso20000-prm/vocab")
    notes = {str(n).split(":", 1)[0] for n in vocab.objects(o, SKOS.historyNote)}
    assert notes == {f"{v} ({d})" for v, d in releases}
    newest, date = releases[0]
    assert str(vocab.value(o, OWL.versionInfo)) == newest == iso20000_prm.__version__
    assert str(vocab.value(o, DCTERMS.modified)) == date
    assert str(vocab.value(o, OWL.versionIRI)) == f"{o}/{newest}"
    assert newest in str(vocab.value(o, DCTERMS.bibliographicCitation))


def test_version_iri_and_versions_json_lead_to_that_releases_files(vocab):
    o = URIRef("https://w3id.org/iso20000-prm/vocab")
    version = str(vocab.value(o, OWL.versionInfo))
    version_iri = str(vocab.value(o, OWL.versionIRI))
    site = built_site()
    path = version_iri[len("https://w3id.org/iso20000-prm/") :]
    published = ox.parse((site / (path + ".ttl")).read_bytes(), format=ox.RdfFormat.TURTLE)
    assert any(
        t.subject.value == str(o)
        and t.predicate.value == str(OWL.versionIRI)
        and t.object.value == version_iri
        for t in published
    )
    data = json.loads((site / "versions.json").read_text(encoding="utf-8"))
    assert data["latest"] == version
    (entry,) = [r for r in data["releases"] if r["version"] == version]
    assert entry["versionIRI"] == version_iri and entry["date"] == changelog()[0][1]
    assert entry["folder"] == f"release/{version}/"
    names = {f["path"].rsplit("/", 1)[1] for f in entry["files"]}
    assert {
        "iso20000-prm.ttl",
        "iso20000-prm.nt",
        "iso20000-prm.jsonld",
        "iso20000-prm.rdf",
    } <= names
    for f in entry["files"]:
        assert (site / f["path"]).stat().st_size == f["bytes"], f
    page = (site / (path + ".html")).read_text(encoding="utf-8")
    assert f'href="../release/{version}/index.html"' in page
