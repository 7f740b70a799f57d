"""The validation itself: the data graph with the entailments the shapes need, one of two SHACL
engines, and the engine's results turned into :class:`~iso20000_prm.validation.report.Finding`
objects.

Engines (:data:`ENGINES`): ``oxigraph`` (the default: :mod:`.sparql_engine`, the shapes
evaluated on the embedded Oxigraph store; linear and fast at 100 times the real size) and
``pyshacl`` (the reference: a working copy in rdflib, checked by pyshacl). Both give the same
report graph, so the same findings; shapes beyond what :mod:`.sparql_engine` compiles are
checked by pyshacl whichever engine was asked for.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from iso20000_prm.errors import GraphInputError, PRMError, one_line
from iso20000_prm.gc_tuning import fewer_full_collections
from iso20000_prm.validation.entailment import add_entailments
from iso20000_prm.validation.entailment import predicates_read as entailment_predicates
from iso20000_prm.validation.messages import Resolver, local_name
from iso20000_prm.validation.messages import predicates_read as message_predicates
from iso20000_prm.validation.report import ENGINES, Finding, ValidationReport
from iso20000_prm.validation.shapes import load_shapes, shipped_shapes
from iso20000_prm.validation.working import working_copy


def check_engine(engine: str) -> str:
    if engine not in ENGINES:
        import difflib

        close = difflib.get_close_matches(engine, ENGINES, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise PRMError(
            f"unknown validation engine {engine!r}{hint}; expected one of {', '.join(ENGINES)}"
        )
    return engine


@fewer_full_collections()
def validate(
    graph, *, shapes=None, entailment: bool = True, engine: str = "oxigraph"
) -> ValidationReport:
    """Validate ``graph`` (an rdflib Graph, or a path to a graph file) against ``shapes``
    (default: the shipped shapes). ``entailment=False`` validates the graph exactly as given.
    ``engine``: ``"oxigraph"`` (default) or ``"pyshacl"`` (the reference); same findings.
    Where the default engine does not cover the shapes or the graph, pyshacl validates it:
    the report's ``engine`` says which engine did, ``fallback_reason`` why (one line)."""
    check_engine(engine)
    loading = None
    if engine == "oxigraph" and isinstance(graph, (str, Path)):
        loading = _Loading.start(Path(graph))  # Oxigraph parses while the shapes are read
    from rdflib import Graph

    if not isinstance(graph, (str, Path, Graph)):
        raise GraphInputError(
            f"cannot validate a {type(graph).__name__}; expected an rdflib Graph or a path to a graph file"
        )
    try:
        shapes_graph = load_shapes(shapes)
    except BaseException:
        if loading is not None:
            loading.result()  # not left running
        raise
    reason = None  # why the default engine handed over to the reference engine
    if engine == "oxigraph":
        from iso20000_prm.validation.sparql_engine import Unsupported, compile_shapes

        try:
            compile_shapes(shapes_graph)
        except Unsupported as exc:  # beyond the compiled subset: the reference engine
            reason = "the shapes use " + _one_line(exc)
        else:
            try:
                return _validate_oxigraph(graph, shapes_graph, entailment, loading)
            except _GraphUnsupported as exc:  # the graph holds what the store reads otherwise
                reason = "the graph has " + _one_line(exc)
            except Unsupported as exc:  # a case the compiled shapes do not cover
                reason = "the default engine does not cover this case: " + _one_line(exc)
        if loading is not None:
            loading.result()  # not left running
    if isinstance(graph, (str, Path)):
        from iso20000_prm.graph.read import read_graph

        graph = read_graph(graph)
    report = _validate_pyshacl(graph, shapes, shapes_graph, entailment)
    report.fallback_reason = reason
    return report


class _GraphUnsupported(Exception):
    """:class:`~.sparql_engine.Unsupported` raised while the graph was put in the store."""


def _one_line(exc: Exception) -> str:
    """The message of ``exc`` as one printable line of at most 200 characters."""
    return one_line(str(exc) or type(exc).__name__, 200)


class _Loading:
    """A graph file read and bulk-loaded into an Oxigraph store on a second thread (Oxigraph
    releases the GIL while it parses), so the shapes are parsed and compiled meanwhile."""

    def __init__(self, data: bytes, fmt):
        import threading

        import pyoxigraph as ox

        self.data, self.fmt = data, fmt
        self.store = ox.Store()
        self.failed = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    @classmethod
    def start(cls, path: Path):
        """None where the usual path words the problem (no such file, unknown suffix) or
        Oxigraph does not load it (quads)."""
        from iso20000_prm.graph.formats import format_for_path
        from iso20000_prm.graph.read import read_graph_bytes

        try:
            fmt = format_for_path(path) if path.is_file() else None
        except GraphInputError:
            fmt = None  # read_graph words it
        if fmt is None or fmt.quads:
            return None
        return cls(read_graph_bytes(path, fmt.rdflib_name), fmt)

    def _run(self):
        import pyoxigraph as ox

        try:
            self.store.bulk_load(self.data, format=getattr(ox.RdfFormat, self.fmt.oxigraph_name))
        except (SyntaxError, ValueError, OSError):
            self.failed = True  # let rdflib say what is wrong, in the words validate always used

    def result(self):
        """The loaded store, or None if Oxigraph could not parse the file."""
        self.thread.join()
        return None if self.failed else self.store


def _store(graph, loading=None):
    """(pyoxigraph Store of ``graph``, its number of triples, its typed literals as written):
    a file is parsed by Oxigraph itself (``loading``, started by :func:`validate`; rdflib only
    to word a parse error as before, or for quads); a Graph goes over as N-Triples."""
    import pyoxigraph as ox

    from iso20000_prm.graph.read import read_graph
    from iso20000_prm.validation.sparql_engine import Unsupported, exact_literals

    if isinstance(graph, (str, Path)):
        if loading is not None:
            data, fmt = loading.data, loading.fmt
            try:
                _check_literal_forms(data, fmt.name)
                back = _literal_map(data) if fmt.name == "ntriples" else None
                if back is not None:
                    exact = {}  # the store holds the typed literals one to one
                elif fmt.name == "ntriples":
                    exact = _exact_from_ntriples(data)
                else:
                    exact = exact_literals(
                        ox.parse(data, format=getattr(ox.RdfFormat, fmt.oxigraph_name))
                    )
            except (SyntaxError, ValueError, OSError):
                exact = None  # not RDF: the store fails too, and rdflib words it
            finally:
                store = loading.result()
            if store is not None and exact is not None:
                return store, _count(store, exact), exact, back
        graph = read_graph(Path(graph))
    from iso20000_prm.graph.formats import _is_canonical, to_ntriples

    # a built graph's N-Triples lines are shared with its release (computed once)
    built = _is_canonical(graph)
    data = to_ntriples(graph) if built else graph.serialize(format="nt", encoding="utf-8")
    _check_literal_forms(data, "ntriples")
    if not built and any(getattr(o, "ill_typed", None) for o in graph.objects()):
        # serialised, it reads back well-typed ("TRUE"^^xsd:boolean is written "true"); the
        # build makes its literals from values (none ill-typed), and is not scanned
        raise Unsupported("an ill-typed literal")
    store = ox.Store()
    store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
    back = _literal_map(data)
    return store, len(graph), {} if back is not None else _exact_from_ntriples(data), back


# where a language tag with a capital letter may be written, by format (Oxigraph lower-cases
# tags; rdflib, under pyshacl, keeps them as written, and reports the values so)
_TAG_CAPITALS = {  # each pattern opens with a literal, which re scans for fast
    "ntriples": (rb'"@[A-Za-z0-9-]*[A-Z]',),
    "turtle": (rb'"@[A-Za-z0-9-]*[A-Z]', rb"'@[A-Za-z0-9-]*[A-Z]"),
    "n3": (rb'"@[A-Za-z0-9-]*[A-Z]', rb"'@[A-Za-z0-9-]*[A-Z]"),
    "rdfxml": (rb"lang\s*=\s*[\"'][^\"']*[A-Z]",),
}


def _check_literal_forms(data: bytes, fmt: str) -> None:
    """:class:`~.sparql_engine.Unsupported` if a language tag in ``data`` may have a capital
    letter (the reference engine keeps its case), or ``data`` may hold an XML or HTML literal;
    a JSON-LD file with any tag is sent there."""
    from iso20000_prm.validation.sparql_engine import Unsupported

    if any(marker in data for marker in (b"XMLLiteral", b"#HTML", b"rdf:HTML")) or re.search(
        rb"parseType\s*=\s*[\"']Literal", data
    ):
        # rdflib rewrites XML and HTML literals into its own serialisation (and merges those
        # that read the same); the store keeps them as written
        raise Unsupported("an XML or HTML literal")
    patterns = _TAG_CAPITALS.get(fmt)
    if patterns is None:
        if b"@language" in data:
            raise Unsupported("language tags in JSON-LD")
        return
    if any(re.search(pattern, data) for pattern in patterns):
        raise Unsupported("a language tag with a capital letter")


def _count(store, exact: dict) -> int:
    """The number of triples as written: the store may have merged typed literals that differ
    only in how they are written (``"1"^^xsd:boolean`` and ``true``), so its literals of the
    kinds it rewrites are counted as written (``exact``) instead."""
    if not exact:
        return len(store)
    from iso20000_prm.validation.sparql_engine import XSD

    predicates = " ".join(sorted({str(key[1]) for key in exact}))
    query = (
        f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?p {{ {predicates} }} ?s ?p ?o "
        f'FILTER(isLiteral(?o) && lang(?o) = "" && STRSTARTS(STR(DATATYPE(?o)), "{XSD}") '
        f"&& DATATYPE(?o) != <{XSD}string>) }}"
    )
    stored = int(next(iter(store.query(query)))[0].value)
    return len(store) - stored + sum(len(v) for v in exact.values())


def _literal_map(data: bytes) -> dict | None:
    """:func:`~.sparql_engine.literal_map` of the distinct (predicate, typed XSD literal) pairs
    of the N-Triples ``data``: each found by its datatype, then its opening quote and the
    predicate before it (no per-triple parse); a literal with an escaped quote by its line."""
    import pyoxigraph as ox

    from iso20000_prm.validation.sparql_engine import literal_map

    marker = b'"^^<http://www.w3.org/2001/XMLSchema#'
    written = set()
    find, rfind = data.find, data.rfind
    at = find(marker)
    while at >= 0:
        close = find(b">", at + len(marker))
        close = len(data) - 1 if close < 0 else close
        begin = rfind(b'"', 0, at)
        if data[at - 1] == 0x5C or data[begin - 1] == 0x5C:  # an escaped quote: the line
            if not _escaped(data, at):
                start, stop = rfind(b"\n", 0, at) + 1, find(b"\n", at)
                written.add(data[start : len(data) if stop < 0 else stop])
        else:  # the predicate (the last IRI before the object), the literal
            written.add(b"<urn:x-l:s> " + data[rfind(b"<", 0, begin) : close + 1] + b" .")
        at = find(marker, close)
    if not written:
        return {}
    lines = b"\n".join(sorted(written)) + b"\n"
    quads = ox.parse(lines, format=ox.RdfFormat.N_TRIPLES)
    return literal_map((q.predicate, q.object) for q in quads)


def _escaped(data: bytes, at: int) -> bool:
    """Whether the quote at ``at`` is escaped (an odd number of backslashes before it)."""
    n = 0
    while at - n - 1 >= 0 and data[at - n - 1] == 0x5C:
        n += 1
    return n % 2 == 1


def _exact_from_ntriples(data: bytes) -> dict:
    """:func:`~.sparql_engine.exact_literals` of the N-Triples lines holding an XSD datatype."""
    import pyoxigraph as ox

    from iso20000_prm.validation.sparql_engine import exact_literals

    marker = b'"^^<http://www.w3.org/2001/XMLSchema#'
    lines = []
    at = data.find(marker)
    while at >= 0:
        begin = data.rfind(b"\n", 0, at) + 1
        end = data.find(b"\n", at)
        end = len(data) if end < 0 else end
        line = data[begin:end]
        if b"\r" in line:  # lines that end in CR alone
            lines.extend(part for part in line.split(b"\r") if marker in part)
        else:
            lines.append(line)
        at = data.find(marker, end)
    return (
        exact_literals(ox.parse(b"\n".join(lines), format=ox.RdfFormat.N_TRIPLES)) if lines else {}
    )


def _validate_oxigraph(graph, shapes_graph, entailment: bool, loading=None) -> ValidationReport:
    from iso20000_prm.validation import sparql_engine

    try:
        store, triples, exact, back = _store(graph, loading)
    except sparql_engine.Unsupported as exc:
        raise _GraphUnsupported(str(exc)) from None
    read = sparql_engine.predicates_read(shapes_graph)
    entailed = sparql_engine.add_entailments(store, read) if entailment else 0
    try:
        report_graph = sparql_engine.validate_store(store, shapes_graph, exact, back)
    except (SyntaxError, ValueError, OSError, RuntimeError) as exc:
        message = " ".join(str(exc).split())[:300]
        raise PRMError(f"the shapes graph cannot be used for validation: {message}") from None
    findings = _findings(report_graph, sparql_engine.StoreView(store, exact, back), shapes_graph)
    return ValidationReport(
        findings=findings,
        report_graph=report_graph,
        triples=triples,
        entailed=entailed,
        engine="oxigraph",
    )


def _validate_pyshacl(graph, shapes, shapes_graph, entailment: bool) -> ValidationReport:
    import pyshacl

    work = working_copy(graph, shipped_predicates() if shapes is None else None)
    entailed = add_entailments(work) if entailment else 0
    try:
        _conforms, report_graph, _text = pyshacl.validate(
            work,
            shacl_graph=shapes_graph,
            inference="none",
            inplace=True,
            advanced=False,
            allow_warnings=True,
        )
    except Exception as exc:  # pyshacl reports bad shapes as assorted exception types
        message = " ".join(str(exc).split())[:300]
        raise PRMError(f"the shapes graph cannot be used for validation: {message}") from None
    findings = _findings(report_graph, work, shapes_graph)
    return ValidationReport(
        findings=findings,
        report_graph=report_graph,
        triples=len(graph),
        entailed=entailed,
        engine="pyshacl",
    )


@lru_cache(maxsize=1)
def shipped_predicates() -> tuple | None:
    """Every predicate the shipped shapes, the entailment rules and the messages can read.

    Copying only these triples (about 60 % of the built graph) makes the working copy and
    every lookup cheaper. Only for the shipped shapes: their SPARQL queries are known to use
    no variable predicate, which a user's shapes might.
    """
    from rdflib import URIRef
    from rdflib.namespace import SH

    shapes = shipped_shapes()
    iris = {t for triple in shapes for t in triple if isinstance(t, URIRef)}
    prefixes = {
        str(shapes.value(d, SH.prefix)): str(shapes.value(d, SH.namespace))
        for d in shapes.objects(None, SH.declare)
    }
    for query in shapes.objects(None, SH.select):
        if re.search(r"[?$]\w+\s+[?$]\w+\s+[?$]", str(query)):
            return None  # a variable predicate could read anything: copy the whole graph
        for prefix, local in re.findall(r"\b([a-z]+):([A-Za-z][\w-]*)", str(query)):
            if prefix in prefixes:
                iris.add(URIRef(prefixes[prefix] + local))
    iris.update(entailment_predicates())
    iris.update(message_predicates())
    return tuple(sorted(iris))


def _findings(report_graph, work, shapes_graph) -> list[Finding]:
    """One Finding per sh:ValidationResult; each result also gets the Finding's message as an
    ``sh:resultMessage``, so the Turtle report says what the text report says."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF, SH

    resolver = Resolver(work)
    findings = []
    for result in report_graph.subjects(RDF.type, SH.ValidationResult):
        focus = report_graph.value(result, SH.focusNode)
        severity = local_name(report_graph.value(result, SH.resultSeverity) or SH.Violation)
        source_shape = report_graph.value(result, SH.sourceShape)
        rule = _rule_id(
            shapes_graph, source_shape, report_graph.value(result, SH.sourceConstraintComponent)
        )
        value = report_graph.value(result, SH.value)
        if value == focus:
            value = None
        path = _path_text(report_graph, report_graph.value(result, SH.resultPath), resolver.short)
        shape_message = " ".join(
            str(m) for m in sorted(report_graph.objects(result, SH.resultMessage))
        )
        if not shape_message and isinstance(source_shape, URIRef):
            shape_message = str(shapes_graph.value(source_shape, SH.message) or "")

        process, outcome = resolver.locate(focus, value)
        message = resolver.message(rule, focus, process, outcome, value, shape_message)
        report_graph.add((result, SH.resultMessage, Literal(message, lang="en")))
        findings.append(
            Finding(
                severity=severity,
                focus=str(focus),
                process=str(process) if process is not None else None,
                process_clause=resolver.text(process, "notation"),
                process_name=resolver.text(process, "label"),
                outcome_number=resolver.number(outcome),
                rule=rule,
                message=message,
                path=path,
                value=str(value) if value is not None else None,
            )
        )
    return findings


def _rule_id(shapes_graph, shape, component) -> str:
    """The local name of the named shape a result comes from: the shape itself, or the named
    shape whose sh:property it is; else the constraint component's name."""
    from rdflib import URIRef
    from rdflib.namespace import SH

    if isinstance(shape, URIRef):
        return local_name(shape)
    parent = shapes_graph.value(None, SH.property, shape) if shape is not None else None
    if isinstance(parent, URIRef):
        return local_name(parent)
    return local_name(component).removesuffix("ConstraintComponent") if component else "unknown"


def _path_text(report_graph, path, short) -> str | None:
    """The result's sh:resultPath as text: a short IRI, or ``^`` and one for an inverse path."""
    from rdflib import BNode, URIRef
    from rdflib.namespace import SH

    if path is None:
        return None
    if isinstance(path, URIRef):
        return short(path)
    if isinstance(path, BNode):
        inverse = report_graph.value(path, SH.inversePath)
        if isinstance(inverse, URIRef):
            return "^" + short(inverse)
    return str(path)
