"""Every mutation of the shipped tables in tests/bad_tables.py builds correctly or fails cleanly.

See tests/bad_tables.py for the corpus and for what each expectation means; this file only
runs it under pytest, one test per case.
"""

from __future__ import annotations

import bad_tables  # noqa: E402
import pytest
from _paths import ROOT


def _param(case):
    marks = (
        [pytest.mark.xfail(reason=case.known_failure, strict=False)] if case.known_failure else []
    )
    return pytest.param(case, id=case.name, marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in bad_tables.CASES])
def test_case(case, tmp_path):
    result = bad_tables.run_case(case, tmp_path)
    assert result.passed, result.detail


def test_corpus_is_systematic():
    """At least 40 distinct mutations, each column of each table dropped once, all three outcomes."""
    from iso20000_prm.tables.read import COLUMNS

    cases = bad_tables.CASES
    assert len({c.name for c in cases}) == len(cases) >= 40
    dropped = {(c.file, c.column) for c in cases if c.kind == "column missing"}
    assert dropped == {(name, col) for name, cols in COLUMNS.items() for col in cols}
    assert {c.expect for c in cases} == {"same", "valid", "error"}


def test_report_counts_and_lists_every_case(tmp_path):
    cases = [c for c in bad_tables.CASES if c.kind in ("encoding", "duplicate key")]
    results = [bad_tables.run_case(c, tmp_path) for c in cases]
    text = bad_tables.report(results)
    assert f"Cases tried: **{len(cases)}**" in text
    assert f"passed: **{sum(r.passed for r in results)}**" in text
    assert len(
        [line for line in text.splitlines() if line.startswith("| ") and line[2].isdigit()]
    ) == len(cases)


def test_published_figures_match_the_corpus():
    """docs/reliability.md and docs/bad-tables.md give the number of cases this corpus has."""
    root = ROOT
    n = len(bad_tables.CASES)
    assert f"Cases tried: **{n}**" in (root / "docs" / "bad-tables.md").read_text(encoding="utf-8")
    page = (root / "docs" / "reliability.md").read_text(encoding="utf-8")
    section = page.split("## What is tried", 1)[1].split("\n## ", 1)[0]
    assert f"| {n} | {n} |" in section
