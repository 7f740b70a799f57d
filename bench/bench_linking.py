"""Linking: our SSSOM reader and writer against the ``sssom`` package, measured in the same run.

Jobs (median of RUNS runs each, in this process, after one warm-up run (imports and caches
are not what is measured); a Markdown table,
speed-up = alternative / ours):
- read a SSSOM TSV file: ``sssom_io.read_sssom_tsv`` vs ``sssom.parse_tsv`` (pandas + LinkML
  based) on the same file, the exported ``2ed-draft-to-2011`` set and a 2 000-row synthetic set;
- write a mapping set as SSSOM TSV: ``sssom_io.to_sssom_tsv`` vs ``sssom.write_tsv`` of the
  data frame the package parsed from our file;
- merge a mapping set into a built graph (``linking.link``) vs building the graph alone, to show
  what linking adds to a build.

Usage: ``python bench/bench_linking.py [--runs N]`` (default 5). Needs the test extra (sssom).
"""

from __future__ import annotations

import io
import sys
import tempfile
from pathlib import Path

from common import Row, inline, script_args, table


def synthetic_tsv(rows: int) -> str:
    head = "#curie_map:\n#  ex: https://example.org/a/\n#  ey: https://example.org/b/\n#mapping_set_id: https://example.org/sets/synthetic\n#license: https://creativecommons.org/publicdomain/zero/1.0/\n"
    lines = [
        "subject_id\tsubject_label\tpredicate_id\tobject_id\tobject_label\tmapping_justification\tconfidence"
    ]
    for i in range(rows):
        lines.append(
            f"ex:{i}\tthing {i}\tskos:closeMatch\tey:{i}\tother {i}\tsemapv:ManualMappingCuration\t0.{i % 9 + 1}"
        )
    return head + "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    runs = script_args(__doc__, 5, argv).runs
    import sssom

    from iso20000_prm.graph.build import build_graph
    from iso20000_prm.mappings import mapping_sets
    from iso20000_prm.mappings.link import link
    from iso20000_prm.mappings.sssom import read_sssom_tsv, to_sssom_tsv

    rows = []
    mset = mapping_sets()["2ed-draft-to-2011"]
    with tempfile.TemporaryDirectory() as tmp:
        shipped = Path(tmp) / "b.sssom.tsv"
        shipped.write_bytes(to_sssom_tsv(mset))
        synthetic = Path(tmp) / "synthetic.sssom.tsv"
        synthetic.write_text(synthetic_tsv(2000), encoding="utf-8")
        for label, path in (
            ("read 39-row shipped set", shipped),
            ("read 2000-row synthetic set", synthetic),
        ):
            rows.append(
                Row(
                    label,
                    inline(lambda: read_sssom_tsv(path), runs, warmup=True),
                    inline(lambda: sssom.parse_tsv(str(path)), runs, warmup=True),
                    "sssom.parse_tsv",
                )
            )
        msdf = sssom.parse_tsv(str(shipped))
        rows.append(
            Row(
                "write 39-row set",
                inline(lambda: to_sssom_tsv(mset), runs, warmup=True),
                inline(lambda: sssom.write_tsv(msdf, io.StringIO()), runs, warmup=True),
                "sssom.write_tsv",
            )
        )
        user = read_sssom_tsv(
            Path(__file__).resolve().parents[1] / "examples" / "prm-to-itil.sssom.tsv"
        )

        def build_and_link():
            link(build_graph(), user)

        rows.append(
            Row(
                "build + link example set",
                inline(build_and_link, runs, warmup=True),
                inline(build_graph, runs, warmup=True),
                "build alone",
            )
        )
    print(table(rows), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
