"""Dereferenceable IRIs: the built site behind a real Apache httpd (with the site's own .htaccess)
and a real nginx (with its nginx-conneg.conf).

Every resource of the graph, asked for with each Accept header, is answered 303 See Other to the
document of the right media type, and that document (parsed with pyoxigraph, a second RDF
engine) holds every triple the graph (rdflib) has about the resource. Also q-values, the default
for */*, 406, the vocabulary namespace, the version IRI and release paths."""

from __future__ import annotations

import functools
import http.client
import re
from urllib.parse import urlsplit

import pyoxigraph as ox
import pytest
from _apache import APACHE, NGINX, NGINX_SKIP_REASON, SKIP_REASON, apache_serving, nginx_serving
from _docs_support import built_site

BASE = "https://w3id.org/iso20000-prm/"
PREFIX = "/iso20000-prm/"
RDF = {
    "text/turtle": (".ttl", ox.RdfFormat.TURTLE),
    "application/ld+json": (".jsonld", ox.RdfFormat.JSON_LD),
    "application/n-triples": (".nt", ox.RdfFormat.N_TRIPLES),
    "application/rdf+xml": (".rdf", ox.RdfFormat.RDF_XML),
}
VERSION = __import__("iso20000_prm").__version__
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


@pytest.fixture(
    scope="module",
    params=[
        pytest.param("apache", marks=pytest.mark.skipif(APACHE is None, reason=SKIP_REASON)),
        pytest.param("nginx", marks=pytest.mark.skipif(NGINX is None, reason=NGINX_SKIP_REASON)),
    ],
)
def server(request):
    """The built site behind Apache (its own .htaccess) or nginx (its nginx-conneg.conf, made
    again for the copy's folder: the shipped file names a placeholder folder)."""
    if request.param == "apache":
        with apache_serving({"iso20000-prm": built_site()}) as (url, root):
            yield url, root
    else:
        from iso20000_prm.site.conneg import nginx

        with nginx_serving(built_site(), lambda root: nginx(root, latest=VERSION)) as (url, root):
            yield url, root


def test_the_shipped_nginx_rules_are_the_generated_ones():
    from iso20000_prm.site.conneg import nginx

    assert (built_site() / "nginx-conneg.conf").read_bytes() == nginx(latest=VERSION)


@functools.cache
def shipped():
    from iso20000_prm.graph.build import build_graph

    return build_graph()


def resources() -> dict[str, list[str]]:
    """{URL path of a resource IRI (fragment dropped): the graph's subject IRIs it covers}, from
    the graph by plain string handling (the IRI's path is the site's path)."""
    from rdflib import URIRef

    out: dict[str, list[str]] = {}
    for s in set(shipped().subjects()):
        if isinstance(s, URIRef) and str(s).startswith(BASE):
            out.setdefault(PREFIX + str(s)[len(BASE) :].split("#")[0], []).append(str(s))
    return out


def get(url: str, path: str, accept: str | None):
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    headers = {} if accept is None else {"Accept": accept}
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def redirect(url: str, path: str, accept: str | None) -> tuple[int, str, dict]:
    status, headers, _ = get(url, path, accept)
    location = headers.get("location", "")
    return status, urlsplit(location).path if location else "", headers


def own_triples(subjects: list[str]) -> set[str]:
    """The graph's triples about ``subjects`` without blank nodes, as N-Triples terms (rdflib)."""
    from rdflib import BNode, URIRef

    out = set()
    for s in subjects:
        for p, o in shipped().predicate_objects(URIRef(s)):
            if not isinstance(o, BNode):
                out.add((URIRef(s).n3(), p.n3(), _canonical_literal(o)))
    return out


def _canonical_literal(o) -> str:
    from rdflib import Literal

    if isinstance(o, Literal) and o.language:
        return Literal(str(o), lang=o.language.lower()).n3()
    if isinstance(o, Literal) and o.datatype is None:
        return Literal(str(o), datatype="http://www.w3.org/2001/XMLSchema#string").n3()
    return o.n3()


def parsed_triples(body: bytes, fmt) -> set[tuple[str, str, str]]:
    def term(t) -> str:
        if isinstance(t, ox.Literal):
            if t.language:
                return f'"{_esc(t.value)}"@{t.language.lower()}'
            return f'"{_esc(t.value)}"^^<{t.datatype.value}>'
        return str(t)

    return {
        (term(t.subject), term(t.predicate), term(t.object))
        for t in ox.parse(body, format=fmt)
        if not isinstance(t.object, ox.BlankNode)
    }


def _esc(value: str) -> str:
    from rdflib import Literal

    return Literal(value).n3()[1:-1]


def test_every_resource_with_every_rdf_type_ends_in_a_document_with_its_triples(server):
    url, _ = server
    docs = resources()
    assert len(docs) > 500  # processes, outcomes, entries, clauses, mapping records, ...
    failures = []
    for path, subjects in sorted(docs.items()):
        expected = own_triples(subjects)
        assert expected, path
        for media_type, (suffix, fmt) in RDF.items():
            status, location, headers = redirect(url, path, media_type)
            if status != 303 or location != path + suffix:
                failures.append(f"{path} [{media_type}]: {status} -> {location}")
                continue
            assert "accept" in headers.get("vary", "").lower(), (path, headers)
            status, headers, body = get(url, location, media_type)
            if status != 200 or headers.get("content-type", "").split(";")[0] != media_type:
                failures.append(f"{location}: {status} {headers.get('content-type')}")
                continue
            missing = expected - parsed_triples(body, fmt)
            if missing:
                failures.append(f"{location}: lacks {sorted(missing)[:2]}")
    assert failures == []


@pytest.mark.parametrize(
    "accept",
    [BROWSER, "text/html", "application/xhtml+xml", "*/*", "text/*", None, ""],
    ids=["browser", "html", "xhtml", "any", "text-any", "no-header", "empty"],
)
def test_browsers_and_any_type_get_the_html_page_showing_the_iri(server, accept):
    url, _ = server
    for path in sorted(resources()):
        status, location, _ = redirect(url, path, accept)
        assert (status, location) == (303, path + ".html"), (path, accept)
    # the page itself shows the IRI (one page per kind is enough for the body check)
    for path in (
        PREFIX + "id/process/incident-management-and-request-fulfilment",
        PREFIX + "id/iso20000-1-2005/clause/6.6",
        PREFIX + "id/process/change-management/outcome/2",
    ):
        status, headers, body = get(url, path + ".html", accept)
        assert status == 200 and headers["content-type"].startswith("text/html")
        shown = re.search(r'id="iri">(.*?)</code>', body.decode()).group(1).replace("<wbr>", "")
        assert shown == f"{BASE}{path[len(PREFIX) :]}"


@pytest.mark.parametrize(
    "accept, suffix",
    [
        ("application/rdf+xml, text/turtle;q=0.5", ".rdf"),  # full preference before q < 1
        ("text/turtle;q=0, text/html", ".html"),  # q=0 means "not this"
        ("text/html;q=0.2, application/n-triples;q=0.9", ".nt"),  # RDF types first among q < 1
        ("application/ld+json;q=1.0", ".jsonld"),
        ("TEXT/TURTLE", ".ttl"),  # media types are case-insensitive
        ("image/png, */*;q=0.1", ".html"),
    ],
)
def test_quality_values(server, accept, suffix):
    url, _ = server
    path = PREFIX + "id/process/change-management"
    assert redirect(url, path, accept)[:2] == (303, path + suffix)


@pytest.mark.parametrize("accept", ["image/png", "application/pdf, text/csv", "text/turtle;q=0"])
def test_unservable_types_get_406(server, accept):
    url, _ = server
    assert get(url, PREFIX + "id/process/change-management", accept)[0] == 406


def test_unknown_resource_is_404_not_a_redirect(server):
    url, _ = server
    assert get(url, PREFIX + "id/process/no-such-process", "text/turtle")[0] == 404


def test_vocabulary_namespace_resolves_to_the_vocabulary_document(server):
    from rdflib.namespace import OWL
    from rdflib.namespace import RDF as RDFNS

    url, _ = server
    classes = {
        str(c)
        for c in shipped().subjects(RDFNS.type, OWL.Class)
        if str(c).startswith(BASE + "vocab#")
    }
    assert len(classes) > 5
    status, location, _ = redirect(url, PREFIX + "vocab", "text/turtle")
    assert (status, location) == (303, PREFIX + "vocab.ttl")
    body = get(url, location, "text/turtle")[2]
    subjects = {t.subject.value for t in ox.parse(body, format=ox.RdfFormat.TURTLE)}
    assert classes <= subjects
    status, location, _ = redirect(url, PREFIX + "vocab", BROWSER)
    html = get(url, location, BROWSER)[2].decode()
    for c in classes:  # vocab#Process: the fragment is an anchor of the vocabulary page
        assert f'id="{c.rsplit("#", 1)[1]}"' in html, c


def test_version_iri_resolves_to_that_releases_vocabulary_and_files(server):
    from rdflib import URIRef
    from rdflib.namespace import OWL

    url, _ = server
    vocab = URIRef(BASE + "vocab")
    version_iri = str(shipped().value(vocab, OWL.versionIRI))
    version = str(shipped().value(vocab, OWL.versionInfo))
    assert version_iri.startswith(BASE)
    path = PREFIX + version_iri[len(BASE) :]
    status, location, _ = redirect(url, path, "application/n-triples")
    assert (status, location) == (303, path + ".nt")
    body = get(url, location, None)[2]
    triples = list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
    assert any(
        t.subject.value == str(vocab) and t.predicate.value == str(OWL.versionIRI) for t in triples
    )
    release = f"{PREFIX}release/{version}/"
    status, headers, body = get(url, release, BROWSER)
    assert status == 200 and b"iso20000-prm.ttl" in body
    status, headers, body = get(url, release + "iso20000-prm.ttl", None)
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    assert len(list(ox.parse(body, format=ox.RdfFormat.TURTLE))) == len(shipped())
    status, location, _ = redirect(url, PREFIX + "release/latest/iso20000-prm.nt", None)
    assert (status, location) == (302, release + "iso20000-prm.nt")


def test_documents_are_served_as_they_are(server):
    url, _ = server
    for media_type, (suffix, _) in RDF.items():
        status, headers, _ = get(url, PREFIX + "id/process/change-management" + suffix, "text/html")
        assert status == 200 and headers["content-type"].split(";")[0] == media_type
