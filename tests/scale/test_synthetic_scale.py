"""The scale path: fast N-Triples equal the release writer's bytes, and the bench harness
measures what it claims (peak memory of exactly the child, failures named)."""

import sys

import pytest
from _paths import ROOT

from iso20000_prm.graph.build import build_graph
from iso20000_prm.graph.fast_ntriples import ntriples
from iso20000_prm.graph.formats import to_ntriples
from iso20000_prm.tables.synthetic import synthesize, write_tables

sys.path.insert(0, str(ROOT / "bench"))
import common  # noqa: E402


def test_fast_ntriples_equal_the_release_writer_on_the_shipped_tables():
    assert ntriples() == to_ntriples(build_graph())


def test_fast_ntriples_equal_the_release_writer_on_a_synthetic_prm(tmp_path):
    write_tables(synthesize(2, seed=3), tmp_path, 2, 3)
    data = ntriples(tmp_path)
    assert data == to_ntriples(build_graph(tmp_path))
    lines = data.decode("utf-8").splitlines()
    assert lines == sorted(set(lines))


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
