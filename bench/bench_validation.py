"""Benchmark of SHACL validation on the shipped graph: targeted entailment against OWL-RL closure.

The shapes need only inverse properties, one property chain and the vocabulary's subclass
axioms (see src/iso20000_prm/validation/entailment.py). The obvious alternative is pyshacl's own
``inference="owlrl"``, which computes the full OWL-RL closure first. Jobs, each the median of
several in-process runs on an already built graph, with the ratio alternative / ours:

  * validate: ``iso20000_prm.validation.validate(graph)`` vs ``pyshacl.validate(graph,
    shacl_graph=shapes, inference="owlrl")`` (same shapes, already parsed);
  * entailment only: ``validation.entail(graph, <predicates the shapes read>)`` vs owlrl's
    ``DeductiveClosure(OWLRL_Semantics)`` on a copy of the graph;
  * first call: the same ``validate`` in a fresh interpreter state is not measured here (the
    parsed shapes and prepared queries are cached per process); see ``make bench`` for cold CLI runs.

It also checks that both paths find the same (focus node, shape) pairs on the shipped graph.

Usage: ``python bench/bench_validation.py [--runs N] [--alt-runs N]``
"""

from __future__ import annotations

import sys

from common import Measure, inline, script_args


def row(job: str, ours: Measure, alt: Measure, alt_name: str) -> None:
    """Wall and CPU medians: CPU time is shown too because shared machines are loaded, and wall
    time then says more about the neighbours than about the code."""
    (ow, oc), (aw, ac) = (ours.median, ours.cpu_median), (alt.median, alt.cpu_median)
    print(
        f"| {job} | {ow * 1000:.0f} ms ({oc * 1000:.0f} CPU) | {aw * 1000:.0f} ms ({ac * 1000:.0f} CPU) {alt_name} | {aw / ow:.1f}x ({ac / oc:.1f}x CPU) |"
    )


def pairs_of(report_graph) -> set[tuple[str, str]]:
    from rdflib.namespace import RDF, SH

    return {
        (str(report_graph.value(r, SH.focusNode)), str(report_graph.value(r, SH.sourceShape)))
        for r in report_graph.subjects(RDF.type, SH.ValidationResult)
    }


def main(argv: list[str] | None = None) -> int:
    args = script_args(__doc__, 7, argv, alt_runs=(3, "runs of the owlrl alternative"))

    import owlrl
    import pyshacl
    from rdflib import Graph

    from iso20000_prm.graph.build import build_graph
    from iso20000_prm.validation import entail, load_shapes, validate
    from iso20000_prm.validation.engine import shipped_predicates

    graph = build_graph()
    shapes = load_shapes()
    validate(graph)  # warm the per-process caches (parsed shapes, vocabulary rules, queries)

    def copy():
        g = Graph()
        g += graph
        return g

    def owlrl_closure():
        g = copy()
        owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
        return g

    print(
        f"shipped graph: {len(graph)} triples; median of {args.runs} runs (ours) and {args.alt_runs} (alternative)"
    )
    print("| job | ours | alternative | ratio |")
    print("| --- | --- | --- | --- |")
    ours = inline(lambda: validate(graph), args.runs)
    alt = inline(
        lambda: pyshacl.validate(graph, shacl_graph=shapes, inference="owlrl", allow_warnings=True),
        args.alt_runs,
    )
    report, alt_result = ours.result, alt.result
    row("validate shipped graph", ours, alt, "pyshacl inference=owlrl")
    e_ours = inline(lambda: entail(graph, shipped_predicates()), args.runs)
    e_alt = inline(owlrl_closure, args.alt_runs)
    work, closed = e_ours.result, e_alt.result
    row("entailment only", e_ours, e_alt, "owlrl OWL-RL closure")
    print(
        f"\nentailed triples: ours +{report.entailed} (on a copy of the {len(work) - report.entailed} triples the shapes read), owlrl +{len(closed) - len(graph)}"
    )
    ours_pairs, alt_pairs = pairs_of(report.report_graph), pairs_of(alt_result[1])
    print(
        f"findings: ours {len(ours_pairs)}, owlrl path {len(alt_pairs)}, same (focus, shape) pairs: {ours_pairs == alt_pairs}"
    )
    if ours_pairs != alt_pairs:
        for focus, shape in sorted(ours_pairs ^ alt_pairs):
            side = "ours only" if (focus, shape) in ours_pairs else "owlrl only"
            print(f"  {side}: {shape.rsplit('#', 1)[-1]} on {focus}")
    print(
        f"target: ours under 0.5 s -> {'met' if ours.median < 0.5 else 'NOT met'} ({ours.median:.3f} s wall, {ours.cpu_median:.3f} s CPU)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
