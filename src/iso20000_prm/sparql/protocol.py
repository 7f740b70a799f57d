"""The SPARQL 1.1 Protocol client (query operation), through the one HTTP client
(:mod:`iso20000_prm.store.http`).

The query is sent the way every server answers it: a form-encoded POST
(``application/x-www-form-urlencoded``, ``query=...``), with the protocol's
``default-graph-uri`` and ``named-graph-uri`` parameters in the same form. (A POST of
``application/sparql-query`` is never answered by Virtuoso 7.) The answer is read as SPARQL 1.1
Query Results JSON. Credentials come only from the environment variable ``ISO20000_PRM_AUTH``
(see :mod:`iso20000_prm.store.http`) and are never printed.
"""

from __future__ import annotations

import json
import urllib.parse

from iso20000_prm.sparql.engines import plain_value
from iso20000_prm.store.http import EndpointError, first_line, redact, request
from iso20000_prm.vocab import XSD_NS

__all__ = ["Endpoint", "EndpointError", "parse_results", "query"]

DEFAULT_TIMEOUT = 30.0
RESULTS_JSON = "application/sparql-results+json"


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


def query(
    url: str,
    text: str,
    timeout: float = DEFAULT_TIMEOUT,
    what: str = "querying endpoint",
    default_graph_uris=(),
    named_graph_uris=(),
):
    """Run ``text`` at the endpoint ``url``; (variables, rows of plain values).

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
    headers = {
        "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
        "Accept": RESULTS_JSON,
    }
    data = urllib.parse.urlencode(form).encode("ascii")
    body, ctype = request(url, "POST", data, headers, timeout, what)
    return parse_results(body, redact(url), ctype)


def _json_term(term: dict | None):
    if term is None:
        return None
    kind = term.get("type")
    if kind == "uri":
        return plain_value("iri", term["value"])
    if kind == "bnode":
        return plain_value("bnode", term["value"])
    if kind in ("literal", "typed-literal"):
        datatype = term.get("datatype") or (None if "xml:lang" in term else XSD_NS + "string")
        return plain_value("literal", term["value"], datatype)
    return str(term.get("value"))


def parse_results(body: bytes, where: str, content_type: str = ""):
    """SPARQL 1.1 Query Results JSON -> (variables, rows)."""
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
        return ["result"], [[bool(doc["boolean"])]]
    try:
        variables = list(doc["head"]["vars"])
        if not all(isinstance(v, str) for v in variables):
            raise TypeError("vars")
        bindings = doc["results"]["bindings"]
        rows = [[_json_term(b.get(v)) for v in variables] for b in bindings]
        for row in rows:  # a lone surrogate cannot be printed or written: refuse it here
            for value in row:
                if isinstance(value, str):
                    value.encode("utf-8")
        return variables, rows
    except UnicodeEncodeError:
        raise EndpointError(f"endpoint {where} answered text that is not valid Unicode") from None
    except (KeyError, TypeError, AttributeError, ValueError):
        raise EndpointError(
            f"endpoint {where} answered JSON without head.vars and results.bindings"
        ) from None
