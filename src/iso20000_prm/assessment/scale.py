"""The measurement framework as data: the rating scale, its refinement and the nine process
attributes, read from ``ontology/assessment-schemes.ttl`` (band limits, ordinals and attribute
levels live there, not here), and the two rules that use them: a percentage's rating, and the
capability level of a set of attribute ratings.

Percentages are :class:`decimal.Decimal`, so band edges are exact (15 is N, 15.0001 is P).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from iso20000_prm import vocab as ns
from iso20000_prm.errors import PRMError


@dataclass(frozen=True)
class Rating:
    """One value of the scale: ``code`` as written (N, P, L, F, P-, P+, L-, L+)."""

    code: str
    iri: str
    label: str
    low: Decimal
    low_inclusive: bool
    high: Decimal  # inclusive
    ordinal: int
    refined: bool
    broader: str | None  # code of the coarse rating a refined one narrows

    def contains(self, percentage: Decimal) -> bool:
        above = percentage >= self.low if self.low_inclusive else percentage > self.low
        return above and percentage <= self.high

    @property
    def midpoint(self) -> Decimal:
        """The value a rating without a percentage counts as in a mean or median."""
        return (self.low + self.high) / 2

    @property
    def coarse(self) -> str:
        return self.broader or self.code

    def band(self) -> str:
        return f"{'' if self.low_inclusive else '>'}{_num(self.low)} to {_num(self.high)} %"


@dataclass(frozen=True)
class Attribute:
    code: str  # "PA 1.1"
    iri: str
    name: str
    level: int


def _num(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def schemes_file() -> Path:
    from iso20000_prm.files import resource_dir

    return resource_dir("ontology") / "assessment-schemes.ttl"


@dataclass(frozen=True)
class Scale:
    ratings: tuple[Rating, ...]
    attributes: tuple[Attribute, ...]

    def rating(self, code: str) -> Rating:
        for r in self.ratings:
            if r.code == code:
                return r
        raise PRMError(f"no rating {code!r}; the scale has {', '.join(self.codes())}")

    def by_iri(self, iri: str) -> Rating | None:
        return next((r for r in self.ratings if r.iri == iri), None)

    def codes(self, refined: bool | None = None) -> list[str]:
        return [r.code for r in self.ratings if refined is None or r.refined == refined]

    def coarse(self) -> list[Rating]:
        return [r for r in self.ratings if not r.refined]

    def refined_scale(self) -> list[Rating]:
        """N, P-, P+, L-, L+, F: the values of the refined scale, in order."""
        return [r for r in self.ratings if r.refined or r.code in ("N", "F")]

    def rating_for(self, percentage, refined: bool = False) -> Rating:
        """The rating whose band holds ``percentage`` (0..100)."""
        value = to_percentage(percentage)
        if value is None or not Decimal(0) <= value <= Decimal(100):
            raise PRMError(f"percentage {percentage!r} is not a number from 0 to 100")
        pool = self.refined_scale() if refined else self.coarse()
        for r in pool:
            if r.contains(value):
                return r
        raise PRMError(f"no band of the scale holds {percentage}")  # the scheme has a gap

    def attribute(self, code: str) -> Attribute:
        key = code.replace(" ", "").upper().removeprefix("PA")
        for a in self.attributes:
            if a.code.removeprefix("PA ") == key:
                return a
        import difflib

        close = difflib.get_close_matches(code, [a.code for a in self.attributes], n=2)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise PRMError(f"no process attribute {code!r}{hint}")

    def capability_level(self, ratings: dict[str, Rating | None]) -> tuple[int, str]:
        """The capability level (0-5) of attribute ratings keyed by code ("PA 1.1"), and why the
        next level is not reached ("" at level 5).

        Level n is reached when every attribute of level n is rated at least L and every
        attribute of the levels below is rated F (level 1: PA 1.1 at least L).
        """
        largely = self.rating("L").ordinal
        fully = self.rating("F").ordinal
        level = 0
        for n in sorted({a.level for a in self.attributes}):
            problems = []
            for a in self.attributes:
                if a.level > n:
                    continue
                r = ratings.get(a.code)
                if a.level == n:
                    if r is None:
                        problems.append(f"{a.code} not rated")
                    elif r.ordinal < largely:
                        problems.append(f"{a.code} rated {r.code}")
                elif r is not None and r.ordinal < fully:
                    problems.append(f"{a.code} rated {r.code} (level {n} needs F)")
            if problems:
                return level, "; ".join(problems)
            level = n
        return level, ""


def to_percentage(value) -> Decimal | None:
    """A cell's percentage as a Decimal (a number, "42", "42.5", "42 %"), or None if not one."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        value = repr(value)
    text = str(value).strip().removesuffix("%").strip()
    try:
        result = Decimal(text)
    except InvalidOperation:
        return None
    return result if result.is_finite() else None


@lru_cache(maxsize=4)
def _load(path: str) -> Scale:
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF, SKOS

    A = lambda local: URIRef(ns.ASMT_NS + local)  # noqa: E731
    g = Graph().parse(path, format="turtle")
    refined_scheme, coarse_scheme = A("RefinedRatingScale"), A("RatingScale")
    ratings = []
    for s in g.subjects(RDF.type, A("Rating")):
        lo_in, lo_ex = g.value(s, A("minInclusive")), g.value(s, A("minExclusive"))
        broader = g.value(s, SKOS.broader)
        ratings.append(
            Rating(
                code=str(g.value(s, SKOS.notation)),
                iri=str(s),
                label=str(g.value(s, SKOS.prefLabel)),
                low=Decimal(str(lo_in if lo_in is not None else lo_ex)),
                low_inclusive=lo_in is not None,
                high=Decimal(str(g.value(s, A("maxInclusive")))),
                ordinal=int(g.value(s, A("ordinal"))),
                refined=(s, SKOS.inScheme, coarse_scheme) not in g
                and (s, SKOS.inScheme, refined_scheme) in g,
                broader=str(g.value(broader, SKOS.notation)) if broader is not None else None,
            )
        )
    ratings.sort(key=lambda r: (r.low, r.refined))
    attributes = []
    for s in g.subjects(RDF.type, A("ProcessAttribute")):
        level = g.value(s, A("attributeLevel"))
        assert isinstance(level, Literal)
        attributes.append(
            Attribute(
                code=str(g.value(s, SKOS.notation)),
                iri=str(s),
                name=str(g.value(s, SKOS.prefLabel)),
                level=int(level),
            )
        )
    attributes.sort(key=lambda a: ns.clause_key(a.code))
    return Scale(tuple(ratings), tuple(attributes))


def load_scale(path: Path | str | None = None) -> Scale:
    """The scale and attributes from the shipped schemes (or ``path``), read once."""
    return _load(str(path or schemes_file()))
