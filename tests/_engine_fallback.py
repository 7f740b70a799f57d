"""Inputs the default validation engine hands to pyshacl, the reference engine (shared by
tests/validation/test_engine_fallback.py and tests/cli/test_engine_note.py)."""

from __future__ import annotations

from _paths import FIXTURES

SYNTHETIC = FIXTURES / "synthetic-prm.ttl"
LABEL = 'rdfs:label "Budgeting and accounting for IT services"@en'

# the synthetic PRM with outcome 2 of 5.3 untraced (statement and entry removed): a violation
# (also tests/cli/test_validation_cli.py's)
VIOLATION = (
    SYNTHETIC.read_text(encoding="utf-8")
    .replace(
        "prm:bracketStatus prm:NotBracketed ; prm:tracesTo ex:clause-1-6.4 .\nex:budgeting-e1",
        "prm:bracketStatus prm:NotBracketed .\nex:budgeting-e1",
    )
    .replace(
        "prm:supportsOutcome ex:budgeting-1 , ex:budgeting-2 .",
        "prm:supportsOutcome ex:budgeting-1 .",
    )
)
# and the label of 5.3, which the finding's message names, tagged "@EN": Oxigraph would store
# it as "@en"
CAPITAL = VIOLATION.replace(LABEL, LABEL.removesuffix("@en") + "@EN")
REASON = "the graph has a language tag with a capital letter"

# shapes with sh:closed, which the default engine does not compile
CLOSED_SHAPES = (
    "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
    "@prefix prm: <https://w3id.org/iso20000-prm/vocab#> .\n"
    "<urn:s> a sh:NodeShape ; sh:targetClass prm:Process ; sh:closed true ;\n"
    '  sh:message "closed" .\n'
)


def note(reason: str) -> str:
    """The note's text after ``iso20000-prm COMMAND: note: ``."""
    return (
        f"validated with pyshacl (the reference engine): {reason}; this is slower on large graphs"
    )
