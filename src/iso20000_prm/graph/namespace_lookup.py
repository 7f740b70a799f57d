"""rdflib's longest-namespace lookup, in time proportional to the IRI instead of the namespaces.

rdflib's ``NamespaceManager.compute_qname`` (which every Turtle and TriG writer calls for every
IRI) keeps the namespaces it has seen in a trie and finds the longest one an IRI starts with by
trying every key of a trie level in turn (``rdflib.namespace.get_longest_namespace``). Every
split namespace of the graph lands in that trie, so one level holds a key per process at 100
times the real PRM, and writing the graph grows with the square of its size.

The keys of one trie level are never prefixes of each other (``insert_trie`` keeps them so), so
at most one key of a level is a prefix of the IRI, and it can be found by looking up the IRI's
own prefixes: the same answer, from dictionary look-ups. The look-up is only exact while every
key is a plain ``str`` (an ``URIRef`` key hashes differently), which rdflib breaks only for an
IRI that cannot be split yet is itself a bound namespace; :func:`install` watches for such a key
and falls back to rdflib's own loop from then on. Inserting a namespace (``insert_trie``, once
per new namespace) is the same search by look-ups, then one pass for the keys the new one is a
prefix of (rdflib's loop did both in Python, about 10 s at 100 times the real PRM). Tests
compare the bytes of both.
"""

from __future__ import annotations

from itertools import compress, repeat

_state = {"installed": False, "exact": True}
# trie levels this small are searched as rdflib does: a few startswith calls beat the slicing
SMALL = 16


def install() -> None:
    """Replace ``rdflib.namespace.get_longest_namespace`` (once per process)."""
    if _state["installed"]:
        return
    import rdflib.namespace as ns

    original_longest = ns.get_longest_namespace
    original_insert = ns.insert_trie

    def insert_trie(trie, value):
        if type(value) is not str:
            _state["exact"] = False
        if value in trie:
            return trie[value]
        if len(trie) <= SMALL or not _state["exact"]:
            return original_insert(trie, value)
        # rdflib's loop, by look-ups: at most one key of a level is a proper prefix of value
        for end in range(1, len(value)):
            key = value[:end]
            if key in trie:
                return insert_trie(trie[key], value)
        # else the keys value is a prefix of move under it, in their order
        # (a loop in C: map and compress call str.startswith with no Python frame per key)
        keys = list(trie)
        longer = list(compress(keys, map(str.startswith, keys, repeat(value))))
        trie[value] = {}
        for key in longer:
            trie[value][key] = trie.pop(key)
        return trie[value]

    def get_longest_namespace(trie, value):
        if len(trie) <= SMALL or not _state["exact"]:
            return original_longest(trie, value)
        text = str(value)
        for end in range(1, len(text) + 1):
            key = text[:end]
            if key in trie:
                out = get_longest_namespace(trie[key], value)
                return key if out is None else out
        return None

    _state["original"] = (original_longest, original_insert)
    ns.insert_trie = insert_trie
    ns.get_longest_namespace = get_longest_namespace
    _state["installed"] = True
