"""Helpers for the documentation-site tests: the site built once per session, a tiny HTML tree,
and the source tables read with plain ``csv`` (the independent side of each comparison)."""

from __future__ import annotations

import atexit
import csv
import functools
import shutil
import tempfile
from html.parser import HTMLParser
from pathlib import Path

from _paths import ROOT

TABLES = ROOT / "tables"
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


def table(name: str) -> list[dict[str, str]]:
    with open(TABLES / f"{name}.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def clause_sort_key(clause: str) -> list[int]:
    return [int(x) for x in clause.split(".")]


@functools.cache
def built_site() -> Path:
    """The site for the shipped graph, built once per test session into a temporary folder."""
    from iso20000_prm.graph.build import build_graph
    from iso20000_prm.site import build_site

    root = Path(tempfile.mkdtemp(prefix="prm-site-"))
    atexit.register(shutil.rmtree, root, True)
    build_site(root / "site", graph=build_graph())
    return root / "site"


class Node:
    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def text(self) -> str:
        return " ".join(
            "".join(
                c if isinstance(c, str) else "" if c.tag == "wbr" else " " + c.text() + " "
                for c in self.children
            ).split()
        )

    def iter(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs) -> list[Node]:
        return [
            n
            for n in self.iter()
            if (tag is None or n.tag == tag)
            and (cls is None or cls in n.classes)
            and all(n.attrs.get(k.rstrip("_")) == v for k, v in attrs.items())
        ]

    def by_id(self, ident: str) -> Node | None:
        return next((n for n in self.iter() if n.attrs.get("id") == ident), None)


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse_html(text: str) -> Node:
    builder = _Builder()
    builder.feed(text)
    builder.close()
    return builder.root


def page(rel: str) -> Node:
    return parse_html((built_site() / rel).read_text(encoding="utf-8"))
