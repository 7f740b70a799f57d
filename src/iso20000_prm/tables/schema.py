"""The six source tables, declared once: columns, cell checks, records and the RDF of each column.

Why one declaration: the reader (:mod:`iso20000_prm.tables.read`), the writer
(:mod:`iso20000_prm.tables.write`), the graph builder (:mod:`iso20000_prm.graph.build`), the
graph -> tables extraction (:mod:`iso20000_prm.graph.extract`) and the site model all work from
the :class:`Table` objects below, so adding a column is one :class:`Column` line here: its
record field, its check on the way in, its cell on the way out and its triple follow from it.

What a column cannot say by itself stays with the table that needs it: the IRI of a row's node
(minted in :mod:`iso20000_prm.vocab` from key columns), the links between tables (a process
``prm:hasOutcome`` its outcomes) and composed labels; the builder and the extraction hold those.
This module imports neither rdflib nor the reader: IRIs are plain strings from ``vocab``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, make_dataclass

from iso20000_prm.vocab import DCTERMS_NS, PRM_NS, RDFS_NS, SKOS_NS

YES_NO = {"yes": True, "no": False}
BRACKET_STATUSES = ("none", "partial", "full")
SECTION_KINDS = ("clause", "process", "figure", "annex", "bibliography")
CLAUSE_PRINTED = re.compile(r"^[0-9]+(\.[0-9]+)*$")
POSITIVE_INT = re.compile(r"^[1-9][0-9]*$")
OUTCOME_LIST = re.compile(r"^[1-9][0-9]*(,[1-9][0-9]*)*$")
PROCESS_CLAUSE = re.compile(r"^5\.[0-9]+$")
ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

# literal kinds: how a cell becomes the object of its triple
EN = "en"  # a text with language tag @en
PLAIN = "plain"  # a plain literal (xsd:string)
BOOLEAN = "boolean"  # xsd:boolean (a yes/no cell)
POSITIVE_INTEGER = "positiveInteger"  # xsd:positiveInteger
DATE = "date"  # xsd:date (YYYY-MM-DD), xsd:gYear (YYYY), else plain
LINK = "link"  # an IRI: the cell is one of Rdf.links' keys


# ---------------------------------------------------------------- cell checks


@dataclass(frozen=True)
class Check:
    """What a cell must hold, as read by :class:`iso20000_prm.tables.read`'s row reader.

    ``kind``: ``text`` (``required`` or not), ``pattern`` (text matching ``pattern``, described as
    ``expected`` in errors), ``yes_no`` (a bool), ``positive_int``, ``choice`` (one of
    ``choices``) or ``outcome_list`` (a tuple of outcome numbers).
    """

    kind: str = "text"
    required: bool = True
    pattern: re.Pattern[str] | None = None
    expected: str = ""
    choices: tuple[str, ...] = ()

    @property
    def type(self) -> type:
        """The Python type of the record field."""
        return {"yes_no": bool, "positive_int": int, "outcome_list": tuple}.get(self.kind, str)

    def read(self, row, column: str):
        """The typed value of ``column`` in ``row`` (a reader row: text/match/integer/...)."""
        if self.kind == "text":
            return row.text(column, required=self.required)
        if self.kind == "pattern":
            return row.match(column, self.pattern, self.expected)
        if self.kind == "yes_no":
            return row.yes_no(column)
        if self.kind == "positive_int":
            return row.integer(column)
        if self.kind == "choice":
            return row.choice(column, self.choices)
        if self.kind == "outcome_list":
            cell = row.match(column, OUTCOME_LIST, self.expected)
            return tuple(int(n) for n in cell.split(","))
        raise AssertionError(f"unknown check {self.kind!r}")

    def cell(self, value) -> str:
        """``value`` as the table writes it: ``yes``/``no``, ``1,2,5``, the text itself."""
        if self.kind == "yes_no":
            return "yes" if value else "no"
        if self.kind == "outcome_list":
            return ",".join(str(v) for v in value)
        return str(value)


TEXT = Check()
OPTIONAL = Check(required=False)
IDENTIFIER = Check(
    "pattern", pattern=ID, expected="an identifier of lower-case letters, digits and hyphens"
)
YES_OR_NO = Check("yes_no")
WHOLE_NUMBER = Check("positive_int")
PRINTED_CLAUSE = Check(
    "pattern", pattern=CLAUSE_PRINTED, expected="a clause number such as 06.4 or 4.5.5.1"
)
PROCESS_NUMBER = Check(
    "pattern", pattern=PROCESS_CLAUSE, expected="a clause number of the form 5.N"
)
OUTCOME_NUMBERS = Check(
    "outcome_list", expected="a comma-separated list of outcome numbers such as 1,2,5"
)


def choice(*allowed: str) -> Check:
    return Check("choice", choices=allowed)


# ---------------------------------------------------------------- columns and tables


@dataclass(frozen=True)
class Rdf:
    """The triples a column becomes: (the row's node, each of ``props``, the cell as ``kind``).

    The first property is the one the graph is read back from. ``template`` places the cell in
    the literal (``"status: {}"``); ``links`` maps each allowed cell to an IRI for ``LINK``;
    a node with a (non-empty) cell is also an instance of each of ``classes``. An empty optional
    cell states nothing.
    """

    props: tuple[str, ...]
    kind: str
    template: str = "{}"
    links: dict[str, str] = field(default_factory=dict)
    classes: tuple[str, ...] = ()

    @property
    def prop(self) -> str:
        return self.props[0]


@dataclass(frozen=True)
class Column:
    """One column: its name, its check, and the RDF it becomes (``None``: a key of the row's
    IRI or a link the builder states from the table's structure)."""

    name: str
    check: Check
    rdf: Rdf | None = None


def rdf(prop: str, kind: str, *more: str, template="{}", links=None, classes=()) -> Rdf:
    return Rdf((prop, *more), kind, template, dict(links or {}), tuple(classes))


@dataclass(frozen=True)
class Table:
    """One source table: its file, its columns in file order, its record class and the RDF
    classes of each row's node."""

    name: str  # the attribute of Tables holding its records
    file: str
    record_name: str
    columns: tuple[Column, ...]
    classes: tuple[str, ...]
    record: type = field(init=False, compare=False)

    def __post_init__(self):
        record = make_dataclass(
            self.record_name,
            [(c.name, c.check.type) for c in self.columns],
            frozen=True,
        )
        record.__module__ = __name__
        record.__doc__ = f"One row of {self.file}."
        object.__setattr__(self, "record", record)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def prop(self, name: str) -> str:
        """The IRI of the property column ``name`` becomes (the one it is read back from)."""
        return self.column(name).rdf.prop

    def cells(self, record) -> list[str]:
        """``record`` as the row of cells the table file holds."""
        return [c.check.cell(getattr(record, c.name)) for c in self.columns]


PRM = PRM_NS
BRACKET_INDIVIDUALS = {
    "none": PRM + "NotBracketed",
    "partial": PRM + "PartlyBracketed",
    "full": PRM + "FullyBracketed",
}
NOTATION = SKOS_NS + "notation"
LABEL = RDFS_NS + "label"
EDITORIAL_NOTE = SKOS_NS + "editorialNote"
AVAILABLE = PRM + "availableInSource"
CLAUSE_AS_PRINTED = PRM + "clauseAsPrinted"

DOCUMENTS = Table(
    "documents",
    "documents.csv",
    "Document",
    (
        Column("id", IDENTIFIER),  # the node: vocab.document_iri(id)
        Column(
            "edition_code",
            OPTIONAL,
            rdf(PRM + "editionCode", PLAIN, classes=(PRM + "Edition", SKOS_NS + "ConceptScheme")),
        ),
        Column("identifier", TEXT, rdf(DCTERMS_NS + "identifier", PLAIN, LABEL)),
        Column("title", TEXT, rdf(DCTERMS_NS + "title", EN)),
        Column("issued", OPTIONAL, rdf(DCTERMS_NS + "issued", DATE)),
        Column("status", OPTIONAL, rdf(SKOS_NS + "scopeNote", EN, template="status: {}")),
        Column("note", OPTIONAL, rdf(EDITORIAL_NOTE, EN)),
    ),
    (PRM + "Document",),
)
SECTIONS = Table(
    "sections",
    "sections.csv",
    "Section",
    (
        Column("section", TEXT, rdf(NOTATION, PLAIN)),  # and the node: vocab.section_iri
        Column("title", TEXT),  # rdfs:label "<section> <title>" (the title alone if the same)
        Column("kind", choice(*SECTION_KINDS), rdf(PRM + "sectionKind", PLAIN)),
        Column("toc_page", OPTIONAL, rdf(PRM + "tocPage", PLAIN)),
        Column("available", YES_OR_NO, rdf(AVAILABLE, BOOLEAN)),
        Column("note", OPTIONAL, rdf(EDITORIAL_NOTE, EN)),
    ),
    (PRM + "Section",),
)
PROCESSES = Table(
    "processes",
    "processes.csv",
    "Process",
    (
        Column("clause", PROCESS_NUMBER, rdf(NOTATION, PLAIN)),  # and prov:wasDerivedFrom
        Column("id", IDENTIFIER),  # the node: vocab.process_iri(id)
        Column("name", TEXT, rdf(LABEL, EN)),
        Column("context", OPTIONAL, rdf(PRM + "context", EN)),
        Column("purpose", OPTIONAL, rdf(PRM + "purpose", EN)),
        Column("available", YES_OR_NO, rdf(AVAILABLE, BOOLEAN)),
    ),
    (PRM + "Process",),
)
OUTCOMES = Table(
    "outcomes",
    "outcomes.csv",
    "Outcome",
    (
        Column("process", TEXT),  # the process (by clause) that prm:hasOutcome it
        Column("number", WHOLE_NUMBER, rdf(PRM + "outcomeNumber", POSITIVE_INTEGER)),
        Column("number_printed", YES_OR_NO, rdf(PRM + "numberPrinted", BOOLEAN)),
        Column("text", TEXT, rdf(PRM + "verbatimText", EN)),  # and a clean rdfs:label
        Column(
            "bracket_status",
            choice(*BRACKET_STATUSES),
            rdf(PRM + "bracketStatus", LINK, links=BRACKET_INDIVIDUALS),
        ),
    ),
    (PRM + "Outcome",),
)
TRACEABILITY = Table(
    "traceability",
    "traceability.csv",
    "TraceEntry",
    (
        Column("process", TEXT),  # the process (by clause) that prm:hasTraceabilityEntry it
        Column("position", WHOLE_NUMBER, rdf(PRM + "position", POSITIVE_INTEGER)),
        Column("edition", TEXT),  # with clause: prm:citesClause
        Column("clause_as_printed", PRINTED_CLAUSE, rdf(CLAUSE_AS_PRINTED, PLAIN)),
        Column("clause", TEXT),
        Column("heading_as_printed", TEXT, rdf(PRM + "headingAsPrinted", EN)),
        Column("outcomes", OUTCOME_NUMBERS),  # prm:supportsOutcome each
    ),
    (PRM + "TraceabilityEntry",),
)
CLAUSES = Table(
    "clauses",
    "clauses.csv",
    "Clause",
    (
        Column("edition", TEXT),  # prm:edition and skos:inScheme its document
        Column("clause", TEXT, rdf(NOTATION, PLAIN)),
        Column("clause_as_printed", PRINTED_CLAUSE, rdf(CLAUSE_AS_PRINTED, PLAIN)),
        Column("heading", TEXT, rdf(PRM + "heading", EN)),  # and skos:prefLabel, rdfs:label
    ),
    (PRM + "Clause", SKOS_NS + "Concept"),
)

# the tables in file order (the order the shipped tables are listed and written in)
TABLES: tuple[Table, ...] = (DOCUMENTS, SECTIONS, PROCESSES, OUTCOMES, TRACEABILITY, CLAUSES)
# file name -> columns, in the order the shipped tables have them
COLUMNS: dict[str, tuple[str, ...]] = {t.file: t.column_names for t in TABLES}

Document = DOCUMENTS.record
Section = SECTIONS.record
Process = PROCESSES.record
Outcome = OUTCOMES.record
TraceEntry = TRACEABILITY.record
Clause = CLAUSES.record


@dataclass
class Tables:
    """All source tables, in file order, cross-checked against each other."""

    documents: list[Document] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    processes: list[Process] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    traceability: list[TraceEntry] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)

    def records(self, table: Table) -> list:
        return getattr(self, table.name)
