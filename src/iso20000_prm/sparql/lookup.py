"""Parameter values checked against the graph before a query runs, so a question the graph cannot
answer is an error with close names, never an empty answer.

A saved query declares what kind of thing a parameter names in its header::

    #+ kinds:
    #+   - process: process
    #+   - edition: edition
    #+   - clause: clause

and each given value is looked up in the graph the query runs on (by a few small SELECTs through
the same store or endpoint) and replaced by the one form the query matches on:

* ``process``: its number (``5.6``), from the number, its name in any case (``Change
  management``) or its IRI slug (``change-management``);
* ``edition``: its edition code (``1ED IS``), from the code in any case, its short code
  (``1ed``), the year (``2005``; ``2010-draft`` for the draft), the IRI slug
  (``iso20000-1-2005``, ``2ed-draft``), its identifier or label; an edition the TR does not cite
  (2011, 2018: no edition code, a SKOS scheme reached through mapping sets) becomes its year
  (``2018`` from ``ISO/IEC 20000-1:2018``, ``iso20000-1-2018``, ``20000-1:2018``). An edition
  outside the query's ``#+ enumerate:`` list is an error naming the query that answers for it
  (``#+ other-editions:`` header, ``- 2018: chain-traces``);
* ``clause``: its normalised number (``6.4``), from that or the number as printed (``06.4``), in
  the edition the query is asked about (any edition when none is): the clauses the TR cites
  (``prm:edition``) and those of the 2011 and 2018 schemes (``skos:inScheme``);
* ``practice`` / ``objective``: an ITIL 4 practice's identifier (``change-enablement``) or a
  COBIT 2019 objective's code (``BAI06``), from that or the name, in any case.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from iso20000_prm.errors import PRMError
from iso20000_prm.records import Record
from iso20000_prm.sparql.params import ParameterError
from iso20000_prm.vocab import DATA_NS, PREFIX_MAP, VOID_NS, clause_key

KINDS = ("process", "edition", "clause", "practice", "objective")

Runner = Callable[[str], tuple[list[str], list[list]]]

_PREFIXES = "".join(
    f"PREFIX {p}: <{ns}>\n" for p, ns in sorted({**PREFIX_MAP, "void": VOID_NS}.items())
)

_PROCESSES = (
    _PREFIXES
    + """SELECT ?p ?notation ?name WHERE {
  ?p a prm:Process ; skos:notation ?notation .
  OPTIONAL { ?p rdfs:label ?name }
}"""
)
_EDITIONS = (
    _PREFIXES
    + """SELECT ?d ?code ?identifier ?label ?title ?issued WHERE {
  { ?d prm:editionCode ?anyCode } UNION { ?d a prm:Edition }
  UNION { ?c prm:edition ?d } UNION { ?set void:objectsTarget ?d . ?d a prm:Document }
  OPTIONAL { ?d prm:editionCode ?code }
  OPTIONAL { ?d dcterms:identifier ?identifier }
  OPTIONAL { ?d rdfs:label ?label }
  OPTIONAL { ?d dcterms:title ?title }
  OPTIONAL { ?d dcterms:issued ?issued }
}"""
)
# The clauses of every edition: those the TR cites (prm:edition, with the number as printed and
# the heading) and those of the editions reached only through mapping sets (2011, 2018: SKOS
# concepts in the edition's scheme, "8.5.1 Change management" as preferred label).
_CLAUSES = (
    _PREFIXES
    + """SELECT ?ed ?notation ?printed ?heading ?label WHERE {
  { ?c prm:edition ?ed ; skos:notation ?notation .
    OPTIONAL { ?c prm:clauseAsPrinted ?printed }
    OPTIONAL { ?c prm:heading ?heading } }
  UNION
  { ?c skos:inScheme ?ed ; skos:notation ?notation .
    OPTIONAL { ?c skos:prefLabel ?label } }
}"""
)


# ITIL 4 practices and COBIT 2019 objectives (issue 21): the concepts of the two framework schemes
_FRAMEWORK_OF = {"practice": "ITIL 4", "objective": "COBIT 2019"}
_ITEMS = (
    _PREFIXES
    + """SELECT ?item ?notation ?name ?framework WHERE {
  ?item skos:inScheme ?scheme ; skos:notation ?notation .
  ?scheme dcterms:identifier ?framework .
  FILTER(?framework IN ("ITIL 4", "COBIT 2019"))
  OPTIONAL { ?item skos:prefLabel ?name }
}"""
)


_SEPARATORS = re.compile(r"[\s_-]+")  # compiled here: norm() runs for every candidate name


def norm(text: str) -> str:
    """Lower case, runs of spaces, underscores and hyphens as one hyphen."""
    return _SEPARATORS.sub("-", str(text).strip().lower())


class Candidate(Record):
    __slots__ = ("value", "shown", "aliases", "note", "iri")
    value: str | None  # the form the query matches on; None: known but not usable here
    shown: str  # how the did-you-mean list names it
    aliases: set[str]
    note: str
    iri: str  # the resource, where the kind needs it (editions)

    def __init__(
        self, value: str | None, shown: str, aliases: set[str], note: str = "", iri: str = ""
    ):
        self.value, self.shown, self.aliases, self.note, self.iri = value, shown, aliases, note, iri


def _sortkey(text: str | None):
    return clause_key(text)


class Lookup:
    """The processes, editions and clauses of one graph, read once and reused."""

    def __init__(self, run: Runner):
        self._run = run
        self._cache: dict[str, list] = {}

    def _rows(self, key: str, text: str) -> list[dict]:
        if key not in self._cache:
            variables, rows = self._run(text)
            self._cache[key] = [dict(zip(variables, r)) for r in rows]
        return self._cache[key]

    # ------------------------------------------------------------------ candidates per kind
    def processes(self) -> list[Candidate]:
        out: dict[str, Candidate] = {}
        for r in self._rows("process", _PROCESSES):
            n = str(r["notation"])
            c = out.setdefault(n, Candidate(n, n, {norm(n)}))
            if r.get("name"):
                c.aliases.add(norm(r["name"]))
                c.shown = f"{n} {r['name']}"
            iri = str(r["p"])
            c.aliases.add(norm(iri.rsplit("/", 1)[-1]))
            if iri.startswith(DATA_NS):
                c.aliases.add(norm(iri[len(DATA_NS) :]))
        return sorted(out.values(), key=lambda c: _sortkey(c.value))

    def editions(self) -> list[Candidate]:
        if "edition-candidates" not in self._cache:  # resolve() and clauses() both ask
            self._cache["edition-candidates"] = self._editions()
        return self._cache["edition-candidates"]

    def _editions(self) -> list[Candidate]:
        out: dict[str, Candidate] = {}
        scheme_eds = {str(r["ed"]) for r in self._rows("clause", _CLAUSES)}
        for r in self._rows("edition", _EDITIONS):
            iri = str(r["d"])
            c = out.setdefault(iri, Candidate(None, iri, set(), iri=iri))
            slug = iri.rsplit("/", 1)[-1]
            c.aliases |= {norm(slug)}
            if slug.startswith("iso20000-1-"):
                c.aliases.add(norm(slug[len("iso20000-1-") :]))
            code = r.get("code")
            if code:
                c.value = str(code)
                c.aliases.add(norm(code))
                words = str(code).split()
                if len(words) == 2 and words[1].upper() == "IS":
                    c.aliases.add(norm(words[0]))
            elif r.get("identifier") and ":" in str(r["identifier"]) and iri in scheme_eds:
                # an edition the TR does not cite (no edition code): its year, as the
                # mapping-set queries match it ("ISO/IEC 20000-1:2018" -> "2018")
                c.value = str(r["identifier"]).rsplit(":", 1)[-1].strip()
            for key in ("identifier", "label"):
                if r.get(key):
                    c.aliases.add(norm(r[key]))
                    c.aliases.add(norm(str(r[key]).replace("ISO/IEC ", "")))
            year = str(r["issued"])[:4] if r.get("issued") else None
            title = str(r.get("title") or "")
            if year:
                c.aliases.add(year)
            elif "draft" in (str(code or "") + title + slug).lower():
                m = re.search(r"\((\d{4})\)", title)
                if m:
                    c.aliases.add(f"{m.group(1)}-draft")
            name = str(r.get("identifier") or r.get("label") or slug)
            c.shown = f"{code} ({name})" if code else name
        cands = sorted(out.values(), key=lambda c: c.shown)
        for c in cands:
            if c.value is None:
                c.note = "no clause of it is traced in this graph"
        return cands

    def clauses(self, edition: str | None) -> list[Candidate]:
        out: dict[tuple, Candidate] = {}
        value_of = {c.iri: c.value for c in self.editions() if c.value is not None}
        for r in self._rows("clause", _CLAUSES):
            ed = value_of.get(str(r["ed"]))
            if ed is None or (edition is not None and ed != edition):
                continue  # not an edition's clause (another scheme), or another edition
            n = str(r["notation"])
            c = out.setdefault((n,), Candidate(n, n, {norm(n)}))
            if r.get("printed"):
                c.aliases.add(norm(r["printed"]))
            heading = r.get("heading") or str(r.get("label") or "").partition(" ")[2]
            if heading and edition is not None:
                c.shown = f"{n} {heading}"
        return sorted(out.values(), key=lambda c: _sortkey(c.value))

    def items(self, kind: str) -> list[Candidate]:
        """ITIL 4 practices (``practice``) or COBIT 2019 objectives (``objective``): by identifier
        (``change-enablement``, ``BAI06``) or name (``Change enablement``, ``Managed IT
        Changes``, ``BAI06 Managed IT Changes``), any case."""
        out: dict[str, Candidate] = {}
        for r in self._rows("items", _ITEMS):
            if str(r["framework"]) != _FRAMEWORK_OF[kind]:
                continue
            n = str(r["notation"])
            c = out.setdefault(n, Candidate(n, n, {norm(n)}))
            if r.get("name"):
                name = str(r["name"])
                c.aliases |= {norm(name), norm(f"{n} {name}")}
                c.shown = f"{n} {name}" if kind == "objective" else name
        return sorted(out.values(), key=lambda c: c.value or "")

    # ------------------------------------------------------------------ resolving
    def resolve(self, kind: str, name: str, value: str, edition: str | None = None) -> str:
        if kind == "process":
            cands, what = self.processes(), "process"
        elif kind == "edition":
            cands, what = self.editions(), "edition"
        elif kind == "clause":
            cands = self.clauses(edition)
            what = f"clause of {edition}" if edition else "clause"
        elif kind in _FRAMEWORK_OF:
            cands, what = self.items(kind), f"{_FRAMEWORK_OF[kind]} {kind}"
        else:
            raise ParameterError(f"parameter {name!r}: unknown kind {kind!r}")
        key = norm(value)
        hits = [c for c in cands if key in c.aliases]
        if len(hits) == 1 and hits[0].value is not None:
            return hits[0].value
        if len(hits) == 1:
            usable = ", ".join(c.value for c in cands if c.value is not None)
            raise ParameterError(
                f"parameter {name!r}: {value!r} is {hits[0].shown}, but {hits[0].note}; "
                f"this query takes: {usable}"
            )
        if len(hits) > 1:
            raise ParameterError(
                f"parameter {name!r}: {value!r} names several: {'; '.join(c.shown for c in hits)}"
            )
        message = f"parameter {name!r}: no {what} {value!r}"
        for other in (k for k in _FRAMEWORK_OF if kind in _FRAMEWORK_OF and k != kind):
            elsewhere = [c for c in self.items(other) if key in c.aliases]
            if len(elsewhere) == 1:  # BAI06 given as a practice: say what it is
                raise ParameterError(
                    f"{message}; it is the {_FRAMEWORK_OF[other]} {other} {elsewhere[0].shown}:"
                    f" give it as the {other!r} parameter"
                )
        raise ParameterError(message + _hint(key, cands))


def _hint(key: str, cands: list[Candidate]) -> str:
    import difflib

    by_alias: dict[str, Candidate] = {}
    for c in cands:
        for a in sorted(c.aliases):
            by_alias.setdefault(a, c)
    # a part of a name first ("change" -> Change enablement), then names spelled alike
    part = [a for a in by_alias if len(key) >= 3 and key in a.split("-")] if key else []
    close = part + difflib.get_close_matches(key, list(by_alias), n=8, cutoff=0.6)
    # a number's neighbours: same major part ("5.99" -> the 5.x processes)
    shown: list[str] = []
    for a in close:
        s = by_alias[a].shown
        if s not in shown:
            shown.append(s)
    if not shown:
        head = key.split(".")[0]
        shown = [c.shown for c in cands if c.value and c.value.split(".")[0] == head][:8]
    if shown:
        return f"; did you mean {'; '.join(shown[:5])}?"
    return f"; known: {', '.join(c.shown for c in cands[:12])}{' ...' if len(cands) > 12 else ''}"


def resolve_values(
    saved, values: dict[str, str], lookup: Lookup, defaulted: frozenset[str] = frozenset()
) -> dict[str, str]:
    """``values`` with every parameter of a declared kind replaced by the graph's own form.

    Editions first, so a clause is looked up in the edition asked about. ``defaulted``: the
    names whose value is the query's default, not the user's (an error then says so: the user
    gave another edition, and the default clause is not one of its clauses).
    """
    out = dict(values)
    order = sorted((n for n in out if n in saved.kinds), key=lambda n: saved.kinds[n] != "edition")
    edition = None
    for name in order:
        kind = saved.kinds[name]
        clause_edition = edition
        if kind == "clause":
            eds = [n for n, k in saved.kinds.items() if k == "edition" and n in out]
            clause_edition = out[eds[0]] if eds else None
        try:
            out[name] = lookup.resolve(kind, name, str(out[name]), clause_edition)
        except ParameterError as exc:
            if name not in defaulted:
                raise
            raise ParameterError(
                f"{exc} ({out[name]!r} is the query's default {name}; give one)"
            ) from None
        if kind == "edition":
            edition = out[name]
            allowed = saved.enumerations.get(name)
            if allowed and edition not in allowed:
                shown = next((c.shown for c in lookup.editions() if c.value == edition), edition)
                raise ParameterError(_elsewhere(saved, name, values[name], shown, edition, allowed))
    return out


def _elsewhere(saved, name: str, given: str, shown: str, edition: str, allowed: list[str]) -> str:
    """The error for an edition the graph has but this query does not answer for, naming the
    query that does (its ``#+ other-editions:`` header: ``- 2018: chain-traces``)."""
    import shlex

    from iso20000_prm.sparql.saved import get_query, parse_decorators

    other = {}
    for entry in parse_decorators(saved.text, saved.name).get("other-editions") or []:
        if isinstance(entry, dict):
            other.update({str(k): str(v) for k, v in entry.items()})
    text = (
        f"parameter {name!r}: {given!r} is {shown}, which {saved.name} does not answer for "
        f"(it takes {', '.join(allowed)})"
    )
    if edition in other:
        target = other[edition]
        try:
            takes = name in get_query(target, saved.path.parent if saved.path else None).parameters
        except PRMError:  # the named query is not beside this one: name it only
            takes = False
        arg = f" -p {shlex.quote(f'{name}={edition}')}" if takes else ""
        text += f"; ask {target}: iso20000-prm query {target}{arg}"
    return text
