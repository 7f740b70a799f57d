"""Render the site model to HTML files: plain Python string templates, relative links only.

Every page shows the IRI of the resource it describes (and a SPARQL query for it), uses only
the site's own stylesheet and pictures (works offline), and carries a viewport meta tag and
responsive CSS for phones. All files are written through ``write_atomic`` inside the output
folder; the same graph gives the same bytes.
"""

from __future__ import annotations

import functools
import posixpath
from html import escape
from importlib import resources
from pathlib import Path

from iso20000_prm import __version__
from iso20000_prm.errors import PRMError
from iso20000_prm.site.findings import SiteFinding
from iso20000_prm.site.model import Clause, Edition, Process, SiteModel, Term, safe_name
from iso20000_prm.vocab import BASE, PREFIX_MAP

SITE_NAME = "ISO/IEC TR 20000-4 PRM"
VOCAB_PAGE = "vocab.html"  # the vocabulary document's page (the page of its IRI)
# what a previous site wrote (and a new one may drop); the rest of the folder is the user's
SITE_SUFFIXES = (
    ".html",
    ".css",
    ".svg",
    ".js",
    ".ttl",
    ".jsonld",
    ".nt",
    ".rdf",
    ".trig",
    ".nq",
    ".tsv",
    ".json",
    ".rq",
)
SITE_FILES = (".htaccess", "nginx-conneg.conf")
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
        nav += [(ed.path, ed.identifier) for ed in self.model.editions]
        nav += [(VOCAB_PAGE, "Vocabulary"), ("downloads.html", "Downloads")]
        current = ' aria-current="page"'
        links = "".join(
            f'<a href="{self.to(p)}"{current if p == self.path else ""}>{e(t)}</a>' for p, t in nav
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


def index_page(model: SiteModel) -> Page:
    page = Page("index.html", model.prm_label or "Process reference model", model.prm_iri, model)
    if model.source_label:
        page.add(
            f"<p>The processes of {e(model.source_label)}, with their purpose, outcomes and the clauses of ISO/IEC 20000-1 the outcomes trace to.</p>"
        )
    rows = []
    for p in model.processes:
        direct, traced, _ = _counts(p)
        if p.available:
            purpose = e(p.purpose)
            cover = f"{traced}/{direct}"
        else:
            purpose = '<span class="badge na">not available in the source</span>' + (
                f" {e(p.section_note)}" if p.section_note else ""
            )
            cover = "—"
        rows.append(
            f'<tr class="process{"" if p.available else " na"}" data-clause="{e(p.notation)}"><td>{e(p.notation)}</td>'
            f'<td><a href="{page.to(p.path)}">{e(p.name)}</a></td><td>{purpose}</td>'
            f'<td class="num">{len(p.outcomes)}</td><td class="num">{cover}</td></tr>'
        )
    page.add(
        f"<h2>Processes ({len(model.processes)})</h2>",
        _table(
            ["Clause", "Process", "Purpose", "#Outcomes", "#Traced / directly linked"],
            rows,
            "collapse processes",
        ),
    )
    page.add(
        "<h2>Coverage</h2>",
        _chart(
            page,
            "bars",
            f'Directly linked outcomes (not fully bracketed) and how many of them trace to a clause. <a href="{page.to("coverage.html")}">Heat maps per edition</a>.',
        ),
    )
    if model.editions:
        items = "".join(
            f'<li><a href="{page.to(ed.path)}">{e(ed.identifier)}</a>: {len(ed.clauses)} cited clauses</li>'
            for ed in model.editions
        )
        page.add("<h2>Cited editions of ISO/IEC 20000-1</h2>", f"<ul>{items}</ul>")
    page.add(
        "<h2>Vocabulary</h2>",
        f'<p><a href="{page.to(VOCAB_PAGE)}">Classes and properties of the vocabulary</a>.</p>',
    )
    return page


def process_page(model: SiteModel, p: Process, findings: list[SiteFinding]) -> Page:
    page = Page(p.path, p.title, p.iri, model)
    if not p.available:
        note = f" {e(p.section_note)}." if p.section_note else ""
        toc = f" The table of contents gives page {e(p.toc_page)}." if p.toc_page else ""
        page.add(
            f'<p class="notice"><span class="badge na">not available in the source</span> Only the number and name of this process are known.{note}{toc}</p>'
        )
    elif p.section_note:
        page.add(f'<p class="notice">Source note: {e(p.section_note)}.</p>')
    if p.context:
        page.add("<h2>Context</h2>", f"<p>{e(p.context)}</p>")
    if p.purpose:
        page.add("<h2>Purpose</h2>", f"<p>{e(p.purpose)}</p>")
    mine = [f for f in findings if f.process == p.iri]
    if any(o.clauses for o in p.outcomes):
        page.add(
            f'<h2 id="supports">Clauses this process supports ({len(model.editions)} editions)</h2>'
        )
        rows = []
        for ed in model.editions:
            cited = [
                (c, [o.number for o in p.outcomes if c in o.clauses])
                for c in ed.clauses
                if any(c in o.clauses for o in p.outcomes)
            ]
            cells = ", ".join(
                f'<a href="{page.to(c.path)}" title="{e(c.heading)} (outcomes {e(", ".join(map(str, ns)))})">{e(c.notation)}</a>'
                for c, ns in cited
            )
            rows.append(
                f'<tr><td><a href="{page.to(ed.path)}">{e(ed.identifier)}</a></td>'
                f'<td class="num">{len(cited)}</td><td>{cells or "—"}</td></tr>'
            )
        page.add(_table(["Edition", "#Clauses", "Which"], rows, "collapse supports"))
    if p.outcomes:
        direct, traced, full = _counts(p)
        page.add(
            f"<h2>Outcomes ({len(p.outcomes)})</h2>",
            f"<p>{direct} directly linked (not fully bracketed), {traced} of them traced to a clause; {full} fully bracketed.</p>",
        )
        items = []
        for o in p.outcomes:
            css = "full" if not o.directly_linked else ""
            traces = (
                '<div>Traces to:<ul class="traces">'
                + "".join(f"<li>{_clause_link(page, c)}</li>" for c in o.clauses)
                + "</ul></div>"
                if o.clauses
                else '<div class="muted">No traceability entry references this outcome.</div>'
            )
            concerning = [f for f in mine if f.outcome_number == o.number or f.focus == o.iri]
            items.append(
                f'<li id="outcome-{o.number}" class="outcome" data-number="{o.number}">'
                f'<div class="outcome-head"><span class="outcome-no">{o.number}</span><span class="verbatim">{e(o.verbatim)}</span>'
                f'<span class="badge {css}">{e(o.bracket_label)}</span></div>'
                f'<div class="muted">IRI <code class="iri">{e(o.iri)}</code></div>{traces}'
                + (_finding_list(concerning) if concerning else "")
                + "</li>"
            )
        page.add('<ol class="outcomes">' + "\n".join(items) + "</ol>")
    if p.entries:
        rows = [
            f'<tr><td class="num">{en.position}</td><td>{e(en.clause.edition.identifier)}</td>'
            f'<td><a href="{page.to(en.clause.path)}">{e(en.clause_as_printed)}</a></td><td>{e(en.heading_as_printed)}</td>'
            f"<td>{', '.join(_outcome_link(page, p, n) for n in en.outcome_numbers)}</td></tr>"
            for en in p.entries
        ]
        page.add(
            f"<h2>Requirements traceability ({len(p.entries)} entries, as printed)</h2>",
            _table(["#", "Edition", "Clause", "Heading", "Outcomes"], rows, "collapse entries"),
        )
    page.add("<h2>Validation findings</h2>")
    if not mine:
        page.add("<p>The validator reports no finding for this process.</p>")
    else:
        page.add(
            f"<p>{len(mine)} finding(s); those about an outcome are also shown with the outcome above.</p>",
            _finding_list(mine),
        )
    i = model.processes.index(p)
    prev_link = (
        f'<a href="{page.to(model.processes[i - 1].path)}">← {e(model.processes[i - 1].title)}</a>'
        if i > 0
        else "<span></span>"
    )
    next_link = (
        f'<a href="{page.to(model.processes[i + 1].path)}">{e(model.processes[i + 1].title)} →</a>'
        if i + 1 < len(model.processes)
        else "<span></span>"
    )
    page.add(f'<nav class="pager">{prev_link}{next_link}</nav>')
    return page


def clause_page(model: SiteModel, c: Clause) -> Page:
    page = Page(c.path, f"{c.edition.identifier} {c.notation} {c.heading}", c.iri, model)
    page.add(
        '<dl class="facts">'
        f'<dt>Edition</dt><dd><a href="{page.to(c.edition.path)}">{e(c.edition.identifier)}</a></dd>'
        f"<dt>Clause</dt><dd>{e(c.notation)} (printed <code>{e(c.as_printed)}</code>)</dd>"
        f"<dt>Heading</dt><dd>{e(c.heading)}</dd></dl>"
    )
    processes = []
    for o in c.traced_from:
        if o.process not in processes:
            processes.append(o.process)
    page.add(
        f"<h2>Outcomes tracing to this clause ({len(c.traced_from)}, from {len(processes)} processes)</h2>"
    )
    if processes:
        items = []
        for p in processes:
            outs = "".join(
                f'<li><a href="{page.to(p.path, f"outcome-{o.number}")}">outcome {o.number}</a>: {e(o.verbatim)}</li>'
                for o in c.traced_from
                if o.process is p
            )
            items.append(
                f'<li class="process"><a href="{page.to(p.path)}">{e(p.title)}</a><ul>{outs}</ul></li>'
            )
        page.add("<ul>" + "\n".join(items) + "</ul>")
    else:
        page.add('<p class="muted">No outcome traces to this clause.</p>')
    if c.entries:
        rows = [
            f'<tr><td><a href="{page.to(en.process.path)}">{e(en.process.title)}</a></td><td class="num">{en.position}</td>'
            f"<td><code>{e(en.clause_as_printed)}</code></td><td>{e(en.heading_as_printed)}</td>"
            f"<td>{', '.join(str(n) for n in en.outcome_numbers)}</td></tr>"
            for en in c.entries
        ]
        page.add(
            f"<h2>Traceability entries citing this clause ({len(c.entries)})</h2>",
            _table(
                ["Process", "#Position", "Printed", "Heading as printed", "Outcomes"],
                rows,
                "collapse",
            ),
        )
    page.add(
        "<h2>Counterparts in other editions</h2>",
        '<p class="muted">From the mapping sets in the graph, with each mapping\'s confidence and set.</p>',
    )
    if c.mappings:
        items = []
        for relation, other, about in c.mappings:
            target = model.clauses.get(other)
            other_page = model.page_of(other)
            if target:
                shown = _clause_link(page, target)
            elif other_page:
                shown = (
                    f'<a href="{page.to(other_page)}">{e(model.labels.get(other, "") or other)}</a>'
                )
            else:
                shown = (
                    f'{e(model.labels.get(other, ""))} <code class="iri">{e(other)}</code>'.strip()
                )
            extra = f'<div class="muted">{e(about)}</div>' if about else ""
            items.append(f'<li><span class="badge">skos:{e(relation)}</span> {shown}{extra}</li>')
        page.add('<ul class="mappings">' + "".join(items) + "</ul>")
    else:
        page.add('<p class="muted">The graph holds no SKOS mapping for this clause.</p>')
    return page


def edition_page(model: SiteModel, ed: Edition) -> Page:
    page = Page(ed.path, ed.identifier, ed.iri, model)
    facts = [
        ("Title", ed.title),
        ("Issued", ed.issued),
        ("Edition code in the source", ed.code),
    ] + [("Note", n) for n in ed.notes]
    page.add(
        '<dl class="facts">'
        + "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in facts if v)
        + "</dl>"
    )
    page.add(
        _chart(
            page,
            "heatmap",
            f"Outcomes of each process tracing to each cited clause of {e(ed.identifier)}; a cell links to its clause.",
            ed,
        )
    )
    rows = []
    for c in ed.clauses:
        procs = sorted(
            {o.process.notation for o in c.traced_from},
            key=lambda n: [int(x) if x.isdigit() else 0 for x in n.split(".")],
        )
        rows.append(
            f'<tr><td><a href="{page.to(c.path)}">{e(c.notation)}</a></td><td>{e(c.heading)}</td>'
            f'<td>{e(", ".join(procs))}</td><td class="num">{len(c.traced_from)}</td></tr>'
        )
    page.add(
        f"<h2>Cited clauses ({len(ed.clauses)})</h2>",
        _table(["Clause", "Heading", "Processes", "#Outcomes"], rows, "collapse"),
    )
    return page


def coverage_page(model: SiteModel) -> Page:
    page = Page(
        "coverage.html", "Coverage of ISO/IEC 20000-1 by the PRM outcomes", model.prm_iri, model
    )
    for ed in model.editions:
        page.add(
            f'<h2 id="{e(ed.slug)}">{e(ed.identifier)}</h2>',
            _chart(
                page,
                "heatmap",
                f'Each cell counts the outcomes of a process tracing to a clause (hover for the count, click for the clause); grey rows are processes the source lacks. <a href="{page.to(ed.path)}">Clauses of {e(ed.identifier)}</a>.',
                ed,
            ),
        )
    page.add(
        '<h2 id="per-process">Per process</h2>',
        _chart(
            page,
            "bars",
            "Directly linked outcomes (not fully bracketed) and how many of them trace to a clause.",
        ),
    )
    rows = []
    for p in model.processes:
        direct, traced, full = _counts(p)
        rows.append(
            f'<tr class="{"" if p.available else "na"}"><td><a href="{page.to(p.path)}">{e(p.title)}</a></td><td class="num">{len(p.outcomes)}</td>'
            f'<td class="num">{direct}</td><td class="num">{traced}</td><td class="num">{full}</td></tr>'
        )
    page.add(
        _table(
            ["Process", "#Outcomes", "#Directly linked", "#Traced", "#Fully bracketed"],
            rows,
            "collapse",
        )
    )
    return page


def vocabulary_page(model: SiteModel) -> Page:
    v = model.vocabulary
    if v is None:
        page = Page(VOCAB_PAGE, "Vocabulary", "", model)
        page.add(
            '<p class="notice">The graph the site was built from holds no vocabulary (no <code>owl:Ontology</code>).</p>'
        )
        return page
    page = Page(VOCAB_PAGE, v.title or "Vocabulary", v.iri, model)
    anchors = {t.iri: t.anchor for t in v.terms}
    facts = [
        ("Namespace", f"<code>{e(v.namespace)}</code>"),
        ("Preferred prefix", f"<code>{e(v.prefix)}</code>"),
        ("Version", e(v.version)),
        ("Licence", f"<code>{e(v.license)}</code>" if v.license else ""),
    ]
    page.add(
        f"<p>{e(v.description)}</p>" if v.description else "",
        '<dl class="facts">'
        + "".join(f"<dt>{k}</dt><dd>{val}</dd>" for k, val in facts if val)
        + "</dl>",
        f'<p class="muted">{e(v.comment)}</p>' if v.comment else "",
    )

    def word(w: str) -> str:
        if w in anchors:
            return f'<a href="#{e(anchors[w])}">{e(curie(w))}</a>'
        target = model.page_of(w)
        if target:
            return f'<a href="{page.to(target)}">{e(curie(w))}</a>'
        if w.startswith(("http://", "https://")):  # an external term: link to where it is defined
            return f'<a class="ext" href="{e(w)}">{e(curie(w))}</a>'
        return e(curie(w))

    def value(text: str) -> str:
        if text in anchors:
            return word(text)
        words = [
            word(w)
            for w in text.replace("(", " ( ").replace(")", " ) ").replace(",", " , ").split()
        ]
        return (
            " ".join(words)
            .replace(" ( ", "(")
            .replace(" ) ", ")")
            .replace(" )", ")")
            .replace(" , ", ", ")
        )

    # pyLODE's back-links: which properties have the class as domain or range, its subclasses
    inverse = {"domain": "in domain of", "range": "in range of", "subclass of": "superclass of"}
    collected: dict[str, dict[str, list[str]]] = {}
    for t in v.terms:
        for label, values in t.facts:
            if label in inverse:
                for x in values:
                    collected.setdefault(x, {}).setdefault(inverse[label], []).append(t.iri)
    back = {
        iri: [(label, sorted(set(found[label]))) for label in inverse.values() if label in found]
        for iri, found in collected.items()
    }

    groups = [
        ("class", "Classes"),
        ("object property", "Object properties"),
        ("datatype property", "Datatype properties"),
        ("individual", "Named individuals"),
    ]
    toc = []
    for kind, heading in groups:
        terms = [t for t in v.terms if t.kind == kind]
        if terms:
            toc.append(
                f"<li>{heading}: "
                + ", ".join(f'<a href="#{e(t.anchor)}">{e(curie(t.iri))}</a>' for t in terms)
                + "</li>"
            )
    page.add('<ul class="toc">' + "".join(toc) + "</ul>")
    for kind, heading in groups:
        terms: list[Term] = [t for t in v.terms if t.kind == kind]
        if not terms:
            continue
        page.add(f'<h2 id="{e(kind.replace(" ", "-"))}">{heading} ({len(terms)})</h2>')
        for t in terms:
            rows = "".join(
                f"<dt>{e(label)}</dt><dd>{', '.join(value(x) for x in values)}</dd>"
                for label, values in t.facts + back.get(t.iri, [])
            )
            page.add(
                f'<section class="term" id="{e(t.anchor)}"><h3>{e(curie(t.iri))} <span class="muted">{e(t.label)}</span></h3>'
                f'<div class="muted">IRI <code class="iri">{e(t.iri)}</code></div>'
                + (f'<p class="definition">{e(t.definition)}</p>' if t.definition else "")
                + (f'<dl class="facts">{rows}</dl>' if rows else "")
                + "</section>"
            )
    return page


def stylesheet() -> bytes:
    return resources.files(__package__).joinpath("style.css").read_bytes()


def script(name: str) -> bytes:
    return resources.files(__package__).joinpath(name).read_bytes()


def gaps_page(model: SiteModel) -> Page:
    """Outcomes no traceability entry references, and fully bracketed outcomes that are traced."""
    page = Page("gaps.html", "Gaps in the traceability", model.prm_iri, model)
    untraced = [
        o for p in model.processes for o in p.outcomes if o.directly_linked and not o.traced
    ]
    bracketed = [
        o for p in model.processes for o in p.outcomes if not o.directly_linked and o.traced
    ]
    missing = [p for p in model.processes if not p.available]
    page.add(
        "<p>Where the traceability of the source does not close: outcomes that should trace to a "
        "clause of ISO/IEC 20000-1 but do not, outcomes the source brackets (shown as not linked "
        "to a requirement) that a traceability entry still cites, and processes the source lacks.</p>"
    )

    def rows(outcomes):
        return [
            f'<tr><td><a href="{page.to(o.process.path)}">{e(o.process.title)}</a></td>'
            f'<td class="num"><a href="{page.to(o.process.path, f"outcome-{o.number}")}">{o.number}</a></td>'
            f"<td>{e(o.verbatim)}</td><td>{e(o.bracket_label)}</td>"
            f"<td>{', '.join(_clause_link(page, c) for c in o.clauses) or '—'}</td></tr>"
            for o in outcomes
        ]

    head = ["Process", "#Outcome", "Outcome", "Brackets", "Traces to"]
    page.add(f'<h2 id="untraced">Untraced outcomes ({len(untraced)})</h2>')
    page.add(
        '<p class="muted">Directly linked (not fully bracketed) outcomes no traceability entry references.</p>',
        _table(head, rows(untraced), "collapse gaps") if untraced else "<p>None.</p>",
    )
    page.add(f'<h2 id="bracketed-traced">Bracketed yet traced ({len(bracketed)})</h2>')
    page.add(
        '<p class="muted">Fully bracketed outcomes that a traceability entry nevertheless cites.</p>',
        _table(head, rows(bracketed), "collapse gaps") if bracketed else "<p>None.</p>",
    )
    page.add(f'<h2 id="missing">Processes not available in the source ({len(missing)})</h2>')
    page.add(
        "<ul>"
        + "".join(f'<li><a href="{page.to(p.path)}">{e(p.title)}</a></li>' for p in missing)
        + "</ul>"
        if missing
        else "<p>None.</p>"
    )
    return page


def _size(n: int) -> str:
    return (
        f"{n} B"
        if n < 1024
        else f"{n / 1024:.1f} KiB"
        if n < 1024 * 1024
        else f"{n / 1048576:.1f} MiB"
    )


def downloads_page(model: SiteModel, release) -> Page:
    page = Page("downloads.html", "Downloads", "", model)
    page.add(
        f"<p>Release {e(release.version)}"
        + (f" of {e(release.date)}" if release.date else "")
        + f'. All files of this release are in <a href="{page.to(release.folder + "index.html")}">{e(release.folder)}</a>'
        f' (<a href="{page.to("versions.json")}">versions.json</a> lists the releases'
        + (
            f'; the vocabulary of this release: <code class="iri">{e(release.version_iri)}</code>'
            if release.version_iri
            else ""
        )
        + ").</p>"
    )
    groups = [
        ("The graph", lambda d: d.path.count("/") == 2),
        ("Mapping sets (SSSOM, OSCAL)", lambda d: "/mappings/" in d.path),
        ("SHACL shapes", lambda d: "/shapes/" in d.path),
        ("Saved SPARQL queries", lambda d: "/queries/" in d.path),
    ]
    for title, test in groups:
        items = [d for d in release.downloads if test(d)]
        if not items:
            continue
        rows = [
            f'<tr><td><a href="{page.to(d.path)}" type="{e(d.media_type)}">{e(posixpath.basename(d.path))}</a></td>'
            f'<td>{e(d.title)}</td><td><code>{e(d.media_type)}</code></td><td class="num">{_size(d.size)}</td></tr>'
            for d in items
        ]
        page.add(
            f"<h2>{e(title)}</h2>",
            _table(["File", "What", "Media type", "#Size"], rows, "collapse"),
        )
    if release.skipped:
        page.add(
            "<h2>Not exported</h2>",
            "<ul>" + "".join(f"<li>{e(x)}</li>" for x in release.skipped) + "</ul>",
        )
    page.add(
        "<h2>Every resource as Linked Data</h2>",
        "<p>Each resource page offers its own description in Turtle, JSON-LD, N-Triples and "
        "RDF/XML beside it (its triples and the labels of what it points to), and each IRI "
        "resolves to them by content negotiation (<code>.htaccess</code> for Apache, "
        f'<a href="{page.to("nginx-conneg.conf")}">nginx-conneg.conf</a> for nginx).</p>',
    )
    return page


def release_index_page(model: SiteModel, release) -> Page:
    page = Page(release.folder + "index.html", f"Release {release.version}", "", model)
    rows = [
        f'<tr><td><a href="{page.to(d.path)}" type="{e(d.media_type)}">{e(d.path[len(release.folder) :])}</a></td>'
        f'<td>{e(d.title)}</td><td class="num">{_size(d.size)}</td></tr>'
        for d in release.downloads
    ]
    page.add(
        f'<p>The files of release {e(release.version)}. <a href="{page.to("downloads.html")}">All downloads</a>.</p>',
        _table(["File", "What", "#Size"], rows, "collapse"),
    )
    return page


def version_page(model: SiteModel, release, path: str) -> Page:
    """The page of the vocabulary's version IRI: what that release is, and its files."""
    page = Page(
        path + ".html", f"Vocabulary, version {release.version}", release.version_iri, model
    )
    page.add(
        f'<p>This IRI names version {e(release.version)} of the vocabulary <a href="{page.to(VOCAB_PAGE)}">'
        f"{e(model.vocabulary.title if model.vocabulary else '')}</a>"
        + (f", of {e(release.date)}" if release.date else "")
        + f'. The files of this release: <a href="{page.to(release.folder + "index.html")}">{e(release.folder)}</a>.</p>'
    )
    return page


def search_page(model: SiteModel) -> Page:
    page = Page("search.html", "Search", "", model)
    page.add(
        '<form id="search-form" class="search-page" role="search" action="search.html">'
        '<input id="search-q" type="search" name="q" aria-label="Search" placeholder="incident, 5.6, change, prm:Outcome">'
        ' <button type="submit">Search</button></form>',
        '<p id="search-status" class="muted" aria-live="polite"></p>',
        '<ol id="search-results" class="search-results"></ol>',
        '<noscript><p>Search needs JavaScript; the <a href="index.html">index</a> lists every process.</p></noscript>',
        '<script src="search-index.js"></script>',
        '<script src="search.js"></script>',
    )
    return page


def search_index(model: SiteModel) -> bytes:
    """``search-index.js``: what the search page searches (processes, outcomes, clauses, terms)."""
    import json

    entries = []
    for p in model.processes:
        entries.append(
            ["process", p.title, p.path, " ".join(x for x in (p.purpose, p.context) if x)]
        )
        for o in p.outcomes:
            entries.append(
                [
                    "outcome",
                    f"Outcome {o.number} of {p.notation}",
                    f"{p.path}#outcome-{o.number}",
                    o.verbatim,
                ]
            )
    for ed in model.editions:
        for c in ed.clauses:
            entries.append(
                ["clause", f"{ed.identifier} {c.notation} {c.heading}", c.path, c.heading]
            )
    if model.vocabulary is not None:
        for t in model.vocabulary.terms:
            entries.append(
                [
                    "term",
                    f"{curie(t.iri)} ({t.label})" if t.label else curie(t.iri),
                    f"{VOCAB_PAGE}#{t.anchor}",
                    t.definition,
                ]
            )
    data = json.dumps(entries, ensure_ascii=False, separators=(",", ":"))
    return f"window.PRM_SEARCH = {data};\n".encode()


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


def render_site(model: SiteModel, findings: list[SiteFinding] | None, graph) -> dict[str, bytes]:
    """Every file of the site for ``graph`` (whose model is ``model``), as {path relative to the
    site root: bytes}."""
    from iso20000_prm.site import charts as ch
    from iso20000_prm.site import conneg, resources
    from iso20000_prm.site.downloads import release_files, versions_json

    docs = resources.documents(graph)
    release, release_data = release_files(graph)
    version_doc = resources.doc_path(release.version_iri) if release.version_iri else None
    if version_doc is not None and version_doc not in docs and "vocab" in docs:
        docs[version_doc] = docs["vocab"]  # the version IRI names this release's vocabulary
    else:
        version_doc = None
    model.documents = set(docs)

    files: dict[str, bytes] = {"style.css": stylesheet(), "search.js": script("search.js")}
    for ed in model.editions:
        files[f"charts/heatmap-{ed.slug}.svg"] = ch.heatmap(
            model.processes, ed, lambda p: posixpath.relpath(p, "charts")
        )
    files["charts/process-coverage.svg"] = ch.process_coverage(
        model.processes, lambda p: posixpath.relpath(p, "charts")
    )
    files.update(release_data)
    files["versions.json"] = versions_json(release)
    files["search-index.js"] = search_index(model)
    pages = [index_page(model), coverage_page(model), gaps_page(model), vocabulary_page(model)]
    pages += [process_page(model, p, findings) for p in model.processes]
    pages += [edition_page(model, ed) for ed in model.editions]
    pages += [clause_page(model, c) for ed in model.editions for c in ed.clauses]
    pages += [
        downloads_page(model, release),
        release_index_page(model, release),
        search_page(model),
    ]
    if version_doc is not None:
        pages.append(version_page(model, release, version_doc))
    done = {page.path for page in pages}
    generic = {path: subjects for path, subjects in docs.items() if path + ".html" not in done}
    anchors = {}
    if model.vocabulary is not None:
        anchors.update({t.iri: t.anchor for t in model.vocabulary.terms})
    for subjects in generic.values():
        for s in subjects:
            if "#" in str(s):
                anchors[str(s)] = safe_name(str(s).split("#", 1)[1])
    linker = Linker(graph, docs, anchors)
    pages += [resource_page(model, linker, path, subjects) for path, subjects in generic.items()]
    files.update(resources.rdf_files(graph, docs))
    files[".htaccess"] = conneg.htaccess(latest=release.version)
    files["nginx-conneg.conf"] = conneg.nginx(latest=release.version)
    for page in pages:
        files[page.path] = page.render()
    return files


def write_files(output: Path | str, files: dict[str, bytes]) -> list[Path]:
    """Write ``files`` as the folder ``output``, all or none (:func:`~iso20000_prm.files.write_tree`),
    refusing any path that would leave the folder; pages of a previous site not made again go."""
    from iso20000_prm.files import write_tree

    root = Path(output)
    if root.exists() and not root.is_dir():
        raise PRMError(f"{root}: exists and is not a folder; give a folder for the site")
    base = root.resolve()
    targets = {}
    for rel in sorted(files):  # check every path before writing any
        target = (base / rel).resolve()
        if posixpath.isabs(rel) or ".." in rel.split("/") or not target.is_relative_to(base):
            raise PRMError(f"{rel}: refusing to write outside the site folder {root}")
        targets[rel] = target
    write_tree(root, files, owned=lambda rel: rel.endswith(SITE_SUFFIXES) or rel in SITE_FILES)
    return list(targets.values())


def build_site(output: Path | str, graph=None, findings=None) -> list[Path]:
    """Build the site for ``graph`` into ``output``; the written paths.

    ``graph``: an rdflib Graph, a graph file, or None for "the graph" by the rule of
    :mod:`iso20000_prm.graph.source`. ``findings``: validation findings to show; by default the
    validator runs on the graph.
    """
    from iso20000_prm.site.findings import collect_findings, normalise
    from iso20000_prm.site.model import load_model

    if graph is None or isinstance(graph, (str, Path)):
        from iso20000_prm.graph.source import load_graph

        graph = load_graph(graph)
    model = load_model(graph)
    if not model.processes:
        raise PRMError("the graph holds no prm:Process; nothing to document (is it the PRM graph?)")
    site_findings = collect_findings(graph) if findings is None else normalise(findings)
    return write_files(output, render_site(model, site_findings, graph))
