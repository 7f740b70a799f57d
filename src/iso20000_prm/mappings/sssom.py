"""Mapping sets as SSSOM TSV (Simple Standard for Sharing Ontological Mappings), both ways.

Writing: a YAML metadata block (lines starting with ``#``, with the ``curie_map``) and one row per
mapping, in a fixed column and row order, so the same set gives the same bytes. Reading: a
user's SSSOM TSV file, checked as strictly as the source tables, each problem reported with
file, line and column, so that ``iso20000-prm link`` can merge it into the graph.
The ``sssom`` package is not needed for either; the tests use it to validate what we write.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from pathlib import Path

from iso20000_prm import vocab as ns
from iso20000_prm.errors import PRMError
from iso20000_prm.mappings.model import (
    EDITION_1,
    EDITION_2_DRAFT,
    EDITION_2011,
    EDITION_2018,
    MappingRecord,
    MappingSet,
)

SSSOM_VERSION = "1.0"
# Prefixes every SSSOM file may use without declaring them (SSSOM built-in prefixes).
BUILTIN_PREFIXES = {
    "sssom": ns.SSSOM_NS,
    "owl": ns.OWL_NS,
    "rdf": ns.RDF_NS,
    "rdfs": ns.RDFS_NS,
    "skos": ns.SKOS_NS,
    "semapv": ns.SEMAPV_NS,
    "xsd": ns.XSD_NS,
    "linkml": ns.LINKML_NS,
    "dcterms": ns.DCTERMS_NS,
    "oboInOwl": ns.OBOINOWL_NS,
    "pav": ns.PAV_NS,
}
# Our own prefixes in exported files: one per document whose clauses are mapped.
CLAUSE_PREFIXES = {
    doc: str(ns.clause_iri(doc, ""))
    for doc in (EDITION_1, EDITION_2_DRAFT, EDITION_2011, EDITION_2018)
}
# PRM processes and the framework items they are mapped to (issue 21): one prefix each
FRAMEWORK_PREFIXES = {
    "prmprocess": str(ns.process_iri("")),
    ns.FRAMEWORK_ITIL4: str(ns.framework_item_iri(ns.FRAMEWORK_ITIL4, "")),
    ns.FRAMEWORK_COBIT2019: str(ns.framework_item_iri(ns.FRAMEWORK_COBIT2019, "")),
}
COLUMNS = (
    "subject_id",
    "subject_label",
    "predicate_id",
    "object_id",
    "object_label",
    "mapping_justification",
    "confidence",
    "similarity_score",
    "similarity_measure",
    "see_also",
    "comment",
)
REQUIRED_COLUMNS = ("subject_id", "predicate_id", "object_id", "mapping_justification")


class SSSOMError(PRMError):
    """A SSSOM file cannot be read: names the file, line and column at fault."""

    def __init__(
        self, path: Path | str, message: str, line: int | None = None, column: str | None = None
    ):
        where = str(path)
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column '{column}'"
        self.path, self.line, self.column = Path(path), line, column
        super().__init__(f"{where}: {message}")


# ---------------------------------------------------------------- writing
def _curie(iri: str, prefixes: dict[str, str]) -> str:
    for prefix, base in sorted(prefixes.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(base) and iri != base:
            return f"{prefix}:{iri[len(base) :]}"
    return iri


def _number(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def _comment(m: MappingRecord) -> str:
    parts = []
    if m.relationship:
        parts.append(f"NIST IR 8477 set relationship: {m.relationship} ({m.rationale} rationale)")
    if m.source_relation:
        parts.append(f"relation in the source table: {m.source_relation}")
    if m.confidence_level:
        parts.append(f"confidence: {m.confidence_level}")
    if m.chain:  # a chained record: see_also holds its hops (record IRIs), in order
        parts.append(f"chain: {m.chain}")
    if m.evidence and not m.chain:
        parts.append(f"evidence: {m.evidence}")
    return "; ".join(parts)


def _clean(text: str) -> str:
    """TSV cells cannot hold tabs or line breaks."""
    return " ".join(text.split())


def to_sssom_tsv(mset: MappingSet) -> bytes:
    """``mset`` as SSSOM TSV bytes (UTF-8, LF line ends), deterministic."""
    import yaml

    prefixes = {
        **{k: v for k, v in BUILTIN_PREFIXES.items() if k in ("skos", "semapv", "sssom")},
        **CLAUSE_PREFIXES,
        **FRAMEWORK_PREFIXES,
    }
    rows = []
    for m in mset.mappings:
        rows.append(
            {
                "subject_id": _curie(m.subject, prefixes),
                "subject_label": m.subject_label,
                "predicate_id": _curie(m.predicate, prefixes),
                "object_id": _curie(m.object, prefixes),
                "object_label": m.object_label,
                "mapping_justification": _curie(m.justification, prefixes),
                "confidence": _number(m.confidence),
                "similarity_score": _number(m.similarity_score),
                "similarity_measure": m.similarity_measure or "",
                # chained records: the IRIs of the records composed, in order ("|" separates
                # the values of a multivalued SSSOM slot)
                "see_also": "|".join(m.hops),
                "comment": _comment(m),
            }
        )
    used = {
        cell.split(":", 1)[0]
        for r in rows
        for k, cell in r.items()
        if k.endswith("_id") or k == "mapping_justification"
    }
    columns = [c for c in COLUMNS if c in REQUIRED_COLUMNS or any(r[c] for r in rows)]
    meta = {
        "curie_map": {k: v for k, v in sorted(prefixes.items()) if k in used},
        "mapping_set_id": mset.iri,
        "mapping_set_version": _package_version(),
        "mapping_set_title": mset.title,
        "mapping_set_description": mset.description
        + f" Date of the source data: {mset.source_date}.",
        "license": ns.LICENSE,
        "subject_source": mset.subject_source,
        "object_source": mset.object_source,
        "mapping_tool": "iso20000-prm",
        "mapping_tool_version": _package_version(),
        "see_also": list(mset.derived_from),
        "sssom_version": SSSOM_VERSION,
    }
    header = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100000)
    out = io.StringIO()
    for line in header.splitlines():
        out.write(f"#{line}\n")
    writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    for r in rows:
        writer.writerow([_clean(r[c]) for c in columns])
    return out.getvalue().encode("utf-8")


def _package_version() -> str:
    from iso20000_prm import __version__

    return __version__


# ---------------------------------------------------------------- reading
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]+$")


def _expand(value: str, prefixes: dict[str, str], path, line, column) -> str:
    if not value:
        raise SSSOMError(
            path, "is empty; expected a CURIE such as skos:exactMatch or a full IRI", line, column
        )
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    prefix, sep, local = value.partition(":")
    if sep and prefix in prefixes and not local.startswith("//"):
        iri = prefixes[prefix] + local
        if not _IRI.match(iri):
            raise SSSOMError(
                path,
                f"{value!r} expands to {iri!r}, which is not a valid IRI (spaces or forbidden characters)",
                line,
                column,
            )
        return iri
    if sep and (local.startswith("//") or prefix == "urn") and _IRI.match(value):
        return value
    if sep and prefix not in prefixes:
        raise SSSOMError(
            path,
            f"prefix {prefix!r} of {value!r} is not in the curie_map; add it to the '# curie_map:' block",
            line,
            column,
        )
    raise SSSOMError(path, f"{value!r} is not a CURIE or an IRI", line, column)


def _decimal(value: str, path, line, column) -> Decimal | None:
    if value == "":
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise SSSOMError(
            path, f"{value!r} is not a number; expected a value from 0 to 1", line, column
        ) from None
    if not number.is_finite() or not (Decimal(0) <= number <= Decimal(1)):
        raise SSSOMError(path, f"{value} is outside 0..1", line, column)
    return number


def _notation(iri: str) -> str:
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


class _NoAliasLoader:
    """A YAML SafeLoader that refuses anchors and aliases: a metadata block never needs them,
    and a few hundred bytes of nested aliases expand into gigabytes ("billion laughs")."""

    _cls = None

    @classmethod
    def get(cls):
        if cls._cls is None:
            import yaml

            class Loader(yaml.SafeLoader):
                def compose_node(self, parent, index):
                    event = self.peek_event()
                    if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                        raise yaml.YAMLError(
                            f"line {event.start_mark.line + 1}: YAML anchors and aliases "
                            "(&name, *name) are not accepted in the metadata block"
                        )
                    return super().compose_node(parent, index)

            cls._cls = Loader
        return cls._cls


def read_metadata(path: Path | str) -> dict:
    """The metadata block of a SSSOM TSV file (its leading ``#`` lines) as a dict."""
    import yaml

    path = Path(path)
    if path.is_dir():
        raise SSSOMError(path, "is a folder; expected a SSSOM TSV mapping set")
    if path.exists() and not path.is_file():
        raise SSSOMError(path, "is not a regular file; expected a SSSOM TSV mapping set")
    if not path.is_file():
        raise SSSOMError(path, "no such file; expected a SSSOM TSV mapping set")
    meta_lines = []
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            for line in handle:
                if not line.startswith("#"):
                    break
                meta_lines.append(line[1:].rstrip("\r\n"))
                if len(meta_lines) > 10_000:
                    raise SSSOMError(path, "metadata block is longer than 10000 lines", line=1)
    except UnicodeDecodeError:
        raise SSSOMError(path, "not UTF-8; save the mapping set as UTF-8 TSV") from None
    except OSError as exc:
        raise SSSOMError(path, f"cannot be read: {exc.strerror or exc}") from None
    try:
        meta = yaml.load("\n".join(meta_lines), Loader=_NoAliasLoader.get()) if meta_lines else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SSSOMError(
            path,
            f"metadata block is not valid YAML ({getattr(exc, 'problem', None) or exc})",
            line=(mark.line + 1) if mark else 1,
        ) from None
    except RecursionError:
        raise SSSOMError(path, "metadata block is nested too deeply", line=1) from None
    if not isinstance(meta, dict):
        raise SSSOMError(path, "metadata block is not a YAML mapping of slot: value", line=1)
    return meta


def _slot(meta: dict, name: str, path) -> str:
    """A metadata slot that must be a plain value (text, number, date), as text."""
    value = meta.get(name)
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        raise SSSOMError(path, f"{name} must be a single value, not a list or mapping", line=1)
    return str(value)


def read_sssom(path: Path | str) -> tuple[MappingSet, dict]:
    """Read a SSSOM TSV file: (the mapping set, the metadata block as a dict).

    The body is read by the one strict table reader
    (:func:`iso20000_prm.tables.read.read_rows`): UTF-8, no NUL, well-formed quoting, no cell
    over its length limit, as many cells as the header, errors naming file, line and column.
    """
    from iso20000_prm.errors import TableError
    from iso20000_prm.tables.read import read_rows

    path = Path(path)
    meta = read_metadata(path)
    curie_map = meta.get("curie_map") or {}
    if not isinstance(curie_map, dict) or any(
        isinstance(v, (dict, list)) for v in curie_map.values()
    ):
        raise SSSOMError(path, "curie_map is not a mapping of prefix: IRI", line=1)
    prefixes = {**BUILTIN_PREFIXES, **{str(k): str(v) for k, v in curie_map.items()}}
    set_id = _slot(meta, "mapping_set_id", path)
    if not set_id:
        raise SSSOMError(
            path,
            "metadata has no mapping_set_id; SSSOM requires the IRI of the mapping set",
            line=1,
        )
    set_iri = _expand(set_id, prefixes, path, 1, "mapping_set_id")
    try:
        rows = read_rows(
            path, REQUIRED_COLUMNS, delimiter="\t", comment_prefix="#", extra_columns=True
        )
    except TableError as exc:
        raise SSSOMError(path, exc.message, line=exc.row, column=exc.column) from None
    records: list[MappingRecord] = []
    for line, cells in rows:
        row = {k: v.strip() for k, v in cells.items()}
        subject = _expand(row["subject_id"], prefixes, path, line, "subject_id")
        predicate = _expand(row["predicate_id"], prefixes, path, line, "predicate_id")
        obj = _expand(row["object_id"], prefixes, path, line, "object_id")
        justification = _expand(
            row["mapping_justification"], prefixes, path, line, "mapping_justification"
        )
        if not justification.startswith(ns.SEMAPV_NS):
            raise SSSOMError(
                path,
                f"{row['mapping_justification']!r} is not a semapv term such as semapv:ManualMappingCuration",
                line,
                "mapping_justification",
            )
        modifier = row.get("predicate_modifier", "")
        if modifier not in ("", "Not"):
            raise SSSOMError(
                path,
                f"{modifier!r} is not a predicate modifier; SSSOM allows only 'Not'",
                line,
                "predicate_modifier",
            )
        record = MappingRecord(
            subject=subject,
            subject_notation=_notation(subject),
            subject_label=row.get("subject_label", ""),
            predicate=predicate,
            object=obj,
            object_notation=_notation(obj),
            object_label=row.get("object_label", ""),
            justification=justification,
            confidence=_decimal(row.get("confidence", ""), path, line, "confidence"),
            similarity_score=_decimal(
                row.get("similarity_score", ""), path, line, "similarity_score"
            ),
            similarity_measure=row.get("similarity_measure") or None,
            evidence=row.get("comment", ""),
            source_line=line,
        )
        if modifier == "Not":
            record = replace(record, negated=True)
        records.append(record)
    if not records:
        raise SSSOMError(path, "has no mapping rows")
    sources = {}
    for slot in ("subject_source", "object_source"):
        value = _slot(meta, slot, path)
        sources[slot] = _expand(value, prefixes, path, 1, slot) if value else ""
    title = _slot(meta, "mapping_set_title", path)
    desc = _slot(meta, "mapping_set_description", path) or f"Mapping set read from {path.name}."
    see_also = _as_list(meta.get("see_also"))
    if any(isinstance(x, (dict, list)) for x in see_also):
        raise SSSOMError(path, "see_also must be a list of IRIs", line=1)
    mset = MappingSet(
        name=title or path.name,
        title=title or f"Mapping set {set_iri}",
        description=desc,
        subject_source=sources["subject_source"],
        object_source=sources["object_source"],
        derived_from=tuple(str(x) for x in see_also),
        source_date=_slot(meta, "publication_date", path) or _slot(meta, "mapping_date", path),
        method="human",
        mappings=tuple(records),
        iri=set_iri,
    )
    return mset, meta


def read_sssom_tsv(path: Path | str) -> MappingSet:
    """Read a SSSOM TSV file (metadata block embedded) into a :class:`MappingSet`.

    Needs ``mapping_set_id`` in the metadata (the set's IRI in the graph) and the columns
    subject_id, predicate_id, object_id, mapping_justification; confidence, labels, comment and
    similarity are kept when present. Rows with ``predicate_modifier`` ``Not`` become records
    without a direct triple.
    """
    return read_sssom(path)[0]


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def user_record_iri(set_iri: str, record: MappingRecord) -> str:
    """Records of a user's set get IRIs under our data namespace, from a hash of what they state."""
    key = "\t".join(
        (set_iri, record.subject, record.predicate, record.object, "Not" if record.negated else "")
    )
    return str(ns.DATA[f"mapping-record/{hashlib.sha256(key.encode('utf-8')).hexdigest()[:20]}"])
