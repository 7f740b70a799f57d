"""Every saved query at once (``query_batch`` and ``iso20000-prm query --all``).

The answers are checked against plain Python over the CSV tables (``_queries_support``) where
that module computes them, and otherwise against the same query run alone; that the queries
really run at the same time is shown with a barrier two of them must reach together.
"""

from __future__ import annotations

import csv
import io
import json
import threading

import pytest
from _cold_path import run_cli_cold
from _queries_support import Source

from iso20000_prm.cli import main
from iso20000_prm.files import queries_dir
from iso20000_prm.sparql import batch as query_batch
from iso20000_prm.sparql import saved as sparql

SRC = Source()
NAMES = sorted(p.stem for p in queries_dir().glob("*.rq"))
KEYWORD = "incident"
# the saved queries' defaults, read off their decorators by hand
EXPECTED = {
    "process-outcomes": lambda: SRC.process_outcomes("5.6"),
    "process-traceability": lambda: SRC.process_traceability("5.6"),
    "clause-traces": lambda: SRC.clause_traces("1ED IS", "6.4"),
    "untraced-outcomes": SRC.untraced_outcomes,
    "bracketed-traced-outcomes": SRC.bracketed_traced_outcomes,
    "coverage-matrix": SRC.coverage_matrix,
    "clause-ranking": SRC.clause_ranking,
    "edition-correspondences": SRC.edition_correspondences,
    "keyword-search": lambda: SRC.keyword_search(KEYWORD),
    "processes": SRC.process_list,
}


@pytest.fixture(scope="module")
def graph_file(shipped_turtle):
    return shipped_turtle


@pytest.fixture(scope="module")
def store(graph_file):
    return sparql.open_store(graph_file)


@pytest.mark.parametrize("workers", [1, 2, 5])
def test_every_answer_is_right(store, workers):
    batch = query_batch.run_saved_queries(params={"keyword": KEYWORD}, graph=store, workers=workers)
    assert list(batch.results) == NAMES and batch.skipped == {}
    for name, expected in EXPECTED.items():
        assert batch.results[name].tuples() == expected(), name
    for name in set(NAMES) - set(EXPECTED):  # process-coverage, edition-gaps: as when run alone
        alone = sparql.run_query(name, {}, graph=store)
        assert batch.results[name].tuples() == alone.tuples() and len(alone) > 0, name


def test_a_graph_file_is_loaded_once_for_the_batch(graph_file, monkeypatch):
    from iso20000_prm.sparql import engines as sparql_engines

    loads = []
    real = sparql_engines.OxigraphStore.from_file.__func__
    monkeypatch.setattr(
        sparql_engines.OxigraphStore,
        "from_file",
        classmethod(lambda cls, path: loads.append(path) or real(cls, path)),
    )
    batch = query_batch.run_saved_queries(params={"keyword": KEYWORD}, graph=graph_file)
    assert len(batch.results) == len(NAMES) and len(loads) == 1


def test_rdflib_engine_gives_the_same_answers(graph_file, store, shipped_rdflib_store, monkeypatch):
    """The batch loads the file into rdflib once; the store it gets is the session's rdflib store
    of the same file (tests/conftest.py), so texts other modules already asked are evaluated once."""
    from iso20000_prm.sparql import engines as sparql_engines

    loads = []
    monkeypatch.setattr(
        sparql_engines.RdflibStore,
        "from_file",
        classmethod(lambda cls, path: loads.append(str(path)) or shipped_rdflib_store),
    )
    ours = query_batch.run_saved_queries(params={"keyword": KEYWORD}, graph=store)
    theirs = query_batch.run_saved_queries(
        params={"keyword": KEYWORD}, graph=graph_file, engine="rdflib", workers=4
    )
    assert loads == [str(graph_file)]
    assert {n: r.tuples() for n, r in theirs.results.items()} == {
        n: r.tuples() for n, r in ours.results.items()
    }


def test_queries_run_at_the_same_time(store, monkeypatch):
    """Two queries must wait for each other at a barrier: one after another, they never meet."""
    barrier = threading.Barrier(2, timeout=10)
    threads = set()
    real = sparql.run_query

    def meeting(query, *args, **kwargs):
        threads.add(threading.current_thread().name)
        barrier.wait()
        return real(query, *args, **kwargs)

    monkeypatch.setattr(sparql, "run_query", meeting)
    batch = query_batch.run_saved_queries(
        ["processes", "untraced-outcomes"], graph=store, workers=2
    )
    assert list(batch.results) == ["processes", "untraced-outcomes"] and len(threads) == 2
    assert batch.results["processes"].tuples() == SRC.process_list()


def test_names_choose_and_order_the_batch(store):
    batch = query_batch.run_saved_queries(["processes", "clause-traces", "processes"], graph=store)
    assert list(batch.results) == ["processes", "clause-traces"]
    assert batch.results["clause-traces"].tuples() == SRC.clause_traces("1ED IS", "6.4")


def test_a_query_missing_a_required_parameter_is_skipped_and_named(store):
    batch = query_batch.run_saved_queries(graph=store)
    assert batch.skipped == {"keyword-search": ["keyword"]}
    assert sorted(batch.results) == [n for n in NAMES if n != "keyword-search"]


def test_a_parameter_goes_to_every_query_that_declares_it(store):
    batch = query_batch.run_saved_queries(
        ["process-outcomes", "process-traceability", "processes"],
        params={"process": "5.16"},
        graph=store,
    )
    assert batch.results["process-outcomes"].tuples() == SRC.process_outcomes("5.16")
    assert batch.results["process-traceability"].tuples() == SRC.process_traceability("5.16")
    assert batch.results["processes"].tuples() == SRC.process_list()


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"params": {"colour": "red"}}, "parameter 'colour' is taken by none of the queries run"),
        ({"names": ["processes", "no-such"]}, "no saved query named 'no-such'"),
        ({"names": ["proceses"]}, "did you mean processes"),
        ({"workers": 0}, "expected a whole number of at least 1"),
        ({"params": {"edition": "3ED"}}, "'3ED'"),  # named by the first query to refuse it
    ],
)
def test_bad_requests_are_clear_errors(store, kwargs, message):
    from iso20000_prm.errors import PRMError

    with pytest.raises(PRMError) as info:
        query_batch.run_saved_queries(graph=store, **kwargs)
    assert message in str(info.value)


def test_a_failing_query_fails_the_batch_and_says_which(store, tmp_path):
    from iso20000_prm.sparql.engines import QueryError

    good = queries_dir() / "processes.rq"
    (tmp_path / "processes.rq").write_text(good.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "broken.rq").write_text(
        "#+ summary: a query with a syntax error in it\nSELECT ?x WHERE { ?x ?y }\n",
        encoding="utf-8",
    )
    with pytest.raises(QueryError) as info:
        query_batch.run_saved_queries(graph=store, directory=tmp_path)
    assert str(info.value).startswith("saved query 'broken': malformed SPARQL")


# ----------------------------------------------------------------------------- CLI
def cli(capsys, *argv):
    code = main(["query", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_all_writes_one_file_per_query_equal_to_running_each(capsys, graph_file, tmp_path):
    target = tmp_path / "reports"
    code, out, err = cli(
        capsys,
        "--all",
        "--output-dir",
        str(target),
        "-g",
        str(graph_file),
        "-f",
        "csv",
        "-p",
        f"keyword={KEYWORD}",
    )
    assert code == 0 and out == ""
    assert f"wrote {len(NAMES)} results to {target}" in err
    assert sorted(p.name for p in target.iterdir()) == sorted(f"{n}.csv" for n in NAMES)
    for name in NAMES:
        params = ["-p", f"keyword={KEYWORD}"] if name == "keyword-search" else []
        code, alone, _ = cli(capsys, name, "-g", str(graph_file), "-f", "csv", *params)
        assert code == 0 and (target / f"{name}.csv").read_bytes().decode("utf-8") == alone, name
    rows = list(
        csv.reader(io.StringIO((target / "untraced-outcomes.csv").read_text(encoding="utf-8")))
    )
    assert [tuple(r[:3]) for r in rows[1:]] == [
        (e[0], e[1], str(e[2])) for e in SRC.untraced_outcomes()
    ]


def test_cli_all_skips_with_a_note_and_names_files_by_format(capsys, graph_file, tmp_path):
    code, _, err = cli(
        capsys,
        "--all",
        "--output-dir",
        str(tmp_path),
        "-g",
        str(graph_file),
        "-f",
        "records",
        "--workers",
        "1",
    )
    assert code == 0
    assert "note: skipped keyword-search: it needs --param keyword=VALUE" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"{n}.records.json" for n in NAMES if n != "keyword-search"
    )
    doc = json.loads((tmp_path / "processes.records.json").read_text(encoding="utf-8"))
    assert [tuple(r.values()) for r in doc["rows"]] == SRC.process_list()


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--all"], "--all needs --output-dir DIR"),
        (
            ["processes", "--all", "--output-dir", "OUT"],
            "give either a query ('processes') or --all, not both",
        ),
        (["--all", "--output-dir", "OUT", "-o", "x.csv"], "give --output-dir DIR, not --output"),
        (["processes", "--output-dir", "OUT"], "--output-dir and --workers go with --all"),
        (
            ["--all", "--output-dir", "OUT", "--workers", "0"],
            "expected a whole number of at least 1",
        ),
        (
            ["--all", "--output-dir", "OUT", "-p", "colour=red"],
            "parameter 'colour' is taken by none of the queries run",
        ),
        (["--all", "--output-dir", "OUT", "--endpoint", "http://127.0.0.1:9/sparql"], "not both"),
    ],
)
def test_cli_all_user_errors_exit_2_and_write_nothing(
    capsys, graph_file, tmp_path, monkeypatch, argv, message
):
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(capsys, *argv, "--graph", str(graph_file))
    assert code == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "OUT").exists()


@pytest.mark.parametrize("argv", [["--all", "--output-dir"], ["processes", "-o"]])
def test_an_output_folder_that_is_a_file_is_one_line_exit_2(capsys, graph_file, tmp_path, argv):
    """A folder that cannot be made: one line naming it, exit 2, the file left as it was."""
    blocker = tmp_path / "taken"
    blocker.write_text("not a folder", encoding="utf-8")
    target = str(blocker) if argv[0] == "--all" else str(blocker / "out.csv")
    code, out, err = cli(capsys, *argv, target, "-g", str(graph_file))
    assert code == 2 and out == ""
    expected = (
        f"{blocker}: exists and is not a folder"
        if argv[0] == "--all"
        else f"cannot make its folder {blocker}"
    )
    assert expected in err and len(err.strip().splitlines()) == 1
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_cli_all_replaces_its_own_answers_and_keeps_other_files(capsys, graph_file, tmp_path):
    """The folder is written all or nothing: an earlier run's answers in another format are
    gone, a file of the user's stays."""
    out = tmp_path / "OUT"
    out.mkdir()
    (out / "processes.json").write_text("{}", encoding="utf-8")  # an earlier run, -f json
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    code, _, err = cli(
        capsys,
        "--all",
        "--output-dir",
        str(out),
        "-g",
        str(graph_file),
        "-f",
        "csv",
        "-p",
        f"keyword={KEYWORD}",
    )
    assert code == 0, err
    assert not (out / "processes.json").exists()
    assert (out / "processes.csv").is_file()
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_cli_all_bad_graph_writes_nothing(capsys, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    code, _, err = cli(capsys, "--all", "--output-dir", str(tmp_path / "OUT"), "-g", str(bad))
    assert code == 2 and "bad.ttl" in err
    assert not (tmp_path / "OUT").exists()


def test_cli_all_fast_path_does_not_import_rdflib(graph_file, tmp_path):
    """``--all`` on the embedded store stays on the cold path: rdflib, pyshacl and owlrl unloaded."""
    rc, heavy, _ = run_cli_cold(
        ["query", "--all", "--output-dir", "out", "--graph", str(graph_file)], tmp_path
    )
    assert (rc, heavy) == (0, [])
    assert (
        len(list((tmp_path / "out").iterdir())) == len(NAMES) - 1
    )  # keyword-search needs its keyword


def test_cli_all_without_a_built_graph_builds_it_in_memory_with_a_note(
    capsys, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)  # no build/iso20000-prm.ttl here
    code, _, err = cli(
        capsys, "--all", "--output-dir", "out", "-f", "csv", "-p", f"keyword={KEYWORD}"
    )
    assert code == 0 and "building the graph in memory" in err
    rows = list(
        csv.reader(io.StringIO((tmp_path / "out" / "processes.csv").read_text(encoding="utf-8")))
    )
    assert [r[0] for r in rows[1:]] == [p[0] for p in SRC.process_list()]
