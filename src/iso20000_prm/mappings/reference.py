"""2010 draft of the second edition -> published ISO/IEC 20000-1:2011, from a curated table.

The table (``reference/20000-1-2ed-draft-to-2011.csv``) is not part of the TR's transcription:
it was built by matching headings against published heading lists, and is shipped verbatim
with its provenance in ``reference/README.md``. Its relation and confidence are kept as given;
:data:`CURATED_RELATIONS` says what each relation means in SKOS and NIST IR 8477 terms.
"""

from __future__ import annotations

import re
from pathlib import Path

from iso20000_prm import vocab as ns
from iso20000_prm.errors import TableError
from iso20000_prm.mappings.model import (
    CONFIDENCE,
    EDITION_2_DRAFT,
    EDITION_2011,
    EDITION_2018,
    NO_TERM_FOUND,
    MappingRecord,
    MappingSet,
    edition_document,
)

REFERENCE_TABLE = "20000-1-2ed-draft-to-2011.csv"
REFERENCE_COLUMNS = (
    "draft_clause",
    "draft_heading_as_cited_in_tr",
    "published_2011_clause",
    "published_2011_heading",
    "relation",
    "confidence",
    "evidence",
)

# relation in the curated table -> (SKOS property, NIST IR 8477 relationship or None).
# "same"/"renumbered": the same requirements under the same or another number -> equal.
# "merged into broader clause": the draft subclause is part of a broader published clause -> subset.
# "retitled": the heading changed and the new wording was not compared, so no set relation is claimed.
# "no separate published clause": nothing to map to (SSSOM sssom:NoTermFound).
CURATED_RELATIONS: dict[str, tuple[str | None, str | None]] = {
    "same": ("exactMatch", "equal"),
    "same (words reordered)": ("exactMatch", "equal"),
    "renumbered": ("exactMatch", "equal"),
    "same slot (retitled)": ("closeMatch", None),
    "same number (retitled)": ("closeMatch", None),
    "merged into broader clause": ("broadMatch", "subsetOf"),
    "no separate published clause": (None, None),
}


def reference_table() -> Path:
    """The shipped curated table."""
    from iso20000_prm.files import reference_dir

    return reference_dir() / REFERENCE_TABLE


def reference_table_iri() -> str:
    return f"{ns.DATA_NS}reference/{Path(REFERENCE_TABLE).stem}"


def read_reference_table(path: Path | str | None = None) -> list[tuple[int, dict[str, str]]]:
    """The curated table's rows as (spreadsheet row number, cells), read by the one strict
    table reader (header, encoding, cell counts and quoting checked there)."""
    from iso20000_prm.tables.read import read_rows

    return read_rows(path if path is not None else reference_table(), REFERENCE_COLUMNS)


def published_headings(path: Path | str | None = None) -> dict[str, str]:
    """Published 2011 clause -> heading, only where the table confirms one (first row wins)."""
    headings: dict[str, str] = {}
    for _, cells in read_reference_table(path):
        if cells["published_2011_clause"] and cells["published_2011_heading"]:
            headings.setdefault(cells["published_2011_clause"], cells["published_2011_heading"])
    return headings


_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def provenance_date(path: Path | str) -> str:
    """The date of the curated table as data: the date its provenance gives, "" if none does.

    The provenance is the ``**Provenance**`` entry of the table's section (``## <file name>``) in
    the ``README.md`` shipped beside it, which records when the table was taken into the project
    (the shipped table: 2026-11-26). Reading it from there keeps the date with the table it
    describes: replacing the table and its README entry moves the date with it.
    """
    path = Path(path)
    readme = path.parent / "README.md"
    if not readme.is_file():
        return ""
    text = readme.read_text(encoding="utf-8")
    section = re.search(
        rf"^## {re.escape(path.name)}[ \t]*\n(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL
    )
    if section is None:
        return ""
    entry = re.search(r"\*\*Provenance\*\*(.*?)(?=^\s*- \*\*|\Z)", section.group(1), re.M | re.S)
    date = _DATE.search(entry.group(1)) if entry else None
    return date.group(0) if date else ""


def derive_reference_mappings(tables, path: Path | str | None = None) -> MappingSet | None:
    """2010 draft -> published ISO/IEC 20000-1:2011, one record per row of the curated table.

    The table's relation and confidence are kept as given (``setrel:sourceRelation``,
    ``setrel:confidenceLevel``); :data:`CURATED_RELATIONS` turns the relation into a SKOS property
    and, where set-theoretic, a NIST IR 8477 relationship. The rationale is syntactic where the
    curators compared a published heading with the draft heading, semantic where they judged
    from numbering or structure without the published wording.
    """
    path = Path(path) if path is not None else reference_table()
    d2 = edition_document(tables, EDITION_2_DRAFT)
    if d2 is None:
        return None
    draft = {c.clause: c for c in tables.clauses if c.edition == d2.edition_code}
    records = []
    seen: dict[str, int] = {}
    for row, cells in read_reference_table(path):

        def bad(column: str, message: str) -> TableError:
            return TableError(path, message, row=row, column=column)

        clause = cells["draft_clause"]
        if clause not in draft:
            raise bad("draft_clause", f"{clause!r} is not a 2ED DRAFT clause of clauses.csv")
        if clause in seen:
            raise bad(
                "draft_clause",
                f"duplicate draft clause {clause!r}; first given in row {seen[clause]}",
            )
        seen[clause] = row
        if cells["draft_heading_as_cited_in_tr"] != draft[clause].heading:
            raise bad(
                "draft_heading_as_cited_in_tr",
                f"{cells['draft_heading_as_cited_in_tr']!r} differs from the heading the TR cites: {draft[clause].heading!r}",
            )
        relation = cells["relation"]
        if relation not in CURATED_RELATIONS:
            raise bad(
                "relation",
                f"{relation!r} is not one of {', '.join(repr(r) for r in CURATED_RELATIONS)}",
            )
        level = cells["confidence"]
        if level not in CONFIDENCE:
            raise bad("confidence", f"{level!r} is not one of high, medium, low")
        skos_prop, set_rel = CURATED_RELATIONS[relation]
        published, heading = cells["published_2011_clause"], cells["published_2011_heading"]
        if (skos_prop is None) != (published == ""):
            raise bad(
                "published_2011_clause",
                f"relation {relation!r} {'needs' if skos_prop else 'takes no'} published clause",
            )
        if published and not re.fullmatch(r"[0-9]+(\.[0-9]+)*", published):
            raise bad(
                "published_2011_clause", f"{published!r} is not a clause number such as 4.5.1"
            )
        rationale = None
        if set_rel:
            rationale = "syntactic" if relation.startswith("same") and heading else "semantic"
        records.append(
            MappingRecord(
                subject=str(ns.clause_iri(d2.id, clause)),
                subject_notation=clause,
                subject_label=f"{d2.identifier} {clause} {draft[clause].heading}",
                predicate=ns.SKOS_NS + (skos_prop or "exactMatch"),
                object=str(ns.clause_iri(EDITION_2011, published)) if published else NO_TERM_FOUND,
                object_notation=published,
                object_label=" ".join(x for x in ("ISO/IEC 20000-1:2011", published, heading) if x)
                if published
                else "",
                justification=ns.SEMAPV_NS + "ManualMappingCuration",
                confidence_level=level,
                confidence=CONFIDENCE[level],
                relationship=set_rel,
                rationale=rationale,
                source_relation=relation,
                evidence=cells["evidence"],
            )
        )
    return MappingSet(
        name="2ed-draft-to-2011",
        title=f"{d2.identifier} to ISO/IEC 20000-1:2011: curated correspondences",
        description=(
            'Each ISO/IEC 20000-1 clause that ISO/IEC TR 20000-4:2010 cites as "2ED DRAFT" matched to the corresponding '
            "clause of the published ISO/IEC 20000-1:2011, from the curated reference table 20000-1-2ed-draft-to-2011.csv "
            "(built by matching headings against published heading lists; no copy of the draft was found, so it is a curated "
            "mapping, not an official concordance). The table's relation and confidence are kept; relation -> SKOS: same, "
            "same (words reordered), renumbered -> skos:exactMatch and NIST IR 8477 equal; merged into broader clause -> "
            "skos:broadMatch and subset of; retitled -> skos:closeMatch, no set relation; no separate published clause -> "
            "sssom:NoTermFound. Confidence high/medium/low -> 0.9/0.6/0.3."
        ),
        subject_source=str(ns.document_iri(d2.id)),
        object_source=str(ns.document_iri(EDITION_2011)),
        derived_from=(reference_table_iri(),),
        source_date=provenance_date(path),
        method="human",
        mappings=tuple(records),
    )


# ---------------------------------------------------------------- 2011 -> 2018 (issue 18)
REFERENCE_TABLE_2018 = "20000-1-2011-to-2018.csv"
CLAUSE_LIST_2018 = "20000-1-2018-clauses.csv"
REFERENCE_COLUMNS_2018 = (
    "published_2011_clause",
    "published_2011_heading",
    "published_2018_clause",
    "published_2018_heading",
    "relation",
    "confidence",
    "evidence",
)
CLAUSE_LIST_COLUMNS = ("clause", "heading", "source")

# relation in the 2011 -> 2018 table -> (SKOS property, NIST IR 8477 relationship or None); the
# words and why each becomes what it does are defined in ontology/set-relations.ttl
# (setrel:CuratedRelation individuals) and docs/editions.md.
# "renumbered": one-to-one, equal headings -> equal (as in the draft table).
# "renumbered (retitled)": one-to-one, heading changed, in a revised edition whose same-slot
#   clauses may differ in their requirements (S15) -> overlap only: intersects with.
# "split": the 2011 clause is divided among several 2018 clauses, each of which may hold other
#   requirements too (4.1 -> 4 Context of the organization) -> intersects with.
# "merged into broader clause": the whole 2011 clause goes into one 2018 clause that also
#   receives others -> subset of (as in the draft table).
# "no corresponding clause": nothing to map to (sssom:NoTermFound; unused in the shipped table).
CURATED_RELATIONS_2018: dict[str, tuple[str | None, str | None]] = {
    "renumbered": ("exactMatch", "equal"),
    "renumbered (retitled)": ("closeMatch", "intersectsWith"),
    "split": ("relatedMatch", "intersectsWith"),
    "merged into broader clause": ("broadMatch", "subsetOf"),
    "no corresponding clause": (None, None),
}
_CLAUSE_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)*")


def reference_table_2018() -> Path:
    from iso20000_prm.files import reference_dir

    return reference_dir() / REFERENCE_TABLE_2018


def reference_table_2018_iri() -> str:
    return f"{ns.DATA_NS}reference/{Path(REFERENCE_TABLE_2018).stem}"


def clause_list_2018(path: Path | str | None = None) -> dict[str, str]:
    """2018 clause -> heading, from ``reference/20000-1-2018-clauses.csv`` (transcribed from
    section 3b of the 2011 -> 2018 table's provenance); in clause order."""
    from iso20000_prm.files import reference_dir
    from iso20000_prm.tables.read import read_rows

    path = Path(path) if path is not None else reference_dir() / CLAUSE_LIST_2018
    out: dict[str, str] = {}
    for row, cells in read_rows(path, CLAUSE_LIST_COLUMNS):
        clause = cells["clause"]
        if not _CLAUSE_NUMBER.fullmatch(clause):
            raise TableError(path, f"{clause!r} is not a clause number", row=row, column="clause")
        if clause in out:
            raise TableError(path, f"duplicate clause {clause!r}", row=row, column="clause")
        out[clause] = cells["heading"]
    return out


def headings_2011_from_2018_table(path: Path | str | None = None) -> dict[str, str]:
    """2011 clause -> heading, only where the 2011 -> 2018 table confirms one."""
    path = Path(path) if path is not None else reference_table_2018()
    from iso20000_prm.tables.read import read_rows

    headings: dict[str, str] = {}
    for _, cells in read_rows(path, REFERENCE_COLUMNS_2018):
        if cells["published_2011_heading"]:
            headings.setdefault(cells["published_2011_clause"], cells["published_2011_heading"])
    return headings


def derive_2018_mappings(path: Path | str | None = None, clauses_2018=None) -> MappingSet:
    """Published ISO/IEC 20000-1:2011 -> ISO/IEC 20000-1:2018, one record per row of the curated
    table (``reference/20000-1-2011-to-2018.csv``), relation and confidence kept as given.

    Checks: clause numbers, the relation and confidence words, one row per pair, one heading per
    clause across rows, and each 2018 heading equal to the clause list's (``clauses_2018``).
    """
    from iso20000_prm.tables.read import read_rows

    path = Path(path) if path is not None else reference_table_2018()
    listed = clauses_2018 if clauses_2018 is not None else clause_list_2018()
    label11, label18 = "ISO/IEC 20000-1:2011", "ISO/IEC 20000-1:2018"
    records = []
    seen: dict[tuple[str, str], int] = {}
    heading_of: dict[tuple[str, str], tuple[str, int]] = {}
    for row, cells in read_rows(path, REFERENCE_COLUMNS_2018):

        def bad(column: str, message: str) -> TableError:
            return TableError(path, message, row=row, column=column)

        c11, c18 = cells["published_2011_clause"], cells["published_2018_clause"]
        h11, h18 = cells["published_2011_heading"], cells["published_2018_heading"]
        relation, level = cells["relation"], cells["confidence"]
        if not _CLAUSE_NUMBER.fullmatch(c11):
            raise bad("published_2011_clause", f"{c11!r} is not a clause number such as 4.5.1")
        if relation not in CURATED_RELATIONS_2018:
            raise bad(
                "relation",
                f"{relation!r} is not one of {', '.join(repr(r) for r in CURATED_RELATIONS_2018)}",
            )
        if level not in CONFIDENCE:
            raise bad("confidence", f"{level!r} is not one of high, medium, low")
        skos_prop, set_rel = CURATED_RELATIONS_2018[relation]
        if (skos_prop is None) != (c18 == ""):
            raise bad(
                "published_2018_clause",
                f"relation {relation!r} {'needs' if skos_prop else 'takes no'} 2018 clause",
            )
        if c18 and not _CLAUSE_NUMBER.fullmatch(c18):
            raise bad("published_2018_clause", f"{c18!r} is not a clause number such as 8.5.1")
        if (c11, c18) in seen:
            raise bad(
                "published_2018_clause",
                f"duplicate pair {c11} -> {c18}; first given in row {seen[(c11, c18)]}",
            )
        seen[(c11, c18)] = row
        for column, key, heading in (
            ("published_2011_heading", ("2011", c11), h11),
            ("published_2018_heading", ("2018", c18), h18),
        ):
            if not key[1]:
                continue
            first = heading_of.setdefault(key, (heading, row))
            if first[0] != heading:
                raise bad(
                    column,
                    f"{heading!r} differs from the heading row {first[1]} gives {key[0]} clause {key[1]}: {first[0]!r}",
                )
        if c18 and c18 not in listed:
            raise bad(
                "published_2018_clause",
                f"{c18!r} is not in the 2018 clause list {CLAUSE_LIST_2018}",
            )
        if c18 and h18 and listed[c18] != h18:
            raise bad(
                "published_2018_heading",
                f"{h18!r} differs from the clause list's heading for {c18}: {listed[c18]!r}",
            )
        records.append(
            MappingRecord(
                subject=str(ns.clause_iri(EDITION_2011, c11)),
                subject_notation=c11,
                subject_label=" ".join(x for x in (label11, c11, h11) if x),
                predicate=ns.SKOS_NS + (skos_prop or "exactMatch"),
                object=str(ns.clause_iri(EDITION_2018, c18)) if c18 else NO_TERM_FOUND,
                object_notation=c18,
                object_label=" ".join(x for x in (label18, c18, h18) if x) if c18 else "",
                justification=ns.SEMAPV_NS + "ManualMappingCuration",
                confidence_level=level,
                confidence=CONFIDENCE[level],
                relationship=set_rel,
                # equal headings were compared (syntactic); every other relation is a reading of
                # scope or structure (semantic)
                rationale=("syntactic" if relation == "renumbered" else "semantic")
                if set_rel
                else None,
                source_relation=relation,
                evidence=cells["evidence"],
                source_line=row,
            )
        )
    return MappingSet(
        name="2011-to-2018",
        title="ISO/IEC 20000-1:2011 to ISO/IEC 20000-1:2018: curated correspondences",
        description=(
            "Clauses of the published ISO/IEC 20000-1:2011 matched to clauses of ISO/IEC 20000-1:2018, one record per "
            "(2011 clause, 2018 clause) pair of the curated table 20000-1-2011-to-2018.csv (built from one partly "
            "readable published correlation table, heading matches, published statements and the curator's judgement; "
            "no official concordance was found). The table's relation and confidence are kept (15 rows high, 24 medium, "
            "37 low); relation -> SKOS and NIST IR 8477: renumbered -> skos:exactMatch, equal; renumbered (retitled) -> "
            "skos:closeMatch, intersects with; split -> skos:relatedMatch, intersects with; merged into broader clause -> "
            "skos:broadMatch, subset of; no corresponding clause -> sssom:NoTermFound. Confidence high/medium/low -> "
            "0.9/0.6/0.3."
        ),
        subject_source=str(ns.document_iri(EDITION_2011)),
        object_source=str(ns.document_iri(EDITION_2018)),
        derived_from=(reference_table_2018_iri(),),
        source_date=provenance_date(path),
        method="human",
        mappings=tuple(records),
    )
