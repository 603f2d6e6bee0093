"""What the Reconcile button does: check the open workbook and mark it, changing no value.

It reads the tables from the workbook's own sheets (the person's edits count), runs
the same rules and engine as `recon reconcile`, clears the marks of its previous run,
colours each finding's cells, notes the target cells, and writes a `Findings` sheet.
"""

from __future__ import annotations

from toolkit.engine import Result, evaluate
from toolkit.excel.book import Book
from toolkit.findings import CLASS_COLORS, by_seriousness, messages_by_cell, worst_class_by_cell
from toolkit.rules.loader import rules_for
from toolkit.workbook import report_from_sheets

COLORS = CLASS_COLORS
MARKS = "_recon_marks"
FINDINGS_HEADER = ["class", "kind", "table", "row", "column", "printed", "expected", "report lines", "message", "cell", "suggested"]


def reconcile(book: Book, where: str = "workbook") -> Result:
    names = book.sheet_names()
    sheets = {name: book.values(name) for name in names if name not in ("Findings", MARKS, "Reconcile")}
    report = report_from_sheets(sheets, where=where)
    result = evaluate(report, rules_for(report.source))
    _clear_previous(book, names)
    worst = {ref: cls for ref, cls in worst_class_by_cell(result.findings).items() if "!" in ref}
    suggested = {c.cell: c.suggested for c in result.causes}
    notes = {ref: texts for ref, texts in messages_by_cell(result.findings).items() if "!" in ref}
    for ref, cls in worst.items():
        sheet, address = ref.split("!")
        if sheet in names:
            book.fill(sheet, address, COLORS[cls])
    for ref, texts in notes.items():
        sheet, address = ref.split("!")
        if sheet in names:
            extra = [f"suggested correction: {suggested[ref]}"] if ref in suggested else []
            book.comment(sheet, address, "\n".join(texts + extra))
    rows = [FINDINGS_HEADER] + [
        [f.cls, f.kind, f.table, f.row, f.column, f.printed, f.expected, ", ".join(map(str, f.lines)), f.message, f.cell, suggested.get(f.cell, "")]
        for f in by_seriousness(result.findings)
    ]
    book.write_sheet("Findings", rows)
    book.write_sheet(MARKS, [["sheet", "cell"]] + [ref.split("!") for ref in sorted(set(worst) | set(notes))], hidden=True)
    errors = sum(f.cls == "ERROR" for f in result.findings)
    book.status(f"recon: {len(result.findings)} findings ({errors} ERROR) — see the Findings sheet")
    return result


def _clear_previous(book: Book, names: list[str]) -> None:
    if MARKS not in names:
        return
    for row in book.values(MARKS)[1:]:
        if len(row) >= 2 and row[0] in names:
            book.fill(row[0], row[1], None)
            book.comment(row[0], row[1], None)
