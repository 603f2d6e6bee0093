"""<stem>.checked.xlsx: a copy of the workbook with every finding at its cell.

Cells taking part in a finding are filled by class (ERROR red, ROUNDING amber,
AMBIGUOUS grey-blue); the figure a cause blames is bold with a thick border; each
target cell carries a comment with the message, the expected value and the
suggested correction. A `Findings` sheet (first) lists them with links to the
cells, a `Summary` sheet counts them by table and class. The source workbook is
only read; the copy is written beside the other outputs.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Border, Font, PatternFill, Side

from toolkit.engine import Result
from toolkit.findings import CLASS_COLORS, Finding, by_seriousness, worst_class_by_cell
from toolkit.safe_write import atomic_path

FILLS = {cls: PatternFill("solid", start_color=color) for cls, color in CLASS_COLORS.items()}
THICK = Side(style="thick", color="C00000")
HEADER = ["class", "kind", "table", "row", "column", "printed", "expected", "delta", "report lines", "message", "cause", "suggested", "cell", "rule"]
WIDTHS = [11, 13, 8, 30, 22, 14, 14, 10, 14, 70, 30, 14, 10, 24]


def _split(ref: str) -> tuple[str, str] | None:
    return tuple(ref.split("!", 1)) if "!" in ref else None


def mark(book, result: Result) -> None:
    """Fill, comment and outline the cells of every finding in an openpyxl workbook."""
    for ref, cls in worst_class_by_cell(result.findings).items():
        where = _split(ref)
        if where and where[0] in book.sheetnames:
            book[where[0]][where[1]].fill = FILLS[cls]
    suggestions = {c.cell: c for c in result.causes}
    notes: dict[str, list[str]] = {}
    for finding in result.findings:
        if _split(finding.cell):
            notes.setdefault(finding.cell, []).append(_note(finding, suggestions.get(finding.cell)))
    for ref, texts in notes.items():
        sheet, cell = _split(ref)
        if sheet in book.sheetnames:
            book[sheet][cell].comment = Comment("\n\n".join(texts)[:30000], "recon", width=360, height=160)
    for cause in result.causes:
        where = _split(cause.cell)
        if where and where[0] in book.sheetnames:
            cell = book[where[0]][where[1]]
            cell.font = Font(bold=True)
            cell.border = Border(left=THICK, right=THICK, top=THICK, bottom=THICK)
            if cause.cell not in notes:
                cell.comment = Comment(f"recon: likely wrong; should read {cause.suggested}", "recon")


def _note(finding: Finding, cause) -> str:
    text = f"[{finding.cls}] {finding.message}\nexpected: {finding.expected}"
    if cause is not None:
        text += f"\nsuggested correction: {cause.suggested}" + (f" ({cause.slip})" if cause.slip else "")
    return text


def add_findings_sheets(book, result: Result) -> None:
    causes = {f: c for c in result.causes for f in c.findings}
    sheet = book.create_sheet("Findings", 0)
    sheet.append(HEADER)
    for finding in by_seriousness(result.findings):
        cause = causes.get(finding.id)
        sheet.append([
            finding.cls, finding.kind, finding.table, finding.row, finding.column, finding.printed, finding.expected,
            finding.delta, ", ".join(map(str, finding.lines)), finding.message,
            f"{cause.cell} {cause.row} {cause.column}".strip() if cause else "", cause.suggested if cause else "",
            finding.cell, finding.rule_at,
        ])
        row = sheet.max_row
        sheet.cell(row, 1).fill = FILLS[finding.cls]
        where = _split(finding.cell)
        if where and where[0] in book.sheetnames:
            link = sheet.cell(row, 13)
            link.hyperlink = f"#'{where[0]}'!{where[1]}"
            link.style = "Hyperlink"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    summary = book.create_sheet("Summary", 1)
    summary.append(["table", "ERROR", "ROUNDING", "AMBIGUOUS", "total"])
    counts = Counter((f.table, f.cls) for f in result.findings)
    for table in sorted({t for t, _ in counts}):
        row = [counts.get((table, c), 0) for c in ("ERROR", "ROUNDING", "AMBIGUOUS")]
        summary.append([table, *row, sum(row)])
    summary.append(["total", *(sum(v for (t, c), v in counts.items() if c == cls) for cls in ("ERROR", "ROUNDING", "AMBIGUOUS")), len(result.findings)])
    for cell in summary[1]:
        cell.font = Font(bold=True)
    summary.freeze_panes = "A2"


def write(result: Result, source_workbook: Path, out_path: Path) -> Path:
    """Annotate a copy of `source_workbook` (never modified) into `out_path`."""
    book = load_workbook(source_workbook)  # values as stored; formulas stay formulas in the copy
    mark(book, result)
    add_findings_sheets(book, result)
    with atomic_path(out_path) as tmp:
        book.save(tmp)
    return out_path
