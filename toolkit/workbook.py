"""Tables as an Excel workbook people open and edit, and back.

Layout: `index` (one row per table), one sheet per table (label + numbers, as a
person reads it), and provenance sheets `_rows`, `_cells`, `_columns`,
`_claims` that keep each figure's printed text and report line. Reading takes
the numbers from the table sheets, so a person's corrections count; a figure
whose number was changed there gets the new number as its printed text.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import xlsxwriter

from toolkit.errors import ReconError
from toolkit.figures import format_number
from toolkit.model import Cell, Claim, Column, Report, Row, Table
from toolkit.safe_write import atomic_path

META_SHEETS = ("index", "_rows", "_cells", "_columns", "_claims")


def write_workbook(report: Report, path: str | Path) -> Path:
    path = Path(path)
    with atomic_path(path) as tmp:
        # strings stay strings: a label like "=1+1" or "-사업" must never become a formula
        book = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False})
        bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        number = book.add_format({"num_format": "#,##0.###;[Red]-#,##0.###"})
        index = book.add_worksheet("index")
        index.write_row(0, 0, ["id", "title", "unit", "first_line", "last_line", "complete", "source"], bold)
        for r, table in enumerate(report.tables, start=1):
            index.write_row(r, 0, [table.id, table.title, table.unit, table.first_line, table.last_line, table.complete, report.source])
            index.write_url(r, 0, f"internal:'{table.id}'!A1", string=table.id)
        index.set_column(1, 1, 40)
        rows_meta, cells_meta, columns_meta = [], [], []
        for table in report.tables:
            sheet = book.add_worksheet(table.id)
            sheet.write_row(0, 0, ["구분"] + [c.name for c in table.columns], bold)
            sheet.freeze_panes(1, 1)
            sheet.set_column(0, 0, 36)
            sheet.set_column(1, len(table.columns), 14)
            for r, row in enumerate(table.rows, start=1):
                sheet.write_string(r, 0, "  " * row.level + row.label)
                rows_meta.append([table.id, row.index, row.label, row.line, row.level, row.parent, row.parent_via])
                for cell in row.cells:
                    if cell.value is not None:
                        sheet.write_number(r, cell.column + 1, cell.value, number)
                    elif cell.printed:
                        sheet.write_string(r, cell.column + 1, cell.printed)
                    cells_meta.append([table.id, row.index, cell.column, cell.printed, cell.line, cell.decimals, cell.word, cell.certain])
            for column in table.columns:
                columns_meta.append([table.id, column.index, column.name, column.role, column.year, column.pair])
        _write_sheet(book, "_rows", ["table", "row", "label", "line", "level", "parent", "parent_via"], rows_meta, bold)
        _write_sheet(book, "_cells", ["table", "row", "column", "printed", "line", "decimals", "word", "certain"], cells_meta, bold)
        _write_sheet(book, "_columns", ["table", "index", "name", "role", "year", "pair"], columns_meta, bold)
        claims = [[c.line, c.printed, c.value, c.unit, c.precision, c.text, c.start, json.dumps(list(c.lines))] for c in report.claims]
        _write_sheet(book, "_claims", ["line", "printed", "value", "unit", "precision", "text", "start", "lines"], claims, bold)
        book.close()
    return path


def _write_sheet(book, name, header, rows, bold) -> None:
    sheet = book.add_worksheet(name)
    sheet.write_row(0, 0, header, bold)
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            else:
                sheet.write(r, c, value)
    if name.startswith("_"):
        sheet.hide()


def _read(path: Path, sheet: str) -> pl.DataFrame:
    try:
        return pl.read_excel(path, sheet_name=sheet, engine="calamine", infer_schema_length=0)
    except Exception as error:  # fastexcel raises its own types; the user needs the file and sheet
        raise ReconError(f"cannot read sheet {sheet!r}: {error}", path=str(path)) from None


def read_workbook(path: str | Path) -> Report:
    """Read a workbook written by `write_workbook` (and maybe edited by hand) back into a Report."""
    path = Path(path)
    if not path.exists():
        raise ReconError("no such file", path=str(path))
    try:
        sheets = set(pl.read_excel(path, sheet_id=0, engine="calamine", infer_schema_length=0).keys())
    except Exception as error:
        raise ReconError(f"not a readable xlsx workbook ({type(error).__name__})", path=str(path)) from None
    missing = [s for s in META_SHEETS if s not in sheets]
    if missing:
        raise ReconError(f"not a recon workbook: sheets {', '.join(missing)} are missing (make one with `recon extract`)", path=str(path))
    index = _read(path, "index")
    rows_meta = _read(path, "_rows")
    cells_meta = _read(path, "_cells")
    columns_meta = _read(path, "_columns")
    claims_meta = _read(path, "_claims")
    source = index["source"][0] if index.height else path.name
    tables = []
    for entry in index.iter_rows(named=True):
        table_id = entry["id"]
        if table_id not in sheets:
            raise ReconError(f"sheet {table_id!r} listed in index is missing (was it renamed?)", path=str(path))
        sheet = pl.read_excel(path, sheet_name=table_id, engine="calamine", infer_schema_length=0, has_header=False)
        columns = tuple(
            Column(int(c["index"]), c["name"], c["role"], _int(c["year"]), c["pair"])
            for c in columns_meta.filter(pl.col("table") == table_id).iter_rows(named=True)
        )
        printed = {(int(c["row"]), int(c["column"])): c for c in cells_meta.filter(pl.col("table") == table_id).iter_rows(named=True)}
        rows = []
        for meta in rows_meta.filter(pl.col("table") == table_id).iter_rows(named=True):
            r = int(meta["row"])
            values = sheet.row(r + 1) if r + 1 < sheet.height else ()
            cells = []
            for (row_index, column), info in sorted(printed.items()):
                if row_index != r:
                    continue
                text = values[column + 1] if column + 1 < len(values) else None
                cells.append(_cell(column, text, info, path, table_id, r + 2))
            rows.append(Row(r, meta["label"] or "", int(meta["line"]), tuple(cells), int(meta["level"]), _int(meta["parent"]), meta["parent_via"]))
        tables.append(Table(table_id, entry["title"], entry["unit"] or "", int(entry["first_line"]), int(entry["last_line"]), columns, tuple(rows), str(entry["complete"]).lower() in ("true", "1")))
    claims = tuple(
        Claim(int(c["line"]), c["printed"], float(c["value"]), c["unit"], float(c["precision"]), c["text"], int(c["start"]), tuple(json.loads(c["lines"] or "[]")))
        for c in claims_meta.iter_rows(named=True)
    )
    return Report(source=source, tables=tuple(tables), claims=claims, line_count=0, meta={"workbook": str(path)})


def _int(value) -> int | None:
    if value in (None, ""):
        return None
    return int(float(value))


def _cell(column: int, text, info: dict, path: Path, sheet: str, excel_row: int) -> Cell:
    from dataclasses import replace

    certain = str(info.get("certain", "true")).lower() not in ("false", "0")
    return replace(_cell_value(column, text, info, path, sheet, excel_row), certain=certain)


def _cell_value(column: int, text, info: dict, path: Path, sheet: str, excel_row: int) -> Cell:
    decimals = int(float(info["decimals"] or 0))
    original = info["printed"] or ""
    if text in (None, ""):
        return Cell(column, original, None, int(info["line"]), decimals, info["word"])
    cleaned = str(text).replace(",", "").replace("\u00a0", "").strip()
    try:
        value = float(cleaned)
    except ValueError:
        from toolkit.figures import parse_figure

        figure = parse_figure(str(text))
        if figure is None:
            letter = xlsxwriter.utility.xl_col_to_name(column + 1)
            raise ReconError(f"cell {sheet}!{letter}{excel_row} holds {text!r}, not a number", path=str(path)) from None
        return Cell(column, str(text), figure.value, int(info["line"]), figure.decimals, figure.word)
    from toolkit.reader.lines import _cell_figure

    before = _cell_figure(original)
    if before is not None and before.value is not None and abs(before.value - value) < 1e-9:
        return Cell(column, original, value, int(info["line"]), decimals, info["word"])
    return Cell(column, format_number(value, decimals, percent=original.endswith("%")), value, int(info["line"]), decimals, None)
