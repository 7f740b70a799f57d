"""The computation of an assessment, in plain Python: aggregation of ratings by the stated rule,
PA 1.1 of each process instance from its outcome characterisations (rating method R1), the
capability level of each instance and of each process, with the reason a level is not reached.

A rating given without a percentage counts as the midpoint of its band in a mean or a median
(its band limits are data: ``ontology/assessment-schemes.ttl``); the weakest rule takes the
lowest value. The result of a rule is rated on the coarse scale (N, P, L, F) for the level rule,
and on the refined scale for display.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from iso20000_prm.assessment.scale import Rating, Scale, load_scale
from iso20000_prm.errors import PRMError

RULES = ("mean", "median", "weakest", "judgement")
METHODS = ("R1", "R2", "R3")


@dataclass(frozen=True)
class Judged:
    """A rating with its optional percentage (an outcome characterisation or attribute rating)."""

    rating: Rating
    percentage: Decimal | None = None

    @property
    def value(self) -> Decimal:
        return self.percentage if self.percentage is not None else self.rating.midpoint


def aggregate(items: list[Judged], rule: str, scale: Scale | None = None) -> Judged:
    """Combine ratings by ``rule`` (mean, median or weakest) into one, with its percentage."""
    scale = scale or load_scale()
    if not items:
        raise PRMError("nothing to aggregate")
    values = [i.value for i in items]
    if rule == "mean":
        value = sum(values, Decimal(0)) / len(values)
    elif rule == "median":
        value = Decimal(statistics.median(values))
    elif rule == "weakest":
        value = min(values)
    else:
        raise PRMError(f"aggregation rule {rule!r} computes nothing; rules: mean, median, weakest")
    return Judged(scale.rating_for(value), value)


@dataclass
class InstanceResult:
    process: str  # clause number, "5.6"
    instance: str
    attributes: dict[str, Judged]  # "PA 1.1" -> rating (coarse) and percentage
    level: int
    reason: str  # why level + 1 is not reached ("" at 5)


@dataclass
class ProcessResult:
    process: str
    instances: list[InstanceResult]
    attributes: dict[str, Judged]  # aggregated over the instances by the rule
    level: int
    reason: str
    outcomes: dict[int, Judged] = field(default_factory=dict)  # outcome number -> aggregated


def instance_result(
    process: str,
    instance: str,
    outcomes: dict[int, Judged],
    attributes: dict[str, Judged],
    rule: str,
    method: str = "R1",
    scale: Scale | None = None,
) -> InstanceResult:
    """PA 1.1 (from ``outcomes`` by ``rule`` under R1, else as given) and the capability level."""
    scale = scale or load_scale()
    rated = dict(attributes)
    if "PA 1.1" not in rated:
        if rule == "judgement" or method != "R1":
            raise PRMError(
                f"process {process}, instance {instance!r}: PA 1.1 is not rated "
                f"(under {method} with aggregation by {rule} it must be given)"
            )
        pa11 = aggregate(list(outcomes.values()), rule, scale)
        rated["PA 1.1"] = pa11
    coarse = {code: scale.rating(j.rating.coarse) for code, j in rated.items()}
    level, reason = scale.capability_level(coarse)
    return InstanceResult(process, instance, rated, level, reason)


def process_result(
    process: str,
    instances: list[InstanceResult],
    outcomes_by_instance: dict[str, dict[int, Judged]],
    rule: str,
    scale: Scale | None = None,
) -> ProcessResult:
    """Each attribute aggregated over the instances that rate it, then the process's level; each
    outcome aggregated over the instances (used for clause exposure)."""
    scale = scale or load_scale()
    agg_rule = "weakest" if rule == "judgement" else rule
    attributes: dict[str, Judged] = {}
    for a in scale.attributes:
        given = [i.attributes[a.code] for i in instances if a.code in i.attributes]
        if len(given) == len(instances) and given:
            attributes[a.code] = aggregate(given, agg_rule, scale)
    coarse = {code: scale.rating(j.rating.coarse) for code, j in attributes.items()}
    level, reason = scale.capability_level(coarse)
    numbers = sorted({n for per in outcomes_by_instance.values() for n in per})
    outcomes = {
        n: aggregate([per[n] for per in outcomes_by_instance.values() if n in per], agg_rule, scale)
        for n in numbers
    }
    return ProcessResult(process, instances, attributes, level, reason, outcomes)
