"""Run the CLI in a fresh interpreter and report which heavy libraries it imported.

The embedded-store paths promise never to import rdflib, pyshacl or owlrl (nor the docs' and
mappings' libraries): only a new process shows what a command really loads.
"""

from __future__ import annotations

import ast
import subprocess
import sys

HEAVY = ("rdflib", "pyshacl", "owlrl", "matplotlib", "sssom")


def run_cli_cold(argv: list[str], cwd) -> tuple[int, list[str], list[str]]:
    """(exit code, heavy modules imported, lines the command printed) of ``iso20000-prm ARGV``."""
    code = (
        "import sys\nfrom iso20000_prm.cli import main\n"
        f"rc = main({argv!r})\n"
        f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})\n"
        "print('HEAVY', repr(heavy), rc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, timeout=120
    )
    assert done.returncode == 0, done.stderr
    *printed, last = done.stdout.strip().splitlines()
    marker, rest = last.split(" ", 1)
    assert marker == "HEAVY", done.stdout
    heavy, rc = rest.rsplit(" ", 1)
    return int(rc), ast.literal_eval(heavy), printed
