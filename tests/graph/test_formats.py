"""Release formats: every artefact of one build holds the same graph, byte-stable, described.

Expected numbers come from the CSV tables read with the csv module, or from re-parsing the
artefacts with rdflib, never from the program under test.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from _paths import ROOT
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, RDF, RDFS, VOID

from iso20000_prm.cli import main
from iso20000_prm.files import tables_dir

PRM = "https://w3id.org/iso20000-prm/vocab#"
GRAPH_IRI = "https://w3id.org/iso20000-prm/graph"
EXPECTED_FILES = {
    "iso20000-prm.ttl": ("turtle", "text/turtle"),
    "iso20000-prm.nt": ("nt", "application/n-triples"),
    "iso20000-prm.rdf": ("xml", "application/rdf+xml"),
    "iso20000-prm.jsonld": ("json-ld", "application/ld+json"),
    "iso20000-prm.trig": ("trig", "application/trig"),
    "iso20000-prm.nq": ("nquads", "application/n-quads"),
}


def csv_rows(name: str) -> list[dict]:
    with open(tables_dir() / name, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def parse(path: Path, fmt: str) -> Graph:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    if fmt in ("trig", "nquads"):
        ds = Dataset()
        ds.parse(data=data, format=fmt)
        graph = Graph()
        for s, p, o, _ in ds.quads((None, None, None, None)):
            graph.add((s, p, o))
        return graph
    return Graph().parse(data=data, format=fmt)


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("release")
    assert main(["build", "--format", "all", "--output-dir", str(out)]) == 0
    return out


def test_all_formats_written_and_described(release):
    names = {p.name for p in release.iterdir()}
    assert names == set(EXPECTED_FILES) | {"iso20000-prm.void.ttl"}


def test_every_artefact_is_isomorphic_to_the_turtle(release):
    turtle = parse(release / "iso20000-prm.ttl", "turtle")
    assert len(turtle) > 4000
    for name, (fmt, _) in EXPECTED_FILES.items():
        other = parse(release / name, fmt)
        assert len(other) == len(turtle), name
        assert isomorphic(other, turtle), name


def test_line_formats_are_sorted_and_quads_in_the_named_graph(release):
    nt = (release / "iso20000-prm.nt").read_text(encoding="utf-8").splitlines()
    assert nt == sorted(nt) and len(nt) == len(set(nt))
    nq = (release / "iso20000-prm.nq").read_text(encoding="utf-8").splitlines()
    assert nq == sorted(nq) and len(nq) == len(nt)
    assert all(line.endswith(f" <{GRAPH_IRI}> .") for line in nq)
    ds = Dataset()
    ds.parse(release / "iso20000-prm.trig", format="trig")
    named = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert named == {GRAPH_IRI}


def test_jsonld_uses_the_published_context(release):
    doc = json.loads((release / "iso20000-prm.jsonld").read_text(encoding="utf-8"))
    shipped = json.loads((ROOT / "ontology" / "context.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == shipped["@context"]
    change = next(n for n in doc["@graph"] if n["@id"].endswith("/process/change-management"))
    assert change["@type"] == "Process"
    assert len(change["hasOutcome"]) == sum(
        1 for r in csv_rows("outcomes.csv") if r["process"] == "5.6"
    )
    assert change["label"]["@value"] == "Change management"


def test_shipped_context_matches_the_ontology():
    from iso20000_prm.graph.build import load_ontology
    from iso20000_prm.graph.formats import load_context, make_context

    ontology = load_ontology()
    context = load_context()
    assert context == make_context(ontology)
    # every readable key names a term the ontology declares (or rdfs:label/comment/...)
    prefixes = {k: v for k, v in context.items() if isinstance(v, str) and v.endswith(("#", "/"))}
    for key, value in context.items():
        if key in prefixes:
            continue
        iri = value["@id"] if isinstance(value, dict) else value
        prefix, local = iri.split(":", 1)
        assert local == key
        full = URIRef(prefixes[prefix] + local)
        assert (full, None, None) in ontology or full.startswith(str(RDFS)), key
    for local in ("hasOutcome", "tracesTo", "outcomeNumber", "Process", "Outcome", "Clause"):
        assert context[local] in (f"prm:{local}", {"@id": f"prm:{local}", "@type": "@id"})


def test_same_tables_same_bytes_even_with_another_hash_seed(release, tmp_path):
    env = dict(os.environ, PYTHONHASHSEED="12345")
    code = "import sys; from iso20000_prm.cli import main; sys.exit(main(sys.argv[1:]))"
    subprocess.run(
        [sys.executable, "-c", code, "build", "-f", "all", "--gzip", "--output-dir", str(tmp_path)],
        check=True,
        env=env,
        capture_output=True,
    )
    for name in EXPECTED_FILES:
        if name.endswith((".nt", ".nq")):
            gz = (tmp_path / (name + ".gz")).read_bytes()
            assert gz[:2] == b"\x1f\x8b"
            assert gzip.decompress(gz) == (release / name).read_bytes(), name
        else:
            assert (tmp_path / name).read_bytes() == (release / name).read_bytes(), name


def test_gzip_only_for_line_formats(tmp_path):
    assert (
        main(["build", "-f", "turtle,nt", "-f", "nquads", "--gzip", "--output-dir", str(tmp_path)])
        == 0
    )
    names = {p.name for p in tmp_path.iterdir()}
    assert names == {
        "iso20000-prm.ttl",
        "iso20000-prm.nt.gz",
        "iso20000-prm.nq.gz",
        "iso20000-prm.void.ttl",
    }


def test_description_is_computed_from_the_graph(release):
    desc = Graph().parse(release / "iso20000-prm.void.ttl", format="turtle")
    ds = URIRef("https://w3id.org/iso20000-prm/dataset/full")
    turtle = parse(release / "iso20000-prm.ttl", "turtle")
    # the triple count, by counting N-Triples lines
    lines = (release / "iso20000-prm.nt").read_text(encoding="utf-8").splitlines()
    assert desc.value(ds, VOID.triples).toPython() == len(lines) == len(turtle)
    assert (ds, RDF.type, VOID.Dataset) in desc and (ds, RDF.type, DCAT.Dataset) in desc
    assert desc.value(ds, DCTERMS.license) is not None
    assert desc.value(ds, DCTERMS.title) is not None
    assert str(desc.value(ds, DCTERMS.conformsTo)).endswith("/profile/full")
    # class partitions against the CSV row counts
    entities = {
        desc.value(part, VOID["class"]): desc.value(part, VOID.entities).toPython()
        for part in desc.objects(ds, VOID.classPartition)
    }
    assert entities[URIRef(PRM + "Process")] == len(csv_rows("processes.csv"))
    assert entities[URIRef(PRM + "Outcome")] == len(csv_rows("outcomes.csv"))
    assert entities[URIRef(PRM + "TraceabilityEntry")] == len(csv_rows("traceability.csv"))
    assert entities[URIRef(PRM + "Clause")] == len(csv_rows("clauses.csv"))
    # property partitions add up to the triple count, and match a count over the N-Triples lines
    triples = {
        desc.value(part, VOID.property): desc.value(part, VOID.triples).toPython()
        for part in desc.objects(ds, VOID.propertyPartition)
    }
    assert sum(triples.values()) == len(lines)
    verbatim = sum(1 for line in lines if line.split(" ", 2)[1] == f"<{PRM}verbatimText>")
    assert triples[URIRef(PRM + "verbatimText")] == verbatim == len(csv_rows("outcomes.csv"))
    vocabularies = {str(v) for v in desc.objects(ds, VOID.vocabulary)}
    assert {
        PRM,
        str(RDFS),
        "http://www.w3.org/2004/02/skos/core#",
        "http://www.w3.org/ns/prov#",
    } <= vocabularies
    # one distribution per artefact, with media type and the real size
    dists = {str(desc.value(d, DCTERMS.title)): d for d in desc.objects(ds, DCAT.distribution)}
    assert set(dists) == set(EXPECTED_FILES)
    for name, (_, media) in EXPECTED_FILES.items():
        d = dists[name]
        assert str(desc.value(d, DCAT.mediaType)).endswith("/" + media)
        assert desc.value(d, DCAT.byteSize).toPython() == (release / name).stat().st_size


def test_download_base_gives_download_urls(tmp_path):
    assert (
        main(
            [
                "build",
                "-f",
                "nt",
                "--gzip",
                "--output-dir",
                str(tmp_path),
                "--download-base",
                "https://example.org/r/1/",
            ]
        )
        == 0
    )
    desc = Graph().parse(tmp_path / "iso20000-prm.void.ttl", format="turtle")
    urls = {str(u) for u in desc.objects(None, DCAT.downloadURL)}
    assert urls == {"https://example.org/r/1/iso20000-prm.nt.gz"}
    assert any(str(c).endswith("application/gzip") for c in desc.objects(None, DCAT.compressFormat))


def test_default_build_still_writes_one_turtle(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["build"]) == 0
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()] == [
        "build/iso20000-prm.ttl"
    ]


def test_output_and_output_dir_conflict(tmp_path, capsys):
    assert main(["build", "-f", "nt", "-o", str(tmp_path / "x.ttl")]) == 2
    assert "--output-dir" in capsys.readouterr().err
    assert main(["build", "-f", "n4"]) == 2
    assert "unknown format 'n4'" in capsys.readouterr().err


def test_vocabulary_check_catches_typos():
    from iso20000_prm.graph.build import build_graph
    from iso20000_prm.release.vocab_check import undefined_terms

    graph = build_graph()
    assert undefined_terms(graph) == []
    x = URIRef("https://w3id.org/iso20000-prm/id/x")
    graph.add((x, URIRef(str(RDFS) + "Label"), Literal("typo")))
    graph.add((x, URIRef(PRM + "hasOutcomes"), x))
    graph.add((x, RDF.type, URIRef("http://www.w3.org/2004/02/skos/core#concept")))
    graph.add((x, URIRef("http://example.org/undeclared"), x))
    found = {(p.role, p.term) for p in undefined_terms(graph)}
    assert found == {
        ("predicate", str(RDFS) + "Label"),
        ("predicate", PRM + "hasOutcomes"),
        ("class", "http://www.w3.org/2004/02/skos/core#concept"),
        ("predicate", "http://example.org/undeclared"),
    }


def test_a_typo_fails_the_build_and_writes_nothing(tmp_path, monkeypatch, capsys):
    from iso20000_prm.graph import build as builder

    real = builder.add_data

    def with_typo(g, t):
        real(g, t)
        g.add(
            (
                URIRef("https://w3id.org/iso20000-prm/id/x"),
                URIRef(str(RDFS) + "Label"),
                Literal("x"),
            )
        )

    monkeypatch.setattr(builder, "add_data", with_typo)
    assert main(["build", "-o", str(tmp_path / "g.ttl")]) == 1
    assert main(["build", "-f", "all", "--output-dir", str(tmp_path / "rel")]) == 1
    assert "rdf-schema#Label" in capsys.readouterr().err
    assert not (tmp_path / "g.ttl").exists() and not (tmp_path / "rel").exists()


def test_a_second_parser_reads_every_artefact(release):
    """Oxigraph (Rust parsers) agrees with rdflib on the number of triples in every file."""
    import pyoxigraph as ox

    expected = len((release / "iso20000-prm.nt").read_text(encoding="utf-8").splitlines())
    for name in EXPECTED_FILES:
        store = ox.Store()
        store.load(path=str(release / name))
        assert len(store) == expected, name
        graphs = {g.value for g in store.named_graphs()}
        assert graphs == ({GRAPH_IRI} if name.endswith((".trig", ".nq")) else set()), name


def test_artefacts_get_the_usual_file_mode(tmp_path):
    """Release files must be publishable: not the private 0600 of a temporary file."""
    old = os.umask(0o022)
    try:
        assert main(["build", "-f", "nt", "--output-dir", str(tmp_path)]) == 0
    finally:
        os.umask(old)
    for path in tmp_path.iterdir():
        assert path.stat().st_mode & 0o777 == 0o644, path.name
