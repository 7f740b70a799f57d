"""The editions of ISO/IEC 20000-1: the page listing all four, and the pages of the editions the
TR does not cite (2011, 2018), whose clauses the PRM reaches only through the mapping sets."""

from __future__ import annotations

from iso20000_prm.site.model import RANK, LaterClause, LaterEdition, Reach, SiteModel
from iso20000_prm.site.pages.clause import across_editions
from iso20000_prm.site.pages.layout import EDITIONS_PAGE, Page, _table, e
from iso20000_prm.vocab import clause_key


def editions_page(model: SiteModel) -> Page:
    """One page naming the four editions: the two the TR cites (and traces its outcomes to), and
    the later ones reached through the curated and chained mapping sets, with confidence."""
    page = Page(EDITIONS_PAGE, "Editions of ISO/IEC 20000-1", "", model)
    page.add(
        '<p class="muted">The TR traces its outcomes to the first two editions below. The later '
        "ones are reached only through mapping records: curated tables and the chains composed "
        "from them, whose confidence is that of their weakest hop.</p>"
    )
    rows = []
    for ed in model.editions:
        traced = sum(1 for c in ed.clauses if c.traced_from)
        rows.append(
            f'<tr class="cited"><td><a href="{page.to(ed.path)}">{e(ed.identifier)}</a></td>'
            f"<td>{e(ed.title)}</td><td>cited by the TR (edition code <code>{e(ed.code)}</code>): "
            f"outcomes traced by the TR itself</td>"
            f'<td class="num">{len(ed.clauses)}</td><td class="num">{traced}</td><td>—</td></tr>'
        )
    for ed in model.later_editions:
        reached = [c for c in ed.clauses if c.reaches]
        by_level = {level: sum(1 for c in reached if c.best == level) for level in RANK}
        sets = ", ".join(
            f"{e(name)} ({'chained' if chained else 'curated'})"
            for name, chained in ed.mapping_sets
        )
        levels = ", ".join(
            f'<span class="badge conf-{level}">{level}</span> {by_level[level]}'
            for level in ("high", "medium", "low")
        )
        rows.append(
            f'<tr class="later"><td><a href="{page.to(ed.path)}">{e(ed.identifier)}</a></td>'
            f"<td>{e(ed.title)}</td><td>not cited by the TR; reached through the mapping sets "
            f'{sets or "—"}</td><td class="num">{len(ed.clauses)}</td>'
            f'<td class="num">{len(reached)}</td><td>{levels}</td></tr>'
        )
    page.add(
        _table(
            [
                "Edition",
                "Title",
                "How the PRM reaches it",
                "#Clauses",
                "#Clauses reached",
                "Best confidence per reached clause",
            ],
            rows,
            "collapse editions",
        )
    )
    return page


def later_edition_page(model: SiteModel, ed: LaterEdition) -> Page:
    """Every clause of the edition's scheme, in clause order, with the PRM outcomes reaching it
    (the rows of the saved query ``chain-traces``, grouped by mapping record), or marked as
    reached by nothing."""
    page = Page(ed.path, ed.identifier, ed.iri, model)
    facts = [("Title", ed.title), ("Issued", ed.issued)] + [("Note", n) for n in ed.notes]
    facts.append(
        (
            "Mapping sets reaching it",
            ", ".join(f"{n} ({'chained' if c else 'curated'})" for n, c in ed.mapping_sets),
        )
    )
    page.add(
        '<dl class="facts">'
        + "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in facts if v)
        + "</dl>"
    )
    reached = [c for c in ed.clauses if c.reaches]
    around = [c for c in ed.clauses if c.status == "around"]
    unreached = [c for c in ed.clauses if c.status == "unreached"]
    at = {level: sum(1 for c in reached if RANK[c.best] >= RANK[level]) for level in RANK}
    page.add(
        f'<p class="summary">{len(reached)} of {len(ed.clauses)} clauses are reached by at least '
        f"one PRM outcome ({at['medium']} with a chain of medium confidence or better, "
        f"{at['high']} with high confidence); {len(around)} only through a sub-clause or the "
        f"parent clause; {len(unreached)} by nothing: "
        + (", ".join(f'<a href="#{e(c.anchor)}">{e(c.notation)}</a>' for c in unreached) or "—")
        + ".</p>",
        '<p class="muted">An outcome reaches a clause when the TR traces it to a clause of 1ED IS '
        "or 2ED DRAFT that a mapping record (curated, or chained through the editions between) "
        "maps to this one. A chain's confidence is its weakest hop's. The same rows: "
        f"<code>iso20000-prm query chain-traces -p edition={e(ed.year)} -p clause=N</code>.</p>",
    )
    rows = []
    for c in ed.clauses:
        rows.append(
            f'<tr id="{e(c.anchor)}" class="{c.status}" data-clause="{e(c.notation)}">'
            f'<td><a href="{page.to(c.path)}">{e(c.notation)}</a></td><td>{e(c.heading)}</td>'
            f"<td>{reach_html(page, c)}</td>"
            f'<td class="num">{len({(r.outcome.iri) for r in c.reaches})}</td>'
            f"<td>{_level(c.best)}</td></tr>"
        )
    page.add(
        f"<h2>Clauses ({len(ed.clauses)})</h2>",
        _table(
            ["Clause", "Heading", "Reached by (chain: outcomes)", "#Outcomes", "Best confidence"],
            rows,
            "collapse later-clauses",
        ),
    )
    return page


def _level(level: str) -> str:
    return f'<span class="badge conf-{e(level)}">{e(level)}</span>' if level else "—"


def _records(c: LaterClause) -> list[tuple[tuple, list[Reach]]]:
    """The clause's rows grouped by mapping record (one chain from one TR clause), strongest
    first, then by TR edition and clause."""
    groups: dict[tuple, list[Reach]] = {}
    for r in c.reaches:
        key = (
            r.confidence,
            r.chain,
            r.mapping_set,
            r.predicate,
            r.relationship,
            r.from_edition,
            r.from_clause,
        )
        groups.setdefault(key, []).append(r)
    return sorted(
        groups.items(), key=lambda g: (-RANK[g[0][0]], g[0][5], clause_key(g[0][6]), g[0][2])
    )


def reach_html(page: Page, c: LaterClause) -> str:
    """The outcomes reaching ``c``, one item per mapping record (chain, set, relation,
    confidence, then the outcomes, linked); or why nothing reaches it."""
    if not c.reaches:
        if c.around:
            return (
                '<span class="status around">not reached itself; reached through '
                + ", ".join(e(n) for n in c.around)
                + "</span>"
            )
        return '<span class="status unreached">nothing reaches this clause</span>'
    items = []
    for (level, chain, mset, pred, rel, src, src_clause), reaches in _records(c):
        outs = ", ".join(
            f'<a class="outcome" href="{page.to(r.outcome.process.path, f"outcome-{r.outcome.number}")}"'
            f' title="{e(r.outcome.process.title)}: {e(r.outcome.verbatim)}" '
            f'data-outcome="{e(r.outcome.process.notation)}/{r.outcome.number}">'
            f"{e(r.outcome.process.notation)}/{r.outcome.number}</a>"
            for r in reaches
        )
        relation = f"skos:{pred}" + (f", {rel}" if rel else "")
        items.append(
            f'<li class="record" data-from="{e(src)} {e(src_clause)}" data-confidence="{e(level)}">'
            f"{_level(level)} {e(chain)} "
            f'<span class="muted">({e(mset)}; {e(relation)})</span>: {outs}</li>'
        )
    return '<ul class="reach">' + "".join(items) + "</ul>"


def later_clause_section(page: Page, model: SiteModel, c: LaterClause) -> list[str]:
    """What the page of a 2011/2018 clause shows above its triples: its edition (linked back to
    the clause's row on the edition page), the PRM outcomes reaching it, and the clause across
    editions (the section of the cited clauses' pages): its counterparts, and for each clause of
    an earlier edition mapped to it, the outcomes kept, added and dropped on the way."""
    ed = c.edition
    processes = sorted(
        {r.outcome.process.iri: r.outcome.process for r in c.reaches}.values(),
        key=lambda p: clause_key(p.notation),
    )
    return [
        '<dl class="facts">'
        f'<dt>Edition</dt><dd><a href="{page.to(ed.path, c.anchor)}">{e(ed.identifier)}</a> '
        f'<span class="muted">(this clause among all {len(ed.clauses)} of the edition)</span></dd>'
        f"<dt>Clause</dt><dd>{e(c.notation)}</dd>"
        + (f"<dt>Heading</dt><dd>{e(c.heading)}</dd>" if c.heading else "")
        + f"<dt>Best confidence</dt><dd>{_level(c.best)}</dd></dl>",
        f'<h2 id="reached-by">PRM outcomes reaching this clause '
        f"({len({r.outcome.iri for r in c.reaches})}, from {len(processes)} processes)</h2>",
        '<div class="reach-block">' + reach_html(page, c) + "</div>",
        *_across(page, model, c),
        "<h2>Its triples</h2>",
    ]


def _across(page: Page, model: SiteModel, c: LaterClause) -> list[str]:
    """The across-editions section of the cited clauses' pages, for ``c``: what changed is shown
    against the clauses of the earlier editions (those the TR cites, and 2011 for 2018)."""
    earlier = dict(model.clauses)
    for ed in model.later_editions:
        if ed is c.edition:
            break
        earlier.update((x.iri, x) for x in ed.clauses)
    start = len(page.parts)
    across_editions(page, model, c, earlier)
    parts = page.parts[start:]
    del page.parts[start:]
    return parts
