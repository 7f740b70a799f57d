"""``iso20000-prm query``: listing, formats, errors (exit 2, one line) and the rdflib-free fast path."""

from __future__ import annotations

import csv
import io
import json

import pytest
from _cold_path import run_cli_cold
from _queries_support import Source

from iso20000_prm.cli import main
from iso20000_prm.files import queries_dir

SRC = Source()


@pytest.fixture(scope="module")
def graph_file(shipped_turtle):
    return shipped_turtle


def cli(capsys, *argv):
    code = main(["query", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_every_query_with_summary_and_parameters(capsys):
    code, out, _ = cli(capsys, "--list")
    assert code == 0
    for path in queries_dir().glob("*.rq"):
        assert f"\n{path.stem}  " in "\n" + out or f"\n{path.stem}\n" in "\n" + out
    assert "keyword-search  keyword" in out
    assert "coverage-matrix  [edition]" in out
    code, out, _ = cli(capsys, "--list", "--format", "json")
    listed = {q["name"]: q for q in json.loads(out)}
    assert set(listed) == {p.stem for p in queries_dir().glob("*.rq")}
    assert listed["clause-traces"]["parameters"] == ["edition", "clause"]


def test_csv_output_matches_the_tables(capsys, graph_file):
    code, out, _ = cli(capsys, "process-coverage", "--graph", str(graph_file), "--format", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == [
        "process",
        "processName",
        "availableInSource",
        "outcomes",
        "directlyLinked",
        "traced",
        "coveragePercent",
    ]
    expected = SRC.process_coverage()
    assert [r[0] for r in rows[1:]] == [e[0] for e in expected]
    assert rows[-1][-1] == "no data" and rows[-1][0] == "5.27"
    assert [int(r[3]) for r in rows[1:]] == [e[3] for e in expected]


def test_json_and_tsv_output(capsys, graph_file):
    code, out, _ = cli(
        capsys, "keyword-search", "-p", "keyword=incident", "-g", str(graph_file), "-f", "records"
    )
    doc = json.loads(out)
    assert doc["variables"] == [
        "process",
        "processName",
        "field",
        "outcome",
        "edition",
        "clause",
        "text",
    ]
    assert [tuple(r.values()) for r in doc["rows"]] == SRC.keyword_search("incident")
    code, out, _ = cli(
        capsys, "keyword-search", "-p", "keyword=incident", "-g", str(graph_file), "-f", "tsv"
    )
    lines = out.splitlines()
    assert len(lines) == 1 + len(SRC.keyword_search("incident"))
    assert all(line.count("\t") == 6 for line in lines)


def test_table_output_and_output_file(capsys, graph_file, tmp_path):
    code, out, _ = cli(capsys, "processes", "-g", str(graph_file))
    assert code == 0 and out.splitlines()[0].split() == [
        "process",
        "processName",
        "availableInSource",
        "outcomes",
        "traceabilityEntries",
    ]
    assert out.rstrip().endswith("(26 rows)")
    target = tmp_path / "out.csv"
    code, out, _ = cli(capsys, "processes", "-g", str(graph_file), "-f", "csv", "-o", str(target))
    assert code == 0 and out == ""
    assert len(target.read_text(encoding="utf-8").splitlines()) == 27


def test_rq_file_sparql_string_and_rdflib_engine(capsys, graph_file, tmp_path):
    rq = tmp_path / "mine.rq"
    rq.write_text(
        "#+ summary: outcomes of a process\nPREFIX prm: <https://w3id.org/iso20000-prm/vocab#>\n"
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "SELECT (COUNT(?o) AS ?n) WHERE { ?p skos:notation ?_process ; prm:hasOutcome ?o }",
        encoding="utf-8",
    )
    expected = str(sum(1 for o in SRC.outcomes if o["process"] == "5.16"))
    for engine in ("oxigraph", "rdflib"):
        code, out, _ = cli(
            capsys,
            str(rq),
            "-p",
            "process=5.16",
            "-g",
            str(graph_file),
            "-f",
            "csv",
            "--engine",
            engine,
        )
        assert (code, out) == (0, f"n\r\n{expected}\r\n")  # W3C CSV: CRLF line ends
    code, out, _ = cli(capsys, "ASK { ?s ?p ?o }", "-g", str(graph_file), "-f", "csv")
    assert (code, out) == (0, "result\r\ntrue\r\n")


@pytest.mark.parametrize(
    "argv, message",
    [
        (["no-such-query"], "no saved query named 'no-such-query'"),
        (["processes", "-p", "colour=red"], "unknown parameter 'colour'"),
        (["keyword-search"], "missing required parameter(s): keyword"),
        (["processes", "-p", "novalue"], "expected NAME=VALUE"),
        (["coverage-matrix", "-p", "edition=3ED"], "no edition '3ED'; did you mean 1ED IS"),
        (["SELECT ?x WHERE { ?x ?y }"], "malformed SPARQL"),
        (["missing.rq"], "missing.rq: no such query file"),
        ([], "give a saved query name"),
        (["processes", "--endpoint", "http://127.0.0.1:9/sparql"], "not both"),
        (["processes", "--timeout", "0"], "expected a number of seconds above 0"),
    ],
)
def test_user_errors_exit_2_with_one_line(capsys, graph_file, argv, message):
    code, out, err = cli(capsys, *argv, "--graph", str(graph_file))
    assert code == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1


def test_bad_graph_file_exit_2(capsys, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle <", encoding="utf-8")
    code, _, err = cli(capsys, "processes", "--graph", str(bad))
    assert code == 2 and "bad.ttl: not valid" in err
    code, _, err = cli(capsys, "processes", "--graph", str(tmp_path / "absent.ttl"))
    assert code == 2 and "no such file" in err


def test_missing_default_graph_is_built_in_memory_with_a_note(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no build/iso20000-prm.ttl here
    code, out, err = cli(capsys, "processes", "-f", "csv")
    assert code == 0 and "building the graph in memory" in err
    assert len(out.splitlines()) == 1 + len(SRC.processes)


def test_fast_path_does_not_import_rdflib(graph_file, tmp_path):
    """The cold path: pyoxigraph reads the Turtle file; rdflib, pyshacl and owlrl stay unloaded."""
    rc, heavy, printed = run_cli_cold(
        ["query", "untraced-outcomes", "--graph", str(graph_file), "-f", "csv"], tmp_path
    )
    assert (rc, heavy) == (0, [])
    assert len(printed) == 1 + len(SRC.untraced_outcomes())


def test_shell_completion_offers_saved_query_names(capsys, tmp_path):
    import shutil
    import subprocess

    from iso20000_prm.files import queries_dir

    names = sorted(p.stem for p in queries_dir().glob("*.rq"))
    with pytest.raises(SystemExit):
        main(["--print-completion", "zsh"])
    zsh = capsys.readouterr().out
    assert all(n in zsh for n in names)
    with pytest.raises(SystemExit):
        main(["--print-completion", "bash"])
    script = tmp_path / "c.bash"
    script.write_text(capsys.readouterr().out, encoding="utf-8")
    line = "iso20000-prm query clause-t"
    got = subprocess.run(
        [
            "bash",
            "-c",
            f"source {script}; COMP_WORDS=(iso20000-prm query clause-t); COMP_CWORD=2; "
            f'COMP_LINE="{line}"; COMP_POINT={len(line)}; '
            '_shtab_iso20000_prm iso20000-prm clause-t query; echo "${COMPREPLY[@]}"',
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert got == sorted(n for n in names if n.startswith("clause-t"))
    if shutil.which("zsh"):
        zfile = tmp_path / "c.zsh"
        zfile.write_text(zsh, encoding="utf-8")
        subprocess.run(["zsh", "-n", str(zfile)], check=True)


def test_output_file_says_wrote(capsys, graph_file, tmp_path):
    target = tmp_path / "p.csv"
    code, out, err = cli(capsys, "processes", "-g", str(graph_file), "-f", "csv", "-o", str(target))
    assert code == 0 and out == "" and err == f"iso20000-prm query: wrote {target}\n"
    code, out, err = cli(capsys, "processes", "-g", str(graph_file), "-o", str(target), "-q")
    assert code == 0 and err == ""


def test_long_commands_show_elapsed_time_only_on_a_terminal(monkeypatch):
    import argparse

    from iso20000_prm.cli import _progress

    stream = io.StringIO()
    with _progress.status("iso20000-prm validate", True, stream=stream, delay=0):
        pass
    assert "iso20000-prm validate: 00:00" in stream.getvalue()
    quiet = io.StringIO()
    with _progress.status("iso20000-prm validate", False, stream=quiet, delay=0):
        pass
    assert quiet.getvalue() == ""
    args = argparse.Namespace(command="validate", quiet=False)
    assert _progress.for_command(args).enabled is False  # stderr is not a terminal here
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    assert _progress.for_command(args).enabled is True
    assert (
        _progress.for_command(argparse.Namespace(command="validate", quiet=True)).enabled is False
    )
    assert _progress.for_command(argparse.Namespace(command="query")).enabled is False


def test_list_fits_the_width(capsys):
    code = main(["query", "--list", "--width", "80"])
    out = capsys.readouterr().out
    assert (
        code == 0 and max(len(line) for line in out.splitlines() if line.startswith("    ")) <= 80
    )
    # every word of every summary is still there
    flat = " ".join(out.split())
    for q in sparql_list():
        assert " ".join(q.summary.split()) in flat


def sparql_list():
    from iso20000_prm.sparql import saved

    return saved.list_queries()
