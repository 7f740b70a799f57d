"""Saved SPARQL queries (``queries/*.rq``) and one call to run them, or any query, anywhere.

Each ``.rq`` file starts with grlc decorators (``#+ summary:``, ``#+ tags:``, ``#+ enumerate:``,
``#+ defaults:``) and names its parameters ``?_name``/``?__name``, so the folder can also be
served as a web API by grlc unchanged. :func:`run_query` runs a saved query or SPARQL text on
the built graph with pyoxigraph (default; rdflib is never imported on that path), on rdflib, or
at a remote SPARQL 1.1 Protocol endpoint, and returns plain Python values::

    from iso20000_prm import sparql
    store = sparql.open_store()                 # load build/iso20000-prm.ttl once
    result = sparql.run_query("process-outcomes", {"process": "5.6"}, graph=store)
    result.variables, result.rows               # ['process', ...], [{'process': '5.6', ...}, ...]
"""

from __future__ import annotations

import re
from pathlib import Path

from iso20000_prm.errors import PRMError
from iso20000_prm.records import FrozenRecord, Record
from iso20000_prm.sparql.engines import ENGINES
from iso20000_prm.sparql.params import Parameter, bind, find_parameters

Value = str | int | float | None


class UnknownQueryError(PRMError):
    """No saved query has the name given."""


class SavedQuery(FrozenRecord):
    """One ``.rq`` file: its name (the file stem), decorators, parameters and text."""

    __slots__ = (
        "name",
        "summary",
        "parameters",
        "tags",
        "path",
        "text",
        "description",
        "required",
        "enumerations",
        "defaults",
        "kinds",
        "pivot",
        "param_specs",
    )
    _hidden = ("param_specs",)
    name: str
    summary: str
    parameters: list[str]
    tags: list[str]
    path: Path | None
    text: str
    description: str
    required: list[str]
    enumerations: dict[str, list[str]]
    defaults: dict[str, str]
    kinds: dict[str, str]  # parameter -> process, clause, edition
    pivot: dict[str, str]  # rows, columns, value, empty
    param_specs: list[Parameter]

    def __init__(
        self,
        name: str,
        summary: str,
        parameters: list[str],
        tags: list[str],
        path: Path | None,
        text: str,
        description: str = "",
        required: list[str] | None = None,
        enumerations: dict[str, list[str]] | None = None,
        defaults: dict[str, str] | None = None,
        kinds: dict[str, str] | None = None,
        pivot: dict[str, str] | None = None,
        param_specs: list[Parameter] | None = None,
    ):
        self._set(
            name=name,
            summary=summary,
            parameters=parameters,
            tags=tags,
            path=path,
            text=text,
            description=description,
            required=[] if required is None else required,
            enumerations={} if enumerations is None else enumerations,
            defaults={} if defaults is None else defaults,
            kinds={} if kinds is None else kinds,
            pivot={} if pivot is None else pivot,
            param_specs=[] if param_specs is None else param_specs,
        )


class QueryResult(Record):
    """Rows of plain values (str, int, float, bool or None for unbound), in the query's order.

    ``form``: SELECT, ASK or CONSTRUCT (also for DESCRIBE); ``terms``: the same rows as RDF
    terms ``(kind, value, datatype, language)``, which the W3C results formats and the RDF
    writers use (:mod:`iso20000_prm.sparql.results`)."""

    __slots__ = ("variables", "rows", "form", "terms")
    _hidden = ("terms",)
    variables: list[str]
    rows: list[dict[str, Value]]
    form: str
    terms: list[list] | None

    def __init__(
        self,
        variables: list[str],
        rows: list[dict[str, Value]],
        form: str = "SELECT",
        terms: list[list] | None = None,
    ):
        self.variables, self.rows, self.form, self.terms = variables, rows, form, terms

    def __len__(self) -> int:
        return len(self.rows)

    def tuples(self) -> list[tuple]:
        return [tuple(row[v] for v in self.variables) for row in self.rows]


# ----------------------------------------------------------------------------- decorators
_DECORATOR = re.compile(r"^#\+ ?(.*)$")


def _scalar(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def parse_decorators(text: str, where: str = "query") -> dict:
    """The ``#+`` header as a dict: the small YAML subset grlc queries use.

    ``key: value`` scalars; ``key:`` followed by ``- item`` lists; list items ``- name: value``
    (a mapping) or ``- name:`` followed by a deeper ``- value`` list.
    """
    lines = []
    for line in text.splitlines():
        m = _DECORATOR.match(line)
        if m:
            lines.append(m.group(1).rstrip())
        elif line.strip() and not line.lstrip().startswith("#"):
            break
    out: dict = {}
    key = item = None
    for raw in lines:
        if not raw.strip():
            continue
        indent = len(raw) - len(raw.lstrip())
        body = raw.strip()
        if indent == 0 and not body.startswith("-"):
            if ":" not in body:
                raise PRMError(f"{where}: decorator line {raw!r} is not 'key: value'")
            key, _, value = body.partition(":")
            key, value = key.strip(), value.strip()
            out[key] = _scalar(value) if value else []
            item = None
        elif body.startswith("-") and key is not None and isinstance(out.get(key), list):
            entry = body[1:].strip()
            if item is not None and indent > item[0]:
                item[1].append(_scalar(entry))
                continue
            name, sep, value = entry.partition(":")
            if sep and not entry.startswith(("'", '"')) and not value.strip():
                values: list = []
                out[key].append({name.strip(): values})
                item = (indent, values)
            elif sep and not entry.startswith(("'", '"')):
                out[key].append({name.strip(): _scalar(value)})
                item = None
            else:
                out[key].append(_scalar(entry))
                item = None
        elif key is not None and isinstance(out.get(key), str):
            out[key] = (out[key] + " " + body).strip()  # folded continuation of a scalar
        else:
            raise PRMError(f"{where}: cannot read decorator line {raw!r}")
    return out


def _merge(items) -> dict:
    merged: dict = {}
    for entry in items if isinstance(items, list) else []:
        if isinstance(entry, dict):
            merged.update(entry)
    return merged


def load_query_file(path: Path | str) -> SavedQuery:
    """Read one ``.rq`` file into a :class:`SavedQuery`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PRMError(f"{path}: cannot read the query file ({exc})") from None
    return saved_query_from_text(text, name=path.stem, path=path)


def saved_query_from_text(text: str, name: str = "query", path: Path | None = None) -> SavedQuery:
    deco = parse_decorators(text, str(path or name))
    specs = find_parameters(text)
    enumerations = {
        k: [str(x) for x in v]
        for k, v in _merge(deco.get("enumerate")).items()
        if isinstance(v, list)
    }
    defaults = {k: str(v) for k, v in _merge(deco.get("defaults")).items()}
    kinds = {k: str(v) for k, v in _merge(deco.get("kinds")).items()}
    pivot = {k: str(v) for k, v in _merge(deco.get("pivot")).items()}
    for pname, kind in kinds.items():
        from iso20000_prm.sparql.lookup import KINDS  # only a query with kinds needs them

        if kind not in KINDS:
            raise PRMError(
                f"{path or name}: parameter {pname!r} has kind {kind!r}; known kinds: {', '.join(KINDS)}"
            )
    tags = deco.get("tags", [])
    return SavedQuery(
        name=name,
        summary=str(deco.get("summary", "")) if not isinstance(deco.get("summary"), list) else "",
        parameters=[p.name for p in specs],
        tags=[str(t) for t in tags] if isinstance(tags, list) else [str(tags)],
        path=path,
        text=text,
        description=str(deco.get("description", ""))
        if isinstance(deco.get("description"), str)
        else "",
        required=[p.name for p in specs if p.required],
        enumerations=enumerations,
        defaults=defaults,
        kinds=kinds,
        pivot=pivot,
        param_specs=specs,
    )


def list_queries(directory: Path | str | None = None) -> list[SavedQuery]:
    """Every saved query in ``directory`` (default: the shipped ``queries/``), sorted by name."""
    from iso20000_prm.files import queries_dir

    directory = Path(directory) if directory is not None else queries_dir()
    return [load_query_file(p) for p in sorted(directory.glob("*.rq"), key=lambda p: p.stem)]


def get_query(name: str, directory: Path | str | None = None) -> SavedQuery:
    """The saved query called ``name``; UnknownQueryError (with close names) if there is none."""
    from iso20000_prm.files import queries_dir

    directory = Path(directory) if directory is not None else queries_dir()
    path = directory / f"{name}.rq"
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", name or "") and path.is_file():
        return load_query_file(path)
    import difflib

    names = [p.stem for p in sorted(directory.glob("*.rq"))]
    close = difflib.get_close_matches(name or "", names, n=3)
    hint = (
        f"; did you mean {', '.join(close)}?"
        if close
        else "; `iso20000-prm query --list` shows them"
    )
    raise UnknownQueryError(f"no saved query named {name!r}{hint}")


# ----------------------------------------------------------------------------- running
def open_store(graph=None, engine: str = "oxigraph"):
    """A loaded graph to run many queries on without reloading.

    ``graph``: a graph file path (or a list of them: their union, e.g. an assessment and the
    PRM graph it rates); an rdflib Graph; or None for "the graph" by the one rule
    (:mod:`iso20000_prm.graph.source`: the last build if it exists, else the graph built in
    memory from the shipped tables).
    """
    from iso20000_prm.sparql import engines as eng

    if engine not in ENGINES:
        raise PRMError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
    if isinstance(graph, (eng.OxigraphStore, eng.RdflibStore)):
        if graph.engine != engine:
            raise PRMError(
                f"the store given was loaded for engine {graph.engine!r}, not {engine!r}"
            )
        return graph
    if graph is None:
        from iso20000_prm.graph.source import graph_file

        graph = graph_file()
        if graph is None:
            from iso20000_prm.graph.build import build_graph

            return eng.store_from_rdflib_graph(build_graph(), engine)
    if isinstance(graph, (str, Path)) or (
        isinstance(graph, (list, tuple)) and all(isinstance(g, (str, Path)) for g in graph)
    ):
        return eng.open_file(graph, engine)
    if hasattr(graph, "triples") and hasattr(graph, "serialize"):
        return eng.store_from_rdflib_graph(graph, engine)
    raise PRMError(
        f"cannot query {type(graph).__name__}; give a graph file, an rdflib Graph or a store from open_store()"
    )


def resolve_query(query: SavedQuery | str) -> SavedQuery:
    """A SavedQuery for a SavedQuery, a saved query's name, an ``.rq`` path or SPARQL text."""
    if isinstance(query, SavedQuery):
        return query
    text = str(query)
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", text):
        return get_query(text)
    if "\n" not in text and text.lower().endswith(".rq"):
        path = Path(text)
        if not path.is_file():
            raise PRMError(f"{path}: no such query file")
        return _prefixed(load_query_file(path))
    return _prefixed(saved_query_from_text(text, name="query"))


def _prefixed(query: SavedQuery) -> SavedQuery:
    return query._replace(text=with_prefixes(query.text))


def project_prefixes() -> dict[str, str]:
    """The prefixes an ad-hoc query may use without declaring them."""
    from iso20000_prm import vocab

    return {
        **vocab.PREFIX_MAP,
        "setrel": vocab.SETREL_NS,
        "void": vocab.VOID_NS,
        "dcat": vocab.DCAT_NS,
        "sh": vocab.SH_NS,
        "semapv": vocab.SEMAPV_NS,
        "sssom": vocab.SSSOM_NS,
        "pav": vocab.PAV_NS,
    }


PRELUDE_MARK = "# prefixes predeclared by iso20000-prm\n"


def with_prefixes(text: str) -> str:
    """``text`` with the project's prefixes it does not declare itself declared on one line in
    front (so a syntax error's line number is off by one, which :func:`run_query` corrects)."""
    from iso20000_prm.sparql.params import declared_prefixes

    own = declared_prefixes(text)
    decl = " ".join(
        f"PREFIX {p}: <{ns}>" for p, ns in sorted(project_prefixes().items()) if p not in own
    )
    return f"{PRELUDE_MARK}{decl}\n{text}" if decl else text


def _user_lines(exc, text: str):
    """A syntax error's line number as the user wrote the query (without the prelude)."""
    if text.startswith(PRELUDE_MARK):
        message = re.sub(
            r"line (\d+),",
            lambda m: f"line {max(1, int(m.group(1)) - 2)},",
            str(exc.args[0]),
            count=1,
        )
        exc.args = (message,)
    return exc


def bound_text(query: SavedQuery | str, params: dict | None = None) -> str:
    """The query text with ``params`` (and the query's defaults) bound as RDF terms."""
    saved = resolve_query(query)
    values = {**saved.defaults, **{k: v for k, v in (params or {}).items() if v is not None}}
    values = {k: v for k, v in values.items() if k in saved.parameters or k in (params or {})}
    return bind(saved.text, values, saved.param_specs, saved.enumerations)


def run_query(
    query: SavedQuery | str,
    params: dict | None = None,
    graph=None,
    engine: str = "oxigraph",
    endpoint: str | None = None,
    timeout: float | None = None,
) -> QueryResult:
    """Run a saved query (object or name), an ``.rq`` file or SPARQL text.

    ``graph``: see :func:`open_store`; ``endpoint``: a SPARQL 1.1 Protocol URL to send the query
    to instead (``graph`` and ``engine`` are then ignored). Parameters are bound by a VALUES
    block of escaped RDF terms, never spliced into the text.
    """
    saved = resolve_query(query)
    if endpoint:
        from iso20000_prm.sparql import protocol as sparql_protocol

        def select(text: str):
            return sparql_protocol.query(endpoint, text, timeout or sparql_protocol.DEFAULT_TIMEOUT)

        lookup = None
    else:
        store = open_store(graph, engine)
        select = store.select
        # the store's look-up tables, kept for its next query; made only for a query with kinds
        lookup = getattr(store, "lookup", None) if saved.kinds else None
    text = bound_text(saved, check_parameters(saved, params, select, lookup))
    from iso20000_prm.sparql.engines import QueryError

    try:
        if endpoint:  # the server's answer keeps its terms, as the embedded engines' do
            answer = sparql_protocol.answer(
                endpoint, text, timeout or sparql_protocol.DEFAULT_TIMEOUT
            )
        else:
            answer = store.answer(text)
        form, terms = answer.form, answer.rows
        variables, rows = answer.plain()
    except QueryError as exc:
        raise _user_lines(exc, saved.text) from None
    return QueryResult(variables, [dict(zip(variables, row)) for row in rows], form, terms)


def check_parameters(saved: SavedQuery, params: dict | None, select, lookup=None) -> dict:
    """``params`` with every value of a declared kind (process, clause, edition) looked up in
    the graph ``select`` queries and replaced by the form the query matches on; a value the graph
    does not know is a ParameterError naming close ones. Defaults are checked too."""
    given = {k: v for k, v in (params or {}).items() if v is not None}
    values = {**saved.defaults, **given}
    if not any(n in saved.kinds for n in values) or any(n not in saved.parameters for n in given):
        return given  # nothing to look up, or an unknown name bind() reports
    from iso20000_prm.sparql.lookup import Lookup, resolve_values

    defaulted = frozenset(saved.defaults) - frozenset(given)
    return resolve_values(saved, values, lookup or Lookup(select), defaulted)
