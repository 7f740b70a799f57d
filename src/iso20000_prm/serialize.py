"""Write graphs to files: deterministic bytes, and never a half-written file.

rdflib's Turtle serializer sorts subjects and predicates, so the same graph gives the same
bytes; blank nodes appear only inside the vocabulary's nested lists and restrictions, where
Turtle writes them inline without labels. ``write_atomic`` writes to a temporary file beside
the target and renames it into place, so a reader sees the old file or the new one, never a
mixture, and a failed build leaves what was there before.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

DEFAULT_OUTPUT = Path("build") / "iso20000-prm.ttl"


def serialize(graph, fmt: str = "turtle") -> bytes:
    """The graph in ``fmt`` as UTF-8 bytes (Turtle through :mod:`.fast_turtle`: same bytes, faster)."""
    if fmt in ("turtle", "ttl"):
        from .fast_turtle import turtle

        return turtle(graph)
    data = graph.serialize(format=fmt, encoding="utf-8")
    return data if isinstance(data, bytes) else data.encode("utf-8")


def write_atomic(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file and an atomic rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); give it the mode a plain open() would (0666 less umask)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path

