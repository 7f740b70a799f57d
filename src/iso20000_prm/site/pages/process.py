"""The page of a process: context, purpose, outcomes and their traces, the clauses it supports
per edition, its traceability entries and validation findings.
"""

from __future__ import annotations

from iso20000_prm.site.findings import SiteFinding
from iso20000_prm.site.model import Process, SiteModel
from iso20000_prm.site.pages.layout import (
    Page,
    _clause_link,
    _counts,
    _finding_list,
    _outcome_link,
    _table,
    e,
)


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
