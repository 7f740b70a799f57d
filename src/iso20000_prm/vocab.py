"""IRIs of the vocabulary and of the data, in one place so every module mints them alike.

The vocabulary (classes, properties) lives under ``VOCAB``; the data the builder emits
(processes, outcomes, clauses, documents) lives under ``DATA``. Both sit under one base so that
the graph can be published and dereferenced as one dataset.
"""

from __future__ import annotations

from urllib.parse import quote

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/iso20000-prm/"
VOCAB_IRI = BASE + "vocab"
PRM = Namespace(VOCAB_IRI + "#")
DATA = Namespace(BASE + "id/")
VANN = Namespace("http://purl.org/vocab/vann/")

PREFIXES: dict[str, Namespace] = {
    "prm": PRM,
    "prmd": DATA,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "vann": VANN,
}

TR_ID = "tr20000-4-2010"


def _seg(text: str) -> str:
    """Percent-encode one path segment so any table value gives a valid IRI."""
    return quote(text, safe="-._~")


def document_iri(doc_id: str):
    return DATA[_seg(doc_id)]


def prm_iri():
    return DATA[f"{TR_ID}/prm"]


def section_iri(section: str):
    return DATA[f"{TR_ID}/section/{_seg(section.lower().replace(' ', '-'))}"]


def process_iri(process_id: str):
    return DATA[f"process/{_seg(process_id)}"]


def outcome_iri(process_id: str, number: int):
    return DATA[f"process/{_seg(process_id)}/outcome/{number}"]


def entry_iri(process_id: str, position: int):
    return DATA[f"process/{_seg(process_id)}/traceability/{position}"]


def clause_iri(doc_id: str, clause: str):
    return DATA[f"{_seg(doc_id)}/clause/{_seg(clause)}"]
