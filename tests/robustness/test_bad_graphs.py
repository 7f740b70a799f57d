"""Commands that read a graph someone else wrote fail with one clear line, never a traceback.

Each bad file is given to ``validate``, ``query`` (both engines), ``load`` and ``export-tables``.
A command may reject the file (exit 2, one line on stderr naming the file) or, where the file
is in fact valid RDF, process it (``query``/``load`` exit 0); ``validate`` must never pass a
graph that is not the PRM. What is bad about each file is known by construction.
"""

from __future__ import annotations

import contextlib
import gzip
import importlib.util
import io

import pytest
from _oxigraph import free_port  # free now, so nothing listens there

from iso20000_prm.cli import main

FOAF = '@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n<http://example.org/a> a foaf:Person ; foaf:name "Alice" .\n'
RDFXML = (
    '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    'xmlns:foaf="http://xmlns.com/foaf/0.1/"><foaf:Person rdf:about="http://example.org/a"/></rdf:RDF>\n'
)


def _big_broken_ntriples() -> bytes:
    """About 1.5 MB of valid N-Triples, then one broken line at the very end."""
    line = '<http://example.org/s{0}> <http://example.org/p> "value {0} with some padding text to make it long" .\n'
    return (
        "".join(line.format(i) for i in range(15_000)).encode()
        + b"<http://example.org/broken> <http://example.org/p> .\n"
    )


# name -> (file name, bytes, is it valid RDF?)
BAD_FILES = {
    "not RDF (prose)": ("notes.ttl", b"These are my notes, not a graph.\n", False),
    "binary (PNG header)": (
        "image.ttl",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        False,
    ),
    "empty file": ("empty.ttl", b"", False),
    "white space only": ("blank.nt", b"   \n\n\t\n", False),
    "Turtle in a .rdf file": ("turtle.rdf", FOAF.encode(), False),
    "RDF/XML in a .ttl file": ("xml.ttl", RDFXML.encode(), False),
    "JSON that is not JSON-LD RDF": ("data.jsonld", b'{"@context": 5, "x": [1, 2', False),
    "truncated Turtle": ("cut.ttl", FOAF.encode()[:70], False),
    "IRI with a space": (
        "space.nt",
        b"<http://example.org/a b> <http://example.org/p> <http://example.org/o> .\n",
        False,
    ),
    "latin-1 bytes in Turtle": (
        "latin1.ttl",
        '<http://example.org/a> <http://example.org/p> "caf\u00e9" .\n'.encode("latin-1"),
        False,
    ),
    "not gzip despite .gz": ("graph.ttl.gz", b"plain text, not gzip", False),
    "unknown suffix": ("graph.txt", FOAF.encode(), False),
    "large file, broken at the end": ("big.nt", _big_broken_ntriples(), False),
    "very large file of garbage (20 MB)": ("huge.ttl", b"garbage " * 2_500_000, False),
    "graph of another vocabulary (FOAF)": ("foaf.ttl", FOAF.encode(), True),
    "gzip of another vocabulary": ("foaf.ttl.gz", gzip.compress(FOAF.encode()), True),
}


def _run(argv) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(argv)  # an exception escaping here is the traceback a user would see
    return code, err.getvalue()


@pytest.fixture(params=sorted(BAD_FILES), ids=sorted(BAD_FILES))
def bad_file(request, tmp_path):
    name, data, valid = BAD_FILES[request.param]
    path = tmp_path / name
    path.write_bytes(data)
    return path, valid


def _assert_clean_rejection(code: int, err: str, path) -> None:
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert path.name in lines[0], lines[0]


def _commands():
    cmds = {
        "query-oxigraph": lambda p: [
            "query",
            "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
            "--graph",
            str(p),
            "--engine",
            "oxigraph",
        ],
        "query-rdflib": lambda p: [
            "query",
            "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
            "--graph",
            str(p),
            "--engine",
            "rdflib",
        ],
        "load": lambda p: [
            "load",
            "--input",
            str(p),
            "--endpoint",
            f"http://127.0.0.1:{free_port()}/store",
            "--timeout",
            "2",
        ],
        "export-tables": lambda p: ["export-tables", str(p), str(p.parent / "tables-out")],
    }
    if importlib.util.find_spec("iso20000_prm.cli.validate"):
        cmds["validate"] = lambda p: ["validate", str(p)]
    return cmds


COMMANDS = _commands()


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_bad_graph_file(command, bad_file):
    path, valid = bad_file
    code, err = _run(COMMANDS[command](path))
    assert "Traceback" not in err
    if not valid:
        _assert_clean_rejection(code, err, path)
        return
    # valid RDF, but not the PRM
    if command == "validate":
        assert code in (1, 2), err  # a graph without PRM data is not a conforming PRM
    elif command == "export-tables":
        _assert_clean_rejection(code, err, path)
        assert not (path.parent / "tables-out").exists()
    elif command == "load":
        # the file is fine; the store is not there: a one-line error naming the endpoint
        assert code == 2 and len(err.strip().splitlines()) == 1 and "127.0.0.1" in err, err
    else:
        assert code == 0, err


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_missing_file_and_folder(command, tmp_path):
    for path in (tmp_path / "absent.ttl", tmp_path):
        code, err = _run(COMMANDS[command](path))
        assert code == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1, (
            path,
            err,
        )


def test_validate_command_exists_yet():
    """Reported, not failed, while issue 3 is in progress: the bad-graph cases skip validate."""
    if "validate" not in COMMANDS:
        pytest.skip("iso20000_prm.cli.validate does not exist yet (issue 3)")
