"""Conformance with independent implementations: Apache Jena 4.5 (Debian's libapache-jena-java,
classpath from scripts/jena.sh, one JVM through JPype: _jena_runner.py) and raptor's rapper.

* every release format parses in Jena RIOT and in rapper (raptor 2 has no JSON-LD parser) with
  the triple count pyoxigraph reads;
* every saved query, with its defaults and a few more parameter sets, gives the same rows in
  Jena ARQ as in the embedded engine;
* the shapes give the same findings in Jena SHACL as ``validate`` on the built graph and, after
  shapes/derive-forward-relations.ru, on edited graphs that state only the inverse relations or
  only the traceability entries (without the update, Jena reports more: the reason it ships).

Skips, saying why, where Java, Jena or rapper is missing (make test installs them)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from _paths import ROOT

from iso20000_prm.cli import main
from iso20000_prm.sparql import saved as sparql
from iso20000_prm.sparql.protocol import parse_results

SHAPES = ROOT / "shapes" / "iso20000-prm-shapes.ttl"
DERIVE = ROOT / "shapes" / "derive-forward-relations.ru"
PRM = "https://w3id.org/iso20000-prm/vocab#"
EXTRA_PARAMS = [
    ("clause-ranking", {"edition": "2ED DRAFT"}),
    ("coverage-matrix", {"edition": "1ED IS"}),
    ("clause-traces", {"edition": "2ED DRAFT", "clause": "9.3"}),
    ("process-outcomes", {"process": "5.17"}),
    ("process-traceability", {"process": "5.9"}),
    ("keyword-search", {"keyword": "change"}),
]
RAPPER = {".ttl": "turtle", ".nt": "ntriples", ".rdf": "rdfxml", ".trig": "trig", ".nq": "nquads"}
OX_FORMAT = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
}


def _classpath() -> str:
    if not shutil.which("java"):
        pytest.skip("java not found (Debian default-jre-headless; make test installs it)")
    done = subprocess.run(
        ["sh", str(ROOT / "scripts" / "jena.sh"), "--classpath"], capture_output=True, text=True
    )
    if done.returncode == 3:
        pytest.skip(f"Apache Jena: {done.stderr.strip()} (make test installs it)")
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    out = tmp_path_factory.mktemp("release")
    assert main(["build", "--format", "all", "--output-dir", str(out)]) == 0
    files = sorted(p for p in out.iterdir() if p.suffix in OX_FORMAT and "void" not in p.name)
    assert {p.suffix for p in files} == set(OX_FORMAT), files
    return out, files


def _edited(graph_file: Path, folder: Path) -> dict[str, Path]:
    """Two edited graphs: forward relations replaced by their inverses; outcome traces stated
    only through the traceability entries."""
    quads = list(ox.parse(path=str(graph_file), format=ox.RdfFormat.TURTLE))
    has, iso = ox.NamedNode(PRM + "hasOutcome"), ox.NamedNode(PRM + "isOutcomeOf")
    traces, traced = ox.NamedNode(PRM + "tracesTo"), ox.NamedNode(PRM + "isTracedFrom")
    inverse_only, entries_only = [], []
    for q in quads:
        if q.predicate == has:
            inverse_only.append(ox.Triple(q.object, iso, q.subject))
        elif q.predicate == traces:
            inverse_only.append(ox.Triple(q.object, traced, q.subject))
        else:
            inverse_only.append(ox.Triple(q.subject, q.predicate, q.object))
        if q.predicate not in (traces, traced):
            entries_only.append(ox.Triple(q.subject, q.predicate, q.object))
    assert len(entries_only) < len(quads)  # the edit removed something
    paths = {}
    for name, triples in (("inverse-only", inverse_only), ("entries-only", entries_only)):
        paths[name] = folder / f"{name}.nt"
        ox.serialize(triples, output=str(paths[name]), format=ox.RdfFormat.N_TRIPLES)
    return paths


def _query_jobs(store):
    jobs = {}
    for q in sparql.list_queries():
        sets = [({"keyword": "incident"} if q.name == "keyword-search" else {})]
        sets += [p for name, p in EXTRA_PARAMS if name == q.name]
        for i, params in enumerate(sets):
            checked = sparql.check_parameters(
                q, params, store.select, getattr(store, "lookup", None)
            )
            jobs[f"{q.name}#{i}"] = (q, params, sparql.bound_text(q, checked))
    return jobs


@pytest.fixture(scope="module")
def jena(release, tmp_path_factory):
    """Everything Jena is asked, in one JVM: counts, queries, SHACL."""
    classpath = _classpath()
    out, files = release
    turtle = next(p for p in files if p.suffix == ".ttl")
    folder = tmp_path_factory.mktemp("jena")
    edited = _edited(turtle, folder)
    store = sparql.open_store(turtle)
    jobs = _query_jobs(store)
    shacl = {"built": {"data": str(turtle), "shapes": str(SHAPES), "update": None}}
    for name, path in edited.items():
        shacl[name] = {"data": str(path), "shapes": str(SHAPES), "update": str(DERIVE)}
        shacl[f"{name} (no update)"] = {"data": str(path), "shapes": str(SHAPES), "update": None}
    request = {
        "count": [str(p) for p in files],
        "query_data": str(turtle),
        "queries": {key: text for key, (_q, _p, text) in jobs.items()},
        "shacl": shacl,
    }
    (folder / "request.json").write_text(json.dumps(request), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("_jena_runner.py")), classpath]
        + [str(folder / "request.json")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    answer = json.loads(done.stdout)
    return {"answer": answer, "files": files, "turtle": turtle, "edited": edited, "jobs": jobs}


def _ox_count(path: Path) -> int:
    return len(list(ox.parse(path=str(path), format=OX_FORMAT[path.suffix])))


def test_every_release_format_has_the_same_triple_count_in_jena_riot(jena):
    answer = jena["answer"]
    assert answer["errors"] == {}
    counts = {Path(p).suffix: n for p, n in answer["counts"].items()}
    expected = {p.suffix: _ox_count(p) for p in jena["files"]}
    assert counts == expected
    assert len(set(expected.values())) == 1  # every format holds the same triples


def test_every_release_format_but_jsonld_has_the_same_triple_count_in_rapper(release):
    if not shutil.which("rapper"):
        pytest.skip("rapper not found (Debian raptor2-utils; make test installs it)")
    _out, files = release
    for path in files:
        if path.suffix not in RAPPER:
            continue  # raptor 2 has no JSON-LD parser
        done = subprocess.run(
            ["rapper", "-q", "-i", RAPPER[path.suffix], "-o", "ntriples", str(path)],
            capture_output=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[-500:]
        lines = [ln for ln in done.stdout.splitlines() if ln.strip()]
        assert len(lines) == _ox_count(path), path.name


def test_every_saved_query_gives_the_same_rows_in_jena_arq(jena):
    answer = jena["answer"]
    store = sparql.open_store(jena["turtle"])
    differ = []
    for key, (q, params, _text) in jena["jobs"].items():
        assert key in answer["queries"], answer["errors"].get(key)
        variables, rows = parse_results(answer["queries"][key].encode("utf-8"), "jena")
        ours = sparql.run_query(q, params, graph=store)
        assert ours.rows, key  # an empty answer would agree too easily
        if variables != ours.variables or [dict(zip(variables, r)) for r in rows] != ours.rows:
            differ.append(key)
    assert differ == []
    assert len(jena["jobs"]) == len(sparql.list_queries()) + len(EXTRA_PARAMS)


def _ours(path: Path):
    from iso20000_prm.validation import validate

    return sorted([f.focus, f.rule, f.severity] for f in validate(path).findings)


def _theirs(entries):
    return sorted(
        [focus, source.rsplit("#", 1)[-1], severity] for focus, source, severity in entries
    )


@pytest.mark.parametrize("name", ["built", "inverse-only", "entries-only"])
def test_jena_shacl_gives_the_validators_findings(jena, name):
    path = jena["turtle"] if name == "built" else jena["edited"][name]
    ours = _ours(path)
    assert ours  # the shipped graph has findings; equal empty lists would prove little
    assert _theirs(jena["answer"]["shacl"][name]) == ours


@pytest.mark.parametrize("name", ["inverse-only", "entries-only"])
def test_without_the_derivation_a_plain_engine_reports_more(jena, name):
    assert len(jena["answer"]["shacl"][f"{name} (no update)"]) > len(_ours(jena["edited"][name]))
