"""The release files the site publishes: ``release/<version>/`` and ``versions.json``.

For the version the graph states (``owl:versionInfo`` of the vocabulary), the folder
``release/<version>/`` holds the graph in every release format (:data:`graph.formats.FORMATS`),
its VoID/DCAT description, the mapping sets as SSSOM/TSV and OSCAL JSON, the SHACL shapes and
the saved queries. The vocabulary's ``owl:versionIRI`` (``vocab/<version>``) is a resource of the
site like any other: its page and RDF documents are written beside it and link to this folder.
``versions.json`` lists the releases the site holds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from iso20000_prm.vocab import BASE

STEM = "iso20000-prm"


@dataclass
class Download:
    path: str  # relative to the site root
    title: str
    media_type: str
    size: int
    note: str = ""


@dataclass
class Release:
    version: str
    date: str  # dcterms:modified of the vocabulary, else ""
    version_iri: str
    folder: str  # release/<version>/
    downloads: list[Download] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # what could not be exported, and why


def _version(graph) -> tuple[str, str, str]:
    from rdflib import URIRef
    from rdflib.namespace import DCTERMS, OWL

    from iso20000_prm import __version__
    from iso20000_prm.vocab import VOCAB_IRI

    vocab = URIRef(VOCAB_IRI)
    version = str(graph.value(vocab, OWL.versionInfo) or __version__)
    date = str(graph.value(vocab, DCTERMS.modified) or "")
    version_iri = str(graph.value(vocab, OWL.versionIRI) or "")
    return version, date, version_iri


def release_version(graph) -> tuple[str, str]:
    """(version, version IRI) of the release :func:`release_files` writes for ``graph``."""
    version, _, version_iri = _version(graph)
    return version, version_iri


def _safe(text: str) -> str:
    from iso20000_prm.site.model import safe_name

    return safe_name(text)


def release_files(graph) -> tuple[Release, dict[str, bytes]]:
    """The release folder's files for ``graph`` ({site path: bytes}) and what they are."""
    from rdflib import URIRef

    from iso20000_prm.errors import PRMError
    from iso20000_prm.files import queries_dir, shapes_dir
    from iso20000_prm.graph.formats import FORMATS, canonical, file_name, render, serialize
    from iso20000_prm.release.description import Distribution, describe
    from iso20000_prm.vocab import SETREL_NS

    version, date, version_iri = _version(graph)
    folder = f"release/{_safe(version)}/"
    release = Release(version, date, version_iri, folder)
    files: dict[str, bytes] = {}

    def add(name: str, data: bytes, title: str, media_type: str, note: str = "") -> None:
        files[folder + name] = data
        release.downloads.append(Download(folder + name, title, media_type, len(data), note))

    g = canonical(graph)
    dists = []
    for fmt in FORMATS.values():
        data = render(graph if fmt.name == "turtle" else g, fmt)
        name = file_name(STEM, fmt)
        add(name, data, f"The graph ({fmt.name})", fmt.media_type)
        dists.append(Distribution(name, fmt.media_type, len(data)))
    void = serialize(describe(graph, "full", dists, BASE + folder))
    add(f"{STEM}.void.ttl", void, "VoID/DCAT description of the files", "text/turtle")

    # the mapping sets the graph holds: exported from the shipped definitions when they agree
    # with the graph (same set IRI, same number of records); otherwise left out, and said so
    in_set = URIRef(SETREL_NS + "inMappingSet")
    counts: dict[str, int] = {}
    for s in graph.subjects(in_set, None):
        for mset in graph.objects(s, in_set):
            counts[str(mset)] = counts.get(str(mset), 0) + 1
    if counts:
        from iso20000_prm.mappings import mapping_sets
        from iso20000_prm.mappings.oscal import to_oscal_json
        from iso20000_prm.mappings.sssom import to_sssom_tsv

        for name, mset in mapping_sets().items():
            if counts.get(mset.iri) != len(mset.mappings):
                if mset.iri in counts:
                    release.skipped.append(
                        f"mapping set {name}: the graph's records differ from the shipped set"
                    )
                continue
            add(
                f"mappings/{_safe(name)}.sssom.tsv",
                to_sssom_tsv(mset),
                f"Mapping set {name} ({mset.title}) as SSSOM/TSV",
                "text/tab-separated-values",
            )
            try:
                oscal = to_oscal_json(mset)
            except PRMError as exc:
                release.skipped.append(f"mapping set {name} as OSCAL: {exc}")
                continue
            add(
                f"mappings/{_safe(name)}.oscal.json",
                oscal,
                f"Mapping set {name} as an OSCAL mapping",
                "application/json",
            )
    for path in sorted(shapes_dir().glob("*.ttl")):
        add(f"shapes/{path.name}", path.read_bytes(), f"SHACL shapes {path.name}", "text/turtle")
    for path in sorted(queries_dir().glob("*.rq")):
        add(
            f"queries/{path.name}",
            path.read_bytes(),
            f"Saved query {path.stem}",
            "application/sparql-query",
        )
    return release, files


def versions_json(release: Release) -> bytes:
    """``versions.json``: the releases the site holds, newest first."""
    entry = {
        "version": release.version,
        "date": release.date,
        "versionIRI": release.version_iri,
        "folder": release.folder,
        "files": [
            {"path": d.path, "mediaType": d.media_type, "bytes": d.size} for d in release.downloads
        ],
    }
    data = {"latest": release.version, "releases": [entry]}
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
