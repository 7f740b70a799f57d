"""Knowledge graph and RDF vocabulary of ISO/IEC TR 20000-4:2010, the process reference model.

The public API is imported lazily, so that commands which do not need rdflib (such as a query
on the embedded store) start fast::

    from iso20000_prm import build_graph, load_tables
    graph = build_graph()            # rdflib.Graph: vocabulary + data from the shipped tables
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_EXPORTS = {
    "build_graph": "graph.build",
    "load_ontology": "graph.build",
    "clean_outcome_label": "graph.build",
    "load_tables": "tables.read",
    "Tables": "tables.read",
    "PRMError": "errors",
    "TableError": "errors",
    "GraphInputError": "errors",
    "PRM": "vocab",
    "DATA": "vocab",
    "serialize": "graph.formats",
    "write_atomic": "files",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str):
    if name in _EXPORTS:
        module = importlib.import_module(f".{_EXPORTS[name]}", __name__)
        return getattr(module, name)
    raise AttributeError(f"module 'iso20000_prm' has no attribute {name!r}")


def __dir__():
    return __all__
