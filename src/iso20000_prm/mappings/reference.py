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
