"""The collector is held back only inside the build, release and validation calls, and young
reference cycles are still freed there."""

from __future__ import annotations

import gc
import weakref

import pytest

from iso20000_prm.gc_tuning import THRESHOLDS, fewer_full_collections


class _Node:
    pass


def test_thresholds_are_raised_inside_and_restored_after_also_on_error():
    before = gc.get_threshold()
    with fewer_full_collections():
        assert gc.get_threshold() == THRESHOLDS
        with fewer_full_collections():
            assert gc.get_threshold() == THRESHOLDS
        assert gc.get_threshold() == THRESHOLDS
    assert gc.get_threshold() == before
    with pytest.raises(KeyError):
        with fewer_full_collections():
            raise KeyError("x")
    assert gc.get_threshold() == before


def test_a_young_cycle_is_still_freed_without_an_explicit_collection():
    gc.collect()
    with fewer_full_collections():
        a, b = _Node(), _Node()
        a.other, b.other = b, a  # a cycle: only the collector frees it
        alive = weakref.ref(a)
        del a, b
        keep = [_Node() for _ in range(THRESHOLDS[0] * 2)]  # enough allocations for gen 0 runs
        assert alive() is None
        del keep


def test_the_build_release_and_validation_run_inside_it(monkeypatch, tmp_path):
    from iso20000_prm.graph import build
    from iso20000_prm.release.write import write_release
    from iso20000_prm.validation import engine

    seen = []
    real_add_data, real_validate = build.add_data, engine._validate_oxigraph

    def add_data(g, t):
        seen.append(("build", gc.get_threshold()))
        return real_add_data(g, t)

    def validate(*args, **kwargs):
        seen.append(("validate", gc.get_threshold()))
        return real_validate(*args, **kwargs)

    monkeypatch.setattr(build, "add_data", add_data)
    monkeypatch.setattr(engine, "_validate_oxigraph", validate)
    before = gc.get_threshold()
    write_release(None, "full", "ntriples", tmp_path, validate=True)
    assert seen == [("build", THRESHOLDS), ("validate", THRESHOLDS)]
    assert gc.get_threshold() == before
