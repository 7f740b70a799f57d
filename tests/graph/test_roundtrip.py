"""tables -> graph -> tables loses nothing, and every RDF format carries the graph unchanged.

Expectations come from the tables themselves (the shipped files' bytes, or the rows a
generator made), never from the program's output: the generator builds valid PRMs by
construction (bracket status by how it placed the brackets, clause numbers by how it printed
them), writes them with the standard csv module, and the test compares what comes back with
what it made.
"""

from __future__ import annotations

import csv
import io
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iso20000_prm.cli import main
from iso20000_prm.files import tables_dir
from iso20000_prm.graph.build import build_graph
from iso20000_prm.graph.extract import export_tables, table_files
from iso20000_prm.graph.formats import serialize
from iso20000_prm.tables.read import COLUMNS

NAMES = list(COLUMNS)
# rdflib format name, suffix, pyoxigraph format name
FORMATS = [
    ("turtle", ".ttl", "TURTLE"),
    ("nt", ".nt", "N_TRIPLES"),
    ("xml", ".rdf", "RDF_XML"),
    ("json-ld", ".jsonld", "JSON_LD"),
    ("trig", ".trig", "TRIG"),
]


# ---------------------------------------------------------------- shipped tables


def test_shipped_tables_come_back_byte_identical(shipped_graph, tmp_path):
    export_tables(shipped_graph, tmp_path)
    for name in NAMES:
        assert (tmp_path / name).read_bytes() == (tables_dir() / name).read_bytes(), name
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(NAMES)


def test_shipped_tables_use_csv_writer_dialect():
    """The dialect the exporter reproduces is the standard csv.writer one with LF line ends."""
    for name in NAMES:
        data = (tables_dir() / name).read_bytes()
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows)
        assert buf.getvalue().encode("utf-8") == data, name


@pytest.mark.parametrize("fmt,suffix,_ox", FORMATS)
def test_every_format_exports_back_via_cli(shipped_graph, tmp_path, fmt, suffix, _ox):
    graph_file = tmp_path / f"g{suffix}"
    graph_file.write_bytes(serialize(shipped_graph, fmt))
    assert main(["export-tables", str(graph_file), str(tmp_path / "out")]) == 0
    for name in NAMES:
        assert (tmp_path / "out" / name).read_bytes() == (tables_dir() / name).read_bytes(), (
            fmt,
            name,
        )


def test_graph_of_another_vocabulary_is_refused_and_writes_nothing(tmp_path, capsys):
    other = tmp_path / "foaf.ttl"
    other.write_text(
        '@prefix foaf: <http://xmlns.com/foaf/0.1/> . <http://example.org/a> a foaf:Person ; foaf:name "A" .\n'
    )
    assert main(["export-tables", str(other), str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1 and "prm:Document" in err
    assert not (tmp_path / "out").exists()


def test_graph_missing_a_fact_is_refused(shipped_graph, tmp_path, capsys):
    from iso20000_prm.vocab import PRM

    g = build_graph(include_ontology=False)
    victim = next(iter(sorted(g.subjects(PRM.verbatimText, None))))
    g.remove((victim, PRM.verbatimText, None))
    path = tmp_path / "g.nt"
    path.write_bytes(serialize(g, "nt"))
    assert main(["export-tables", str(path), str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert str(victim) in err and "verbatimText" in err
    assert not (tmp_path / "out").exists()


def test_directory_that_is_a_file_is_refused(shipped_graph, tmp_path, capsys):
    path = tmp_path / "g.ttl"
    path.write_bytes(serialize(shipped_graph))
    target = tmp_path / "afile"
    target.write_text("keep")
    assert main(["export-tables", str(path), str(target)]) == 2
    assert target.read_text() == "keep"


# ---------------------------------------------------------------- random valid PRMs

# Text the TR could hold: any printable Unicode, quotes, commas, semicolons, HTML and Turtle
# look-alikes, line breaks inside; no brackets (placed deliberately below), no surrounding space.
_CHARS = st.characters(
    blacklist_categories=("Cs", "Cc", "Cn", "Zl", "Zp"), blacklist_characters="[]"
)
_SPECIAL = st.sampled_from(
    [
        '"',
        "'",
        ",",
        ";",
        "\n",
        "\r\n",
        "\t",
        "<b>",
        "&amp;",
        '"""',
        "\\",
        "@prefix",
        " . ",
        "^^",
        "#",
        "é",
        "漢字",
        "🙂",
        "\u00a0",
        "\u200b",
    ]
)
_piece = st.one_of(st.text(_CHARS, min_size=1, max_size=12), _SPECIAL)


@st.composite
def text(draw, max_pieces=8, long=False):
    pieces = draw(st.lists(_piece, min_size=1, max_size=max_pieces))
    value = "".join(pieces)
    if long and draw(st.booleans()):
        value = value + " " + "x" * draw(st.integers(500, 5000))
    value = value.strip()
    return value if value else "t"


def _id(draw, used: set[str]) -> str:
    while True:
        value = "-".join(
            draw(
                st.lists(
                    st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=6),
                    min_size=1,
                    max_size=3,
                )
            )
        )
        if value not in used and value != "tr20000-4-2010":
            used.add(value)
            return value


@st.composite
def outcome_text(draw):
    """(text, bracket_status) with the status known by construction."""
    kind = draw(st.sampled_from(["none", "partial", "full"]))
    body = draw(text())
    end = draw(st.sampled_from(["", ";", "."]))
    if kind == "none":
        return body + end, kind
    if kind == "full":
        inside = draw(st.booleans())
        return (f"[{body}{end}]" if inside else f"[{body}]{end}"), kind
    return f"{body} [{draw(text(3))}] {draw(text(3))}{end}", kind


@st.composite
def prm_tables(draw) -> dict[str, list[list[str]]]:
    """A valid set of source tables in canonical row order (see export_tables)."""
    used: set[str] = set()
    n_editions = draw(st.integers(1, 3))
    codes = sorted(draw(st.lists(text(3), min_size=n_editions, max_size=n_editions, unique=True)))
    issued = st.sampled_from(["", "2005", "2010-11-25", "1999-01-01"]) | text(2)
    documents = [
        [
            "tr20000-4-2010",
            "",
            draw(text(3)),
            draw(text()),
            draw(issued),
            draw(st.just("") | text(3)),
            draw(st.just("") | text()),
        ]
    ]
    editions = []
    for code in codes:
        doc_id = _id(draw, used)
        editions.append((code, doc_id))
        documents.append(
            [
                doc_id,
                code,
                draw(text(3)),
                draw(text()),
                draw(issued),
                draw(st.just("") | text(3)),
                draw(st.just("") | text()),
            ]
        )
    documents[1:] = sorted(documents[1:], key=lambda r: (r[1], r[0]))

    n_proc = draw(st.integers(1, 12))
    numbers = sorted(
        draw(st.lists(st.integers(2, 40), min_size=n_proc, max_size=n_proc, unique=True))
    )
    sections = [
        [
            "5.1",
            draw(text(3)),
            "clause",
            draw(st.just("") | text(1)),
            "yes",
            draw(st.just("") | text()),
        ]
    ]
    processes, outcomes, trace = [], [], []
    # clauses of ISO/IEC 20000-1, per edition: printed (zero-padded or not) and normalised
    clause_rows = []
    for code, _doc in editions:
        parts = draw(
            st.lists(
                st.tuples(st.integers(1, 12), st.lists(st.integers(1, 9), max_size=3)),
                min_size=1,
                max_size=8,
                unique_by=lambda t: (t[0], tuple(t[1])),
            )
        )
        rows = []
        for head, tail in sorted(parts, key=lambda t: (t[0], t[1])):
            pad = draw(st.booleans())
            printed = ".".join([f"{head:02d}" if pad else str(head), *map(str, tail)])
            rows.append([code, ".".join(map(str, [head, *tail])), printed, draw(text(4))])
        clause_rows.extend(rows)
    for n in numbers:
        clause = f"5.{n}"
        name = draw(text(4))
        available = draw(st.booleans()) or n == numbers[0]
        sections.append(
            [
                clause,
                name,
                "process",
                draw(st.just("") | text(1)),
                "yes" if available else "no",
                draw(st.just("") | text()),
            ]
        )
        processes.append(
            [
                clause,
                _id(draw, used),
                name,
                draw(text(long=True)) if available else "",
                draw(text(long=True)) if available else "",
                "yes" if available else "no",
            ]
        )
        if not available:
            continue
        k = draw(st.integers(1, 15))
        nums = sorted(draw(st.lists(st.integers(1, 60), min_size=k, max_size=k, unique=True)))
        printed = draw(st.sampled_from(["yes", "no"]))
        for number in nums:
            body, status = draw(outcome_text())
            outcomes.append([clause, str(number), printed, body, status])
        for position in range(1, draw(st.integers(0, 8)) + 1):
            code, normal, as_printed, heading = draw(st.sampled_from(clause_rows))
            chosen = sorted(
                draw(st.lists(st.sampled_from(nums), min_size=1, max_size=len(nums), unique=True))
            )
            trace.append(
                [
                    clause,
                    str(position),
                    code,
                    as_printed,
                    normal,
                    heading,
                    ",".join(map(str, chosen)),
                ]
            )
    for i in range(1, draw(st.integers(0, 3)) + 1):
        sections.append(
            [
                f"Figure {i}",
                draw(text(3)),
                "figure",
                draw(st.sampled_from(["", "v", "2"])),
                "no",
                draw(text()),
            ]
        )
    if draw(st.booleans()):
        sections.append(["Annex A", draw(text(3)), "annex", "21", "no", ""])
    if draw(st.booleans()):
        sections.append(["Bibliography", "Bibliography", "bibliography", "23", "no", ""])
    return {
        "documents.csv": documents,
        "sections.csv": sections,
        "processes.csv": processes,
        "outcomes.csv": outcomes,
        "traceability.csv": trace,
        "clauses.csv": clause_rows,
    }


def _write_tables(tables: dict[str, list[list[str]]], directory: Path) -> None:
    """Write with the csv module, quoting every cell (another valid dialect than the output's)."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        buf = io.StringIO()
        csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(
            [list(COLUMNS[name]), *rows]
        )
        (directory / name).write_bytes(buf.getvalue().encode("utf-8"))


def _to_rdflib(graph_ox_quads):
    from pyoxigraph import BlankNode, NamedNode
    from pyoxigraph import Literal as OxLiteral
    from rdflib import BNode, Graph, Literal, URIRef

    def term(t):
        if isinstance(t, NamedNode):
            return URIRef(t.value)
        if isinstance(t, BlankNode):
            return BNode(t.value)
        assert isinstance(t, OxLiteral)
        if t.language:
            return Literal(t.value, lang=t.language)
        if (
            t.datatype.value == "http://www.w3.org/2001/XMLSchema#string"
        ):  # RDF 1.1: the same literal
            return Literal(t.value)
        return Literal(t.value, datatype=URIRef(t.datatype.value))

    g = Graph()
    for q in graph_ox_quads:
        g.add((term(q.subject), term(q.predicate), term(q.object)))
    return g


def _rdflib_parse(data: bytes, fmt: str):
    from rdflib import Dataset, Graph

    if fmt == "trig":
        ds = Dataset()
        ds.parse(data=data, format=fmt)
        g = Graph()
        for s, p, o, _ in ds.quads((None, None, None, None)):
            g.add((s, p, o))
        return g
    g = Graph()
    g.parse(data=data, format=fmt)
    return g


def _same(a, b) -> bool:
    """Isomorphic; without blank nodes (the data graph has none) that is plain set equality."""
    from rdflib import BNode
    from rdflib.compare import to_isomorphic

    if not any(isinstance(t, BNode) for g in (a, b) for triple in g for t in triple):
        return set(a) == set(b)
    return to_isomorphic(a) == to_isomorphic(b)


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
        HealthCheck.large_base_example,
    ],
)
@given(tables=prm_tables())
def test_random_prm_round_trips(tables, tmp_path_factory):
    import pyoxigraph

    src = tmp_path_factory.mktemp("src")
    _write_tables(tables, src)
    graph = build_graph(src, include_ontology=False, include_mappings=False)

    # tables -> graph -> tables: the rows that went in come out, in the same order
    files = table_files(graph)
    for name, rows in tables.items():
        back = list(csv.reader(io.StringIO(files[name].decode("utf-8"), newline="")))
        assert back == [list(COLUMNS[name]), *rows], name
        if not any("\r" in cell for row in rows for cell in row):
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\n").writerows(back)
            assert files[name] == buf.getvalue().encode("utf-8"), name

    # every format parses back isomorphic, in rdflib and in pyoxigraph
    for fmt, _suffix, ox_name in FORMATS:
        data = serialize(graph, fmt)
        assert _same(_rdflib_parse(data, fmt), graph), fmt
        try:
            quads = list(pyoxigraph.parse(data, format=getattr(pyoxigraph.RdfFormat, ox_name)))
        except SyntaxError as exc:
            raise AssertionError(f"pyoxigraph cannot read our {fmt}: {exc}") from None
        assert _same(_to_rdflib(quads), graph), f"pyoxigraph {fmt}"


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
        HealthCheck.large_base_example,
    ],
)
@given(tables=prm_tables(), seed=st.randoms(use_true_random=False))
def test_row_order_does_not_change_the_graph(tables, seed, tmp_path_factory):
    """Rows in any order give the same graph; export gives them back in canonical order."""
    shuffled = {name: seed.sample(rows, len(rows)) for name, rows in tables.items()}
    src = tmp_path_factory.mktemp("shuffled")
    _write_tables(shuffled, src)
    graph = build_graph(src, include_ontology=False, include_mappings=False)
    files = table_files(graph)
    for name, rows in tables.items():
        back = list(csv.reader(io.StringIO(files[name].decode("utf-8"), newline="")))
        assert back[1:] == rows, name
