"""``iso20000-prm build --validate``: one process builds, writes and validates.

The expected findings are the ones read off the source's traceability rows (the same list
tests/test_validation.py pins): eleven untraced directly linked outcomes and one traced
bracketed outcome.
"""

from __future__ import annotations

import re

from iso20000_prm.cli import main

UNTRACED = {
    ("5.12", 8),
    ("5.13", 3),
    ("5.13", 4),
    ("5.14", 2),
    ("5.15", 3),
    ("5.15", 9),
    ("5.15", 12),
    ("5.18", 3),
    ("5.20", 2),
    ("5.22", 4),
    ("5.22", 6),
}


def _findings(text: str, rule: str) -> set[tuple[str, int]]:
    return {
        (m.group(1), int(m.group(2)))
        for m in re.finditer(rf"\[{rule}\] Process (5\.\d+) [^,]+, outcome (\d+)", text)
    }


def test_validate_reports_the_source_findings_and_fails_on_violations(tmp_path, capsys):
    out = tmp_path / "g.ttl"
    assert main(["build", "--output", str(out), "--validate"]) == 1
    assert out.is_file()  # findings about the source do not stop the graph being written
    text = capsys.readouterr().out
    assert _findings(text, "outcome-untraced") == UNTRACED
    assert _findings(text, "bracketed-outcome-traced") == {("5.24", 3)}


def test_fail_on_none_exits_zero_with_the_same_report(tmp_path, capsys):
    out = tmp_path / "g.ttl"
    assert main(["build", "--output", str(out), "--validate", "--fail-on", "none"]) == 0
    assert _findings(capsys.readouterr().out, "outcome-untraced") == UNTRACED


def test_release_build_validates_the_full_graph_even_for_the_open_profile(tmp_path, capsys):
    # the open profile drops context and purpose, which the shapes require of the full graph
    code = main(
        [
            "build",
            "--format",
            "ntriples",
            "--profile",
            "open",
            "--output-dir",
            str(tmp_path),
            "--validate",
            "--fail-on",
            "warning",
        ]
    )
    assert code == 1
    text = capsys.readouterr().out
    assert "process-context" not in text and "process-purpose" not in text
    assert _findings(text, "outcome-untraced") == UNTRACED
    assert (tmp_path / "iso20000-prm-open.nt").is_file()


def test_bad_tables_are_not_validated(tmp_path, capsys):
    assert main(["build", "--tables", str(tmp_path / "missing"), "--validate"]) == 2
    assert "Validation of" not in capsys.readouterr().out


def test_the_api_validates_while_writing_with_the_findings_of_a_separate_validation(tmp_path):
    """``write_release``/``write_graph`` with ``validate=True`` validate on a second thread:
    the report has the findings the source gives (above) and those of ``validate`` called on
    its own afterwards; the files are those of a release without validation."""
    from iso20000_prm.release.write import write_graph, write_release
    from iso20000_prm.validation import validate

    written = write_release(None, "full", "all", tmp_path / "with", validate=True)
    plain = write_release(None, "full", "all", tmp_path / "without")
    assert [p.read_bytes() for p in written.paths] == [p.read_bytes() for p in plain.paths]
    assert plain.report is None
    untraced = {
        (f.process_clause, f.outcome_number)
        for f in written.report.findings
        if f.rule == "outcome-untraced"
    }
    assert untraced == UNTRACED
    separate = validate(written.graph)
    assert written.report.findings == separate.findings
    single = write_graph(None, tmp_path / "g.ttl", validate=True)
    assert single.report.findings == separate.findings


def test_a_failing_validation_thread_raises_in_the_caller(tmp_path, monkeypatch):
    import pytest

    from iso20000_prm import validation
    from iso20000_prm.release.write import write_graph

    def broken(graph):
        raise RuntimeError("validation broke")

    monkeypatch.setattr(validation, "validate", broken)
    with pytest.raises(RuntimeError, match="validation broke"):
        write_graph(None, tmp_path / "g.ttl", validate=True)
