"""The SPARQL 1.1 Protocol client (query operation), through the one HTTP client
(:mod:`iso20000_prm.store.http`).

The query is sent the way every server answers it: a form-encoded POST
(``application/x-www-form-urlencoded``, ``query=...``), with the protocol's
``default-graph-uri`` and ``named-graph-uri`` parameters in the same form. (A POST of
``application/sparql-query`` is never answered by Virtuoso 7.) Credentials come only from the
environment variable ``ISO20000_PRM_AUTH`` (see :mod:`iso20000_prm.store.http`) and are never
printed.

The answer keeps its RDF terms, as the embedded engines' answers do
(:class:`~iso20000_prm.sparql.engines.Answer`): IRIs, literals with their datatype or language,
blank nodes. SELECT and ASK ask for SPARQL 1.1 Query Results JSON (read with the standard
library; the XML results format is read too when a server sends it regardless); CONSTRUCT and
DESCRIBE ask for RDF (N-Triples, else Turtle or RDF/XML), read with pyoxigraph. rdflib is never
imported here.
"""

from __future__ import annotations

import json
import re
import urllib.parse

from iso20000_prm.sparql.engines import (
    RDF_LANGSTRING,
    TRIPLE_VARIABLES,
    Answer,
    _boolean,
    sorted_triples,
)
from iso20000_prm.store.http import EndpointError, first_line, redact, request
from iso20000_prm.vocab import XSD_NS

__all__ = [
    "Endpoint",
    "EndpointError",
    "answer",
    "parse_answer",
    "parse_results",
    "query",
    "query_form",
]

DEFAULT_TIMEOUT = 30.0
RESULTS_JSON = "application/sparql-results+json"
# CONSTRUCT/DESCRIBE: N-Triples first (one triple a line, every server writes it), then the
# other RDF syntaxes servers commonly answer with
RDF_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
_RESULTS_XML_NS = "{http://www.w3.org/2005/sparql-results#}"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class Endpoint(str):
    """A query endpoint URL with the dataset to ask about: ``Endpoint(url, default_graph_uris=
    [IRI])`` queries the named graph IRI as the default graph on any server. It is a ``str`` (the
    URL), so it goes wherever an endpoint URL goes (``run_query(..., endpoint=...)``)."""

    default_graph_uris: tuple[str, ...]
    named_graph_uris: tuple[str, ...]

    def __new__(cls, url: str, default_graph_uris=(), named_graph_uris=()):
        self = super().__new__(cls, url)
        self.default_graph_uris = tuple(str(i) for i in default_graph_uris or ())
        self.named_graph_uris = tuple(str(i) for i in named_graph_uris or ())
        return self


def query_form(text: str) -> str:
    """The form of the query ``text``: SELECT, ASK, CONSTRUCT or DESCRIBE (the first of these
    keywords outside comments, strings and IRIs; SELECT if none)."""
    from iso20000_prm.sparql.params import _mask

    m = re.search(
        r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", _mask(text, ("comment", "string", "iri")), re.I
    )
    return m.group(1).upper() if m else "SELECT"


def answer(
    url: str,
    text: str,
    timeout: float = DEFAULT_TIMEOUT,
    what: str = "querying endpoint",
    default_graph_uris=(),
    named_graph_uris=(),
) -> Answer:
    """Run ``text`` at the endpoint ``url``; the answer as RDF terms (an
    :class:`~iso20000_prm.sparql.engines.Answer`, as the embedded engines give).

    ``default_graph_uris`` / ``named_graph_uris``: the protocol's ``default-graph-uri`` and
    ``named-graph-uri`` (the dataset of the query: e.g. the named graph ``load`` wrote, as the
    default graph). ``what`` names the errand in error messages (``load`` counts through here).
    """
    default_graph_uris = (*getattr(url, "default_graph_uris", ()), *default_graph_uris)
    named_graph_uris = (*getattr(url, "named_graph_uris", ()), *named_graph_uris)
    form = [("query", text)]
    form += [("default-graph-uri", str(iri)) for iri in default_graph_uris]
    form += [("named-graph-uri", str(iri)) for iri in named_graph_uris]
    url = str(url)
    graph_form = query_form(text) in ("CONSTRUCT", "DESCRIBE")
    headers = {
        "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
        "Accept": RDF_ACCEPT if graph_form else RESULTS_JSON,
    }
    data = urllib.parse.urlencode(form).encode("ascii")
    body, ctype = request(url, "POST", data, headers, timeout, what)
    return parse_answer(body, redact(url), ctype, graph=graph_form)


def query(
    url: str,
    text: str,
    timeout: float = DEFAULT_TIMEOUT,
    what: str = "querying endpoint",
    default_graph_uris=(),
    named_graph_uris=(),
):
    """Run ``text`` at the endpoint ``url``; (variables, rows of plain values), as
    :meth:`Answer.plain <iso20000_prm.sparql.engines.Answer.plain>` gives them."""
    return answer(url, text, timeout, what, default_graph_uris, named_graph_uris).plain()


def parse_answer(body: bytes, where: str, content_type: str = "", graph: bool = False) -> Answer:
    """A server's answer -> :class:`Answer`: SPARQL results JSON or XML, or (``graph``: the
    answer to a CONSTRUCT/DESCRIBE) RDF in the syntax ``content_type`` names."""
    media = content_type.split(";")[0].strip().lower()
    if graph and not media.endswith(("sparql-results+json", "sparql-results+xml")):
        return _parse_rdf(body, where, media)
    if media.endswith("sparql-results+xml") or (
        media.endswith("/xml") and body.lstrip()[:1] == b"<"
    ):
        return _parse_xml(body, where, content_type)
    return _parse_json(body, where, content_type)


def parse_results(body: bytes, where: str, content_type: str = ""):
    """SPARQL 1.1 Query Results JSON (or XML) -> (variables, rows of plain values)."""
    return parse_answer(body, where, content_type).plain()


# ----------------------------------------------------------------------------- terms
def _literal(value, datatype, lang):
    if not isinstance(value, str) or not isinstance(datatype or "", str):
        raise TypeError("literal")
    if lang:
        if not isinstance(lang, str):
            raise TypeError("lang")
        return ("literal", value, RDF_LANGSTRING, lang)
    return ("literal", value, datatype or XSD_NS + "string", None)


def _json_term(term):
    if term is None:
        return None
    kind, value = term.get("type"), term.get("value")
    if kind in ("uri", "bnode"):
        if not isinstance(value, str):
            raise TypeError(kind)
        return ("iri" if kind == "uri" else "bnode", value, None, None)
    if kind in ("literal", "typed-literal"):
        return _literal(value, term.get("datatype"), term.get("xml:lang"))
    if kind == "triple" and isinstance(value, dict):  # RDF-star: shown as the embedded engines do
        return ("literal", str(value), None, None)
    raise TypeError(f"term type {kind!r}")


def _unicode(rows, where: str) -> None:
    """A lone surrogate cannot be printed or written: refuse it here."""
    try:
        for row in rows:
            for term in row:
                if term is not None:
                    for part in term[1:]:
                        if isinstance(part, str):
                            part.encode("utf-8")
    except UnicodeEncodeError:
        raise EndpointError(f"endpoint {where} answered text that is not valid Unicode") from None


def _parse_json(body: bytes, where: str, content_type: str) -> Answer:
    try:
        doc = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise EndpointError(
            f"endpoint {where} answered {content_type or 'something'} that is not SPARQL "
            f"results JSON: {first_line(body)!r}"
        ) from None
    if not isinstance(doc, dict):
        raise EndpointError(f"endpoint {where} answered JSON that is not a SPARQL results document")
    if "boolean" in doc:
        return _boolean(bool(doc["boolean"]))
    try:
        variables = list(doc["head"]["vars"])
        if not all(isinstance(v, str) for v in variables):
            raise TypeError("vars")
        bindings = doc["results"]["bindings"]
        if not isinstance(bindings, list):
            raise TypeError("bindings")
        rows = [[_json_term(b.get(v)) for v in variables] for b in bindings]
    except (KeyError, TypeError, AttributeError, ValueError):
        raise EndpointError(
            f"endpoint {where} answered JSON without head.vars and results.bindings"
        ) from None
    _unicode(rows, where)
    return Answer("SELECT", variables, rows)


def _parse_xml(body: bytes, where: str, content_type: str) -> Answer:
    import xml.etree.ElementTree as ET

    ns = _RESULTS_XML_NS
    try:
        root = ET.fromstring(body)
    except (ET.ParseError, ValueError):
        raise EndpointError(
            f"endpoint {where} answered {content_type or 'something'} that is not SPARQL "
            f"results XML: {first_line(body)!r}"
        ) from None
    boolean = root.find(f"{ns}boolean")
    if root.tag != f"{ns}sparql":
        raise EndpointError(f"endpoint {where} answered XML that is not a SPARQL results document")
    if boolean is not None:
        return _boolean((boolean.text or "").strip() == "true")
    head, results = root.find(f"{ns}head"), root.find(f"{ns}results")
    if head is None or results is None:
        raise EndpointError(f"endpoint {where} answered SPARQL results XML without head or results")
    variables = [v.get("name", "") for v in head.findall(f"{ns}variable")]
    rows = []
    try:
        for result in results.findall(f"{ns}result"):
            found = {}
            for binding in result.findall(f"{ns}binding"):
                node = next(iter(binding), None)
                if node is None:
                    raise TypeError("binding")
                text = node.text or ""
                if node.tag == f"{ns}uri":
                    found[binding.get("name")] = ("iri", text, None, None)
                elif node.tag == f"{ns}bnode":
                    found[binding.get("name")] = ("bnode", text, None, None)
                elif node.tag == f"{ns}literal":
                    found[binding.get("name")] = _literal(
                        text, node.get("datatype"), node.get(_XML_LANG)
                    )
                else:
                    raise TypeError(node.tag)
            rows.append([found.get(v) for v in variables])
    except TypeError:
        raise EndpointError(
            f"endpoint {where} answered SPARQL results XML with a binding that is not a uri, "
            "bnode or literal"
        ) from None
    return Answer("SELECT", variables, rows)


def _parse_rdf(body: bytes, where: str, media: str) -> Answer:
    """The triples of a CONSTRUCT/DESCRIBE answer, in the RDF syntax the server says it sent."""
    import pyoxigraph as ox

    from iso20000_prm.sparql.engines import _ox_term

    fmt = ox.RdfFormat.from_media_type(media) if media else None
    if fmt is None and media in ("", "text/plain"):  # N-Triples' media type before RDF 1.1
        fmt = ox.RdfFormat.N_TRIPLES
    if fmt is None:
        raise EndpointError(
            f"endpoint {where} answered {media or 'something'} to a CONSTRUCT/DESCRIBE query, "
            f"not RDF: {first_line(body)!r}"
        )
    try:
        quads = list(ox.parse(body, format=fmt))
    except (SyntaxError, ValueError, OSError) as exc:
        raise EndpointError(
            f"endpoint {where} answered {media or fmt} that is not valid RDF: "
            f"{' '.join(str(exc).split())[:200]}"
        ) from None
    rows = sorted_triples(
        [_ox_term(q.subject), _ox_term(q.predicate), _ox_term(q.object)] for q in quads
    )
    _unicode(rows, where)
    return Answer("CONSTRUCT", TRIPLE_VARIABLES, rows)
