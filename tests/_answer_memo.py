"""One engine answer per query text on a read-only store, for modules that ask it many times.

Parametrized cases that come down to the same query text (``objective=BAI06`` and
``objective=managed it changes`` both bind BAI06; ``minConfidence=low`` asked by two tests)
would make the slow engine (rdflib) evaluate the same text on the same graph again. Every case
still goes through ``run_query`` (parameter checks, look-ups, binding, the answer's conversion);
only the engine's answer to a text it has already answered is reused. The store must not change.
"""

from __future__ import annotations


def remember_answers(store):
    """``store`` (a fixture's read-only store) answering each distinct text once."""
    answer, memo = store.answer, {}

    def remembered(text: str):
        if text not in memo:
            memo[text] = answer(text)
        return memo[text]

    store.answer = remembered
    store.distinct_answers = memo
    return store
