"""`assess report` end to end: formats, the HTML page (self-contained, one picture per edition
and per process), determinism, and refusals."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from iso20000_prm.assessment.api import assessment_report
from iso20000_prm.errors import PRMError

ROOT = Path(__file__).resolve().parents[2]
TTL = ROOT / "examples" / "assessment" / "assessment.ttl"


def test_html_is_self_contained_with_its_pictures(shipped_graph):
    page = assessment_report(TTL, "html", shipped_graph)
    assert page == assessment_report(TTL, "html", shipped_graph)
    data = json.loads(assessment_report(TTL, "json", shipped_graph))
    svgs = page.count("<svg")
    assert svgs == 1 + len(data["editions"]) + len(data["frameworks"]) + len(data["profile"])
    external = re.findall(r'(?:src|href)="([^"#][^"]*)"', page)
    assert external == []
    assert "<script" not in page
    # every clause of every edition has a cell with its class in the tooltip
    for e in data["exposure"][:20]:
        assert f"{e['clause']} " in page


def test_json_answers_by_hand(shipped_graph):
    data = json.loads(assessment_report(TTL, "json", shipped_graph))
    profile = {p["process"]: (p["level"], p["attributes"].get("PA 1.1")) for p in data["profile"]}
    # 5.16: both instances mean 30 -> P: level 0; 5.10: instances 85.5 (F) and 81.5 (L):
    # mean 83.5 -> L, PA 2.1 L and 2.2 L on both -> level 1 (PA 1.1 not F)
    assert profile["5.16"] == (0, "P")
    assert profile["5.10"] == (1, "L")
    assert [e["edition"] for e in data["editions"]][:2] == ["1ED IS", "2ED DRAFT"]
    assert any(e["edition"] == "ISO/IEC 20000-1:2011" for e in data["editions"])


def test_cli_report_formats_and_unknown_format(tmp_path):
    run = lambda *a: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "iso20000_prm", "assess", *a], capture_output=True, text=True
    )
    r = run("report", str(TTL), "-f", "csv")
    assert r.returncode == 0 and r.stdout.startswith("section,process,instance")
    r = run("report", str(TTL), "-f", "pdf")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    out = tmp_path / "r.html"
    r = run("report", str(TTL), "-f", "html", "-o", str(out))
    assert r.returncode == 0 and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_report_refuses_a_broken_assessment(tmp_path, shipped_graph):
    bad = tmp_path / "bad.ttl"
    text = TTL.read_text(encoding="utf-8")
    bad.write_text(text.replace("asmt:capabilityLevel 1 ;", "asmt:capabilityLevel 3 ;", 1))
    with pytest.raises(PRMError, match="level-agrees-ratings") as info:
        assessment_report(bad, "table", shipped_graph)
    assert "\n" not in str(info.value)
    with pytest.raises(PRMError, match="no such file"):
        assessment_report(tmp_path / "none.ttl", "table", shipped_graph)


def test_store_reader_and_graph_reader_agree(shipped_graph):
    import pyoxigraph as ox
    from rdflib import Graph

    from iso20000_prm.assessment.prm import prm_view
    from iso20000_prm.assessment.report import from_graph, from_store

    view = prm_view(shipped_graph)
    store = ox.Store()
    store.load(path=str(TTL), format=ox.RdfFormat.TURTLE)
    a, b = from_store(store, view), from_graph(Graph().parse(TTL), view)
    assert a == b and len(a.characterisations) == 44
