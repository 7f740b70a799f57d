"""Run a slow, independent step of the site build in a forked child while the parent goes on.

The release files (every release format of the graph: seconds of rdflib's Turtle writer) need
nothing from the pages; on a machine with two cores or more they are written beside the page
rendering. The child is forked, so it
reads the parent's graph without copying it through a pipe; only its result (bytes) comes back.
Where ``fork`` is not available (or the pool cannot start) the step runs in the parent: the
result is the same either way.
"""

from __future__ import annotations

import multiprocessing
import os

_CALL = None  # (function, args) the forked child runs: inherited, never pickled


def _run_inherited():
    function, args = _CALL
    return function(*args)


class _Done:
    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


class _Pending:
    def __init__(self, pool, future):
        self.pool, self.future = pool, future

    def result(self):
        try:
            return self.future.result()
        finally:
            self.pool.shutdown()


def in_background(function, *args):
    """Start ``function(*args)``; ``.result()`` of the returned handle waits for its value."""
    global _CALL
    if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return _Done(function(*args))
    from concurrent.futures import ProcessPoolExecutor

    _CALL = (function, args)
    try:
        pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
        future = pool.submit(_run_inherited)  # forks now, with _CALL set
    except OSError:
        _CALL = None
        return _Done(function(*args))
    _CALL = None
    return _Pending(pool, future)
