"""Files the package ships and files it writes: one place for both.

Shipped resources (tables, reference tables, ontology, shapes, queries) are the top-level folders
of the repository, installed as the subpackages ``iso20000_prm.data.*``; :func:`resource_dir` finds
them either way. :func:`write_atomic` writes to a temporary file beside the target and renames it
into place, so a reader sees the old file or the new one, never a mixture, and a failed build
leaves what was there before.
"""

from __future__ import annotations

import importlib.util
import os
import tempfile
from pathlib import Path

_REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUTPUT = Path("build") / "iso20000-prm.ttl"


def resource_dir(name: str) -> Path:
    """Folder of shipped resources ``name`` (tables, reference, ontology, shapes or queries)."""
    spec = importlib.util.find_spec(f"iso20000_prm.data.{name}")
    if spec is not None and spec.submodule_search_locations:
        return Path(list(spec.submodule_search_locations)[0])
    path = _REPO_ROOT / name
    if not path.is_dir():
        raise FileNotFoundError(
            f"shipped resource folder {name!r} not found (looked in the package and {path})"
        )
    return path


def tables_dir() -> Path:
    return resource_dir("tables")


def reference_dir() -> Path:
    return resource_dir("reference")


def ontology_file() -> Path:
    return resource_dir("ontology") / "iso20000-prm.ttl"


def shapes_dir() -> Path:
    return resource_dir("shapes")


def queries_dir() -> Path:
    return resource_dir("queries")


def write_atomic(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file and an atomic rename.

    A path that cannot be written (its folder is a file, no permission, disk full) raises
    :class:`OutputError` naming it, so every command reports it in one line.
    """
    from iso20000_prm.errors import OutputError

    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"{path}: cannot make its folder {path.parent}: {exc.strerror or exc}"
        ) from None
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
