"""Parameters are looked up in the graph before a query runs: every way of naming a process,
clause or edition gives the answer of its canonical form, and an unknown one is an error with
close names (exit 2 on the command line), never an empty answer. Expected names come from the
CSV tables, not from the graph."""

from __future__ import annotations

import pytest
from _queries_support import Source, read

from iso20000_prm.cli import main
from iso20000_prm.files import queries_dir
from iso20000_prm.sparql import saved as sparql
from iso20000_prm.sparql.params import ParameterError

SRC = Source()
DOCS = {d["edition_code"]: d for d in read("documents.csv") if d["edition_code"]}


@pytest.fixture(scope="module")
def store(shipped_turtle):
    return sparql.open_store(shipped_turtle)


@pytest.fixture(scope="module")
def rl(shipped_turtle):
    return sparql.open_store(shipped_turtle, engine="rdflib")


def rows(store, name, **params):
    return sparql.run_query(name, params, graph=store, engine=store.engine).tuples()


@pytest.mark.parametrize("process", [p for p in SRC.processes], ids=lambda p: p["clause"])
def test_a_process_by_number_name_any_case_or_slug(store, process):
    expected = rows(store, "process-outcomes", process=process["clause"])
    assert expected and expected[0][0] == process["clause"]
    for alias in (process["name"], process["name"].upper(), process["name"].lower(), process["id"]):
        assert rows(store, "process-outcomes", process=alias) == expected, alias
        assert rows(store, "process-traceability", process=alias) == rows(
            store, "process-traceability", process=process["clause"]
        )


def test_the_engines_agree_on_looked_up_values(store, rl):
    assert rows(rl, "process-outcomes", process="change-management") == rows(
        store, "process-outcomes", process="5.6"
    )
    assert rows(rl, "clause-traces", edition="2005", clause="06.4") == rows(
        store, "clause-traces", edition="1ED IS", clause="6.4"
    )


@pytest.mark.parametrize(
    "code,aliases",
    [
        ("1ED IS", ["1ED IS", "1ed is", "1ed", "2005", "iso20000-1-2005", "ISO/IEC 20000-1:2005"]),
        (
            "2ED DRAFT",
            ["2ED DRAFT", "2ed-draft", "2010-draft", "2ed draft", "iso20000-1-2ed-draft"],
        ),
    ],
)
def test_an_edition_by_any_of_its_names(store, code, aliases):
    # the source's printed clause of each edition, from the tables
    clause = next(c["clause"] for c in SRC.clauses if c["edition"] == code)
    expected = rows(store, "clause-traces", edition=code, clause=clause)
    assert expected
    for alias in aliases:
        assert rows(store, "clause-traces", edition=alias, clause=clause) == expected, alias
    per_edition = {r[0] for r in rows(store, "coverage-matrix", edition=aliases[-1])}
    assert per_edition == {code}
    assert DOCS[code]["id"] == aliases[-1 if code == "2ED DRAFT" else -2]


def test_every_clause_as_printed_gives_the_clause(store):
    for c in SRC.clauses:
        got = rows(store, "clause-traces", edition=c["edition"], clause=c["clause_as_printed"])
        assert got == rows(store, "clause-traces", edition=c["edition"], clause=c["clause"])


@pytest.mark.parametrize(
    "name,params,message",
    [
        ("process-outcomes", {"process": "5.99"}, r"no process '5\.99'; did you mean .*5\.9 "),
        (
            "process-outcomes",
            {"process": "Change managment"},
            r"did you mean 5\.6 Change management",
        ),
        ("process-traceability", {"process": "nonsense"}, r"no process 'nonsense'"),
        ("clause-traces", {"clause": "99.9"}, r"no clause of 1ED IS '99\.9'"),
        ("clause-traces", {"edition": "3ed", "clause": "6.4"}, r"no edition '3ed'"),
        ("clause-traces", {"edition": "2ED DRAFT", "clause": "3.1"}, r"no clause of 2ED DRAFT"),
        (
            "coverage-matrix",
            {"edition": "2011"},
            r"ISO/IEC 20000-1:2011, which coverage-matrix does not answer .*edition-matrix",
        ),
    ],
)
def test_unknown_values_are_errors_with_close_names(store, name, params, message):
    with pytest.raises(ParameterError, match=message):
        sparql.run_query(name, params, graph=store)


def test_2ed_draft_has_no_clause_3_1_in_the_tables():
    # the premise of the case above, from the tables
    assert ("2ED DRAFT", "3.1") not in SRC.heading and ("1ED IS", "3.1") in SRC.heading


def test_cli_unknown_value_exit_2_one_line(capsys, shipped_turtle):
    code = main(["query", "process-outcomes", "-g", str(shipped_turtle), "-p", "process=5.99"])
    err = capsys.readouterr()
    assert code == 2 and err.out == ""
    lines = [line for line in err.err.splitlines() if "error" in line]
    assert len(lines) == 1 and "did you mean" in lines[0]


def test_every_kind_declared_names_a_parameter():
    for path in sorted(queries_dir().glob("*.rq")):
        q = sparql.load_query_file(path)
        for name in q.kinds:
            assert name in q.parameters, (path.name, name)


@pytest.mark.parametrize(
    "name", ["process-outcomes", "process-traceability", "clause-traces", "clause-across-editions"]
)
def test_the_lookup_queries_declare_their_kinds(name):
    q = sparql.get_query(name)
    for param in q.parameters:
        assert q.kinds.get(param) == param, (name, param)
