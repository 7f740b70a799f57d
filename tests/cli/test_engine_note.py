"""One line on stderr when the reference engine validated in place of the engine asked for
(``validate``, ``build --validate``, ``assess``); stdout is what the engine asked for prints."""

from __future__ import annotations

import pytest
from _engine_fallback import CAPITAL, CLOSED_SHAPES, REASON, note

from iso20000_prm.cli import main

NOTE = "note: " + note(REASON)


@pytest.fixture
def capital(tmp_path):
    path = tmp_path / "capital.ttl"
    path.write_text(CAPITAL, encoding="utf-8")
    return path


def _note_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if "note:" in line]


@pytest.mark.parametrize("fmt", ["text", "json", "turtle"])
def test_validate_notes_the_fallback_on_stderr_only(capital, capsysbinary, fmt):
    code = main(["validate", str(capital), "-f", fmt])
    default = capsysbinary.readouterr()
    assert code == 1  # the untraced outcome
    assert _note_lines(default.err.decode()) == [f"iso20000-prm validate: {NOTE}"]
    assert b"note:" not in default.out
    code_ref = main(["validate", str(capital), "-f", fmt, "--engine", "pyshacl"])
    reference = capsysbinary.readouterr()
    assert code_ref == code
    assert default.out == reference.out  # the same bytes as the engine asked for by name
    assert _note_lines(reference.err.decode()) == []  # pyshacl was asked for: no note


def test_validate_of_the_shipped_graph_prints_no_note(shipped_turtle, capsys):
    main(["validate", str(shipped_turtle), "-f", "json", "--fail-on", "none"])
    err = capsys.readouterr().err
    assert _note_lines(err) == [] and "pyshacl" not in err


def test_build_validate_notes_the_report_of_its_validation_thread(tmp_path, capsys, monkeypatch):
    """The release validates on a second thread; the note comes from that thread's report.
    Shapes with ``sh:closed`` (not compiled) make a real fallback there."""
    from iso20000_prm import validation
    from iso20000_prm.validation.engine import validate as real

    assert main(["build", "--output", str(tmp_path / "a.ttl"), "--validate"]) == 1
    assert _note_lines(capsys.readouterr().err) == []  # the shipped graph: the default engine

    shapes = tmp_path / "closed.ttl"
    shapes.write_text(CLOSED_SHAPES, encoding="utf-8")
    monkeypatch.setattr(validation, "validate", lambda graph: real(graph, shapes=shapes))
    main(["build", "--output", str(tmp_path / "b.ttl"), "--validate", "--fail-on", "none"])
    captured = capsys.readouterr()
    assert _note_lines(captured.err) == [
        "iso20000-prm build: note: " + note("the shapes use sh:closed")
    ]
    assert "note:" not in captured.out and "closed" in captured.out  # the closed shape's findings


def test_assess_notes_the_fallback_and_writes_the_same_outputs(shipped_turtle, tmp_path, capsys):
    """A PRM graph with a capital language tag: the assessment shapes run on pyshacl (a note on
    stderr for import and for report); the Turtle and the report are those of the shipped
    graph, which the default engine validates (no note)."""
    from _paths import ROOT

    workbook = ROOT / "examples" / "assessment" / "ratings.xlsx"
    capital = tmp_path / "capital-prm.ttl"
    capital.write_bytes(
        shipped_turtle.read_bytes()
        + b'\n<urn:x-test:thing> <http://www.w3.org/2000/01/rdf-schema#label> "thing"@EN .\n'
    )
    outputs, notes = {}, {}
    for name, graph in (("shipped", shipped_turtle), ("capital", capital)):
        out = tmp_path / f"{name}.ttl"
        assert main(["assess", "import", str(workbook), "-o", str(out), "--graph", str(graph)]) == 0
        import_err = capsys.readouterr().err
        assert main(["assess", "report", str(out), "-f", "json", "--graph", str(graph)]) == 0
        report = capsys.readouterr()
        outputs[name] = (out.read_bytes(), report.out)
        notes[name] = (_note_lines(import_err), _note_lines(report.err))
    assert outputs["capital"] == outputs["shipped"]
    assert notes["shipped"] == ([], [])
    line = "iso20000-prm assess: " + NOTE
    assert notes["capital"] == ([line], [line])
