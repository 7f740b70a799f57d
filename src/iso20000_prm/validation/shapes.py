"""The shapes graph a validation checks against: the shipped ``shapes/iso20000-prm-shapes.ttl``
(parsed once per process), a user's file, or an rdflib Graph."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

SHAPES_FILE = "iso20000-prm-shapes.ttl"


def shapes_file() -> Path:
    from iso20000_prm.files import shapes_dir

    return shapes_dir() / SHAPES_FILE


@lru_cache(maxsize=1)
def shipped_shapes():
    from rdflib import Graph

    return Graph().parse(shapes_file(), format="turtle")


def load_shapes(shapes=None):
    """The shapes graph: the shipped one (``None``), an rdflib Graph, or a path to a file."""
    from rdflib import Graph

    if shapes is None:
        return shipped_shapes()
    if isinstance(shapes, Graph):
        return shapes
    from iso20000_prm.graph.read import read_graph

    return read_graph(shapes)
