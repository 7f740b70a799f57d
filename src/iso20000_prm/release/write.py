"""Write a release: one graph in several formats for one profile, checked, with its description.

Before anything is written the graph must pass the vocabulary check (every term defined) and,
for the open profile, the prose check (no TR prose in any literal). Every artefact is rendered
from the same in-memory graph, so all of them hold the same triples.
"""

from __future__ import annotations

from pathlib import Path

STEM = "iso20000-prm"


class CheckFailed(Exception):
    """A release check found problems; ``problems`` lists them, one line each."""

    def __init__(self, what: str, problems: list):
        self.problems = [str(p) for p in problems]
        super().__init__(f"{what}: {len(self.problems)} problem(s)")


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


def write_release(
    graph,
    profile: str,
    formats,
    out_dir: Path | str,
    compress: bool = False,
    download_base: str | None = None,
    tables=None,
) -> list[Path]:
    """Write ``graph`` (the full graph) for ``profile`` in ``formats`` into ``out_dir``, plus
    ``<stem>.void.ttl``; returns the paths written. Nothing is written if a check fails."""
    from iso20000_prm.files import write_atomic
    from iso20000_prm.graph.formats import canonical, file_name, render, serialize
    from iso20000_prm.release.description import Distribution, describe
    from iso20000_prm.release.profiles import apply_profile

    out_dir = Path(out_dir)
    g = apply_profile(graph, profile)
    check_release(g, profile, tables)
    stem = stem_for(profile)
    canonical_graph = canonical(g) if any(f.name != "turtle" for f in formats) else g
    # Turtle from the graph itself, as the default build writes it; the rest share one canonicalisation
    rendered = [
        (
            file_name(stem, f, compress),
            f,
            render(g if f.name == "turtle" else canonical_graph, f, compress),
        )
        for f in formats
    ]
    paths, dists = [], []
    for name, fmt, data in rendered:
        paths.append(write_atomic(out_dir / name, data))
        dists.append(Distribution(name, fmt.media_type, len(data), gzipped=name.endswith(".gz")))
    description = describe(g, profile, dists, download_base)
    paths.append(write_atomic(out_dir / f"{stem}.void.ttl", serialize(description)))
    return paths


def run_release(args, graph, tables) -> int:
    """The release branch of ``iso20000-prm build`` (formats, profile, gzip, output folder)."""
    import sys

    from iso20000_prm.errors import PRMError
    from iso20000_prm.graph.formats import parse_formats

    if args.output is not None:
        raise PRMError(
            "--output writes one Turtle file; with --format, --gzip or --download-base use --output-dir"
        )
    formats = parse_formats(args.format)
    out_dir = args.output_dir or Path("build")
    paths = write_release(
        graph, args.profile, formats, out_dir, args.gzip, args.download_base, tables
    )
    for path in paths:
        print(f"wrote {path}", file=sys.stderr)
    return 0
