"""Tables of words: cell rows whose cells hold text, not figures.

Convention (../shared/CONVENTIONS.md, "Exports recon receives"): a report prints some tables of
words only — 부서별 주요업무, a committee's 구성 / 심사방법, a programme's 대상 — in the same cell
syntax as its tables of figures. A run of two or more cell rows (tab lines: tab-separated text, or a
pipe, box or HTML table rewritten as tab lines) with one cell count, under a header row of words, is
a table whatever its cells hold. When no row of the run holds a figure, the figure walk of tables.py
has nothing to start a row on, so the run is read here: the header row names the columns, the first
cell of each row is its label, every other cell is kept as printed with no value. Such a table gives
no relation to check (no column holds a figure), but it is read, shown and counted.
"""

from __future__ import annotations

import re

from toolkit.model import Cell, Column, Row, Table
from toolkit.reader.lines import USED, LineParts, tab_cell_figure, tidy_label
from toolkit.reader.pipe import cell_text

MIN_LINES = 2  # the header row and one row at least
MAX_GAP = 4  # blank lines a header may stand above its rows
_YEAR = re.compile(r"^(?:19|20)\d{2}(?:년|년도)?$")


def _cells(parts: LineParts) -> list[str]:
    """The cells as text: an HTML fragment in a cell (`<ul>`, `<br>`) is read as its text, as pipe.py reads it."""
    return [cell_text(c) if "<" in c or "&" in c else c for c in parts.raw.split("\t")]


def _figure_free(parts: LineParts, header: bool) -> bool:
    """No cell holds a figure: a header may hold years ("구분 | 2023 | 2024"), a row's first cell a
    serial number; "-" is no figure."""
    for position, cell in enumerate(_cells(parts)):
        figure = tab_cell_figure(cell) if cell.strip() else None
        if figure is None or figure.value is None or (position == 0 and not header):
            continue
        if header and _YEAR.match(cell.strip()):
            continue
        return False
    return True


def span(lines: list[LineParts], start: int) -> int:
    """One past the last line of the table of words whose header row is lines[start], or 0."""
    head = lines[start]
    width = len(_cells(head))
    if not head.tabbed or width < 2 or sum(1 for c in _cells(head) if c.strip()) < 2 or not _figure_free(head, True):
        return 0
    end = start + 1
    while end < min(len(lines), start + 1 + MAX_GAP) and lines[end].blank:
        end += 1  # an HTML table's </thead> and <tbody> lines between the header row and the rows
    if end < len(lines) and lines[end].blank:
        return 0
    rows = 0
    header = [tidy_label(c) for c in _cells(head)]
    while end < len(lines):
        parts = lines[end]
        if parts.blank or parts.raw == USED:
            # a rule line of a pipe or box table; blank lines only before the header printed again (a page break)
            ahead = next((k for k in range(end, min(len(lines), end + MAX_GAP + 1)) if not lines[k].blank and lines[k].raw != USED), None)
            if parts.raw == USED or ahead is not None and lines[ahead].tabbed and [tidy_label(c) for c in _cells(lines[ahead])] == header:
                end += 1
                continue
            break
        if not (parts.tabbed and len(_cells(parts)) == width and any(c.strip() for c in _cells(parts))):
            break
        if [tidy_label(c) for c in _cells(parts)] != header:
            if not _figure_free(parts, False):
                return 0  # a row with figures: a table of figures, read by tables.py
            rows += 1
        end += 1
    while end > start + 1 and (lines[end - 1].raw == USED or lines[end - 1].blank):
        end -= 1
    after = next((p for p in lines[end : end + MAX_GAP] if not p.blank and p.raw != USED), None)
    if after is not None and after.tabbed and not _figure_free(after, False):
        return 0  # rows of words over rows of figures (of another width): header rows of that table
    return end if rows + 1 >= MIN_LINES else 0


def repeated(lines: list[LineParts], start: int, end: int) -> list[int]:
    """Lines in the table that print its header row again (after a page break)."""
    header = [tidy_label(c) for c in _cells(lines[start])]
    return [p.number for p in lines[start + 1 : end] if p.tabbed and [tidy_label(c) for c in _cells(p)] == header]


def build(lines: list[LineParts], start: int, end: int, table_id: str, title: str) -> Table:
    header = _cells(lines[start])
    columns = tuple(Column(i - 1, tidy_label(header[i]) or f"열{i}", "other") for i in range(1, len(header)))
    rows: list[Row] = []
    for parts in lines[start + 1 : end]:
        if parts.raw == USED or parts.blank or parts.number in repeated(lines, start, end):
            continue
        index = len(rows)
        cells = _cells(parts)
        rows.append(Row(index=index, label=tidy_label(cells[0]), line=parts.number, cells=tuple(
            Cell(column=i - 1, printed=tidy_label(cells[i]), value=None, line=parts.cell_line(i)) for i in range(1, len(cells)))))
    return Table(id=table_id, title=title or f"표 {table_id[1:].lstrip('0')}", unit="", first_line=lines[start].number,
                 last_line=lines[end - 1].number, columns=columns, rows=tuple(rows))
