"""The RDF formats the project reads and writes, and the release writers, each deterministic.

:data:`REGISTRY` is the one table of formats: for each, the file suffixes it is known by, its
media type, and its name in rdflib and in pyoxigraph. Reading a file (:mod:`.read`, and the
query engines in :mod:`iso20000_prm.sparql.engines`) and writing a release (:data:`FORMATS`,
the formats a release can hold) both look formats up here, so a suffix means the same format
everywhere. Like the rest of this module, the table imports no rdflib: the query path uses it.

rdflib's Turtle and TriG writers sort their output, but its N-Triples, RDF/XML and JSON-LD
writers follow the store's hash order, and blank-node labels are random per run. So the graph
is first relabelled canonically (:func:`rdflib.compare.to_canonical_graph`), then N-Triples and
N-Quads are written as sorted lines, RDF/XML by a small sorted writer here, and JSON-LD is
compacted with the published context (``ontology/context.jsonld``) and sorted. TriG and
N-Quads hold the graph in the named graph :data:`GRAPH_IRI`. Gzip uses a zero mtime and no file
name, so compressed bytes are stable too.
"""

from __future__ import annotations

from pathlib import Path

from iso20000_prm.errors import GraphInputError, PRMError
from iso20000_prm.records import FrozenRecord
from iso20000_prm.vocab import GRAPH_IRI


class Format(FrozenRecord):
    """One RDF format (immutable; equal, hashed and shown by its fields). A plain class with
    slots (:class:`~iso20000_prm.records.FrozenRecord`), not a dataclass: importing dataclasses
    would cost a cold query about 10 ms."""

    __slots__ = (
        "name",
        "suffixes",  # the first is the one a release file gets
        "media_type",
        "rdflib_name",  # rdflib parser/serializer name
        "oxigraph_name",  # attribute of pyoxigraph.RdfFormat
        "line_based",
        "quads",
        "release",  # a release can be written in it (N3 is only read)
    )
    name: str
    suffixes: tuple[str, ...]
    media_type: str
    rdflib_name: str
    oxigraph_name: str
    line_based: bool
    quads: bool
    release: bool

    def __init__(
        self,
        name: str,
        suffixes: tuple[str, ...],
        media_type: str,
        rdflib_name: str,
        oxigraph_name: str,
        line_based: bool = False,
        quads: bool = False,
        release: bool = True,
    ):
        self._set(
            name=name,
            suffixes=suffixes,
            media_type=media_type,
            rdflib_name=rdflib_name,
            oxigraph_name=oxigraph_name,
            line_based=line_based,
            quads=quads,
            release=release,
        )

    @property
    def extension(self) -> str:
        return self.suffixes[0]


REGISTRY: tuple[Format, ...] = (
    Format("turtle", (".ttl", ".turtle"), "text/turtle", "turtle", "TURTLE"),
    Format(
        "ntriples",
        (".nt", ".ntriples"),
        "application/n-triples",
        "nt",
        "N_TRIPLES",
        line_based=True,
    ),
    Format("rdfxml", (".rdf", ".owl", ".xml"), "application/rdf+xml", "xml", "RDF_XML"),
    Format("jsonld", (".jsonld", ".json"), "application/ld+json", "json-ld", "JSON_LD"),
    Format("trig", (".trig",), "application/trig", "trig", "TRIG", quads=True),
    Format(
        "nquads", (".nq",), "application/n-quads", "nquads", "N_QUADS", line_based=True, quads=True
    ),
    Format("n3", (".n3",), "text/n3", "n3", "N3", release=False),
)
FORMATS: dict[str, Format] = {f.name: f for f in REGISTRY if f.release}
BY_SUFFIX: dict[str, Format] = {suffix: f for f in REGISTRY for suffix in f.suffixes}
QUAD_PARSERS = frozenset(f.rdflib_name for f in REGISTRY if f.quads)
ALIASES = {
    "ttl": "turtle",
    "nt": "ntriples",
    "n-triples": "ntriples",
    "xml": "rdfxml",
    "rdf": "rdfxml",
    "rdf/xml": "rdfxml",
    "json-ld": "jsonld",
    "nq": "nquads",
    "n-quads": "nquads",
}


def format_for_path(path: Path | str, hint: str = "") -> Format:
    """The format of the graph file ``path`` by its suffix (``.gz`` is looked through)."""
    path = Path(path)
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    if not suffixes or suffixes[-1] not in BY_SUFFIX:
        raise GraphInputError(
            f"{path}: cannot tell the RDF format from the file name; expected one of "
            f"{', '.join(sorted(BY_SUFFIX))} (optionally .gz){hint}"
        )
    return BY_SUFFIX[suffixes[-1]]


def parse_formats(values: list[str] | None) -> list[Format]:
    """``["turtle,nt", "jsonld"]`` or ``["all"]`` -> Formats in the canonical order, no duplicates."""
    names: set[str] = set()
    for value in values or ["turtle"]:
        for item in value.split(","):
            item = item.strip().lower()
            if not item:
                continue
            if item == "all":
                names.update(FORMATS)
                continue
            item = ALIASES.get(item, item)
            if item not in FORMATS:
                raise PRMError(
                    f"unknown format {item!r}; expected one of {', '.join(FORMATS)} or all"
                )
            names.add(item)
    if not names:
        raise PRMError("no format given")
    return [f for n, f in FORMATS.items() if n in names]


def _canonical_blank_triples(graph):
    """(triples holding a blank node, the same triples canonically relabelled by rdflib)."""
    from rdflib import BNode, Graph
    from rdflib.compare import to_canonical_graph

    from iso20000_prm.graph.turtle_writer import triples_of

    blank = Graph()
    for triple in triples_of(graph):
        s, p, o = triple
        if isinstance(s, BNode) or isinstance(o, BNode) or isinstance(p, BNode):
            blank.add(triple)
    return blank, (to_canonical_graph(blank) if len(blank) else ())


def _is_canonical(graph) -> bool:
    """Marked canonical and unchanged in size since (a graph someone adds to is relabelled again)."""
    from rdflib import URIRef

    if getattr(graph, "_prm_canonical", False):
        return True
    return getattr(graph, "_prm_canonical_size", None) == len(graph) and graph.identifier == URIRef(
        GRAPH_IRI
    )


def canonicalise_in_place(graph):
    """Relabel the blank nodes of ``graph`` (named :data:`GRAPH_IRI`) as :func:`canonical`
    would, in place, and mark it: :func:`canonical` then returns the graph itself instead of a
    copy. For graphs the build makes (only the vocabulary has blank nodes): no second graph."""
    from rdflib import URIRef

    if graph.identifier != URIRef(GRAPH_IRI):
        raise ValueError("only a graph named GRAPH_IRI can be canonicalised in place")
    blank, relabelled = _canonical_blank_triples(graph)
    for triple in blank:
        graph.remove(triple)
    for triple in relabelled:
        graph.add(triple)
    graph._prm_canonical_size = len(graph)
    return graph


def canonical(graph):
    """A copy of ``graph`` with deterministic blank-node labels and the same prefixes, named
    :data:`GRAPH_IRI` (the name TriG and N-Quads give it).

    The labels are rdflib's (:func:`rdflib.compare.to_canonical_graph`), but only the triples
    holding a blank node are canonicalised: rdflib's colouring starts from those triples and
    refines only along them, so the rest of the graph cannot change a label (the vocabulary's
    few blank nodes cost little; the data has none). The copy is marked, so passing it again
    costs nothing: a release canonicalises once and renders every format from the result. A
    graph :func:`canonicalise_in_place` marked (the built graph) is returned as it is.
    """
    from rdflib import BNode, Graph, URIRef

    if _is_canonical(graph):
        return graph
    out = Graph(identifier=URIRef(GRAPH_IRI))
    add = out.add
    for triple in graph:
        s, p, o = triple
        if not (isinstance(s, BNode) or isinstance(o, BNode) or isinstance(p, BNode)):
            add(triple)
    for triple in _canonical_blank_triples(graph)[1]:
        add(triple)
    for prefix, namespace in graph.namespaces():
        out.bind(prefix, namespace, override=True, replace=True)
    out._prm_canonical = True
    return out


def _ntriples_bytes(graph) -> bytes:
    """The sorted N-Triples document of a canonical graph, computed once per graph and size:
    N-Triples and N-Quads of one release share it."""
    graph = canonical(graph)
    cached = getattr(graph, "_prm_nt_bytes", None)
    if cached is None or cached[0] != len(graph):
        cached = (len(graph), _lines_bytes(_index_ntriples_lines(graph)))
        graph._prm_nt_bytes = cached
    return cached[1]


def _index_ntriples_lines(graph) -> list[bytes]:
    """rdflib's N-Triples lines (``nt._nt_row``), sorted, from the subject index: each IRI and
    blank node is written once (``n3()``), each literal as ``nt._quoteLiteral`` writes it."""
    from rdflib import Literal
    from rdflib.plugins.serializers.nt import _quoteLiteral

    from iso20000_prm.graph.turtle_writer import node_key, subject_index

    terms: dict = {}

    def term(node) -> str:
        key = node_key(node)
        text = terms.get(key)
        if text is None:
            text = terms[key] = node.n3()
        return text

    # each line as UTF-8 bytes at once (UTF-8 keeps the order of code points, so the bytes sort
    # as the text would), joined once: the document is never also one Python string
    lines: list[bytes] = []
    append = lines.append
    for subject, by_p in subject_index(graph).props.items():
        subject_text = term(subject) + " "
        for predicate, objects in by_p.items():
            head = subject_text + term(predicate) + " "
            for o in objects:
                if type(o) is Literal or isinstance(o, Literal):
                    append((head + _quoteLiteral(o) + " .").encode("utf-8"))
                else:
                    append((head + term(o) + " .").encode("utf-8"))
    lines.sort()
    return lines


def _lines_bytes(lines: list[bytes]) -> bytes:
    """The lines, each ended by a newline."""
    lines.append(b"")  # the last newline, without a copy of the joined text
    try:
        return b"\n".join(lines) if len(lines) > 1 else b""
    finally:
        lines.pop()


def to_ntriples(graph) -> bytes:
    return _ntriples_bytes(graph)


def to_nquads(graph, graph_iri: str = GRAPH_IRI) -> bytes:
    """The N-Triples lines with the graph name before each final `` .``, in the same order:
    sorted N-Triples lines stay sorted, as no line is the start of another line followed by
    a space (an IRI, a blank node label and a closed literal never continue with one)."""
    suffix = f" <{graph_iri}> .\n".encode()
    return _ntriples_bytes(graph).replace(b" .\n", suffix)


def forget_renderings(graph) -> None:
    """Drop what the writers keep on ``graph`` for each other (the subject index, Turtle's
    statements for TriG): a release calls it once every format is written. The N-Triples
    bytes stay: validation loads the graph into its store from them."""
    for name in ("_prm_subject_index", "_prm_turtle_statements"):
        if getattr(graph, name, None) is not None:
            setattr(graph, name, None)


def to_trig(graph, graph_iri: str = GRAPH_IRI) -> bytes:
    """The graph as the one named graph ``graph_iri`` of a TriG document.

    rdflib's TriG writer given a plain graph writes it as a graph named by its identifier,
    with the same bytes as for a Dataset holding it as that named graph (and faster: no quad
    store; :mod:`.fast_turtle`). The canonical copy is already named :data:`GRAPH_IRI`; another
    name costs a copy.
    """
    from rdflib import Graph, URIRef

    from iso20000_prm.graph.namespace_lookup import install
    from iso20000_prm.graph.turtle_writer import trig

    install()
    named = canonical(graph)
    if named.identifier != URIRef(graph_iri):
        copy = Graph(identifier=URIRef(graph_iri))
        for prefix, namespace in named.namespaces():
            copy.bind(prefix, namespace, override=True, replace=True)
        for triple in named:
            copy.add(triple)
        named = copy
    return trig(named)


def serialize(graph, fmt: str = "turtle") -> bytes:
    """The graph in ``fmt`` as UTF-8 bytes (Turtle and TriG through :mod:`.turtle_writer`:
    rdflib's bytes, faster, and multi-line literals ending in a quote written so they parse)."""
    if fmt in ("turtle", "ttl", "trig"):
        from iso20000_prm.graph.namespace_lookup import install
        from iso20000_prm.graph.turtle_writer import trig, turtle

        install()
        return trig(graph) if fmt == "trig" else turtle(graph)
    data = graph.serialize(format=fmt, encoding="utf-8")
    return data if isinstance(data, bytes) else data.encode("utf-8")


def to_turtle(graph) -> bytes:
    return serialize(graph, "turtle")


# ---------------------------------------------------------------- RDF/XML


def _split(iri: str) -> tuple[str, str]:
    """Namespace and local name of a predicate IRI, the local name a valid XML NCName."""
    import re

    match = re.search(r"[A-Za-z_][A-Za-z0-9_.-]*$", iri)
    if not match or match.start() == 0:
        raise PRMError(f"cannot write predicate {iri} in RDF/XML: no XML local name")
    return iri[: match.start()], match.group(0)


def _sorted_nodes(nodes) -> list:
    """``sorted(nodes)`` in rdflib's term order, with plain string keys when every node is an
    IRI or a blank node (rdflib orders blank nodes first, then each kind by its string)."""
    from rdflib import BNode, URIRef

    nodes = list(nodes)
    if all(type(n) is URIRef or type(n) is BNode for n in nodes):
        return sorted(nodes, key=lambda n: (type(n) is URIRef, str(n)))
    return sorted(nodes)


def _sorted_objects(objects) -> list:
    """``sorted(objects)`` in rdflib's term order (string keys when all are IRIs)."""
    from rdflib import URIRef

    if len(objects) == 1:
        return list(objects)
    if all(type(o) is URIRef for o in objects):
        return sorted(objects, key=str)
    return sorted(objects)


def _sorted_predicate_objects(by_p: dict) -> list:
    """``sorted(graph.predicate_objects(subject))`` from the subject's predicate -> objects:
    the pairs of one subject never share a predicate and an object, so sorting the predicates,
    then each predicate's objects, is the same order."""
    return [(p, o) for p in _sorted_nodes(by_p) for o in _sorted_objects(by_p[p])]


def to_rdfxml(graph) -> bytes:
    """Plain RDF/XML: one sorted ``rdf:Description`` per subject, blank nodes as ``rdf:nodeID``.

    Written from the subject index of the triples (:func:`.turtle_writer.subject_index`)."""
    from xml.sax.saxutils import escape, quoteattr

    from rdflib import BNode, Literal, URIRef
    from rdflib.namespace import RDF

    from iso20000_prm.graph.turtle_writer import subject_index

    g = canonical(graph)
    props = subject_index(g).props
    prefixes = {str(ns): p for p, ns in g.namespaces() if p}
    prefixes[str(RDF)] = "rdf"
    used: dict[str, str] = {}
    tags: dict[str, str] = {}

    def qname(iri: str) -> str:
        tag = tags.get(iri)
        if tag is not None:
            return tag
        ns, local = _split(iri)
        if ns not in prefixes:
            prefixes[ns] = f"ns{len([p for p in prefixes.values() if p.startswith('ns')]) + 1}"
        used[ns] = prefixes[ns]
        tag = tags[iri] = f"{prefixes[ns]}:{local}"
        return tag

    def text(value: str) -> str:
        return escape(value).replace("\r", "&#13;")

    chunks: list[bytes] = []  # one per description, encoded at once: never one big string
    body: list[str] = []
    append = body.append
    for subject in _sorted_nodes(props):
        body.clear()
        ref = (
            f"rdf:nodeID={quoteattr(str(subject))}"
            if isinstance(subject, BNode)
            else f"rdf:about={quoteattr(str(subject))}"
        )
        append(f"  <rdf:Description {ref}>")
        for p, o in _sorted_predicate_objects(props[subject]):
            tag = qname(str(p))
            kind = type(o)
            if kind is Literal or isinstance(o, Literal):
                attrs = ""
                if o.language:
                    attrs = f" xml:lang={quoteattr(o.language)}"
                elif o.datatype is not None:
                    attrs = f" rdf:datatype={quoteattr(str(o.datatype))}"
                append(f"    <{tag}{attrs}>{text(str(o))}</{tag}>")
            elif kind is BNode or (kind is not URIRef and isinstance(o, BNode)):
                append(f"    <{tag} rdf:nodeID={quoteattr(str(o))}/>")
            else:
                append(f"    <{tag} rdf:resource={quoteattr(str(o))}/>")
        append("  </rdf:Description>\n")
        chunks.append("\n".join(body).encode("utf-8"))
    used[str(RDF)] = "rdf"
    decls = "".join(
        f"\n    xmlns:{p}={quoteattr(ns)}" for ns, p in sorted(used.items(), key=lambda kv: kv[1])
    )
    head = f'<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF{decls}>\n'
    return b"".join([head.encode("utf-8"), *(chunks or [b"\n"]), b"</rdf:RDF>\n"])


# ---------------------------------------------------------------- JSON-LD


def context_file() -> Path:
    """The published JSON-LD context, shipped beside the ontology."""
    from iso20000_prm.files import resource_dir

    return resource_dir("ontology") / "context.jsonld"


def load_context() -> dict:
    import json

    return json.loads(context_file().read_text(encoding="utf-8"))["@context"]


def make_context(ontology) -> dict:
    """The JSON-LD context for ``ontology``: namespace prefixes, and a short readable key for every
    class and property it declares (``hasOutcome``, ``label``); object properties are typed ``@id``.

    The shipped ``context.jsonld`` is this function's output; a test keeps them in step.
    """
    from rdflib import URIRef
    from rdflib.namespace import OWL, RDF, RDFS

    from iso20000_prm import vocab as ns

    ctx: dict[str, object] = {
        prefix: str(namespace) for prefix, namespace in sorted(ns.PREFIXES.items())
    }
    kinds = {
        OWL.Class: "class",
        OWL.ObjectProperty: "object",
        OWL.DatatypeProperty: "data",
        OWL.AnnotationProperty: "data",
    }
    terms: dict[str, list[tuple[str, str]]] = {}
    extra = [
        (RDFS.label, "data"),
        (RDFS.comment, "data"),
        (RDFS.subClassOf, "object"),
        (RDFS.seeAlso, "object"),
    ]
    declared = [
        (s, kinds[o])
        for s, o in ontology.subject_objects(RDF.type)
        if o in kinds and isinstance(s, URIRef)
    ]
    for iri, kind in sorted(set(declared + extra)):
        _, local = _split(str(iri))
        terms.setdefault(local, []).append((str(iri), kind))
    prm = str(ns.PRM)
    for local, candidates in sorted(terms.items()):
        if local in ctx:
            continue
        # one IRI per key; on a clash the prm term wins, the others keep their prefixed names
        chosen = [c for c in candidates if c[0].startswith(prm)] or (
            candidates if len(candidates) == 1 else []
        )
        if len(chosen) != 1:
            continue
        iri, kind = chosen[0]
        compact = next(
            (
                f"{p}:{iri[len(str(n)) :]}"
                for p, n in sorted(ns.PREFIXES.items())
                if iri.startswith(str(n))
            ),
            iri,
        )
        ctx[local] = {"@id": compact, "@type": "@id"} if kind == "object" else compact
    return ctx


def to_jsonld(graph) -> bytes:
    """Compact JSON-LD with the published context embedded (:mod:`.jsonld_writer`)."""
    from iso20000_prm.graph.jsonld_writer import to_jsonld as write

    return write(graph)


WRITERS = {
    "turtle": to_turtle,
    "ntriples": to_ntriples,
    "rdfxml": to_rdfxml,
    "jsonld": to_jsonld,
    "trig": to_trig,
    "nquads": to_nquads,
}


def gzip_bytes(data: bytes) -> bytes:
    """Gzip with no file name and mtime 0: the same input gives the same bytes."""
    import gzip

    return gzip.compress(data, compresslevel=9, mtime=0)


def render(graph, fmt: Format, compress: bool = False) -> bytes:
    """``graph`` in ``fmt``; gzipped when ``compress`` and the format is line-based."""
    data = WRITERS[fmt.name](graph)
    return gzip_bytes(data) if compress and fmt.line_based else data


def file_name(stem: str, fmt: Format, compress: bool = False) -> str:
    return stem + fmt.extension + (".gz" if compress and fmt.line_based else "")
