"""A small SPARQL 1.1 Protocol client (query operation) on the standard library's urllib.

The query is sent by POST as ``application/sparql-query`` and the answer read as SPARQL 1.1
Query Results JSON. Credentials come only from the environment variable ``ISO20000_PRM_AUTH``:
``user:password`` (HTTP Basic) or a full header value such as ``Bearer TOKEN``. They are never
printed: errors name the endpoint without any user-info part, and the HTTP status.
"""

from __future__ import annotations

import json

from iso20000_prm.sparql.engines import plain_value
from iso20000_prm.store.http import EndpointError, first_line, redact, request
from iso20000_prm.vocab import XSD_NS

__all__ = ["EndpointError", "parse_results", "query"]

DEFAULT_TIMEOUT = 30.0
RESULTS_JSON = "application/sparql-results+json"


def query(url: str, text: str, timeout: float = DEFAULT_TIMEOUT, what: str = "querying endpoint"):
    """Run ``text`` at the endpoint ``url``; (variables, rows of plain values).

    ``what`` names the errand in error messages (``load`` counts triples through here).
    """
    headers = {"Content-Type": "application/sparql-query; charset=utf-8", "Accept": RESULTS_JSON}
    body, ctype = request(url, "POST", text.encode("utf-8"), headers, timeout, what)
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
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise EndpointError(
            f"endpoint {where} answered {content_type or 'something'} that is not SPARQL results JSON: {first_line(body)!r}"
        ) from None
    if not isinstance(doc, dict):
        raise EndpointError(f"endpoint {where} answered JSON that is not a SPARQL results document")
    if "boolean" in doc:
        return ["result"], [[bool(doc["boolean"])]]
    try:
        variables = list(doc["head"]["vars"])
        bindings = doc["results"]["bindings"]
        return variables, [[_json_term(b.get(v)) for v in variables] for b in bindings]
    except (KeyError, TypeError, AttributeError):
        raise EndpointError(
            f"endpoint {where} answered JSON without head.vars and results.bindings"
        ) from None
