"""The documentation site: static HTML pages generated from the graph (``iso20000-prm docs``).

Modules: :mod:`.model` reads what the pages show out of the graph, :mod:`.charts` writes the
coverage pictures as SVG, :mod:`.render` assembles every file (the pages are in :mod:`.pages`,
one module per page type), :mod:`.resources` places every IRI of the graph in the site and
writes its RDF description, :mod:`.conneg` writes the content-negotiation rules (Apache,
nginx), :mod:`.downloads` the release folder and ``versions.json``, ``search.js`` is the search
page's script, :mod:`.linkcheck` checks that every internal link of the written site resolves.
Heavy libraries are imported inside functions only, so importing this package is cheap.
"""

from __future__ import annotations


def build_site(output, graph=None, findings=None):
    """Write the site for ``graph`` (an rdflib Graph, a graph file, or None for "the graph" by the
    rule of :mod:`iso20000_prm.graph.source`) into the folder ``output``; the written paths."""
    from iso20000_prm.site.render import build_site as _build_site

    return _build_site(output, graph=graph, findings=findings)
