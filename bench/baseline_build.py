"""The straightforward pipeline `iso20000-prm build` is compared against, as a script run cold:
rdflib build -> rdflib's serialiser for each release format -> pyshacl with OWL-RL inference.

Usage: ``python bench/baseline_build.py OUTDIR [TABLES]``.
"""

import sys
from pathlib import Path

import pyshacl
from rdflib import Dataset, URIRef

from iso20000_prm.files import shapes_dir
from iso20000_prm.graph.build import build_graph

FORMATS = {"turtle": ".ttl", "nt": ".nt", "xml": ".rdf", "json-ld": ".jsonld"}
QUAD_FORMATS = {"trig": ".trig", "nquads": ".nq"}  # need the graph inside a dataset


def main(out: Path, tables: str | None = None) -> int:
    graph = build_graph(tables)
    out.mkdir(parents=True, exist_ok=True)
    for fmt, suffix in FORMATS.items():
        graph.serialize(destination=out / f"iso20000-prm{suffix}", format=fmt, encoding="utf-8")
    dataset = Dataset()
    named = dataset.graph(URIRef("https://w3id.org/iso20000-prm/graph"))
    named += graph
    for fmt, suffix in QUAD_FORMATS.items():
        dataset.serialize(destination=out / f"iso20000-prm{suffix}", format=fmt, encoding="utf-8")
    shapes = sorted(shapes_dir().glob("*.ttl"))
    pyshacl.validate(graph, shacl_graph=str(shapes[0]), inference="owlrl", allow_warnings=True)
    return 0  # the findings are not the point here; an exception exits 1 and fails the job


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else None))
