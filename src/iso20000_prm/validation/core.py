"""Validate a PRM graph against the SHACL shapes in ``shapes/`` and report findings people can act on.

Why not ``pyshacl.validate(..., inference="owlrl")``: a full OWL-RL closure costs seconds and
adds range typing that would make the trace rules vacuous (anything an outcome traces to
would become a ``prm:Clause``). The shapes need only three kinds of entailment, derived here in
one cheap pass (:func:`entail`) from the shipped vocabulary:

* ``owl:inverseOf`` (a user graph may state ``prm:isOutcomeOf`` / ``prm:isTracedFrom`` only);
* ``owl:propertyChainAxiom`` (``prm:tracesTo`` from traceability entries that state only
  ``prm:supportsOutcome`` and ``prm:citesClause``);
* ``rdfs:subClassOf`` of the vocabulary (SHACL follows subclass triples in the data graph, so
  a data-only graph gets the vocabulary's class hierarchy added; user subclasses just work).

Usage::

    from iso20000_prm.validation.core import validate
    report = validate(graph)          # an rdflib Graph, or a path to a graph file
    report.conforms, report.violations, report.to_json()
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from iso20000_prm.errors import GraphInputError, PRMError

SH_NS = "http://www.w3.org/ns/shacl#"
PRM_NS = "https://w3id.org/iso20000-prm/vocab#"
SHAPES_FILE = "iso20000-prm-shapes.ttl"
SEVERITIES = ("Violation", "Warning", "Info")


@dataclass(frozen=True)
class Finding:
    """One SHACL validation result, resolved to the process and outcome it is about."""

    severity: str  # "Violation" | "Warning" | "Info"
    focus: str  # IRI of the focus node
    process: str | None  # IRI of the process the finding is about
    process_clause: str | None  # e.g. "5.12"
    process_name: str | None
    outcome_number: int | None
    rule: str  # stable id: the local name of the shape, e.g. "outcome-untraced"
    message: str  # names the process and outcome, says what is wrong and what to do
    path: str | None  # the property path, e.g. "prm:tracesTo", or None
    value: str | None = None  # the offending value (IRI or literal), if the result gives one

    def sort_key(self):
        return (
            self.process_clause is None,
            clause_key(self.process_clause),
            self.outcome_number is None,
            self.outcome_number or 0,
            self.rule,
            self.focus,
            self.path or "",
            self.value or "",
            self.message,
        )


def clause_key(clause: str | None) -> tuple:
    """``"5.12"`` -> ``(5, 12)`` so that 5.2 sorts before 5.12; non-numeric parts sort last."""
    if not clause:
        return ()
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in clause.split("."))


@dataclass
class ValidationReport:
    """The result of :func:`validate`: findings sorted by process clause, outcome number, rule."""

    findings: list[Finding]
    report_graph: object  # rdflib.Graph: the W3C SHACL validation report
    triples: int = 0  # size of the validated graph, before entailment
    entailed: int = 0  # triples the entailment pass added
    counts: dict[str, int] = field(init=False)

    def __post_init__(self):
        self.findings = sorted(self.findings, key=Finding.sort_key)
        self.counts = {s: sum(1 for f in self.findings if f.severity == s) for s in SEVERITIES}

    @property
    def conforms(self) -> bool:
        """True when there is no Violation (warnings and infos do not break conformance)."""
        return self.counts["Violation"] == 0

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Warning"]

    @property
    def infos(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Info"]

    def fails(self, fail_on: str = "violation") -> bool:
        """Whether a CI run should fail: ``fail_on`` is "violation", "warning", "info" or "none"."""
        levels = {
            "none": (),
            "violation": ("Violation",),
            "warning": ("Violation", "Warning"),
            "info": SEVERITIES,
        }
        if fail_on not in levels:
            raise PRMError(f"fail_on must be one of {', '.join(levels)}, not {fail_on!r}")
        return any(self.counts[s] for s in levels[fail_on])

    def summary(self) -> str:
        c = self.counts
        verdict = "conforms" if self.conforms else "does not conform"
        return f"{verdict}: {_plural(c['Violation'], 'violation')}, {_plural(c['Warning'], 'warning')}, {_plural(c['Info'], 'info')}"

    def to_dict(self) -> dict:
        return {
            "conforms": self.conforms,
            "counts": dict(self.counts),
            "findings": [asdict(f) for f in self.findings],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    def to_text(self) -> str:
        """A report for people: grouped by process, one line per finding."""
        lines: list[str] = []
        current = object()
        for f in self.findings:
            group = (f.process_clause, f.process_name) if f.process else None
            if group != current:
                current = group
                lines.append("")
                lines.append(
                    f"{f.process_clause or '?'} {f.process_name or f.process}"
                    if group
                    else "not about a process"
                )
            lines.append(f"  {f.severity:<9} [{f.rule}] {f.message}")
        lines.append("")
        lines.append(self.summary())
        return "\n".join(lines).lstrip("\n") + "\n"

    def to_turtle(self) -> bytes:
        """The SHACL validation report as Turtle, with blank nodes canonically labelled so the
        same findings always give the same bytes."""
        from rdflib import Graph
        from rdflib.compare import to_canonical_graph

        from iso20000_prm.graph.formats import serialize

        canonical = Graph()
        canonical += to_canonical_graph(self.report_graph)
        canonical.bind("sh", SH_NS)
        canonical.bind("prm", PRM_NS)
        canonical.bind("prmsh", "https://w3id.org/iso20000-prm/shapes#")
        canonical.bind("prmd", "https://w3id.org/iso20000-prm/id/")
        return serialize(canonical, "turtle")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# ---------------------------------------------------------------- shapes and vocabulary


def shapes_file() -> Path:
    from iso20000_prm.files import shapes_dir

    return shapes_dir() / SHAPES_FILE


@lru_cache(maxsize=1)
def _shipped_shapes():
    from rdflib import Graph

    return Graph().parse(shapes_file(), format="turtle")


def load_shapes(shapes=None):
    """The shapes graph: the shipped one (``None``), an rdflib Graph, or a path to a file."""
    from rdflib import Graph

    if shapes is None:
        return _shipped_shapes()
    if isinstance(shapes, Graph):
        return shapes
    from iso20000_prm.graph.read import read_graph

    return read_graph(shapes)


@lru_cache(maxsize=1)
def _entailment_rules():
    """(inverse pairs, property chains, subclass triples) declared by the shipped vocabulary."""
    from rdflib import BNode, Graph
    from rdflib.collection import Collection
    from rdflib.namespace import OWL, RDFS

    from iso20000_prm.files import ontology_file

    vocab = Graph().parse(ontology_file(), format="turtle")
    inverses = sorted(
        {(p, q) for p, q in vocab.subject_objects(OWL.inverseOf) if not isinstance(p, BNode)}
    )
    chains = []
    for prop, head in vocab.subject_objects(OWL.propertyChainAxiom):
        steps = []
        for step in Collection(vocab, head):
            inverse_of = vocab.value(step, OWL.inverseOf) if isinstance(step, BNode) else None
            steps.append((inverse_of, True) if inverse_of is not None else (step, False))
        chains.append((prop, tuple(steps)))
    subclass = sorted(
        (s, RDFS.subClassOf, o)
        for s, o in vocab.subject_objects(RDFS.subClassOf)
        if not isinstance(s, BNode) and not isinstance(o, BNode)
    )
    return tuple(inverses), tuple(sorted(chains)), tuple(subclass)


def _pairs(graph, prop, inverse: bool):
    for s, o in graph.subject_objects(prop):
        yield (o, s) if inverse else (s, o)


@lru_cache(maxsize=64)
def _prepared(query: str):
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(query)


@lru_cache(maxsize=1)
def _caching_graph():
    """An rdflib Graph whose ``query`` parses each query text once per process.

    pyshacl hands the text of a SHACL-SPARQL constraint to ``query`` for every focus node, and
    rdflib re-parses it every time; parsing costs more than evaluating the shipped queries.
    """
    from rdflib import Graph

    class _CachingGraph(Graph):
        def query(self, query_object, *args, **kwargs):
            if isinstance(query_object, str):
                query_object = _prepared(query_object)
            return super().query(query_object, *args, **kwargs)

    return _CachingGraph


def entail(graph, predicates=None):
    """A copy of ``graph`` plus the few entailments the shapes need (see the module docstring).

    ``predicates``: copy only the triples with these predicates (the ones the shapes and the
    entailment rules read); ``None`` copies everything. Repeats the inverse and chain rules
    until nothing new appears (two passes for this vocabulary); never touches ``graph``.
    """
    work = _copy(graph, predicates)
    _add_entailments(work)
    return work


def _add_entailments(work) -> int:
    """Add the inverse, chain and subclass entailments to ``work``; the number of triples added."""
    start = len(work)
    inverses, chains, subclass = _entailment_rules()
    for triple in subclass:
        work.add(triple)
    while True:
        before = len(work)
        new = []
        for p, q in inverses:
            new.extend((o, q, s) for s, o in work.subject_objects(p))
            new.extend((o, p, s) for s, o in work.subject_objects(q))
        for prop, steps in chains:
            (first, first_inv), rest = steps[0], steps[1:]
            frontier = set(_pairs(work, first, first_inv))
            for step, inv in rest:
                links: dict = {}
                for a, b in _pairs(work, step, inv):
                    links.setdefault(a, []).append(b)
                frontier = {(x, z) for x, y in frontier for z in links.get(y, ())}
            new.extend((x, prop, z) for x, z in frontier)
        work.addN((s, p, o, work) for s, p, o in new)
        if len(work) == before:
            return len(work) - start


def _copy(graph, predicates=None):
    work = _caching_graph()()
    for prefix, namespace in graph.namespaces():
        work.bind(prefix, namespace, override=False)
    if predicates is None:
        work.addN((s, p, o, work) for s, p, o in graph)
    else:
        for predicate in predicates:
            work.addN((s, p, o, work) for s, p, o in graph.triples((None, predicate, None)))
    return work


@lru_cache(maxsize=1)
def _shipped_predicates() -> tuple | None:
    """Every predicate the shipped shapes, the entailment rules and the messages can read.

    Copying only these triples (about 60 % of the built graph) makes the working copy and
    every lookup cheaper. Only for the shipped shapes: their SPARQL queries are known to use
    no variable predicate, which a user's shapes might.
    """
    from rdflib import URIRef
    from rdflib.namespace import RDF, RDFS, SH, SKOS

    shapes = _shipped_shapes()
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
    inverses, chains, _subclass = _entailment_rules()
    iris.update(p for pair in inverses for p in pair)
    iris.update(p for prop, steps in chains for p in (prop, *(step for step, _inv in steps)))
    iris.update((RDF.type, RDFS.subClassOf, RDFS.label, SKOS.notation))
    iris.update(
        URIRef(PRM_NS + name)
        for name in ("hasOutcome", "hasTraceabilityEntry", "outcomeNumber", "edition")
    )
    return tuple(sorted(iris))


# ---------------------------------------------------------------- validation


def validate(graph, *, shapes=None, entailment: bool = True) -> ValidationReport:
    """Validate ``graph`` (an rdflib Graph, or a path to a graph file) against ``shapes``
    (default: the shipped shapes). ``entailment=False`` validates the graph exactly as given."""
    import pyshacl
    from rdflib import Graph

    if isinstance(graph, (str, Path)):
        from iso20000_prm.graph.read import read_graph

        graph = read_graph(graph)
    elif not isinstance(graph, Graph):
        raise GraphInputError(
            f"cannot validate a {type(graph).__name__}; expected an rdflib Graph or a path to a graph file"
        )
    shapes_graph = load_shapes(shapes)
    work = _copy(graph, _shipped_predicates() if shapes is None else None)
    entailed = _add_entailments(work) if entailment else 0
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
        findings=findings, report_graph=report_graph, triples=len(graph), entailed=entailed
    )


def _local(iri) -> str:
    text = str(iri)
    return re.split(r"[#/]", text)[-1]


def _path_text(report_graph, path, namespaces) -> str | None:
    from rdflib import BNode, URIRef
    from rdflib.namespace import SH

    if path is None:
        return None
    if isinstance(path, URIRef):
        return namespaces(path)
    if isinstance(path, BNode):
        inverse = report_graph.value(path, SH.inversePath)
        if isinstance(inverse, URIRef):
            return "^" + namespaces(inverse)
    return str(path)


def _findings(report_graph, work, shapes_graph) -> list[Finding]:
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF, SH

    resolver = _Resolver(work)
    findings = []
    for result in report_graph.subjects(RDF.type, SH.ValidationResult):
        focus = report_graph.value(result, SH.focusNode)
        severity = _local(report_graph.value(result, SH.resultSeverity) or SH.Violation)
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
        process_clause = resolver.text(process, "notation")
        process_name = resolver.text(process, "label")
        outcome_number = resolver.number(outcome)
        message = f"{resolver.subject(focus, process, outcome, value)} {shape_message}".strip()
        value_text = str(value) if value is not None else None
        shown = (
            value is not None and rule != "bracketed-outcome-traced"
        )  # there the value is the status itself
        if (
            shown
            and str(value) not in message
            and process not in (value,)
            and outcome not in (value,)
        ):
            message += f" (value: {resolver.short(value) if isinstance(value, URIRef) else repr(str(value))})"
        message += resolver.detail(rule, process, value, focus)
        report_graph.add((result, SH.resultMessage, Literal(message, lang="en")))
        findings.append(
            Finding(
                severity=severity,
                focus=str(focus),
                process=str(process) if process is not None else None,
                process_clause=process_clause,
                process_name=process_name,
                outcome_number=outcome_number,
                rule=rule,
                message=message,
                path=path,
                value=value_text,
            )
        )
    return findings


def _rule_id(shapes_graph, shape, component) -> str:
    """The local name of the named shape a result comes from: the shape itself, or the named
    shape whose sh:property it is; else the constraint component's name."""
    from rdflib import URIRef
    from rdflib.namespace import SH

    if isinstance(shape, URIRef):
        return _local(shape)
    parent = shapes_graph.value(None, SH.property, shape) if shape is not None else None
    if isinstance(parent, URIRef):
        return _local(parent)
    return _local(component).removesuffix("ConstraintComponent") if component else "unknown"


class _Resolver:
    """Finds, in the validated (entailed) graph, the process and outcome a result is about, and
    words them for the message."""

    def __init__(self, work):
        from rdflib import URIRef
        from rdflib.namespace import RDF, RDFS, SKOS

        self.g = work
        self.type = RDF.type
        self.has_outcome = URIRef(PRM_NS + "hasOutcome")
        self.has_entry = URIRef(PRM_NS + "hasTraceabilityEntry")
        self.number_p = URIRef(PRM_NS + "outcomeNumber")
        self.edition = URIRef(PRM_NS + "edition")
        self.traces_to = URIRef(PRM_NS + "tracesTo")
        self.Process = URIRef(PRM_NS + "Process")
        self.Outcome = URIRef(PRM_NS + "Outcome")
        self.Clause = URIRef(PRM_NS + "Clause")
        self.Document = URIRef(PRM_NS + "Document")
        self.props = {"notation": SKOS.notation, "label": RDFS.label}
        self.prefixes = {
            "prm": PRM_NS,
            "prmd": "https://w3id.org/iso20000-prm/id/",
            "skos": str(SKOS),
            "rdfs": str(RDFS),
            "rdf": str(RDF),
            "sh": SH_NS,
        }

    def short(self, iri) -> str:
        for prefix, ns in self.prefixes.items():
            if str(iri).startswith(ns):
                return f"{prefix}:{str(iri)[len(ns) :]}"
        return f"<{iri}>"

    def text(self, node, prop: str) -> str | None:
        return _one_text(self.g, node, self.props[prop])

    def number(self, outcome) -> int | None:
        if outcome is None:
            return None
        try:
            return int(self.g.value(outcome, self.number_p))
        except (TypeError, ValueError):
            return None

    def is_process(self, node) -> bool:
        return (node, self.type, self.Process) in self.g or self.g.value(
            node, self.has_outcome
        ) is not None

    def is_outcome(self, node) -> bool:
        return (node, self.type, self.Outcome) in self.g or self.g.value(
            None, self.has_outcome, node
        ) is not None

    def locate(self, focus, value):
        """(process, outcome) the result is about: from the focus node; from the value only
        when the focus is neither (a model- or edition-level rule whose value is the process)."""
        if self.is_process(focus):
            return focus, None
        if self.is_outcome(focus):
            return self.g.value(None, self.has_outcome, focus), focus
        process = self.g.value(None, self.has_entry, focus)
        if process is not None:
            return process, None
        if value is not None and self.is_process(value):
            return value, None
        return None, None

    def process_words(self, process) -> str:
        clause, name = self.text(process, "notation"), self.text(process, "label")
        if clause and name:
            return f"Process {clause} {name}"
        return (
            f"Process {name} ({self.short(process)})" if name else f"Process {self.short(process)}"
        )

    def subject(self, focus, process, outcome, value) -> str:
        """Who the finding is about, in words: process and outcome, or the clause or node."""
        if outcome is not None:
            number = self.number(outcome)
            if process is not None:
                words = self.process_words(process) + (
                    f", outcome {number}"
                    if number is not None
                    else f", outcome {self.short(outcome)}"
                )
            else:
                words = (
                    f"Outcome {number} ({self.short(outcome)}), of no process,"
                    if number is not None
                    else f"Outcome {self.short(outcome)}, of no process,"
                )
            return words
        if process is not None:
            words = self.process_words(process)
            # a model-level rule names the process as its value: the process is the subject
            return (
                words if focus == process or value == process else f"{words}, {self.short(focus)}"
            )
        if (focus, self.type, self.Clause) in self.g:
            edition = self.g.value(focus, self.edition)
            label = self.text(edition, "label") if edition is not None else None
            return f"Clause {self.text(focus, 'notation') or '?'} of {label or 'an unknown edition'} ({self.short(focus)})"
        label = self.text(focus, "label")
        return f"{label} ({self.short(focus)})" if label else self.short(focus)

    def detail(self, rule: str, process, value, focus=None) -> str:
        """What the shape's message cannot say: which numbers clash or are missing, what a
        wrong trace points at."""
        if (
            rule in ("outcome-number-duplicate", "process-outcome-numbering")
            and process is not None
        ):
            numbers: dict[int, int] = {}
            for outcome in self.g.objects(process, self.has_outcome):
                n = self.number(outcome)
                if n is not None:
                    numbers[n] = numbers.get(n, 0) + 1
            if rule == "outcome-number-duplicate":
                shared = sorted(n for n, c in numbers.items() if c > 1)
                return f" Shared: {', '.join(map(str, shared))}." if shared else ""
            missing = sorted(set(range(1, max(numbers, default=0) + 1)) - set(numbers))
            return f" Missing: {', '.join(map(str, missing))}." if missing else ""
        if rule == "bracketed-outcome-traced" and focus is not None:
            traced = sorted(
                self.text(c, "label") or self.short(c)
                for c in self.g.objects(focus, self.traces_to)
            )
            return f" Traced to: {'; '.join(traced)}." if traced else ""
        if rule.startswith("clause-number-") and focus is not None and value is not None:
            clauses = sorted(
                self.short(c)
                for c in self.g.subjects(self.edition, focus)
                if (c, None, value) in self.g
            )
            return f" Clause: {', '.join(clauses)}." if clauses else ""
        if rule == "trace-target-not-clause" and value is not None:
            if self.is_process(value):
                return f" {self.short(value)} is a process."
            types = sorted(self.short(t) for t in self.g.objects(value, self.type))
            if types:
                return f" {self.short(value)} is a {', '.join(types)}."
            if self.g.value(value, None) is None and self.g.value(None, None, value) is None:
                return f" {self.short(value)} is not in the graph."
            return f" {self.short(value)} has no type."
        return ""


def _one_text(graph, node, prop) -> str | None:
    """The value of ``prop`` on ``node`` as text; the smallest if there are several."""
    if node is None:
        return None
    values = sorted(str(v) for v in graph.objects(node, prop))
    return values[0] if values else None
