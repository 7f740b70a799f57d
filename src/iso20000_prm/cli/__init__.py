"""The ``iso20000-prm`` command line: a thin layer over the Python API.

Each subcommand lives in its own module under ``iso20000_prm.cli`` and is found there
automatically; a module provides ``add_parser(subparsers)`` and sets ``func`` on its parser.
Command modules import heavy libraries (rdflib, pyshacl) inside their functions only, so that
``--help`` and the fast paths stay fast.

Exit codes: 0 success, 1 a check found problems (e.g. validation violations), 2 usage or
input errors (a message on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys

from iso20000_prm import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors: one line, exit 2
        self.print_usage(sys.stderr)
        self.exit(EXIT_INPUT, f"{self.prog}: error: {message}\n")


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="iso20000-prm",
        description="Build, validate and query the knowledge graph of ISO/IEC TR 20000-4:2010, the ITSM process reference model.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}").add_parser(subparsers)
    import shtab

    from iso20000_prm.cli.query import completion_preamble

    shtab.add_argument_to(  # `iso20000-prm --print-completion bash|zsh`: completion script
        parser, ["--print-completion"], preamble=completion_preamble()
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_INPUT
    from iso20000_prm.cli._progress import for_command
    from iso20000_prm.errors import PRMError, one_line
    from iso20000_prm.files import guard_inputs

    try:
        # elapsed time on a terminal while a long command works; outputs checked against the
        # tables the command reads
        with for_command(args), guard_inputs():
            return int(args.func(args) or 0)
    except PRMError as exc:
        print(f"iso20000-prm {args.command}: error: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    except (Exception, RecursionError, MemoryError) as exc:  # a bug or an input we did not foresee
        if os.environ.get("ISO20000_PRM_DEBUG"):
            raise
        print(
            f"iso20000-prm {args.command}: error: unexpected {type(exc).__name__}: "
            f"{one_line(str(exc), 300)} (set ISO20000_PRM_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        return EXIT_INPUT


if __name__ == "__main__":
    sys.exit(main())
