"""The generic page of a resource the site has no special page for: its triples, what points to it."""

from __future__ import annotations

from iso20000_prm.site.model import SiteModel
from iso20000_prm.site.pages.layout import Page, curie, e
from iso20000_prm.vocab import BASE


def _label_of(graph, node) -> str:
    from rdflib import URIRef
    from rdflib.namespace import DCTERMS, RDFS, SKOS

    for p in (RDFS.label, SKOS.prefLabel, DCTERMS.title, SKOS.notation):
        values = sorted(
            graph.objects(URIRef(node), p),
            key=lambda v: (getattr(v, "language", None) not in ("en", None), str(v)),
        )
        if values:
            return str(values[0])
    return ""


class Linker:
    """Links from a page to the pages of the graph's IRIs (or out, for external IRIs)."""

    def __init__(self, graph, docs: dict[str, list], anchors: dict[str, str]):
        self.graph, self.docs, self.anchors = graph, docs, anchors
        self.labels: dict[str, str] = {}
        self.paths: dict[str, str | None] = {}

    def label(self, iri: str) -> str:
        if iri not in self.labels:
            self.labels[iri] = _label_of(self.graph, iri)
        return self.labels[iri]

    def href(self, page: Page, iri: str) -> str:
        """A relative link to the page of ``iri`` (with its anchor), or "" if it has none."""
        from iso20000_prm.site.resources import doc_path

        path = self.paths.get(iri, "")
        if path == "":
            path = self.paths[iri] = doc_path(iri)
        if path is None or path not in self.docs:
            return ""
        fragment = self.anchors.get(iri, "") if "#" in iri else ""
        if "#" in iri and not fragment:
            return ""
        return page.to(path + ".html", fragment)

    def iri(self, page: Page, iri: str, text: str = "") -> str:
        shown = text or curie(iri)
        target = self.href(page, iri)
        if target:
            return f'<a href="{target}">{e(shown)}</a>'
        if iri.startswith(("http://", "https://")):
            return f'<a class="ext" href="{e(iri)}">{e(shown)}</a>'
        return f"<code>{e(shown)}</code>"

    def value(self, page: Page, node, depth: int = 0) -> str:
        from rdflib import BNode, Literal

        if isinstance(node, Literal):
            extra = ""
            if node.language:
                extra = f' <span class="muted">@{e(node.language)}</span>'
            elif node.datatype is not None:
                extra = f' <span class="muted">({e(curie(str(node.datatype)))})</span>'
            return f'<span class="literal">{e(str(node))}</span>{extra}'
        if isinstance(node, BNode):
            if depth > 3:
                return '<span class="muted">(blank node)</span>'
            return self.triples(page, node, depth + 1)
        label = self.label(str(node))
        shown = self.iri(page, str(node))
        return shown + (f' <span class="muted">{e(label)}</span>' if label else "")

    def triples(self, page: Page, subject, depth: int = 0) -> str:
        rows = []
        for p, o in sorted(
            self.graph.predicate_objects(subject), key=lambda po: (str(po[0]), po[1])
        ):
            rows.append(f"<dt>{self.iri(page, str(p))}</dt><dd>{self.value(page, o, depth)}</dd>")
        return f'<dl class="facts triples">{"".join(rows)}</dl>'


def resource_page(model: SiteModel, linker: Linker, path: str, subjects: list) -> Page:
    """The page of a resource the site has no special page for: its triples, and what points to it."""
    from rdflib import BNode, URIRef

    graph = linker.graph
    main_subject = next((s for s in subjects if path == str(s)[len(BASE) :].split("#")[0]), None)
    first = main_subject if main_subject is not None else subjects[0]
    title = linker.label(str(first)) or curie(str(first))
    page = Page(path + ".html", title, str(first) if main_subject is not None else "", model)
    if main_subject is None:
        page.doc = path
    for s in subjects:
        fragment = str(s).split("#", 1)[1] if "#" in str(s) else ""
        heading = ""
        if len(subjects) > 1:
            label = linker.label(str(s))
            heading = (
                f"<h2>{e(curie(str(s)))}"
                + (f' <span class="muted">{e(label)}</span>' if label else "")
                + "</h2>"
            )
        anchor = f' id="{e(linker.anchors.get(str(s), ""))}"' if fragment else ""
        incoming = sorted(
            {(str(p), str(x)) for x, p in graph.subject_predicates(s) if not isinstance(x, BNode)}
        )
        back = ""
        if incoming:
            back = (
                '<h3>Referenced by</h3><ul class="incoming">'
                + "".join(
                    f"<li>{linker.value(page, URIRef(x))} {linker.iri(page, p)}</li>"
                    for p, x in incoming
                )
                + "</ul>"
            )
        page.add(
            f'<section class="resource"{anchor}>{heading}'
            + (
                f'<div class="muted">IRI <code class="iri">{e(str(s))}</code></div>'
                if len(subjects) > 1
                else ""
            )
            + linker.triples(page, s)
            + back
            + "</section>"
        )
    return page
