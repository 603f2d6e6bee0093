"""Header cells with their spans, display widths and column widths shared by the renderers."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from render.facts import Facts

_YEAR = re.compile(r"^[’'‘]?(19|20)?\d{2}(년|년도)?$")
_HANGUL_WORD = re.compile(r"^[\uac00-\ud7a3]{2,4}$")


@dataclass(frozen=True)
class HeaderCell:
    level: int
    first: int  # column: 0 = label column, 1.. = figure columns
    colspan: int
    rowspan: int
    text: str


def width(text: str) -> int:
    """Columns the text takes in a monospaced export: Hangul and full-width forms count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pad(text: str, size: int, align: str = "left") -> str:
    room = max(0, size - width(text))
    if align == "right":
        return " " * room + text
    if align == "center":
        return " " * (room // 2) + text + " " * (room - room // 2)
    return text + " " * room


def header_cells(facts: Facts) -> list[list[HeaderCell]]:
    """Per header line, the cells that start on it; a merged group header is one cell over its columns."""
    paths = [facts.label_header] + list(facts.columns)
    depth = facts.depth
    levels: list[list[HeaderCell]] = []
    for level in range(depth):
        cells: list[HeaderCell] = []
        column = 0
        while column < len(paths):
            path = paths[column]
            starts = level < len(path) or (not path and level == 0)
            if not starts:
                column += 1
                continue
            text = path[level] if path else ""
            last = level >= len(path) - 1
            span = 1
            while text and column + span < len(paths):
                other = paths[column + span]
                if level < len(other) and other[: level + 1] == path[: level + 1] and (level >= len(other) - 1) == last:
                    span += 1
                else:
                    break
            cells.append(HeaderCell(level, column, span, depth - level if last else 1, text))
            column += span
        levels.append(cells)
    return levels


def header_grid(facts: Facts) -> list[list[str]]:
    """The header as a grid of text: each cell's text in the first position it covers, the rest empty."""
    grid = [[""] * (len(facts.columns) + 1) for _ in range(facts.depth)]
    for cells in header_cells(facts):
        for cell in cells:
            grid[cell.level][cell.first] = cell.text
    return grid


def text_lines(text: str, group: bool) -> list[str]:
    """A header cell as a plain-text export prints it: a year on its own line above the word it
    qualifies ("2024" / "예산안"); a short group header spaced out ("증 감")."""
    words = text.split()
    if len(words) >= 2 and _YEAR.match(words[0]):
        return [words[0], " ".join(words[1:])]
    if group and _HANGUL_WORD.match(text):
        return [" ".join(text)]
    return [text] if text else []


def column_widths(facts: Facts, labels: list[str], minimum: int = 2) -> list[int]:
    """Display width of the label column and of each figure column (header words fit too)."""
    widths = [max([width(label) for label in labels] + [minimum])]
    for i in range(len(facts.columns)):
        widths.append(max([width(row.cells[i]) for row in facts.rows if i < len(row.cells)] + [minimum]))
    for cells in header_cells(facts):
        for cell in cells:
            need = max([width(line) for line in text_lines(cell.text, cell.colspan > 1)] + [0])
            have = sum(widths[cell.first : cell.first + cell.colspan]) + 3 * (cell.colspan - 1)
            if need > have:
                widths[cell.first + cell.colspan - 1] += need - have
    return widths
