"""Render the site model to HTML files: plain Python string templates, relative links only.

Every page shows the IRI of the resource it describes (and a SPARQL query for it), uses only
the site's own stylesheet and pictures (works offline), and carries a viewport meta tag and
responsive CSS for phones. All files are written through ``write_atomic`` inside the output
folder; the same graph gives the same bytes.
"""

from __future__ import annotations

import posixpath
from html import escape
from importlib import resources
from pathlib import Path

from iso20000_prm import __version__
from iso20000_prm.errors import PRMError
from iso20000_prm.site.findings import SiteFinding
from iso20000_prm.site.model import Clause, Edition, Process, SiteModel, Term
from iso20000_prm.vocab import PREFIX_MAP

SITE_NAME = "ISO/IEC TR 20000-4 PRM"
# namespace -> CURIE prefix of the terms the pages name (the graph's own data IRIs are linked instead)
PREFIXES = {ns: f"{prefix}:" for prefix, ns in PREFIX_MAP.items() if prefix not in ("prmd", "vann")}


def e(text) -> str:
    return escape(str(text), quote=True)


def link(from_page: str, to_path: str, fragment: str = "") -> str:
    """Relative URL from the page ``from_page`` to ``to_path`` (both relative to the site root)."""
    target = posixpath.relpath(to_path, posixpath.dirname(from_page) or ".")
    return e(target + (f"#{fragment}" if fragment else ""))


def curie(iri: str) -> str:
    for namespace, prefix in PREFIXES.items():
        if iri.startswith(namespace):
            return prefix + iri[len(namespace) :]
    return iri


class Page:
    """One HTML page at ``path`` (relative to the site root)."""

    def __init__(self, path: str, title: str, iri: str, model: SiteModel):
        self.path, self.title, self.iri, self.model = path, title, iri, model
        self.parts: list[str] = []

    def to(self, path: str, fragment: str = "") -> str:
        return link(self.path, path, fragment)

    def add(self, *html: str) -> None:
        self.parts.extend(html)

    def render(self) -> bytes:
        nav = [("index.html", "Processes"), ("coverage.html", "Coverage")]
        nav += [(f"edition/{ed.slug}.html", ed.identifier) for ed in self.model.editions]
        nav += [("vocabulary.html", "Vocabulary")]
        current = ' aria-current="page"'
        links = "".join(
            f'<a href="{self.to(p)}"{current if p == self.path else ""}>{e(t)}</a>' for p, t in nav
        )
        iri_block = ""
        if self.iri:
            query = f"SELECT DISTINCT ?property ?value WHERE {{\n  {{ <{self.iri}> ?property ?value }} UNION {{ GRAPH ?g {{ <{self.iri}> ?property ?value }} }}\n}}"
            iri_block = (
                f'<p class="iri"><span class="k">IRI</span> <code class="iri" id="iri">{e(self.iri)}</code></p>\n'
                f'<details class="sparql"><summary>Query this resource with SPARQL</summary><pre><code>{e(query)}</code></pre></details>\n'
            )
        source = f" Quoted text: {e(self.model.source_label)}." if self.model.source_label else ""
        html = (
            "<!DOCTYPE html>\n"
            '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{e(self.title)} — {SITE_NAME}</title>\n"
            f'<link rel="stylesheet" href="{self.to("style.css")}">\n'
            "</head>\n<body>\n"
            f'<header class="site"><nav><a class="home" href="{self.to("index.html")}">{SITE_NAME}</a>{links}</nav></header>\n'
            f"<main>\n<h1>{e(self.title)}</h1>\n{iri_block}" + "\n".join(self.parts) + "\n</main>\n"
            f"<footer>Generated from the knowledge graph by <code>iso20000-prm docs</code> {e(__version__)}.{source}</footer>\n"
            "</body>\n</html>\n"
        )
        return html.encode("utf-8")


def _table(head: list[str], rows: list[str], css: str = "") -> str:
    num = ' class="num"'
    cells = "".join(f"<th{num if h.startswith('#') else ''}>{e(h.lstrip('#'))}</th>" for h in head)
    return (
        f'<div class="table-wrap"><table class="{css}"><thead><tr>{cells}</tr></thead><tbody>\n'
        + "\n".join(rows)
        + "\n</tbody></table></div>"
    )


def _figure(
    page: Page, path: str, size: tuple[str, str], alt: str, caption: str, wide: bool = False
) -> str:
    """An <img> of a chart; ``wide`` charts keep their size and scroll sideways on small screens."""
    width, height = size
    dims = (f' width="{width}"' if width else "") + (f' height="{height}"' if height else "")
    css = ' class="wide"' if wide else ""
    return f'<figure{css}><img src="{page.to(path)}"{dims} alt="{e(alt)}" class="chart"><figcaption>{caption}</figcaption></figure>'


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


def index_page(model: SiteModel, charts: dict) -> Page:
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
        _figure(
            page,
            charts["process"][0],
            charts["process"][1],
            "Bar chart of directly linked and traced outcomes per process",
            f'Directly linked outcomes (not fully bracketed) and how many of them trace to a clause. <a href="{page.to("coverage.html")}">Heat maps per edition</a>.',
        ),
    )
    if model.editions:
        items = "".join(
            f'<li><a href="{page.to(f"edition/{ed.slug}.html")}">{e(ed.identifier)}</a>: {len(ed.clauses)} cited clauses</li>'
            for ed in model.editions
        )
        page.add("<h2>Cited editions of ISO/IEC 20000-1</h2>", f"<ul>{items}</ul>")
    page.add(
        "<h2>Vocabulary</h2>",
        f'<p><a href="{page.to("vocabulary.html")}">Classes and properties of the vocabulary</a>.</p>',
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
        f'<dt>Edition</dt><dd><a href="{page.to(f"edition/{c.edition.slug}.html")}">{e(c.edition.identifier)}</a></dd>'
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
    page.add("<h2>Mapped clauses of other editions</h2>")
    if c.mappings:
        items = []
        for relation, other, about in c.mappings:
            target = model.clauses.get(other)
            shown = (
                _clause_link(page, target)
                if target
                else f'{e(model.labels.get(other, ""))} <code class="iri">{e(other)}</code>'.strip()
            )
            extra = f'<div class="muted">{e(about)}</div>' if about else ""
            items.append(f'<li><span class="badge">skos:{e(relation)}</span> {shown}{extra}</li>')
        page.add('<ul class="mappings">' + "".join(items) + "</ul>")
    else:
        page.add('<p class="muted">The graph holds no SKOS mapping for this clause.</p>')
    return page


def edition_page(model: SiteModel, ed: Edition, charts: dict) -> Page:
    page = Page(f"edition/{ed.slug}.html", ed.identifier, ed.iri, model)
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
    path, size = charts["heatmap"][ed.iri]
    page.add(
        _figure(
            page,
            path,
            size,
            f"Heat map of outcomes tracing to clauses of {ed.identifier}, by process",
            f"Outcomes of each process tracing to each cited clause of {e(ed.identifier)}.",
            wide=True,
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


def coverage_page(model: SiteModel, charts: dict) -> Page:
    page = Page(
        "coverage.html", "Coverage of ISO/IEC 20000-1 by the PRM outcomes", model.prm_iri, model
    )
    for ed in model.editions:
        path, size = charts["heatmap"][ed.iri]
        page.add(
            f'<h2 id="{e(ed.slug)}">{e(ed.identifier)}</h2>',
            _figure(
                page,
                path,
                size,
                f"Heat map of outcomes tracing to clauses of {ed.identifier}, by process",
                f'Each cell counts the outcomes of a process tracing to a clause; hatched rows are processes the source lacks. <a href="{page.to(f"edition/{ed.slug}.html")}">Clauses of {e(ed.identifier)}</a>.',
                wide=True,
            ),
        )
    page.add(
        '<h2 id="per-process">Per process</h2>',
        _figure(
            page,
            charts["process"][0],
            charts["process"][1],
            "Bar chart of directly linked and traced outcomes per process",
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
        page = Page("vocabulary.html", "Vocabulary", "", model)
        page.add(
            '<p class="notice">The graph the site was built from holds no vocabulary (no <code>owl:Ontology</code>).</p>'
        )
        return page
    page = Page("vocabulary.html", v.title or "Vocabulary", v.iri, model)
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

    def value(text: str) -> str:
        if text in anchors:
            return f'<a href="#{e(anchors[text])}">{e(curie(text))}</a>'
        words = [
            f'<a href="#{e(anchors[w])}">{e(curie(w))}</a>' if w in anchors else e(curie(w))
            for w in text.replace("(", " ( ").replace(")", " ) ").replace(",", " , ").split()
        ]
        return (
            " ".join(words)
            .replace(" ( ", "(")
            .replace(" ) ", ")")
            .replace(" )", ")")
            .replace(" , ", ", ")
        )

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
                for label, values in t.facts
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


def render_site(model: SiteModel, findings: list[SiteFinding] | None) -> dict[str, bytes]:
    """Every file of the site, as {path relative to the site root: bytes}."""
    from iso20000_prm.site import charts as ch

    files: dict[str, bytes] = {"style.css": stylesheet()}
    chart_info: dict = {"heatmap": {}}
    for ed in model.editions:
        svg = ch.heatmap(model.processes, ed)
        path = f"charts/heatmap-{ed.slug}.svg"
        files[path] = svg
        chart_info["heatmap"][ed.iri] = (path, ch.svg_size(svg))
    svg = ch.process_coverage(model.processes)
    files["charts/process-coverage.svg"] = svg
    chart_info["process"] = ("charts/process-coverage.svg", ch.svg_size(svg))

    pages = [
        index_page(model, chart_info),
        coverage_page(model, chart_info),
        vocabulary_page(model),
    ]
    pages += [process_page(model, p, findings) for p in model.processes]
    pages += [edition_page(model, ed, chart_info) for ed in model.editions]
    pages += [clause_page(model, c) for ed in model.editions for c in ed.clauses]
    for page in pages:
        files[page.path] = page.render()
    return files


def write_files(output: Path | str, files: dict[str, bytes]) -> list[Path]:
    """Write ``files`` under ``output`` atomically, refusing any path that would leave the folder."""
    from iso20000_prm.files import write_atomic

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
    return [write_atomic(target, files[rel]) for rel, target in targets.items()]


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
    return write_files(output, render_site(model, site_findings))
