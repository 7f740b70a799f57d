"""Where the shipped tables, ontology, shapes and queries are, installed or in a checkout.

In a wheel they are subpackages of ``iso20000_prm``; in an editable install or a plain
checkout they are the top-level folders of the repository.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

_REPO_ROOT = Path(__file__).resolve().parents[2]


def resource_dir(name: str) -> Path:
    """Folder of shipped resources ``name`` (tables, ontology, shapes or queries)."""
    spec = importlib.util.find_spec(f"iso20000_prm.{name}")
    if spec is not None and spec.submodule_search_locations:
        return Path(list(spec.submodule_search_locations)[0])
    path = _REPO_ROOT / name
    if not path.is_dir():
        raise FileNotFoundError(f"shipped resource folder {name!r} not found (looked in the package and {path})")
    return path


def tables_dir() -> Path:
    return resource_dir("tables")


def ontology_file() -> Path:
    return resource_dir("ontology") / "iso20000-prm.ttl"


def shapes_dir() -> Path:
    return resource_dir("shapes")


def queries_dir() -> Path:
    return resource_dir("queries")
