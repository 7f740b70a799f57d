"""PRM processes -> ITIL 4 practices and COBIT 2019 objectives, from curated crosswalks.

Four tables shipped verbatim in ``reference/`` with their provenance (``prm-to-frameworks.md``):
the two target vocabularies (``itil4-practices.csv``, ``cobit2019-objectives.csv``: identifier,
name, category or domain, the sources of each name) and the two crosswalks (``prm-to-itil4.csv``,
``prm-to-cobit2019.csv``: one row per (PRM process, target) pair with relation, confidence and
evidence). Names and identifiers only: no text of ITIL or COBIT.

Each crosswalk becomes a mapping set (``prm-to-itil4``, ``prm-to-cobit2019``) like the edition
sets: a SKOS mapping property read from the row's relation, the row's confidence kept as given,
its evidence, and a NIST IR 8477 relationship read from the relation by :data:`RELATIONS` (the
provenance defines each relation word by scope: "the target contains the PRM process and more"
is a subset). Every table is read by the one strict reader; a bad row is one error naming file,
row and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from iso20000_prm import vocab as ns
from iso20000_prm.errors import TableError
from iso20000_prm.mappings.model import CONFIDENCE, MappingRecord, MappingSet

ITIL_PRACTICES = "itil4-practices.csv"
COBIT_OBJECTIVES = "cobit2019-objectives.csv"
PRM_TO_ITIL = "prm-to-itil4.csv"
PRM_TO_COBIT = "prm-to-cobit2019.csv"
PROVENANCE = "prm-to-frameworks.md"

ITIL_COLUMNS = ("target_id", "target_name", "category", "name_sources", "note")
COBIT_COLUMNS = (
    "target_id",
    "target_name",
    "domain",
    "objective_type",
    "name_sources",
    "related_guidance_iso_iec_20000_1_2011",
    "note",
)
CROSSWALK_COLUMNS = (
    "prm_clause",
    "prm_process",
    "target_id",
    "target_name",
    "relation",
    "confidence",
    "evidence",
)

# relation word (read from the PRM process to the target; prm-to-frameworks.md section 5) ->
# (SKOS mapping property, NIST IR 8477 relationship). The provenance defines each word by scope:
# exact: same subject and scope -> equal; broad: the target contains the process and more ->
# subset of; narrow: the target covers a part of the process -> superset of; close: same core
# subject, scopes differ in detail -> intersects with; related: the subjects overlap, neither
# contains the other -> intersects with.
RELATIONS: dict[str, tuple[str, str]] = {
    "exact": ("exactMatch", "equal"),
    "close": ("closeMatch", "intersectsWith"),
    "broad": ("broadMatch", "subsetOf"),
    "narrow": ("narrowMatch", "supersetOf"),
    "related": ("relatedMatch", "intersectsWith"),
}

_COBIT_ID = re.compile(r"(EDM|APO|BAI|DSS|MEA)[0-9]{2}")


@dataclass(frozen=True)
class Framework:
    """One framework as the graph holds it."""

    key: str  # vocab.FRAMEWORK_ITIL4 | vocab.FRAMEWORK_COBIT2019
    name: str  # "ITIL 4"
    title: str
    item_kind: str  # practice | objective
    vocabulary: str  # file name of the target list
    crosswalk: str  # file name of the PRM -> target table
    set_name: str  # mapping set name

    @property
    def iri(self) -> str:
        return str(ns.framework_iri(self.key))

    def item_iri(self, identifier: str) -> str:
        return str(ns.framework_item_iri(self.key, identifier))


ITIL4 = Framework(
    ns.FRAMEWORK_ITIL4,
    "ITIL 4",
    "ITIL 4 practices",
    "practice",
    ITIL_PRACTICES,
    PRM_TO_ITIL,
    "prm-to-itil4",
)
COBIT2019 = Framework(
    ns.FRAMEWORK_COBIT2019,
    "COBIT 2019",
    "COBIT 2019 governance and management objectives",
    "objective",
    COBIT_OBJECTIVES,
    PRM_TO_COBIT,
    "prm-to-cobit2019",
)
FRAMEWORKS = (ITIL4, COBIT2019)


@dataclass(frozen=True)
class FrameworkItem:
    """One ITIL 4 practice or COBIT 2019 objective (names and identifiers only)."""

    framework: str  # Framework.key
    identifier: str  # change-enablement | BAI06
    name: str
    groups: tuple[str, ...]  # ITIL: (category,); COBIT: (domain, objective type)
    name_sources: str
    related_guidance: str = ""  # COBIT: the 20000-1:2011 clauses COBIT 2019 cites
    note: str = ""
    row: int = 0


def reference_file(name: str) -> Path:
    from iso20000_prm.files import reference_dir

    return reference_dir() / name


def table_iri(file_name: str) -> str:
    return f"{ns.DATA_NS}reference/{Path(file_name).stem}"


def slug(name: str) -> str:
    """The ITIL identifier rule of the provenance: lower case, each run of other characters `-`."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def read_items(framework: Framework, path: Path | str | None = None) -> dict[str, FrameworkItem]:
    """The target list of ``framework``, by identifier, in file order."""
    from iso20000_prm.tables.read import read_rows

    path = Path(path) if path is not None else reference_file(framework.vocabulary)
    itil = framework.key == ns.FRAMEWORK_ITIL4
    items: dict[str, FrameworkItem] = {}
    names: dict[str, int] = {}
    for row, cells in read_rows(path, ITIL_COLUMNS if itil else COBIT_COLUMNS):

        def bad(column: str, message: str) -> TableError:
            return TableError(path, message, row=row, column=column)

        ident, name = cells["target_id"], cells["target_name"]
        if not name.strip() or name != name.strip():
            raise bad("target_name", f"{name!r} is empty or has surrounding white space")
        if itil and ident != slug(name):
            raise bad("target_id", f"{ident!r} is not the slug of its name: {slug(name)!r}")
        if not itil and not _COBIT_ID.fullmatch(ident):
            raise bad("target_id", f"{ident!r} is not a COBIT 2019 objective code such as BAI06")
        if ident in items:
            raise bad("target_id", f"duplicate {ident!r}; first given in row {items[ident].row}")
        if name.lower() in names:
            raise bad(
                "target_name", f"duplicate name {name!r}; first given in row {names[name.lower()]}"
            )
        names[name.lower()] = row
        groups = (cells["category"],) if itil else (cells["domain"], cells["objective_type"])
        for column, value in zip(("category",) if itil else ("domain", "objective_type"), groups):
            if not value.strip():
                raise bad(column, "empty")
        if not itil and cells["objective_type"] not in ("governance", "management"):
            raise bad(
                "objective_type", f"{cells['objective_type']!r} is not governance or management"
            )
        items[ident] = FrameworkItem(
            framework=framework.key,
            identifier=ident,
            name=name,
            groups=groups,
            name_sources=cells["name_sources"],
            related_guidance="" if itil else cells["related_guidance_iso_iec_20000_1_2011"],
            note=cells["note"],
            row=row,
        )
    return items


def derive_framework_mappings(
    tables, framework: Framework, path: Path | str | None = None, items=None
) -> MappingSet:
    """PRM process -> ``framework`` item, one record per row of the crosswalk, relation and
    confidence kept as given. Checks: the process (clause and name as in processes.csv), the target
    (identifier and name as in the target list), the relation and confidence words, one row per
    pair."""
    from iso20000_prm.tables.read import read_rows

    path = Path(path) if path is not None else reference_file(framework.crosswalk)
    items = items if items is not None else read_items(framework)
    processes = {p.clause: p for p in tables.processes}
    tr = next((d.identifier for d in tables.documents if d.id == ns.TR_ID), "ISO/IEC TR 20000-4")
    records = []
    seen: dict[tuple[str, str], int] = {}
    for row, cells in read_rows(path, CROSSWALK_COLUMNS):

        def bad(column: str, message: str) -> TableError:
            return TableError(path, message, row=row, column=column)

        clause, ident = cells["prm_clause"], cells["target_id"]
        if clause not in processes:
            raise bad("prm_clause", f"{clause!r} is not a process of processes.csv")
        process = processes[clause]
        if cells["prm_process"] != process.name:
            raise bad(
                "prm_process",
                f"{cells['prm_process']!r} differs from the name of process {clause}: {process.name!r}",
            )
        if ident not in items:
            raise bad("target_id", f"{ident!r} is not in {framework.vocabulary}")
        item = items[ident]
        if cells["target_name"] != item.name:
            raise bad(
                "target_name",
                f"{cells['target_name']!r} differs from the name {framework.vocabulary} gives {ident}: {item.name!r}",
            )
        relation, level = cells["relation"], cells["confidence"]
        if relation not in RELATIONS:
            raise bad("relation", f"{relation!r} is not one of {', '.join(RELATIONS)}")
        if level not in CONFIDENCE:
            raise bad("confidence", f"{level!r} is not one of high, medium, low")
        if (clause, ident) in seen:
            raise bad(
                "target_id",
                f"duplicate pair {clause} -> {ident}; first given in row {seen[(clause, ident)]}",
            )
        seen[(clause, ident)] = row
        skos_prop, set_rel = RELATIONS[relation]
        shown = ident if framework.key == ns.FRAMEWORK_COBIT2019 else ""
        records.append(
            MappingRecord(
                subject=str(ns.process_iri(process.id)),
                subject_notation=clause,
                subject_label=f"{tr} {clause} {process.name}",
                predicate=ns.SKOS_NS + skos_prop,
                object=framework.item_iri(ident),
                object_notation=ident,
                object_label=" ".join(x for x in (framework.name, shown, item.name) if x),
                justification=ns.SEMAPV_NS + "ManualMappingCuration",
                confidence_level=level,
                confidence=CONFIDENCE[level],
                relationship=set_rel,
                rationale="semantic",
                source_relation=relation,
                evidence=cells["evidence"],
                source_line=row,
            )
        )
    counts = {w: sum(1 for m in records if m.confidence_level == w) for w in CONFIDENCE}
    from iso20000_prm.mappings.reference import provenance_date

    return MappingSet(
        name=framework.set_name,
        title=f"{tr} processes to {framework.title}: curated crosswalk",
        description=(
            f"Each process of the process reference model of {tr} matched to the {framework.title} a practitioner would "
            f"link it to, one record per (process, {framework.item_kind}) pair of the curated table {framework.crosswalk} "
            f"(sources, rules and what is uncertain in {PROVENANCE}; no published mapping between the TR and "
            f"{framework.name} was found). Names and identifiers only. The table's relation and confidence are kept "
            f"({counts['high']} rows high, {counts['medium']} medium, {counts['low']} low); relation -> SKOS and "
            "NIST IR 8477, read from the PRM process to the target: exact -> skos:exactMatch, equal; close -> "
            "skos:closeMatch, intersects with; broad -> skos:broadMatch, subset of; narrow -> skos:narrowMatch, "
            "superset of; related -> skos:relatedMatch, intersects with. Confidence high/medium/low -> 0.9/0.6/0.3."
        ),
        subject_source=str(ns.prm_iri()),
        object_source=framework.iri,
        derived_from=(table_iri(framework.crosswalk), table_iri(framework.vocabulary)),
        source_date=provenance_date(path),
        method="human",
        mappings=tuple(records),
    )


def framework_sets(tables) -> dict[str, MappingSet]:
    """The two crosswalk sets, by name (``prm-to-itil4``, ``prm-to-cobit2019``).

    The crosswalks name the TR's processes: tables whose processes (clause and name) differ from
    the shipped ones (an edited copy, a synthetic PRM) get no crosswalk rather than a guessed
    one; with the shipped processes, a crosswalk row naming an unknown process is an error."""
    out: dict[str, MappingSet] = {}
    for fw in FRAMEWORKS:
        try:
            out[fw.set_name] = derive_framework_mappings(tables, fw)
        except TableError as exc:
            if exc.column in ("prm_clause", "prm_process") and not _shipped_processes(tables):
                continue
            raise
    return out


def _shipped_processes(tables) -> bool:
    from iso20000_prm.tables.read import load_tables

    def key(t):
        return sorted((p.clause, p.name) for p in t.processes)

    return key(tables) == key(load_tables())
