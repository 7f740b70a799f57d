"""Results in the W3C formats, RDF, spreadsheets and tables, each read back by an independent
reader (rdflib's SPARQL result parsers, rdflib's RDF parsers, openpyxl, LibreOffice) and compared
with rdflib's own evaluation of the same query, or with the CSV tables."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess

import pytest
from _queries_support import Source

from iso20000_prm.cli import main
from iso20000_prm.sparql import saved as sparql
from iso20000_prm.sparql.results import render_result

SRC = Source()
# IRIs, typed numbers, booleans, language-tagged and plain literals, an unbound value, a tab
MIXED = """PREFIX prm: <https://w3id.org/iso20000-prm/vocab#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?p ?notation ?available ?n ?lang ?none ?tab WHERE {
  ?p a prm:Process ; skos:notation ?notation ; prm:availableInSource ?available .
  OPTIONAL { SELECT ?p (COUNT(*) AS ?n) WHERE { ?p prm:hasOutcome ?o } GROUP BY ?p }
  BIND(STRLANG(?notation, "en") AS ?lang)
  BIND(CONCAT(?notation, "\\tx\\"y") AS ?tab)
} ORDER BY ?notation"""


@pytest.fixture(scope="module")
def store(shipped_turtle):
    return sparql.open_store(shipped_turtle)


@pytest.fixture(scope="module")
def rdflib_graph(shipped_turtle):
    from iso20000_prm.graph.read import read_graph

    return read_graph(shipped_turtle)


def _bindings(result):
    return [
        tuple(row.get(v) if hasattr(row, "get") else row[v] for v in result.vars) for row in result
    ]


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
def test_w3c_formats_parse_back_to_what_rdflib_answers(store, rdflib_graph, fmt):
    from rdflib.query import Result

    expected = rdflib_graph.query(MIXED)
    text = render_result(sparql.run_query(MIXED, graph=store), fmt)
    parsed = Result.parse(io.StringIO(text), format=fmt)
    assert [str(v) for v in parsed.vars] == [str(v) for v in expected.vars]
    got = [tuple(row[v] for v in parsed.vars) for row in parsed]
    want = [tuple(row[v] for v in expected.vars) for row in expected]
    assert len(got) == 26
    # term by term: IRI vs literal, datatype, language and unbound all survive
    for g, w in zip(got, want):
        for a, b in zip(g, w):
            assert (a is None) == (b is None)
            if a is not None:
                assert type(a) is type(b) and a == b and str(a) == str(b)
                assert getattr(a, "datatype", None) == getattr(b, "datatype", None) or (
                    getattr(b, "datatype", None) is None and str(a.datatype).endswith("#string")
                )
                assert getattr(a, "language", None) == getattr(b, "language", None)


def test_w3c_csv_is_rfc4180_with_full_values(store):
    from rdflib.query import Result

    text = render_result(sparql.run_query(MIXED, graph=store), "csv")
    assert text.splitlines(keepends=True)[0].endswith("\r\n")
    parsed = Result.parse(io.StringIO(text), format="csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["p", "notation", "available", "n", "lang", "none", "tab"]
    iris = [r[0] for r in rows[1:]]
    assert all(i.startswith("https://") and "…" not in i for i in iris)  # never cut
    assert len(list(parsed)) == 26


def test_ask_in_json_and_xml(store):
    from rdflib.query import Result

    result = sparql.run_query("ASK { ?s ?p ?o }", graph=store)
    for fmt in ("json", "xml"):
        assert Result.parse(io.StringIO(render_result(result, fmt)), format=fmt).askAnswer is True


@pytest.mark.parametrize(
    "fmt,parser", [("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld")]
)
def test_construct_writes_rdf_equal_to_rdflibs_construct(store, rdflib_graph, fmt, parser):
    from rdflib import Graph
    from rdflib.compare import isomorphic

    query = (
        "PREFIX prm: <https://w3id.org/iso20000-prm/vocab#>\n"
        "CONSTRUCT { ?p prm:hasOutcome ?o . ?o prm:verbatimText ?t } "
        "WHERE { ?p prm:hasOutcome ?o . ?o prm:verbatimText ?t }"
    )
    data = render_result(sparql.run_query(query, graph=store), fmt)
    assert isinstance(data, bytes)
    got = Graph().parse(data=data, format=parser)
    want = rdflib_graph.query(query).graph
    assert len(got) == len(want) == 2 * len(SRC.outcomes)
    assert isomorphic(got, want)


def test_rdf_formats_refuse_select_answers(capsys, shipped_turtle):
    code = main(["query", "processes", "-g", str(shipped_turtle), "-f", "turtle"])
    err = capsys.readouterr().err
    assert code == 2 and "for CONSTRUCT and DESCRIBE answers" in err


def test_adhoc_queries_have_the_project_prefixes(capsys, shipped_turtle):
    code = main(
        [
            "query",
            "SELECT (COUNT(*) AS ?n) WHERE { ?p a prm:Process ; rdfs:label ?l }",
            "-g",
            str(shipped_turtle),
            "-f",
            "csv",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0 and out.split() == ["n", str(len(SRC.processes))]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_syntax_error_is_one_line_with_the_position(capsys, shipped_turtle, engine):
    code = main(
        [
            "query",
            "SELECT ?x WHERE {\n  ?x a prm:Process .\n  FILTER(?x = ) }",
            "-g",
            str(shipped_turtle),
            "--engine",
            engine,
        ]
    )
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "malformed SPARQL: line 3, column" in err and "\\u{" not in err


# ----------------------------------------------------------------------------- spreadsheets
def _workbook(data: bytes):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data))


def test_xlsx_keeps_numbers_as_text_and_counts_as_numbers(store):
    result = sparql.run_query("processes", graph=store)
    data = render_result(result, "xlsx", name="processes")
    assert data == render_result(result, "xlsx", name="processes")  # same answer, same bytes
    ws = _workbook(data)["processes"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == (
        "process",
        "processName",
        "availableInSource",
        "outcomes",
        "traceabilityEntries",
    )
    assert [r[0] for r in rows[1:]] == [p["clause"] for p in SRC.processes]
    assert "5.10" in [r[0] for r in rows[1:]] and all(isinstance(r[0], str) for r in rows[1:])
    outcomes = {}
    for o in SRC.outcomes:
        outcomes[o["process"]] = outcomes.get(o["process"], 0) + 1
    assert [r[3] for r in rows[1:]] == [outcomes.get(p["clause"], 0) for p in SRC.processes]
    assert all(type(r[3]) is int for r in rows[1:])
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:E27"
    assert ws.column_dimensions["B"].width > ws.column_dimensions["A"].width


def test_all_queries_in_one_workbook(capsys, shipped_turtle, tmp_path):
    target = tmp_path / "answers.xlsx"
    code = main(
        ["query", "--all", "-f", "xlsx", "-o", str(target), "-g", str(shipped_turtle), "-q"]
    )
    err = capsys.readouterr().err
    assert code == 0 and "wrote" not in err  # --quiet; the note on skipped queries stays
    assert err.splitlines() == [
        "iso20000-prm query: note: skipped keyword-search: it needs --param keyword=VALUE"
    ]
    wb = _workbook(target.read_bytes())
    names = {q.name for q in sparql.list_queries() if set(q.required) <= set(q.defaults)}
    assert set(wb.sheetnames) == names
    cov = list(wb["process-coverage"].iter_rows(values_only=True))
    assert [r[0] for r in cov[1:]] == [e[0] for e in SRC.process_coverage()]


def test_pivoted_coverage_matrix(capsys, shipped_turtle):
    code = main(["query", "coverage-matrix", "--pivot", "-f", "csv", "-g", str(shipped_turtle)])
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert code == 0 and rows[0][:2] == ["process", "processName"]
    # every cell from the tables: outcomes of the process traced to the clause, per edition
    header = rows[0][2:]
    cells: dict = {}
    for (process, _n), traced in SRC.traces.items():
        for edition, clause in traced:
            cells[(process, edition, clause)] = cells.get((process, edition, clause), 0) + 1
    columns = sorted(
        {(e, c) for (_p, e, c) in cells}, key=lambda ec: (ec[0], [int(x) for x in ec[1].split(".")])
    )
    assert header == [f"{e} {c} {SRC.heading[(e, c)]}" for e, c in columns]
    traced_processes = sorted({p for p, _e, _c in cells}, key=lambda p: int(p.split(".")[1]))
    assert [r[0] for r in rows[1:]] == traced_processes
    for r in rows[1:]:
        assert r[1] == SRC.name[r[0]]
        assert [int(x) for x in r[2:]] == [cells.get((r[0], e, c), 0) for e, c in columns]


def test_libreoffice_reads_5_10_as_text(store, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip(
            "LibreOffice (Debian libreoffice-calc-nogui) is not installed; make test installs it"
        )
    book = tmp_path / "processes.xlsx"
    book.write_bytes(
        render_result(sparql.run_query("processes", graph=store), "xlsx", name="processes")
    )
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "csv",
            "--outdir",
            str(tmp_path),
            str(book),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    rows = list(csv.reader(io.StringIO((tmp_path / "processes.csv").read_text(encoding="utf-8"))))
    assert [r[0] for r in rows[1:]] == [p["clause"] for p in SRC.processes]
    assert "5.10" in [r[0] for r in rows] and "5.20" in [r[0] for r in rows]


# ----------------------------------------------------------------------------- tables
def test_table_wraps_to_the_width_and_cuts_nothing(store):
    result = sparql.run_query("process-outcomes", {"process": "5.6"}, graph=store)
    text = render_result(result, "table", width=120)
    assert all(len(line) <= 120 for line in text.splitlines())
    flat = " ".join(text.split())
    for o in SRC.outcomes:
        if o["process"] == "5.6":  # every word of every outcome is there
            assert all(word in flat for word in o["text"].split())
    assert "…" not in text


def test_table_escapes_control_characters():
    from iso20000_prm.sparql.results import as_table

    text = as_table(["x"], [{"x": "a\x1b[31mred\ttab\nline"}])
    assert "\x1b" not in text and "\\x1b[31mred\\ttab\\nline" in text
