"""Query results in the formats people open: a table for the terminal, the W3C SPARQL 1.1 Query
Results formats (JSON, XML, CSV, TSV) for programs, a spreadsheet (xlsx), RDF for CONSTRUCT and
DESCRIBE answers, and the simple ``records`` JSON shape.

Every format is deterministic (rows in the query's ORDER BY, keys in column order, fixed
timestamps in the workbook) and carries the full text: nothing is cut. Only the table wraps long
cells to fit a width, and it shows control characters escaped.

* ``json``, ``xml``, ``csv``, ``tsv``: as the W3C specifications define them
  (https://www.w3.org/TR/sparql11-results-json/, .../rdf-sparql-XMLres/,
  .../sparql11-results-csv-tsv/): IRIs, literals (with datatype or language) and blank nodes
  can be told apart, except in CSV, which by definition gives plain strings;
* ``records``: ``{"variables": [...], "rows": [{name: value}]}`` with plain JSON values;
* ``xlsx``: one sheet, header row frozen, filters on, widths set; text (clause and process
  numbers such as ``5.10``) stored as text, numbers as numbers;
* ``turtle``, ``ntriples``, ``jsonld``: the triples of a CONSTRUCT or DESCRIBE answer.
"""

from __future__ import annotations

import io
import re

from iso20000_prm.vocab import RDF_NS, XSD_NS

# result format -> suffix of the file ``query --all`` writes per query
EXTENSIONS = {
    "table": ".txt",
    "csv": ".csv",
    "tsv": ".tsv",
    "json": ".json",
    "xml": ".xml",
    "records": ".records.json",
    "xlsx": ".xlsx",
}
RDF_EXTENSIONS = {"turtle": ".ttl", "ntriples": ".nt", "jsonld": ".jsonld"}
FORMATS = tuple(EXTENSIONS) + tuple(RDF_EXTENSIONS)
BINARY = ("xlsx",)
# the XML namespace of the SPARQL Query Results XML Format (a format's name, not a graph IRI)
SPARQL_RESULTS_XML_NS = "http://www.w3.org/2005/sparql-results#"
_XSD_STRING = XSD_NS + "string"
_LANGSTRING = RDF_NS + "langString"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class FormatError(ValueError):
    pass


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return f"{value:.1f}"
    return str(value)


# ----------------------------------------------------------------------------- terms
def _terms(variables, rows, terms):
    """The rows as terms; from the plain values when the engine gave none."""
    if terms is not None:
        return terms
    from iso20000_prm.sparql.engines import terms_from_plain

    return [[terms_from_plain(row.get(v)) for v in variables] for row in rows]


def _lexical(term) -> str:
    kind, value = term[0], term[1]
    return f"_:{value}" if kind == "bnode" else value


# ----------------------------------------------------------------------------- table
def escape_controls(text: str) -> str:
    """Control characters shown, not obeyed: a tab, line break or escape sequence in the data
    cannot move the terminal's cursor or change its colours."""
    text = text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _wrap(text: str, width: int) -> list[str]:
    import textwrap

    if len(text) <= width:
        return [text]
    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]


def _fit(natural: list[int], heads: list[int], width: int) -> list[int]:
    """Column widths summing (with two spaces between) to at most ``width``: columns narrower
    than a fair share keep their width, the wider ones share the rest (headers wrap too)."""
    budget = max(width - 2 * (len(natural) - 1), 4 * len(natural))
    if sum(natural) <= budget:
        return list(natural)
    fixed: set[int] = set()
    while True:
        flexible = [i for i in range(len(natural)) if i not in fixed]
        share = (budget - sum(natural[i] for i in fixed)) // max(1, len(flexible))
        narrow = {i for i in flexible if natural[i] <= share}
        if not narrow or len(narrow) == len(flexible):
            break
        fixed |= narrow
    widths = [natural[i] if i in fixed else max(4, share) for i in range(len(natural))]
    spare = budget - sum(widths)
    for i in sorted(flexible, key=lambda j: -natural[j]):  # what rounding left, to the widest
        if spare <= 0:
            break
        extra = min(spare, natural[i] - widths[i])
        widths[i] += extra
        spare -= extra
    return widths


def as_table(variables: list[str], rows: list[dict], width: int | None = None) -> str:
    """An aligned table; with ``width``, long cells wrap onto more lines to fit it (never cut)."""
    cells = [[escape_controls(cell(row.get(v))) for v in variables] for row in rows]
    natural = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(variables)]
    widths = _fit(natural, [len(v) for v in variables], width) if width else natural
    lines = []
    for r in [variables, None, *cells]:
        if r is None:
            lines.append("  ".join("-" * w for w in widths))
            continue
        wrapped = [_wrap(c, w) for c, w in zip(r, widths)]
        for k in range(max((len(x) for x in wrapped), default=1)):
            parts = [(x[k] if k < len(x) else "").ljust(w) for x, w in zip(wrapped, widths)]
            lines.append("  ".join(parts).rstrip())
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- W3C formats
def as_csv(variables: list[str], rows: list[dict], terms=None) -> str:
    """SPARQL 1.1 Query Results CSV: plain strings, CRLF line ends (RFC 4180)."""
    import csv

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(variables)
    for row in _terms(variables, rows, terms):
        writer.writerow(["" if t is None else _lexical(t) for t in row])
    return out.getvalue()


_TURTLE_NUMBER = {  # patterns compiled on first use (re's cache), not at import
    XSD_NS + "integer": r"[+-]?[0-9]+",
    XSD_NS + "decimal": r"[+-]?[0-9]*\.[0-9]+",
    XSD_NS + "double": r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)[eE][+-]?[0-9]+",
    XSD_NS + "boolean": r"true|false",
}


def _quoted(value: str) -> str:
    out = (
        value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{out}"'


def sparql_term(term) -> str:
    """A term in SPARQL/Turtle syntax, as the TSV format writes it."""
    if term is None:
        return ""
    kind, value, datatype, lang = term
    if kind == "iri":
        return f"<{value}>"
    if kind == "bnode":
        return f"_:{value}"
    if lang:
        return f"{_quoted(value)}@{lang}"
    if not datatype or datatype == _XSD_STRING:
        return _quoted(value)
    short = _TURTLE_NUMBER.get(datatype)
    if short and re.fullmatch(short, value):
        return value
    return f"{_quoted(value)}^^<{datatype}>"


def as_tsv(variables: list[str], rows: list[dict], terms=None) -> str:
    """SPARQL 1.1 Query Results TSV: ``?name`` header, terms in SPARQL syntax."""
    lines = ["\t".join(f"?{v}" for v in variables)]
    for row in _terms(variables, rows, terms):
        lines.append("\t".join(sparql_term(t) for t in row))
    return "\n".join(lines) + "\n"


def _json_term(term) -> dict:
    kind, value, datatype, lang = term
    if kind == "iri":
        return {"type": "uri", "value": value}
    if kind == "bnode":
        return {"type": "bnode", "value": value}
    out = {"type": "literal", "value": value}
    if lang:
        out["xml:lang"] = lang
    elif datatype and datatype != _XSD_STRING:
        out["datatype"] = datatype
    return out


def as_json(variables: list[str], rows: list[dict], terms=None, form: str = "SELECT") -> str:
    """SPARQL 1.1 Query Results JSON."""
    import json

    if form == "ASK":
        doc = {"head": {}, "boolean": bool(rows and rows[0].get(variables[0]))}
    else:
        bindings = [
            {v: _json_term(t) for v, t in zip(variables, row) if t is not None}
            for row in _terms(variables, rows, terms)
        ]
        doc = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def as_xml(variables: list[str], rows: list[dict], terms=None, form: str = "SELECT") -> str:
    """SPARQL Query Results XML Format."""
    from xml.sax.saxutils import escape, quoteattr

    def text(value: str) -> str:  # characters XML 1.0 cannot carry at all are shown escaped
        return escape(_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", value))

    out = ['<?xml version="1.0" encoding="utf-8"?>', f'<sparql xmlns="{SPARQL_RESULTS_XML_NS}">']
    if form == "ASK":
        value = "true" if rows and rows[0].get(variables[0]) else "false"
        out += ["  <head/>", f"  <boolean>{value}</boolean>", "</sparql>"]
        return "\n".join(out) + "\n"
    out.append("  <head>")
    out += [f"    <variable name={quoteattr(v)}/>" for v in variables]
    out += ["  </head>", "  <results>"]
    for row in _terms(variables, rows, terms):
        out.append("    <result>")
        for v, t in zip(variables, row):
            if t is None:
                continue
            kind, value, datatype, lang = t
            if kind == "iri":
                inner = f"<uri>{text(value)}</uri>"
            elif kind == "bnode":
                inner = f"<bnode>{text(value)}</bnode>"
            elif lang:
                inner = f"<literal xml:lang={quoteattr(lang)}>{text(value)}</literal>"
            elif datatype and datatype != _XSD_STRING:
                inner = f"<literal datatype={quoteattr(datatype)}>{text(value)}</literal>"
            else:
                inner = f"<literal>{text(value)}</literal>"
            out.append(f"      <binding name={quoteattr(v)}>{inner}</binding>")
        out.append("    </result>")
    out += ["  </results>", "</sparql>"]
    return "\n".join(out) + "\n"


def _json_value(value):
    """A plain value JSON can hold: NaN and the infinities (xsd:double) become their XSD lexical
    forms as strings, since JSON has no such numbers (``NaN`` in a file is invalid JSON)."""
    if isinstance(value, float) and value != value:
        return "NaN"
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return "INF" if value > 0 else "-INF"
    return value


def as_records(variables: list[str], rows: list[dict]) -> str:
    import json

    doc = {
        "variables": variables,
        "rows": [{v: _json_value(row.get(v)) for v in variables} for row in rows],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


# ----------------------------------------------------------------------------- RDF
def as_rdf(terms, fmt: str) -> bytes:
    """The triples of a CONSTRUCT/DESCRIBE answer (sorted) as Turtle, N-Triples or JSON-LD."""
    import pyoxigraph as ox

    from iso20000_prm.sparql.saved import project_prefixes

    def node(t):
        kind, value, datatype, lang = t
        if kind == "iri":
            return ox.NamedNode(value)
        if kind == "bnode":
            return ox.BlankNode(value)
        if lang:
            return ox.Literal(value, language=lang)
        return ox.Literal(value, datatype=ox.NamedNode(datatype or _XSD_STRING))

    triples = [ox.Triple(*(node(t) for t in row)) for row in terms]
    if any(t[0] == "bnode" for row in terms for t in row):
        triples = _canonical(triples)
    name = {"turtle": "TURTLE", "ntriples": "N_TRIPLES", "jsonld": "JSON_LD"}[fmt]
    prefixes = project_prefixes() if fmt != "ntriples" else None
    if fmt == "jsonld":  # a context only for the prefixes in use keeps it short
        used = {t[1] for row in terms for t in row if t[0] == "iri"} | {
            t[2] for row in terms for t in row if t[0] == "literal" and t[2]
        }
        prefixes = {p: ns for p, ns in prefixes.items() if any(i.startswith(ns) for i in used)}
    return ox.serialize(triples, format=getattr(ox.RdfFormat, name), prefixes=prefixes)


def _canonical(triples: list) -> list:
    """The triples with their blank nodes named by W3C RDF Dataset Canonicalization (RDFC-1.0)
    and sorted: blank node labels are each store's own (random on every load), so without this
    the same answer would not give the same bytes twice."""
    import pyoxigraph as ox

    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(
        (ox.Triple(q.subject, q.predicate, q.object) for q in dataset),
        key=lambda t: (str(t.subject), str(t.predicate), str(t.object)),
    )


# ----------------------------------------------------------------------------- pivot
def pivot(variables, rows, row_vars, column_vars, value_var, empty=None):
    """A long answer as a matrix: one row per distinct ``row_vars`` values, one column per
    distinct ``column_vars`` values (named by them, joined with spaces), cells from
    ``value_var`` (``empty`` where there is none). Rows and columns sort naturally."""
    from iso20000_prm.vocab import clause_key

    for v in [*row_vars, *column_vars, value_var]:
        if v not in variables:
            raise FormatError(
                f"cannot pivot on {v!r}: the answer's columns are {', '.join(variables)}"
            )

    def key(values):
        return tuple(clause_key(cell(x)) for x in values)

    cells: dict = {}
    row_keys: dict = {}
    col_keys: dict = {}
    for r in rows:
        rk = tuple(r.get(v) for v in row_vars)
        ck = tuple(r.get(v) for v in column_vars)
        row_keys.setdefault(rk, None)
        col_keys.setdefault(ck, None)
        cells[rk, ck] = r.get(value_var)
    rks = sorted(row_keys, key=key)
    cks = sorted(col_keys, key=key)
    names = [" ".join(cell(x) for x in ck if x is not None) for ck in cks]
    out_vars = list(row_vars) + names
    out_rows = []
    for rk in rks:
        row = dict(zip(row_vars, rk))
        for name, ck in zip(names, cks):
            row[name] = cells.get((rk, ck), empty)
        out_rows.append(row)
    return out_vars, out_rows


# ----------------------------------------------------------------------------- spreadsheet
_FIXED_TIME = (2000, 1, 1, 0, 0, 0)


def _sheet(ws, variables, rows) -> None:
    from openpyxl.utils import get_column_letter

    ws.append(list(variables))
    for row in rows:
        values = []
        for v in variables:
            x = row.get(v)
            values.append(x if isinstance(x, (int, float, bool)) or x is None else str(x))
        ws.append(values)
    for i, v in enumerate(variables, start=1):
        texts = [len(v)] + [len(cell(r.get(v))) for r in rows]
        ws.column_dimensions[get_column_letter(i)].width = min(60, max(texts) + 2)
        if all(r.get(v) is None or isinstance(r.get(v), str) for r in rows):
            for c in ws.iter_cols(min_col=i, max_col=i, min_row=2):  # text stays text on edit
                for x in c:
                    x.number_format = "@"
    ws.freeze_panes = "A2"
    if variables:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(variables))}{max(1, len(rows) + 1)}"


def sheet_title(name: str, taken: set[str]) -> str:
    title = re.sub(r"[\[\]:*?/\\]", "-", name)[:31] or "query"
    base, n = title, 2
    while title.lower() in taken:
        suffix = f"-{n}"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title


def as_xlsx(sheets: list[tuple[str, list[str], list[dict]]]) -> bytes:
    """A workbook with one sheet per (name, variables, rows); the same answers give the same
    bytes (fixed document and archive timestamps)."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    for name, variables, rows in sheets:
        _sheet(wb.create_sheet(sheet_title(name, taken)), variables, rows)
    if not sheets:
        wb.create_sheet("empty")
    return save_workbook(wb)


def save_workbook(wb) -> bytes:
    """An openpyxl workbook as XLSX bytes, the same workbook giving the same bytes: openpyxl
    stamps the document properties and each archive member with the time of saving, so those
    are fixed here (the one place every XLSX the project writes goes through)."""
    import datetime
    import zipfile

    fixed = datetime.datetime(*_FIXED_TIME)
    wb.properties.created = wb.properties.modified = fixed
    wb.properties.creator = "iso20000-prm"
    raw = io.BytesIO()
    wb.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src:
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                data = src.read(info.filename)
                if info.filename == "docProps/core.xml":
                    data = re.sub(
                        rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2000-01-01T00:00:00Z", data
                    )
                member = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME)
                member.compress_type = zipfile.ZIP_DEFLATED
                dst.writestr(member, data)
    return out.getvalue()


# ----------------------------------------------------------------------------- one entry point
def render(
    variables: list[str],
    rows: list[dict],
    fmt: str = "table",
    terms=None,
    form: str = "SELECT",
    width: int | None = None,
    name: str = "query",
) -> str | bytes:
    """The answer in ``fmt``: text, or bytes for xlsx and the RDF formats."""
    if fmt in RDF_EXTENSIONS:
        if form != "CONSTRUCT":
            raise FormatError(
                f"{fmt} is for CONSTRUCT and DESCRIBE answers; a {form} answer is written as "
                "table, json, xml, csv, tsv, records or xlsx"
            )
        return as_rdf(_terms(variables, rows, terms), fmt)
    if fmt == "table":
        return as_table(variables, rows, width)
    if fmt == "csv":
        return as_csv(variables, rows, terms)
    if fmt == "tsv":
        return as_tsv(variables, rows, terms)
    if fmt == "json":
        return as_json(variables, rows, terms, form)
    if fmt == "xml":
        return as_xml(variables, rows, terms, form)
    if fmt == "records":
        return as_records(variables, rows)
    if fmt == "xlsx":
        return as_xlsx([(name, variables, rows)])
    raise FormatError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def render_result(result, fmt: str = "table", width: int | None = None, name: str = "query"):
    """:func:`render` for a :class:`~iso20000_prm.sparql.saved.QueryResult`."""
    return render(result.variables, result.rows, fmt, result.terms, result.form, width, name)
