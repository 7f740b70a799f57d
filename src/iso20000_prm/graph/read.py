"""Read a graph file a user gives us, with one clear error instead of a parser traceback.

Hostile files are refused before any parser sees them: an RDF/XML file declaring entities
(the "billion laughs" expands a kilobyte into gigabytes), a gzip file that decompresses beyond
:func:`max_graph_bytes` (read in chunks, never whole), a JSON-LD file whose ``@context`` (or
``@import``) names a document to fetch (remote or ``file://``; allowed only with
``ISO20000_PRM_ALLOW_CONTEXT_FETCH=1``), and JSON nested too deeply to parse.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from iso20000_prm.errors import GraphInputError
from iso20000_prm.graph.formats import QUAD_PARSERS, format_for_path

# Decompressed size cap for .gz graph files; raise it with ISO20000_PRM_MAX_GRAPH_BYTES.
MAX_GRAPH_BYTES = 512 * 1024 * 1024
MAX_GRAPH_BYTES_ENV = "ISO20000_PRM_MAX_GRAPH_BYTES"
ALLOW_CONTEXT_FETCH_ENV = "ISO20000_PRM_ALLOW_CONTEXT_FETCH"
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
_XML_FORMATS = ("xml", "trix")
# a \u or \U escape of a UTF-16 surrogate (D800-DFFF): not a character, cannot be written out
_SURROGATE_ESCAPE = re.compile(rb"\\(?:u|U0000)[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")


def max_graph_bytes() -> int:
    """The decompressed size cap: ``ISO20000_PRM_MAX_GRAPH_BYTES`` if set, else 512 MiB."""
    value = os.environ.get(MAX_GRAPH_BYTES_ENV, "").strip()
    if not value:
        return MAX_GRAPH_BYTES
    if not value.isdigit() or int(value) <= 0 or len(value) > 18:
        raise GraphInputError(
            f"{MAX_GRAPH_BYTES_ENV}={value[:40]!r}: expected a whole number of bytes above 0"
        )
    return int(value)


def guess_format(path: Path | str) -> str:
    """rdflib format name for ``path`` by its suffix (``.gz`` is looked through)."""
    return format_for_path(path, ", or give the format explicitly").rdflib_name


def _gunzip(path: Path, cap: int) -> bytes:
    import gzip
    import zlib

    chunks, total = [], 0
    try:
        with gzip.open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                total += len(chunk)
                if total > cap:
                    raise GraphInputError(
                        f"{path}: decompresses to more than {cap} bytes; if the graph is really "
                        f"that large, raise the cap with {MAX_GRAPH_BYTES_ENV}=BYTES"
                    )
                chunks.append(chunk)
    except (OSError, EOFError, zlib.error) as exc:
        raise GraphInputError(f"{path}: not a valid gzip file ({exc})") from None
    return b"".join(chunks)


def _format_name(path: Path, fmt: str | None) -> str | None:
    if fmt:
        return fmt
    try:
        return format_for_path(path).rdflib_name
    except Exception:  # unknown suffix: the caller reports it
        return None


def _check_jsonld(path: Path, data: bytes) -> None:
    """Refuse JSON nested too deeply, and a context that would be fetched (unless allowed)."""
    import json

    try:
        document = json.loads(data)
    except RecursionError:
        raise GraphInputError(f"{path}: JSON nested too deeply to read") from None
    except (ValueError, UnicodeDecodeError) as exc:
        message = " ".join(str(exc).split())[:200]
        raise GraphInputError(f"{path}: not valid json-ld RDF: {message}") from None
    if os.environ.get(ALLOW_CONTEXT_FETCH_ENV) == "1":
        return
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("@context", "@import"):
                    for item in value if isinstance(value, list) else [value]:
                        if isinstance(item, str):
                            raise GraphInputError(
                                f"{path}: its JSON-LD {key} {item[:100]!r} would be fetched; "
                                "put the context inline, or allow fetching with "
                                f"{ALLOW_CONTEXT_FETCH_ENV}=1"
                            )
                stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)


def read_graph_bytes(path: Path | str, fmt: str | None = None) -> bytes:
    """The bytes of an RDF file, gunzipped; a clear error if it is missing, not gzip, or empty,
    or hostile (see the module's description).

    Shared by the rdflib reader below and the pyoxigraph query path, which must not import rdflib.
    """
    path = Path(path)
    if path.is_dir():
        raise GraphInputError(f"{path}: is a folder; expected a graph file")
    if path.exists() and not path.is_file():
        raise GraphInputError(f"{path}: is not a regular file; expected a graph file")
    if not path.is_file():
        raise GraphInputError(
            f"{path}: no such file; build the graph first (iso20000-prm build) or give a graph file"
        )
    try:
        if path.suffix.lower() == ".gz":
            data = _gunzip(path, max_graph_bytes())
        else:
            data = path.read_bytes()
    except OSError as exc:
        raise GraphInputError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    if not data.strip():
        raise GraphInputError(
            f"{path}: the file is empty; expected an RDF graph" + (f" in {fmt}" if fmt else "")
        )
    name = _format_name(path, fmt)
    if name in _XML_FORMATS or (name is None and data.lstrip().startswith(b"<")):
        if _ENTITY.search(data):
            raise GraphInputError(
                f"{path}: declares XML entities (<!ENTITY>), which can expand without bound; "
                "refused: write the values out instead"
            )
    if name == "json-ld":
        _check_jsonld(path, data)
    return data


def _refuse_surrogates(path: Path, graph) -> None:
    for triple in graph.triples((None, None, None)):
        for term in triple:
            if _SURROGATE.search(str(term)):
                shown = str(term).encode("utf-8", "backslashreplace").decode("ascii", "replace")
                raise GraphInputError(
                    f"{path}: {shown[:80]!r} holds a lone surrogate (an escape such as "
                    "\\uD800), which is not a character; fix the escape"
                )


def read_graph(path: Path | str, fmt: str | None = None):
    """Parse ``path`` into an rdflib Graph (a Dataset's graphs are merged for TriG/N-Quads)."""
    from rdflib import ConjunctiveGraph, Graph

    path = Path(path)
    if path.is_file():
        fmt = fmt or guess_format(path)
    data = read_graph_bytes(path, fmt)
    graph = ConjunctiveGraph() if fmt in QUAD_PARSERS else Graph()
    try:
        graph.parse(data=data, format=fmt)
    except Exception as exc:  # rdflib raises many types; the user needs one line
        message = " ".join(str(exc).split())[:300]
        raise GraphInputError(f"{path}: not valid {fmt} RDF: {message}") from None
    if _SURROGATE_ESCAPE.search(data):
        _refuse_surrogates(path, graph)
    if fmt in QUAD_PARSERS:
        merged = Graph()
        for triple in graph.triples((None, None, None)):
            merged.add(triple)
        graph = merged
    return graph


class ExactTriples:
    """The triples of a graph file exactly as written (no literal normalisation: ``"007"``
    stays ``"007"``, ``"1.50"`` stays ``"1.50"``), as N-Triples, read by pyoxigraph.

    Each distinct triple once (a store keeps a triple once); a dataset's graphs are merged into
    one. ``len()`` is their number, :meth:`serialize` their N-Triples bytes (the interface the
    store loader takes from an rdflib graph).
    """

    def __init__(self, lines: list[bytes]):
        self.lines = lines

    def __len__(self) -> int:
        return len(self.lines)

    def value_count(self) -> int:
        """How many triples a store that keeps literals by value holds (Oxigraph, Jena TDB:
        ``"007"`` and ``"7"`` as xsd:integer are one), counted by an in-memory Oxigraph."""
        import pyoxigraph as ox

        store = ox.Store()
        store.bulk_load(self.serialize(), format=ox.RdfFormat.N_TRIPLES)
        return len(store)

    def serialize(self, format: str = "nt", encoding: str = "utf-8") -> bytes:  # noqa: A002
        if format not in ("nt", "ntriples") or encoding.lower().replace("-", "") != "utf8":
            raise ValueError("ExactTriples serializes only to N-Triples in UTF-8")
        return b"".join(self.lines)


def read_exact(path: Path | str, fmt: str | None = None) -> ExactTriples:
    """The triples of the graph file ``path`` as the user wrote them (see :class:`ExactTriples`)."""
    import pyoxigraph as ox

    path = Path(path)
    rdf_format = format_for_path(path, ", or give the format explicitly")
    data = read_graph_bytes(path, fmt or rdf_format.rdflib_name)
    try:
        parsed = ox.parse(data, format=getattr(ox.RdfFormat, rdf_format.oxigraph_name))
        seen = set()
        for item in parsed:
            triple = item.triple if isinstance(item, ox.Quad) else item
            seen.add(f"{triple.subject} {triple.predicate} {triple.object} .\n")
    except (SyntaxError, ValueError, OSError) as exc:
        message = " ".join(str(exc).split())[:300]
        raise GraphInputError(f"{path}: not valid {rdf_format.name} RDF: {message}") from None
    try:
        lines = [line.encode("utf-8") for line in sorted(seen)]
    except UnicodeEncodeError:
        raise GraphInputError(f"{path}: holds a lone surrogate, which is not a character") from None
    if not lines:
        raise GraphInputError(f"{path}: holds no triples")
    return ExactTriples(lines)
