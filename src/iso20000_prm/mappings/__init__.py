"""Graph -> mappings: the mapping sets between editions of ISO/IEC 20000-1, SSSOM and OSCAL
exports, and linking a user's set into the graph.

Two sets ship with the graph:

* ``1ed-to-2ed-draft``: first edition (2005) -> 2010 draft of the second edition, derived from
  the TR itself (:mod:`.derive`);
* ``2ed-draft-to-2011``: 2010 draft -> published ISO/IEC 20000-1:2011, from the curated
  reference table shipped in ``reference/`` (:mod:`.reference`).

:mod:`.model` holds the types they share, :mod:`.rdf` states them in the graph, :mod:`.sssom`
and :mod:`.oscal` export them, :mod:`.link` merges a user's set. Nothing here imports rdflib
until a graph is made.
"""

from __future__ import annotations

from iso20000_prm.mappings.derive import derive_edition_mappings
from iso20000_prm.mappings.model import MappingRecord, MappingSet
from iso20000_prm.mappings.rdf import add_mapping_set, add_mapping_sets
from iso20000_prm.mappings.reference import derive_reference_mappings, reference_table

__all__ = [
    "MappingRecord",
    "MappingSet",
    "add_mapping_set",
    "add_mapping_sets",
    "derive_edition_mappings",
    "derive_reference_mappings",
    "mapping_sets",
    "reference_table",
]


def mapping_sets(tables=None) -> dict[str, MappingSet]:
    """Both shipped mapping sets, by name (tables: a Tables, a folder, or None for the shipped ones).

    A set whose documents (by id: iso20000-1-2005, iso20000-1-2ed-draft) an edited copy of the
    tables lacks is left out rather than guessed.
    """
    from iso20000_prm.tables.read import Tables, load_tables

    if not isinstance(tables, Tables):
        tables = load_tables(tables)
    sets = (derive_edition_mappings(tables), derive_reference_mappings(tables))
    return {s.name: s for s in sets if s is not None}
