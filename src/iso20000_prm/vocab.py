"""Every namespace and IRI-minting rule of the project: the only module with IRI strings.

The vocabulary (classes, properties) lives under ``VOCAB``; the data the builder emits
(processes, outcomes, clauses, documents) lives under ``DATA``. Both sit under one base so that
the graph can be published and dereferenced as one dataset.

The constants are plain strings, so that the fast paths (a query on the embedded store) can use
them without importing rdflib; the rdflib ``Namespace`` objects (``PRM``, ``DATA``, ``PREFIXES``
...) are made on first use.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote

BASE = "https://w3id.org/iso20000-prm/"
VOCAB_IRI = BASE + "vocab"
PRM_NS = VOCAB_IRI + "#"
DATA_NS = BASE + "id/"
SETREL_NS = BASE + "set-relations#"
GRAPH_IRI = BASE + "graph"  # the named graph of TriG/N-Quads releases and of `load`
CONTEXT_IRI = BASE + "context.jsonld"
DATASET_BASE = BASE + "dataset/"
PROFILE_IRI = BASE + "profile/"
SHAPES_NS = BASE + "shapes#"  # the shipped SHACL shapes

# vocabularies the graph reuses
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_NS = "http://www.w3.org/2000/01/rdf-schema#"
OWL_NS = "http://www.w3.org/2002/07/owl#"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
SKOS_NS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS_NS = "http://purl.org/dc/terms/"
PROV_NS = "http://www.w3.org/ns/prov#"
VANN_NS = "http://purl.org/vocab/vann/"
VOID_NS = "http://rdfs.org/ns/void#"
DCAT_NS = "http://www.w3.org/ns/dcat#"
SH_NS = "http://www.w3.org/ns/shacl#"
SEMAPV_NS = "https://w3id.org/semapv/vocab/"
SSSOM_NS = "https://w3id.org/sssom/"
LINKML_NS = "https://w3id.org/linkml/"
OBOINOWL_NS = "http://www.geneontology.org/formats/oboInOwl#"
PAV_NS = "http://purl.org/pav/"
MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
LICENSE = "https://opensource.org/license/mit"

# prefix -> namespace of the graph's own prefix map (Turtle, JSON-LD context, site CURIEs)
PREFIX_MAP: dict[str, str] = {
    "prm": PRM_NS,
    "prmd": DATA_NS,
    "owl": OWL_NS,
    "rdf": RDF_NS,
    "rdfs": RDFS_NS,
    "xsd": XSD_NS,
    "skos": SKOS_NS,
    "dcterms": DCTERMS_NS,
    "prov": PROV_NS,
    "vann": VANN_NS,
}

TR_ID = "tr20000-4-2010"

_LAZY = {"PRM": PRM_NS, "DATA": DATA_NS, "VANN": VANN_NS, "SETREL": SETREL_NS}


def __getattr__(name: str):
    """rdflib Namespace objects, made on first use (rdflib is not imported before)."""
    if name in _LAZY:
        from rdflib import Namespace

        value = Namespace(_LAZY[name])
    elif name == "PREFIXES":
        from rdflib import Namespace

        value = {prefix: Namespace(ns) for prefix, ns in PREFIX_MAP.items()}
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def clause_key(text: str | None) -> tuple:
    """Natural sort key of a clause or process number: ``"5.10"`` after ``"5.9"``, ``"06.4"``
    beside ``"6.4"``; digit runs compare as numbers, the rest as text; no number sorts first."""
    if not text:
        return ()
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in re.findall(r"\d+|\D+", text)
    )


@lru_cache(maxsize=65536)  # the same process, document and clause ids come back row after row
def _seg(text: str) -> str:
    """Percent-encode one path segment so any table value gives a valid IRI."""
    return quote(text, safe="-._~")


def _iri(path: str):
    from rdflib import URIRef

    return URIRef(DATA_NS + path)


def document_iri(doc_id: str):
    return _iri(_seg(doc_id))


def prm_iri():
    return _iri(f"{TR_ID}/prm")


def section_iri(section: str):
    return _iri(f"{TR_ID}/section/{_seg(section.lower().replace(' ', '-'))}")


def process_iri(process_id: str):
    return _iri(f"process/{_seg(process_id)}")


def outcome_iri(process_id: str, number: int):
    return _iri(f"process/{_seg(process_id)}/outcome/{number}")


def entry_iri(process_id: str, position: int):
    return _iri(f"process/{_seg(process_id)}/traceability/{position}")


def clause_iri(doc_id: str, clause: str):
    return _iri(f"{_seg(doc_id)}/clause/{_seg(clause)}")


# ---------------------------------------------------------------- assessment (issue 19)
ASSESSMENT_IRI = BASE + "assessment"  # the assessment vocabulary (ontology/assessment.ttl)
ASMT_NS = ASSESSMENT_IRI + "#"
EARL_NS = "http://www.w3.org/ns/earl#"
DQV_NS = "http://www.w3.org/ns/dqv#"
CCCEV_NS = "http://data.europa.eu/m8g/"
# the assessment data of one assessment sits under a base of its own (never under BASE):
# ASSESSMENT_DATA_BASE + the assessment's identifier + "/" unless the workbook names a base
ASSESSMENT_DATA_BASE = "urn:x-iso20000-prm-assessment:"
ASSESSMENT_PREFIX_MAP: dict[str, str] = {
    "asmt": ASMT_NS,
    "earl": EARL_NS,
    "dqv": DQV_NS,
    "cccev": CCCEV_NS,
}


# ---------------------------------------------------------------- frameworks (issue 21)
# ITIL 4 practices and COBIT 2019 objectives as SKOS concept schemes (names and identifiers only)
FRAMEWORK_ITIL4 = "itil4"
FRAMEWORK_COBIT2019 = "cobit2019"
FRAMEWORK_ITEM_KIND = {FRAMEWORK_ITIL4: "practice", FRAMEWORK_COBIT2019: "objective"}


def framework_iri(framework: str):
    """The concept scheme of a framework: ``id/itil4``, ``id/cobit2019``."""
    return _iri(_seg(framework))


def framework_item_iri(framework: str, identifier: str):
    """One practice (``id/itil4/practice/change-enablement``) or objective
    (``id/cobit2019/objective/BAI06``)."""
    return _iri(f"{_seg(framework)}/{FRAMEWORK_ITEM_KIND[framework]}/{_seg(identifier)}")


def framework_group_iri(framework: str, group: str):
    """A category (ITIL) or domain/objective type (COBIT) as a skos:Collection."""
    slug = "-".join("".join(ch if ch.isalnum() else " " for ch in group.lower()).split())
    return _iri(f"{_seg(framework)}/group/{_seg(slug)}")
