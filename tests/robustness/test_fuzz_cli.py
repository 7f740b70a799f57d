"""Property-based fuzzing of the whole command line (hypothesis): every subcommand, driven with
generated hostile arguments and small hostile files, keeps the tool's promises
(docs/reliability.md):

* the exit code is 0, 1 or 2, and there is never a traceback;
* on an error (exit 2) stderr holds one line (after argparse's usage block), and no file in the
  sandbox was created, changed or removed;
* on success, files change only under an output the command line names (or the default output
  folder ``build/``), never elsewhere, not even one folder up;
* no network connection except to the loopback endpoint named (here: a closed port).

Each example runs in a fresh sandbox (``outer/sandbox``, the working directory) whose "last
build" is itself hostile, so that commands reading "the graph" by default fail fast. Examples
are few and derandomized (a fixed, reproducible set), so the test stays well under a minute.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import os
import shutil
import socket
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from iso20000_prm.cli import main, make_parser
from iso20000_prm.files import tables_dir

BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description rdf:about="urn:x"><rdf:value>&b;</rdf:value></rdf:Description></rdf:RDF>'
)
FILES = {
    "bomb.rdf": BILLION_LAUGHS,
    "empty.ttl": "",
    "garbage.ttl": "@prefix : <urn:> . :a :b ",
    "surrogate.nt": '<urn:a> <urn:b> "\\uD800" .\n',
    "nan.nt": '<urn:a> <urn:b> "NaN"^^<http://www.w3.org/2001/XMLSchema#double> .\n',
    "deep.jsonld": "[" * 50_000 + "]" * 50_000,
    "context.jsonld": '{"@context": "http://127.0.0.1:9/c.jsonld", "@id": "urn:a"}',
    "alias.sssom.tsv": "#a: &a [x, x]\n#b: [*a, *a]\nsubject_id\n",
    "nul.csv": "a,b\n\x00,1\n",
    "query.rq": "SELECT * WHERE { ?s ?p ?o } LIMIT 1",
    "build/iso20000-prm.ttl": "@prefix : <urn:> . :a :b",  # a hostile "last build"
}
VALUES = [
    "",
    "-",
    "0",
    "-1",
    "1",
    "nan",
    "inf",
    "1e999",
    "9" * 5000,
    "\x1b[31mred\x1b[0m",
    "$5 to $10",
    "a" * 300,
    "x\ud800y",
    "../escape",
    "out",
    "out/sub/file.ttl",
    "http://127.0.0.1:9/sparql",
    "http://exa mple.org/",
    "file:///etc/passwd",
    "processes",
    "SELECT * WHERE {",
    *FILES,
    "tables",
    "missing.ttl",
    "folder",
]
OUTPUT_FLAGS = {"-o", "--output", "--output-dir"}
OUTPUT_POSITIONALS = {"directory", "output", "out_dir"}


def _commands(parser: argparse.ArgumentParser, prefix=()):
    """(argv prefix, parser) for every leaf command, nested subcommands included."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield prefix, parser
        return
    for name, sub in sorted(subs[0].choices.items()):
        yield from _commands(sub, (*prefix, name))


COMMANDS = list(_commands(make_parser()))


@st.composite
def command_lines(draw):
    prefix, parser = draw(st.sampled_from(COMMANDS))
    argv, outputs = list(prefix), []
    actions = [a for a in parser._actions if not isinstance(a, argparse._HelpAction)]
    for action in actions:
        if action.option_strings and not action.required and not draw(st.booleans()):
            continue
        if action.option_strings:
            flag = draw(st.sampled_from(action.option_strings))
            if action.nargs == 0:
                argv.append(flag)
                continue
            argv.append(flag)
        choices = list(action.choices) if action.choices else VALUES
        value = draw(st.sampled_from(choices))
        argv.append(str(value))
        if set(action.option_strings) & OUTPUT_FLAGS or action.dest in OUTPUT_POSITIONALS:
            outputs.append(str(value))
    return argv, outputs


def _snapshot(root: Path) -> dict[str, str]:
    state = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink() or path.is_dir():
                state[rel] = "dir"
            elif path.is_file():
                state[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                state[rel] = "special"
    return state


def _sandbox(outer: Path) -> Path:
    box = outer / "sandbox"
    box.mkdir()
    for name, text in FILES.items():
        (box / name).parent.mkdir(parents=True, exist_ok=True)
        (box / name).write_text(text, encoding="utf-8", errors="surrogatepass")
    shutil.copytree(tables_dir(), box / "tables")
    with open(box / "tables" / "outcomes.csv", "a", encoding="utf-8") as f:
        f.write("9" * 5000 + "\n")  # a hostile row: too many digits, too few cells
    (box / "folder").mkdir()
    return box


class _Network:
    """Refuses and records any connection or name lookup that is not to loopback."""

    def __init__(self):
        self.attempts = []

    def __enter__(self):
        self._connect, self._getaddrinfo = socket.socket.connect, socket.getaddrinfo
        net = self

        def connect(sock, address):
            if isinstance(address, tuple) and address[0] not in ("127.0.0.1", "::1", "localhost"):
                net.attempts.append(address)
                raise OSError("network access refused by the test")
            return net._connect(sock, address)

        def getaddrinfo(host, *args, **kwargs):
            if host not in ("127.0.0.1", "::1", "localhost", None):
                net.attempts.append(host)
                raise socket.gaierror("name lookup refused by the test")
            return net._getaddrinfo(host, *args, **kwargs)

        socket.socket.connect, socket.getaddrinfo = connect, getaddrinfo
        return self

    def __exit__(self, *exc):
        socket.socket.connect, socket.getaddrinfo = self._connect, self._getaddrinfo


def _error_lines(err: str) -> list[str]:
    """stderr without argparse's usage block (``usage:`` and its indented continuation)."""
    lines, in_usage = [], False
    for line in err.splitlines():
        if line.startswith("usage:"):
            in_usage = True
            continue
        if in_usage and line.startswith(" "):
            continue
        in_usage = False
        if line.strip():
            lines.append(line)
    return lines


def _under(rel: str, roots: list[str], box: Path, outer: Path) -> bool:
    path = (box / rel) if not rel.startswith("../") else outer / rel[3:]
    path = Path(os.path.normpath(path))
    for root in roots:
        if root in ("", "-"):
            continue
        target = Path(os.path.normpath(box / root)) if not os.path.isabs(root) else Path(root)
        if path == target or target in path.parents:
            return True
    return False


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(command_lines())
# every command at least once, whatever the draw
@example((["load", "--endpoint", "http://127.0.0.1:9/store", "-i", "bomb.rdf"], []))
@example((["load", "--endpoint", "http://exa mple.org/store", "--timeout", "nan"], []))
@example((["docs", "--graph", "surrogate.nt", "-o", "site"], ["site"]))
@example((["query", "processes", "-g", "nan.nt", "-o", "folder"], ["folder"]))
@example((["query", "query.rq", "-g", "nan.nt", "-o", "a" * 300], ["a" * 300]))
@example((["query", "--all", "-g", "context.jsonld", "--output-dir", "out"], ["out"]))
@example((["link", "alias.sssom.tsv", "-o", "out/l.ttl"], ["out/l.ttl"]))
@example((["export-tables", "nan.nt", "tables"], ["tables"]))
@example((["synthesize", "--scale", "1", "--tables", "tables", "-o", "out"], ["out"]))
@example((["mappings", "export", "-o", "folder"], ["folder"]))
def test_every_command_keeps_its_promises_on_hostile_input(command):
    argv, outputs = command
    with tempfile.TemporaryDirectory() as tmp:
        outer = Path(tmp)
        box = _sandbox(outer)
        before = _snapshot(outer)
        out, err = io.StringIO(), io.StringIO()
        cwd = os.getcwd()
        os.chdir(box)
        stdin, sys.stdin = sys.stdin, io.StringIO("")
        try:
            with _Network() as net:
                with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                    try:
                        code = main(argv)
                    except SystemExit as exc:  # argparse: --help, usage errors
                        code = exc.code if isinstance(exc.code, int) else 2
        finally:
            sys.stdin = stdin
            os.chdir(cwd)
        after = _snapshot(outer)
    text = err.getvalue()
    if os.environ.get("FUZZ_LOG"):
        with open(os.environ["FUZZ_LOG"], "a", encoding="utf-8") as log:
            log.write(f"{code} {argv!r} {_error_lines(text)[-1:]!r}"[:300] + "\n")
    assert code in (0, 1, 2), (argv, code, text)
    assert "Traceback" not in text + out.getvalue(), (argv, text)
    assert net.attempts == [], (argv, net.attempts)
    changed = sorted(rel for rel in set(before) | set(after) if before.get(rel) != after.get(rel))
    changed = [c[len("sandbox/") :] if c.startswith("sandbox/") else "../" + c for c in changed]
    if code == 2:
        assert len(_error_lines(text)) == 1, (argv, text)
        assert changed == [], (argv, changed, text)
    else:
        stray = [c for c in changed if not _under(c, [*outputs, "build"], box, outer)]
        assert stray == [], (argv, stray, text)
