"""The rdflib store the builder fills: one subject -> predicate -> objects index, kept small.

rdflib's default ``Memory`` store keeps, for every triple, three nested indexes, the triple's
contexts and two sets of triples: about 800 bytes and 16 µs per triple added, which made the
in-memory graph the largest and slowest part of a big build. The graph the builder makes has
one context and is mostly written out, which needs only the subject index; so this store keeps
that index and the number of triples, and builds the predicate and object indexes the first
time a pattern with an unbound subject asks for them (a SPARQL query, ``graph.subjects(p, o)``).

It is an rdflib :class:`~rdflib.plugins.stores.memory.SimpleMemory` (namespace bindings and
the rest of the Store API are rdflib's), so the graph is an ordinary rdflib ``Graph``.
:meth:`IndexStore.adder` gives the builder a bare ``add(triple)`` without ``Graph.add``'s
per-call checks; the writers read :attr:`IndexStore.spo` directly (``turtle_writer``).
"""

from __future__ import annotations

from rdflib.plugins.stores.memory import SimpleMemory

SCANS_BEFORE_INDEXING = 16


def _no_contexts():
    return iter(())


class IndexStore(SimpleMemory):
    """A non-context-aware store: ``spo`` always, ``pos`` and ``osp`` on first need."""

    context_aware = False
    formula_aware = False
    graph_aware = False
    transaction_aware = False

    def __init__(self, configuration=None, identifier=None):
        super().__init__(configuration, identifier)
        self.spo: dict = {}  # subject -> predicate -> {object: 1}
        self._pos: dict | None = None  # predicate -> object -> {subject: 1}, once asked for
        self._osp: dict | None = None  # object -> subject -> {predicate: 1}, once asked for
        self._size = 0
        self._scans = 0  # patterns answered by a scan of spo, before the indexes are built
        self._add = self.adder()

    # -- adding

    def adder(self):
        """A plain ``add((s, p, o))`` for bulk building: no per-call checks of the terms."""
        spo = self.spo

        def add(triple) -> None:
            s, p, o = triple
            by_p = spo.get(s)
            if by_p is None:
                spo[s] = {p: {o: 1}}
            else:
                objects = by_p.get(p)
                if objects is None:
                    by_p[p] = {o: 1}
                elif o in objects:
                    return
                else:
                    objects[o] = 1
            self._size += 1
            if self._pos is not None:
                self._index_rest(s, p, o)

        return add

    def add(self, triple, context=None, quoted=False) -> None:
        self._add(triple)

    def addN(self, quads) -> None:  # noqa: N802 (rdflib's name)
        add = self._add
        for s, p, o, _ in quads:
            add((s, p, o))

    def _index_rest(self, s, p, o) -> None:
        self._pos.setdefault(p, {}).setdefault(o, {})[s] = 1
        self._osp.setdefault(o, {}).setdefault(s, {})[p] = 1

    def _ensure_rest(self) -> None:
        """Build the predicate and object indexes from the subject index (once)."""
        if self._pos is not None:
            return
        self._pos, self._osp = {}, {}
        index = self._index_rest
        for s, by_p in self.spo.items():
            for p, objects in by_p.items():
                for o in objects:
                    index(s, p, o)

    # -- removing

    def remove(self, triple_pattern, context=None) -> None:
        for (s, p, o), _ in list(self.triples(triple_pattern)):
            by_p = self.spo[s]
            objects = by_p[p]
            del objects[o]
            if not objects:
                del by_p[p]
                if not by_p:
                    del self.spo[s]
            self._size -= 1
            if self._pos is not None:
                by_o = self._pos[p]
                del by_o[o][s]
                if not by_o[o]:
                    del by_o[o]
                    if not by_o:
                        del self._pos[p]
                by_s = self._osp[o]
                del by_s[s][p]
                if not by_s[s]:
                    del by_s[s]
                    if not by_s:
                        del self._osp[o]

    # -- reading

    def __len__(self, context=None) -> int:
        return self._size

    def triples(self, triple_pattern, context=None):
        s, p, o = triple_pattern
        if s is not None:
            by_p = self.spo.get(s)
            if by_p is None:
                return
            if p is not None:
                objects = by_p.get(p)
                if objects is None:
                    return
                if o is not None:
                    if o in objects:
                        yield (s, p, o), _no_contexts()
                    return
                for obj in list(objects):
                    yield (s, p, obj), _no_contexts()
                return
            for pred, objects in list(by_p.items()):
                if o is not None:
                    if o in objects:
                        yield (s, pred, o), _no_contexts()
                    continue
                for obj in list(objects):
                    yield (s, pred, obj), _no_contexts()
            return
        if p is None and o is None:
            for subj, by_p in list(self.spo.items()):
                for pred, objects in list(by_p.items()):
                    for obj in list(objects):
                        yield (subj, pred, obj), _no_contexts()
            return
        if self._pos is None and self._scans < SCANS_BEFORE_INDEXING:
            # a few look-ups (the release description's) cost less as a scan than as an index
            self._scans += 1
            yield from self._scan(p, o)
            return
        self._ensure_rest()
        if p is not None:
            by_o = self._pos.get(p)
            if by_o is None:
                return
            if o is not None:
                for subj in list(by_o.get(o, ())):
                    yield (subj, p, o), _no_contexts()
                return
            for obj, subjects in list(by_o.items()):
                for subj in list(subjects):
                    yield (subj, p, obj), _no_contexts()
            return
        for subj, preds in list(self._osp.get(o, {}).items()):
            for pred in list(preds):
                yield (subj, pred, o), _no_contexts()

    def _scan(self, p, o):
        """The triples matching ``(None, p, o)`` (p or o given), from the subject index."""
        for subj, by_p in list(self.spo.items()):
            if p is not None:
                objects = by_p.get(p)
                if objects is None:
                    continue
                if o is None:
                    for obj in list(objects):
                        yield (subj, p, obj), _no_contexts()
                elif o in objects:
                    yield (subj, p, o), _no_contexts()
                continue
            for pred, objects in list(by_p.items()):
                if o in objects:
                    yield (subj, pred, o), _no_contexts()

    def iter_triples(self):
        """Every triple, in one generator (not one per triple, as ``triples`` yields them)."""
        return ((s, p, o) for s, by_p in self.spo.items() for p, objs in by_p.items() for o in objs)

    def contexts(self, triple=None):
        return iter(())
