"""``iso20000-prm validate``: exit codes a CI pipeline can rely on, and the three output formats."""

from __future__ import annotations

import json
import shutil

import pytest
from _engine_fallback import VIOLATION  # outcome 2 of 5.3 untraced: a violation
from _paths import FIXTURES
from rdflib import Graph

from iso20000_prm.cli import main

SYNTHETIC = FIXTURES / "synthetic-prm.ttl"

# the synthetic PRM with a trace added to its fully bracketed outcome 3 of 5.2: a warning only
WARNING_ONLY = (
    SYNTHETIC.read_text(encoding="utf-8") + "\nex:audit-3 prm:tracesTo ex:clause-1-4.3 .\n"
)


@pytest.fixture
def files(tmp_path):
    warning = tmp_path / "warning.ttl"
    warning.write_text(WARNING_ONLY, encoding="utf-8")
    violation = tmp_path / "violation.ttl"
    violation.write_text(VIOLATION, encoding="utf-8")
    ok = tmp_path / "ok.ttl"
    shutil.copy(SYNTHETIC, ok)
    return {"ok": ok, "warning": warning, "violation": violation}


def test_the_violation_fixture_really_differs():
    assert VIOLATION != SYNTHETIC.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "name, fail_on, code",
    [
        ("ok", "violation", 0),
        ("ok", "warning", 0),
        ("warning", "violation", 0),
        ("warning", "warning", 1),
        ("warning", "none", 0),
        ("violation", "violation", 1),
        ("violation", "none", 0),
    ],
)
def test_exit_codes(files, capsys, name, fail_on, code):
    assert main(["validate", str(files[name]), "--fail-on", fail_on]) == code
    out = capsys.readouterr().out
    assert (
        out.rstrip()
        .splitlines()[-1]
        .startswith("conforms" if name != "violation" else "does not conform")
    )


def test_text_report_names_process_outcome_and_rule(files, capsys):
    main(["validate", str(files["violation"])])
    out = capsys.readouterr().out
    assert "5.3 Budgeting and accounting for IT services\n" in out
    assert (
        "[outcome-untraced] Process 5.3 Budgeting and accounting for IT services, outcome 2 " in out
    )


def test_json_format(files, capsys):
    assert main(["validate", str(files["warning"]), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["conforms"] is True
    assert [
        (f["severity"], f["rule"], f["process_clause"], f["outcome_number"])
        for f in data["findings"]
    ] == [("Warning", "bracketed-outcome-traced", "5.2", 3)]


def test_turtle_format_is_the_shacl_report(files, capsysbinary):
    assert main(["validate", str(files["violation"]), "--format", "turtle"]) == 1
    g = Graph().parse(data=capsysbinary.readouterr().out, format="turtle")
    assert "ValidationReport" in {str(o).rsplit("#", 1)[-1] for o in g.objects()}
    assert len(g) > 5


def test_input_errors_exit_2(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "missing.ttl")]) == 2
    assert "missing.ttl" in capsys.readouterr().err
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix broken", encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bad.ttl" in err
    with pytest.raises(SystemExit) as exc:
        main(["validate", "--fail-on", "sometimes"])
    assert exc.value.code == 2


def test_default_graph_is_built_in_memory_when_no_build_file(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "--fail-on", "none"]) == 0
    captured = capsys.readouterr()
    assert "built from the shipped tables" in captured.err
    assert "11 violations, 1 warning" in captured.out


def test_default_graph_is_the_build_file_when_present(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "build").mkdir()
    shutil.copy(SYNTHETIC, tmp_path / "build" / "iso20000-prm.ttl")
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "build/iso20000-prm.ttl" in out and "conforms: 0 violations" in out
