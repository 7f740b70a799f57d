"""The vocabulary page (pyLODE-like: terms grouped by kind, domain/range back-links)."""

from __future__ import annotations

from iso20000_prm.site.model import SiteModel, Term
from iso20000_prm.site.pages.layout import VOCAB_PAGE, Page, curie, e


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
