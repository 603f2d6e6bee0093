"""What the Reconcile button does: check the open workbook and mark it, changing no value.

It reads the tables from the workbook's own sheets (the person's edits count), runs
the same rules and engine as `recon reconcile`, clears the marks of its previous run,
colours each finding's cells, notes the target cells, and writes a `Findings` sheet.
"""

from __future__ import annotations

from toolkit.engine import Result, evaluate
from toolkit.excel.book import Book
from toolkit.excel.button import RULES_HEADING
from toolkit.findings import CLASS_COLORS, worst_class_by_cell
from toolkit.safe_text import split_ref
from toolkit.rules.loader import rules_for
from toolkit.workbook import report_from_sheets

COLORS = CLASS_COLORS
MARKS = "_recon_marks"
BUTTON_SHEET = "Reconcile"
STATUS = {"ko": "recon: 발견 사항 {count}건 (오류 {errors}건) — Findings 시트를 보세요",
          "en": "recon: {count} findings ({errors} ERROR) — see the Findings sheet"}


def reconcile(book: Book, where: str = "workbook", lang: str = "ko") -> Result:
    names = book.sheet_names()
    sheets = {name: book.values(name) for name in names if name not in ("Findings", MARKS, BUTTON_SHEET)}
    report = report_from_sheets(sheets, where=where)
    from pathlib import Path

    folder = Path(where).parent
    extra = [str(p if Path(p).is_absolute() else folder / p) for p in extra_rule_files(book)]
    result = evaluate(report, rules_for(report.source, extra), lang=lang)
    mark(book, result)
    errors = sum(f.cls == "ERROR" for f in result.findings)
    book.status(STATUS[result.lang].format(count=len(result.findings), errors=errors))
    return result


def mark(book: Book, result: Result) -> None:
    """Clear the previous run's marks, colour and note each finding's cells, write the Findings sheet."""
    from toolkit.writers.findings_table import FINDINGS_SHEET, cell_notes, finding_header, finding_rows

    names = book.sheet_names()
    _clear_previous(book, names)
    worst = {ref: cls for ref, cls in worst_class_by_cell(result.findings).items() if "!" in ref}
    notes = {ref: text for ref, text in cell_notes(result, result.lang).items() if "!" in ref}
    for ref, cls in worst.items():
        sheet, address = split_ref(ref) or ("", "")
        if sheet in names:
            book.fill(sheet, address, COLORS[cls])
    for ref, text in notes.items():
        sheet, address = split_ref(ref) or ("", "")
        if sheet in names:
            book.comment(sheet, address, text)
    rows = [finding_header(result.lang)] + [list(row.values) for row in finding_rows(result, result.lang)]
    book.write_sheet(FINDINGS_SHEET, rows)
    book.write_sheet(MARKS, [["sheet", "cell"]] + [list(split_ref(ref) or ("", "")) for ref in sorted(set(worst) | set(notes))], hidden=True)


def extra_rule_files(book: Book) -> list[str]:
    """Rule files listed on the button sheet below its `rules` heading (one path a row), for the button to use."""
    if BUTTON_SHEET not in book.sheet_names():
        return []
    files, listing = [], False
    for row in book.values(BUTTON_SHEET):
        first = next((v for v in row if v not in (None, "")), None)
        if listing and first is None:
            break
        if listing:
            files.append(str(first).strip())
        elif isinstance(first, str) and first.strip() == RULES_HEADING:
            listing = True
    return files


def _clear_previous(book: Book, names: list[str]) -> None:
    if MARKS not in names:
        return
    for row in book.values(MARKS)[1:]:
        if len(row) >= 2 and row[0] in names:
            book.fill(row[0], row[1], None)
            book.comment(row[0], row[1], None)
