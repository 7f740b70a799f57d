"""Python's cyclic garbage collector, held back while the graph is built, written or validated.

Building the graph makes millions of small objects that live until the end (terms, tuples, the
index's dicts), and CPython runs a full collection each time enough new objects have survived:
at 100 times the real PRM, twelve full collections walked every object of the graph and took
about a quarter of `build --format all --validate` (5.6 s of 20 s). The objects the build makes
hold no reference cycles, so the full collections free nothing. Inside
:func:`fewer_full_collections`, the young generation is still collected (so any short-lived
cycle is still freed) but a full collection waits until the block ends; nested blocks restore
the thresholds in order.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager

# young generation every 50,000 allocations (default 700); the older ones almost never
THRESHOLDS = (50_000, 50, 1_000)


@contextmanager
def fewer_full_collections():
    """Run the block with the collector's thresholds raised (restored afterwards)."""
    old = gc.get_threshold()
    gc.set_threshold(*THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*old)
