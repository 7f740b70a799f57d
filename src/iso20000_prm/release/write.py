"""Release the graph: one profile, checked, written as one Turtle file or in several formats.

Before anything is written (or loaded into a store) the graph must pass the vocabulary check
(every term defined) and, for the open profile, the prose check (no TR prose in any literal).
:func:`release_graph` is that step, shared by ``build`` and ``load``; :func:`write_graph` (the
default build: one Turtle file) and :func:`write_release` (several formats and the VoID/DCAT
description) write its result. Every artefact is rendered from the same in-memory graph, so all
of them hold the same triples.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from iso20000_prm.files import DEFAULT_OUTPUT
from iso20000_prm.gc_tuning import fewer_full_collections

STEM = "iso20000-prm"
DEFAULT_RELEASE_DIR = DEFAULT_OUTPUT.parent


class CheckFailed(Exception):
    """A release check found problems; ``problems`` lists them, one line each."""

    def __init__(self, what: str, problems: list):
        self.problems = [str(p) for p in problems]
        super().__init__(f"{what}: {len(self.problems)} problem(s)")


@dataclass(frozen=True)
class Written:
    """What a release wrote: the files, the number of triples released, and the full graph the
    release was made from (the one to validate: the open profile lacks prose the shapes require)."""

    paths: list[Path]
    triples: int
    graph: object
    report: object = None  # the ValidationReport of ``graph``, when asked for (``validate=True``)


def stem_for(profile: str) -> str:
    return STEM if profile == "full" else f"{STEM}-{profile}"


def check_release(graph, profile: str, tables=None) -> None:
    """Raise :class:`CheckFailed` if ``graph`` uses undefined terms or, when open, holds TR prose."""
    from iso20000_prm.release.profiles import prose_leaks
    from iso20000_prm.release.vocab_check import undefined_terms

    problems = undefined_terms(graph)
    if problems:
        raise CheckFailed("vocabulary check", problems)
    if profile == "open":
        leaks = prose_leaks(graph, tables)
        if leaks:
            raise CheckFailed("open-profile prose check", leaks)


def _full_graph(source, tables):
    """(full graph, tables) for ``source``: an rdflib Graph as it is, else tables to build from
    (a Tables, a folder, or None for the shipped tables), read once."""
    from rdflib import Graph

    from iso20000_prm.tables.read import Tables, load_tables

    if isinstance(source, Graph):
        return source, tables
    from iso20000_prm.graph.build import build_graph

    tables = source if isinstance(source, Tables) else load_tables(source)
    return build_graph(tables), tables


def _released(source, profile: str, tables):
    """(full graph, graph released for ``profile``), checked."""
    from iso20000_prm.release.profiles import apply_profile, check_profile

    check_profile(profile)
    graph, tables = _full_graph(source, tables)
    released = apply_profile(graph, profile)
    check_release(released, profile, tables)
    return graph, released


@fewer_full_collections()
def release_graph(source=None, profile: str = "full", tables=None):
    """The graph as released for ``profile``, after the release checks (:class:`CheckFailed`).

    ``source``: the full graph (rdflib), or the source tables to build it from (a Tables, a
    folder, or None for the shipped tables). ``tables``: for a given graph, the tables whose
    prose the open profile's check looks for (default: the shipped tables).
    """
    return _released(source, profile, tables)[1]


class _Validation:
    """:func:`~iso20000_prm.validation.validate` of the full graph on a second thread, while
    the release is written: Oxigraph loads and queries without holding the GIL, so on two
    cores the validation costs little more than its Python part. Started once the graph
    passed the release checks, from its N-Triples (which the release writes anyway)."""

    def __init__(self, graph):
        import threading

        from iso20000_prm.graph.formats import _is_canonical, to_ntriples

        if _is_canonical(graph):
            to_ntriples(graph)  # computed here once, shared with the release's N-Triples
        self.graph, self.report, self.error = graph, None, None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        from iso20000_prm.validation import validate

        try:
            self.report = validate(self.graph)
        except BaseException as exc:  # given to the caller's thread by result()
            self.error = exc

    def result(self):
        self.thread.join()
        if self.error is not None:
            raise self.error
        return self.report


@fewer_full_collections()
def write_graph(
    source=None,
    path: Path | str = DEFAULT_OUTPUT,
    profile: str = "full",
    tables=None,
    validate: bool = False,
) -> Written:
    """The default build: :func:`release_graph` written as one Turtle file at ``path``.

    Nothing is written if a check fails. ``source`` and ``tables`` as for :func:`release_graph`.
    ``validate``: also validate the full graph (in ``Written.report``), alongside the writing.
    """
    from iso20000_prm.files import write_atomic
    from iso20000_prm.graph.formats import serialize

    graph, released = _released(source, profile, tables)
    validation = _Validation(graph) if validate else None
    paths = [write_atomic(path, serialize(released))]
    report = validation.result() if validation is not None else None
    return Written(paths, len(released), graph, report)


@fewer_full_collections()
def write_release(
    source=None,
    profile: str = "full",
    formats=("turtle",),
    out_dir: Path | str | None = None,
    compress: bool = False,
    download_base: str | None = None,
    tables=None,
    validate: bool = False,
) -> Written:
    """The graph released for ``profile`` in ``formats`` (names such as ``"nt"`` or ``"all"``,
    or :class:`~iso20000_prm.graph.formats.Format`) in ``out_dir`` (default: ``build``), plus
    ``<stem>.void.ttl`` describing them. ``compress`` gzips the line-based formats;
    ``download_base`` is the URL the files will be published under. Nothing is written if a
    check fails. ``source`` and ``tables`` as for :func:`release_graph`. ``validate``: also
    validate the full graph (in ``Written.report``), alongside the writing.
    """
    from iso20000_prm.files import staged_tree
    from iso20000_prm.graph.formats import (
        canonical,
        file_name,
        forget_renderings,
        parse_formats,
        render,
        serialize,
    )
    from iso20000_prm.release.description import Distribution, describe

    _check_download_base(download_base)
    if isinstance(formats, str) or not all(hasattr(f, "media_type") for f in formats):
        formats = parse_formats([formats] if isinstance(formats, str) else list(formats))
    formats = list(dict.fromkeys(formats))  # each format once, in the order given
    out_dir = Path(out_dir) if out_dir is not None else DEFAULT_RELEASE_DIR
    graph, g = _released(source, profile, tables)
    stem = stem_for(profile)
    canonical_graph = canonical(g) if any(f.name != "turtle" for f in formats) else g
    validation = _Validation(graph) if validate else None
    names, dists = [], []
    # all files or none; a previous release of this profile (but the default build's Turtle file)
    # that this one does not make again is removed, the rest of the folder is kept. Each format
    # goes to the stage as soon as it is rendered and its bytes are dropped: one format in memory
    # at a time, not all of them.
    with staged_tree(out_dir, owned=lambda rel: _previous_release(rel, stem)) as stage:
        # Turtle from the graph itself, as the default build writes it; the rest share one
        # canonicalisation (in this order: TriG reuses Turtle's statements, N-Quads the
        # N-Triples bytes)
        for f in formats:
            name = file_name(stem, f, compress)
            data = render(g if f.name == "turtle" else canonical_graph, f, compress)
            stage.write(name, data)
            dists.append(Distribution(name, f.media_type, len(data), gzipped=name.endswith(".gz")))
            names.append(name)
            del data
        for rendered_from in {id(g): g, id(canonical_graph): canonical_graph}.values():
            forget_renderings(rendered_from)
        # the description last: it gives every file's size
        description = describe(g, profile, dists, download_base)
        names.append(f"{stem}.void.ttl")
        stage.write(names[-1], serialize(description))
    report = validation.result() if validation is not None else None
    return Written([out_dir / name for name in names], len(g), graph, report)


def _previous_release(rel: str, stem: str) -> bool:
    return "/" not in rel and rel.startswith(f"{stem}.") and rel != f"{stem}.ttl"


def _check_download_base(url: str | None) -> None:
    """The download base becomes IRIs in the VoID: refuse what no IRI can hold, before building."""
    import re

    from iso20000_prm.errors import PRMError

    if url is not None and not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.\-]*://[^\s<>\"{}|\\^`]+", url):
        raise PRMError(
            f"download base {url!r}: not an absolute URL (scheme://host/path, no spaces or "
            '<>"{}|\\^` characters)'
        )
