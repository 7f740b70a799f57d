"""Knowledge graph and RDF vocabulary of ISO/IEC TR 20000-4:2010, the process reference model.

The public API: every command of the ``iso20000-prm`` CLI is a call of one of these. Names are
imported on first use, so that commands which do not need rdflib (such as a query on the
embedded store) start fast::

    from iso20000_prm import build_graph, load_graph, validate, run_query, write_release
    graph = build_graph()            # rdflib.Graph: vocabulary + data from the shipped tables
    graph = load_graph()             # "the graph": the last build if it exists, else built
    validate(graph).conforms
    run_query("processes").rows
    write_release(graph, "open", ["all"], "dist")

"The graph" follows one rule everywhere (:mod:`iso20000_prm.graph.source`): a graph file you
name; else the source tables you name (built in memory); else the last build
(``build/iso20000-prm.ttl``) if it exists; else the graph built in memory from the shipped tables.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

# public name -> (module under iso20000_prm, attribute)
_EXPORTS = {
    # tables
    "load_tables": ("tables.read", "load_tables"),
    "Tables": ("tables.read", "Tables"),
    "synthesize": ("tables.synthetic", "synthesize"),
    "write_tables": ("tables.synthetic", "write_tables"),
    # graph
    "build_graph": ("graph.build", "build_graph"),
    "load_ontology": ("graph.build", "load_ontology"),
    "clean_outcome_label": ("graph.build", "clean_outcome_label"),
    "read_graph": ("graph.read", "read_graph"),
    "load_graph": ("graph.source", "load_graph"),
    "graph_file": ("graph.source", "graph_file"),
    "serialize": ("graph.formats", "serialize"),
    "export_tables": ("graph.extract", "export_tables"),
    # release
    "release_graph": ("release.write", "release_graph"),
    "write_graph": ("release.write", "write_graph"),
    "write_release": ("release.write", "write_release"),
    "CheckFailed": ("release.write", "CheckFailed"),
    # validation
    "validate": ("validation", "validate"),
    # queries
    "run_query": ("sparql.saved", "run_query"),
    "list_queries": ("sparql.saved", "list_queries"),
    "open_store": ("sparql.saved", "open_store"),
    "run_saved_queries": ("sparql.batch", "run_saved_queries"),
    "Endpoint": ("sparql.protocol", "Endpoint"),
    "ParameterError": ("sparql.params", "ParameterError"),
    "MissingParameterError": ("sparql.params", "MissingParameterError"),
    # triple stores
    "load_into_store": ("store.graph_store", "load_graph"),
    # mappings
    "mapping_sets": ("mappings", "mapping_sets"),
    "compare_clause": ("mappings.compare", "compare_clause"),
    "to_sssom_tsv": ("mappings.sssom", "to_sssom_tsv"),
    "read_sssom_tsv": ("mappings.sssom", "read_sssom_tsv"),
    "to_oscal_json": ("mappings.oscal", "to_oscal_json"),
    "link": ("mappings.link", "link_file"),
    # documentation site
    "build_site": ("site", "build_site"),
    "check_site": ("site.linkcheck", "check_site"),
    # assessment
    "assessment_template": ("assessment.api", "assessment_template"),
    "import_assessment": ("assessment.api", "import_assessment"),
    "assessment_report": ("assessment.api", "assessment_report"),
    # errors, namespaces, files
    "PRMError": ("errors", "PRMError"),
    "TableError": ("errors", "TableError"),
    "GraphInputError": ("errors", "GraphInputError"),
    "OutputError": ("errors", "OutputError"),
    "PRM": ("vocab", "PRM"),
    "DATA": ("vocab", "DATA"),
    "write_atomic": ("files", "write_atomic"),
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str):
    if name in _EXPORTS:
        module, attribute = _EXPORTS[name]
        return getattr(importlib.import_module(f".{module}", __name__), attribute)
    raise AttributeError(f"module 'iso20000_prm' has no attribute {name!r}")


def __dir__():
    return __all__
