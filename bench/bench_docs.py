"""Documentation site: time of the parts of ``iso20000-prm docs`` against the obvious alternatives.

Jobs (median of RUNS runs each, measured in the same process; a Markdown table, speed-up =
alternative / ours):
- vocabulary reference: the project's page (read the terms from the graph, render HTML) vs
  pyLODE's OntPub page of the same ontology file (pyLODE 3.4.1 needs a shim for its version
  module, see README "Documentation site"); skipped if pyLODE is not installed;
- coverage pictures: the site's SVG charts (written directly, no matplotlib);
- whole site without validation, in memory (no disk writes): model, every page, every
  per-resource RDF document, the release files, the search index; at the real size and at 10
  times it (``synthesize(10, seed=0)``), with the files per second, to check it stays linear;
- whole site written to a folder (``build_site`` with the findings given: what ``docs`` does
  after validation), real size: the difference to the in-memory row is the writing.

Usage: ``python bench/bench_docs.py [--runs N]`` (default 5).
"""

from __future__ import annotations

import sys
import types

from common import Row, inline, script_args, table


def main(argv: list[str] | None = None) -> int:
    runs = script_args(__doc__, 5, argv).runs
    from iso20000_prm.files import ontology_file
    from iso20000_prm.graph.build import build_graph, load_ontology
    from iso20000_prm.site import charts
    from iso20000_prm.site.model import load_model, load_vocabulary
    from iso20000_prm.site.render import render_site, vocabulary_page

    graph = build_graph()
    model = load_model(graph)

    def ours_vocab():  # like pyLODE: parse the ontology file, then write the page
        model.vocabulary = load_vocabulary(load_ontology())
        vocabulary_page(model).render()

    def pylode_vocab():
        sys.modules.setdefault("pylode.version", types.SimpleNamespace(__version__="3.4.1"))
        from pylode import OntPub

        OntPub(ontology=str(ontology_file())).make_html()

    try:
        pylode_vocab()
        other = inline(pylode_vocab, runs)
    except ImportError:
        other = None
    rows = [
        Row(
            "vocabulary reference",
            inline(ours_vocab, runs),
            other,
            "pyLODE OntPub" if other else "",
            "" if other else "pyLODE not installed",
        )
    ]

    def svg_charts():
        for ed in model.editions:
            charts.heatmap(model.processes, ed)
        charts.process_coverage(model.processes)

    rows.append(Row("coverage pictures (SVG written directly)", inline(svg_charts, runs)))
    import shutil
    import tempfile

    from iso20000_prm.site import build_site
    from iso20000_prm.tables.synthetic import synthesize

    per_file = {}
    for scale in (1, 10):
        g = graph if scale == 1 else build_graph(synthesize(scale, seed=0))
        m = load_model(g)

        def site(g=g, m=m):
            return render_site(m, [], g)

        measure = inline(site, 1 if scale > 1 else min(runs, 3))
        files = len(measure.result)
        per_file[scale] = min(measure.times) / files
        rows.append(
            Row(
                f"whole site in memory, no validation, {scale}x ({files} files)",
                measure,
                note=f"{per_file[scale] * 1e3:.2f} ms per file"
                + (
                    f"; {per_file[scale] / per_file[1]:.2f}x the 1x cost per file"
                    if scale > 1
                    else ""
                ),
            )
        )
    folder = tempfile.mkdtemp(prefix="bench-site-")
    try:
        rows.append(
            Row(
                "whole site written to a folder, 1x (atomic tree write)",
                inline(lambda: build_site(f"{folder}/site", graph=graph, findings=[]), 1),
                note="one run",
            )
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(table(rows), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
