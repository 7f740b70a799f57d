"""Graph -> validation: check a PRM graph against the SHACL shapes in ``shapes/`` and report
findings people can act on, by process and outcome.

One concern per module (after pySHACL's layout):

* :mod:`.shapes` the shapes graph: shipped, a user's file, or a Graph;
* :mod:`.entailment` the few entailments the shapes need, from the shipped vocabulary;
* :mod:`.working` the working copy validated (it parses each SPARQL text once);
* :mod:`.engine` :func:`validate`: the pyshacl call, its results turned into findings;
* :mod:`.messages` the wording: the process and outcome a result is about, what to do;
* :mod:`.report` :class:`Finding` and :class:`ValidationReport`;
* :mod:`.render` the text, JSON and Turtle renderings.

Usage::

    from iso20000_prm.validation import validate
    report = validate(graph)          # an rdflib Graph, or a path to a graph file
    report.conforms, report.violations, report.to_json()

The names below are imported on first use: importing this package loads neither rdflib nor
pyshacl.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "validate": "engine",
    "Finding": "report",
    "ValidationReport": "report",
    "SEVERITIES": "report",
    "FAIL_LEVELS": "report",
    "entail": "entailment",
    "load_shapes": "shapes",
    "shapes_file": "shapes",
    "FORMATS": "render",
    "render_report": "render",
    "render_text": "render",
    "render_json": "render",
    "render_turtle": "render",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        module = importlib.import_module(f".{_EXPORTS[name]}", __name__)
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return __all__
