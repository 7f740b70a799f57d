"""The downloads page, the release folder's index and the page of the vocabulary's version IRI."""

from __future__ import annotations

import posixpath

from iso20000_prm.site.model import SiteModel
from iso20000_prm.site.pages.layout import VOCAB_PAGE, Page, _table, e


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
