"""`query -g A -g B` queries the union of the files (an assessment beside the PRM graph it rates):
the answer equals the same query on a graph merged by rdflib outside the tool, and differs from
the answer on either file alone."""

import csv
import io

import pytest
from _paths import ROOT
from rdflib import Graph

from iso20000_prm import open_store, run_query
from iso20000_prm.cli import main

ASSESSMENT = ROOT / "examples" / "assessment" / "assessment.ttl"
SCHEMES = ROOT / "ontology" / "assessment-schemes.ttl"
QUERY = ROOT / "queries" / "assessment" / "assessment-clause-exposure.rq"


def _cli_rows(capsys, *argv):
    assert main(["query", str(QUERY), "-f", "csv", *argv]) == 0
    return list(csv.reader(io.StringIO(capsys.readouterr().out)))


@pytest.fixture(scope="module")
def expected(shipped_turtle):
    """The query on the three files merged by rdflib outside the tool: once for both engines."""
    merged = Graph()
    for f in (shipped_turtle, SCHEMES, ASSESSMENT):
        merged.parse(f)
    return run_query(QUERY.read_text(encoding="utf-8"), graph=merged)


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_the_union_of_two_files_is_queried(capsys, shipped_turtle, expected, engine):
    files = [shipped_turtle, SCHEMES, ASSESSMENT]
    rows = _cli_rows(capsys, *[a for f in files for a in ("-g", str(f))], "--engine", engine)
    assert rows[0] == expected.variables
    as_text = [["" if v is None else str(v) for v in r.values()] for r in expected.rows]
    assert sorted(rows[1:]) == sorted(as_text)
    assert any(r[rows[0].index("assessed")] != "0" for r in rows[1:])  # the ratings count
    alone = _cli_rows(capsys, "-g", str(shipped_turtle), "-g", str(SCHEMES))
    assert all(r[alone[0].index("assessed")] == "0" for r in alone[1:])


def test_the_api_takes_a_list_of_files(shipped_turtle):
    store = open_store([shipped_turtle, ASSESSMENT])
    assert "assessment.ttl" in store.source and str(shipped_turtle) in store.source
    assert len(store) > len(open_store(shipped_turtle))


def test_a_missing_second_file_is_one_line_exit_2(capsys, shipped_turtle, tmp_path):
    missing = tmp_path / "nothing.ttl"
    assert main(["query", "processes", "-g", str(shipped_turtle), "-g", str(missing)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "nothing.ttl" in err
