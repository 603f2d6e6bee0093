"""Tables as an Excel workbook people open and edit, and back.

Layout: `index` (one row per table), one sheet per table (label + numbers, as a
person reads it), and provenance sheets `_rows`, `_cells`, `_columns`,
`_claims` that keep each figure's printed text and report line. Reading takes
the numbers from the table sheets, so a person's corrections count; a figure
whose number was changed there gets the new number as its printed text.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, NamedTuple, Protocol

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from toolkit.errors import ReconError
from toolkit.limits import limit, refuse
from toolkit.figures import FULLWIDTH, format_number
from toolkit.model import Cell, Claim, Column, Report, Row, Table
from toolkit.safe_text import sheet_ref, xlsx_text
from toolkit.safe_write import atomic_path
from toolkit.xlsx_sheet import Book, Rendered, render

META_SHEETS = ("index", "_rows", "_cells", "_columns", "_claims")


class Annotation(Protocol):
    """What an output adds to the tables in the same pass (writers/annotated_xlsx.py)."""

    def first_sheets(self, book, formats: Callable[..., object]) -> None: ...

    def style(self, ref: str) -> dict: ...

    def note(self, ref: str) -> str | None: ...


def write_workbook(report: Report, path: str | Path, button: dict | None = None, annotation: Annotation | None = None,
                   sheets: list[Provenance] | None = None) -> Path:
    """Write the report's tables; with `button` ({vba, macro, caption, lines, rules_heading}) an .xlsm whose first
    sheet holds a Reconcile button bound to the macro (see excel/button.py); with `annotation`,
    its sheets first and its style and note at each cell. Figures show as printed (number_formats).
    `sheets`: the report's provenance_sheets, when several workbooks of one report are written."""
    path = Path(path)
    with atomic_path(path) as tmp:
        _write_book(report, str(tmp), button, annotation, provenance_sheets(report) if sheets is None else sheets)
    return path


class Provenance(NamedTuple):
    """A provenance sheet: its name, header and rows, and the rows rendered once for every workbook."""

    name: str
    header: list[str]
    rows: list[list]
    rendered: Rendered | None


def provenance_sheets(report: Report) -> list[Provenance]:
    """The sheets `_rows`, `_cells`, `_columns`, `_claims`: what each figure was read from (see the module's docstring)."""
    rows_meta, cells_meta, columns_meta = [], [], []
    # a field at its default in the model (level 0, decimals 0, certain: toolkit/model.py) is left blank, as a
    # missing parent or word always was: a fifth fewer cells in the provenance sheets, most of a workbook's
    # cells, and every reader of these sheets (this one and earlier ones) reads a blank as that default
    for table in report.tables:
        for row in table.rows:
            rows_meta.append([table.id, row.index, row.label, row.line, row.level or None, row.parent, row.parent_via])
            for cell in row.cells:
                cells_meta.append([table.id, row.index, cell.column, cell.printed, cell.line, cell.decimals or None, cell.word,
                                   None if cell.certain else False])
        for column in table.columns:
            columns_meta.append([table.id, column.index, column.name, column.role, column.year, column.pair])
    claims = [[c.line, c.printed, c.value, c.unit, c.precision, c.text, c.start, json.dumps(list(c.lines))] for c in report.claims]
    sheets = [("_rows", ["table", "row", "label", "line", "level", "parent", "parent_via"], rows_meta),
              ("_cells", ["table", "row", "column", "printed", "line", "decimals", "word", "certain"], cells_meta),
              ("_columns", ["table", "index", "name", "role", "year", "pair"], columns_meta),
              ("_claims", ["line", "printed", "value", "unit", "precision", "text", "start", "lines"], claims)]
    return [Provenance(name, header, rows, render(header, rows)) for name, header, rows in sheets]


def _write_book(report: Report, target: str | BinaryIO, button: dict | None, annotation: Annotation | None, sheets: list[Provenance]) -> None:
    """The workbook write_workbook describes, into the file `target` (a path, or bytes in memory)."""
    from toolkit.number_formats import excel_format

    # strings stay strings: a label like "=1+1" or "-사업" must never become a formula
    # a Book: the same parts as xlsxwriter.Workbook, its sheets and strings written in tight loops (xlsx_sheet.py)
    book = Book(target, {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
                         # parts assembled in memory, not in temporary files: the same bytes, less I/O
                         "in_memory": True})
    cache: dict[tuple, object] = {}

    def formats(**props):  # one xlsxwriter format per distinct look
        as_given = tuple(props.items())  # most looks come back with their properties in the same order: no sort
        found = cache.get(as_given)
        if found is None:
            key = tuple(sorted(as_given))
            if key not in cache:
                cache[key] = book.add_format(props)
            found = cache[as_given] = cache[key]
        return found

    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    if button:
        _button_sheets(book, button, bold)
    if annotation:
        annotation.first_sheets(book, formats)
    index = book.add_worksheet("index")
    index.write_row(0, 0, ["id", "title", "unit", "first_line", "last_line", "complete", "source"], bold)
    for r, table in enumerate(report.tables, start=1):
        index.write_row(r, 0, [_text(v) for v in (table.id, table.title, table.unit, table.first_line, table.last_line, table.complete, report.source)])
        index.write_url(r, 0, "internal:" + sheet_ref(table.id, "A1"), string=_text(table.id))
    index.set_column(1, 1, 40)
    letters: dict[int, str] = {}
    plain: dict[tuple[str, int], object] = {}  # a figure's format without a mark, by how it was printed
    for table in report.tables:
        sheet = book.add_worksheet(table.id)
        sheet.write_row(0, 0, ["구분"] + [_text(c.name) for c in table.columns], bold)
        sheet.freeze_panes(1, 1)
        sheet.set_column(0, 0, 36)
        sheet.set_column(1, len(table.columns), 14)
        # a table's cells go straight to xlsxwriter's undecorated writers (what write_number and the others
        # call after turning A1 notation into numbers; xlsxwriter is pinned in pyproject.toml)
        write_number, write_string, write_blank = sheet._write_number, sheet._write_string, sheet._write_blank
        for r, row in enumerate(table.rows, start=1):
            if row.label:  # a row with no label (counts under their header only) leaves the cell blank, not ""
                write_string(r, 0, _text("  " * row.level + row.label))
            for cell in row.cells:
                col = cell.column + 1
                look: dict = {}
                note = None
                if annotation:
                    letter = letters.get(col) or letters.setdefault(col, xl_col_to_name(col))
                    ref = f"{table.id}!{letter}{r + 1}"
                    look, note = annotation.style(ref), annotation.note(ref)
                if cell.value is not None:
                    if look:
                        look_format = formats(num_format=excel_format(cell.printed, cell.decimals), **look)
                    else:  # the same format formats() gives, made at the same cell (the workbook's style order)
                        key = (cell.printed, cell.decimals)
                        look_format = plain.get(key) or plain.setdefault(key, formats(num_format=excel_format(*key)))
                    write_number(r, col, cell.value, look_format)
                elif cell.printed:
                    write_string(r, col, _text(cell.printed), formats(**look) if look else None)
                elif look:
                    write_blank(r, col, None, formats(**look))
                if note:
                    sheet.write_comment(r, col, _text(note), {"author": "recon", "x_scale": 3, "y_scale": 2.5})
    for provenance in sheets:
        _write_sheet(book, provenance, bold)
    book.close()


def _text(value):
    """Strings as an xlsx part can hold them (control characters removed); other values as they are."""
    return xlsx_text(value) if isinstance(value, str) else value


def _button_sheets(book, button: dict, bold) -> None:
    """The button sheet (caption, lines of explanation, a heading under which extra rule files are
    listed) and the hidden xlwings.conf sheet; its interpreter is left blank at build time and set
    on the machine that opens the workbook (`recon excel install`; blank: python on PATH)."""
    book.add_vba_project(str(button["vba"]))
    book.set_vba_name("ThisWorkbook")
    sheet = book.add_worksheet("Reconcile")
    sheet.set_vba_name("Sheet1")
    sheet.insert_button("B2", {"macro": button["macro"], "caption": button["caption"], "width": 220, "height": 44})
    for offset, line in enumerate(button["lines"]):
        sheet.write_string(5 + offset, 1, line)
    heading = 6 + len(button["lines"])
    sheet.write_string(heading, 1, button["rules_heading"], bold)
    sheet.set_column(1, 1, 110)
    conf = book.add_worksheet("xlwings.conf")  # read by xlwings' standalone RunPython
    conf.set_vba_name("Sheet2")
    conf.write_row(0, 0, ["Interpreter_Win", button.get("interpreter", "")])
    conf.write_row(1, 0, ["Interpreter_Mac", button.get("interpreter", "")])
    conf.write_row(2, 0, ["PYTHONPATH", ""])
    conf.hide()


def _write_sheet(book, provenance: Provenance, bold) -> None:
    sheet = book.add_worksheet(provenance.name)
    # these sheets hold eight cells per figure, most of a workbook's cells: rendered once for the report's
    # workbooks, or (a value render does not take) stored in one call (xlsx_sheet.Sheet)
    if provenance.rendered is not None:
        sheet.put_rendered(provenance.rendered, bold)
    else:
        sheet.write_row(0, 0, provenance.header, bold)
        sheet.put_rows(1, provenance.rows)
    sheet.hide()


def _limit() -> int:
    return limit("RECON_MAX_XLSX_BYTES")


def _unpacked_size(archive, path: Path) -> int:
    """The bytes the parts really unpack to, counted while unpacking and stopped at the limit: a zip's
    directory can understate them (the reading library trusts it, this does not). A part declaring
    a DTD is refused: no Excel workbook has one, and entities are how XML bombs and XXE work."""
    import zlib

    bound = _limit()
    total = 0
    for info in archive.infolist():
        try:
            with archive.open(info) as part:
                first = True
                while chunk := part.read(1 << 20):
                    if first and info.filename.endswith((".xml", ".rels", ".vml")) and b"<!doctype" in chunk[:4096].lower():
                        raise ReconError(f"refused: {info.filename} declares a DTD (<!DOCTYPE>), which no Excel workbook does", path=str(path))
                    first = False
                    total += len(chunk)
                    if total > bound:
                        raise refuse("the workbook's unpacked size", "RECON_MAX_XLSX_BYTES", str(path))
        # a name in a part's own header that is not the text its flag declares (UTF-8) raises UnicodeDecodeError
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, UnicodeDecodeError) as error:
            raise ReconError(f"corrupt xlsx workbook: {info.filename} does not unpack as its zip directory declares ({error})", path=str(path)) from None
    if any(info.file_size > bound for info in archive.infolist()):
        raise refuse("the workbook's declared unpacked size", "RECON_MAX_XLSX_BYTES", str(path))
    return total


def _unreadable_cell(archive) -> str | None:
    """The first cell whose value cannot be read: an Excel error (#REF!, #DIV/0!), or a formula
    with no saved result (a workbook saved by a library, never by Excel)."""
    import re

    from defusedxml import ElementTree

    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    targets = {r.get("Id"): r.get("Target") for r in rels}
    for sheet in book.findall("m:sheets/m:sheet", ns):
        target = targets.get(sheet.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"), "")
        name = "xl/" + target.lstrip("/").removeprefix("xl/")
        if name not in archive.namelist():
            continue
        xml = archive.read(name).decode("utf-8", "replace")
        # a cell's content ends at its </c> or, malformed, at the next <c: linear in the sheet either way
        for cell in re.finditer(r'<c r="([A-Z]+\d+)"([^>]*?)(?<!/)>((?:(?!</c>|<c ).)*)</c>', xml):
            where = f"{sheet.get('name')}!{cell.group(1)}"
            if 't="e"' in cell.group(2):
                error = re.search(r"<v>([^<]*)</v>", cell.group(3))
                return f"cell {where} holds the Excel error {error.group(1) if error else ''}".rstrip()
            if "<f" in cell.group(3) and not re.search(r"<v>[^<]+</v>", cell.group(3)):
                return f"cell {where} holds a formula with no saved result; open the workbook in Excel and save it"
    return None


def _check_archive(path: Path) -> None:
    if path.suffix.lower() == ".xls":
        raise ReconError("old .xls workbooks are not read; save it as .xlsx in Excel first", path=str(path))
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" in names:
                _unpacked_size(archive, path)
    except (zipfile.BadZipFile, UnicodeDecodeError):  # the latter: a name in the zip's directory that is no UTF-8
        head = path.read_bytes()[:8]
        hint = " (it looks password-protected or encrypted)" if head.startswith(b"\xd0\xcf\x11\xe0") else ""
        raise ReconError(f"not a readable xlsx workbook{hint}", path=str(path)) from None
    if "xl/workbook.xml" not in names:
        raise ReconError("not an xlsx workbook (no xl/workbook.xml inside)", path=str(path))
    with zipfile.ZipFile(path) as archive:
        try:
            problem = _unreadable_cell(archive)
        except Exception:  # a malformed part: calamine will say what it cannot read
            problem = None
    if problem:
        raise ReconError(problem, path=str(path))


def read_workbook(path: str | Path) -> Report:
    """Read a workbook written by `write_workbook` (and maybe edited by hand) back into a Report."""
    path = Path(path)
    if not path.exists():
        raise ReconError("no such file", path=str(path))
    _check_archive(path)
    import polars as pl  # here: writing a workbook (book_worker's helper process among others) needs no polars

    try:
        frames = pl.read_excel(path, sheet_id=0, engine="calamine", infer_schema_length=0, has_header=False)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # fastexcel raises its own types, and a Rust panic is a BaseException
        raise ReconError(f"not a readable xlsx workbook ({type(error).__name__}: {str(error)[:120]})", path=str(path)) from None
    sheets = {name: [list(row) for row in frame.iter_rows()] for name, frame in frames.items()}
    report = report_from_sheets(sheets, where=str(path))
    cells = sum(frame.height * frame.width for frame in frames.values())
    return Report(report.source, report.tables, report.claims, 0, {"workbook": str(path), "cells": cells})


def check_annotate_size(report: Report, where: str) -> None:
    """The annotated copy of a person's workbook loads it whole (openpyxl): refuse one too large to copy in bounded memory."""
    cells = int(report.meta.get("cells", 0))  # counted by read_workbook, all sheets
    if cells > limit("RECON_MAX_ANNOTATE_CELLS"):
        raise refuse(f"the annotated workbook copy ({cells:,} cells; leave xlsx out of --format to skip it)",
                     "RECON_MAX_ANNOTATE_CELLS", where, unit="cells")


def _records(sheets: dict[str, list[list]], name: str) -> list[dict]:
    rows = sheets.get(name) or []
    if not rows:
        return []
    header = [str(h) if h is not None else "" for h in rows[0]]
    return [dict(zip(header, list(row) + [None] * (len(header) - len(row)))) for row in rows[1:]]


def report_from_sheets(sheets: dict[str, list[list]], where: str) -> Report:
    """The tables of a recon workbook from its sheets' values (rows of cells): from a file or a live book."""
    missing = [s for s in META_SHEETS if s not in sheets]
    if missing:
        raise ReconError(f"not a recon workbook: sheets {', '.join(missing)} are missing (make one with `recon extract`)", path=where)
    index = _records(sheets, "index")
    rows_meta, cells_meta, columns_meta = _records(sheets, "_rows"), _records(sheets, "_cells"), _records(sheets, "_columns")
    source = str(index[0]["source"]) if index else Path(where).name
    tables = []
    for entry in index:
        table_id = str(entry["id"])
        if table_id not in sheets:
            raise ReconError(f"sheet {table_id!r} listed in index is missing (was it renamed?)", path=where)
        grid = sheets[table_id]
        columns = tuple(
            Column(int(float(c["index"])), str(c["name"]), str(c["role"]), _int(c["year"]), c["pair"] or None)
            for c in columns_meta if str(c["table"]) == table_id
        )
        printed: dict[int, list[tuple[int, dict]]] = {}
        for c in cells_meta:
            if str(c["table"]) == table_id:
                printed.setdefault(int(float(c["row"])), []).append((int(float(c["column"])), c))
        rows = []
        # sheet rows by label, so rows a person deleted or moved still find their provenance
        by_label: dict[str, list[int]] = {}
        for position, values in enumerate(grid[1:], start=1):
            if values and values[0] is not None:
                by_label.setdefault(str(values[0]).strip(), []).append(position)
        for meta in rows_meta:
            if str(meta["table"]) != table_id:
                continue
            r = int(float(meta["row"]))
            label = str(meta["label"] or "").strip()
            here = str(grid[r + 1][0] or "").strip() if r + 1 < len(grid) and grid[r + 1] else None
            # the row where it was written, if its label is still there (or blanked by merged cells)
            at = r + 1 if here is not None and here in (label, "") else None
            if at is None:
                free = [p for p in by_label.get(label, []) if p > 0]
                if not free:
                    continue  # the row was deleted from the sheet
                at = free[0]
            if at in by_label.get(label, []):
                by_label[label].remove(at)
            values = grid[at]
            cells = tuple(
                _cell(column, values[column + 1] if column + 1 < len(values) else None, info, where, table_id, r + 2)
                for column, info in sorted(printed.get(r, []), key=lambda item: item[0])
            )
            rows.append(Row(r, str(meta["label"] or ""), int(float(meta["line"])), cells, int(float(meta["level"] or 0)),
                            _int(meta["parent"]), meta["parent_via"] or None))
        tables.append(Table(table_id, str(entry["title"] or ""), str(entry["unit"] or ""), int(float(entry["first_line"])),
                            int(float(entry["last_line"])), columns, tuple(rows), str(entry["complete"]).lower() in ("true", "1")))
    claims = tuple(
        Claim(int(float(c["line"])), str(c["printed"]), float(c["value"]), str(c["unit"]), float(c["precision"]), str(c["text"]),
              int(float(c["start"])), tuple(json.loads(c["lines"] or "[]")))
        for c in _records(sheets, "_claims")
    )
    return Report(source=source, tables=tuple(tables), claims=claims, line_count=0)


def _int(value) -> int | None:
    if value in (None, ""):
        return None
    return int(float(value))


def _cell(column: int, text, info: dict, path: str, sheet: str, excel_row: int) -> Cell:
    from dataclasses import replace

    certain = info.get("certain") in (None, "") or str(info["certain"]).lower() not in ("false", "0")  # blank: the default, certain
    return replace(_cell_value(column, text, info, path, sheet, excel_row), certain=certain)


def _cell_value(column: int, text, info: dict, path: str, sheet: str, excel_row: int) -> Cell:
    decimals = int(float(info["decimals"] or 0))
    original = str(info["printed"] or "")
    line = int(float(info["line"]))
    info = {**info, "line": line, "word": info["word"] or None}
    if text in (None, ""):
        return Cell(column, original, None, line, decimals, info["word"])
    if isinstance(text, str) and text.strip().startswith("#"):
        letter = xlsxwriter.utility.xl_col_to_name(column + 1)
        raise ReconError(f"cell {sheet}!{letter}{excel_row} holds the Excel error {text.strip()}", path=path)
    cleaned = str(text).replace(",", "").replace("\u00a0", "").replace("\u3000", "").strip().translate(FULLWIDTH).replace("−", "-")
    try:
        value = float(cleaned)
    except ValueError:
        from toolkit.figures import parse_figure

        figure = parse_figure(str(text))
        if figure is None and original and parse_figure(original) is None and original == str(text).strip():
            return Cell(column, original, None, line, decimals, info["word"])  # a cell of words (a table of words) as read
        if figure is None:
            letter = xlsxwriter.utility.xl_col_to_name(column + 1)
            raise ReconError(f"cell {sheet}!{letter}{excel_row} holds {text!r}, not a number", path=path) from None
        return Cell(column, str(text), figure.value, int(info["line"]), figure.decimals, figure.word)
    from toolkit.reader.lines import tab_cell_figure

    before = tab_cell_figure(original)  # also a count printed with its unit word ("3,809식")
    if before is not None and before.value is not None and abs(before.value - value) < 1e-9:
        return Cell(column, original, value, int(info["line"]), decimals, info["word"])
    return Cell(column, format_number(value, decimals, percent=original.endswith("%")), value, int(info["line"]), decimals, None)
