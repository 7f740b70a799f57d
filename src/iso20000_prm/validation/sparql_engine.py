"""SHACL on the embedded Oxigraph store: the shapes' constraints evaluated from SPARQL answers.

pyshacl walks an rdflib graph node by node in Python; at 100 times the real PRM that takes about
20 s and 1 GiB. Here the data graph is an Oxigraph store and the entailments the shapes need are
SPARQL updates. Each constraint of a property shape is one SPARQL query that returns only the
focus nodes (and values) that fail it, or a small superset its own test then narrows. The
store keeps typed XSD
literals by value (``"01"^^xsd:integer`` as ``"1"``); every value is checked as rdflib, under
pyshacl, reads it: through :func:`literal_map` (stored form -> rdflib's, per predicate) where
that is one to one, else :func:`exact_literals` (per subject and predicate, those paths then
focus node by focus node). Node-level constraints, ``sh:or`` members of that kind and
``sh:sparql`` go focus node by focus node. The report graph is
built exactly as pyshacl builds it (same results, messages, sources, paths; blank-node shapes and
paths copied in), so the findings and every rendering are the same (the tests compare both
engines on the shipped graph, on each shape's fixtures, on the bad graphs and at 10 times the
real size).

What is compiled: targets ``sh:targetClass`` (with ``rdfs:subClassOf*``), ``sh:targetNode``,
``sh:targetSubjectsOf``; paths made of IRIs, ``sh:inversePath`` and sequences; the constraints
``sh:minCount``, ``sh:maxCount``, ``sh:class``, ``sh:datatype``, ``sh:nodeKind``,
``sh:pattern`` (``sh:flags``), ``sh:in``, ``sh:hasValue``, ``sh:or``, ``sh:property`` and
``sh:sparql`` (SELECT, ``$this`` pre-bound). A shapes graph using anything else, or a shape that
can report without its own ``sh:message``, raises :class:`Unsupported`; the caller then uses
pyshacl, the reference engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"

# SHACL terms a shape may use here (besides rdf:type and the annotations)
_SUPPORTED = {
    SH + n
    for n in (
        "targetClass targetNode targetSubjectsOf severity message path property or minCount "
        "maxCount class datatype nodeKind pattern flags in hasValue sparql name description "
        "order group"
    ).split()
}
_CONSTRAINT = {
    SH + n: SH + c
    for n, c in (
        ("minCount", "MinCountConstraintComponent"),
        ("maxCount", "MaxCountConstraintComponent"),
        ("class", "ClassConstraintComponent"),
        ("datatype", "DatatypeConstraintComponent"),
        ("nodeKind", "NodeKindConstraintComponent"),
        ("pattern", "PatternConstraintComponent"),
        ("in", "InConstraintComponent"),
        ("hasValue", "HasValueConstraintComponent"),
        ("or", "OrConstraintComponent"),
    )
}


class Unsupported(Exception):
    """The shapes use a SHACL feature this engine does not compile."""


@dataclass
class Shape:
    node: object  # the rdflib node in the shapes graph
    path: object | None  # rdflib node of sh:path (None: a node shape)
    severity: object
    messages: list
    targets: list = field(default_factory=list)  # (kind, rdflib node)
    constraints: list = field(default_factory=list)  # (predicate IRI str, parameter)
    properties: list = field(default_factory=list)  # nested property Shapes
    sparql: list = field(default_factory=list)  # (constraint node, query text, messages)


# ------------------------------------------------------------------ the shapes graph


class _Compiler:
    def __init__(self, sg):
        from rdflib import URIRef

        self.sg = sg
        self.U = URIRef
        self.shapes: dict = {}

    def list_items(self, head):
        from rdflib.collection import Collection

        return list(Collection(self.sg, head))

    def shape(self, node) -> Shape:
        if node in self.shapes:
            return self.shapes[node]
        U, sg = self.U, self.sg
        for p in set(sg.predicates(node)):
            if str(p).startswith(SH) and str(p) not in _SUPPORTED:
                raise Unsupported(f"{p} on {node}")
        severity = sg.value(node, U(SH + "severity")) or U(SH + "Violation")
        shape = Shape(
            node,
            sg.value(node, U(SH + "path")),
            severity,
            sorted(sg.objects(node, U(SH + "message"))),
        )
        self.shapes[node] = shape
        if shape.path is not None:
            self.path_parts(shape.path)  # fails early on an unsupported path
        for kind in ("targetClass", "targetNode", "targetSubjectsOf"):
            for t in sorted(sg.objects(node, U(SH + kind))):
                shape.targets.append((kind, t))
        for pred in sorted(_CONSTRAINT):
            for value in sg.objects(node, U(pred)):
                if pred in (SH + "in",):
                    value = self.list_items(value)
                elif pred == SH + "or":
                    value = [self.shape(m) for m in self.list_items(value)]
                elif pred == SH + "pattern":
                    flags = sg.value(node, U(SH + "flags"))
                    value = (str(value), str(flags) if flags is not None else "")
                shape.constraints.append((pred, value))
        for prop in sorted(sg.objects(node, U(SH + "property"))):
            shape.properties.append(self.shape(prop))
        for constraint in sorted(sg.objects(node, U(SH + "sparql"))):
            shape.sparql.append(self.sparql(constraint))
        return shape

    def sparql(self, node):
        U, sg = self.U, self.sg
        select = sg.value(node, U(SH + "select"))
        if select is None:
            raise Unsupported(f"SPARQL constraint {node} without sh:select")
        prefixes = []
        for source in sg.objects(node, U(SH + "prefixes")):
            for decl in sg.objects(source, U(SH + "declare")):
                prefix = sg.value(decl, U(SH + "prefix"))
                namespace = sg.value(decl, U(SH + "namespace"))
                prefixes.append(f"PREFIX {prefix}: <{namespace}>")
        text = "\n".join(sorted(set(prefixes))) + "\n" + str(select)
        return node, text, sorted(sg.objects(node, U(SH + "message")))

    def path_parts(self, path):
        """The path as SPARQL property-path text."""
        from rdflib import BNode, URIRef

        sg = self.sg
        if isinstance(path, URIRef):
            return f"<{path}>"
        if isinstance(path, BNode):
            inverse = sg.value(path, self.U(SH + "inversePath"))
            if inverse is not None:
                return "^" + self.path_parts(inverse)
            if sg.value(path, self.U("http://www.w3.org/1999/02/22-rdf-syntax-ns#first")):
                return "(" + "/".join(self.path_parts(p) for p in self.list_items(path)) + ")"
        raise Unsupported(f"path {path}")


def compile_shapes(sg) -> list[Shape]:
    """The shapes with targets, compiled; :class:`Unsupported` if any feature is not handled."""
    from rdflib import URIRef

    c = _Compiler(sg)
    roots = set()
    for kind in ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf"):
        roots.update(sg.subjects(URIRef(SH + kind), None))
    for extra in ("targetObjectsOf", "target", "deactivated", "closed", "node", "and", "not"):
        if any(True for _ in sg.triples((None, URIRef(SH + extra), None))):
            raise Unsupported(f"sh:{extra}")
    shapes = [c.shape(n) for n in sorted(roots)]

    def check(shape, reporting):
        if shape.path is not None and (
            shape.properties or any(pred == SH + "or" for pred, _v in shape.constraints)
        ):
            raise Unsupported(f"sh:property or sh:or on the property shape {shape.node}")
        if reporting and not shape.messages and (shape.constraints or shape.sparql):
            if not all(m for _node, _text, m in shape.sparql) or shape.constraints:
                raise Unsupported(f"shape {shape.node} has no sh:message")
        for p in shape.properties:
            check(p, reporting)
        for pred, value in shape.constraints:
            if pred == SH + "or":
                for member in value:
                    check(member, False)

    for s in shapes:
        check(s, True)
    return shapes


# ------------------------------------------------------------------ the data store


def _ox(term):
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(term)


def _rd(term):
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    dt = term.datatype.value
    if dt == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(dt))


def _sparql_term(term) -> str:
    import pyoxigraph as ox

    if isinstance(term, ox.BlankNode):
        raise Unsupported("a blank node as a target")
    return str(term)


class StoreView:
    """The few rdflib Graph reads the messages make, answered by the store (rdflib terms);
    ``exact``: :func:`exact_literals`, so the typed literals read are those pyshacl reads."""

    def __init__(self, store, exact=None, back=None):
        self.store = store
        self.exact = exact or {}
        self.back = back or {}  # (predicate, stored literal) -> as read (see literal_map)
        self._cache: dict = {}

    def triples(self, pattern):
        """The matching triples (read once per pattern: the messages ask the same often)."""
        key = tuple(pattern)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = list(self._triples(pattern))
        return iter(found)

    def _triples(self, pattern):
        from rdflib import Literal

        if isinstance(pattern[0], Literal) or isinstance(pattern[1], (Literal,)):
            return  # no triple has a literal subject or predicate
        s, p, o = (None if t is None else _ox(t) for t in pattern)
        wanted = None
        if (self.exact or self.back) and o is not None and _canonicalised(o):
            wanted, o = o, None  # stored in another form: compared as read, below
        done = set()
        for q in self.store.quads_for_pattern(s, p, o, None):
            key = (q.subject, q.predicate)
            if self.exact and _canonicalised(q.object) and key in self.exact:
                if key in done:
                    continue
                done.add(key)
                objects = sorted(self.exact[key], key=str)
            else:
                objects = (
                    [self.back.get(key[1:] + (q.object,), q.object)] if self.back else [q.object]
                )
            for obj in objects:
                if wanted is None or obj == wanted:
                    yield _rd(q.subject), _rd(q.predicate), _rd(obj)

    def __contains__(self, pattern) -> bool:
        return next(iter(self.triples(pattern)), None) is not None

    def value(self, subject=None, predicate=None, object=None):
        if [subject, predicate, object].count(None) > 1:
            return None  # as rdflib's Graph.value answers with two terms unbound
        values = sorted(
            t[2] if object is None else (t[0] if subject is None else t[1])
            for t in self.triples((subject, predicate, object))
        )
        return values[0] if values else None

    def objects(self, subject=None, predicate=None):
        return sorted({t[2] for t in self.triples((subject, predicate, None))})

    def subjects(self, predicate=None, object=None):
        return sorted({t[0] for t in self.triples((None, predicate, object))})

    def namespaces(self):
        return iter(())


def add_entailments(store, read=None) -> int:
    """The inverse, chain and subclass entailments of :mod:`.entailment`, as SPARQL updates;
    the number of triples they add. ``read``: the predicates (IRI strings) the shapes and the
    messages may read (None: any); a predicate outside it that one rule alone derives and no
    rule reads is only counted, not stored (``prm:isOutcomeOf``, ``prm:isTracedFrom`` for the
    shipped shapes: 53,026 triples at N = 100)."""
    from iso20000_prm.validation.entailment import rules

    start = len(store)
    inverses, chains, subclass = rules()
    if subclass:
        data = " ".join(f"<{s}> <{p}> <{o}> ." for s, p, o in subclass)
        store.update(f"INSERT DATA {{ {data} }}")
    rules = []  # (predicates read, predicate written, WHERE pattern, triple derived)
    inverse = set()  # (read, written) of the inverse rules
    for p, q in inverses:
        rules.append(({str(p)}, str(q), f"?s <{p}> ?o", f"?o <{q}> ?s"))
        rules.append(({str(q)}, str(p), f"?s <{q}> ?o", f"?o <{p}> ?s"))
        inverse |= {(str(p), str(q)), (str(q), str(p))}
    for prop, steps in chains:
        path = "/".join(("^" if inv else "") + f"<{step}>" for step, inv in steps)
        reads = {str(step) for step, _inv in steps}
        rules.append((reads, str(prop), f"?x {path} ?z", f"?x <{prop}> ?z"))

    counted = []
    if read is not None:
        writers: dict = {}
        for rule in rules:
            writers.setdefault(rule[1], []).append(rule)
        for writes, by in writers.items():
            local = re.split(r"[#/]", writes)[-1]  # a query may name it prefixed
            # no rule reads it but the inverse of its own, which would only derive what it read
            (rule,) = by if len(by) == 1 else (None,)
            readers = [r for r in rules if writes in r[0]]
            partner_only = rule is not None and all(
                (writes, r[1]) in inverse and (r[1], writes) in inverse and rule[0] == {r[1]}
                for r in readers
            )
            if partner_only and (rule[0] and next(iter(rule[0])), writes) in inverse:
                if not {writes, local} & read:
                    counted.append(rule)
        rules = [rule for rule in rules if rule not in counted]

    # until nothing new: a rule runs again only when a predicate it reads has grown; it
    # inserts only when something it derives is missing (a built graph has most of them)
    changed = None
    while True:
        grown = set()
        for reads, writes, where, derived in rules:
            if changed is not None and not reads & changed:
                continue
            new = f"{where} FILTER NOT EXISTS {{ {derived} }}"
            if store.query(f"ASK {{ {new} }}"):
                store.update(f"INSERT {{ {derived} }} WHERE {{ {new} }}")
                grown.add(writes)
        if not grown:
            break
        changed = grown
    added = len(store) - start
    for _reads, _writes, where, derived in counted:  # what nothing reads: counted once, at the end
        variables = " ".join(sorted(set(re.findall(r"\?\w+", derived))))
        query = (
            f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT {variables} WHERE {{ "
            f"{where} FILTER NOT EXISTS {{ {derived} }} }} }}"
        )
        added += int(next(iter(store.query(query)))[0].value)
    return added


def predicates_read(sg) -> set | None:
    """The predicates validating with the shapes graph ``sg`` may read: every IRI the shapes
    name (strings), the IRIs and local names in their SPARQL queries, what the messages read;
    None if a query has a variable predicate."""
    from rdflib import URIRef

    from iso20000_prm.validation.messages import predicates_read as message_predicates

    found = {str(t) for triple in sg for t in triple if isinstance(t, URIRef)}
    for text in sg.objects(None, URIRef(SH + "select")):
        names = _query_predicates(str(text))
        if names is None:
            return None
        found |= names
    found |= {str(p) for p in message_predicates()}
    return found


# ------------------------------------------------------------------ evaluation


XSD = "http://www.w3.org/2001/XMLSchema#"


@lru_cache(maxsize=1)
def _literal_type():
    import pyoxigraph as ox

    return ox.Literal


def _canonicalised(term) -> bool:
    """Whether Oxigraph's store may rewrite this literal (it keeps XSD numbers, booleans and
    dates in value form: ``"01"^^xsd:positiveInteger`` comes back as ``"1"^^xsd:integer``)."""
    if type(term) is not _literal_type() or term.language:
        return False
    dt = term.datatype.value
    return dt.startswith(XSD) and dt != XSD + "string"


def exact_literals(triples) -> dict:
    """(subject, predicate) -> the literals as rdflib reads them (pyshacl's view), for the
    literals the store rewrites; ``triples``: pyoxigraph triples or quads, as parsed (as
    written). :class:`Unsupported` for an ill-typed one (rdflib keeps that mark, not the
    lexical form: the reference engine checks those)."""
    exact: dict = {}
    literal, string = _literal_type(), XSD + "string"
    read: dict = {}  # literal as written -> as rdflib reads it (few distinct ones)
    for t in triples:
        o = t.object  # _canonicalised, inlined: called for every typed literal of the data
        if type(o) is literal and not o.language:
            dt = o.datatype.value
            if dt.startswith(XSD) and dt != string:
                as_read = read.get(o)
                if as_read is None:
                    as_read = read[o] = as_rdflib_reads(o)
                exact.setdefault((t.subject, t.predicate), set()).add(as_read)
    return exact


def as_rdflib_reads(term):
    """The typed literal ``term`` (pyoxigraph, as written) in the lexical form rdflib gives it
    when it parses it (``"01"^^xsd:integer`` -> ``"1"``, ``"1"^^xsd:boolean`` -> ``"true"``,
    ``"1.00"^^xsd:decimal`` unchanged); :class:`Unsupported` if rdflib finds it ill-typed."""
    import pyoxigraph as ox
    from rdflib import Literal, URIRef

    read = Literal(term.value, datatype=URIRef(term.datatype.value))
    if getattr(read, "ill_typed", None):
        raise Unsupported(f"an ill-typed literal {term}")
    if str(read) == term.value:
        return term
    return ox.Literal(str(read), datatype=term.datatype)


def stored_forms(literals) -> list:
    """Each literal as an Oxigraph store gives it back (``"01"^^xsd:positiveInteger`` ->
    ``"1"^^xsd:integer``)."""
    import pyoxigraph as ox

    probe = ox.Store()
    p = ox.NamedNode("urn:x-probe:p")
    probe.extend(
        ox.Quad(ox.NamedNode(f"urn:x-probe:{i}"), p, lit) for i, lit in enumerate(literals)
    )
    out = list(literals)
    for q in probe:
        out[int(q.subject.value.rsplit(":", 1)[1])] = q.object
    return out


def literal_map(written) -> dict | None:
    """(predicate, stored literal) -> the literal as rdflib reads it, for the distinct
    (predicate, typed XSD literal) pairs ``written`` (pyoxigraph terms, the literals as written
    in the data); None if, for some predicate, the store would hold two
    literals rdflib reads apart as one (``"1"^^xsd:byte`` and ``"1"^^xsd:integer``) or two
    apart that rdflib reads as one (``"2020-01-01Z"`` and ``"2020-01-01"`` as dates): then
    only :func:`exact_literals` tells them apart. :class:`Unsupported` for an ill-typed
    literal (see :func:`as_rdflib_reads`)."""
    written = sorted(set(written), key=str)
    stored = stored_forms([lit for _p, lit in written])
    back: dict = {}
    ahead: dict = {}
    for (p, lit), form in zip(written, stored):
        read = as_rdflib_reads(lit)
        if back.setdefault((p, form), read) != read or ahead.setdefault((p, read), form) != form:
            return None  # not one to one
    return back


def one_to_one(back: dict, predicates=None) -> dict | None:
    """Stored literal -> as read, over the ``predicates`` (all: None) of a
    :func:`literal_map`; None if two of them make it other than one to one."""
    out: dict = {}
    ahead: dict = {}
    for (p, form), read in back.items():
        if predicates is None or p in predicates:
            if out.setdefault(form, read) != read:
                return None
    for form, read in out.items():
        if ahead.setdefault(read, form) != form:
            return None
    return out


class _Evaluator:
    def __init__(self, store, sg, exact=None, back=None):
        from rdflib import URIRef

        self.store = store
        self.exact = exact or {}
        self.back = back or {}  # (predicate, stored literal) -> as read (see literal_map)
        self._stored: dict = {}
        self._counts: dict = {}
        self.sg = sg
        self.U = URIRef
        self.paths = _Compiler(sg)
        self._values: dict = {}
        self._instances: dict = {}
        self._tests: dict = {}
        self._foci: dict = {}

    def select(self, query: str):
        return self.store.query(query)

    def target_pattern(self, shape) -> str:
        parts = []
        for kind, t in shape.targets:
            if kind == "targetClass":
                parts.append(f"{{ ?this <{RDF_TYPE}>/<{SUBCLASS}>* <{t}> }}")
            elif kind == "targetNode":
                parts.append(f"{{ VALUES ?this {{ {_sparql_term(_ox(t))} }} }}")
            else:
                parts.append(f"{{ ?this <{t}> ?any_ }}")
        return " UNION ".join(parts)

    def focus_nodes(self, shape) -> list:
        return self.foci(self.target_pattern(shape))

    def foci(self, pattern) -> list:
        """The focus nodes ``pattern`` binds (queried once, when first needed)."""
        if pattern not in self._foci:
            query = f"SELECT DISTINCT ?this WHERE {{ {pattern} }}"
            self._foci[pattern] = [row[0] for row in self.select(query)]
        return self._foci[pattern]

    def values(self, pattern: str, path) -> dict:
        """focus -> set of value nodes of ``path``, for every focus ``pattern`` binds."""
        key = (pattern, path)
        if key not in self._values:
            text = self.paths.path_parts(path)
            found: dict = {}
            query = (
                f"SELECT ?this ?v WHERE {{ {{ SELECT DISTINCT ?this WHERE {{ {pattern} }} }} "
                f"?this {text} ?v }}"
            )
            simple = self.paths.path_parts(path).startswith("<")
            predicate = _ox(path) if simple else None
            back, last = self.back, self.last_predicate(path)
            for this, v in self.select(query):
                if back:
                    v = back.get((last, v), v)
                if self.exact and _canonicalised(v):
                    if not simple:
                        raise Unsupported("a typed literal at the end of a complex path")
                    found.setdefault(this, set()).update(self.exact.get((this, predicate), ()))
                else:
                    found.setdefault(this, set()).add(v)
            self._values[key] = found
        return self._values[key]

    def instances(self, cls) -> set:
        if cls not in self._instances:
            query = f"SELECT DISTINCT ?x WHERE {{ ?x <{RDF_TYPE}>/<{SUBCLASS}>* <{cls}> }}"
            self._instances[cls] = {row[0] for row in self.select(query)}
        return self._instances[cls]

    def python_only(self, path) -> bool:
        """Whether a value of ``path`` may be a literal the store rewrote (one of its predicates
        holds one): those values are checked one focus node at a time against the literals as
        written; every other path is checked by queries that return only the failures."""
        if not self.exact:
            return False
        if not hasattr(self, "_exact_predicates"):
            self._exact_predicates = {key[1].value for key in self.exact}
        return any(p in self._exact_predicates for p in _path_iris(self.sg, path))

    def failing(self, shape, pattern) -> dict:
        """focus -> [(shape, component, value or None)] for every focus node ``pattern`` binds
        that breaks a constraint of ``shape`` or of its nested shapes: :meth:`failures` for
        every focus at once."""
        out: dict = {}
        if shape.path is not None and self.python_only(shape.path):
            for focus in self.foci(pattern):
                found = self.failures(shape, pattern, focus)
                if found:
                    out[focus] = found
            return out
        for pred, param in shape.constraints:
            component = _CONSTRAINT[pred]
            if shape.path is None and pred == SH + "or":
                failed = None
                for member in param:
                    bad = set(self.failing(member, pattern))
                    failed = bad if failed is None else failed & bad
                    if not failed:
                        break
                for focus in sorted(failed or (), key=str):
                    out.setdefault(focus, []).append((shape, component, focus))
            elif shape.path is None:
                node = Shape(shape.node, None, shape.severity, shape.messages)
                node.constraints = [(pred, param)]
                for focus in self.foci(pattern):
                    for found in self.failures(node, pattern, focus):
                        out.setdefault(focus, []).append((shape, *found[1:]))
            else:
                for focus, value in self.failing_rows(shape, pattern, pred, param):
                    out.setdefault(focus, []).append((shape, component, value))
        for prop in shape.properties:
            for focus, found in self.failing(prop, pattern).items():
                out.setdefault(focus, []).extend(found)
        return out

    def failing_rows(self, shape, pattern, pred, param) -> list:
        """(focus, value or None) of each failure of one constraint of a property shape whose
        values are all as written: a query selects the failures (or a superset of them, which
        the constraint's own test then narrows)."""
        path = self.paths.path_parts(shape.path)
        where = f"{{ SELECT DISTINCT ?this WHERE {{ {pattern} }} }}"
        if pred in (SH + "minCount", SH + "maxCount"):
            n = int(param)
            counts = self.counts(shape, pattern, where, path)
            if counts is not None:  # both bounds: one query for the two
                if pred == SH + "minCount":
                    return [(this, None) for this, k in counts if k < n]
                return [(this, None) for this, k in counts if k > n]
            if pred == SH + "minCount":
                if n <= 0:
                    return []
                query = (
                    f"SELECT DISTINCT ?this WHERE {{ {where} MINUS {{ ?this {path} ?v }} }}"
                    if n == 1
                    else f"SELECT ?this WHERE {{ {where} OPTIONAL {{ ?this {path} ?v }} }} "
                    f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) < {n})"
                )
            else:
                query = (
                    f"SELECT ?this WHERE {{ {where} ?this {path} ?v }} "
                    f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) > {n})"
                )
            return [(row[0], None) for row in self.select(query)]
        if pred == SH + "hasValue":
            value = self.stored(shape.path, _ox(param))
            if value is None:  # the store may hold another literal in its form: as read
                values = self.values(pattern, shape.path)
                wanted = _ox(param)
                return [(f, None) for f in self.foci(pattern) if wanted not in values.get(f, ())]
            value = _sparql_term(value)
            query = f"SELECT DISTINCT ?this WHERE {{ {where} MINUS {{ ?this {path} {value} }} }}"
            return [(row[0], None) for row in self.select(query)]
        if pred == SH + "class":
            narrow = f"MINUS {{ ?v <{RDF_TYPE}>/<{SUBCLASS}>* <{param}> }}"
        elif pred == SH + "in":
            stored = [self.stored(shape.path, _ox(x)) for x in param]
            same = " || ".join(f"sameTerm(?v, {x})" for x in stored if x is not None) or "false"
            narrow = f"FILTER(!({same}))"
        elif pred == SH + "nodeKind":
            kind = str(param)[len(SH) :]
            tests = {"IRI": "isIRI(?v)", "BlankNode": "isBlank(?v)", "Literal": "isLiteral(?v)"}
            narrow = " || ".join(tests[k] for k in tests if k in kind)
            narrow = f"FILTER(!({narrow or 'false'}))"
        elif pred == SH + "datatype":
            # candidates: what the store holds in another datatype, and what it holds in this
            # one but rdflib reads in another; not what it holds otherwise but rdflib reads in
            # this one (then all as read, by the test below)
            last = self.last_predicate(shape.path)
            changed = {f: r for (p, f), r in self.back.items() if p == last and f != r}
            passing = [f for f, r in changed.items() if r.datatype.value == str(param)]
            failing = [f for f, r in changed.items() if r.datatype.value != str(param)]
            if len(changed) > 200:  # a long query: every value, tested as read
                narrow = ""
            else:
                no = " || ".join(f"sameTerm(?v, {f})" for f in passing) or "false"
                yes = " || ".join(f"sameTerm(?v, {f})" for f in failing) or "false"
                narrow = (
                    f"FILTER(!({no}) && (!isLiteral(?v) || "
                    f"!sameTerm(datatype(?v), <{param}>) || {yes}))"
                )
        else:
            narrow = ""
        query = f"SELECT DISTINCT ?this ?v WHERE {{ {where} ?this {path} ?v {narrow} }}"
        test = self.value_test(pred, param)
        back, last = self.back, self.last_predicate(shape.path)
        rows = [
            (this, v)
            for this, v in (
                ((this, back.get((last, v), v)) for this, v in self.select(query))
                if back
                else self.select(query)
            )
            if not test(v)
        ]
        return sorted(rows, key=lambda r: (str(r[0]), str(r[1])))

    def counts(self, shape, pattern, where, path):
        """(focus, number of values) of the focus nodes outside a shape's sh:minCount ..
        sh:maxCount (one query for both bounds, made once); None unless it has both, with a
        minimum of at least one."""
        bounds = {
            p: int(v) for p, v in shape.constraints if p in (SH + "minCount", SH + "maxCount")
        }
        low, high = bounds.get(SH + "minCount", 0), bounds.get(SH + "maxCount")
        if low < 1 or high is None:
            return None
        key = (shape.node, pattern)
        if key not in self._counts:
            query = (
                f"SELECT ?this (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {where} "
                f"OPTIONAL {{ ?this {path} ?v }} }} GROUP BY ?this "
                f"HAVING (COUNT(DISTINCT ?v) < {low} || COUNT(DISTINCT ?v) > {high})"
            )
            self._counts[key] = [(row[0], int(row[1].value)) for row in self.select(query)]
        return self._counts[key]

    def stored(self, path, term):
        """The form in which the store holds the values of ``path`` that rdflib reads as
        ``term``; None if it may also hold another literal in that form there (only a test as
        read tells them apart)."""
        if not self.back or type(term) is not _literal_type():
            return term
        key = (self.last_predicate(path), term)
        if key not in self._stored:
            (form,) = stored_forms([term])
            read = self.back.get((key[0], form), form)
            self._stored[key] = form if read == term else None
        return self._stored[key]

    def last_predicate(self, path):
        """The predicate of the last step of ``path`` (pyoxigraph), whose objects are its
        values; None if that step is an inverse (its values are subjects, never literals)."""
        from rdflib import BNode, URIRef

        if isinstance(path, URIRef):
            return _ox(path)
        if isinstance(path, BNode):
            if self.sg.value(path, self.U(SH + "inversePath")) is not None:
                return None
            steps = self.paths.list_items(path)
            return self.last_predicate(steps[-1]) if steps else None
        return None

    def value_nodes(self, shape, pattern, focus) -> set:
        if shape.path is None:
            return {focus}
        return self.values(pattern, shape.path).get(focus, set())

    def failures(self, shape, pattern, focus):
        """(component, value or None) of each constraint ``focus`` breaks; nested shapes too."""
        out = []
        values = self.value_nodes(shape, pattern, focus)
        for pred, param in shape.constraints:
            component = _CONSTRAINT[pred]
            if pred == SH + "minCount":
                if len(values) < int(param):
                    out.append((shape, component, None))
            elif pred == SH + "maxCount":
                if len(values) > int(param):
                    out.append((shape, component, None))
            elif pred == SH + "hasValue":
                if _ox(param) not in values:
                    out.append((shape, component, None))
            elif pred == SH + "or":
                for v in sorted(values, key=str):
                    if not any(not self.failures(m, pattern, v) for m in param):
                        out.append((shape, component, v))
            else:
                test = self.value_test(pred, param)
                for v in sorted(values, key=str):
                    if not test(v):
                        out.append((shape, component, v))
        for prop in shape.properties:
            out.extend(self.failures(prop, pattern, focus))
        return out

    def value_test(self, pred, param):
        """The test a value node passes for one constraint (made once per constraint)."""
        key = (pred, id(param))
        if key not in self._tests:
            self._tests[key] = (self._value_test(pred, param), param)  # param kept alive
        return self._tests[key][0]

    def _value_test(self, pred, param):
        import pyoxigraph as ox

        if pred == SH + "class":
            members = self.instances(param)
            return lambda v: v in members
        if pred == SH + "in":
            allowed = {_ox(x) for x in param}
            return lambda v: v in allowed
        if pred == SH + "nodeKind":
            kinds = {
                "IRI": (ox.NamedNode,),
                "BlankNode": (ox.BlankNode,),
                "Literal": (ox.Literal,),
                "BlankNodeOrIRI": (ox.BlankNode, ox.NamedNode),
                "BlankNodeOrLiteral": (ox.BlankNode, ox.Literal),
                "IRIOrLiteral": (ox.NamedNode, ox.Literal),
            }[str(param)[len(SH) :]]
            return lambda v: isinstance(v, kinds)
        if pred == SH + "pattern":
            pattern, flags = param
            bits = 0
            for letter, bit in (("i", re.I), ("m", re.M), ("s", re.S), ("x", re.X)):
                if letter in flags:
                    bits |= bit
            matcher = re.compile(pattern, bits)
            return lambda v: not isinstance(v, ox.BlankNode) and bool(matcher.search(v.value))
        if pred == SH + "datatype":
            seen: dict = {}  # few distinct literals: each converted and tested once

            def test(v):
                if v not in seen:
                    seen[v] = _datatype_matches(_rd(v), param)
                return seen[v]

            return test
        raise Unsupported(pred)


def _path_iris(sg, path) -> set:
    """Every IRI a path (an IRI, ``sh:inversePath``, a sequence) goes through."""
    from rdflib import BNode, URIRef
    from rdflib.collection import Collection

    if isinstance(path, URIRef):
        return {str(path)}
    found: set = set()
    if isinstance(path, BNode):
        inverse = sg.value(path, URIRef(SH + "inversePath"))
        if inverse is not None:
            return _path_iris(sg, inverse)
        for step in Collection(sg, path):
            found |= _path_iris(sg, step)
    return found


def _datatype_matches(v, rule) -> bool:
    """pyshacl's sh:datatype test (``DatatypeConstraintComponent``), on an rdflib term."""
    from datetime import date, datetime, time
    from decimal import Decimal

    from rdflib import Literal
    from rdflib.namespace import RDF, RDFS, XSD

    if not isinstance(v, Literal):
        return False
    if v.datatype == rule:
        if getattr(v, "ill_typed", None) is True:
            return False
        expected = {
            XSD.string: (str, bytes),
            RDF.langString: (str, bytes),
            XSD.integer: int,
            XSD.float: float,
            XSD.decimal: Decimal,
            XSD.boolean: bool,
            XSD.date: date,
            XSD.time: time,
            XSD.dateTime: datetime,
        }.get(rule)
        return expected is None or isinstance(v.value, expected)
    if rule == RDFS.Literal:
        return True
    if rule == RDFS.Datatype and v.datatype:
        return True
    if v.datatype is None and v.language is None and rule == XSD.string:
        return isinstance(v.value, (str, bytes))
    if rule == RDF.langString and v.language:
        return isinstance(v.value, (str, bytes))
    return False


def _format(message: str, bindings: dict) -> str:
    for var, val in bindings.items():
        message = re.sub(f"{{[?$]{var}}}", str(val), message)
    return message


def _clone(sg, node, report, keep: bool):
    """``node`` of the shapes graph in ``report`` as pyshacl clones it: an IRI as it is; a blank
    node with what it holds, under the same label at the top (``keep``), fresh ones below."""
    from rdflib import BNode
    from rdflib.collection import Collection
    from rdflib.namespace import RDF

    if not isinstance(node, BNode):
        return node
    fresh = BNode(str(node)) if keep else BNode()
    predicates = set(sg.predicates(node))
    if RDF.first in predicates:
        items = Collection(report, fresh)
        for item in sg.items(node):
            items.append(_clone(sg, item, report, False))
        return fresh
    for p in predicates:
        for o in sg.objects(node, p):
            report.add((fresh, p, _clone(sg, o, report, False)))
    return fresh


def validate_store(store, sg, exact=None, back=None):
    """The SHACL validation report (an rdflib Graph, as pyshacl makes it) of ``store`` against
    the shapes graph ``sg``; :class:`Unsupported` if the shapes are beyond this engine.
    ``exact``: :func:`exact_literals` of the data, the typed literals as rdflib reads them,
    or ``back``: :func:`literal_map` of the data (then the store holds them one to one)."""
    from rdflib import BNode, Graph, Literal, URIRef
    from rdflib.namespace import RDF

    shapes = compile_shapes(sg)
    ev = _Evaluator(store, sg, exact, back)

    def shape_results(shape) -> list:
        """(shape, component, focus, value, source constraint, messages, path) of one shape."""
        out = []
        pattern = ev.target_pattern(shape)
        failing = ev.failing(shape, pattern)
        for focus in sorted(failing, key=str):
            for source, component, value in failing[focus]:
                out.append((source, component, focus, value, None, source.messages, None))
        for constraint, text, messages in shape.sparql:
            foci = ev.foci(pattern)
            read = _as_read_back(ev.back, text) if ev.back else _as_read(exact or {}, text)
            out.extend(_sparql_results(store, shape, constraint, text, messages, foci, read))
        return out

    # (checked one shape after another: two threads were faster in one process, but slower in
    # cold runs on the shared 2-core machine)
    results = [r for shape in shapes if shape.targets for r in shape_results(shape)]

    report = Graph(bind_namespaces="core")
    for prefix, namespace in sg.namespace_manager.namespaces():
        report.namespace_manager.bind(prefix, namespace)
    cloned: dict = {}

    def copy(node):
        if node not in cloned:
            cloned[node] = _clone(sg, node, report, True)
        return cloned[node]

    root = BNode()
    report.add((root, RDF.type, URIRef(SH + "ValidationReport")))
    violation = URIRef(SH + "Violation")
    conforms = True
    for source, component, focus, value, constraint, messages, path in results:
        r = BNode()
        report.add((root, URIRef(SH + "result"), r))
        report.add((r, RDF.type, URIRef(SH + "ValidationResult")))
        report.add((r, URIRef(SH + "sourceConstraintComponent"), URIRef(component)))
        report.add((r, URIRef(SH + "sourceShape"), copy(source.node)))
        report.add((r, URIRef(SH + "resultSeverity"), source.severity))
        report.add((r, URIRef(SH + "focusNode"), _rd(focus)))
        if value is not None:
            report.add((r, URIRef(SH + "value"), _rd(value)))
        result_path = path if path is not None else source.path
        if result_path is not None:
            report.add((r, URIRef(SH + "resultPath"), copy(result_path)))
        if constraint is not None:
            report.add((r, URIRef(SH + "sourceConstraint"), copy(constraint)))
        for m in messages:
            report.add((r, URIRef(SH + "resultMessage"), m))
        if source.severity == violation:
            conforms = False
    report.add((root, URIRef(SH + "conforms"), Literal(conforms)))
    return report


def _as_read(exact: dict, text: str) -> dict:
    """Stored literal -> the literal as rdflib reads it, for the typed literals the SPARQL
    query ``text`` may read (its solutions are turned back into what pyshacl's would hold);
    :class:`Unsupported` if the store holds two of them as one (``"1"^^xsd:byte`` and
    ``"1"^^xsd:integer``, ``"1.0"`` and ``"1.00"`` as decimals): the query would count or
    compare them as one, pyshacl's as two."""
    if not exact:
        return {}
    import pyoxigraph as ox

    if re.search(r"[?$]\w+\s+[?$]\w+\s+[?$]", text):
        read = None  # a variable predicate: any of them
    else:
        names = set(re.findall(r"<([^>\s]+)>", text))
        names |= {local for _prefix, local in re.findall(r"\b(\w*):(\w[\w-]*)", text)}
        read = {p for _s, p in exact if p.value in names or p.value.rsplit("#", 1)[-1] in names}
    values = {v for (_s, p), vs in exact.items() if read is None or p in read for v in vs}
    if not values:
        return {}
    values = sorted(values, key=str)
    probe = ox.Store()
    probe.extend(
        ox.Quad(ox.NamedNode(f"urn:x-probe:{i}"), ox.NamedNode("urn:x-probe:p"), v)
        for i, v in enumerate(values)
    )
    back: dict = {}
    for q in probe:
        value = values[int(q.subject.value.rsplit(":", 1)[1])]
        if back.setdefault(q.object, value) != value:
            raise Unsupported(f"the store holds {value} and {back[q.object]} as one literal")
    return back


def _query_predicates(text: str):
    """The IRIs and local names a SPARQL query names; None if it has a variable predicate."""
    # a projection (SELECT $this ?value ?outcome WHERE) or a GROUP BY / ORDER BY list is three
    # variables in a row too, not a triple pattern
    patterns = re.sub(r"\bSELECT\b.*?\bWHERE\b", " ", text, flags=re.S | re.I)
    patterns = re.sub(r"\b(GROUP|ORDER)\s+BY\b[^}\n]*", " ", patterns, flags=re.I)
    if re.search(r"[?$]\w+\s+[?$]\w+\s+[?$]", patterns):
        return None
    names = set(re.findall(r"<([^>\s]+)>", text))
    return names | {local for _prefix, local in re.findall(r"\b(\w*):(\w[\w-]*)", text)}


def _as_read_back(back: dict, text: str) -> dict:
    """Stored literal -> as read, for the predicates the SPARQL query ``text`` may read, from
    a :func:`literal_map`; :class:`Unsupported` where that is not one to one."""
    names = _query_predicates(text)
    predicates = (
        None
        if names is None
        else {
            p
            for p, _form in back
            if p is not None and (p.value in names or p.value.rsplit("#", 1)[-1] in names)
        }
    )
    out = one_to_one(back, predicates)
    if out is None:
        raise Unsupported("the store holds two literals the query reads as one")
    return out


def _sparql_results(store, shape, constraint, text, messages, foci, back=None):
    """One result per solution of the constraint's query, ``$this`` bound to each focus node
    in turn (a ``VALUES`` block opening the WHERE clause); ``back``: :func:`_as_read`."""
    where = re.search(r"\bWHERE\s*\{", text, re.I)
    if where is None:
        raise Unsupported("a SPARQL constraint without WHERE {")
    out = []
    for focus in foci:
        query = (
            text[: where.end()]
            + f" VALUES ?this {{ {_sparql_term(focus)} }} "
            + text[where.end() :]
        )
        query = re.sub(r"\$this\b", "?this", query)
        solutions = store.query(query)
        names = [v.value for v in solutions.variables]
        for row in solutions:
            row = [back.get(t, t) if back and t is not None else t for t in row]
            bound = {n: _rd(row[i]) for i, n in enumerate(names) if row[i] is not None}
            bindings = dict(bound)
            bindings["this"] = _rd(focus)
            value = row[names.index("value")] if "value" in names else None
            path = bound.get("path")
            texts = [m for m in shape.messages]
            texts += [m for m in messages if m not in texts]
            formatted = [Literal_(_format(str(m.value), bindings)) for m in texts]
            out.append(
                (
                    shape,
                    SH + "SPARQLConstraintComponent",
                    focus,
                    value,
                    constraint,
                    formatted,
                    path,
                )
            )
    return out


def Literal_(text):  # noqa: N802 - an rdflib Literal, made lazily
    from rdflib import Literal

    return Literal(text)
