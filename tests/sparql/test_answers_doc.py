"""docs/answers.md shows real answers: every command in it is run, and the lines shown are the
first lines it prints (its exit status too)."""

from __future__ import annotations

import re
import shlex

import pytest
from _paths import ROOT

from iso20000_prm.cli import main

DOC = (ROOT / "docs" / "answers.md").read_text(encoding="utf-8")
CASES = re.findall(r"```sh\n(.*?)\n```\n\n```text\n(.*?)\n```\n(?:\nexit (\d+)\n)?", DOC, re.S)


def test_ten_questions():
    assert len(CASES) == 10 and len(re.findall(r"^## \d+\. ", DOC, re.M)) == 10


@pytest.mark.parametrize("command,shown,status", CASES, ids=[c[0][:50] for c in CASES])
def test_each_answer_is_what_the_command_prints(capsys, shipped_turtle, command, shown, status):
    argv = shlex.split(command)
    assert argv[0] == "iso20000-prm"
    code = main([*argv[1:], "--graph", str(shipped_turtle)])
    out, err = capsys.readouterr()
    assert code == int(status or 0)
    printed = (out or err).splitlines()
    lines = shown.splitlines()
    if lines[-1] == "...":
        lines = lines[:-1]
        assert len(printed) > len(lines)
    for want, got in zip(lines, printed):
        if want.endswith(" ..."):  # a long line shown cut in the page
            assert got.startswith(want[:-4])
        else:
            assert got == want
    assert len(printed) >= len(lines)
