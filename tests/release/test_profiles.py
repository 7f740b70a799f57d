"""The open profile: the same graph without the TR's prose, and the check that proves it.

The prose is taken straight from the CSV tables with the csv module; the checks here are plain
Python string comparisons, a second method beside the SPARQL check the build runs.
"""

from __future__ import annotations

import csv
import gzip
import re
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from iso20000_prm.cli import main
from iso20000_prm.files import tables_dir

PRM = "https://w3id.org/iso20000-prm/vocab#"


def csv_rows(name: str) -> list[dict]:
    with open(tables_dir() / name, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def norm(text: str) -> str:
    return " ".join(text.replace("[", "").replace("]", "").split()).lower()


def prose_texts() -> list[str]:
    """Context, purpose and outcome texts, and the outcome texts without brackets and final ;/."""
    processes, outcomes = csv_rows("processes.csv"), csv_rows("outcomes.csv")
    texts = [p["context"] for p in processes] + [p["purpose"] for p in processes]
    texts += [o["text"] for o in outcomes]
    texts += [norm(o["text"]).rstrip(";.").strip() for o in outcomes]
    return [norm(t) for t in texts if t.strip()]


def literals(graph: Graph) -> str:
    """All literals of ``graph``, normalised, joined by NUL (so a text cannot span two)."""
    return "\0".join(norm(str(o)) for o in graph.objects() if isinstance(o, Literal))


def parse_any(path: Path) -> Graph:
    fmt = {
        ".ttl": "turtle",
        ".nt": "nt",
        ".rdf": "xml",
        ".jsonld": "json-ld",
        ".trig": "trig",
        ".nq": "nquads",
    }
    data = path.read_bytes()
    suffix = path.suffix
    if suffix == ".gz":
        data, suffix = gzip.decompress(data), Path(path.stem).suffix
    if suffix in (".trig", ".nq"):
        ds = Dataset()
        ds.parse(data=data, format=fmt[suffix])
        g = Graph()
        for s, p, o, _ in ds.quads((None, None, None, None)):
            g.add((s, p, o))
        return g
    return Graph().parse(data=data, format=fmt[suffix])


@pytest.fixture(scope="module")
def graphs():
    from iso20000_prm.graph.build import build_graph
    from iso20000_prm.release.profiles import apply_profile

    full = build_graph()
    return full, apply_profile(full, "open")


@pytest.fixture(scope="module")
def open_release(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("open")
    assert (
        main(["build", "--profile", "open", "--format", "all", "--gzip", "--output-dir", str(out)])
        == 0
    )
    return out


def test_open_is_the_full_graph_minus_exactly_the_prose(graphs):
    full, open_ = graphs
    assert set(open_) <= set(full)
    processes, outcomes = csv_rows("processes.csv"), csv_rows("outcomes.csv")
    expected = (
        sum(1 for p in processes if p["context"])
        + sum(1 for p in processes if p["purpose"])
        + 2 * len(outcomes)
        + len(evidence_quoting_outcomes())
    )
    assert len(full) - len(open_) == expected
    removed = set(full) - set(open_)
    assert {str(p) for _, p, _ in removed} == {
        PRM + "context",
        PRM + "purpose",
        PRM + "verbatimText",
        str(RDFS.label),
        "https://w3id.org/iso20000-prm/set-relations#evidence",
    }


def evidence_quoting_outcomes() -> list[str]:
    """Evidence cells of the curated crosswalks (reference/prm-to-*.csv) that quote an outcome of
    the TR (its text, brackets and final punctuation removed): the open profile drops them. By
    hand: prm-to-itil4.csv 5.6 -> change-enablement quotes outcome 5 of 5.6."""
    texts = {
        re.sub(r"[\[\]]", "", o["text"]).rstrip(" ;.").lower() for o in csv_rows("outcomes.csv")
    }
    cells = []
    for name in ("prm-to-itil4.csv", "prm-to-cobit2019.csv"):
        path = tables_dir().parent / "reference" / name
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                if any(t in row["evidence"].lower() for t in texts if len(t) >= 25):
                    cells.append(row["evidence"])
    return cells


def test_no_prose_literal_in_the_open_graph(graphs):
    full, open_ = graphs
    texts = prose_texts()
    full_literals = literals(full)
    assert all(t in full_literals for t in texts)  # the check below can fail
    open_literals = literals(open_)
    for text in texts:
        assert text not in open_literals, text


def test_open_keeps_identifiers_numbers_names_and_traces(graphs):
    full, open_ = graphs
    outcome = URIRef(PRM + "Outcome")
    assert len(set(open_.subjects(RDF.type, outcome))) == len(csv_rows("outcomes.csv"))
    for predicate in (
        "outcomeNumber",
        "bracketStatus",
        "tracesTo",
        "supportsOutcome",
        "citesClause",
        "heading",
        "headingAsPrinted",
        "clauseAsPrinted",
        "hasOutcome",
        "availableInSource",
    ):
        p = URIRef(PRM + predicate)
        assert set(open_.triples((None, p, None))) == set(full.triples((None, p, None))), predicate
    names = {
        str(o)
        for p in open_.subjects(RDF.type, URIRef(PRM + "Process"))
        for o in open_.objects(p, RDFS.label)
    }
    assert names == {r["name"] for r in csv_rows("processes.csv")}
    headings = {str(o) for o in open_.objects(None, URIRef(PRM + "heading"))}
    assert headings == {r["heading"] for r in csv_rows("clauses.csv")}


def test_prose_check_finds_every_kind_of_leak(graphs):
    from iso20000_prm.release.profiles import prose_leaks

    full, open_ = graphs
    assert prose_leaks(open_) == []
    leaks = prose_leaks(full)
    leaked = {(leak.subject, leak.predicate) for leak in leaks}
    with_context = [r for r in csv_rows("processes.csv") if r["context"]]
    assert sum(1 for _, p in leaked if p == PRM + "context") == len(with_context)
    assert sum(1 for _, p in leaked if p == PRM + "verbatimText") == len(csv_rows("outcomes.csv"))
    assert sum(1 for _, p in leaked if p == str(RDFS.label)) >= len(csv_rows("outcomes.csv"))
    # a sentence of a context, changed in case and brackets and hidden in a comment, is found too
    sentence = re.split(r"(?<=\.)\s+", with_context[0]["context"])[0]
    sneaky = Graph()
    sneaky.add(
        (
            URIRef("https://example.org/x"),
            RDFS.comment,
            Literal("See: [" + sentence.upper() + "]  (quoted)"),
        )
    )
    assert len(prose_leaks(sneaky)) >= 1


def test_every_open_artefact_is_free_of_prose(open_release):
    files = sorted(p for p in open_release.iterdir() if ".void." not in p.name)
    assert {p.name for p in files} == {
        "iso20000-prm-open" + s for s in (".ttl", ".nt.gz", ".rdf", ".jsonld", ".trig", ".nq.gz")
    }
    texts = prose_texts()
    for path in files:
        graph = parse_any(path)
        assert len(graph) > 4000, path.name
        all_literals = literals(graph)
        found = [t for t in texts if t in all_literals]
        assert found == [], path.name
        raw = (
            gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        ).decode("utf-8")
        purpose = csv_rows("processes.csv")[0]["purpose"]
        assert purpose not in raw, path.name


def test_open_description_says_open(open_release):
    desc = Graph().parse(open_release / "iso20000-prm-open.void.ttl", format="turtle")
    ds = URIRef("https://w3id.org/iso20000-prm/dataset/open")
    assert str(desc.value(ds, DCTERMS.conformsTo)) == "https://w3id.org/iso20000-prm/profile/open"
    assert "open" in str(desc.value(ds, DCTERMS.title))
    dists = list(desc.objects(ds, DCAT_DIST))
    assert len(dists) == 6
    assert all(str(desc.value(d, DCTERMS.conformsTo)).endswith("/profile/open") for d in dists)


DCAT_DIST = URIRef("http://www.w3.org/ns/dcat#distribution")


def test_single_open_turtle_with_output(tmp_path):
    assert main(["build", "--profile", "open", "-o", str(tmp_path / "open.ttl")]) == 0
    graph = Graph().parse(tmp_path / "open.ttl", format="turtle")
    assert not list(graph.triples((None, URIRef(PRM + "verbatimText"), None)))
    assert len(list(graph.triples((None, URIRef(PRM + "outcomeNumber"), None)))) == len(
        csv_rows("outcomes.csv")
    )


def test_a_leak_fails_the_open_build_and_writes_nothing(tmp_path, monkeypatch, capsys):
    from iso20000_prm.release import profiles

    monkeypatch.setattr(profiles, "prose_triples", lambda graph: set())
    assert (
        main(["build", "--profile", "open", "-f", "nt", "--output-dir", str(tmp_path / "rel")]) == 1
    )
    err = capsys.readouterr().err
    assert "prose check" in err and "holds TR prose" in err
    assert not (tmp_path / "rel").exists()
