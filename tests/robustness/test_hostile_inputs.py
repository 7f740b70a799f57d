"""Hostile and unlucky inputs: each is refused (or handled) in one line with exit 2, quickly,
never with a traceback; nothing is written.

Each file here is hand-made to hit one weakness (entity expansion, alias expansion, gzip bomb,
remote JSON-LD context, deep nesting, lone surrogates, huge numbers, NaN); the expectations are
the exit code, the line count of stderr and the words the message must hold.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import re
import shutil

import pytest

from iso20000_prm.cli import main
from iso20000_prm.files import tables_dir


def _run(argv, env=None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    saved = {k: os.environ.get(k) for k in (env or {})}
    os.environ.update(env or {})
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
            code = main([str(a) for a in argv])
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return code, out.getvalue(), err.getvalue()


def _one_line_error(code, err, *words):
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    for word in words:
        assert word in lines[0], lines[0]


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
 <rdf:Description rdf:about="urn:x"><rdf:value>&f;</rdf:value></rdf:Description>
</rdf:RDF>
"""


@pytest.mark.parametrize(
    "argv",
    [
        ["query", "SELECT * WHERE { ?s ?p ?o }", "-g", "{f}"],
        ["query", "SELECT * WHERE { ?s ?p ?o }", "--engine", "rdflib", "-g", "{f}"],
        ["validate", "{f}"],
    ],
)
def test_xml_entity_declarations_are_refused(tmp_path, argv):
    f = tmp_path / "bomb.rdf"
    f.write_text(BILLION_LAUGHS, encoding="utf-8")
    code, _, err = _run([str(f) if a == "{f}" else a for a in argv])
    _one_line_error(code, err, "bomb.rdf", "ENTITY")


def test_gzip_bomb_is_capped_and_the_cap_can_be_raised(tmp_path):
    f = tmp_path / "big.nt.gz"
    line = b"<urn:a> <urn:b> <urn:c> .\n"
    f.write_bytes(gzip.compress(line * 40_000))  # 1 040 000 bytes unpacked
    code, _, err = _run(["validate", f], env={"ISO20000_PRM_MAX_GRAPH_BYTES": "1000000"})
    _one_line_error(code, err, "big.nt.gz", "ISO20000_PRM_MAX_GRAPH_BYTES")
    code, out, err = _run(
        ["query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "-g", f, "--format", "csv"],
        env={"ISO20000_PRM_MAX_GRAPH_BYTES": "2000000"},
    )
    assert code == 0, err
    assert out.split() == ["n", "1"]


def test_remote_and_file_jsonld_context_is_never_fetched(tmp_path):
    for context in ("http://127.0.0.1:9/ctx.jsonld", (tmp_path / "ctx.jsonld").as_uri()):
        f = tmp_path / "g.jsonld"
        doc = {"@context": context, "@id": "urn:a", "urn:b": "c"}
        f.write_text(json.dumps(doc), encoding="utf-8")
        for argv in (["validate", f], ["export-tables", f, tmp_path / "t"]):
            code, _, err = _run(argv)
            _one_line_error(code, err, "@context", "ISO20000_PRM_ALLOW_CONTEXT_FETCH")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.jsonld"]


def test_inline_jsonld_context_is_read(tmp_path):
    f = tmp_path / "g.jsonld"
    f.write_text('{"@context": {"b": "urn:b"}, "@id": "urn:a", "b": "c"}', encoding="utf-8")
    code, out, err = _run(
        [
            "query",
            "SELECT ?o WHERE { <urn:a> <urn:b> ?o }",
            "-g",
            f,
            "--engine",
            "rdflib",
            "--format",
            "csv",
        ]
    )
    assert code == 0, err
    assert out.split() == ["o", "c"]


def test_deeply_nested_json_is_one_line(tmp_path):
    f = tmp_path / "deep.jsonld"
    f.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    code, _, err = _run(["validate", f])
    _one_line_error(code, err, "deep.jsonld", "nested too deeply")


def test_lone_surrogate_in_a_graph_file_is_one_line(tmp_path):
    f = tmp_path / "s.nt"
    f.write_text('<urn:a> <urn:b> "x\\uD800y" .\n', encoding="utf-8")
    for argv in (["validate", f], ["export-tables", f, tmp_path / "out"]):
        code, _, err = _run(argv)
        _one_line_error(code, err, "s.nt", "surrogate")
    assert not (tmp_path / "out").exists()


def test_infinite_outcome_number_is_one_line(tmp_path, shipped_turtle):
    text = open(shipped_turtle, encoding="utf-8").read()
    old = 'prm:outcomeNumber "9"^^xsd:positiveInteger'
    assert old in text
    f = tmp_path / "g.ttl"
    f.write_text(text.replace(old, 'prm:outcomeNumber "1e999"^^xsd:double', 1), encoding="utf-8")
    for argv in (
        ["export-tables", f, tmp_path / "t"],
        ["docs", "--graph", f, "-o", tmp_path / "s"],
    ):
        code, _, err = _run(argv)
        _one_line_error(code, err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.ttl"]


def _tables(tmp_path):
    t = tmp_path / "tables"
    shutil.copytree(tables_dir(), t)
    return t


def test_number_of_5000_digits_in_a_table_is_one_line_naming_the_cell(tmp_path):
    t = _tables(tmp_path)
    lines = (t / "outcomes.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    col = header.index("number")
    cells = lines[1].split(",")
    cells[col] = "9" * 5000
    lines[1] = ",".join(cells)
    (t / "outcomes.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = _run(["build", "--tables", t, "-o", tmp_path / "g.ttl"])
    _one_line_error(code, err, "outcomes.csv", "row 2", "column 'number'", "too large")
    assert not (tmp_path / "g.ttl").exists()


def test_folder_or_fifo_where_a_table_should_be(tmp_path):
    t = _tables(tmp_path)
    (t / "outcomes.csv").unlink()
    (t / "outcomes.csv").mkdir()
    code, _, err = _run(["build", "--tables", t, "-o", tmp_path / "g.ttl"])
    _one_line_error(code, err, "outcomes.csv", "is a folder")
    (t / "outcomes.csv").rmdir()
    os.mkfifo(t / "outcomes.csv")
    code, _, err = _run(["build", "--tables", t, "-o", tmp_path / "g.ttl"])
    _one_line_error(code, err, "outcomes.csv", "is not a regular file")
    assert not (tmp_path / "g.ttl").exists()


def test_records_json_has_no_nan_or_infinity(tmp_path):
    f = tmp_path / "g.nt"
    xsd = "http://www.w3.org/2001/XMLSchema#double"
    f.write_text(
        f'<urn:a> <urn:b> "NaN"^^<{xsd}> .\n<urn:a> <urn:b> "INF"^^<{xsd}> .\n', encoding="utf-8"
    )
    code, out, err = _run(
        ["query", "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o", "-g", f, "--format", "records"]
    )
    assert code == 0, err

    def invalid(constant):
        raise AssertionError(f"not JSON: {constant}")

    doc = json.loads(out, parse_constant=invalid)
    assert sorted(r["o"] for r in doc["rows"]) == ["INF", "NaN"]


def test_terminal_control_characters_are_escaped_in_table_output(tmp_path):
    f = tmp_path / "g.nt"
    f.write_text('<urn:a> <urn:b> "x\\u001B]0;pwned\\u0007y" .\n', encoding="utf-8")
    code, out, err = _run(["query", "SELECT ?o WHERE { ?s ?p ?o }", "-g", f])
    assert code == 0, err
    assert "\x1b" not in out and "\x07" not in out
    assert "pwned" in out


@pytest.mark.parametrize("base", ["http://exa mple.org/x", "example.org/x", "http://a/<b>"])
def test_download_base_that_no_iri_can_hold_is_one_line(tmp_path, base):
    out = tmp_path / "rel"
    code, _, err = _run(["build", "--format", "nt", "--output-dir", out, "--download-base", base])
    _one_line_error(code, err, "download base", "not an absolute URL")
    assert not out.exists()


def test_dollar_signs_in_a_process_name_are_drawn_literally(tmp_path):
    """`$5 to $10` once went through matplotlib's mathtext and came out as "510to"."""
    t = _tables(tmp_path)
    name = "Costs $5 to $10 management"
    for table in ("sections.csv", "processes.csv"):
        text = (t / table).read_text(encoding="utf-8")
        assert ",Audit," in text
        (t / table).write_text(text.replace(",Audit,", f",{name},", 1), encoding="utf-8")
    code, _, err = _run(["docs", "--tables", t, "-o", tmp_path / "site"])
    assert code == 0, err
    chart = (tmp_path / "site" / "charts" / "process-coverage.svg").read_text(encoding="utf-8")
    assert name in chart


def test_superscript_notation_of_a_process_is_one_line(tmp_path, shipped_turtle):
    text = open(shipped_turtle, encoding="utf-8").read()
    # the process's block up to its notation (other predicates, such as its framework mappings,
    # may sort between its label and its notation)
    found = re.search(
        r"<https://w3id\.org/iso20000-prm/id/process/audit> a prm:Process ;\n(?:    [^\n]*;\n)*?"
        r'    skos:notation "5\.2" ;',
        text,
    )
    assert found
    old = found.group(0)
    f = tmp_path / "g.ttl"
    f.write_text(text.replace(old, old.replace('"5.2"', '"5.\u00b2"')), encoding="utf-8")
    for argv in (
        ["export-tables", f, tmp_path / "t"],
        ["docs", "--graph", f, "-o", tmp_path / "s"],
    ):
        code, _, err = _run(argv)
        _one_line_error(code, err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.ttl"]
