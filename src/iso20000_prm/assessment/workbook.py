"""The assessor's workbook: a template (XLSX or CSV) and the strict reader of a filled one.

XLSX layout: a sheet ``Assessment`` (field, value), one sheet per process named by its number
(row 1 the process, row 2 its purpose, row 4 the header, one row per outcome; per instance four
columns ``rating: NAME``, ``percentage: NAME``, ``evidence: NAME``, ``note: NAME``), and a sheet
``Attributes`` (process, instance, one column per process attribute). CSV layout: one long table
``process,instance,item,bracketed,text,rating,percentage,evidence,note`` in which ``item`` is an
outcome number, an attribute ("PA 2.1"), or, on rows whose process is ``assessment``, a field.

Every bad cell is one :class:`WorkbookError` naming the file, sheet, row and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from iso20000_prm.assessment.compute import METHODS, RULES
from iso20000_prm.assessment.prm import PRMView
from iso20000_prm.assessment.scale import Rating, Scale, load_scale, to_percentage
from iso20000_prm.errors import PRMError

FIELDS = (
    "identifier",
    "title",
    "organisation",
    "date",
    "assessors",
    "method",
    "aggregation",
    "base",
)
HEADER_ROW = 4
CSV_COLUMNS = (
    "process",
    "instance",
    "item",
    "bracketed",
    "text",
    "rating",
    "percentage",
    "evidence",
    "note",
)


class WorkbookError(PRMError):
    """A cell of the workbook is wrong: names file, sheet, row and column."""

    def __init__(self, path, sheet: str | None, row: int | None, column: str | None, message: str):
        where = str(path)
        if sheet is not None:
            where += f", sheet '{sheet}'"
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column {column}"
        super().__init__(f"{where}: {message}")


@dataclass
class Characterisation:
    process: str
    instance: str
    outcome: int
    rating: Rating
    percentage: Decimal | None
    evidence: str
    note: str


@dataclass
class GivenAttribute:
    process: str
    instance: str
    attribute: str  # "PA 2.1"
    rating: Rating


@dataclass
class AssessmentData:
    identifier: str
    title: str = ""
    organisation: str = ""
    date: str = ""
    assessors: list[str] = field(default_factory=list)
    method: str = "R1"
    aggregation: str = "mean"
    base: str = ""
    instances: dict[str, list[str]] = field(default_factory=dict)  # process -> instance names
    characterisations: list[Characterisation] = field(default_factory=list)
    attributes: list[GivenAttribute] = field(default_factory=list)


def _col(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def _hint(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.5)
    return f"; did you mean {', '.join(close)}?" if close else f"; one of {', '.join(choices)}"


# ----------------------------------------------------------------------------- template
def _check_processes(view: PRMView, processes: list[str]) -> list[str]:
    if not processes:
        raise PRMError("name at least one process")
    out = []
    for p in processes:
        proc = view.processes.get(p)
        if proc is None:
            raise PRMError(f"no process {p!r} in the PRM{_hint(p, view.processes)}")
        if not proc.outcomes:
            raise PRMError(f"process {p} has no outcomes in the source: it cannot be assessed")
        if p not in out:
            out.append(p)
    return out


def template_xlsx(view: PRMView, processes: list[str], instances: int = 1) -> bytes:
    """The XLSX template for ``processes`` with ``instances`` instances each."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    processes = _check_processes(view, processes)
    if instances < 1:
        raise PRMError("the number of instances must be at least 1")
    scale = load_scale()
    codes = scale.codes()
    wb = Workbook()
    ws = wb.active
    ws.title = "Assessment"
    ws.append(["field", "value"])
    for name, value in zip(FIELDS, ["assessment", "", "", "", "", "R1", "mean", ""]):
        ws.append([name, value])
    dv = DataValidation(type="list", formula1='"' + ",".join(METHODS) + '"', allow_blank=False)
    ws.add_data_validation(dv)
    dv.add("B7")
    dv = DataValidation(type="list", formula1='"' + ",".join(RULES) + '"', allow_blank=False)
    ws.add_data_validation(dv)
    dv.add("B8")
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 50
    names = [f"instance {i}" for i in range(1, instances + 1)]
    bold = Font(bold=True)
    for p in processes:
        proc = view.processes[p]
        ws = wb.create_sheet(p)
        ws.append(["process", p, proc.name])
        ws.append(["purpose", proc.purpose])
        ws.append(["bracketed outcomes (yes, partly) are rated too"])
        header = ["outcome", "bracketed", "text"]
        for n in names:
            header += [f"rating: {n}", f"percentage: {n}", f"evidence: {n}", f"note: {n}"]
        ws.append(header)
        for cell in ws[HEADER_ROW]:
            cell.font = bold
        for o in proc.outcomes:
            ws.append([o.number, o.bracketed, o.text])
        last = HEADER_ROW + len(proc.outcomes)
        ratings = DataValidation(
            type="list", formula1='"' + ",".join(codes) + '"', allow_blank=True
        )
        pct = DataValidation(
            type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True
        )
        ws.add_data_validation(ratings)
        ws.add_data_validation(pct)
        for i in range(len(names)):
            first = 4 + 4 * i
            ratings.add(f"{_col(first)}{HEADER_ROW + 1}:{_col(first)}{last}")
            pct.add(f"{_col(first + 1)}{HEADER_ROW + 1}:{_col(first + 1)}{last}")
            for k, width in enumerate((10, 12, 30, 30)):
                ws.column_dimensions[_col(first + k)].width = width
        ws.column_dimensions["C"].width = 60
        for row in ws.iter_rows(min_row=HEADER_ROW + 1, max_row=last, min_col=3, max_col=3):
            row[0].alignment = Alignment(wrap_text=True, vertical="top")
    ws = wb.create_sheet("Attributes")
    ws.append(["process", "instance"] + [a.code for a in scale.attributes])
    for p in processes:
        for n in names:
            ws.append([p, n])
    last = 1 + len(processes) * len(names)
    dv = DataValidation(type="list", formula1='"' + ",".join(codes) + '"', allow_blank=True)
    ws.add_data_validation(dv)
    dv.add(f"C2:{_col(2 + len(scale.attributes))}{last}")
    from iso20000_prm.sparql.results import save_workbook

    return save_workbook(wb)


def template_csv(view: PRMView, processes: list[str], instances: int = 1) -> bytes:
    processes = _check_processes(view, processes)
    if instances < 1:
        raise PRMError("the number of instances must be at least 1")
    scale = load_scale()
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for name, value in zip(FIELDS, ["assessment", "", "", "", "", "R1", "mean", ""]):
        w.writerow(["assessment", "", name, "", value, "", "", "", ""])
    names = [f"instance {i}" for i in range(1, instances + 1)]
    for p in processes:
        for n in names:
            for o in view.processes[p].outcomes:
                w.writerow([p, n, o.number, o.bracketed, o.text, "", "", "", ""])
    for p in processes:
        for n in names:
            for a in scale.attributes[1:]:
                w.writerow([p, n, a.code, "", a.name, "", "", "", ""])
    return buf.getvalue().encode("utf-8")


# ----------------------------------------------------------------------------- reading
class _Builder:
    """Collects cells into an AssessmentData, checking each against the PRM and the scale."""

    def __init__(self, path, view: PRMView, scale: Scale):
        self.path, self.view, self.scale = path, view, scale
        self.fields: dict[str, str] = {}
        self.data: AssessmentData | None = None
        self.seen: dict[
            tuple[str, str], dict[int, tuple]
        ] = {}  # (process, instance) -> outcome -> where
        self.rated: set[tuple[str, str, str]] = set()  # (process, instance, attribute)

    def fail(self, sheet, row, column, message):
        raise WorkbookError(self.path, sheet, row, column, message)

    def text(self, value) -> str:
        if value is None:
            return ""
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value).strip()

    def field(self, sheet, row, column, name, value):
        name = self.text(name)
        if name not in FIELDS:
            self.fail(sheet, row, column, f"unknown field {name!r}{_hint(name, FIELDS)}")
        value = self.text(value)
        if name == "identifier" and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", value):
            self.fail(
                sheet, row, column, f"identifier {value!r} must be letters, digits, '.', '_' or '-'"
            )
        if name == "method" and value not in METHODS:
            self.fail(
                sheet, row, column, f"rating method {value!r} is not one of {', '.join(METHODS)}"
            )
        if name == "aggregation" and value not in RULES:
            self.fail(sheet, row, column, f"aggregation rule {value!r}{_hint(value, RULES)}")
        if name == "date" and value and not re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            self.fail(sheet, row, column, f"date {value!r} is not YYYY-MM-DD")
        if (
            name == "base"
            and value
            and not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*", value)
        ):
            self.fail(sheet, row, column, f"base {value!r} is not an IRI")
        self.fields[name] = value

    def start(self):
        f = self.fields
        if not f.get("identifier"):
            self.fail("Assessment", None, None, "the field 'identifier' is missing")
        self.data = AssessmentData(
            identifier=f["identifier"],
            title=f.get("title", ""),
            organisation=f.get("organisation", ""),
            date=f.get("date", ""),
            assessors=[a.strip() for a in f.get("assessors", "").split(";") if a.strip()],
            method=f.get("method") or "R1",
            aggregation=f.get("aggregation") or "mean",
            base=f.get("base", ""),
        )

    def process(self, sheet, row, column, value) -> str:
        p = self.text(value)
        proc = self.view.processes.get(p)
        if proc is None:
            self.fail(
                sheet, row, column, f"no process {p!r} in the PRM{_hint(p, self.view.processes)}"
            )
        if not proc.outcomes:
            self.fail(
                sheet,
                row,
                column,
                f"process {p} has no outcomes in the source: it cannot be assessed",
            )
        return p

    def rating(self, sheet, row, column, value) -> Rating | None:
        word = self.text(value)
        if not word:
            return None
        try:
            return self.scale.rating(word)
        except PRMError:
            self.fail(
                sheet,
                row,
                column,
                f"rating {word!r} is not on the scale{_hint(word, self.scale.codes())}",
            )

    def outcome(self, sheet, row, col_item, process, instance, number, values):
        """values: (rating, percentage, evidence, note) with their column names."""
        proc = self.view.processes[process]
        numbers = {o.number for o in proc.outcomes}
        text = self.text(number)
        if not text.isdigit() or int(text) not in numbers:
            self.fail(
                sheet,
                row,
                col_item,
                f"process {process} has no outcome {text!r} (its outcomes: 1-{max(numbers)})",
            )
        n = int(text)
        per = self.seen.setdefault((process, instance), {})
        if n in per:
            self.fail(
                sheet,
                row,
                col_item,
                f"outcome {n} of process {process} appears twice for instance {instance!r}",
            )
        (rating, rc), (pct, pc), (evidence, _), (note, _) = values
        r = self.rating(sheet, row, rc, rating)
        if r is None:
            self.fail(
                sheet,
                row,
                rc,
                f"outcome {n} of process {process} is not rated for instance {instance!r}",
            )
        p = None
        if self.text(pct):
            p = to_percentage(pct)
            if p is None or not Decimal(0) <= p <= Decimal(100):
                self.fail(
                    sheet, row, pc, f"percentage {self.text(pct)!r} is not a number from 0 to 100"
                )
            if not r.contains(p):
                self.fail(
                    sheet,
                    row,
                    pc,
                    f"percentage {self.text(pct)} is outside the band of {r.code} ({r.band()})",
                )
        per[n] = (sheet, row)
        self.data.characterisations.append(
            Characterisation(process, instance, n, r, p, self.text(evidence), self.text(note))
        )

    def instance(self, process, name):
        names = self.data.instances.setdefault(process, [])
        if name not in names:
            names.append(name)

    def attribute(self, sheet, row, col_p, col_i, process, instance, code, col, value):
        r = self.rating(sheet, row, col, value)
        if r is None:
            return
        process = self.text(process)
        if process not in self.data.instances:
            self.fail(
                sheet,
                row,
                col_p,
                f"process {process!r} is not assessed in this workbook{_hint(process, self.data.instances)}",
            )
        instance = self.text(instance)
        if instance not in self.data.instances[process]:
            self.fail(
                sheet,
                row,
                col_i,
                f"process {process} has no instance {instance!r}{_hint(instance, self.data.instances[process])}",
            )
        if code == "PA 1.1" and self.data.method == "R1" and self.data.aggregation != "judgement":
            self.fail(
                sheet,
                row,
                col,
                f"PA 1.1 is computed from the outcomes under R1 with aggregation by {self.data.aggregation}: leave it empty",
            )
        if (process, instance, code) in self.rated:
            self.fail(
                sheet,
                row,
                col,
                f"{code} of process {process}, instance {instance!r} is rated twice",
            )
        self.rated.add((process, instance, code))
        self.data.attributes.append(GivenAttribute(process, instance, code, r))

    def finish(self):
        d = self.data
        for process, names in d.instances.items():
            proc = self.view.processes[process]
            for name in names:
                per = self.seen.get((process, name), {})
                for o in proc.outcomes:
                    if o.number not in per:
                        self.fail(
                            process,
                            None,
                            None,
                            f"outcome {o.number} of process {process} is missing for instance {name!r}",
                        )
        if not d.instances:
            self.fail(None, None, None, "no process is assessed")
        if d.method != "R1" or d.aggregation == "judgement":
            given = {(a.process, a.instance) for a in d.attributes if a.attribute == "PA 1.1"}
            for process, names in d.instances.items():
                for name in names:
                    if (process, name) not in given:
                        self.fail(
                            "Attributes",
                            None,
                            "PA 1.1",
                            f"PA 1.1 of process {process}, instance {name!r} must be rated (method {d.method}, aggregation {d.aggregation})",
                        )
        return d


def read_xlsx(path: Path, view: PRMView) -> AssessmentData:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, data_only=False)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException ...
        raise WorkbookError(
            path, None, None, None, f"cannot read as an XLSX workbook ({type(exc).__name__}: {exc})"
        ) from None
    b = _Builder(path, view, load_scale())
    for ws in wb.worksheets:
        if ws.merged_cells.ranges:
            first = sorted(ws.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col))[0]
            b.fail(
                ws.title,
                first.min_row,
                _col(first.min_col),
                f"merged cells ({first.coord}): unmerge them, one value per cell",
            )
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (
                    isinstance(cell.value, str) and cell.value.startswith("=")
                ):
                    b.fail(
                        ws.title,
                        cell.row,
                        cell.column_letter,
                        "a formula instead of a value: paste the value",
                    )
    names = [ws.title for ws in wb.worksheets]
    if "Assessment" not in names:
        b.fail(None, None, None, f"no sheet 'Assessment'{_hint('Assessment', names)}")
    ws = wb["Assessment"]
    for row in ws.iter_rows(min_row=2):
        if all(c.value in (None, "") for c in row[:2]):
            continue
        b.field("Assessment", row[0].row, "A", row[0].value, row[1].value if len(row) > 1 else None)
    b.start()
    for ws in wb.worksheets:
        if ws.title in ("Assessment", "Attributes"):
            continue
        sheet = ws.title
        rows = list(ws.iter_rows(values_only=True))
        first = rows[0] if rows else ()
        if not first or b.text(first[0]) != "process":
            b.fail(sheet, 1, "A", "expected 'process' and the process number (a process sheet)")
        process = b.process(sheet, 1, "B", first[1] if len(first) > 1 else None)
        if process != sheet:
            b.fail(
                sheet,
                1,
                "B",
                f"process {process} on a sheet named {sheet!r}: the sheet is named by its process",
            )
        if process in b.data.instances:
            b.fail(sheet, 1, "B", f"process {process} has two sheets")
        header = [b.text(v) for v in (rows[HEADER_ROW - 1] if len(rows) >= HEADER_ROW else ())]
        while header and not header[-1]:
            header.pop()
        if (
            header[:3] != ["outcome", "bracketed", "text"]
            or len(header) < 7
            or (len(header) - 3) % 4
        ):
            b.fail(
                sheet,
                HEADER_ROW,
                "A",
                "the header must be outcome, bracketed, text, then per instance: rating, percentage, evidence, note",
            )
        groups = []
        for start in range(3, len(header), 4):
            kinds = ("rating", "percentage", "evidence", "note")
            m = re.fullmatch(r"rating: (.+)", header[start])
            if not m:
                b.fail(
                    sheet,
                    HEADER_ROW,
                    _col(start + 1),
                    f"expected 'rating: INSTANCE', found {header[start]!r}",
                )
            name = m.group(1).strip()
            for k, kind in enumerate(kinds):
                if header[start + k] != f"{kind}: {name}":
                    b.fail(
                        sheet,
                        HEADER_ROW,
                        _col(start + k + 1),
                        f"expected '{kind}: {name}', found {header[start + k]!r}",
                    )
            if name in [g[1] for g in groups]:
                b.fail(sheet, HEADER_ROW, _col(start + 1), f"instance {name!r} appears twice")
            groups.append((start, name))
            b.instance(process, name)
        for r_index, values in enumerate(rows[HEADER_ROW:], start=HEADER_ROW + 1):
            values = list(values) + [None] * (len(header) - len(values))
            if all(v in (None, "") for v in values):
                continue
            for extra in range(len(header), len(values)):
                if values[extra] not in (None, ""):
                    b.fail(sheet, r_index, _col(extra + 1), "a value outside the table's columns")
            for start, name in groups:
                cells = [(values[start + k], _col(start + k + 1)) for k in range(4)]
                b.outcome(sheet, r_index, "A", process, name, values[0], cells)
    if "Attributes" in names:
        ws = wb["Attributes"]
        rows = list(ws.iter_rows(values_only=True))
        header = [b.text(v) for v in rows[0]] if rows else []
        while header and not header[-1]:
            header.pop()
        codes = []
        if header[:2] != ["process", "instance"]:
            b.fail(
                "Attributes",
                1,
                "A",
                "the header must be process, instance, then attributes (PA 1.1 ... PA 5.2)",
            )
        for k, code in enumerate(header[2:], start=3):
            try:
                codes.append(b.scale.attribute(code).code)
            except PRMError as exc:
                b.fail("Attributes", 1, _col(k), str(exc))
        for r_index, values in enumerate(rows[1:], start=2):
            values = list(values) + [None] * (len(header) - len(values))
            if all(v in (None, "") for v in values[2:]):
                continue
            for k, code in enumerate(codes, start=2):
                b.attribute(
                    "Attributes",
                    r_index,
                    "A",
                    "B",
                    values[0],
                    values[1],
                    code,
                    _col(k + 1),
                    values[k],
                )
    return b.finish()


def read_csv(path: Path, view: PRMView) -> AssessmentData:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise WorkbookError(path, None, None, None, f"cannot read ({exc})") from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or tuple(rows[0]) != CSV_COLUMNS:
        raise WorkbookError(path, None, 1, None, f"the header must be {','.join(CSV_COLUMNS)}")
    b = _Builder(path, view, load_scale())
    col = {name: f"'{name}'" for name in CSV_COLUMNS}
    body = []
    for i, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(CSV_COLUMNS):
            b.fail(None, i, None, f"{len(row)} cells, expected {len(CSV_COLUMNS)}")
        rec = dict(zip(CSV_COLUMNS, (c.strip() for c in row)))
        if rec["process"] == "assessment":
            b.field(None, i, col["item"], rec["item"], rec["text"])
        else:
            body.append((i, rec))
    b.start()
    attrs = []
    for i, rec in body:
        if rec["item"].upper().startswith("PA"):
            attrs.append((i, rec))
            continue
        process = b.process(None, i, col["process"], rec["process"])
        if not rec["instance"]:
            b.fail(None, i, col["instance"], "the instance is empty")
        b.instance(process, rec["instance"])
        b.outcome(
            None,
            i,
            col["item"],
            process,
            rec["instance"],
            rec["item"],
            [(rec[k], col[k]) for k in ("rating", "percentage", "evidence", "note")],
        )
    for i, rec in attrs:
        try:
            code = b.scale.attribute(rec["item"]).code
        except PRMError as exc:
            b.fail(None, i, col["item"], str(exc))
        b.attribute(
            None,
            i,
            col["process"],
            col["instance"],
            rec["process"],
            rec["instance"],
            code,
            col["rating"],
            rec["rating"],
        )
    return b.finish()


def read_workbook(path: Path | str, view: PRMView) -> AssessmentData:
    """A filled workbook (.xlsx) or CSV (.csv) as checked assessment data."""
    path = Path(path)
    if not path.is_file():
        raise PRMError(f"{path}: no such file")
    if path.suffix.lower() == ".csv":
        return read_csv(path, view)
    return read_xlsx(path, view)
