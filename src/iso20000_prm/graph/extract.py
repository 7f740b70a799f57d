"""Write the six source tables back from a graph, so tables -> graph -> tables loses nothing.

Why: a graph is what gets published and edited by other tools; reviewers and spreadsheet users
work on the tables. Reading the tables back out of the graph proves the graph holds every fact
of the transcription, and lets a graph repaired elsewhere return to the reviewable form.

Rows come out in the canonical order the shipped tables keep (documents: the TR first, then by
edition code; sections: by kind, then by number; processes, outcomes, entries and clauses by
clause number in natural order), and outcome lists ascending. A table in that form comes back
byte for byte; rows in another order come back sorted, with the same graph. The written tables
are checked with :func:`~iso20000_prm.tables.read.load_tables` before anything is written;
the six file names are fixed, so nothing in the graph can steer a write outside the folder.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from urllib.parse import unquote

from iso20000_prm.errors import GraphInputError, PRMError, TableError
from iso20000_prm.tables.read import COLUMNS, SECTION_KINDS

_BRACKETS = {"NotBracketed": "none", "PartlyBracketed": "partial", "FullyBracketed": "full"}


def natural_key(text: str) -> tuple:
    """``"5.10"`` after ``"5.9"``: digit runs compare as numbers, the rest as text."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in re.findall(r"\d+|\D+", text)
    )


def csv_bytes(columns: tuple[str, ...], rows: list[list[str]]) -> bytes:
    """The table in the dialect of the shipped files: comma, ``"`` quoting only where needed,
    ``\\n`` line ends, UTF-8 without BOM. (``csv.writer`` would leave a bare CR unquoted,
    which the reader then takes as a line end; this writer quotes it.)"""

    def cell(value: str) -> str:
        if any(c in value for c in ',"\r\n'):
            return '"' + value.replace('"', '""') + '"'
        return value

    lines = [",".join(cell(v) for v in row) for row in [list(columns), *rows]]
    return ("\n".join(lines) + "\n").encode("utf-8")


class _Reader:
    """Strict access to a graph's data: exactly one value where the tables have one cell."""

    def __init__(self, graph, source: str):
        from rdflib.namespace import RDF

        from iso20000_prm.vocab import PRM

        self.g, self.source, self.PRM, self.RDF = graph, source, PRM, RDF

    def error(self, subject, message: str) -> GraphInputError:
        return GraphInputError(f"{self.source}: <{subject}> {message}")

    def instances(self, cls):
        return sorted(set(self.g.subjects(self.RDF.type, cls)), key=str)

    def values(self, subject, prop) -> list:
        return sorted(set(self.g.objects(subject, prop)), key=lambda v: (str(v), repr(v)))

    def one(self, subject, prop, required: bool = True):
        vals = self.values(subject, prop)
        if len(vals) > 1:
            raise self.error(subject, f"has {len(vals)} values of <{prop}>; expected one")
        if not vals:
            if required:
                raise self.error(subject, f"has no <{prop}>; expected one")
            return None
        return vals[0]

    def text(self, subject, prop, required: bool = True) -> str:
        from rdflib import Literal

        value = self.one(subject, prop, required)
        if value is None:
            return ""
        if not isinstance(value, Literal):
            raise self.error(subject, f"has <{prop}> {value.n3()}; expected a literal")
        return str(value)

    def yes_no(self, subject, prop) -> str:
        value = self.one(subject, prop)
        if getattr(value, "value", None) not in (True, False) or not isinstance(value.value, bool):
            raise self.error(subject, f"has <{prop}> {value.n3()}; expected true or false")
        return "yes" if value.value else "no"

    def number(self, subject, prop) -> int:
        value = self.one(subject, prop)
        if (
            not isinstance(getattr(value, "value", None), int)
            or isinstance(value.value, bool)
            or value.value < 1
        ):
            raise self.error(
                subject, f"has <{prop}> {value.n3()}; expected a whole number of 1 or more"
            )
        return value.value

    def local_id(self, subject, prefix: str) -> str:
        from iso20000_prm.vocab import DATA

        base = str(DATA) + prefix
        if not str(subject).startswith(base) or "/" in str(subject)[len(base) :]:
            raise self.error(subject, f"is not an IRI of the form {base}<id>; cannot tell its id")
        return unquote(str(subject)[len(base) :])

    def subject_of(self, prop, obj):
        subjects = sorted(set(self.g.subjects(prop, obj)), key=str)
        if len(subjects) != 1:
            raise self.error(obj, f"is the object of <{prop}> {len(subjects)} times; expected once")
        return subjects[0]


def tables_from_graph(graph, source: str = "graph") -> dict[str, list[list[str]]]:
    """The rows of each source table that ``graph`` states, in canonical order."""
    from rdflib.namespace import DCTERMS, RDFS, SKOS

    r = _Reader(graph, source)
    PRM = r.PRM
    from iso20000_prm.vocab import TR_ID, document_iri

    tr = document_iri(TR_ID)
    # documents.csv: the TR and the documents it dcterms:references; other prm:Documents (such as
    # the 2011 edition the mapping sets add) come from elsewhere, not from the tables
    table_docs = [
        d for d in r.instances(PRM.Document) if d == tr or (tr, DCTERMS.references, d) in graph
    ]
    documents = []
    for d in table_docs:
        status = r.text(d, SKOS.scopeNote, required=False)
        if status and not status.startswith("status: "):
            raise r.error(d, f"has skos:scopeNote {status!r}; expected 'status: ...'")
        documents.append(
            [
                r.local_id(d, ""),
                r.text(d, PRM.editionCode, required=False),
                r.text(d, DCTERMS.identifier),
                r.text(d, DCTERMS.title),
                r.text(d, DCTERMS.issued, required=False),
                status[len("status: ") :],
                r.text(d, SKOS.editorialNote, required=False),
            ]
        )
    if not documents:
        raise GraphInputError(
            f"{source}: has no prm:Document <{tr}>; is it a graph of the ISO/IEC TR 20000-4 PRM (built by iso20000-prm build)?"
        )
    documents.sort(key=lambda row: (row[0] != TR_ID, row[1], row[0]))
    doc_order = {row[0]: i for i, row in enumerate(documents)}

    sections = []
    for s in r.instances(PRM.Section):
        number, label = r.text(s, SKOS.notation), r.text(s, RDFS.label)
        if label == number:
            title = label
        elif label.startswith(number + " "):
            title = label[len(number) + 1 :]
        else:
            raise r.error(
                s,
                f"has rdfs:label {label!r}; expected its notation {number!r}, a space and its title",
            )
        kind = r.text(s, PRM.sectionKind)
        sections.append(
            [
                number,
                title,
                kind,
                r.text(s, PRM.tocPage, required=False),
                r.yes_no(s, PRM.availableInSource),
                r.text(s, SKOS.editorialNote, required=False),
            ]
        )
    sections.sort(
        key=lambda row: (
            SECTION_KINDS.index(row[2]) if row[2] in SECTION_KINDS else len(SECTION_KINDS),
            natural_key(row[0]),
        )
    )

    processes, clause_of = [], {}
    for p in r.instances(PRM.Process):
        clause = r.text(p, SKOS.notation)
        clause_of[p] = clause
        processes.append(
            [
                clause,
                r.local_id(p, "process/"),
                r.text(p, RDFS.label),
                r.text(p, PRM.context, required=False),
                r.text(p, PRM.purpose, required=False),
                r.yes_no(p, PRM.availableInSource),
            ]
        )
    processes.sort(key=lambda row: natural_key(row[0]))

    def process_clause(subject, prop):
        owner = r.subject_of(prop, subject)
        if owner not in clause_of:
            raise r.error(owner, "is not a prm:Process")
        return clause_of[owner]

    outcomes, outcome_number = [], {}
    for o in r.instances(PRM.Outcome):
        status = r.one(o, PRM.bracketStatus)
        name = str(status).rsplit("#", 1)[-1]
        if not str(status).startswith(str(PRM)) or name not in _BRACKETS:
            raise r.error(
                o,
                f"has prm:bracketStatus <{status}>; expected prm:NotBracketed, prm:PartlyBracketed or prm:FullyBracketed",
            )
        number = r.number(o, PRM.outcomeNumber)
        outcome_number[o] = number
        outcomes.append(
            [
                process_clause(o, PRM.hasOutcome),
                number,
                r.yes_no(o, PRM.numberPrinted),
                r.text(o, PRM.verbatimText),
                _BRACKETS[name],
            ]
        )
    outcomes.sort(key=lambda row: (natural_key(row[0]), row[1]))

    edition_code = {}
    for d in table_docs:
        edition_code[d] = r.text(d, PRM.editionCode, required=False)

    def clause_facts(c):
        edition = r.one(c, PRM.edition)
        if not edition_code.get(edition):
            raise r.error(
                c, f"has prm:edition <{edition}>, which is not a document with a prm:editionCode"
            )
        return edition, edition_code[edition], r.text(c, SKOS.notation)

    clauses = []
    for c in r.instances(PRM.Clause):
        edition, code, number = clause_facts(c)
        clauses.append(
            [
                code,
                number,
                r.text(c, PRM.clauseAsPrinted),
                r.text(c, PRM.heading),
                doc_order[r.local_id(edition, "")],
            ]
        )
    clauses.sort(key=lambda row: (row[4], natural_key(row[1])))

    entries = []
    for e in r.instances(PRM.TraceabilityEntry):
        _, code, number = clause_facts(r.one(e, PRM.citesClause))
        supported = r.values(e, PRM.supportsOutcome)
        if not supported:
            raise r.error(e, "has no prm:supportsOutcome; expected at least one")
        for o in supported:
            if o not in outcome_number:
                raise r.error(e, f"supports <{o}>, which is not a prm:Outcome with a number")
        numbers = sorted(outcome_number[o] for o in supported)
        entries.append(
            [
                process_clause(e, PRM.hasTraceabilityEntry),
                r.number(e, PRM.position),
                code,
                r.text(e, PRM.clauseAsPrinted),
                number,
                r.text(e, PRM.headingAsPrinted),
                ",".join(map(str, numbers)),
            ]
        )
    entries.sort(key=lambda row: (natural_key(row[0]), row[1]))

    def strings(rows, width):
        return [[str(v) for v in row[:width]] for row in rows]

    return {
        "documents.csv": strings(documents, 7),
        "sections.csv": strings(sections, 6),
        "processes.csv": strings(processes, 6),
        "outcomes.csv": strings(outcomes, 5),
        "traceability.csv": strings(entries, 7),
        "clauses.csv": strings(clauses, 4),
    }


def table_files(graph, source: str = "graph") -> dict[str, bytes]:
    """File name -> CSV bytes of each table, checked by the table loader before it is returned."""
    from iso20000_prm.tables.read import load_tables

    files = {
        name: csv_bytes(COLUMNS[name], rows)
        for name, rows in tables_from_graph(graph, source).items()
    }
    with tempfile.TemporaryDirectory(prefix="iso20000-prm-export-") as tmp:
        for name, data in files.items():
            (Path(tmp) / name).write_bytes(data)
        try:
            load_tables(tmp)
        except TableError as exc:
            where = (
                exc.path.name
                + (f", row {exc.row}" if exc.row else "")
                + (f", column '{exc.column}'" if exc.column else "")
            )
            raise GraphInputError(
                f"{source}: the tables it gives do not pass the table checks ({where}: {exc.message})"
            ) from None
    return files


def export_tables(graph, directory: Path | str, source: str = "graph") -> list[Path]:
    """Write the six source tables that ``graph`` states into ``directory``; nothing on error."""
    from iso20000_prm.files import write_atomic

    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise PRMError(
            f"{directory}: exists and is not a folder; give a folder to write the tables into"
        )
    files = table_files(graph, source)
    return [write_atomic(directory / name, data) for name, data in files.items()]
