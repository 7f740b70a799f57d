"""Query parameters: grlc/BASIL naming rules, and binding values as RDF terms, never as text.

A saved query names its parameters as grlc does: ``?_name`` (required, a plain literal),
``?__name`` (optional), with an optional type suffix: ``?_name_iri``, ``?_name_integer``,
``?_name_en`` (a language tag) or ``?_name_xsd_date`` (a prefixed datatype). The value a user
gives is turned into one escaped RDF term and bound by a ``VALUES`` block inserted at the start
of the query's WHERE group, so a value such as ``"} DROP ALL`` can only ever be a literal. An
optional parameter left out stays unbound.
"""

from __future__ import annotations

import re

from iso20000_prm.errors import PRMError
from iso20000_prm.records import FrozenRecord
from iso20000_prm.vocab import XSD_NS

PARAM_VAR = re.compile(
    r"\?(__?)([A-Za-z][A-Za-z0-9]*)((?:_[A-Za-z][A-Za-z0-9-]*)*)(?![A-Za-z0-9_])"
)
# patterns only some parameter kinds need: compiled on first use (re's cache), not at import
_LANG = r"^[a-zA-Z]{2,8}(-[a-zA-Z0-9]{1,8})*$"
_INTEGER = r"^[+-]?[0-9]+$"
_NUMBER = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$"
_IRI_FORBIDDEN = r'[\x00-\x20<>"{}|^`\\]'
_PREFIX_DECL = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE)
XSD = XSD_NS


class ParameterError(PRMError):
    """A parameter value that does not fit the parameter, or a parameter the query lacks."""


class MissingParameterError(ParameterError):
    """Required parameters without a value; ``missing`` names them (an interface that knows how
    its users give parameters, such as the CLI, adds that to the message)."""

    def __init__(self, missing: list[str]):
        self.missing = list(missing)
        super().__init__(f"missing required parameter(s): {', '.join(self.missing)}")


class Parameter(FrozenRecord):
    """One query parameter as its variable name declares it."""

    __slots__ = ("name", "variable", "required", "kind", "suffix")
    name: str
    variable: str  # without the leading '?'
    required: bool
    kind: str  # "literal", "iri", "integer", "number", "lang", "datatype"
    suffix: str  # the language tag or the prefixed datatype

    def __init__(self, name: str, variable: str, required: bool, kind: str, suffix: str = ""):
        self._set(name=name, variable=variable, required=required, kind=kind, suffix=suffix)


def find_parameters(text: str) -> list[Parameter]:
    """The parameters ``text`` declares, in order of first use (comments and strings skipped)."""
    found: dict[str, Parameter] = {}
    for match in PARAM_VAR.finditer(_mask(text, ("comment", "string", "iri"))):
        underscores, name, rest = match.groups()
        if name in found:
            continue
        parts = [p for p in rest.split("_") if p]
        if not parts:
            kind, suffix = "literal", ""
        elif parts == ["iri"]:
            kind, suffix = "iri", ""
        elif parts in (["integer"], ["number"], ["literal"]):
            kind, suffix = parts[0], ""
        elif len(parts) == 1 and re.match(_LANG, parts[0]):
            kind, suffix = "lang", parts[0]
        elif len(parts) == 2:
            kind, suffix = "datatype", f"{parts[0]}:{parts[1]}"
        else:
            raise ParameterError(
                f"variable ?{underscores}{name}{rest} does not follow the grlc naming rules (?_name, ?__name, ?_name_iri, ?_name_integer, ?_name_en, ?_name_xsd_date)"
            )
        found[name] = Parameter(
            name, f"{underscores}{name}{rest}", underscores == "_", kind, suffix
        )
    return list(found.values())


_CODEPOINT_ESCAPE = re.compile(r"\\[uU][0-9A-Fa-f]{4}")


def escape_literal(value: str) -> str:
    """``value`` as a SPARQL string literal: every character that could end it is escaped.

    SPARQL expands ``\\uXXXX`` everywhere in the query text *before* parsing (SPARQL 1.1,
    19.2), so a backslash followed by ``u`` and four hex digits cannot be written unambiguously
    in a literal (engines disagree); such a value is refused rather than mis-bound.
    """
    if _CODEPOINT_ESCAPE.search(value):
        raise ParameterError(
            f"{value!r}: a backslash followed by u and hex digits cannot be bound portably (SPARQL expands \\uXXXX before parsing); leave out the backslash"
        )
    out = (
        value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    out = out.replace("\b", "\\b").replace("\f", "\\f")
    return f'"{out}"'


def term_for(param: Parameter, value: str, prefixes: dict[str, str]) -> str:
    """The RDF term (SPARQL syntax) ``value`` stands for, checked against the parameter's kind."""
    if not isinstance(value, str):
        value = str(value)
    if param.kind == "literal":
        return escape_literal(value)
    if param.kind == "lang":
        return f"{escape_literal(value)}@{param.suffix}"
    if param.kind == "iri":
        if not value or re.search(_IRI_FORBIDDEN, value) or ":" not in value:
            raise ParameterError(f"parameter {param.name!r}: {value!r} is not an absolute IRI")
        return f"<{value}>"
    if param.kind == "integer":
        if not re.match(_INTEGER, value.strip()):
            raise ParameterError(f"parameter {param.name!r}: {value!r} is not a whole number")
        return f"{escape_literal(value.strip())}^^<{XSD}integer>"
    if param.kind == "number":
        if not re.match(_NUMBER, value.strip()):
            raise ParameterError(f"parameter {param.name!r}: {value!r} is not a number")
        dtype = "double" if "e" in value.lower() else "decimal" if "." in value else "integer"
        return f"{escape_literal(value.strip())}^^<{XSD}{dtype}>"
    prefix, local = param.suffix.split(":", 1)
    if prefix not in prefixes:
        raise ParameterError(
            f"parameter {param.name!r}: the query does not declare the prefix {prefix!r} of its datatype"
        )
    return f"{escape_literal(value)}^^<{prefixes[prefix]}{local}>"


def declared_prefixes(text: str) -> dict[str, str]:
    return {
        m.group(1) or "": m.group(2)
        for m in _PREFIX_DECL.finditer(_mask(text, ("comment", "string")))
    }


def bind(
    text: str,
    values: dict[str, object] | None,
    parameters: list[Parameter] | None = None,
    enumerations: dict[str, list[str]] | None = None,
) -> str:
    """``text`` with ``values`` bound to its parameters by a VALUES block; checks every name.

    Raises ParameterError for an unknown parameter, a missing required one, or a value that is
    not among a parameter's enumerated values.
    """
    values = {k: v for k, v in (values or {}).items() if v is not None}
    parameters = parameters if parameters is not None else find_parameters(text)
    by_name = {p.name: p for p in parameters}
    for name in values:
        if name not in by_name:
            known = ", ".join(sorted(by_name)) or "none"
            raise ParameterError(f"unknown parameter {name!r}; this query's parameters: {known}")
    missing = [p.name for p in parameters if p.required and p.name not in values]
    if missing:
        raise MissingParameterError(missing)
    for name, value in values.items():
        allowed = (enumerations or {}).get(name)
        if allowed and str(value) not in allowed:
            raise ParameterError(
                f"parameter {name!r}: {value!r} is not one of {', '.join(repr(a) for a in allowed)}"
            )
    if not values:
        return text
    prefixes = declared_prefixes(text)
    bound = [by_name[name] for name in sorted(values)]
    variables = " ".join(f"?{p.variable}" for p in bound)
    terms = " ".join(term_for(p, values[p.name], prefixes) for p in bound)
    block = f"\n  VALUES ({variables}) {{ ({terms}) }}\n"
    at = where_brace(text)
    return text[: at + 1] + block + text[at + 1 :]


# ----------------------------------------------------------------------------- lexical scanning
_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_KEYWORD = re.compile(r"[A-Za-z]+")


def _spans(text: str):
    """Yield (start, end, kind) of comments, strings and IRIs, which braces inside do not count in."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            j = n if j < 0 else j
            yield i, j, "comment"
            i = j
        elif c in "\"'":
            quote = text[i : i + 3] if text[i : i + 3] in ('"""', "'''") else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            j = min(n, j + len(quote))
            yield i, j, "string"
            i = j
        elif c == "<":
            m = _IRIREF.match(text, i)
            if m:
                yield i, m.end(), "iri"
                i = m.end()
            else:
                i += 1
        else:
            i += 1


def _mask(text: str, kinds: tuple[str, ...]) -> str:
    """``text`` with the spans of the given kinds blanked to spaces (offsets unchanged)."""
    chars = list(text)
    for start, end, kind in _spans(text):
        if kind in kinds:
            chars[start:end] = " " * (end - start)
    return "".join(chars)


def where_brace(text: str) -> int:
    """Index of the ``{`` opening the query's WHERE group (after a CONSTRUCT template)."""
    code = _mask(text, ("comment", "string", "iri"))
    form = None
    for m in _KEYWORD.finditer(code):
        word = m.group().upper()
        if word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            form = (word, m.end())
            break
    if form is None:
        raise PRMError("malformed SPARQL: no SELECT, ASK, CONSTRUCT or DESCRIBE query form found")
    pos = form[1]
    if form[0] == "CONSTRUCT":
        nxt = re.compile(r"\s*\{").match(code, pos)
        if nxt:  # skip the template
            depth, j = 0, nxt.end() - 1
            while j < len(code):
                depth += {"{": 1, "}": -1}.get(code[j], 0)
                if depth == 0:
                    break
                j += 1
            pos = j + 1
    at = code.find("{", pos)
    if at < 0:
        raise PRMError("malformed SPARQL: the query has no WHERE group { ... }")
    return at
