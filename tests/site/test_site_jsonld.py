"""The per-resource JSON-LD documents: compact, with the project's published context embedded, and
the same triples as the Turtle document beside them (read back with rdflib and with pyoxigraph,
two independent JSON-LD readers; the Turtle is written by another writer)."""

from __future__ import annotations

import json

import pyoxigraph as ox
from _docs_support import built_site
from _paths import ROOT
from rdflib import Graph
from rdflib.compare import isomorphic


def _documents():
    site = built_site()
    return sorted(p for p in site.rglob("*.jsonld") if "release" not in p.relative_to(site).parts)


def test_every_resource_jsonld_embeds_the_published_context():
    published = json.loads((ROOT / "ontology" / "context.jsonld").read_text(encoding="utf-8"))
    docs = _documents()
    assert len(docs) > 500
    for path in docs:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["@context"] == published["@context"], path
        assert isinstance(data["@graph"], list) and data["@graph"], path


def test_every_resource_jsonld_is_compact():
    """Keys and node ids are the context's terms or prefixed names, never full IRIs of a
    namespace the context declares."""
    context = json.loads((ROOT / "ontology" / "context.jsonld").read_text(encoding="utf-8"))
    namespaces = [v for v in context["@context"].values() if isinstance(v, str) and "://" in v]
    data = json.loads((built_site() / "id" / "process" / "change-management.jsonld").read_text())
    node = next(n for n in data["@graph"] if n["@id"] == "prmd:process/change-management")
    assert node["@type"] == "Process"
    assert "prmd:process/change-management/outcome/1" in node["hasOutcome"]
    assert node["context"]["@language"] == "en"
    for path in _documents():
        for n in json.loads(path.read_text(encoding="utf-8"))["@graph"]:
            for key in n:
                assert not any(key.startswith(ns) for ns in namespaces), (path, key)
            assert not any(n["@id"].startswith(ns) for ns in namespaces), (path, n["@id"])


def test_every_resource_jsonld_parses_to_the_triples_of_its_turtle_twin():
    for path in _documents():
        turtle = path.with_suffix(".ttl")
        a = Graph().parse(path, format="json-ld")
        b = Graph().parse(turtle, format="turtle")
        assert len(a) == len(b) and isomorphic(a, b), path
        c = set(ox.parse(path=str(path), format=ox.RdfFormat.JSON_LD))
        d = set(ox.parse(path=str(turtle), format=ox.RdfFormat.TURTLE))
        if not any(isinstance(x, ox.BlankNode) for t in d for x in t):
            assert c == d, path
        else:
            assert len(c) == len(d), path
