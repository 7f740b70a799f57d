"""The pages of the editions of ISO/IEC 20000-1 and of their clauses."""

from __future__ import annotations

from iso20000_prm.site.model import Clause, Edition, LaterClause, SiteModel, edition_year
from iso20000_prm.site.pages.layout import Page, _chart, _clause_link, _table, e


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
    across_editions(page, model, c)
    return page


def across_editions(page: Page, model: SiteModel, c: Clause | LaterClause, compared=None) -> None:
    """The section "This clause across editions": every counterpart the mapping records give
    (direct and chained) with relation, confidence and set, and for a counterpart in
    ``compared`` (IRI -> clause; default: the clauses the TR cites), which outcomes were kept,
    added or dropped (traced by the TR to a cited clause, reaching a 2011/2018 clause)."""
    page.add(
        f'<h2 id="across-editions">{e(c.notation)} across editions ({len(c.counterparts)})</h2>',
        '<p class="muted">Every clause of another edition of ISO/IEC 20000-1 a mapping record '
        "relates this clause to, directly or through a chain of records (the chain's confidence "
        "is that of its weakest hop).</p>",
    )
    if not c.counterparts:
        page.add('<p class="muted">No mapping record names this clause.</p>')
        return
    rows = []
    for x in c.counterparts:
        target = model.clauses.get(x.iri)
        other_page = target.path if target else model.page_of(x.iri)
        shown = e(x.notation or x.iri)
        if other_page:
            shown = f'<a href="{page.to(other_page)}">{shown}</a>'
        how = f"chain {e(x.chain)}" if x.chain else "direct"
        rows.append(
            f"<tr><td>{e(x.edition)}</td><td>{shown}</td><td>{e(x.heading)}</td>"
            f'<td>skos:{e(x.relation)}</td><td><span class="badge conf-{e(x.confidence)}">'
            f"{e(x.confidence or '—')}</span></td><td>{e(x.mapping_set)}; {how}</td></tr>"
        )
    page.add(
        _table(
            ["Edition", "Clause", "Heading", "Relation", "Confidence", "Mapping set"],
            rows,
            "collapse across",
        )
    )
    mine = {(o.process.notation, o.number): o for o in c.outcomes}
    compared = model.clauses if compared is None else compared
    shown_once = set()
    for x in c.counterparts:
        other = compared.get(x.iri)
        if other is None or x.iri in shown_once:
            continue
        shown_once.add(x.iri)
        theirs = {(o.process.notation, o.number): o for o in other.outcomes}
        later = edition_year(other.edition.issued, other.edition.title) > edition_year(
            c.edition.issued, c.edition.title
        )
        before, after = (mine, theirs) if later else (theirs, mine)
        older, newer = (c, other) if later else (other, c)
        groups = [
            ("kept", sorted(before.keys() & after.keys())),
            ("added", sorted(after.keys() - before.keys())),
            ("dropped", sorted(before.keys() - after.keys())),
        ]
        items = []
        for change, keys in groups:
            outs = ", ".join(
                f'<a href="{page.to(o.process.path, f"outcome-{o.number}")}" title="{e(o.verbatim)}">'
                f"{e(o.process.notation)}/{o.number}</a>"
                for o in (before.get(k) or after.get(k) for k in _by_process(keys))
            )
            items.append(
                f'<li data-change="{change}"><span class="k">{change} ({len(keys)})</span> '
                f"{outs or '—'}</li>"
            )
        page.add(
            f'<h3 id="changed-{e(other.edition.slug)}-{e(other.slug)}">What changed from '
            f"{e(older.edition.identifier)} {e(older.notation)} to {e(newer.edition.identifier)} "
            f"{e(newer.notation)}</h3>",
            f'<p class="muted">{_compared_outcomes(older, newer)}</p>',
            '<ul class="changes">' + "".join(items) + "</ul>",
        )


def _compared_outcomes(older, newer) -> str:
    """What the kept/added/dropped lists compare, in words."""
    if isinstance(older, Clause) and isinstance(newer, Clause):
        return "Outcomes the TR traces to either clause."
    said = [
        ("the TR traces to " if isinstance(x, Clause) else "reach ")
        + f"{e(x.edition.identifier)} {e(x.notation)}"
        + ("" if isinstance(x, Clause) else " through any mapping record")
        for x in (older, newer)
    ]
    return (
        f"Outcomes that {said[0]}, against those that {said[1]}: kept are in both, added only "
        f"in {e(newer.notation)}, dropped only in {e(older.notation)} (as "
        "<code>iso20000-prm mappings compare</code> lists them)."
    )


def _by_process(keys):
    from iso20000_prm.vocab import clause_key

    return sorted(keys, key=lambda k: (clause_key(k[0]), k[1]))


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
