"""The answers the README shows are real: each ```sh block followed by a ```text block is one
command, run on the shipped graph; the lines shown are the first lines it prints (a trailing
``...`` says the answer goes on). The saved query names the README mentions exist."""

from __future__ import annotations

import re
import shlex

import pytest
from _paths import ROOT

from iso20000_prm.cli import main

README = (ROOT / "README.md").read_text(encoding="utf-8")
CASES = re.findall(r"```sh\n([^`]*?)\n```\n\n```text\n(.*?)\n```", README, re.S)


def test_the_readme_shows_answers():
    assert len(CASES) >= 2


@pytest.mark.parametrize("command,shown", CASES, ids=[c[0][:60] for c in CASES])
def test_each_answer_is_what_the_command_prints(capsys, shipped_turtle, command, shown):
    argv = shlex.split(command.split("#")[0])
    assert argv[0] == "iso20000-prm"
    assert main([*argv[1:], "--graph", str(shipped_turtle)]) == 0
    printed = capsys.readouterr().out.splitlines()
    lines = shown.splitlines()
    if lines[-1] == "...":
        lines = lines[:-1]
        assert len(printed) > len(lines)
    assert printed[: len(lines)] == lines


def test_saved_queries_named_in_the_readme_exist():
    from iso20000_prm import list_queries

    names = {q.name for q in list_queries()}
    used = set(re.findall(r"iso20000-prm query ([a-z][a-z-]+)", README))
    assert used and used <= names, sorted(used - names)
