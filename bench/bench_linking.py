"""Linking: our SSSOM reader and writer against the ``sssom`` package, measured in the same run.

Jobs (median of RUNS runs each, in this process, after one warm-up run):
- read a SSSOM TSV file: ``sssom_io.read_sssom_tsv`` vs ``sssom.parse_tsv`` (pandas + LinkML
  based) on the same file, the exported ``2ed-draft-to-2011`` set and a 2 000-row synthetic set;
- write a mapping set as SSSOM TSV: ``sssom_io.to_sssom_tsv`` vs ``sssom.write_tsv`` of the
  data frame the package parsed from our file;
- merge a mapping set into a built graph (``linking.link``) vs building the graph alone, to show
  what linking adds to a build.

Usage: ``python bench/bench_linking.py [RUNS]`` (default 5). Needs the test extra (sssom).
"""

from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
from pathlib import Path


def median_time(job, runs: int) -> float:
    job()  # warm-up: imports and caches are not what we measure
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def report(name: str, ours: float, other: float, other_name: str) -> None:
    print(f"{name}: {ours * 1000:.1f} ms vs {other_name} {other * 1000:.1f} ms (ratio {ours / other:.3f})")


def synthetic_tsv(rows: int) -> str:
    head = "#curie_map:\n#  ex: https://example.org/a/\n#  ey: https://example.org/b/\n#mapping_set_id: https://example.org/sets/synthetic\n#license: https://creativecommons.org/publicdomain/zero/1.0/\n"
    lines = ["subject_id\tsubject_label\tpredicate_id\tobject_id\tobject_label\tmapping_justification\tconfidence"]
    for i in range(rows):
        lines.append(f"ex:{i}\tthing {i}\tskos:closeMatch\tey:{i}\tother {i}\tsemapv:ManualMappingCuration\t0.{i % 9 + 1}")
    return head + "\n".join(lines) + "\n"


def main(runs: int = 5) -> int:
    import sssom

    from iso20000_prm.builder import build_graph
    from iso20000_prm.linking import link
    from iso20000_prm.mapping_sets import mapping_sets
    from iso20000_prm.sssom_io import read_sssom_tsv, to_sssom_tsv

    mset = mapping_sets()["2ed-draft-to-2011"]
    with tempfile.TemporaryDirectory() as tmp:
        shipped = Path(tmp) / "b.sssom.tsv"
        shipped.write_bytes(to_sssom_tsv(mset))
        synthetic = Path(tmp) / "synthetic.sssom.tsv"
        synthetic.write_text(synthetic_tsv(2000), encoding="utf-8")
        for label, path in (("read 39-row shipped set", shipped), ("read 2000-row synthetic set", synthetic)):
            report(label, median_time(lambda: read_sssom_tsv(path), runs), median_time(lambda: sssom.parse_tsv(str(path)), runs), "sssom.parse_tsv")
        msdf = sssom.parse_tsv(str(shipped))
        report("write 39-row set", median_time(lambda: to_sssom_tsv(mset), runs),
               median_time(lambda: sssom.write_tsv(msdf, io.StringIO()), runs), "sssom.write_tsv")
        user = read_sssom_tsv(Path(__file__).resolve().parents[1] / "examples" / "prm-to-itil.sssom.tsv")

        def build_and_link():
            link(build_graph(), user)

        report("build + link example set", median_time(build_and_link, runs), median_time(build_graph, runs), "build alone")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5))
