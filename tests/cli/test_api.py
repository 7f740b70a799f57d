"""The public API: every exported name imports, and every CLI command is a skin over API calls."""

from __future__ import annotations

import importlib
import inspect

import pytest

import iso20000_prm
from iso20000_prm.cli import make_parser

NOT_CALLABLE = {"PRM", "DATA", "__version__"}

# command -> the API functions it calls (its capabilities, reachable from Python)
COMMAND_API = {
    "build": ["write_graph", "write_release", "validate"],
    "validate": ["validate"],
    "query": ["run_query", "list_queries", "run_saved_queries"],
    "load": ["load_graph", "release_graph", "load_into_store"],
    "docs": ["load_graph", "build_site", "check_site"],
    "export-tables": ["export_tables"],
    "mappings": ["mapping_sets", "to_sssom_tsv", "to_oscal_json", "compare_clause"],
    "link": ["link"],
    "synthesize": ["synthesize", "write_tables"],
    "assess": ["assessment_template", "import_assessment", "assessment_report"],
}


@pytest.mark.parametrize("name", iso20000_prm.__all__)
def test_every_public_name_imports_and_functions_are_callable(name):
    value = getattr(iso20000_prm, name)
    if name not in NOT_CALLABLE:
        assert callable(value), name


def test_unknown_names_are_an_attribute_error():
    with pytest.raises(AttributeError):
        iso20000_prm.no_such_function  # noqa: B018


def _commands() -> set[str]:
    parser = make_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return set(sub.choices)


def test_every_command_maps_to_api_functions():
    assert set(COMMAND_API) == _commands()


@pytest.mark.parametrize("command", sorted(COMMAND_API))
def test_each_command_calls_its_api_functions(command):
    """The command module names each function it is listed with (by the function's own name,
    which may differ from the public one, e.g. ``link`` is ``link_file``)."""
    source = inspect.getsource(
        importlib.import_module(f"iso20000_prm.cli.{command.replace('-', '_')}")
    )
    for name in COMMAND_API[command]:
        function = getattr(iso20000_prm, name)
        assert name in iso20000_prm.__all__ and callable(function)
        assert function.__name__ in source, f"{command} does not call {name}"
