"""The CLI's fast start: a command line that begins with a command's name is parsed by a parser
that knows only that command (issue 17, cold ``query``). Its outcome must be the whole parser's:
the same namespace, the same output, the same exit status, for good and bad command lines."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys

import pytest

from iso20000_prm.cli import _parse, make_parser

ARGVS = [
    ["query", "processes"],
    ["query", "clause-traces", "-p", "edition=1ed", "-p", "clause=6.4", "-f", "csv"],
    ["query", "processes", "-g", "x.ttl", "--engine", "rdflib", "-o", "out.csv", "-q"],
    ["query", "--list", "-f", "json"],
    ["query", "--all", "--output-dir", "d", "--workers", "2"],
    ["query", "processes", "--bogus"],  # the top-level parser reports unknown arguments
    ["query", "-f", "nope"],  # the subcommand's parser reports a bad choice
    ["query", "--width", "x"],  # a type error
    ["query", "-p"],  # a missing value
    ["query", "--print-completion", "bash"],  # a top-level option after the command
    ["query", "--help"],
    ["query", "-h"],
    ["build", "--format", "ntriples", "--output-dir", "d"],
    ["build", "--help"],
    ["validate", "--fail-on", "nope"],
    ["export-tables", "--help"],
    ["export_tables"],  # a module's name is not a command
    ["assess"],
    ["assess", "report", "--help"],
    ["assess", "nope"],
    ["mappings", "list"],
    ["mappings", "export", "--help"],
    ["synthesize", "--scale", "2", "--output-dir", "d"],
    ["Query", "processes"],
    ["nope"],
    ["--version"],
    ["-h"],
    [],
]


def _outcome(parse):
    """(namespace as a dict with functions by name, exit status, stdout, stderr) of ``parse()``."""
    out, err = io.StringIO(), io.StringIO()
    status, values = None, None
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            namespace = parse()
        except SystemExit as exc:
            status = exc.code
        else:
            values = {
                k: f"{v.__module__}.{v.__qualname__}" if callable(v) else v
                for k, v in sorted(vars(namespace).items())
            }
    return values, status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("argv", ARGVS, ids=lambda a: " ".join(a) or "(none)")
def test_fast_parse_is_the_whole_parser(argv, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["iso20000-prm"])  # prog comes from `prog=`, not argv[0]
    whole = _outcome(lambda: make_parser().parse_args(list(argv)))
    fast = _outcome(lambda: _parse(list(argv)))
    assert fast == whole
    assert whole[0] is not None or whole[1] is not None  # each line parses or exits


def test_fast_parse_reads_sys_argv(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["iso20000-prm", "query", "processes", "-f", "tsv"])
    args = _parse(None)
    assert (args.command, args.query, args.format) == ("query", "processes", "tsv")


def test_cold_query_imports_only_its_own_command(shipped_turtle, tmp_path):
    """A fresh ``query`` process loads no other command module, no completion library (shtab,
    and importlib.metadata with it), none of rdflib, pyshacl, owlrl, and for a query without
    parameter kinds not the graph look-ups either; and still answers."""
    code = (
        "import sys\nfrom iso20000_prm.cli import main\n"
        f"rc = main(['query', 'processes', '-g', {str(shipped_turtle)!r}, '-f', 'csv'])\n"
        "mods = sorted(m for m in sys.modules if m.startswith('iso20000_prm.cli.')"
        " or m.split('.')[0] in ('shtab', 'rdflib', 'pyshacl', 'owlrl')"
        " or m in ('importlib.metadata', 'iso20000_prm.sparql.lookup'))\n"
        "print('MODS', mods, rc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=120
    )
    assert done.returncode == 0, done.stderr
    *printed, last = done.stdout.strip().splitlines()
    assert last == "MODS ['iso20000_prm.cli._progress', 'iso20000_prm.cli.query'] 0"
    # the answer: one row per process of the shipped table, counted with plain csv
    import csv

    from iso20000_prm.files import tables_dir

    with open(tables_dir() / "processes.csv", encoding="utf-8", newline="") as handle:
        processes = list(csv.DictReader(handle))
    assert len(printed) == 1 + len(processes)
