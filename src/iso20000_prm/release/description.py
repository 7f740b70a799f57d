"""The VoID + DCAT description of a release, computed from the graph, never written by hand.

Title, licence and version come from the ontology header inside the graph; counts, classes,
properties and vocabularies from the triples themselves; distributions (file, media type, size,
compression) from the artefacts the build just wrote. Partitions and distributions get
fragment IRIs under the dataset IRI rather than blank nodes, so the Turtle is byte-stable.
"""

from __future__ import annotations

from dataclasses import dataclass

from iso20000_prm.vocab import DATASET_BASE, MEDIA_TYPES, PREFIXES, VOCAB_IRI


@dataclass(frozen=True)
class Distribution:
    """One artefact of a build, as the description lists it."""

    file_name: str
    media_type: str
    byte_size: int
    gzipped: bool = False


def dataset_iri(profile: str) -> str:
    return DATASET_BASE + profile


def _slug(iri: str, prefixes: dict[str, str]) -> str:
    import hashlib

    for prefix, namespace in sorted(prefixes.items(), key=lambda kv: -len(kv[1])):
        if (
            iri.startswith(namespace)
            and iri[len(namespace) :].replace("-", "").replace("_", "").isalnum()
        ):
            return f"{prefix}-{iri[len(namespace) :]}"
    return "iri-" + hashlib.sha256(iri.encode("utf-8")).hexdigest()[:12]


def describe(
    graph, profile: str, distributions: list[Distribution] = (), download_base: str | None = None
):
    """An rdflib Graph describing ``graph`` (the release of ``profile``) and its files."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, RDFS, VOID, XSD

    from iso20000_prm import __version__
    from iso20000_prm.release.profiles import PROFILE_DESCRIPTION, check_profile
    from iso20000_prm.vocab import DATA, PRM, PROFILE_IRI, TR_ID

    check_profile(profile)
    out = Graph()
    for prefix, namespace in PREFIXES.items():
        out.bind(prefix, namespace, override=True, replace=True)
    out.bind("void", VOID)
    out.bind("dcat", DCAT)
    prefixes = {p: str(n) for p, n in out.namespaces() if p}

    ds = URIRef(dataset_iri(profile))
    vocab = URIRef(VOCAB_IRI)
    licence = graph.value(vocab, DCTERMS.license)
    version = graph.value(vocab, OWL.versionInfo) or Literal(__version__)
    profile_iri = URIRef(PROFILE_IRI + profile)

    out.add((ds, RDF.type, VOID.Dataset))
    out.add((ds, RDF.type, DCAT.Dataset))
    tr = DATA[TR_ID]
    name = " ".join(
        str(v)
        for v in (graph.value(tr, DCTERMS.identifier), graph.value(tr, DCTERMS.title))
        if v is not None
    )
    out.add(
        (
            ds,
            DCTERMS.title,
            Literal(
                f"Knowledge graph of {name or 'ISO/IEC TR 20000-4'} ({profile} profile)", lang="en"
            ),
        )
    )
    out.add((ds, DCTERMS.description, Literal(PROFILE_DESCRIPTION[profile], lang="en")))
    if licence is not None:
        out.add((ds, DCTERMS.license, licence))
    if profile == "full":
        out.add(
            (
                ds,
                DCTERMS.rights,
                Literal(
                    "The quoted text of ISO/IEC TR 20000-4:2010 remains under ISO/IEC copyright.",
                    lang="en",
                ),
            )
        )
    out.add((ds, OWL.versionInfo, Literal(str(version))))
    out.add((ds, DCTERMS.source, DATA[TR_ID]))
    out.add((ds, DCTERMS.conformsTo, profile_iri))
    out.add((profile_iri, RDF.type, DCTERMS.Standard))
    out.add((profile_iri, RDFS.label, Literal(f"{profile} release profile", lang="en")))
    out.add((profile_iri, DCTERMS.description, Literal(PROFILE_DESCRIPTION[profile], lang="en")))

    # counts, straight from the triples (one pass, shared with the vocabulary check)
    from iso20000_prm.release.stats import graph_stats

    stats = graph_stats(graph)
    predicates, classes = stats.predicates, stats.classes
    out.add((ds, VOID.triples, Literal(stats.triples, datatype=XSD.integer)))
    out.add((ds, VOID.entities, Literal(stats.entities, datatype=XSD.integer)))
    out.add((ds, VOID.distinctSubjects, Literal(stats.subjects, datatype=XSD.integer)))
    out.add((ds, VOID.distinctObjects, Literal(stats.objects, datatype=XSD.integer)))
    out.add((ds, VOID.properties, Literal(len(predicates), datatype=XSD.integer)))
    out.add((ds, VOID.classes, Literal(len(classes), datatype=XSD.integer)))
    out.add((ds, VOID.uriSpace, Literal(str(DATA))))
    process = next(iter(sorted(graph.subjects(RDF.type, PRM.Process))), None)
    if process is not None:
        out.add((ds, VOID.exampleResource, process))

    for cls, n in sorted(classes.items()):
        part = URIRef(f"{ds}#class-{_slug(str(cls), prefixes)}")
        out.add((ds, VOID.classPartition, part))
        out.add((part, VOID["class"], cls))
        out.add((part, VOID.entities, Literal(n, datatype=XSD.integer)))
    for prop, n in sorted(predicates.items()):
        part = URIRef(f"{ds}#property-{_slug(str(prop), prefixes)}")
        out.add((ds, VOID.propertyPartition, part))
        out.add((part, VOID.property, prop))
        out.add((part, VOID.triples, Literal(n, datatype=XSD.integer)))

    namespaces = {str(n) for n in PREFIXES.values()} - {str(DATA)}
    for term in set(predicates) | set(classes):
        ns = max((n for n in namespaces if str(term).startswith(n)), key=len, default=None)
        if ns is not None:
            out.add((ds, VOID.vocabulary, URIRef(ns)))

    for d in sorted(distributions, key=lambda d: d.file_name):
        dist = URIRef(f"{ds}#distribution-{d.file_name}")
        out.add((ds, DCAT.distribution, dist))
        out.add((dist, RDF.type, DCAT.Distribution))
        out.add((dist, DCTERMS.title, Literal(d.file_name)))
        out.add((dist, DCAT.mediaType, URIRef(MEDIA_TYPES + d.media_type)))
        out.add((dist, DCAT.byteSize, Literal(d.byte_size, datatype=XSD.nonNegativeInteger)))
        out.add((dist, DCTERMS.conformsTo, profile_iri))
        if d.gzipped:
            out.add((dist, DCAT.compressFormat, URIRef(MEDIA_TYPES + "application/gzip")))
        if download_base:
            url = URIRef(download_base.rstrip("/") + "/" + d.file_name)
            out.add((dist, DCAT.downloadURL, url))
            out.add((ds, VOID.dataDump, url))
    return out
