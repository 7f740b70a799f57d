"""Shipped data. The files live in the repository's top-level folders (tables/, reference/,
ontology/, shapes/, queries/), which pyproject.toml installs as the subpackages of this one;
find them through :func:`iso20000_prm.files.resource_dir`."""
