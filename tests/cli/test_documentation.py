"""The README and docs/ stay true to the code: every command is documented and has --help, the
README stays a short guide, and no relative link points at a file that is not there."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import pytest
from _paths import ROOT

from iso20000_prm.cli import main, make_parser

README = ROOT / "README.md"
README_MAX_LINES = 220
PAGES = [README, *sorted((ROOT / "docs").glob("*.md"))]
# [text](target) and ![alt](target); the target ends at the first space or closing parenthesis
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def commands() -> list[str]:
    parser = make_parser()
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return sorted(name for action in actions for name in action.choices)


def command_table_rows(text: str) -> set[str]:
    """The commands named in the first cell of the README's command table rows."""
    section = text.split("\n## Commands", 1)[1].split("\n## ", 1)[0]
    names = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            names.update(re.findall(r"`([a-z][a-z-]*)`", line.split("|")[1]))
    return names


def test_there_are_commands_to_check():
    assert len(commands()) >= 9


@pytest.mark.parametrize("command", commands())
def test_every_command_is_in_the_readme_command_table(command):
    assert command in command_table_rows(README.read_text(encoding="utf-8"))


@pytest.mark.parametrize("command", commands())
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert f"iso20000-prm {command}" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["build", "query"])
def test_help_in_a_fresh_process(command):
    done = subprocess.run(
        [sys.executable, "-m", "iso20000_prm", command, "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "usage: iso20000-prm" in done.stdout


def test_readme_is_a_short_guide():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, f"README.md has {len(lines)} lines"


def relative_links(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    # links inside code blocks are examples, not links
    text = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    targets = []
    for target in LINK.findall(text):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            continue  # URLs, mailto:, and anchors within the page
        targets.append(target.split("#", 1)[0])
    return targets


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_relative_links_point_at_existing_files(page):
    missing = [t for t in relative_links(page) if not (page.parent / t).exists()]
    assert not missing, f"{page.relative_to(ROOT)} links to missing files: {missing}"


def test_docs_pages_are_linked_from_the_readme():
    linked = {(ROOT / t).resolve() for t in relative_links(README)}
    unlinked = [
        p.name for p in PAGES[1:] if p.resolve() not in linked and p.name != "bad-tables.md"
    ]
    assert not unlinked, f"docs pages the README does not link: {unlinked}"
