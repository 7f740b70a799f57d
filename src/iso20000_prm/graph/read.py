"""Read a graph file a user gives us, with one clear error instead of a parser traceback."""

from __future__ import annotations

from pathlib import Path

from iso20000_prm.errors import GraphInputError
from iso20000_prm.graph.formats import QUAD_PARSERS, format_for_path


def guess_format(path: Path | str) -> str:
    """rdflib format name for ``path`` by its suffix (``.gz`` is looked through)."""
    return format_for_path(path, ", or give the format explicitly").rdflib_name


def read_graph_bytes(path: Path | str, fmt: str | None = None) -> bytes:
    """The bytes of an RDF file, gunzipped; a clear error if it is missing, not gzip, or empty.

    Shared by the rdflib reader below and the pyoxigraph query path, which must not import rdflib.
    """
    import gzip

    path = Path(path)
    if not path.is_file():
        raise GraphInputError(
            f"{path}: no such file; build the graph first (iso20000-prm build) or give a graph file"
        )
    data = path.read_bytes()
    if path.suffix.lower() == ".gz":
        try:
            data = gzip.decompress(data)
        except OSError as exc:
            raise GraphInputError(f"{path}: not a valid gzip file ({exc})") from None
    if not data.strip():
        raise GraphInputError(
            f"{path}: the file is empty; expected an RDF graph" + (f" in {fmt}" if fmt else "")
        )
    return data


def read_graph(path: Path | str, fmt: str | None = None):
    """Parse ``path`` into an rdflib Graph (a Dataset's graphs are merged for TriG/N-Quads)."""
    from rdflib import ConjunctiveGraph, Graph

    path = Path(path)
    if path.is_file():
        fmt = fmt or guess_format(path)
    data = read_graph_bytes(path, fmt)
    graph = ConjunctiveGraph() if fmt in QUAD_PARSERS else Graph()
    try:
        graph.parse(data=data, format=fmt)
    except Exception as exc:  # rdflib raises many types; the user needs one line
        message = " ".join(str(exc).split())[:300]
        raise GraphInputError(f"{path}: not valid {fmt} RDF: {message}") from None
    if fmt in QUAD_PARSERS:
        merged = Graph()
        for triple in graph.triples((None, None, None)):
            merged.add(triple)
        graph = merged
    return graph
