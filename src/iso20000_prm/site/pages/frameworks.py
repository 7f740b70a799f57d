"""The frameworks section (the PRM as a hub): a page listing the frameworks the graph maps the PRM
processes to (ITIL 4 practices, COBIT 2019 objectives), a page per framework (its concept scheme)
and per item, with the item's paths to the PRM processes, their outcomes and the ISO/IEC 20000-1
clauses of every edition, each with the weakest confidence along the path
(:func:`iso20000_prm.mappings.chain.chain_confidence`; the TR's own outcome traces count as high).
Everything is read from the graph: the schemes, the items, the mapping records."""

from __future__ import annotations

from dataclasses import dataclass, field

from iso20000_prm.site.model import Clause, Process, SiteModel, edition_year
from iso20000_prm.site.pages.layout import Page, _table, e
from iso20000_prm.vocab import clause_key

PAGE = "frameworks.html"
RANK = {"low": 0, "medium": 1, "high": 2}


@dataclass
class Link:
    process: Process
    relation: str
    confidence: str
    mapping_set: str


@dataclass
class Item:
    iri: str
    notation: str
    name: str
    label: str
    groups: list[str]
    source: str
    links: list[Link] = field(default_factory=list)


@dataclass
class Framework:
    iri: str
    identifier: str
    title: str
    items: list[Item] = field(default_factory=list)


def load_frameworks(graph, model: SiteModel) -> list[Framework]:
    """The frameworks of the graph: the concept schemes PRM processes are mapped to."""
    from rdflib import URIRef
    from rdflib.namespace import DCTERMS, RDFS, SKOS

    from iso20000_prm.site.model import _text
    from iso20000_prm.vocab import FRAMEWORK_ITEM_KIND, SETREL_NS, framework_iri

    def p(name):
        return URIRef(SETREL_NS + name)

    processes = {x.iri: x for x in model.processes}
    out = []
    for key in sorted(FRAMEWORK_ITEM_KIND):
        scheme = URIRef(str(framework_iri(key)))
        if (scheme, None, None) not in graph:
            continue
        fw = Framework(
            str(scheme),
            _text(graph, scheme, DCTERMS.identifier) or key,
            _text(graph, scheme, DCTERMS.title) or _text(graph, scheme, RDFS.label),
        )
        items = {}
        for s in graph.subjects(SKOS.inScheme, scheme):
            groups = sorted(
                _text(graph, g, SKOS.prefLabel) for g in graph.objects(s, DCTERMS.isPartOf)
            )
            items[str(s)] = Item(
                str(s),
                _text(graph, s, SKOS.notation),
                _text(graph, s, SKOS.prefLabel),
                _text(graph, s, RDFS.label),
                groups,
                _text(graph, s, DCTERMS.source),
            )
        for record in graph.subjects(p("mappingObject"), None):
            item = items.get(str(graph.value(record, p("mappingObject"))))
            process = processes.get(str(graph.value(record, p("mappingSubject"))))
            if item is None or process is None:
                continue
            if str(graph.value(record, p("negated")) or "").lower() == "true":
                continue
            mset = graph.value(record, p("inMappingSet"))
            item.links.append(
                Link(
                    process,
                    str(graph.value(record, p("mappingPredicate")) or "").rsplit("#", 1)[-1],
                    str(graph.value(record, p("confidenceLevel")) or ""),
                    _text(graph, mset, DCTERMS.identifier) if mset is not None else "",
                )
            )
        for item in items.values():
            item.links.sort(key=lambda x: (clause_key(x.process.notation), x.relation))
        fw.items = sorted(items.values(), key=lambda i: (i.notation, i.iri))
        out.append(fw)
    return out


def item_paths(
    model: SiteModel, item: Item
) -> list[tuple[str, str, str, Clause | None, str, list]]:
    """(edition, clause number, heading, TR clause or None, path confidence, via) for every clause
    the item reaches: item -> process (the record's confidence) -> outcome -> TR clause (high)
    -> clause of another edition (the counterpart record's confidence); the strongest path per
    clause, its confidence the weakest hop of that path."""
    from iso20000_prm.mappings.chain import chain_confidence

    best: dict[tuple, tuple] = {}

    def offer(key, conf, via, clause=None, iri=""):
        current = best.get(key)
        if current is None or RANK[conf] > RANK[current[0]]:
            best[key] = (conf, {via}, clause, iri)
        elif current[0] == conf:
            current[1].add(via)

    for link in item.links:
        if link.confidence not in RANK:
            continue
        for o in link.process.outcomes:
            for c in o.clauses:
                via = f"{link.process.notation}/{o.number}"
                conf = chain_confidence([link.confidence, "high"])
                year = edition_year(c.edition.issued, c.edition.title)
                offer((year, c.edition.identifier, c.notation, c.heading), conf, via, c)
                for x in c.counterparts:
                    if x.iri in model.clauses or x.confidence not in RANK:
                        continue
                    conf = chain_confidence([link.confidence, "high", x.confidence])
                    key = (x.edition_issued, x.edition, x.notation, x.heading)
                    offer(key, conf, via, None, x.iri)
    rows = []
    for key in sorted(best, key=lambda k: (k[0], k[1], clause_key(k[2]))):
        conf, via, clause, iri = best[key]
        vias = sorted(via, key=lambda v: (clause_key(v.split("/")[0]), int(v.split("/")[1])))
        rows.append((key[1], key[2], key[3], clause, conf, vias, iri))
    return rows


def frameworks_page(model: SiteModel, frameworks: list[Framework]) -> Page:
    page = Page(PAGE, "Frameworks", "", model)
    page.add(
        "<p>The PRM as a hub: curated crosswalks from its processes to the frameworks "
        "practitioners use, and through the processes' outcomes to the clauses of every edition "
        "of ISO/IEC 20000-1. Names and identifiers only; each link keeps its confidence.</p>"
    )
    if not frameworks:
        page.add('<p class="muted">The graph holds no framework mapping.</p>')
    rows = [
        f'<tr><td><a href="{page.to(model.page_of(fw.iri) or PAGE)}">{e(fw.identifier)}</a></td>'
        f'<td>{e(fw.title)}</td><td class="num">{len(fw.items)}</td>'
        f'<td class="num">{sum(1 for i in fw.items if i.links)}</td></tr>'
        for fw in frameworks
    ]
    if rows:
        page.add(
            _table(["Framework", "Title", "#Items", "#Mapped to PRM processes"], rows, "collapse")
        )
    return page


def framework_page(model: SiteModel, fw: Framework) -> Page:
    page = Page(model.page_of(fw.iri), fw.title or fw.identifier, fw.iri, model)
    page.add(
        f'<p>{len(fw.items)} items; <a href="{page.to(PAGE)}">all frameworks</a>. Each row: the '
        "PRM processes a curated mapping record links the item to, with relation and "
        "confidence.</p>"
    )
    rows = []
    for i in fw.items:
        links = ", ".join(
            f'<a href="{page.to(x.process.path)}">{e(x.process.notation)}</a> '
            f'<span class="muted">{e(x.confidence)}</span>'
            for x in i.links
        )
        rows.append(
            f'<tr data-item="{e(i.notation)}"><td><a href="{page.to(model.page_of(i.iri))}">'
            f"{e(i.notation)}</a></td><td>{e(i.name)}</td><td>{e('; '.join(i.groups))}</td>"
            f"<td>{links or '—'}</td></tr>"
        )
    page.add(_table(["Item", "Name", "Group", "PRM processes"], rows, "collapse items"))
    return page


def item_page(model: SiteModel, fw: Framework, item: Item) -> Page:
    page = Page(model.page_of(item.iri), item.label or item.name, item.iri, model)
    facts = [
        ("Framework", f'<a href="{page.to(model.page_of(fw.iri))}">{e(fw.identifier)}</a>'),
        ("Identifier", e(item.notation)),
        ("Name", e(item.name)),
        ("Group", e("; ".join(item.groups))),
        ("Sources of the name", e(item.source)),
    ]
    page.add(
        '<dl class="facts">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts if v) + "</dl>"
    )
    page.add(f'<h2 id="processes">PRM processes ({len(item.links)})</h2>')
    if item.links:
        rows = [
            f'<tr data-process="{e(x.process.notation)}"><td><a href="{page.to(x.process.path)}">'
            f"{e(x.process.title)}</a></td><td>skos:{e(x.relation)}</td>"
            f'<td><span class="badge conf-{e(x.confidence)}">{e(x.confidence)}</span></td>'
            f"<td>{e(x.mapping_set)}</td></tr>"
            for x in item.links
        ]
        page.add(
            _table(["Process", "Relation", "Confidence", "Mapping set"], rows, "collapse links")
        )
    else:
        page.add('<p class="muted">No mapping record links a PRM process to this item.</p>')
    paths = item_paths(model, item)
    page.add(
        f'<h2 id="clauses">Clauses of ISO/IEC 20000-1 reached ({len(paths)})</h2>',
        '<p class="muted">Item → process → outcome → clause the TR traces it to (→ the clause of '
        "a later edition through the mapping sets); the confidence is the weakest hop of the "
        "strongest path; "
        "via: the outcomes (process/outcome) on those paths.</p>",
    )
    rows = []
    for edition, notation, heading, clause, conf, vias, iri in paths:
        target = clause.path if clause else model.page_of(iri)
        shown = e(notation)
        if target:
            shown = f'<a href="{page.to(target)}">{shown}</a>'
        rows.append(
            f'<tr data-edition="{e(edition)}" data-clause="{e(notation)}"><td>{e(edition)}</td>'
            f"<td>{shown}</td><td>{e(heading)}</td>"
            f'<td><span class="badge conf-{e(conf)}">{e(conf)}</span></td>'
            f"<td>{e(', '.join(vias))}</td></tr>"
        )
    if rows:
        page.add(
            _table(["Edition", "Clause", "Heading", "Confidence", "Via"], rows, "collapse paths")
        )
    return page
