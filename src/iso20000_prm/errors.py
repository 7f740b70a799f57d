"""Errors a user can act on: each names the file, row and column at fault and what was expected."""

from __future__ import annotations

import re
from pathlib import Path

_CONTROL = "[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]"  # compiled on first use (re caches it)


def one_line(text: str, limit: int | None = None) -> str:
    """``text`` as one printable line: white space collapsed, control characters and lone
    surrogates shown as escapes (never sent raw to a terminal), cut at ``limit`` characters."""
    text = " ".join(text.split())
    text = re.sub(_CONTROL, lambda m: f"\\u{ord(m.group()):04x}", text)
    return text if limit is None or len(text) <= limit else text[: limit - 3] + "..."


class PRMError(Exception):
    """Base class of every error the package raises on bad input; the CLI exits 2 on these."""


class TableError(PRMError):
    """A source table is malformed. ``row`` counts spreadsheet-style: the header is row 1."""

    def __init__(
        self, path: Path | str, message: str, row: int | None = None, column: str | None = None
    ):
        self.path = Path(path)
        self.row = row
        self.column = column
        self.message = message
        where = str(self.path)
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column '{column}'"
        super().__init__(f"{where}: {message}")


class OutputError(PRMError):
    """An output file cannot be written: its folder is a file, permission is denied, the disk is full."""


class GraphInputError(PRMError):
    """A graph file given by the user cannot be read as RDF."""
