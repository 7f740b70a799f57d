"""The repository keeps the layout docs/development.md describes."""

from collections import Counter

from _paths import ROOT


def test_test_module_names_are_unique():
    """pytest's default import mode imports test modules by their base name: two files with the
    same name in different folders stop the whole collection."""
    names = Counter(p.name for p in (ROOT / "tests").rglob("test_*.py"))
    assert [name for name, n in names.items() if n > 1] == []


def test_every_pipeline_stage_has_its_test_folder():
    stages = {
        p.name
        for p in (ROOT / "src" / "iso20000_prm").iterdir()
        if p.is_dir() and (p / "__init__.py").is_file() and p.name not in ("data", "cli")
    }
    folders = {p.name for p in (ROOT / "tests").iterdir() if p.is_dir()}
    assert stages - folders == set()
