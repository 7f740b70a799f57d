"""Documentation site: time of the parts of ``iso20000-prm docs`` against the obvious alternatives.

Jobs (median of RUNS runs each, measured in the same process):
- vocabulary reference: the project's page (read the terms from the graph, render HTML) vs
  pyLODE's OntPub page of the same ontology file (pyLODE 3.4.1 needs a shim for its version
  module, see README "Documentation site"); skipped if pyLODE is not installed;
- coverage pictures: the site's SVG charts vs the same charts as PNG at 100 dpi (Agg);
- whole site without validation: model + charts + pages, in memory (no disk writes).

Usage: ``python bench/bench_docs.py [RUNS]`` (default 5).
"""

from __future__ import annotations

import statistics
import sys
import time
import types


def median_time(job, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def report(name: str, ours: float, other: float | None, other_name: str) -> None:
    if other is None:
        print(f"{name}: {ours * 1000:.1f} ms (alternative {other_name} not available)")
    else:
        print(f"{name}: {ours * 1000:.1f} ms vs {other_name} {other * 1000:.1f} ms (ratio {ours / other:.3f})")


def main(runs: int = 5) -> int:
    from iso20000_prm.builder import build_graph, load_ontology
    from iso20000_prm.resources import ontology_file
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
        other = median_time(pylode_vocab, runs)
    except ImportError:
        other = None
    report("vocabulary reference", median_time(ours_vocab, runs), other, "pyLODE OntPub")

    def svg_charts():
        for ed in model.editions:
            charts.heatmap(model.processes, ed)
        charts.process_coverage(model.processes)

    def png_charts():
        for ed in model.editions:
            charts.heatmap(model.processes, ed, fmt="png")
        charts.process_coverage(model.processes, fmt="png")

    report("coverage pictures", median_time(svg_charts, runs), median_time(png_charts, runs), "PNG at 100 dpi")
    start = time.perf_counter()
    render_site(model, [])
    print(f"whole site in memory, no validation: {(time.perf_counter() - start) * 1000:.0f} ms (one run)")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5))
