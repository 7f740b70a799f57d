"""The straightforward pipeline `iso20000-prm build` is compared against, as a script run cold:
rdflib build (the tables added to an ordinary rdflib ``Graph``, on rdflib's Memory store) ->
rdflib's serialiser for each release format -> pyshacl with OWL-RL inference.

Usage: ``python bench/baseline_build.py OUTDIR [TABLES] [--inference owlrl|rdfs|none]``
(default owlrl; at 100 times the real PRM its closure does not finish in useful time, so the
N = 100 row takes ``none``: pyshacl on the graph as built, a lower bound for the alternative).
"""

import sys
from pathlib import Path

import pyshacl
from rdflib import Dataset, Graph, URIRef

from iso20000_prm import vocab
from iso20000_prm.files import shapes_dir
from iso20000_prm.graph.build import compose
from iso20000_prm.tables.read import load_tables


def build_graph(tables):
    """What a plain rdflib build does: every triple ``Graph.add``-ed to the default store."""
    graph = Graph(identifier=URIRef(vocab.GRAPH_IRI))
    for prefix, namespace in vocab.PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    compose(load_tables(tables), graph, graph)
    return graph


FORMATS = {"turtle": ".ttl", "nt": ".nt", "xml": ".rdf", "json-ld": ".jsonld"}
QUAD_FORMATS = {"trig": ".trig", "nquads": ".nq"}  # need the graph inside a dataset


def main(out: Path, tables: str | None = None, inference: str = "owlrl") -> int:
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
    pyshacl.validate(graph, shacl_graph=str(shapes[0]), inference=inference, allow_warnings=True)
    return 0  # the findings are not the point here; an exception exits 1 and fails the job


if __name__ == "__main__":
    args = sys.argv[1:]
    chosen = "owlrl"
    if "--inference" in args:
        at = args.index("--inference")
        chosen = args[at + 1]
        del args[at : at + 2]
    sys.exit(main(Path(args[0]), args[1] if len(args) > 1 else None, chosen))
