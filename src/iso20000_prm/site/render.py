"""Render the site model to files: the pages (one module per page type in :mod:`.pages`), the
charts, the search index, the per-resource RDF and the conneg rules; write them as one folder.

Every page shows the IRI of the resource it describes (and a SPARQL query for it), uses only
the site's own stylesheet and pictures (works offline), and carries a viewport meta tag and
responsive CSS for phones. All files are written through ``write_tree`` inside the output
folder; the same graph gives the same bytes.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from iso20000_prm.errors import PRMError
from iso20000_prm.site.findings import SiteFinding
from iso20000_prm.site.model import SiteModel, safe_name
from iso20000_prm.site.pages.assessment import assessment_page, example_assessment
from iso20000_prm.site.pages.clause import clause_page, edition_page
from iso20000_prm.site.pages.downloads import downloads_page, release_index_page, version_page
from iso20000_prm.site.pages.editions import (
    editions_page,
    later_clause_section,
    later_edition_page,
)
from iso20000_prm.site.pages.frameworks import (
    framework_page,
    frameworks_page,
    item_page,
    load_frameworks,
)
from iso20000_prm.site.pages.index import (
    coverage_page,
    gaps_page,
    index_page,
    search_index,
    search_page,
)
from iso20000_prm.site.pages.layout import SITE_NAME, VOCAB_PAGE, Page, script, stylesheet
from iso20000_prm.site.pages.process import process_page
from iso20000_prm.site.pages.resource import Linker, resource_page
from iso20000_prm.site.pages.vocabulary import vocabulary_page

__all__ = [
    "SITE_NAME",
    "VOCAB_PAGE",
    "Page",
    "build_site",
    "clause_page",
    "process_page",
    "render_site",
    "vocabulary_page",
    "write_files",
]

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


def render_site(model: SiteModel, findings: list[SiteFinding] | None, graph) -> dict[str, bytes]:
    """Every file of the site for ``graph`` (whose model is ``model``), as {path relative to the
    site root: bytes}."""
    from iso20000_prm.site import charts as ch
    from iso20000_prm.site import conneg, resources
    from iso20000_prm.site.downloads import release_files, release_version, versions_json
    from iso20000_prm.site.parallel import in_background

    pending = in_background(release_files, graph)  # the slowest step, beside the pages
    docs = resources.documents(graph)
    version, version_iri = release_version(graph)
    version_doc = resources.doc_path(version_iri) if version_iri else None
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
    pages = [index_page(model), coverage_page(model), gaps_page(model), vocabulary_page(model)]
    pages += [process_page(model, p, findings) for p in model.processes]
    pages += [edition_page(model, ed) for ed in model.editions]
    pages += [clause_page(model, c) for ed in model.editions for c in ed.clauses]
    pages += [editions_page(model)]
    pages += [later_edition_page(model, ed) for ed in model.later_editions]
    pages += [search_page(model)]
    page, extra = assessment_page(model, graph, example_assessment())
    pages.append(page)
    files.update(extra)
    frameworks = load_frameworks(graph, model)
    files["search-index.js"] = search_index(model, frameworks)
    pages.append(frameworks_page(model, frameworks))
    pages += [framework_page(model, fw) for fw in frameworks if model.page_of(fw.iri)]
    pages += [
        item_page(model, fw, item)
        for fw in frameworks
        for item in fw.items
        if model.page_of(item.iri)
    ]
    done = {page.path for page in pages} | {"downloads.html"}
    if version_doc is not None:
        done.add(version_doc + ".html")
    generic = {path: subjects for path, subjects in docs.items() if path + ".html" not in done}
    anchors = {}
    if model.vocabulary is not None:
        anchors.update({t.iri: t.anchor for t in model.vocabulary.terms})
    for subjects in generic.values():
        for s in subjects:
            if "#" in str(s):
                anchors[str(s)] = safe_name(str(s).split("#", 1)[1])
    linker = Linker(graph, docs, anchors)
    later_clauses = {c.path: c for ed in model.later_editions for c in ed.clauses}
    for path, subjects in generic.items():
        page = resource_page(model, linker, path, subjects)
        if page.path in later_clauses:  # a 2011/2018 clause: what reaches it, then its triples
            page.parts[0:0] = later_clause_section(page, model, later_clauses[page.path])
        pages.append(page)
    files.update(resources.rdf_files(graph, docs))
    for page in pages:
        files[page.path] = page.render()

    release, release_data = pending.result()
    assert (release.version, release.version_iri) == (version, version_iri)
    files.update(release_data)
    files["versions.json"] = versions_json(release)
    files[".htaccess"] = conneg.htaccess(latest=release.version)
    files["nginx-conneg.conf"] = conneg.nginx(latest=release.version)
    last = [downloads_page(model, release), release_index_page(model, release)]
    if version_doc is not None:
        last.append(version_page(model, release, version_doc))
    for page in last:
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
