"""Benchmark of the release work (issue 5), each job the median of several runs in this process.

Jobs, with the obvious alternative measured in the same run:
  * writing all six formats deterministically (canonical blank nodes, sorted lines, sorted
    RDF/XML and JSON-LD) vs rdflib's own serialisers, which are not byte-stable: the ratio is
    the price of determinism;
  * the open-profile prose check as one SPARQL query on the embedded Oxigraph store vs the
    plain-Python scan of every literal against every fragment (the same SPARQL on rdflib takes
    minutes, so it is not run);
  * ``load`` to a real Oxigraph server (PUT N-Triples + COUNT query) vs a plain PUT of the
    Turtle file with urllib and no verification, if the ``oxigraph`` server is installed.

Usage: ``python bench/bench_release.py [--runs N]``.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from common import Row, inline, script_args, table


def main(argv: list[str] | None = None) -> int:
    args = script_args(__doc__, 5, argv)

    from iso20000_prm.graph import formats
    from iso20000_prm.graph.build import build_graph
    from iso20000_prm.release.profiles import apply_profile, prose_fragments, prose_leaks
    from iso20000_prm.tables.read import load_tables

    tables = load_tables()
    graph = build_graph(tables)
    print(
        f"graph: {len(graph)} triples; median of {args.runs} runs; speed-up = alternative / ours\n"
    )
    rows = []

    def ours_write():  # as a release does it: one canonicalisation, Turtle from the graph itself
        canonical = formats.canonical(graph)
        for fmt in formats.FORMATS.values():
            formats.render(graph if fmt.name == "turtle" else canonical, fmt)

    from rdflib import Dataset, URIRef

    dataset = Dataset()
    named = dataset.graph(URIRef(formats.GRAPH_IRI))
    for triple in graph:
        named.add(triple)

    def rdflib_write():
        for name in ("turtle", "nt", "xml", "json-ld"):
            graph.serialize(format=name, encoding="utf-8")
        for name in ("trig", "nquads"):
            dataset.serialize(format=name, encoding="utf-8")

    rows.append(
        Row(
            "write 6 formats (deterministic)",
            inline(ours_write, args.runs),
            inline(rdflib_write, args.runs),
            "rdflib serialisers",
        )
    )

    open_graph = apply_profile(graph, "open")
    fragments = prose_fragments(tables)

    def python_scan():
        from rdflib import Literal

        lits = [
            " ".join(str(o).replace("[", "").replace("]", "").split()).lower()
            for o in open_graph.objects()
            if isinstance(o, Literal)
        ]
        return [(lit, f) for lit in lits for f in fragments if f in lit]

    assert prose_leaks(open_graph, tables) == [] and python_scan() == []
    rows.append(
        Row(
            "prose check on the open graph",
            inline(lambda: prose_leaks(open_graph, tables), args.runs),
            inline(python_scan, args.runs),
            "plain Python scan",
        )
    )

    binary = Path(sys.executable).parent / "oxigraph"
    binary = str(binary) if binary.exists() else shutil.which("oxigraph")
    if not binary:
        print(table(rows) + "\nload: skipped (the oxigraph server is not installed)")
        return 0
    from iso20000_prm.store.graph_store import load_graph

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.Popen(
            [binary, "serve", "--location", tmp, "--bind", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(300):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
            url = f"http://127.0.0.1:{port}"
            turtle = formats.to_turtle(graph)

            def plain_put():
                req = urllib.request.Request(
                    url + "/store?graph=https%3A%2F%2Fexample.org%2Fg",
                    data=turtle,
                    method="PUT",
                    headers={"Content-Type": "text/turtle"},
                )
                urllib.request.urlopen(req, timeout=60).read()

            ours = inline(
                lambda: load_graph(graph, url + "/store", "https://w3id.org/iso20000-prm/graph"),
                args.runs,
            )
            rows.append(
                Row(
                    "load to Oxigraph server (PUT + count)",
                    ours,
                    inline(plain_put, args.runs),
                    "PUT Turtle, unverified",
                )
            )
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    print(table(rows), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
