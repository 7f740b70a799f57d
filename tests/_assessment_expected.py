"""Hand-written rules the assessment tests derive their expected answers with (band edges, the
exposure classes, the confidence weights), kept apart from the code under test and shared by
every assessment test module."""

from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "assessment" / "ratings.xlsx"
TTL = ROOT / "examples" / "assessment" / "assessment.ttl"
# midpoints of the bands, by hand: N 0-15, P >15-50, L >50-85, F >85-100
MID = {"N": Decimal("7.5"), "P": Decimal("32.5"), "L": Decimal("67.5"), "F": Decimal("92.5")}
LEVEL_WORD = {"high": Decimal("0.9"), "medium": Decimal("0.6"), "low": Decimal("0.3")}  # by hand


def coarse(value):
    return "N" if value <= 15 else "P" if value <= 50 else "L" if value <= 85 else "F"


def classify(ratings):
    assessed = [r for r in ratings if r]
    weak = [r for r in assessed if r in "NP"]
    if not assessed:
        return "not assessed"
    if len(weak) == len(ratings):
        return "exposed"
    if weak:
        return "at risk"
    return "supported" if len(assessed) == len(ratings) else "partly assessed"
