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

import tempfile
from pathlib import Path
from urllib.parse import unquote

from iso20000_prm.errors import GraphInputError, TableError
from iso20000_prm.tables import schema
from iso20000_prm.tables.schema import SECTION_KINDS, Table
from iso20000_prm.tables.write import csv_bytes, folder, write_files
from iso20000_prm.vocab import PREFIX_MAP, clause_key


def curie(iri: str) -> str:
    """``prm:verbatimText`` for the IRI, by the graph's prefix map (else the IRI itself)."""
    for prefix, namespace in PREFIX_MAP.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


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

    def boolean(self, subject, prop) -> bool:
        value = self.one(subject, prop)
        if getattr(value, "value", None) not in (True, False) or not isinstance(value.value, bool):
            raise self.error(subject, f"has <{prop}> {value.n3()}; expected true or false")
        return value.value

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

    def cells(self, table: Table, subject) -> dict[str, object]:
        """The value of each column of ``table`` that a property states of ``subject``, read
        back as :mod:`~iso20000_prm.tables.schema` declares it (the other columns are the
        caller's: keys of the IRI, links between nodes)."""
        from rdflib import URIRef

        out: dict[str, object] = {}
        for column in table.columns:
            spec = column.rdf
            if spec is None:
                continue
            prop = URIRef(spec.prop)
            if spec.kind == schema.BOOLEAN:
                out[column.name] = self.boolean(subject, prop)
            elif spec.kind == schema.POSITIVE_INTEGER:
                out[column.name] = self.number(subject, prop)
            elif spec.kind == schema.LINK:
                value = self.one(subject, prop)
                names = {iri: cell for cell, iri in spec.links.items()}
                if str(value) not in names:
                    allowed = [curie(iri) for iri in spec.links.values()]
                    raise self.error(
                        subject,
                        f"has {curie(spec.prop)} <{value}>; expected {', '.join(allowed[:-1])} or {allowed[-1]}",
                    )
                out[column.name] = names[str(value)]
            else:
                text = self.text(subject, prop, required=column.check.required)
                prefix, _, suffix = spec.template.partition("{}")
                if text and spec.template != "{}":
                    if not (text.startswith(prefix) and text.endswith(suffix)):
                        expected = spec.template.format("...")
                        raise self.error(
                            subject, f"has {curie(spec.prop)} {text!r}; expected {expected!r}"
                        )
                    text = text[len(prefix) : len(text) - len(suffix)]
                out[column.name] = text
        return out


def tables_from_graph(graph, source: str = "graph") -> dict[str, list[list[str]]]:
    """The rows of each source table that ``graph`` states, in canonical order."""
    from rdflib import URIRef
    from rdflib.namespace import DCTERMS, RDFS

    from iso20000_prm.vocab import TR_ID, document_iri

    r = _Reader(graph, source)
    PRM = r.PRM

    def instances(table: Table):
        return r.instances(URIRef(table.classes[0]))

    tr = document_iri(TR_ID)
    # documents.csv: the TR and the documents it dcterms:references; other prm:Documents (such as
    # the 2011 edition the mapping sets add) come from elsewhere, not from the tables
    table_docs = [
        d for d in instances(schema.DOCUMENTS) if d == tr or (tr, DCTERMS.references, d) in graph
    ]
    documents_by_node = [
        {"id": r.local_id(d, ""), **r.cells(schema.DOCUMENTS, d)} for d in table_docs
    ]
    documents = list(documents_by_node)
    if not documents:
        raise GraphInputError(
            f"{source}: has no prm:Document <{tr}>; is it a graph of the ISO/IEC TR 20000-4 PRM (built by iso20000-prm build)?"
        )
    documents.sort(key=lambda row: (row["id"] != TR_ID, row["edition_code"], row["id"]))
    doc_order = {row["id"]: i for i, row in enumerate(documents)}

    sections = []
    for s in instances(schema.SECTIONS):
        row = r.cells(schema.SECTIONS, s)
        number, label = row["section"], r.text(s, RDFS.label)
        if label == number:
            title = label
        elif label.startswith(number + " "):
            title = label[len(number) + 1 :]
        else:
            raise r.error(
                s,
                f"has rdfs:label {label!r}; expected its notation {number!r}, a space and its title",
            )
        sections.append({**row, "title": title})
    sections.sort(
        key=lambda row: (
            SECTION_KINDS.index(row["kind"])
            if row["kind"] in SECTION_KINDS
            else len(SECTION_KINDS),
            clause_key(row["section"]),
        )
    )

    processes, clause_of = [], {}
    for p in instances(schema.PROCESSES):
        row = {"id": r.local_id(p, "process/"), **r.cells(schema.PROCESSES, p)}
        clause_of[p] = row["clause"]
        processes.append(row)
    processes.sort(key=lambda row: clause_key(row["clause"]))

    def process_clause(subject, prop):
        owner = r.subject_of(prop, subject)
        if owner not in clause_of:
            raise r.error(owner, "is not a prm:Process")
        return clause_of[owner]

    outcomes, outcome_number = [], {}
    for o in instances(schema.OUTCOMES):
        row = r.cells(schema.OUTCOMES, o)
        outcome_number[o] = row["number"]
        outcomes.append({**row, "process": process_clause(o, PRM.hasOutcome)})
    outcomes.sort(key=lambda row: (clause_key(row["process"]), row["number"]))

    edition_code = {d: row["edition_code"] for d, row in zip(table_docs, documents_by_node)}

    def clause_facts(c):
        edition = r.one(c, PRM.edition)
        if not edition_code.get(edition):
            raise r.error(
                c, f"has prm:edition <{edition}>, which is not a document with a prm:editionCode"
            )
        return edition, edition_code[edition], r.text(c, URIRef(schema.NOTATION))

    clauses = []  # (order of the edition's document, row)
    for c in instances(schema.CLAUSES):
        edition, code, number = clause_facts(c)
        row = {**r.cells(schema.CLAUSES, c), "edition": code}
        clauses.append((doc_order[r.local_id(edition, "")], row))
    clauses = [row for _, row in sorted(clauses, key=lambda x: (x[0], clause_key(x[1]["clause"])))]

    entries = []
    for e in instances(schema.TRACEABILITY):
        _, code, number = clause_facts(r.one(e, PRM.citesClause))
        supported = r.values(e, PRM.supportsOutcome)
        if not supported:
            raise r.error(e, "has no prm:supportsOutcome; expected at least one")
        for o in supported:
            if o not in outcome_number:
                raise r.error(e, f"supports <{o}>, which is not a prm:Outcome with a number")
        row = {
            "process": process_clause(e, PRM.hasTraceabilityEntry),
            "edition": code,
            "clause": number,
            "outcomes": tuple(sorted(outcome_number[o] for o in supported)),
            **r.cells(schema.TRACEABILITY, e),
        }
        entries.append(row)
    entries.sort(key=lambda row: (clause_key(row["process"]), row["position"]))

    rows = {
        schema.DOCUMENTS.file: documents,
        schema.SECTIONS.file: sections,
        schema.PROCESSES.file: processes,
        schema.OUTCOMES.file: outcomes,
        schema.TRACEABILITY.file: entries,
        schema.CLAUSES.file: clauses,
    }
    return {
        table.file: [[c.check.cell(row[c.name]) for c in table.columns] for row in rows[table.file]]
        for table in schema.TABLES
    }


def table_files(graph, source: str = "graph") -> dict[str, bytes]:
    """File name -> CSV bytes of each table, checked by the table loader before it is returned."""
    from iso20000_prm.tables.read import load_tables

    files = {
        name: csv_bytes(schema.COLUMNS[name], rows)
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
    directory = folder(directory)  # before the graph is read: a long extraction ends well
    return write_files(directory, table_files(graph, source))
