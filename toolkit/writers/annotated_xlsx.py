"""<stem>.checked.xlsx: the report's tables with every finding at its cell, in one xlsxwriter pass.

Cells taking part in a finding are filled by class (ERROR red, ROUNDING amber, AMBIGUOUS
grey-blue); the figure a cause blames is bold with a thick red border; each such cell
carries a note with the message, the expected value and the suggested correction, in the
chosen language. Figures show as printed (number_formats). A `Findings` sheet (first)
lists one row per finding and cause with links to the cells, a `Summary` sheet counts the
findings by table. When the input is a person's own workbook, a copy of it is annotated
instead (toolkit/excel/annotate.py: openpyxl keeps what the person put in it).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.findings import CLASS_COLORS, worst_class_by_cell
from toolkit.model import Report
from toolkit.number_formats import excel_format
from toolkit.safe_text import sheet_ref, split_ref, xlsx_text
from toolkit.writers.findings_table import FINDINGS_SHEET, SUMMARY_SHEET, cell_notes, column_widths, finding_header, finding_rows, summary_rows

if TYPE_CHECKING:  # the engine is the run's; a helper process writing workbooks does not import it (writers/book_worker.py)
    from toolkit.engine import Result


class Marks:
    """The Annotation write_workbook asks for each cell, and the two sheets put first."""

    def __init__(self, result: Result):
        self.result = result
        self.lang = result.lang
        self.worst = worst_class_by_cell(result.findings)
        self.blamed = {c.cell for c in result.causes}
        self.notes = cell_notes(result, self.lang)

    def style(self, ref: str) -> dict:
        look: dict = {}
        if ref in self.worst:
            look["bg_color"] = "#" + CLASS_COLORS[self.worst[ref]]
        if ref in self.blamed:
            look.update(bold=True, border=5, border_color="#C00000")
        return look

    def note(self, ref: str) -> str | None:
        return self.notes.get(ref)

    def first_sheets(self, book, formats) -> None:
        header_look = formats(bold=True, bg_color="#DDEBF7", border=1, text_wrap=True, valign="top")
        link_look = formats(font_color="blue", underline=1)
        sheet = book.add_worksheet(FINDINGS_SHEET)
        header = finding_header(self.lang)
        sheet.write_row(0, 0, header, header_look)
        rows = finding_rows(self.result, self.lang)
        columns = {name: i for i, name in enumerate(("class", "kind", "table", "row", "column", "printed", "expected", "delta", "lines",
                                                      "message", "cause", "cause_printed", "suggested", "why", "cell", "rule"))}
        for r, row in enumerate(rows, start=1):
            finding, cause = row.finding, row.cause
            for c, value in enumerate(row.values):
                value = xlsx_text(value) if isinstance(value, str) else value  # no control character XML cannot hold
                if c == columns["class"]:
                    sheet.write_string(r, c, value, formats(bg_color="#" + CLASS_COLORS[finding.cls]))
                elif c == columns["delta"]:
                    if value is not None:
                        sheet.write_number(r, c, value, formats(num_format=excel_format(finding.printed, row.delta_decimals)))
                elif c == columns["message"] or c == columns["why"]:
                    sheet.write_string(r, c, str(value), formats(text_wrap=True, valign="top"))
                elif c == columns["cell"] and "!" in finding.cell:
                    sheet.write_url(r, c, _internal(finding.cell), link_look, string=xlsx_text(finding.cell))
                elif c == columns["cause"] and cause is not None and "!" in cause.cell:
                    sheet.write_url(r, c, _internal(cause.cell), link_look, string=str(value))
                elif c == columns["suggested"] and value:
                    sheet.write_string(r, c, str(value), formats(bold=True))
                else:
                    sheet.write_string(r, c, "" if value is None else str(value))
        widths = column_widths([header] + [list(row.values) for row in rows], most=50)
        for c, width in enumerate(widths):
            sheet.set_column(c, c, min(width, 60 if c == columns["message"] else 40))
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(1, len(rows)), len(header) - 1)
        summary = book.add_worksheet(SUMMARY_SHEET)
        table = summary_rows(self.result, self.lang)
        summary.write_row(0, 0, table[0], header_look)
        for r, values in enumerate(table[1:], start=1):
            summary.write_row(r, 0, [xlsx_text(v) if isinstance(v, str) else v for v in values], formats(bold=True) if r == len(table) - 1 else None)
        for c, width in enumerate(column_widths(table, least=8)):
            summary.set_column(c, c, width)
        summary.freeze_panes(1, 0)


def _internal(ref: str) -> str:
    sheet, cell = split_ref(ref) or ("", ref)
    return "internal:" + sheet_ref(sheet, cell)


def write(result: Result, report: Report, source: Path, out_path: Path, sheets: list | None = None) -> Path:
    """The checked workbook: from the report's tables in one pass (`sheets`: the report's provenance_sheets
    if already made), or a marked copy of a person's workbook."""
    if source.suffix.lower() in (".xlsx", ".xlsm"):
        from toolkit.excel.annotate import annotate_copy
        from toolkit.workbook import check_annotate_size

        check_annotate_size(report, str(source))  # the copy is loaded whole (openpyxl)

        return annotate_copy(result, source, out_path)
    from toolkit.workbook import write_workbook

    return write_workbook(report, out_path, annotation=Marks(result), sheets=sheets)
