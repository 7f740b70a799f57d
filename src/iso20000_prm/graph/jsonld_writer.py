"""The JSON-LD release file: compact JSON-LD with the published context embedded.

What rdflib's converter (``jsonld.from_rdf``, with the arguments ``Graph.serialize`` gives it)
makes of the graph, sorted (rdflib's order follows the store), indented as
``json.dumps(indent=2, sort_keys=True)`` would. The node objects of plain IRI subjects are
written directly from the subject index (:class:`_DirectJsonLd`); the converter, over the same
index, does the rest. Kept apart from :mod:`.formats` so the query path imports no ``json``.
"""

from __future__ import annotations

import json

from iso20000_prm.graph import formats
from iso20000_prm.graph.formats import canonical


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

    context = formats.load_context()
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
