"""The site as Linked Data: where each IRI of the graph lives in the site, and its RDF description.

The site's layout mirrors the IRI paths under :data:`iso20000_prm.vocab.BASE`: the resource
``https://w3id.org/iso20000-prm/id/process/x`` has its HTML page at ``id/process/x.html`` and its
RDF description beside it (``id/process/x.ttl``, ``.jsonld``, ``.nt``, ``.rdf``). A hash IRI
(``vocab#Process``) is described by the document of its namespace (``vocab``), so the
vocabulary and the set-relations vocabulary are one document each. The redirect rules that
make the IRIs dereferenceable (:mod:`.conneg`) follow the same layout.

A resource's description is its own triples (with the blank nodes they lead to, a concise
bounded description), plus the labels of the IRIs it points to, so a client reading one
document can show names instead of IRIs. Turtle, N-Triples and RDF/XML are written by
pyoxigraph in the formats of :mod:`iso20000_prm.graph.formats`; JSON-LD is compact JSON-LD with
the published context (``ontology/context.jsonld``) embedded (:func:`compact_jsonld`). The bytes
are deterministic.
"""

from __future__ import annotations

import json
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

    from iso20000_prm.graph.formats import FORMATS, canonical, load_context
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

    compact = JsonLdCompactor(load_context())
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
            if suffix == ".jsonld":
                files[path + suffix] = compact(converted)
            else:
                files[path + suffix] = ox.serialize(converted, format=fmt, prefixes=prefixes)
    return files


class JsonLdCompactor:
    """Compact JSON-LD for a list of pyoxigraph triples, with ``context`` (the published context:
    prefixes, and terms that are a compact IRI or ``{"@id": ..., "@type": "@id"}``) embedded.

    The output is a flat ``@graph`` of node objects: ``@id`` and ``@type`` as compact IRIs (a
    class's term where the context has one), a property by its term where the term fits the
    value (an ``@type: @id`` term for IRIs, a plain term for literals), else by its compact IRI;
    a plain string as a JSON string, a language-tagged or typed literal as a value object. So
    every value keeps its exact RDF term, and any JSON-LD processor reads back the same triples
    (the tests compare every document with its Turtle twin). Written here rather than with rdflib's
    JSON-LD compaction, which costs longer than the whole rest of the site for its ~900 documents.
    """

    XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
    RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

    def __init__(self, context: dict):
        import pyoxigraph as ox

        self.blank, self.literal = ox.BlankNode, ox.Literal
        self.prefixes = sorted(
            ((ns, p) for p, ns in context.items() if isinstance(ns, str) and _is_namespace(ns)),
            key=lambda x: (-len(x[0]), x[1]),
        )

        def expand(value: str) -> str:
            prefix, _, local = value.partition(":")
            ns = context.get(prefix)
            return ns + local if isinstance(ns, str) and _is_namespace(ns) else value

        self.iri_terms: dict[str, str] = {}  # property IRI -> term typed @id
        self.data_terms: dict[str, str] = {}  # IRI -> plain term (properties and classes)
        for term, value in context.items():
            if isinstance(value, dict) and value.get("@type") == "@id":
                self.iri_terms[expand(value["@id"])] = term
            elif isinstance(value, str) and not _is_namespace(value):
                self.data_terms[expand(value)] = term
        self._compact: dict[str, str] = {}
        self.header = json.dumps(context, indent=2, sort_keys=True, ensure_ascii=False)

    def iri(self, iri: str) -> str:
        """``iri`` as a compact IRI ``prefix:local`` where a prefix fits, else unchanged."""
        found = self._compact.get(iri)
        if found is None:
            found = iri
            for ns, prefix in self.prefixes:
                local = iri[len(ns) :]
                if iri.startswith(ns) and local and not local.startswith("//"):
                    found = f"{prefix}:{local}"
                    break
            self._compact[iri] = found
        return found

    def node_id(self, term) -> str:
        return f"_:{term.value}" if isinstance(term, self.blank) else self.iri(term.value)

    def __call__(self, triples) -> bytes:
        nodes: dict[str, dict[str, list]] = {}
        for t in triples:
            node = nodes.setdefault(self.node_id(t.subject), {})
            p, o = t.predicate.value, t.object
            if p == self.RDF_TYPE and not isinstance(o, self.literal):
                key = "@type"
                value = self.data_terms.get(o.value) or self.node_id(o)
            elif isinstance(o, self.literal):
                key = self.data_terms.get(p) or self.iri(p)
                if o.language:
                    value = {"@language": o.language, "@value": o.value}
                elif o.datatype.value != self.XSD_STRING:
                    value = {"@type": self.iri(o.datatype.value), "@value": o.value}
                else:
                    value = o.value
            else:
                term = self.iri_terms.get(p)
                key = term or self.data_terms.get(p) or self.iri(p)
                value = self.node_id(o) if term else {"@id": self.node_id(o)}
            node.setdefault(key, []).append(value)
        graph = []
        for node_id in sorted(nodes):
            node = {"@id": node_id}
            for key, values in sorted(nodes[node_id].items()):
                values = sorted(values, key=lambda v: json.dumps(v, sort_keys=True))
                node[key] = values[0] if len(values) == 1 else values
            graph.append(node)
        body = json.dumps(graph, indent=2, sort_keys=True, ensure_ascii=False)
        return (
            f'{{\n  "@context": {_indent(self.header)},\n  "@graph": {_indent(body)}\n}}\n'.encode()
        )


def _is_namespace(value: str) -> bool:
    """A context entry that is a prefix (an absolute IRI ending in ``/`` or ``#``), not a term."""
    return "://" in value and value.endswith(("/", "#"))


def _indent(text: str) -> str:
    return text.replace("\n", "\n  ")
