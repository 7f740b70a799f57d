"""Write source tables: the one CSV dialect, used by ``export-tables`` and ``synthesize`` alike.

Why one writer: a table written by either command must read back with
:func:`~iso20000_prm.tables.read.load_tables` and, for the shipped tables, come back byte for
byte; two writers drifted apart once (one left a bare CR unquoted).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from iso20000_prm.errors import PRMError
from iso20000_prm.tables.schema import TABLES, Table, Tables


def csv_bytes(columns: Iterable[str], rows: Iterable[Iterable[str]]) -> bytes:
    """The table in the dialect of the shipped files: comma, ``"`` quoting only where needed,
    ``\\n`` line ends, UTF-8 without BOM. (``csv.writer`` would leave a bare CR unquoted,
    which the reader then takes as a line end; this writer quotes it.)"""

    def cell(value: str) -> str:
        if any(c in value for c in ',"\r\n'):
            return '"' + value.replace('"', '""') + '"'
        return value

    lines = [",".join(cell(v) for v in row) for row in [list(columns), *rows]]
    return ("\n".join(lines) + "\n").encode("utf-8")


def table_bytes(table: Table, records: Iterable) -> bytes:
    """The records of ``table`` as its CSV file, columns in schema order."""
    return csv_bytes(table.column_names, (table.cells(r) for r in records))


def tables_files(tables: Tables) -> dict[str, bytes]:
    """File name -> CSV bytes of each of the six tables, in file order."""
    return {t.file: table_bytes(t, tables.records(t)) for t in TABLES}


def folder(directory: Path | str) -> Path:
    """``directory`` as a Path, refused if it exists and is not a folder (it is made on write)."""
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise PRMError(
            f"{directory}: exists and is not a folder; give a folder to write the tables into"
        )
    return directory


def write_files(directory: Path | str, files: dict[str, bytes]) -> list[Path]:
    """Write ``files`` (name -> bytes) into ``directory`` (created if missing), all or none."""
    from iso20000_prm.files import write_tree

    directory = folder(directory)
    return write_tree(directory, files)
