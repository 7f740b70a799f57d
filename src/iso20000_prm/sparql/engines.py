"""The two embedded query engines behind one small interface, giving plain Python values.

pyoxigraph is the default: it parses the built Turtle file itself, so a query never imports
rdflib. rdflib is the alternative (``engine="rdflib"``). Both answer with the same
``(variables, rows)`` shape, and every RDF term is converted by the one function
:func:`plain_value`, so the two engines' answers compare equal.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from iso20000_prm.errors import GraphInputError, PRMError
from iso20000_prm.graph.formats import format_for_path
from iso20000_prm.graph.read import read_graph_bytes
from iso20000_prm.records import Record
from iso20000_prm.vocab import RDF_NS
from iso20000_prm.vocab import XSD_NS as XSD

RDF_LANGSTRING = RDF_NS + "langString"

ENGINES = ("oxigraph", "rdflib")
_INTEGER_TYPES = {
    XSD + t
    for t in (
        "integer",
        "positiveInteger",
        "nonNegativeInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "int",
        "long",
        "short",
        "byte",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    )
}
_FLOAT_TYPES = {XSD + "decimal", XSD + "double", XSD + "float"}


class QueryError(PRMError):
    """The engine rejected the query (syntax error, unsupported feature) or failed running it."""


def syntax_message(message: str, text: str) -> str:
    """One line: where the parser stopped (line and column) and what it says, without the
    parsers' lists of expected Unicode ranges."""
    import re

    flat = " ".join(message.split())
    line = col = None
    m = re.search(r"line:?\s*(\d+)\D{1,12}col(?:umn)?:?\s*(\d+)", flat, flags=re.I)
    if m:
        line, col = int(m.group(1)), int(m.group(2))
    else:
        m = re.search(r"at (\d+):(\d+)", flat) or re.search(r"\b(\d+):(\d+)\b", flat)
        if m:
            line, col = int(m.group(1)), int(m.group(2))
        else:
            m = re.search(r"\(at char (\d+)\)", flat)
            if m:
                before = text[: int(m.group(1))]
                line, col = before.count("\n") + 1, len(before) - before.rfind("\n")
    where = f"line {line}, column {col}: " if line else ""
    reason = re.sub(r"^.*?error at \S+\s*", "", flat)
    reason = re.sub(r"\s*\(at char \d+\).*$", "", reason)
    if "Prefix not found" in reason:
        reason = "a prefix that is not declared (add PREFIX name: <namespace>)"
    elif reason.startswith("expected one of"):
        words = [w for w in re.findall(r"(?:^|, )([A-Z][A-Za-z]+)(?=,|$)", reason[16:])]
        reason = (
            f"unexpected text; expected one of {', '.join(words)}" if words else "unexpected text"
        )
    reason = reason[:160]
    snippet = ""
    if line and 0 < line <= len(text.splitlines()):
        src = text.splitlines()[line - 1]
        snippet = f" near {src[max(0, col - 21) : col + 20].strip()!r}"
    return f"malformed SPARQL: {where}{reason}{snippet}".rstrip()


def plain_value(kind: str, value: str, datatype: str | None = None):
    """One RDF term as a Python value: IRIs and strings as str, numbers as int/float, booleans as bool.

    ``kind`` is "iri", "literal" or "bnode". Blank nodes become ``"_:"`` plus their label (labels
    are engine-specific). An ill-typed number stays its lexical string.
    """
    if kind == "bnode":
        return f"_:{value}"
    if kind != "literal" or not datatype:
        return value
    try:
        if datatype in _INTEGER_TYPES:
            return int(value)
        if datatype in _FLOAT_TYPES:
            return float(value)
    except ValueError:
        return value
    if datatype == XSD + "boolean":
        return value.strip() in ("true", "1")
    return value


TRIPLE_VARIABLES = ["subject", "predicate", "object"]

# One RDF term as the engines give it: (kind, lexical value, datatype IRI or None, language or
# None); kind is "iri", "literal" or "bnode". The W3C results writers and the RDF writers need
# these; plain_term gives the plain Python value that QueryResult.rows holds.
Term = tuple


def plain_term(term: Term | None):
    if term is None:
        return None
    return plain_value(term[0], term[1], term[2])


class Answer(Record):
    """An engine's answer as RDF terms: ``form`` SELECT, ASK or CONSTRUCT (also DESCRIBE);
    ``rows`` lists of terms in ``variables`` order (CONSTRUCT: sorted triples; ASK: one row of a
    boolean literal)."""

    __slots__ = ("form", "variables", "rows")
    form: str
    variables: list[str]
    rows: list[list]

    def __init__(self, form: str, variables: list[str], rows: list[list]):
        self.form, self.variables, self.rows = form, variables, rows

    def plain(self):
        cache: dict = {None: None}
        out = []
        for row in self.rows:
            values = []
            for term in row:
                try:
                    values.append(cache[term])
                except KeyError:
                    values.append(cache.setdefault(term, plain_term(term)))
            out.append(values)
        return self.variables, out


def terms_from_plain(value) -> Term | None:
    """A term for a plain value when only plain values are known (answers from an endpoint):
    numbers and booleans typed, text as a plain literal (an IRI cannot be told from text)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return ("literal", "true" if value else "false", XSD + "boolean", None)
    if isinstance(value, int):
        return ("literal", str(value), XSD + "integer", None)
    if isinstance(value, float):
        return ("literal", repr(value), XSD + "decimal", None)
    if value.startswith("_:"):
        return ("bnode", value[2:], None, None)
    return ("literal", value, XSD + "string", None)


def _boolean(value: bool) -> Answer:
    return Answer(
        "ASK", ["result"], [[("literal", "true" if value else "false", XSD + "boolean", None)]]
    )


def sorted_triples(rows) -> list[list]:
    """CONSTRUCT/DESCRIBE answers have no order of their own: sort them the same on every engine."""
    return sorted((list(r) for r in rows), key=lambda r: tuple(str(t[1]) for t in r))


# ----------------------------------------------------------------------------- pyoxigraph
def _ox_term(term) -> Term | None:
    import pyoxigraph as ox

    kind = type(term)  # the common kinds by their exact type first: a lookup, not a call
    if kind is ox.Literal:
        return ("literal", term.value, term.datatype.value, term.language)
    if kind is ox.NamedNode:
        return ("iri", term.value, None, None)
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value, None, None)
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value, None, None)
    if isinstance(term, ox.Literal):
        return ("literal", term.value, term.datatype.value, term.language)
    return ("literal", str(term), None, None)  # RDF-star triple terms


def _ox_plain(term):
    return plain_term(_ox_term(term))


def _ox_rows(solutions, convert=_ox_term) -> list[list]:
    """Every solution as a list of terms (``convert``: :func:`_ox_plain` for plain values), in
    the order of the result's variables.

    Large answers repeat few distinct terms (a clause's heading in every row naming it), so each
    distinct term is converted once per answer and then looked up: this keeps the conversion of
    tens of thousands of rows a small part of the query time.
    """
    cache: dict = {None: None}
    rows = []
    for solution in solutions:
        row = []
        for term in solution:  # a solution iterates over its values in variable order
            try:
                row.append(cache[term])
            except KeyError:
                value = cache[term] = convert(term)
                row.append(value)
        rows.append(row)
    return rows


def _ox_format(path: Path):
    """The pyoxigraph format of ``path``, from the one format registry."""
    import pyoxigraph as ox

    fmt = format_for_path(path)
    if not hasattr(ox.RdfFormat, fmt.oxigraph_name):
        raise GraphInputError(f"{path}: this pyoxigraph cannot read {fmt.name}")
    return getattr(ox.RdfFormat, fmt.oxigraph_name)


class OxigraphStore:
    """A pyoxigraph in-memory store loaded once and queried many times."""

    engine = "oxigraph"

    def __init__(self, store, source: str):
        self.store, self.source = store, source

    @cached_property
    def lookup(self):
        """The graph's processes, editions, clauses: read once, when a query first needs them."""
        from iso20000_prm.sparql.lookup import Lookup

        return Lookup(self.select)

    @classmethod
    def from_file(cls, path: Path | str) -> OxigraphStore:
        import pyoxigraph as ox

        path = Path(path)
        fmt = _ox_format(path)
        data = read_graph_bytes(path)
        store = ox.Store()
        try:
            store.bulk_load(data, format=fmt)
        except (SyntaxError, ValueError, OSError) as exc:
            message = " ".join(str(exc).split())[:300]
            raise GraphInputError(f"{path}: not valid {fmt} RDF: {message}") from None
        return cls(store, str(path))

    @classmethod
    def from_files(cls, paths) -> OxigraphStore:
        """Several graph files in one store: their union (as a merged graph, not named graphs)."""
        first, *rest = [cls.from_file(p) for p in paths]
        for other in rest:
            first.store.bulk_extend(other.store)
        first.source = ", ".join(str(p) for p in paths)
        return first

    @classmethod
    def from_ntriples(cls, data: bytes, source: str) -> OxigraphStore:
        import pyoxigraph as ox

        store = ox.Store()
        store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
        return cls(store, source)

    def __len__(self) -> int:
        return len(self.store)

    def select(self, text: str):
        """(variables, rows) for ``text``; rows are lists of plain values."""
        import pyoxigraph as ox

        result = self._query(text)
        if isinstance(result, ox.QuerySolutions):  # straight to plain values, no terms between
            return [v.value for v in result.variables], _ox_rows(result, _ox_plain)
        return self._answer(result).plain()

    def answer(self, text: str) -> Answer:
        """The answer to ``text`` as RDF terms."""
        return self._answer(self._query(text))

    def _query(self, text: str):
        try:
            return self.store.query(text, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(syntax_message(str(exc), text)) from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"the query failed: {' '.join(str(exc).split())}") from None

    @staticmethod
    def _answer(result) -> Answer:
        import pyoxigraph as ox

        if isinstance(result, ox.QueryBoolean):
            return _boolean(bool(result))
        if isinstance(result, ox.QueryTriples):
            return Answer(
                "CONSTRUCT",
                TRIPLE_VARIABLES,
                sorted_triples(
                    [_ox_term(t.subject), _ox_term(t.predicate), _ox_term(t.object)] for t in result
                ),
            )
        variables = [v.value for v in result.variables]
        return Answer("SELECT", variables, _ox_rows(result))


# ----------------------------------------------------------------------------- rdflib
def _rdflib_term(term) -> Term | None:
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return ("iri", str(term), None, None)
    if isinstance(term, BNode):
        return ("bnode", str(term), None, None)
    if isinstance(term, Literal):
        if term.language:
            return ("literal", str(term), RDF_LANGSTRING, term.language)
        return ("literal", str(term), str(term.datatype) if term.datatype else XSD + "string", None)
    return ("literal", str(term), None, None)


class RdflibStore:
    """An rdflib Graph queried with rdflib's SPARQL engine."""

    engine = "rdflib"

    def __init__(self, graph, source: str):
        self.graph, self.source = graph, source

    @cached_property
    def lookup(self):
        """The graph's processes, editions, clauses: read once, when a query first needs them."""
        from iso20000_prm.sparql.lookup import Lookup

        return Lookup(self.select)

    @classmethod
    def from_file(cls, path: Path | str) -> RdflibStore:
        from iso20000_prm.graph.read import read_graph

        return cls(read_graph(path), str(path))

    @classmethod
    def from_files(cls, paths) -> RdflibStore:
        """Several graph files as one graph: their union."""
        first, *rest = [cls.from_file(p) for p in paths]
        for other in rest:
            first.graph += other.graph
        first.source = ", ".join(str(p) for p in paths)
        return first

    def __len__(self) -> int:
        return len(self.graph)

    def select(self, text: str):
        """(variables, rows) for ``text``; rows are lists of plain values."""
        return self.answer(text).plain()

    def answer(self, text: str) -> Answer:
        from rdflib.plugins.sparql import prepareQuery

        try:
            # no initNs: a query must declare every prefix it uses, as on the other engines
            query = prepareQuery(text, initNs={})
        except Exception as exc:  # pyparsing raises its own types
            raise QueryError(syntax_message(str(exc), text)) from None
        try:
            result = self.graph.query(query)
        except Exception as exc:
            raise QueryError(f"the query failed: {' '.join(str(exc).split())[:300]}") from None
        if result.type == "ASK":
            return _boolean(bool(result.askAnswer))
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            triples = result.graph if result.graph is not None else []
            return Answer(
                "CONSTRUCT",
                TRIPLE_VARIABLES,
                sorted_triples([_rdflib_term(t) for t in triple] for triple in triples),
            )
        variables = [str(v) for v in result.vars]
        return Answer(
            "SELECT", variables, [[_rdflib_term(row[v]) for v in result.vars] for row in result]
        )


def oxigraph_store(graph, source: str = "rdflib graph") -> OxigraphStore:
    """An rdflib graph the caller holds, loaded into an embedded pyoxigraph store.

    The one way into Oxigraph for a graph in memory: the graph goes over as rdflib's N-Triples,
    whose escaping of IRIs and literals Oxigraph reads back exactly (any character, quotes,
    backslashes, line breaks). ``.select`` answers with plain values; ``.store`` is the
    ``pyoxigraph.Store`` itself.
    """
    return OxigraphStore.from_ntriples(graph.serialize(format="nt", encoding="utf-8"), source)


def store_from_rdflib_graph(graph, engine: str):
    """Wrap an rdflib Graph a caller already holds, for either engine."""
    if engine == "rdflib":
        return RdflibStore(graph, "rdflib graph")
    return oxigraph_store(graph)


def open_file(path, engine: str = "oxigraph"):
    """Load the graph file ``path`` into ``engine``; a list or tuple of paths: their union in
    one store (e.g. an assessment beside the PRM graph it rates, for the assessment queries)."""
    if engine not in ("oxigraph", "rdflib"):
        raise PRMError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
    cls = OxigraphStore if engine == "oxigraph" else RdflibStore
    if isinstance(path, (list, tuple)):
        if not path:
            raise PRMError("no graph file given")
        return cls.from_files(path) if len(path) > 1 else cls.from_file(path[0])
    return cls.from_file(path)
