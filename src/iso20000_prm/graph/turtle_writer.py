"""rdflib's Turtle and TriG writers, with each IRI's prefixed name looked up once per document.

rdflib's ``TurtleSerializer.get_pname`` splits an IRI and searches the namespace bindings on
every call, and it is called for every term of every triple, twice (once while preprocessing,
once while writing): about half the time of writing the graph. The writers here remember each
answer for the length of one document. Only answers that are prefixed names are remembered:
rdflib's namespace manager caches the same split for good once it has found a prefix
(``NamespaceManager.compute_qname``), and the serializer has already registered that prefix
for the ``@prefix`` lines, so later calls would give the same name and change nothing. A
``None`` (no prefix yet) is remembered only until the graph's store binds another prefix
(rdflib's answer depends on nothing else: its split of the IRI is cached, and a binding is the
only way a namespace gains a prefix). Same
bytes as ``graph.serialize(format="turtle" | "trig")`` (tests compare them).
"""

from __future__ import annotations

import io

from rdflib import Literal
from rdflib.plugins.serializers.trig import TrigSerializer
from rdflib.plugins.serializers.turtle import TurtleSerializer


class _RememberedNames:
    """Mixed into an rdflib serializer: ``get_pname`` answers remembered until ``reset``."""

    def reset(self) -> None:
        super().reset()
        self._pnames: dict = {}
        self._no_pname: dict = {}

    def _bindings(self):
        """How many prefixes the graph's store binds (rdflib's Memory store), or None."""
        bound = getattr(getattr(self.store, "store", None), "_Memory__namespace", None)
        return len(bound) if isinstance(bound, dict) else None

    def get_pname(self, uri, gen_prefix: bool = True):
        key = (uri, gen_prefix)
        name = self._pnames.get(key)
        if name is None:
            bindings = self._bindings()
            if bindings is not None and self._no_pname.get(key) == bindings:
                return None  # asked before, and no prefix has been bound since
            name = super().get_pname(uri, gen_prefix)
            if name is not None:
                self._pnames[key] = name
            elif bindings is not None:
                self._no_pname[key] = self._bindings()
        return name


class _LongStringFix:
    (
        """Mixed into an rdflib serializer: a multi-line literal that ends in a quote is written
    with every quote escaped. rdflib escapes the final quote of a triple-quoted string only when
    no backslash precedes it, so a value ending in a backslash and a quote came out as
    ``\\"""
        "`` and the document did not parse. Other literals keep rdflib's bytes."
        ""
    )

    def label(self, node, position):
        text = super().label(node, position)
        if isinstance(node, Literal) and "\n" in node and node.endswith('"'):
            suffix = text[text.rindex('"""') + 3 :]
            body = node.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r")
            return f'"""{body}"""{suffix}'
        return text


class TurtleWriter(_RememberedNames, _LongStringFix, TurtleSerializer):
    pass


class TrigWriter(_RememberedNames, _LongStringFix, TrigSerializer):
    pass


def _write(writer, graph) -> bytes:
    stream = io.BytesIO()
    writer(graph).serialize(stream, encoding="utf-8")
    return stream.getvalue()


def turtle(graph) -> bytes:
    """``graph.serialize(format="turtle", encoding="utf-8")``, faster."""
    return _write(TurtleWriter, graph)


def trig(graph) -> bytes:
    """``graph.serialize(format="trig", encoding="utf-8")``, faster: a plain graph is written as
    the graph named by its identifier, a Dataset as its named graphs."""
    return _write(TrigWriter, graph)
