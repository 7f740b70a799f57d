"""Synthetic PRMs: they load, are deterministic, and have the shape of the shipped tables.

The shape statistics are computed here with plain ``csv`` over the files, independently of
the generator and of ``load_tables``. Tolerances: counts are exact multiples of the shipped
ones (the generator reuses each block's structure), ratios and means within 1 %.
"""

import csv
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from iso20000_prm.cli import main
from iso20000_prm.files import tables_dir
from iso20000_prm.tables.read import load_tables

RATIO_TOLERANCE = 0.01


def read(folder: Path, name: str) -> list[dict[str, str]]:
    with open(folder / name, newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def shape(folder: Path) -> dict:
    """Shape statistics of a folder of tables, from the CSV alone."""
    processes = read(folder, "processes.csv")
    outcomes = read(folder, "outcomes.csv")
    entries = read(folder, "traceability.csv")
    clauses = read(folder, "clauses.csv")
    traced = {(e["process"], n) for e in entries for n in e["outcomes"].split(",")}
    fan_out = [len(e["outcomes"].split(",")) for e in entries]
    brackets = Counter(
        "full"
        if o["text"].rstrip(" ;.").startswith("[")
        and o["text"].rstrip(" ;.").endswith("]")
        and o["text"].count("[") == 1
        else "partial"
        if "[" in o["text"]
        else "none"
        for o in outcomes
    )
    citations = Counter((e["edition"], e["clause"]) for e in entries)
    return {
        "processes": len(processes),
        "unavailable": sum(p["available"] == "no" for p in processes),
        "outcomes": len(outcomes),
        "entries": len(entries),
        "clauses": len(clauses),
        "outcomes_per_process": Counter(Counter(o["process"] for o in outcomes).values()),
        "entries_per_process": Counter(Counter(e["process"] for e in entries).values()),
        "fan_out": Counter(fan_out),
        "mean_fan_out": sum(fan_out) / len(fan_out),
        "bracket_ratio": {k: v / len(outcomes) for k, v in brackets.items()},
        "untraced_ratio": sum((o["process"], o["number"]) not in traced for o in outcomes)
        / len(outcomes),
        "clause_reuse": Counter(citations.values()),
        "editions": Counter(e["edition"] for e in entries),
        "uncited_clauses": sum((c["edition"], c["clause"]) not in citations for c in clauses),
    }


def scaled(counter: Counter, n: int) -> Counter:
    return Counter({k: v * n for k, v in counter.items()})


@pytest.fixture(scope="module")
def real():
    return shape(tables_dir())


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = {}
    for n in (1, 3):
        folder = tmp_path_factory.mktemp(f"syn{n}")
        assert main(["synthesize", "--scale", str(n), "--output", str(folder), "--seed", "7"]) == 0
        out[n] = folder
    return out


@pytest.mark.parametrize("n", [1, 3])
def test_generated_tables_load(generated, n):
    tables = load_tables(generated[n])
    assert len(tables.processes) == len(read(tables_dir(), "processes.csv")) * n


@pytest.mark.parametrize("n", [1, 3])
def test_counts_are_multiples_of_the_real_ones(real, generated, n):
    got = shape(generated[n])
    for key in ("processes", "unavailable", "outcomes", "entries", "clauses", "uncited_clauses"):
        assert got[key] == real[key] * n, key
    for key in ("editions",):
        assert got[key] == scaled(real[key], n), key


@pytest.mark.parametrize("n", [1, 3])
def test_distributions_match(real, generated, n):
    got = shape(generated[n])
    for key in ("outcomes_per_process", "entries_per_process", "fan_out", "clause_reuse"):
        assert got[key] == scaled(real[key], n), key
    assert got["mean_fan_out"] == pytest.approx(real["mean_fan_out"], rel=RATIO_TOLERANCE)
    assert got["untraced_ratio"] == pytest.approx(real["untraced_ratio"], abs=RATIO_TOLERANCE)
    assert set(got["bracket_ratio"]) == set(real["bracket_ratio"])
    for status, ratio in real["bracket_ratio"].items():
        assert got["bracket_ratio"][status] == pytest.approx(ratio, abs=RATIO_TOLERANCE), status


def test_blocks_share_no_process_or_clause(generated):
    processes = read(generated[3], "processes.csv")
    assert len({p["clause"] for p in processes}) == len(processes)
    assert len({p["id"] for p in processes}) == len(processes)
    clauses = read(generated[3], "clauses.csv")
    assert len({(c["edition"], c["clause"]) for c in clauses}) == len(clauses)


def test_same_seed_same_bytes_other_seed_other_order(tmp_path, generated):
    assert main(["synthesize", "--scale", "3", "-o", str(tmp_path / "a"), "--seed", "7"]) == 0
    assert main(["synthesize", "--scale", "3", "-o", str(tmp_path / "b"), "--seed", "8"]) == 0
    for name in (
        "processes.csv",
        "outcomes.csv",
        "traceability.csv",
        "clauses.csv",
        "sections.csv",
    ):
        assert (tmp_path / "a" / name).read_bytes() == (generated[3] / name).read_bytes(), name
    assert (tmp_path / "b" / "processes.csv").read_bytes() != (
        generated[3] / "processes.csv"
    ).read_bytes()


def test_builds_into_a_graph_with_every_outcome(generated):
    from rdflib import RDF

    from iso20000_prm.graph.build import build_graph
    from iso20000_prm.vocab import PRM

    graph = build_graph(generated[3], include_ontology=False)
    assert len(set(graph.subjects(RDF.type, PRM.Outcome))) == len(
        read(generated[3], "outcomes.csv")
    )
    assert len(set(graph.subjects(RDF.type, PRM.Process))) == len(
        read(generated[3], "processes.csv")
    )


@pytest.mark.parametrize("scale", ["0", "-2", "x"])
def test_bad_scale_is_a_usage_error(tmp_path, scale):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "iso20000_prm.cli",
            "synthesize",
            "--scale",
            scale,
            "-o",
            str(tmp_path / "s"),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert "--scale" in proc.stderr
    assert not (tmp_path / "s").exists()
