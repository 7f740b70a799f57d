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
import sys

from iso20000_prm import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors: one line, exit 2
        self.print_usage(sys.stderr)
        self.exit(EXIT_INPUT, f"{self.prog}: error: {message}\n")


def make_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with ``command`` (a subcommand's name), a parser that knows only
    that subcommand, for :func:`main`'s fast path (other modules and shtab not imported)."""
    parser = (_FastParser if command is not None else _Parser)(
        prog="iso20000-prm",
        description="Build, validate and query the knowledge graph of ISO/IEC TR 20000-4:2010, the ITSM process reference model.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=type(parser))
    if command is not None:
        importlib.import_module(f"{__name__}.{_module_of(command)}").add_parser(subparsers)
        parser.set_defaults(print_completion=None)  # shtab's --print-completion, not given
        return parser
    for name in _command_modules():
        importlib.import_module(f"{__name__}.{name}").add_parser(subparsers)
    import shtab

    from iso20000_prm.cli.query import completion_preamble

    shtab.add_argument_to(  # `iso20000-prm --print-completion bash|zsh`: completion script
        parser, ["--print-completion"], preamble=completion_preamble()
    )
    return parser


def _command_modules() -> list[str]:
    """The command modules' names (``cli/<name>.py``, not starting with ``_``), sorted."""
    here = os.path.dirname(__file__)
    return sorted(f[:-3] for f in os.listdir(here) if f.endswith(".py") and not f.startswith("_"))


def _module_of(command: str) -> str:
    return command.replace("-", "_")


class _FastPathMiss(Exception):
    """The one-subcommand parser met something it cannot answer as the whole parser would."""


class _FastParser(_Parser):
    def error(self, message: str):  # the whole parser reports it, with its own usage line
        raise _FastPathMiss(message)


def _parse(argv: list[str] | None) -> argparse.Namespace:
    """Parse ``argv``. When it starts with a command's name, only that command's module is
    imported (a cold ``query`` then never loads the other commands, shtab or importlib.metadata);
    anything that parser rejects is parsed again by the whole parser, so messages are the same."""
    args = sys.argv[1:] if argv is None else list(argv)
    command = args[0] if args else ""
    if command and _module_of(command) in _command_modules():
        parser = make_parser(command)
        try:
            return parser.parse_args(args)
        except _FastPathMiss:
            pass
    return make_parser().parse_args(args)


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    if not getattr(args, "func", None):
        make_parser().print_help(sys.stderr)  # the whole parser's help, every command
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
