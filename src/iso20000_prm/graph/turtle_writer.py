"""rdflib's Turtle and TriG writers, with each IRI's prefixed name looked up once per document.

rdflib's ``TurtleSerializer.get_pname`` splits an IRI and searches the namespace bindings on
every call, and it is called for every term of every triple, twice (once while preprocessing,
once while writing): about half the time of writing the graph. The writers here remember each
answer for the length of one document. Only answers that are prefixed names are remembered:
rdflib's namespace manager caches the same split for good once it has found a prefix
(``NamespaceManager.compute_qname``), and the serializer has already registered that prefix
for the ``@prefix`` lines, so later calls would give the same name and change nothing. A
``None`` (no prefix yet) is remembered only until the graph's store binds another prefix
(rdflib's answer depends on nothing else: its split of the IRI is cached, and a binding is the
only way a namespace gains a prefix). Same
bytes as ``graph.serialize(format="turtle" | "trig")`` (tests compare them).
"""

from __future__ import annotations

import io

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.plugins.serializers.trig import TrigSerializer
from rdflib.plugins.serializers.turtle import TurtleSerializer


class _RememberedNames:
    """Mixed into an rdflib serializer: ``get_pname`` answers remembered until ``reset``."""

    def reset(self) -> None:
        super().reset()
        self._pnames: dict = {}
        self._no_pname: dict = {}

    def _bindings(self):
        """How many prefixes the graph's store binds (rdflib's Memory store), or None."""
        store = getattr(self.store, "store", None)
        bound = getattr(store, "_Memory__namespace", None)
        if bound is None:
            bound = getattr(store, "_SimpleMemory__namespace", None)
        return len(bound) if isinstance(bound, dict) else None

    def get_pname(self, uri, gen_prefix: bool = True):
        key = (uri, gen_prefix)
        name = self._pnames.get(key)
        if name is None:
            bindings = self._bindings()
            if bindings is not None and self._no_pname.get(key) == bindings:
                return None  # asked before, and no prefix has been bound since
            name = super().get_pname(uri, gen_prefix)
            if name is not None:
                self._pnames[key] = name
            elif bindings is not None:
                self._no_pname[key] = self._bindings()
        return name


class _LongStringFix:
    (
        """Mixed into an rdflib serializer: a multi-line literal that ends in a quote is written
    with every quote escaped. rdflib escapes the final quote of a triple-quoted string only when
    no backslash precedes it, so a value ending in a backslash and a quote came out as
    ``\\"""
        "`` and the document did not parse. Other literals keep rdflib's bytes."
        ""
    )

    def label(self, node, position):
        text = super().label(node, position)
        if isinstance(node, Literal) and "\n" in node and node.endswith('"'):
            suffix = text[text.rindex('"""') + 3 :]
            body = node.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r")
            return f'"""{body}"""{suffix}'
        return text


class TurtleWriter(_RememberedNames, _LongStringFix, TurtleSerializer):
    pass


class TrigWriter(_RememberedNames, _LongStringFix, TrigSerializer):
    pass


def _write(writer, graph) -> bytes:
    stream = io.BytesIO()
    writer(graph).serialize(stream, encoding="utf-8")
    return stream.getvalue()


def turtle(graph) -> bytes:
    """``graph.serialize(format="turtle", encoding="utf-8")``, faster."""
    if _plain_graph(graph):
        return indexed_turtle(graph)
    return _write(TurtleWriter, graph)


def trig(graph) -> bytes:
    """``graph.serialize(format="trig", encoding="utf-8")``, faster: a plain graph is written as
    the graph named by its identifier, a Dataset as its named graphs."""
    if _plain_graph(graph):
        return indexed_trig(graph)
    return _write(TrigWriter, graph)


# ---------------------------------------------------------------- from a subject index
#
# rdflib's writers look every subject's triples up in the store (``buildPredicateHash``,
# ``store.value`` for lists, ``store.subjects`` for the top classes) and write each piece to
# the stream on its own. The writer below runs the same algorithm (``TurtleSerializer``'s
# ``orderSubjects``, ``statement``, ``s_squared``, ``p_squared``, ``isValidList``,
# ``predicateList`` and ``objectList``, ported line by line) over :func:`subject_index`, a plain
# dict built in one pass over the triples, and joins the text once. Prefixed names, literals
# and prefixes still come from the rdflib serializer instance, so the bytes are rdflib's.

NIL = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def _is_bnode(node) -> bool:
    """``isinstance(node, BNode)``, quick for IRIs and literals (``Node`` is an ABC, and
    ``isinstance`` against it is slow when the answer is no)."""
    kind = type(node)
    return kind is BNode or (kind is not URIRef and kind is not Literal and isinstance(node, BNode))


class SubjectIndex:
    """One pass over a graph: subject -> predicate -> objects (rdflib's Memory store's own
    index when the store holds only this graph, else built from the triples), the number of
    times each node other than a literal is an object, and the (node, generate) prefixed-name
    questions ``TurtleSerializer.preprocess`` asks, in the order it first asks them (the order
    it iterates the triples in)."""

    def __init__(self, graph):
        triples, spo = _store_triples(graph)
        props: dict = {} if spo is None else spo
        refs: dict = {}
        questions: dict = {}
        bnode_subjects: dict = {}  # blank node -> the subjects it is an object of
        concat = str.__add__
        str_eq = str.__eq__
        bnode = BNode
        literal = Literal
        uriref = URIRef
        for s, p, o in triples:
            if spo is None:
                by_p = props.get(s)
                if by_p is None:
                    by_p = props[s] = {}
                objects = by_p.get(p)
                if objects is None:
                    by_p[p] = {o: 1}
                else:
                    objects[o] = 1
            # TurtleSerializer.preprocessTriple: get_pname answers None, with no effect, for
            # anything but an IRI; rdf:type is a keyword. Keys are plain strings (rdflib's
            # term equality is a Python call); "\0" marks a subject or object, "\1" a predicate.
            if type(s) is uriref or isinstance(s, uriref):
                key = concat(s, "\0")
                if key not in questions:
                    questions[key] = (s, False)
            if not (type(p) is uriref and str_eq(p, TYPE)):
                key = concat(p, "\1")
                if key not in questions:
                    questions[key] = (p, True)
                if type(p) is not uriref and _is_bnode(p):
                    refs[p] = refs.get(p, 0) + 1
            kind = type(o)
            if kind is literal:
                if o.datatype is not None:
                    key = concat(o.datatype, "\0")
                    if key not in questions:
                        questions[key] = (o.datatype, False)
            elif kind is uriref or (kind is not bnode and isinstance(o, uriref)):
                key = concat(o, "\0")  # node_key(o)
                refs[key] = refs.get(key, 0) + 1
                if key not in questions:
                    questions[key] = (o, False)
            else:
                refs[o] = refs.get(o, 0) + 1
                bnode_subjects.setdefault(o, []).append(s)
        self.size = len(graph)
        self.props = props  # subject -> predicate -> {object: 1}, never changed here
        self.refs = refs
        self.bnode_subjects = bnode_subjects
        self.questions = list(questions.values())


def node_key(node) -> object:
    """A dictionary key for an IRI or blank node: the IRI as a plain string (its equality is
    C's, not rdflib's Python ``__eq__``), the blank node itself (never equal to a string)."""
    return node if _is_bnode(node) else str.__add__(node, "\0")


def triples_of(graph):
    """The triples of ``graph`` as ``iter(graph)`` gives them, without rdflib's generator per
    triple when the store is rdflib's Memory store (a copy of its set for the graph)."""
    from rdflib.plugins.stores.memory import Memory

    from iso20000_prm.graph.index_store import IndexStore

    store = graph.store
    if type(store) is IndexStore:
        return store.iter_triples()
    if type(store) is Memory and not graph.context_aware:
        try:
            found = store._Memory__contextTriples.get(store._Memory__ctx_to_str(graph), set())
            return found.copy()
        except AttributeError:
            pass
    return graph


def _store_triples(graph):
    """(the graph's triples in the order ``Graph.triples((None, None, None))`` gives them,
    the store's subject -> predicate -> objects index if it holds exactly these triples)."""
    from rdflib.plugins.stores.memory import Memory

    from iso20000_prm.graph.index_store import IndexStore

    store = graph.store
    if type(store) is IndexStore:  # the builder's store: its index is the graph
        return store.iter_triples(), store.spo
    if type(store) is not Memory:
        return list(graph), None
    try:
        # what Memory.triples iterates for a graph: a copy of the context's set of triples
        triples = store._Memory__contextTriples.get(store._Memory__ctx_to_str(graph), set())
        triples = triples.copy()
        spo = store._Memory__spo
    except AttributeError:
        return list(graph), None
    if sum(len(objects) for by_p in spo.values() for objects in by_p.values()) != len(triples):
        return triples, None
    # the store keeps emptied entries of removed triples; the writers must not see them
    props = {}
    for subject, by_p in spo.items():
        kept = {p: objects for p, objects in by_p.items() if objects}
        if kept:
            props[subject] = kept
    return triples, props


def subject_index(graph) -> SubjectIndex:
    """The :class:`SubjectIndex` of ``graph``, kept on it while its size is unchanged."""
    cached = getattr(graph, "_prm_subject_index", None)
    if cached is not None and cached.size == len(graph):
        return cached
    index = SubjectIndex(graph)
    try:
        graph._prm_subject_index = index
    except AttributeError:
        pass
    return index


class _IndexWriter:
    """TurtleSerializer's writing algorithm over a :class:`SubjectIndex` (see above)."""

    def __init__(self, ser, index: SubjectIndex, refs: dict, depth: int, reuse=None):
        self.ser = ser
        self.props = index.props
        self.refs = refs
        self.depth = depth
        self.indent_string = ser.indentString
        self.serialized: set = set()
        self.top_levels: set = set()
        self.out: list[str] = []
        self.names: dict = {}  # (IRI, generate) -> prefixed name, per document
        self.literals: dict = {}  # (lexical form, datatype, language) -> text
        self.type = RDF.type
        self.first = RDF.first
        self.rest = RDF.rest
        self.order = [RDF.type, RDFS.label]
        self.reuse = reuse  # subject -> its statement from a Turtle pass, re-indented
        self.chunks: dict = {}  # subject -> statement text, when it can be re-indented
        self.plain = True  # the current statement inlined nothing and has no multi-line text

    # -- RecursiveSerializer.orderSubjects (topClasses = [RDFS.Class])
    def order_subjects(self) -> list:
        members = [s for s, by_p in self.props.items() if RDFS.Class in by_p.get(self.type, ())]
        members.sort(key=lambda n: (isinstance(n, URIRef), str(n)))
        self.top_levels.update(members)
        seen = set(members)
        refs = self.refs
        rest = [
            (isinstance(s, BNode), refs.get(node_key(s), 0), str(s), s)
            for s in self.props
            if s not in seen
        ]
        rest.sort(key=lambda t: t[:3])
        return members + [t[3] for t in rest]

    def indent(self, modifier: int = 0) -> str:
        return (self.depth + modifier) * self.indent_string

    def write_all(self) -> list[bytes]:
        """Every statement, each as UTF-8 bytes ending in a newline: joined once by the
        caller, the document is never also held as one (possibly 2 or 4 bytes a character)
        Python string."""
        reuse = self.reuse
        chunks = self.chunks
        texts: list[bytes] = []  # one piece per statement: the small pieces live only briefly
        for subject in self.order_subjects():
            if subject in self.serialized:
                continue
            if reuse is not None:
                text = reuse.get(subject)
                if text is not None:
                    self.serialized.add(subject)
                    texts.append((text + "\n").encode("utf-8", "replace"))
                    continue
            self.out = []
            self.plain = True
            self.statement(subject)
            text = "".join(self.out)
            if self.plain:
                chunks[subject] = text
            texts.append((text + "\n").encode("utf-8", "replace"))
        return texts

    # -- TurtleSerializer.statement / s_squared / s_default
    def statement(self, subject) -> None:
        self.serialized.add(subject)
        if isinstance(subject, BNode) and self.refs.get(subject, 0) <= 0:
            self.plain = False
            self.out.append("\n" + self.indent() + "[]")
            self.predicate_list(subject)
            self.out.append(" .")
            return
        self.out.append("\n" + self.indent())
        self.path(subject, 0)
        self.predicate_list(subject)
        self.out.append(" .")

    def path(self, node, position: int, newline: bool = False) -> None:
        if not (_is_bnode(node) and self.p_squared(node, position, newline)):
            if position != 0 and not newline:
                self.out.append(" ")
            self.out.append(self.label(node, position))

    def label(self, node, position: int) -> str:
        kind = type(node)
        if kind is URIRef or (kind is not Literal and isinstance(node, URIRef)):
            if kind is URIRef and str.__eq__(node, NIL):
                return "()"
            if position == 1 and kind is URIRef and str.__eq__(node, TYPE):
                return "a"
            key = str.__add__(node, "\1" if position == 1 else "\0")
            name = self.names.get(key)
            if name is None:
                # while writing no prefix is bound any more (the preprocessing asked every
                # question, generating for every predicate), so an IRI without a prefixed
                # name keeps its full form for the rest of the document
                name = self.ser.get_pname(node, position == 1) or node.n3()
                self.names[key] = name
            return name
        if kind is Literal:
            if node.datatype is None and "\n" not in node:
                # Literal._literal_n3 (use_plain) of a string without a datatype, inlined
                text = (
                    '"'
                    + str.replace(node, "\\", "\\\\").replace('"', '\\"').replace("\r", "\\r")
                    + '"'
                )
                language = node.language
                return f"{text}@{language}" if language else text
            # the rest depend on the lexical form, datatype and language alone
            key = (str.__add__(node, ""), str.__add__(node.datatype or "", ""), node.language)
            text = self.literals.get(key)
            if text is None:
                text = self.literals[key] = self.ser.label(node, position)
            if "\n" in text:
                self.plain = False
            return text
        if isinstance(node, Literal):
            text = self.ser.label(node, position)
            if "\n" in text:
                self.plain = False
            return text
        return self.ser.label(node, position)

    # -- TurtleSerializer.p_squared
    def p_squared(self, node, position: int, newline: bool) -> bool:
        if (
            not isinstance(node, BNode)
            or node in self.serialized
            or self.refs.get(node_key(node), 0) > 1
            or position == 0
        ):
            return False
        self.plain = False
        out = self.out
        if not newline:
            out.append(" ")
        if self.is_valid_list(node):
            out.append("(")
            self.depth += 1
            self.do_list(node)
            self.depth -= 1
            out.append(" )")
        else:
            self.serialized.add(node)
            self.depth += 2
            out.append("[")
            self.depth -= 1
            self.predicate_list(node, newline=False)
            out.append(" ]")
            self.depth -= 1
        return True

    def value(self, subject, predicate):
        objects = self.props.get(subject, {}).get(predicate)
        return next(iter(objects)) if objects else None

    def is_valid_list(self, node) -> bool:
        if self.value(node, self.first) is None:
            return False
        while node:
            if not (type(node) is URIRef and str.__eq__(node, NIL)):
                count = sum(len(v) for v in self.props.get(node, {}).values())
                if count != 2:
                    return False
            node = self.value(node, self.rest)
        return True

    def do_list(self, node) -> None:
        while node:
            item = self.value(node, self.first)
            if item is not None:
                self.path(item, 2)
                self.serialized.add(node)
            node = self.value(node, self.rest)

    # -- RecursiveSerializer.buildPredicateHash / sortProperties, TurtleSerializer.predicateList
    def predicate_list(self, subject, newline: bool = False) -> None:
        properties = self.props.get(subject)
        if not properties:
            return
        # RecursiveSerializer.sortProperties: rdf:type, rdfs:label, then the others sorted
        head = [None, None]
        rest = []
        for p in properties:
            if type(p) is URIRef and str.__eq__(p, TYPE):
                head[0] = p
            elif type(p) is URIRef and str.__eq__(p, LABEL):
                head[1] = p
            else:
                rest.append(p)
        if all(type(p) is URIRef for p in rest):
            rest.sort(key=str)  # IRIs compare as their strings in rdflib
        else:
            rest.sort()
        prop_list = [p for p in head if p is not None] + rest
        out = self.out
        label = self.label
        first = True
        for predicate in prop_list:
            if first:
                first = False
                self.path(predicate, 1, newline)
            else:
                out.append(" ;\n" + self.indent(1))
                out.append(label(predicate, 1))  # path(predicate, VERB, newline=True)
            objects = properties[predicate]
            if len(objects) == 1:
                # objectList of one object: depth + 1 while writing it
                (obj,) = objects
                if _is_bnode(obj):
                    self.depth += 1
                    self.path(obj, 2)
                    self.depth -= 1
                else:
                    out.append(" " + label(obj, 2))
            else:
                self.object_list(objects)

    def object_list(self, objects) -> None:
        if all(type(o) is URIRef for o in objects):
            objects = sorted(objects, key=str)  # IRIs compare as their strings in rdflib
        else:
            objects = sorted(objects)
        # rdflib's ``(count == 1) and 0 or 1`` is always 1
        self.depth += 1
        self.path(objects[0], 2)
        for obj in objects[1:]:
            self.out.append(",\n" + self.indent(1))
            self.path(obj, 2, True)
        self.depth -= 1


class _Reindented:
    """Turtle's statements for TriG, each re-indented when it is asked for (not all at once)."""

    __slots__ = ("texts", "pad")

    def __init__(self, texts: dict, pad: str):
        self.texts, self.pad = texts, pad

    def get(self, subject):
        text = self.texts.get(subject)
        return None if text is None else text.replace("\n", self.pad)


def _prefix_lines(ser) -> str:
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(ser.namespaces.items()))


def _plain_graph(graph) -> bool:
    from rdflib import Graph

    return (
        isinstance(graph, Graph)
        and not graph.context_aware
        and graph.base is None
        and type(graph.namespace_manager).__name__ == "NamespaceManager"
    )


def _preprocess(ser, index: SubjectIndex) -> None:
    """The prefixed-name questions of ``TurtleSerializer.preprocess``, for their effect on
    the prefixes the document declares (and the prefixes rdflib generates for predicates)."""
    get_pname = ser.get_pname
    for node, generate in index.questions:
        get_pname(node, generate)


def indexed_turtle(graph) -> bytes:
    """``graph.serialize(format="turtle")``'s bytes, written from :func:`subject_index`; the
    statements are kept on the graph for :func:`indexed_trig` to re-indent."""
    index = subject_index(graph)
    ser = TurtleWriter(graph)
    ser.reset()
    _preprocess(ser, index)
    writer = _IndexWriter(ser, index, index.refs, 0)
    body = writer.write_all()
    graph._prm_turtle_statements = (index.size, dict(ser._ns_rewrite), writer.chunks)
    return b"".join([_prefix_lines(ser).encode("utf-8", "replace"), *body, b"\n"])


def indexed_trig(graph) -> bytes:
    """``graph.serialize(format="trig")``'s bytes for a plain graph (one graph named by its
    identifier), written from :func:`subject_index`. The statements a Turtle pass over the same
    graph wrote without inlining anything are re-indented rather than written again."""
    index = subject_index(graph)
    ser = TrigWriter(graph)
    ser.reset()
    identifier = graph.identifier
    if index.size:  # TrigSerializer.preprocess skips an empty graph
        ser.get_pname(identifier, False)
    _preprocess(ser, index)
    # TrigSerializer.preprocess counts every subject as referenced once more
    refs = dict(index.refs)
    for subject in index.props:
        key = node_key(subject)
        refs[key] = refs.get(key, 0) + 1
    reuse = None
    kept = getattr(graph, "_prm_turtle_statements", None)
    if kept is not None and kept[0] == index.size and kept[1] == ser._ns_rewrite:
        pad = "\n" + ser.indentString
        reuse = _Reindented(kept[2], pad)
        graph._prm_turtle_statements = None
    if isinstance(identifier, BNode):
        iri = identifier.n3()
    else:
        iri = ser.get_pname(identifier, False) or identifier.n3()
    body = _IndexWriter(ser, index, refs, 1, reuse).write_all() if index.props else []
    head = _prefix_lines(ser)
    if index.props:
        head += f"\n{iri} {{"
        body.append(b"}\n")
    return b"".join([head.encode("utf-8", "replace"), *body, b"\n"])
