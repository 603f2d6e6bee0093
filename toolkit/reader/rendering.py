"""A document read from its own file (HWPX, PDF) as text lines, each with the place it came from.

Paragraphs become lines; a table becomes one tab-separated line per row, merged cells expanded
the way html.py expands colspan/rowspan (text in the first cell it covers, the others empty), so
the same line reader reads it. Every line keeps a readable place ("구역 1, 문단 4", "p. 2, 7번째
줄") and every table cell its own ("표 3, 5행 2열"); the reader keeps them in Report.meta
(line_places, cell_places) for findings to name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from toolkit.model import Report
from toolkit.reader.lines import is_bullet

MAX_GRID = 5_000_000  # cells of one table: bounds the memory a crafted span or address can claim


@dataclass(frozen=True)
class GridCell:
    row: int  # 0-based address in the table's grid
    column: int
    text: str
    place: str
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Rendering:
    lines: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)  # one per line
    cells: dict[tuple[int, int], str] = field(default_factory=dict)  # (line, tab index) -> place of the source cell
    warnings: list[str] = field(default_factory=list)
    heading: str = ""  # the nearest heading above: shown with table places

    def text(self, text: str, place: str) -> None:
        text = " ".join(text.split())
        if text and is_bullet(text) and len(text) <= 60:
            self.heading = text.lstrip("□■○◦•·-* ")  # "□ 세출예산 집행현황": the heading places refer to
        self.lines.append(text)
        self.places.append(place)

    def blank(self) -> None:
        if self.lines and self.lines[-1]:
            self.lines.append("")
            self.places.append(self.places[-1])

    def grid(self, cells: list[GridCell], row_place) -> None:
        """Rows of a table; row_place(r) names row r's place. Cells covered by a merge stay empty."""
        cells = [c for c in cells if c.text.strip()] or cells[:1]
        if not cells:
            return
        # the grid reaches as far as cells with text: a span past them covers nothing read
        height = max(c.row for c in cells) + 1
        width = max(c.column for c in cells) + 1
        if height * width > MAX_GRID:
            raise OverflowError(f"a table of {height:,} × {width:,} cells (limit {MAX_GRID:,})")
        text = [[""] * width for _ in range(height)]
        owner: list[list[str]] = [[""] * width for _ in range(height)]
        for cell in cells:
            text[cell.row][cell.column] = " ".join(cell.text.split())
            for r in range(cell.row, min(cell.row + cell.rowspan, height)):
                for c in range(cell.column, min(cell.column + cell.colspan, width)):
                    owner[r][c] = cell.place
        self.blank()
        for r, row in enumerate(text):
            if not any(row):
                continue
            self.lines.append("\t".join(row) + ("\t" if width == 1 else ""))
            self.places.append(row_place(r))
            for c, place in enumerate(owner[r]):
                if place:
                    self.cells[(len(self.lines), c)] = place
        self.blank()

    def cell_places(self, report: Report) -> dict[tuple[str, int, int], str]:
        """Every table cell of the report (table id, row index, column) -> the place of its source cell."""
        out = {}
        for table in report.tables:
            for row in table.rows:
                raw = self.lines[row.line - 1].split("\t") if 0 < row.line <= len(self.lines) else []
                start = _first_cell(raw, row.cells)
                for cell in row.cells:
                    place = self.cells.get((cell.line, start + cell.column)) if start is not None else None
                    out[(table.id, row.index, cell.column)] = place or self.places[cell.line - 1]
        return out

def _first_cell(raw: list[str], cells) -> int | None:
    """Which tab cell the row's first figure column is: from its last printed figure, which the
    line reader keeps in place (only empty cells after it are dropped)."""
    printed = [c for c in cells if c.printed]
    if not printed:
        return None
    last = printed[-1]
    for index in range(len(raw) - 1, -1, -1):
        if raw[index].strip():
            return index - last.column if raw[index].strip() == last.printed else None
    return None
