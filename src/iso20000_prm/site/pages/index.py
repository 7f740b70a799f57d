"""The site-wide pages: the index of the processes, coverage, gaps, search and its index."""

from __future__ import annotations

import re

from iso20000_prm.site.model import SiteModel
from iso20000_prm.site.pages.layout import (
    VOCAB_PAGE,
    Page,
    _chart,
    _clause_link,
    _counts,
    _table,
    curie,
    e,
)


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


def search_index(model: SiteModel, frameworks=()) -> bytes:
    """``search-index.js``: what the search page searches (processes, outcomes, the clauses of
    every edition, ITIL 4 practices and COBIT 2019 objectives, vocabulary terms)."""
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
    for later in model.later_editions:
        for c in later.clauses:
            title = " ".join(x for x in (later.identifier, c.notation, c.heading) if x)
            entries.append(["clause", title, c.path, c.heading])
    for fw in frameworks:
        for item in fw.items:
            path = model.page_of(item.iri)
            if path:
                slug = re.sub(r"[^a-z0-9]+", "-", item.name.lower()).strip("-")
                name = item.name if item.notation in (slug, "") else f"{item.notation} {item.name}"
                entries.append([fw.identifier, name, path, " ".join(item.groups)])
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
