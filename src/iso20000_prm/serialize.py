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
    """Write ``data`` to ``path`` through a temporary file and an atomic rename.

    A path that cannot be written (its folder is a file, no permission, disk full) raises
    :class:`OutputError` naming it, so every command reports it in one line.
    """
    from .errors import OutputError

    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{path}: cannot make its folder {path.parent}: {exc.strerror or exc}") from None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write there: {exc.strerror or exc}") from None
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
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(f"{path}: cannot write there: {exc.strerror or exc}") from None
        raise
    return path

