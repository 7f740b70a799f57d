"""The faster release writers give rdflib's bytes: Turtle and TriG with remembered prefixed
names (``fast_turtle``), and the canonical copy that relabels only the triples with blank nodes.

The reference is always rdflib itself, called directly (``Graph.serialize``, a ``Dataset``
holding the named graph, ``rdflib.compare.to_canonical_graph`` on the whole graph), never the
code under test; the graphs include awkward cases for prefixed names and blank nodes.
"""

from __future__ import annotations

import pytest
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import RDFS

from iso20000_prm.graph import formats, jsonld_writer
from iso20000_prm.graph import turtle_writer as fast_turtle
from iso20000_prm.graph.formats import serialize

EX = Namespace("http://example.org/a/")
EY = Namespace("http://example.org/b#")  # never bound: rdflib invents ns1 for its predicates


@pytest.fixture(scope="module")
def shipped(shipped_graph):
    return shipped_graph


def _copy(graph) -> Graph:
    out = Graph()
    for prefix, namespace in graph.namespaces():
        out.bind(prefix, namespace, override=True, replace=True)
    for triple in graph:
        out.add(triple)
    return out


def awkward(shipped) -> Graph:
    """The shipped graph plus IRIs that test the prefixed-name rules, and blank nodes in the data."""
    g = _copy(shipped)
    g.bind("_x", "http://example.org/under/")  # Turtle rewrites prefixes starting with "_"
    subjects = sorted(set(shipped.subjects(RDFS.label, None)))[:20]
    for i, subject in enumerate(subjects):
        g.add((EY[f"s{i}"], RDFS.seeAlso, EX[f"x{i}."]))  # a local name ending in "." stays an IRI
        g.add(
            (EX[f"s{i}"], EY[f"p{i % 3}"], EX[f"o{i}"])
        )  # subject first seen before its predicate's prefix exists
        g.add((URIRef(f"http://example.org/under/t{i}"), EX.q, Literal(i)))
        b = BNode()  # blank nodes hanging off data IRIs, alike but for their neighbour
        g.add((subject, RDFS.seeAlso, b))
        g.add((b, RDFS.label, Literal("same")))
        if i % 4 == 0:
            c = BNode()
            g.add((b, RDFS.seeAlso, c))
            g.add((c, RDFS.seeAlso, b))
    return g


@pytest.mark.parametrize("case", ["shipped", "awkward"])
def test_turtle_is_rdflibs(shipped, case):
    graph = shipped if case == "shipped" else awkward(shipped)
    expected = _copy(graph).serialize(format="turtle", encoding="utf-8")
    assert fast_turtle.turtle(_copy(graph)) == expected
    assert serialize(_copy(graph)) == expected
    assert formats.to_turtle(_copy(graph)) == expected


@pytest.mark.parametrize("case", ["shipped", "awkward"])
def test_canonical_copy_labels_blank_nodes_as_rdflib_does_on_the_whole_graph(shipped, case):
    graph = shipped if case == "shipped" else awkward(shipped)
    expected = set(to_canonical_graph(graph))
    copy = formats.canonical(graph)
    assert set(copy) == expected
    assert str(copy.identifier) == formats.GRAPH_IRI
    assert dict(copy.namespaces()) == dict(graph.namespaces())
    assert formats.canonical(copy) is copy


@pytest.mark.parametrize("case", ["shipped", "awkward"])
def test_trig_is_rdflibs_for_the_named_graph_in_a_dataset(shipped, case):
    graph = shipped if case == "shipped" else awkward(shipped)
    dataset = Dataset()
    for prefix, namespace in graph.namespaces():
        dataset.bind(prefix, namespace, override=True, replace=True)
    named = dataset.graph(URIRef(formats.GRAPH_IRI))
    for triple in to_canonical_graph(graph):
        named.add(triple)
    assert formats.to_trig(graph) == dataset.serialize(format="trig", encoding="utf-8")
    # another graph name: the writer copies the graph under that name
    other = "https://example.org/another-graph"
    dataset = Dataset()
    for prefix, namespace in graph.namespaces():
        dataset.bind(prefix, namespace, override=True, replace=True)
    named = dataset.graph(URIRef(other))
    for triple in to_canonical_graph(graph):
        named.add(triple)
    assert formats.to_trig(graph, other) == dataset.serialize(format="trig", encoding="utf-8")


def test_ntriples_and_nquads_share_the_sorted_lines(shipped):
    graph = awkward(shipped)
    expected = sorted(
        line
        for line in Graph()
        .__iadd__(to_canonical_graph(graph))
        .serialize(format="nt", encoding="utf-8")
        .decode()
        .splitlines()
        if line
    )
    copy = formats.canonical(graph)
    assert formats.to_ntriples(copy).decode().splitlines() == expected
    suffix = f" <{formats.GRAPH_IRI}> ."
    assert formats.to_nquads(copy).decode().splitlines() == sorted(
        line[:-2] + suffix for line in expected
    )


@pytest.mark.parametrize(
    "value", ['a\nb\\"', 'a\nb"', 'a\nb\\\\"', 'a\n"""', 'a\nb\\\\\\"', "a\nb\\"]
)
def test_multiline_literal_ending_in_a_quote_parses_back(value):
    """rdflib wrote ``\\""" "`` for a multi-line value ending in a backslash and a quote." ""
    import pyoxigraph as ox
    from rdflib import Graph, Literal, URIRef

    from iso20000_prm.graph.turtle_writer import trig, turtle

    g = Graph(identifier=URIRef("http://example.org/g"))
    for lang in (None, "en"):
        g.add(
            (
                URIRef("http://example.org/s"),
                URIRef(f"http://example.org/{lang}"),
                Literal(value, lang=lang),
            )
        )
    for data, fmt in ((turtle(g), ox.RdfFormat.TURTLE), (trig(g), ox.RdfFormat.TRIG)):
        values = sorted(q.object.value for q in ox.parse(data, format=fmt))
        assert values == [value, value]


# ---------------------------------------------------------------- namespace look-up


def _with_rdflibs_lookup(monkeypatch, make):
    """Turtle and TriG of a fresh graph from ``make()`` with rdflib's own trie search."""
    import rdflib.namespace as ns

    from iso20000_prm.graph import namespace_lookup

    namespace_lookup.install()
    with monkeypatch.context() as m:
        original_longest, original_insert = namespace_lookup._state["original"]
        m.setattr(ns, "get_longest_namespace", original_longest)
        m.setattr(ns, "insert_trie", original_insert)
        graph = make()
        return graph.serialize(format="turtle", encoding="utf-8"), formats.to_trig(make())


def _awkward_namespaces() -> Graph:
    g = Graph()
    g.bind("a", "http://example.org/n/")
    g.bind("ab", "http://example.org/n/ab")  # longer, extends into local names
    g.bind("nosplit", "http://example.org/n/7/1")  # an IRI that cannot be split
    for i in range(40):  # a trie level larger than SMALL
        g.add((URIRef(f"http://example.org/n/p{i}/x"), RDFS.label, Literal(str(i))))
        g.add(
            (
                URIRef(f"http://example.org/n/abc{i}"),
                RDFS.seeAlso,
                URIRef("http://example.org/n/7/1"),
            )
        )
        g.add(
            (
                URIRef(f"http://example.org/m/q{i}-{i}"),
                EY[f"r{i}"],
                URIRef(f"http://example.org/n/ab{i}"),
            )
        )
    return g


@pytest.mark.parametrize("case", ["shipped", "synthetic", "awkward"])
def test_namespace_lookup_gives_rdflibs_bytes(monkeypatch, shipped, case):
    from iso20000_prm.graph.build import build_graph
    from iso20000_prm.tables.synthetic import synthesize

    if case == "shipped":
        make = lambda: _copy(shipped)  # noqa: E731
    elif case == "synthetic":
        tables = synthesize(2)
        make = lambda: build_graph(tables)  # noqa: E731
    else:
        make = _awkward_namespaces
    reference = _with_rdflibs_lookup(monkeypatch, make)
    from iso20000_prm.graph import namespace_lookup

    namespace_lookup.install()
    ours = (serialize(make()), formats.to_trig(make()))
    assert ours == reference


def test_built_graph_is_canonical_in_place_and_a_change_is_relabelled_again(shipped):
    from rdflib.compare import to_canonical_graph

    from iso20000_prm.graph.build import build_graph
    from iso20000_prm.vocab import GRAPH_IRI

    built = build_graph()
    assert str(built.identifier) == GRAPH_IRI
    assert formats.canonical(built) is built  # no copy for the release
    # the labels are rdflib's canonical ones for the whole graph
    assert set(built) == set(to_canonical_graph(_copy(shipped)))
    built.add((BNode(), RDFS.label, Literal("added")))
    assert formats.canonical(built) is not built


def test_namespace_insert_builds_rdflibs_trie():
    """The faster ``insert_trie`` leaves the same trie, key order included, as rdflib's loop,
    whatever order namespaces arrive in (longer ones first, shorter ones moving them under)."""
    import random

    from iso20000_prm.graph import namespace_lookup

    namespace_lookup.install()
    ours = __import__("rdflib.namespace", fromlist=["insert_trie"]).insert_trie
    _longest, original = namespace_lookup._state["original"]
    base = "http://example.org/"
    values = [f"{base}id/outcome/5.{i}/" for i in range(30)]
    values += [f"{base}id/", f"{base}id/outcome/", f"{base}id/outcome/5.1", base, f"{base}i"]
    values += [f"{base}id/process/{i}#" for i in range(25)]

    def as_lists(trie):
        return [(key, as_lists(sub)) for key, sub in trie.items()]

    for seed in range(20):
        order = values[:]
        random.Random(seed).shuffle(order)
        expected, got = {}, {}
        for value in order:
            original(expected, value)
            ours(got, value)
        assert as_lists(got) == as_lists(expected)


# ---------------------------------------------------------------- writers over the subject index


def test_turtle_then_trig_of_one_graph_are_rdflibs_with_multiline_text_and_shared_stores(shipped):
    """Turtle and TriG are written from one index of the triples, TriG re-indenting Turtle's
    statements; the reference is rdflib's serializers on a separate copy. Cases: multi-line
    literals (never re-indented), a graph whose store holds another graph too (the store's own
    index is not used), and a graph with triples removed (emptied index entries skipped)."""
    from rdflib.plugins.serializers.trig import TrigSerializer
    from rdflib.plugins.serializers.turtle import TurtleSerializer

    def rdflibs(graph, serializer):
        import io

        stream = io.BytesIO()
        serializer(graph).serialize(stream, encoding="utf-8")
        return stream.getvalue()

    graph = awkward(shipped)
    subjects = sorted(set(shipped.subjects(RDFS.label, None)))[:30]
    for i, subject in enumerate(subjects):
        graph.add(
            (subject, RDFS.comment, Literal(f"line one {i}\nline two\n  indented", lang="en"))
        )
        graph.add((subject, EX.note, Literal(f"x{i}\n")))
    for triple in list(graph.triples((subjects[0], None, None)))[:3]:
        graph.remove(triple)
    ds = Dataset()
    named = ds.graph(URIRef("http://example.org/g1"))
    other = ds.graph(URIRef("http://example.org/g2"))
    for prefix, namespace in graph.namespaces():
        ds.bind(prefix, namespace, override=True, replace=True)
    for triple in graph:
        named.add(triple)
    other.add((EX.only, RDFS.label, Literal("in the other graph")))

    def named_copy():
        out = Graph(identifier=URIRef(formats.GRAPH_IRI))
        out += _copy(graph)
        for prefix, namespace in graph.namespaces():
            out.bind(prefix, namespace, override=True, replace=True)
        return out

    for case in (named_copy(), named):
        reference = case if case is named else named_copy()
        expected = (rdflibs(reference, TurtleSerializer), rdflibs(reference, TrigSerializer))
        assert (fast_turtle.turtle(case), fast_turtle.trig(case)) == expected
    plain = Graph(identifier=URIRef(formats.GRAPH_IRI))
    assert fast_turtle.trig(plain) == rdflibs(plain, TrigSerializer)  # empty graph


def _rdflib_jsonld(graph, context) -> bytes:
    """The JSON-LD release recipe spelled out with rdflib's own ``Graph.serialize``: the
    canonical copy serialized with ``context``, parsed, every set-valued array and the node list
    sorted, and dumped with ``json.dumps(indent=2, sort_keys=True)``."""
    import json

    canonical = Graph(identifier=URIRef(formats.GRAPH_IRI))
    for prefix, namespace in graph.namespaces():
        canonical.bind(prefix, namespace, override=True, replace=True)
    canonical += to_canonical_graph(graph)
    data = json.loads(canonical.serialize(format="json-ld", context=context, auto_compact=False))
    if isinstance(data, dict) and "@graph" in data:
        nodes = data["@graph"]
    else:
        nodes = data if isinstance(data, list) else [data]
        nodes = [{k: v for k, v in n.items() if k != "@context"} for n in nodes]

    def dump(v):
        return json.dumps(v, sort_keys=True, ensure_ascii=False)

    def tidy(v):
        if isinstance(v, dict):
            return {k: (x if k == "@list" else tidy(x)) for k, x in v.items()}
        if isinstance(v, list):
            return sorted((tidy(x) for x in v), key=dump)
        return v

    nodes = sorted((tidy(n) for n in nodes), key=lambda n: (str(n.get("@id", "")), dump(n)))
    expected = json.dumps(
        {"@context": context, "@graph": nodes}, indent=2, sort_keys=True, ensure_ascii=False
    )
    return (expected + "\n").encode("utf-8")


@pytest.mark.parametrize("case", ["shipped", "awkward"])
def test_jsonld_is_rdflibs_converter_output_sorted(shipped, case):
    """The JSON-LD written from the subject index is rdflib's own ``Graph.serialize`` output
    (with the published context), parsed, every set-valued array and the node list sorted, and
    dumped with ``json.dumps(indent=2, sort_keys=True)``: the recipe spelled out here."""
    graph = shipped if case == "shipped" else awkward(shipped)
    expected = _rdflib_jsonld(graph, formats.load_context())
    assert formats.to_jsonld(_copy(graph)) == expected


PRM = Namespace("https://w3id.org/iso20000-prm/vocab#")
PRMD = Namespace("https://w3id.org/iso20000-prm/id/")
XSD_ = Namespace("http://www.w3.org/2001/XMLSchema#")


def _jsonld_edges() -> tuple[Graph, list]:
    """IRI subjects with only IRI and literal objects (the ones written directly), each an edge
    of the converter's rules, and the subjects that hold them; plus lists and blank nodes that
    rdflib's converter keeps."""
    from rdflib.collection import Collection
    from rdflib.namespace import OWL, RDF, SKOS

    g = Graph()
    typed = PRMD["typed"]
    for value in (
        Literal(7),
        Literal(True),
        Literal(1.5),
        Literal("1e0", datatype=XSD_.double),
        Literal("text", datatype=XSD_.string),
        Literal("2.50", datatype=XSD_.decimal),
        Literal("2024-01-31", datatype=XSD_.date),
        Literal("3", datatype=XSD_.positiveInteger),
        Literal("x", datatype=URIRef("http://example.org/dt#custom")),
        Literal("x", datatype=URIRef("urn:no-prefix-datatype")),
    ):
        g.add((typed, PRM.notation, value))  # several values, several datatypes, one term
    g.add((typed, SKOS.notation, Literal("007", datatype=XSD_.integer)))  # non-canonical int
    g.add((typed, PRM.tocPage, Literal(False)))  # one falsy native value
    g.add((typed, PRM.position, Literal(0)))
    g.add((typed, PRM.heading, Literal("")))  # one empty string
    langs = PRMD["langs"]
    for value in (
        Literal("Wert", lang="de"),
        Literal("valeur", lang="fr"),
        Literal("value", lang="en"),
        Literal("colour", lang="en-GB"),
        Literal("plain"),
        Literal('q"uote\\ and\nnew line \u2028 é ☃'),
    ):
        g.add((langs, RDFS.label, value))
    g.add((langs, PRM.verbatimText, Literal("nur deutsch", lang="de")))  # one value, not en
    types = PRMD["types"]
    for cls in (PRM.Process, OWL.NamedIndividual, EX.Unprefixed, URIRef("urn:x:type")):
        g.add((types, RDF.type, cls))  # several rdf:types: terms, prefixed names, full IRIs
    g.add((PRMD["one-type"], RDF.type, PRM.Outcome))
    g.add((PRMD["literal-type"], RDF.type, Literal("not a class")))
    g.add((PRMD["literal-type"], RDF.type, PRM.Clause))
    free = PRMD["no-term"]
    g.add((free, PRM.notInTheContext, Literal("a")))  # prm: prefix, no term
    g.add((free, PRM.notInTheContext, PRMD["x"]))  # the same predicate with an IRI
    g.add((free, EX.q, Literal("b")))  # a predicate outside every prefix
    g.add((free, EY.r, EX["o/with#hash/and/slash"]))
    g.add((free, URIRef("urn:p"), URIRef("urn:o")))  # no '/' or '#': split at ':'
    mixed = PRMD["mixed"]
    g.add((mixed, PRM.hasOutcome, PRMD["o1"]))  # an @id-typed term
    g.add((mixed, PRM.hasOutcome, PRMD["o2"]))
    g.add((mixed, PRM.hasOutcome, Literal("not an IRI")))  # falls back to the prefixed name
    g.add((mixed, PRM.hasOutcome, Literal("5", datatype=XSD_.integer)))
    g.add((mixed, RDFS.seeAlso, Literal("see", lang="en")))
    g.add((mixed, RDFS.label, PRMD["label-as-iri"]))  # a literal term with an IRI object
    g.add((mixed, SKOS.prefLabel, Literal("only one")))
    outside = URIRef("http://example.net/nowhere/thing")
    g.add((outside, RDFS.label, Literal("outside every prefix")))
    g.add((outside, RDFS.seeAlso, URIRef("http://example.net/nowhere/other")))
    g.add((outside, PRM.isPartOf, URIRef("http://example.net/ends/with/slash/")))
    g.add((PRMD["refers"], RDFS.seeAlso, outside))  # an IRI that is a subject too
    direct = [typed, langs, types, PRMD["one-type"], PRMD["literal-type"], free, mixed, outside]
    direct.append(PRMD["refers"])
    # left to rdflib: blank nodes, an rdf:List, an IRI list node and rdf:nil as objects
    with_list = PRMD["with-list"]
    head = BNode()
    Collection(g, head, [Literal("a"), PRMD["x"], Literal(2)])
    g.add((with_list, PRM.steps, head))
    g.add((free, PRM.steps, Literal("not a list")))
    g.add((with_list, RDFS.label, Literal("has a list")))
    g.add((PRMD["iri-list"], RDF.first, Literal("first")))
    g.add((PRMD["iri-list"], RDF.rest, RDF.nil))
    g.add((PRMD["points-at-iri-list"], PRM.context, PRMD["iri-list"]))
    g.add((PRMD["points-at-nil"], PRM.context, RDF.nil))
    g.add((PRMD["with-bnode"], RDFS.seeAlso, BNode()))
    return g, direct


def test_jsonld_edges_of_the_direct_writer_are_rdflibs():
    """Subjects written directly (not by rdflib's converter) give rdflib's output on every edge:
    native and typed literals, languages, several types, predicates with and without terms,
    IRIs outside every prefix, mixed literal and IRI objects; lists and blank nodes beside."""
    from iso20000_prm.graph.turtle_writer import subject_index

    graph, direct = _jsonld_edges()
    context = formats.load_context()
    writer = jsonld_writer._DirectJsonLd(context, subject_index(formats.canonical(graph)).props)
    for subject in direct:  # the cases really are the direct writer's
        assert writer.node(subject)[writer.id_key]
    for subject in (PRMD["with-list"], PRMD["points-at-iri-list"], PRMD["points-at-nil"]):
        with pytest.raises(jsonld_writer._Slow):
            writer.node(subject)
    assert formats.to_jsonld(_copy(graph)) == _rdflib_jsonld(graph, context)


@pytest.mark.parametrize(
    "extra",
    [
        {"@vocab": "https://w3id.org/iso20000-prm/vocab#"},
        {"kind": {"@id": "rdf:type", "@type": "@vocab"}},
        {"notation": {"@id": "prm:notation", "@type": "xsd:integer"}},
        {"labels": {"@id": "rdfs:label", "@container": "@set"}},
        {"labelsEn": {"@id": "rdfs:label", "@language": "en"}},
        {"type": "@type", "id": "@id"},
        {"steps": {"@id": "prm:steps", "@container": "@list"}},
        {"@language": "en"},
        {"seeVocab": {"@id": "rdfs:seeAlso", "@type": "@vocab"}},
    ],
    ids=[
        "vocab",
        "type-vocab",
        "typed-term",
        "set",
        "language-term",
        "aliases",
        "list",
        "lang",
        "v",
    ],
)
def test_jsonld_with_other_contexts_is_rdflibs(monkeypatch, extra):
    """The direct writer asks the context (rdflib's ``Context``) for every choice, so another
    context still gives rdflib's output: @vocab, @vocab and typed coercion, containers,
    language terms, keyword aliases, a default language (then rdflib's converter does all)."""
    context = {**formats.load_context(), **extra}
    monkeypatch.setattr(formats, "load_context", lambda: dict(context))
    graph, _ = _jsonld_edges()
    assert formats.to_jsonld(_copy(graph)) == _rdflib_jsonld(graph, context)


@pytest.mark.parametrize("scale", [2, 5])
def test_jsonld_of_synthetic_tables_is_rdflibs(scale):
    from iso20000_prm.graph.build import build_graph
    from iso20000_prm.tables.synthetic import synthesize

    graph = build_graph(synthesize(scale))
    assert formats.to_jsonld(graph) == _rdflib_jsonld(graph, formats.load_context())


def test_jsonld_of_an_empty_graph_and_of_one_node_is_rdflibs():
    context = formats.load_context()
    empty = Graph()
    assert formats.to_jsonld(empty) == _rdflib_jsonld(empty, context)
    one = Graph()
    one.add((PRMD["only"], RDFS.label, Literal("alone", lang="en")))
    assert formats.to_jsonld(one) == _rdflib_jsonld(one, context)


def test_indented_json_nested_at_a_pad_is_json_dumps_reindented():
    import json

    value = {"b": [1, {"x": "y"}, []], "a": {}, "c": float("nan"), "d": {"e": [2]}}
    expected = json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)
    assert jsonld_writer._dumps_indented(value, pad="    ") == expected.replace("\n", "\n    ")
    odd = {"k": {1, 2}}  # no JSON text: json.dumps's own error
    with pytest.raises(TypeError):
        jsonld_writer._dumps_indented(odd, pad="  ")


def test_indented_json_is_json_dumps():
    import json

    value = {
        "b": [1, 2.5, -0.0, True, False, None, [], {}, 'é\n"\\\u2028\x01'],
        "a": {"z": {"y": [{"x": float("inf")}]}, "@id": "q"},
        "": [[[]], [{}], "x"],
        "n": 10**20,
    }
    expected = json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)
    assert jsonld_writer._dumps_indented(value) == expected
