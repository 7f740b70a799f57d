"""Graph -> mappings: the mapping sets between editions of ISO/IEC 20000-1, SSSOM and OSCAL
exports, and linking a user's set into the graph.

Two sets ship with the graph:

* ``1ed-to-2ed-draft``: first edition (2005) -> 2010 draft of the second edition, derived from
  the TR itself (:mod:`.derive`);
* ``2ed-draft-to-2011``: 2010 draft -> published ISO/IEC 20000-1:2011, from the curated
  reference table shipped in ``reference/`` (:mod:`.reference`);
* ``2011-to-2018``: published 2011 -> ISO/IEC 20000-1:2018, from the second curated table
  (:mod:`.reference`);

and the chained sets derived from them (:mod:`.chain`): ``2ed-draft-to-2018``, ``1ed-to-2011``,
``1ed-to-2018``, kept apart from the curated ones; and the two crosswalks from the PRM's
processes to ITIL 4 practices and COBIT 2019 objectives (:mod:`.frameworks`): ``prm-to-itil4``,
``prm-to-cobit2019``.

:mod:`.model` holds the types they share, :mod:`.rdf` states them in the graph, :mod:`.sssom`
and :mod:`.oscal` export them, :mod:`.link` merges a user's set. Nothing here imports rdflib
until a graph is made.
"""

from __future__ import annotations

from iso20000_prm.mappings.derive import derive_edition_mappings
from iso20000_prm.mappings.model import MappingRecord, MappingSet
from iso20000_prm.mappings.rdf import add_mapping_set, add_mapping_sets
from iso20000_prm.mappings.reference import (
    derive_2018_mappings,
    derive_reference_mappings,
    reference_table,
)

__all__ = [
    "MappingRecord",
    "MappingSet",
    "add_mapping_set",
    "add_mapping_sets",
    "compare_clause",
    "derive_2018_mappings",
    "derive_edition_mappings",
    "derive_reference_mappings",
    "mapping_sets",
    "reference_table",
]


def compare_clause(edition, clause, tables=None):
    """One clause of any edition, its counterparts in the others (see :mod:`.compare`)."""
    from iso20000_prm.mappings.compare import compare_clause as compare

    return compare(edition, clause, tables)


def mapping_sets(tables=None, derived: bool = True) -> dict[str, MappingSet]:
    """The shipped mapping sets, by name (tables: a Tables, a folder, or None for the shipped
    ones): the three direct sets, then (``derived``) the chained sets composed from them.

    A set whose documents (by id: iso20000-1-2005, iso20000-1-2ed-draft) an edited copy of the
    tables lacks is left out rather than guessed.
    """
    from iso20000_prm.tables.read import Tables, load_tables

    if not isinstance(tables, Tables):
        tables = load_tables(tables)
    from iso20000_prm.mappings.chain import derived_sets

    sets = (
        derive_edition_mappings(tables),
        derive_reference_mappings(tables),
        derive_2018_mappings(),
    )
    direct = {s.name: s for s in sets if s is not None}
    from iso20000_prm.mappings.frameworks import framework_sets

    frameworks = framework_sets(tables)
    return {**direct, **derived_sets(direct), **frameworks} if derived else {**direct, **frameworks}
