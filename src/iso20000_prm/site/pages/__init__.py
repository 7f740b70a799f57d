"""The site's pages, one module per page type: :mod:`.layout` (the frame every page shares),
:mod:`.index` (index, coverage, gaps, search), :mod:`.process`, :mod:`.clause` (editions and
clauses), :mod:`.vocabulary`, :mod:`.downloads` (downloads, release index, version IRI) and
:mod:`.resource` (any other resource of the graph)."""
