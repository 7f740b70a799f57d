"""Where "the graph" comes from: one rule for every command and API call that reads it.

1. a graph file the user names;
2. else source tables the user names (the graph is built from them in memory);
3. else the last build, ``build/iso20000-prm.ttl`` (relative to the working folder), if it exists;
4. else the graph built in memory from the shipped tables.

:func:`graph_file` answers "which file?" without importing rdflib, so that the query fast path
can hand the file to pyoxigraph; :func:`load_graph` returns the graph itself (rdflib).
"""

from __future__ import annotations

from pathlib import Path

from iso20000_prm.errors import PRMError
from iso20000_prm.files import DEFAULT_OUTPUT

RULE = (
    "a graph file you name; else the source tables you name (built in memory); "
    f"else the last build ({DEFAULT_OUTPUT.as_posix()}) if it exists; "
    "else the graph built in memory from the shipped tables"
)
SHIPPED = "the graph built from the shipped tables"


def graph_file(path: Path | str | None = None, tables=None) -> Path | None:
    """The graph file the rule reads, or None when the graph is built in memory from tables."""
    if path is not None and tables is not None:
        raise PRMError("give a graph file or source tables, not both")
    if path is not None:
        return Path(path)
    if tables is None and DEFAULT_OUTPUT.is_file():
        return DEFAULT_OUTPUT
    return None


def describe(path: Path | str | None = None, tables=None) -> str:
    """What the rule picks, in words for messages: the file, or which tables the graph is built from."""
    file = graph_file(path, tables)
    if file is not None:
        return str(file)
    if tables is None:
        return SHIPPED
    if isinstance(tables, (str, Path)):
        return f"the graph built from the tables in {tables}"
    return "the graph built from the tables given"


def load_graph(path: Path | str | None = None, tables=None):
    """The graph by the rule, as an rdflib Graph.

    ``path``: a graph file (any RDF format by its suffix, optionally ``.gz``); ``tables``: a
    :class:`~iso20000_prm.tables.read.Tables` or a folder of source tables. Give at most one.
    """
    file = graph_file(path, tables)
    if file is not None:
        from iso20000_prm.graph.read import read_graph

        return read_graph(file)
    from iso20000_prm.graph.build import build_graph

    return build_graph(tables)
