"""Small value classes without :mod:`dataclasses`: the query path's and `graph.formats.Format`.

Importing dataclasses (which imports :mod:`inspect`) and generating the classes costs a cold
``iso20000-prm query`` about a tenth of its run time, so the few value classes it uses are
plain classes with ``__slots__`` built on these two bases. They keep what the dataclasses gave:
equality field by field between instances of the same class, a ``Name(field=value, ...)``
repr (fields named in ``_hidden`` left out) and, for :class:`FrozenRecord`, no assignment
after ``__init__`` and a hash of the fields.
"""

from __future__ import annotations


class Record:
    """A mutable record: the fields are the subclass's ``__slots__``, in order."""

    __slots__ = ()
    _hidden: tuple[str, ...] = ()  # fields the repr leaves out

    def _fields(self) -> tuple:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __repr__(self) -> str:
        shown = (f"{n}={getattr(self, n)!r}" for n in self.__slots__ if n not in self._hidden)
        return f"{type(self).__qualname__}({', '.join(shown)})"

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return self._fields() == other._fields()
        return NotImplemented

    __hash__ = None  # mutable: unhashable, as a dataclass with eq=True


class FrozenRecord(Record):
    """An immutable record; ``__init__`` sets the fields with :meth:`_set`."""

    __slots__ = ()

    def _set(self, **fields) -> None:
        for name, value in fields.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name, value):
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name):
        raise AttributeError(f"cannot delete field {name!r}")

    def __hash__(self) -> int:
        return hash(self._fields())

    def __reduce__(self):  # copy and pickle through __init__, not by assigning the slots
        return (self.__class__, self._fields())

    def _replace(self, **changes):
        """A copy with ``changes`` (as :func:`dataclasses.replace`)."""
        values = dict(zip(self.__slots__, self._fields()))
        values.update(changes)
        return self.__class__(**values)
