"""The site as Linked Data: where each IRI of the graph lives in the site, and its RDF description.

The site's layout mirrors the IRI paths under :data:`iso20000_prm.vocab.BASE`: the resource
``https://w3id.org/iso20000-prm/id/process/x`` has its HTML page at ``id/process/x.html`` and its
RDF description beside it (``id/process/x.ttl``, ``.jsonld``, ``.nt``, ``.rdf``). A hash IRI
(``vocab#Process``) is described by the document of its namespace (``vocab``), so the
vocabulary and the set-relations vocabulary are one document each. The redirect rules that
make the IRIs dereferenceable (:mod:`.conneg`) follow the same layout.

A resource's description is its own triples (with the blank nodes they lead to, a concise
bounded description), plus the labels of the IRIs it points to, so a client reading one
document can show names instead of IRIs. It is written with the release writers of
:mod:`iso20000_prm.graph.formats`, so the bytes are deterministic.
"""

from __future__ import annotations

from urllib.parse import unquote

from iso20000_prm.vocab import BASE, RDFS_NS, SKOS_NS

# (format name in graph.formats.FORMATS, file suffix): the per-resource RDF files, in the order
# the pages list them and the redirect rules try them
RDF_FORMATS = (
    ("turtle", ".ttl"),
    ("jsonld", ".jsonld"),
    ("ntriples", ".nt"),
    ("rdfxml", ".rdf"),
)
LABEL_PROPERTIES = (RDFS_NS + "label", SKOS_NS + "prefLabel")


def doc_path(iri: str) -> str | None:
    """The site path (no suffix) of the document describing ``iri``, or None when the IRI is not
    under the base (or has no safe path: empty, ``.``/``..`` or an encoded ``/`` segment)."""
    if not iri.startswith(BASE):
        return None
    rest = iri[len(BASE) :].split("#", 1)[0].split("?", 1)[0]
    if not rest:
        return None
    parts = [unquote(p) for p in rest.split("/")]
    if any(p in ("", ".", "..") or "/" in p or "\\" in p for p in parts):
        return None
    return "/".join(parts)


def page_path(iri: str) -> str | None:
    path = doc_path(iri)
    return None if path is None else path + ".html"


def documents(graph) -> dict[str, list]:
    """{document path: the subjects (URIRefs) it describes, sorted} for every IRI subject of
    ``graph`` under the base."""
    from rdflib import URIRef

    out: dict[str, list] = {}
    for s in set(graph.subjects()):
        if isinstance(s, URIRef):
            path = doc_path(str(s))
            if path is not None:
                out.setdefault(path, []).append(s)
    return {path: sorted(subjects, key=str) for path, subjects in sorted(out.items())}


def description(graph, subjects):
    """The RDF description of ``subjects``: their triples, the blank nodes they reach, and the
    labels of every IRI they point to (as an rdflib Graph with ``graph``'s prefixes)."""
    from rdflib import Graph

    out = Graph(bind_namespaces="none")
    for prefix, namespace in graph.namespaces():
        out.bind(prefix, namespace, override=True, replace=True)
    for triple in _description(graph, subjects):
        out.add(triple)
    return out


def _description(graph, subjects) -> set:
    from rdflib import BNode, URIRef

    labels = [URIRef(p) for p in LABEL_PROPERTIES]
    triples: set = set()
    seen: set = set()
    todo = list(subjects)
    neighbours: set = set()
    while todo:
        s = todo.pop()
        if s in seen:
            continue
        seen.add(s)
        for p, o in graph.predicate_objects(s):
            triples.add((s, p, o))
            if isinstance(o, BNode):
                todo.append(o)
            elif isinstance(o, URIRef):
                neighbours.add(o)
    for o in neighbours - seen:
        for p in labels:
            for label in graph.objects(o, p):
                triples.add((o, p, label))
    return triples


def _oxigraph_term(term):
    import pyoxigraph as ox
    from rdflib import BNode, Literal

    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    return ox.NamedNode(str(term))


def rdf_files(graph, docs: dict[str, list] | None = None) -> dict[str, bytes]:
    """{site path: bytes} of every document's description in each of :data:`RDF_FORMATS`.

    Written with pyoxigraph's serializers, in the formats of the one registry
    (:data:`iso20000_prm.graph.formats.FORMATS`): rdflib's writers cost a graph copy and a
    namespace manager per document, too slow for hundreds of small documents. The triples are
    sorted and blank nodes relabelled canonically (:func:`iso20000_prm.graph.formats.canonical`),
    so the bytes are deterministic.
    """
    import pyoxigraph as ox
    from rdflib import BNode

    from iso20000_prm.graph.formats import FORMATS, canonical
    from iso20000_prm.vocab import PREFIX_MAP

    docs = documents(graph) if docs is None else docs
    prefixes = dict(sorted(PREFIX_MAP.items()))
    formats = [
        (getattr(ox.RdfFormat, FORMATS[n].oxigraph_name), suffix) for n, suffix in RDF_FORMATS
    ]
    terms: dict = {}

    def term(t):
        value = terms.get(t)
        if value is None:
            value = terms[t] = _oxigraph_term(t)
        return value

    files: dict[str, bytes] = {}
    for path, subjects in docs.items():
        triples = _description(graph, subjects)
        if any(isinstance(x, BNode) for t in triples for x in t):
            triples = set(canonical(description(graph, subjects)))
            local: dict = {}
            converted = [
                ox.Triple(*(local.setdefault(x, _oxigraph_term(x)) for x in t)) for t in triples
            ]
        else:
            converted = [ox.Triple(term(s), term(p), term(o)) for s, p, o in triples]
        converted.sort(key=str)
        for fmt, suffix in formats:
            files[path + suffix] = ox.serialize(converted, format=fmt, prefixes=prefixes)
    return files
