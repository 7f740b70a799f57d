"""Benchmark of a large assessment: import (read the workbook, check every cell, RDF, the
assessment shapes, Turtle), validate (the shapes alone) and report, at 250, 500 and 1,000
process instances across the 24 processes with outcomes, every outcome rated.

Jobs, each the median of several in-process runs on the PRM graph built once:

  * import: ``import_assessment(workbook.xlsx)`` (includes the shapes);
  * report: ``assessment_report(assessment.ttl, "table")`` (parse, shapes, computation);
  * validate: the shapes alone on the project's SHACL engine (Oxigraph), as import and report run
    them (``validate.check_ntriples``);
  * the alternative, in the same run: ``pyshacl.validate`` of the same data graph (assessment +
    PRM + schemes, an rdflib Graph already built) with the same shapes, already parsed: the ratio
    pyshacl alone / (import + report) says what the whole tool costs against validating alone.

The growth exponent k (time ~ N^k) is fitted between the smallest and the largest size.
The workbook is synthetic: ratings drawn from a seeded generator, percentages inside their band.

Usage: ``python bench/bench_assessment.py [--runs N] [--alt-runs N] [--largest N]``
"""

from __future__ import annotations

import io
import math
import os
import random
import sys
import tempfile
from pathlib import Path

from common import inline, script_args


def make_workbook(view, instances: int, path: Path) -> None:
    from openpyxl import load_workbook

    from iso20000_prm.assessment.workbook import template_xlsx

    processes = [p for p, proc in view.processes.items() if proc.outcomes]
    per = {p: [] for p in processes}
    for i in range(instances):
        per[processes[i % len(processes)]].append(f"unit {i + 1}")
    most = max(len(v) for v in per.values())
    wb = load_workbook(io.BytesIO(template_xlsx(view, processes, most)))
    rng = random.Random(20261201)
    bands = {"N": (0, 15), "P": (16, 50), "L": (51, 85), "F": (86, 100)}
    for p in processes:
        ws = wb[p]
        names = per[p]
        # drop the template's surplus instance columns
        ws.delete_cols(4 + 4 * len(names), 4 * (most - len(names)))
        for k, name in enumerate(names):
            for j, kind in enumerate(("rating", "percentage", "evidence", "note")):
                ws.cell(4, 4 + 4 * k + j).value = f"{kind}: {name}"
            for r in range(5, 5 + len(view.processes[p].outcomes)):
                word = rng.choice("NPLLFF")
                ws.cell(r, 4 + 4 * k).value = word
                if rng.random() < 0.5:
                    ws.cell(r, 5 + 4 * k).value = rng.randint(*bands[word])
                ws.cell(r, 6 + 4 * k).value = "records sampled"
    ws = wb["Attributes"]
    ws.delete_rows(2, ws.max_row)
    for p in processes:
        for name in per[p]:
            ws.append([p, name, None] + [rng.choice("PLFF") for _ in range(2)])
    wb.save(path)


def main(argv: list[str] | None = None) -> int:
    args = script_args(
        __doc__,
        3,
        argv,
        alt_runs=(1, "runs of pyshacl alone"),
        largest=(1000, "process instances of the largest run"),
    )

    import pyshacl
    from rdflib import Graph, URIRef

    from iso20000_prm import vocab as ns
    from iso20000_prm.assessment.api import assessment_report, import_assessment
    from iso20000_prm.assessment.prm import prm_view
    from iso20000_prm.assessment.validate import check_ntriples, data_graph, shapes_file
    from iso20000_prm.graph.build import build_graph

    prm = build_graph()
    view = prm_view(prm)
    shapes = Graph().parse(shapes_file(), format="turtle")
    sizes = sorted({max(24, args.largest // 4), max(24, args.largest // 2), args.largest})
    print(
        f"median of {args.runs} runs ({args.alt_runs} of pyshacl); PRM graph {len(prm)} triples; "
        "wall time (CPU time of this process)"
    )
    print(
        "| instances | outcome ratings | triples | import | report | import + report "
        "| validate (ours) | pyshacl alone | pyshacl / (import + report), wall | same, CPU "
        "| load average (1 min) |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    results, cpu = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            xlsx, ttl = Path(tmp) / f"r{n}.xlsx", Path(tmp) / f"a{n}.ttl"
            make_workbook(view, n, xlsx)
            load_before = os.getloadavg()[0]
            imp = inline(lambda: import_assessment(xlsx, ttl, prm), args.runs)
            rep = inline(lambda: assessment_report(ttl, "table", prm), args.runs)
            g = Graph().parse(ttl, format="turtle")
            ratings = len(set(g.subjects(URIRef(ns.ASMT_NS + "outcome"))))
            nt = g.serialize(format="nt", encoding="utf-8")
            ours = inline(lambda: check_ntriples(nt, prm), args.runs)
            assert ours.result == [], "the synthetic assessment must conform"
            dg = data_graph(g, prm)
            alone = inline(
                lambda: pyshacl.validate(dg, shacl_graph=shapes, inference="none")[0],
                args.alt_runs,
            )
            assert alone.result is True, "the synthetic assessment must conform"
            total = imp.median + rep.median
            results[n] = total
            cpu[n] = imp.cpu_median + rep.cpu_median
            load_after = os.getloadavg()[0]
            print(
                f"| {n} | {ratings} | {len(g)} | {imp.median:.2f} s ({imp.cpu_median:.2f} CPU) "
                f"| {rep.median:.2f} s ({rep.cpu_median:.2f} CPU) | {total:.2f} s "
                f"| {ours.median:.2f} s ({ours.cpu_median:.2f} CPU) "
                f"| {alone.median:.2f} s ({alone.cpu_median:.2f} CPU) | {alone.median / total:.1f}x "
                f"| {alone.cpu_median / cpu[n]:.1f}x | {load_before:.1f} to {load_after:.1f} |"
            )
    small, large = sizes[0], sizes[-1]
    k = math.log(results[large] / results[small]) / math.log(large / small)
    kc = math.log(cpu[large] / cpu[small]) / math.log(large / small)
    print(
        f"growth: wall time ~ N^{k:.2f}, CPU time ~ N^{kc:.2f}, between {small} and {large} instances"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
