"""The bench harness measures what it claims (peak memory of exactly the child, failures
named)."""

import sys

import pytest
from _paths import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import common  # noqa: E402


def test_peak_memory_is_that_of_the_child():
    big = common.cold(
        [
            sys.executable,
            "-c",
            "b = bytearray(300 * 1024 * 1024); b[::4096] = b'x' * len(b[::4096])",
        ],
        1,
    )
    small = common.cold([sys.executable, "-c", "pass"], 1)
    assert big.peak_rss >= 300 * 1024 * 1024
    assert small.peak_rss < 100 * 1024 * 1024  # not the running maximum over all children


def test_failing_command_is_named():
    with pytest.raises(common.BenchError, match="exit status 3"):
        common.cold([sys.executable, "-c", "import sys; sys.exit(3)"], 1)
