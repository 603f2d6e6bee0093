"""What the workbook outputs show, as plain rows and texts, in the chosen language: the
Findings sheet (one row per finding and cause), the Summary sheet, and the note at each
cell. The annotated workbook (xlsxwriter), a user's own workbook and the Reconcile button
(openpyxl / xlwings through toolkit/excel) all lay out these same rows.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from toolkit.figures import parse_figure
from toolkit.findings import CLASSES, Cause, Finding, by_seriousness
from toolkit.messages import KIND_WORDS, VERDICT

if TYPE_CHECKING:  # the engine is the run's; a helper process writing workbooks does not import it (writers/book_worker.py)
    from toolkit.engine import Result

WORDS = {
    "ko": {
        "class": "분류", "kind": "종류", "table": "표", "row": "행", "column": "열", "printed": "표기", "expected": "계산값",
        "delta": "차이", "lines": "보고서 행", "message": "내용", "cause": "틀렸을 가능성이 큰 수치", "cause_printed": "그 수치의 표기",
        "suggested": "수정 제안", "why": "근거", "cell": "셀", "rule": "규칙", "total": "계", "title": "표 제목",
        "expected_note": "계산값", "suggested_note": "수정 제안", "likely_wrong": "틀렸을 가능성이 큰 수치", "ties": "같은 정도로 가능한 다른 수정",
    },
    "en": {
        "class": "class", "kind": "kind", "table": "table", "row": "row", "column": "column", "printed": "printed", "expected": "expected",
        "delta": "difference", "lines": "report lines", "message": "message", "cause": "figure likely wrong", "cause_printed": "its printed value",
        "suggested": "suggested", "why": "why", "cell": "cell", "rule": "rule", "total": "total", "title": "title",
        "expected_note": "expected", "suggested_note": "suggested correction", "likely_wrong": "likely wrong", "ties": "equally likely alternatives",
    },
}
# sheet names stay the same in every language: scripts, the button and the README name them
FINDINGS_SHEET, SUMMARY_SHEET = "Findings", "Summary"
FINDING_COLUMNS = ("class", "kind", "table", "row", "column", "printed", "expected", "delta", "lines", "message",
                   "cause", "cause_printed", "suggested", "why", "cell", "rule")


@dataclass(frozen=True)
class FindingRow:
    finding: Finding
    cause: Cause | None
    values: tuple  # in FINDING_COLUMNS order
    delta_decimals: int


def causes_of(result: Result) -> dict[str, list[Cause]]:
    out: dict[str, list[Cause]] = {}
    for cause in result.causes:
        for finding in cause.findings:
            out.setdefault(finding, []).append(cause)
    return out


def _delta(finding: Finding) -> tuple[float | None, int]:
    """The difference rounded to the printed figure's precision (a float's noise is not a figure)."""
    figure = parse_figure(finding.printed)
    decimals = figure.decimals if figure is not None and figure.value is not None else 0
    return (None if finding.delta is None else round(finding.delta, decimals)), decimals


def finding_rows(result: Result, lang: str = "ko") -> list[FindingRow]:
    """One row per (finding, cause); a finding no cause explains has one row with the cause columns empty."""
    verdict = VERDICT[lang]
    causes = causes_of(result)
    rows = []
    for finding in by_seriousness(result.findings):
        delta, decimals = _delta(finding)
        found: list[Cause | None] = list(causes.get(finding.id, [])) or [None]
        for cause in found:
            why = ""
            if cause is not None:
                why = cause.note or "; ".join(filter(None, [cause.slip or "", *(f"{WORDS[lang]['ties']}: {a}" for a in cause.alternatives)]))
            rows.append(FindingRow(finding, cause, (
                verdict[finding.cls], KIND_WORDS[lang].get(finding.kind, finding.kind), f"{finding.table} {finding.title}".strip(), finding.row_path or finding.row,
                finding.column_path or finding.column, finding.printed, finding.expected, delta, ", ".join(map(str, finding.lines)),
                finding.message, cause.place if cause else "", cause.printed if cause else "", cause.suggested if cause else "",
                why, finding.cell, finding.rule_at,
            ), decimals))
    return rows


def finding_header(lang: str = "ko") -> list[str]:
    return [WORDS[lang][name] for name in FINDING_COLUMNS]


def summary_rows(result: Result, lang: str = "ko") -> list[list]:
    """Per table (id and title): findings by class, and the total."""
    words, verdict = WORDS[lang], VERDICT[lang]
    counts = Counter((f.table, f.cls) for f in result.findings)
    titles = {f.table: f.title for f in result.findings}
    rows: list[list] = [[words["table"], words["title"], *(verdict[c] for c in CLASSES), words["total"]]]
    for table in sorted({t for t, _ in counts}):
        by_class = [counts.get((table, c), 0) for c in CLASSES]
        rows.append([table, titles.get(table, ""), *by_class, sum(by_class)])
    rows.append([words["total"], "", *(sum(v for (_, c), v in counts.items() if c == cls) for cls in CLASSES), len(result.findings)])
    return rows


def cell_notes(result: Result, lang: str = "ko") -> dict[str, str]:
    """The note at each cell a finding targets or a cause blames: messages, expected values, suggestions."""
    words = WORDS[lang]
    blamed: dict[str, Cause] = {}
    for cause in result.causes:
        blamed.setdefault(cause.cell, cause)
    notes: dict[str, list[str]] = {}
    for finding in result.findings:
        if "!" in finding.cell:
            notes.setdefault(finding.cell, []).append(f"[{VERDICT[lang][finding.cls]}] {finding.message}\n{words['expected_note']}: {finding.expected}")
    for ref, cause in blamed.items():
        if "!" not in ref:
            continue
        if cause.suggested:
            text = f"{words['likely_wrong']} — {words['suggested_note']}: {cause.suggested}" + (f" ({cause.slip})" if cause.slip else "")
        else:
            text = f"{words['likely_wrong']} — {cause.note}"
        notes.setdefault(ref, []).append(text)
    return {ref: "\n\n".join(texts)[:30000] for ref, texts in notes.items()}


def column_widths(rows: list[list], least: int = 6, most: int = 80) -> list[int]:
    """Widths in characters that fit each column's longest text (Hangul counts double)."""
    widths: list[int] = []
    for row in rows:
        for index, value in enumerate(row):
            text = "" if value is None else str(value)
            width = max(map(_width, text.split("\n"))) + 2
            if index >= len(widths):
                widths.append(least)
            widths[index] = min(most, max(widths[index], width))
    return widths


_WIDE = re.compile("[^\x00-\u1100]")  # characters after U+1100 (Hangul and the rest) take two columns (a negated class: compiled at once, a range to U+10FFFF took 15 ms)


def _width(line: str) -> int:
    return len(line) if line.isascii() else len(line) + len(_WIDE.findall(line))
