"""What every page shares: the page frame (navigation, IRI box, formats, footer), relative
links, escaping, tables, inlined charts, and the site's stylesheet and scripts.
"""

from __future__ import annotations

import functools
import posixpath
from html import escape
from importlib import resources

from iso20000_prm import __version__
from iso20000_prm.site.findings import SiteFinding
from iso20000_prm.site.model import Clause, Edition, Process, SiteModel
from iso20000_prm.vocab import PREFIX_MAP

SITE_NAME = "ISO/IEC TR 20000-4 PRM"
VOCAB_PAGE = "vocab.html"  # the vocabulary document's page (the page of its IRI)
EDITIONS_PAGE = "editions.html"  # the four editions of ISO/IEC 20000-1


LABELS = {"turtle": "Turtle", "jsonld": "JSON-LD", "ntriples": "N-Triples", "rdfxml": "RDF/XML"}
# namespace -> CURIE prefix of the terms the pages name (the graph's own data IRIs are linked instead)
PREFIXES = {ns: f"{prefix}:" for prefix, ns in PREFIX_MAP.items() if prefix not in ("prmd", "vann")}


def e(text) -> str:
    return escape(str(text), quote=True)


def link(from_page: str, to_path: str, fragment: str = "") -> str:
    """Relative URL from the page ``from_page`` to ``to_path`` (both relative to the site root)."""
    target = _relative(to_path, posixpath.dirname(from_page))
    return e(target + (f"#{fragment}" if fragment else ""))


@functools.lru_cache(maxsize=65536)
def _relative(to_path: str, from_dir: str) -> str:
    """``posixpath.relpath(to_path, from_dir)`` for two clean relative paths, without its
    ``abspath`` calls (the site makes tens of thousands of links)."""
    to_parts, from_parts = to_path.split("/"), from_dir.split("/") if from_dir else []
    common = 0
    for a, b in zip(to_parts[:-1], from_parts):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(from_parts) - common) + to_parts[common:])


def _breakable(iri: str) -> str:
    """``iri`` escaped, with a line-break opportunity after each ``/`` and ``#`` (so a long IRI
    wraps between its segments, not inside a word); copying it gives the IRI unchanged."""
    return e(iri).replace("/", "/<wbr>").replace("#", "#<wbr>")


def curie(iri: str) -> str:
    for namespace, prefix in PREFIXES.items():
        if iri.startswith(namespace):
            return prefix + iri[len(namespace) :]
    return iri


class Page:
    """One HTML page at ``path`` (relative to the site root)."""

    def __init__(self, path: str, title: str, iri: str, model: SiteModel):
        from iso20000_prm.site.resources import page_path

        self.path, self.title, self.iri, self.model = path, title, iri, model
        self.parts: list[str] = []
        # the resource's RDF documents sit beside its page when the page is at its IRI path
        self.doc = path[: -len(".html")] if iri and page_path(iri) == path else ""

    def to(self, path: str, fragment: str = "") -> str:
        return link(self.path, path, fragment)

    def add(self, *html: str) -> None:
        self.parts.extend(html)

    def render(self) -> bytes:
        nav = [("index.html", "Processes"), ("coverage.html", "Coverage"), ("gaps.html", "Gaps")]
        nav += [(EDITIONS_PAGE, "Editions")]  # one entry for the four editions: a readable nav
        nav += [(VOCAB_PAGE, "Vocabulary"), ("assessment.html", "Assessment")]
        nav += [("frameworks.html", "Frameworks"), ("downloads.html", "Downloads")]
        here = self.path
        if here in {ed.path for ed in (*self.model.editions, *self.model.later_editions)}:
            here = EDITIONS_PAGE  # an edition's page is within "Editions"
        current = ' aria-current="page"'
        links = "".join(
            f'<a href="{self.to(p)}"{current if p == here else ""}>{e(t)}</a>' for p, t in nav
        )
        iri_block, alternates = "", ""
        if self.doc:
            from iso20000_prm.graph.formats import FORMATS
            from iso20000_prm.site.resources import RDF_FORMATS

            name = posixpath.basename(self.doc)
            kinds = [(FORMATS[f].media_type, suffix, LABELS[f]) for f, suffix in RDF_FORMATS]
            alternates = "".join(
                f'<link rel="alternate" type="{t}" href="{e(name + s)}">\n' for t, s, _ in kinds
            )
            iri_block = (
                '<p class="formats"><span class="k">This resource as</span> '
                + " · ".join(
                    f'<a href="{e(name + s)}" type="{t}">{e(label)}</a>' for t, s, label in kinds
                )
                + "</p>\n"
            )
        if self.iri:
            query = f"SELECT DISTINCT ?property ?value WHERE {{\n  {{ <{self.iri}> ?property ?value }} UNION {{ GRAPH ?g {{ <{self.iri}> ?property ?value }} }}\n}}"
            iri_block = (
                f'<p class="iri"><span class="k">IRI</span> <code class="iri" id="iri">{_breakable(self.iri)}</code></p>\n'
                f'<details class="sparql"><summary>Query this resource with SPARQL</summary><pre><code>{e(query)}</code></pre></details>\n'
            ) + iri_block
        source = f" Quoted text: {e(self.model.source_label)}." if self.model.source_label else ""
        html = (
            "<!DOCTYPE html>\n"
            '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{e(self.title)} — {SITE_NAME}</title>\n"
            f'<link rel="stylesheet" href="{self.to("style.css")}">\n'
            f"{alternates}"
            "</head>\n<body>\n"
            f'<header class="site"><nav><a class="home" href="{self.to("index.html")}">{SITE_NAME}</a>{links}</nav>'
            f'<form class="search" role="search" action="{self.to("search.html")}"><input type="search" name="q" aria-label="Search the site" placeholder="Search processes, outcomes, clauses, terms"></form></header>\n'
            f"<main>\n<h1>{e(self.title)}</h1>\n{iri_block}" + "\n".join(self.parts) + "\n</main>\n"
            f"<footer>Generated from the knowledge graph by <code>iso20000-prm docs</code> {e(__version__)}.{source}</footer>\n"
            "</body>\n</html>\n"
        )
        return html.encode("utf-8")


def _label_cells(row: str, head: list[str]) -> str:
    """Give each ``<td>`` of ``row`` the header of its column (``data-label``), which the phone
    layout shows beside the value when the table's header row is hidden."""
    import re

    labels = iter([h.lstrip("#") for h in head])
    return re.sub(r"<td(?=[ >])", lambda m: f'<td data-label="{e(next(labels, ""))}"', row)


def _table(head: list[str], rows: list[str], css: str = "") -> str:
    num = ' class="num"'
    rows = [_label_cells(r, head) for r in rows]
    cells = "".join(f"<th{num if h.startswith('#') else ''}>{e(h.lstrip('#'))}</th>" for h in head)
    return (
        f'<div class="table-wrap"><table class="{css}"><thead><tr>{cells}</tr></thead><tbody>\n'
        + "\n".join(rows)
        + "\n</tbody></table></div>"
    )


def _chart(page: Page, kind: str, caption: str, edition: Edition | None = None) -> str:
    """A chart inlined in the page (its cells link to pages, tooltips give counts), scaled to the
    width of the page; on a phone it keeps readable cells and scrolls inside its frame."""
    from iso20000_prm.site import charts as ch

    def href(path: str) -> str:
        return page.to(path)

    if kind == "heatmap":
        svg = ch.heatmap(page.model.processes, edition, href)
        download = f"charts/heatmap-{edition.slug}.svg"
    else:
        svg = ch.process_coverage(page.model.processes, href)
        download = "charts/process-coverage.svg"
    width, _ = ch.svg_size(svg)
    return (
        f'<figure class="chart {kind}" style="--w:{e(width)}px"><div class="chart-frame">'
        + svg.decode("utf-8")
        + f'</div><figcaption>{caption} <a href="{page.to(download)}">SVG</a></figcaption></figure>'
    )


def _counts(p: Process) -> tuple[int, int, int]:
    direct = [o for o in p.outcomes if o.directly_linked]
    return len(direct), sum(1 for o in direct if o.traced), len(p.outcomes) - len(direct)


def _clause_link(page: Page, c: Clause) -> str:
    return (
        f'<a href="{page.to(c.path)}">{e(c.edition.identifier)} {e(c.notation)} {e(c.heading)}</a>'
    )


def _outcome_link(page: Page, p: Process, number: int) -> str:
    return f'<a href="{page.to(p.path, f"outcome-{number}")}">{number}</a>'


def _finding_list(findings: list[SiteFinding]) -> str:
    items = "".join(
        f'<li class="finding {e(f.severity)}"><span class="sev">{e(f.severity)}</span>: {e(f.message)}'
        + (f' <span class="muted">({e(f.rule)})</span>' if f.rule else "")
        + "</li>"
        for f in findings
    )
    return f'<ul class="findings">{items}</ul>'


def stylesheet() -> bytes:
    return resources.files("iso20000_prm.site").joinpath("style.css").read_bytes()


def script(name: str) -> bytes:
    return resources.files("iso20000_prm.site").joinpath(name).read_bytes()
