"""A missing required parameter: the API names the parameters and nothing of the command line;
the CLI adds how its users give them (``--param NAME=VALUE``)."""

from __future__ import annotations

import pytest

from iso20000_prm.cli import main
from iso20000_prm.errors import PRMError
from iso20000_prm.sparql import saved as sparql
from iso20000_prm.sparql.params import MissingParameterError, ParameterError, bind


def test_the_api_message_names_the_parameters_and_no_flag(shipped_turtle):
    with pytest.raises(MissingParameterError) as caught:
        sparql.run_query("keyword-search", graph=sparql.open_store(shipped_turtle))
    assert str(caught.value) == "missing required parameter(s): keyword"
    assert caught.value.missing == ["keyword"]
    assert isinstance(caught.value, ParameterError) and isinstance(caught.value, PRMError)


def test_every_missing_parameter_is_named_in_the_order_the_query_uses_them():
    text = "SELECT * WHERE { ?s ?p ?_second . ?s ?q ?_first . ?s ?r ?__optional }"
    with pytest.raises(MissingParameterError) as caught:
        bind(text, {"optional": "x"})
    assert caught.value.missing == ["second", "first"]
    assert "--" not in str(caught.value)
    assert "VALUES (?_first ?_second)" in bind(text, {"first": "a", "second": "b"})


def test_the_cli_adds_its_own_wording(capsys, shipped_turtle):
    assert main(["query", "keyword-search", "--graph", str(shipped_turtle)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert "missing required parameter(s): keyword" in lines[0]
    assert "--param keyword=VALUE" in lines[0]
