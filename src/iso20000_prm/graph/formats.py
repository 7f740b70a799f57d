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

import gzip
import json
from pathlib import Path

from iso20000_prm.errors import GraphInputError, PRMError
from iso20000_prm.vocab import GRAPH_IRI


class Format:
    """One RDF format (immutable; equal, hashed and shown by its fields). A plain class with
    slots, not a dataclass: importing dataclasses would cost a cold query about 10 ms."""

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
        values = (name, suffixes, media_type, rdflib_name, oxigraph_name, line_based, quads)
        values += (release,)
        for slot, value in zip(self.__slots__, values):
            object.__setattr__(self, slot, value)

    def _fields(self) -> tuple:
        return tuple(getattr(self, slot) for slot in self.__slots__)

    def __setattr__(self, name, value):
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name):
        raise AttributeError(f"cannot delete field {name!r}")

    def __eq__(self, other):
        return self._fields() == other._fields() if other.__class__ is Format else NotImplemented

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        shown = ", ".join(f"{s}={v!r}" for s, v in zip(self.__slots__, self._fields()))
        return f"Format({shown})"

    def __reduce__(self):
        return (Format, self._fields())

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


def _sort_jsonld_in_place(value):
    """Sort node lists and set-valued arrays (never ``@list`` contents) for stable output, in
    place (the caller owns ``value``), each by its JSON text with sorted keys."""
    if isinstance(value, dict):
        for k, v in value.items():
            if k != "@list":
                _sort_jsonld_in_place(v)
    elif isinstance(value, list):
        for v in value:
            _sort_jsonld_in_place(v)
        if len(value) > 1:
            value.sort(key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _dumps_indented(value, end: str = "", pad: str = "") -> str:
    """``json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + end`` without the
    generator chain of json's pure-Python encoder (which ``indent`` forces): same text; with
    ``pad``, the text of ``value`` nested at that indentation (every line after the first
    indented by ``pad`` more)."""
    from json.encoder import encode_basestring

    out: list[str] = []
    append = out.append

    def dump(o, pad: str) -> None:
        if isinstance(o, str):
            append(encode_basestring(o))
        elif o is None:
            append("null")
        elif o is True:
            append("true")
        elif o is False:
            append("false")
        elif isinstance(o, int):
            append(int.__repr__(o))
        elif isinstance(o, dict):
            if not o:
                append("{}")
                return
            inner = pad + "  "
            sep = "{\n" + inner
            for key in sorted(o):
                if not isinstance(key, str):
                    raise TypeError("only string keys")
                append(sep + encode_basestring(key) + ": ")
                dump(o[key], inner)
                sep = ",\n" + inner
            append("\n" + pad + "}")
        elif isinstance(o, list):
            if not o:
                append("[]")
                return
            inner = pad + "  "
            sep = "[\n" + inner
            for item in o:
                append(sep)
                dump(item, inner)
                sep = ",\n" + inner
            append("\n" + pad + "]")
        else:  # floats and anything else: json's own text
            append(json.dumps(o, ensure_ascii=False))

    try:
        dump(value, pad)
    except TypeError:
        text = json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)
        return text.replace("\n", "\n" + pad) + end
    append(end)
    return "".join(out)


class _IndexView:
    """The few look-ups rdflib's JSON-LD converter (``jsonld.from_rdf``) makes on a graph,
    answered from the subject index instead of the store: all subjects (or only ``subjects``,
    when given), the subjects of a node, a subject's predicate-object pairs and one value."""

    context_aware = False

    def __init__(self, graph, subjects=None):
        from iso20000_prm.graph.turtle_writer import subject_index

        self.identifier = graph.identifier
        self._graph = graph
        self._index = subject_index(graph)
        self._props = self._index.props
        self._subjects = subjects

    def namespaces(self):
        return self._graph.namespaces()

    def subjects(self, predicate=None, object=None):
        from rdflib import BNode

        if predicate is None and object is None:
            return iter(self._props if self._subjects is None else self._subjects)
        if predicate is None and type(object) is BNode:
            return iter(self._index.bnode_subjects.get(object, ()))
        return self._graph.subjects(predicate, object)

    def predicate_objects(self, subject):
        for p, objects in self._props.get(subject, {}).items():
            for o in objects:
                yield p, o

    def value(self, subject, predicate):
        objects = self._props.get(subject, {}).get(predicate)
        return next(iter(objects)) if objects else None


class _Slow(Exception):
    """A subject (or a graph) the direct JSON-LD writer leaves to rdflib's converter."""


_encode_str = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) writes


def _json_scalar(value) -> str:
    """The JSON text of a string, boolean, integer or float, as ``json.dumps`` writes it."""
    if isinstance(value, str):
        return _encode_str(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    return json.dumps(value, ensure_ascii=False)


class _DirectJsonLd:
    """JSON-LD node objects written straight from the subject index for the IRI subjects whose
    objects are all IRIs (none of them a list) and literals: what rdflib's converter
    (``Converter.add_to_node`` / ``to_raw_value`` / ``type_coerce`` of
    ``rdflib.plugins.serializers.jsonld``) makes of them, with its term choice
    (``Context.find_term``, ``to_symbol``, ``shrink_iri``) asked once per predicate, datatype and
    language. A value is a scalar or, for a JSON object, a tuple of its (key, value) pairs in
    key order; :meth:`node_text` writes a node as ``_dumps_indented`` would after
    ``_sort_jsonld_in_place``. Anything else raises :class:`_Slow` for rdflib's converter."""

    def __init__(self, context_data: dict, props: dict):
        from rdflib import URIRef
        from rdflib.namespace import RDF
        from rdflib.plugins.serializers.jsonld import PLAIN_LITERAL_TYPES
        from rdflib.plugins.shared.jsonld.context import Context

        ctx = Context(context_data, base=None)
        if not ctx.active or ctx.language or ctx.base:
            raise _Slow("context")  # rdflib's converter takes other branches
        self.ctx = ctx
        self.props = props
        # the nodes a converter would read as lists (graph.value(o, RDF.first) or more)
        self.list_heads = {s for s, by_p in props.items() if by_p.get(RDF.first)}
        self.id_key = ctx.id_key
        self.type_key = ctx.type_key
        self.value_key = ctx.value_key
        self.lang_key = ctx.lang_key
        self.rdf_type = RDF.type
        self.rdf_nil = RDF.nil
        self.native = PLAIN_LITERAL_TYPES
        self.uriref = URIRef
        self.iri_plans: dict = {}
        self.literal_plans: dict = {}
        self.symbols: dict = {}  # to_symbol and shrink_iri of an IRI, by its text
        self.shrunk: dict = {}

    def _key_without_term(self, p) -> str:
        """``add_to_node``'s key for a predicate with no matching term."""
        ctx = self.ctx
        key = ctx.to_symbol(p)
        key_term = ctx.terms.get(key)
        if key_term and (key_term.type or key_term.container):
            raise _Slow("the predicate IRI itself as key")
        if p == self.rdf_type:
            key = self.type_key
        return key

    def _check_key(self, key) -> None:
        if not isinstance(key, str) or (key.startswith("@") and key != self.type_key):
            raise _Slow("keyword key")

    def iri_plan(self, p):
        """(key, how) for an IRI object of ``p``: ``how`` is "ref" ({"@id": compact IRI}),
        "shrink" (compact IRI, @type @id) or "symbol" (term or compact IRI, @type @vocab)."""
        from rdflib.plugins.shared.jsonld.context import UNDEF
        from rdflib.plugins.shared.jsonld.keys import ID, VOCAB

        ctx = self.ctx
        term = None
        for coercion in (ID, VOCAB, UNDEF):
            term = ctx.find_term(str(p), coercion, None)
            if term:
                break
        if term:
            if term.container or term.language:
                raise _Slow("container or language term")
            key = term.name
            how = {ID: "shrink", VOCAB: "symbol"}.get(term.type, "ref")
        else:
            key = self._key_without_term(p)
            how = "symbol" if p == self.rdf_type else "ref"
        self._check_key(key)
        plan = self.iri_plans[str(p)] = (key, how)
        return plan

    def literal_plan(self, p, o):
        """(key, how, extra) for the literals of ``p`` with ``o``'s datatype and language:
        ``how`` is "native" (``toPython()``), "plain" (the text) or "pair" (a value object;
        ``extra`` is its other key and value, ``@value``'s key, and whether that sorts first)."""
        ctx = self.ctx
        datatype = o.datatype
        cache_key = (str(p), None if datatype is None else str(datatype), o.language)
        term = ctx.find_term(str(p), str(datatype) if datatype else None, language=o.language)
        plan = None
        if term:
            if term.container or term.type:
                raise _Slow("container or typed term")
            key = term.name
            if term.language and o.language == term.language:
                plan = (key, "plain", None)
        else:
            key = self._key_without_term(p)
        self._check_key(key)
        if plan is not None:
            pass
        elif datatype in self.native:
            plan = (key, "native", None)
        elif datatype:
            symbol = ctx.to_symbol(datatype)
            plan = (
                key,
                "pair",
                (self.type_key, symbol, self.value_key, self.value_key < self.type_key),
            )
        elif o.language:  # and the context has no @language
            plan = (
                key,
                "pair",
                (self.lang_key, o.language, self.value_key, self.value_key < self.lang_key),
            )
        else:
            plan = (key, "plain", None)
        self.literal_plans[cache_key] = plan
        return plan

    def node(self, s) -> dict:
        """The node object of the IRI subject ``s`` (``process_subject``), or :class:`_Slow`.

        Plans are looked up by plain strings: the store's equal terms are often distinct
        objects, and comparing two of them runs rdflib's ``__eq__`` in Python."""
        from rdflib import Literal

        ctx = self.ctx
        uriref = self.uriref
        list_heads = self.list_heads
        rdf_nil = self.rdf_nil
        iri_plans = self.iri_plans
        literal_plans = self.literal_plans
        symbols = self.symbols
        shrunk = self.shrunk
        shrink = ctx.shrink_iri
        id_key = self.id_key
        node = {id_key: shrink(s)}
        for p, objects in self.props[s].items():
            p_text = str(p)
            for o in objects:
                kind = type(o)  # the exact class first: isinstance runs abc's check
                if kind is Literal or (kind is not uriref and isinstance(o, Literal)):
                    datatype = o.datatype
                    plan = literal_plans.get(
                        (p_text, None if datatype is None else str(datatype), o.language)
                    )
                    if plan is None:
                        plan = self.literal_plan(p, o)
                    key, how, extra = plan
                    if how == "plain":
                        v = str(o)
                    elif how == "native":
                        v = o.toPython()
                        if not isinstance(v, (str, int, float)):
                            raise _Slow("native value")
                    else:  # a value object: extra is its other key and value, and their order
                        other_key, other, value_key, value_first = extra
                        if value_first:
                            v = ((value_key, str(o)), (other_key, other))
                        else:
                            v = ((other_key, other), (value_key, str(o)))
                elif kind is uriref or isinstance(o, uriref):
                    if o in list_heads or str.__eq__(o, rdf_nil):
                        raise _Slow("a list (or rdf:nil)")
                    plan = iri_plans.get(p_text)
                    if plan is None:
                        plan = self.iri_plan(p)
                    key, how = plan
                    o_text = str(o)
                    if how == "symbol":
                        v = symbols.get(o_text)
                        if v is None:
                            v = symbols[o_text] = ctx.to_symbol(o)
                    else:
                        v = shrunk.get(o_text)  # IRIs recur as objects
                        if v is None:
                            v = shrunk[o_text] = shrink(o)
                        if how == "ref":
                            v = ((id_key, v),)
                else:
                    raise _Slow("a blank node")
                value = node.get(key)  # add_to_node's accumulation, falsy first value included
                if value:
                    if not isinstance(value, list):
                        value = [value]
                    value.append(v)
                else:
                    value = v
                node[key] = value
        return node


def _direct_compact(value) -> str:
    """``json.dumps(value, sort_keys=True, ensure_ascii=False)`` of a :class:`_DirectJsonLd`
    value (a scalar or a tuple of string key-value pairs in key order)."""
    if type(value) is tuple:
        enc = _encode_str
        return "{" + ", ".join(enc(k) + ": " + enc(v) for k, v in value) + "}"
    return _json_scalar(value)


def _direct_text(value, pad: str) -> str:
    """``value``'s text as ``_dumps_indented`` writes it at indentation ``pad``."""
    enc = _encode_str
    if isinstance(value, str):
        return enc(value)
    if type(value) is tuple:
        inner = pad + "  "
        body = (",\n" + inner).join(enc(k) + ": " + enc(v) for k, v in value)
        return "{\n" + inner + body + "\n" + pad + "}"
    if type(value) is list:
        inner = pad + "  "
        if len(value) > 1:
            value = sorted(value, key=_direct_compact)
        return "[\n" + ",\n".join(inner + _direct_text(v, inner) for v in value) + "\n" + pad + "]"
    return _json_scalar(value)


def _direct_node_text(node: dict, pad: str, heads: dict) -> str:
    """The text of a :class:`_DirectJsonLd` node object as ``_dumps_indented`` writes it at
    indentation ``pad`` (after ``_sort_jsonld_in_place``); ``heads`` caches each key's line
    start."""
    enc = _encode_str
    inner = pad + "  "
    pair = "{\n" + inner + "  "
    between = ",\n" + inner + "  "
    close = "\n" + inner + "}"
    parts = []
    for key in sorted(node):
        value = node[key]
        if isinstance(value, str):
            text = enc(value)
        elif type(value) is tuple:
            text = pair + between.join(enc(k) + ": " + enc(v) for k, v in value) + close
        else:
            text = _direct_text(value, inner)
        head = heads.get(key)
        if head is None:
            head = heads[key] = inner + enc(key) + ": "
        parts.append(head + text)
    return "{\n" + ",\n".join(parts) + "\n" + pad + "}"


def _rdflib_nodes(graph, context: dict, subjects=None) -> list:
    """rdflib's converter over the subject index (of ``subjects`` only, when given), its node
    objects sorted in place."""
    from rdflib.plugins.serializers.jsonld import from_rdf

    # Graph.serialize(format="json-ld") passes use_native_types as the tuple (False,)
    view = _IndexView(graph, subjects)
    data = from_rdf(view, context, None, (False,), False, auto_compact=False)
    if isinstance(data, dict) and "@graph" in data:
        nodes = data["@graph"]
    else:
        nodes = data if isinstance(data, list) else [data]
        nodes = [{k: v for k, v in n.items() if k != "@context"} for n in nodes]
    return [_sort_jsonld_in_place(n) for n in nodes]  # from_rdf's result is ours


def _jsonld_by_rdflib(graph, context: dict) -> bytes:
    nodes = _rdflib_nodes(graph, context)
    ids = [str(n.get("@id", "")) for n in nodes]
    if len(set(ids)) == len(ids):  # no ties: the second key would never be looked at
        order = sorted(range(len(nodes)), key=ids.__getitem__)
        nodes = [nodes[i] for i in order]
    else:
        nodes.sort(key=lambda n: (str(n.get("@id", "")), json.dumps(n, sort_keys=True)))
    out = {"@context": context, "@graph": nodes}
    return _dumps_indented(out, "\n").encode("utf-8")


def to_jsonld(graph) -> bytes:
    """Compact JSON-LD with the published context embedded (so it parses offline).

    What rdflib's converter (``jsonld.from_rdf``, with the arguments ``Graph.serialize`` gives
    it) makes of the graph, sorted, as rdflib's order follows the store. The node objects of
    plain IRI subjects (IRI and literal objects only) are written directly from the subject
    index (:class:`_DirectJsonLd`); the converter, over the subject index, does the rest."""
    from rdflib import URIRef

    from iso20000_prm.graph.turtle_writer import subject_index

    context = load_context()
    g = canonical(graph)
    props = subject_index(g).props
    try:
        direct = _DirectJsonLd(context, props)
    except _Slow:
        return _jsonld_by_rdflib(g, context)
    # each node's text encoded at once and the document joined once as bytes: never also one
    # (possibly 2 or 4 bytes a character) Python string
    texts: list[tuple[str, bytes]] = []
    heads: dict = {}
    slow = []
    pad = "    "
    for s in props:
        if not isinstance(s, URIRef):
            slow.append(s)
            continue
        try:
            node = direct.node(s)
        except _Slow:
            slow.append(s)
            continue
        texts.append(
            (str(node.get("@id", "")), _direct_node_text(node, pad, heads).encode("utf-8"))
        )
    if slow:
        for node in _rdflib_nodes(g, context, slow):
            texts.append((str(node.get("@id", "")), _dumps_indented(node, pad=pad).encode("utf-8")))
    if len({i for i, _ in texts}) != len(texts):  # one node id for two nodes: rdflib merges
        return _jsonld_by_rdflib(g, context)
    texts.sort(key=lambda t: t[0])
    head = '{\n  "@context": ' + _dumps_indented(context, pad="  ") + ',\n  "@graph": '
    if not texts:
        return (head + "[]\n}\n").encode("utf-8")
    parts = [(head + "[\n" + pad).encode("utf-8")]
    separator = (",\n" + pad).encode("utf-8")
    for i, (_, text) in enumerate(texts):
        if i:
            parts.append(separator)
        parts.append(text)
    parts.append(b"\n  ]\n}\n")
    return b"".join(parts)


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
    return gzip.compress(data, compresslevel=9, mtime=0)


def render(graph, fmt: Format, compress: bool = False) -> bytes:
    """``graph`` in ``fmt``; gzipped when ``compress`` and the format is line-based."""
    data = WRITERS[fmt.name](graph)
    return gzip_bytes(data) if compress and fmt.line_based else data


def file_name(stem: str, fmt: Format, compress: bool = False) -> str:
    return stem + fmt.extension + (".gz" if compress and fmt.line_based else "")
