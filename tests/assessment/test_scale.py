"""The rating bands, the refined split and the capability level rule, against tables written by
hand from the measurement framework's numbers (N 0-15, P >15-50, L >50-85, F >85-100; refined at
32.5 and 67.5; level n: attributes of n at least L, lower ones F)."""

from decimal import Decimal

import pytest

from iso20000_prm.assessment.compute import Judged, aggregate, instance_result
from iso20000_prm.assessment.scale import load_scale
from iso20000_prm.errors import PRMError

SCALE = load_scale()

# percentage -> (coarse, refined), written by hand
BANDS = [
    ("0", "N", "N"),
    ("15", "N", "N"),
    ("15.0001", "P", "P-"),
    ("32.5", "P", "P-"),
    ("32.5001", "P", "P+"),
    ("50", "P", "P+"),
    ("50.0001", "L", "L-"),
    ("67.5", "L", "L-"),
    ("67.5001", "L", "L+"),
    ("85", "L", "L+"),
    ("85.0001", "F", "F"),
    ("100", "F", "F"),
]


@pytest.mark.parametrize("pct,coarse,refined", BANDS)
def test_band_edges(pct, coarse, refined):
    assert SCALE.rating_for(Decimal(pct)).code == coarse
    assert SCALE.rating_for(Decimal(pct), refined=True).code == refined
    assert SCALE.rating(refined).contains(Decimal(pct))
    assert SCALE.rating(refined).coarse == coarse


@pytest.mark.parametrize("bad", ["-0.0001", "100.0001", "x", None])
def test_outside_the_scale(bad):
    with pytest.raises(PRMError):
        SCALE.rating_for(bad)


def test_schemes_hold_nine_attributes_by_level():
    assert [(a.code, a.level) for a in SCALE.attributes] == [
        ("PA 1.1", 1),
        ("PA 2.1", 2),
        ("PA 2.2", 2),
        ("PA 3.1", 3),
        ("PA 3.2", 3),
        ("PA 4.1", 4),
        ("PA 4.2", 4),
        ("PA 5.1", 5),
        ("PA 5.2", 5),
    ]


def _level(**codes):
    ratings = {f"PA {k[2]}.{k[4]}": SCALE.rating(v) for k, v in codes.items()}
    return SCALE.capability_level(ratings)


# (ratings by attribute, expected level, expected reason), by hand from the rule; the reason
# lists the attributes in their order
LEVELS = [
    ({}, 0, "PA 1.1 not rated"),
    ({"PA1_1": "N"}, 0, "PA 1.1 rated N"),
    ({"PA1_1": "P"}, 0, "PA 1.1 rated P"),
    ({"PA1_1": "L"}, 1, "PA 1.1 rated L (level 2 needs F); PA 2.1 not rated; PA 2.2 not rated"),
    ({"PA1_1": "L", "PA2_1": "F", "PA2_2": "F"}, 1, "PA 1.1 rated L (level 2 needs F)"),
    ({"PA1_1": "F", "PA2_1": "L", "PA2_2": "P"}, 1, "PA 2.2 rated P"),
    (
        {"PA1_1": "F", "PA2_1": "L", "PA2_2": "L"},
        2,
        "PA 2.1 rated L (level 3 needs F); PA 2.2 rated L (level 3 needs F); PA 3.1 not rated; PA 3.2 not rated",
    ),
    ({"PA1_1": "F", "PA2_1": "F", "PA2_2": "F", "PA3_1": "L", "PA3_2": "L"}, 3, None),
    (
        {
            "PA1_1": "F",
            "PA2_1": "F",
            "PA2_2": "F",
            "PA3_1": "F",
            "PA3_2": "F",
            "PA4_1": "F",
            "PA4_2": "F",
            "PA5_1": "L",
            "PA5_2": "L+",
        },
        5,
        "",
    ),
    ({"PA1_1": "L-", "PA2_1": "F", "PA2_2": "F"}, 1, "PA 1.1 rated L- (level 2 needs F)"),
]


@pytest.mark.parametrize("codes,level,reason", LEVELS)
def test_capability_level_rule(codes, level, reason):
    got_level, got_reason = _level(**codes)
    assert got_level == level
    if reason is not None:
        assert got_reason == reason


def test_aggregation_rules_by_hand():
    # percentages 10, 60, 90 and an F without percentage (midpoint of >85..100 is 92.5)
    items = [
        Judged(SCALE.rating("N"), Decimal(10)),
        Judged(SCALE.rating("L"), Decimal(60)),
        Judged(SCALE.rating("F"), Decimal(90)),
        Judged(SCALE.rating("F")),
    ]
    mean = aggregate(items, "mean")
    assert mean.percentage == Decimal("63.125") and mean.rating.code == "L"
    median = aggregate(items, "median")
    assert median.percentage == Decimal(75) and median.rating.code == "L"
    weakest = aggregate(items, "weakest")
    assert weakest.percentage == Decimal(10) and weakest.rating.code == "N"
    with pytest.raises(PRMError):
        aggregate(items, "judgement")


def test_pa11_from_outcomes_then_level():
    outcomes = {1: Judged(SCALE.rating("F")), 2: Judged(SCALE.rating("P"), Decimal(40))}
    # mean of 92.5 and 40 = 66.25 -> L; weakest 40 -> P
    r = instance_result("5.6", "a", outcomes, {}, "mean")
    assert r.attributes["PA 1.1"].percentage == Decimal("66.25") and r.level == 1
    r = instance_result("5.6", "a", outcomes, {}, "weakest")
    assert r.level == 0 and r.reason == "PA 1.1 rated P"
