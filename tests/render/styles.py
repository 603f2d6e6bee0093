"""One renderer per export syntax: a table's facts → its text lines, and the line each row is on.

Every renderer returns (lines, row_at): row_at[i] is the 0-based index in `lines` of row i,
so a test can check that a row's figures are read on their own line.
"""

from __future__ import annotations

import html

from render.facts import Facts
from render.layout import HeaderCell, column_widths, header_cells, header_grid, pad, text_lines, width

Rendered = tuple[list[str], list[int]]


def _cells(facts: Facts, labels: list[str], i: int) -> list[str]:
    row = facts.rows[i]
    return [labels[i]] + [row.cells[c] if c < len(row.cells) else "" for c in range(len(facts.columns))]


def pipe(facts: Facts, labels: list[str], blank_header: bool = False, br: bool = False) -> Rendered:
    """A markdown pipe table as HWP/PDF-to-text converters write it (inside a .txt)."""
    def row(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"
    columns = len(facts.columns) + 1
    rule = "|" + "---|" * columns
    header = header_grid(facts)
    if br:  # a header cell over two text lines: "2024<br>예산안"
        header = [["<br>".join(text_lines(t, False)) for t in line] for line in header]
    lines: list[str] = []
    if blank_header or not header:
        lines += [row([""] * columns), rule] + [row(h) for h in header]
    else:
        lines += [row(header[0]), rule] + [row(h) for h in header[1:]]
    row_at = []
    for i in range(len(facts.rows)):
        cells = _cells(facts, labels, i)
        if br and width(cells[0]) > 12 and " " in cells[0].strip():  # a long label wrapped inside its cell
            head, _, tail = cells[0].strip().rpartition(" ")
            cells[0] = f"{head}<br>{tail}"
        row_at.append(len(lines))
        lines.append(row(cells))
    return lines, row_at


def tsv(facts: Facts, labels: list[str]) -> Rendered:
    """Tab-separated: a merged header's text in the first cell it covers, the others empty."""
    lines = ["\t".join(h) for h in header_grid(facts)]
    row_at = []
    for i in range(len(facts.rows)):
        row_at.append(len(lines))
        lines.append("\t".join(_cells(facts, labels, i)))
    return lines, row_at


def html_table(facts: Facts, labels: list[str]) -> Rendered:
    """<table> with colspan/rowspan for merged headers; one <tr> per line."""
    lines = ["<table border=\"1\">"]
    if facts.has_header:
        lines.append("<thead>")
        for cells in header_cells(facts):
            parts = []
            for cell in cells:
                span = (f" colspan=\"{cell.colspan}\"" if cell.colspan > 1 else "") + (f" rowspan=\"{cell.rowspan}\"" if cell.rowspan > 1 else "")
                parts.append(f"<th{span}>{html.escape(cell.text)}</th>")
            lines.append("<tr>" + "".join(parts) + "</tr>")
        lines.append("</thead>")
    lines.append("<tbody>")
    row_at = []
    for i in range(len(facts.rows)):
        cells = _cells(facts, labels, i)
        row_at.append(len(lines))
        lines.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    lines += ["</tbody>", "</table>"]
    return lines, row_at


def plain(facts: Facts, labels: list[str]) -> Rendered:
    """Whitespace-aligned text as a PDF export prints it: group headers spaced out over their
    columns ("증 감" over "증감액 증감률"), years on a line of their own, figures right-aligned."""
    widths = column_widths(facts, labels)
    starts = [0]
    for w in widths[:-1]:
        starts.append(starts[-1] + w + 3)
    lines: list[str] = []
    for cells in header_cells(facts):
        stacks = {cell.first: (cell, text_lines(cell.text, cell.colspan > 1 or cell.rowspan == 1 and cell.level < facts.depth - 1))
                  for cell in cells}
        height = max([len(s) for _, s in stacks.values()] + [1])
        for k in range(height):
            line = ""
            for first, (cell, stack) in sorted(stacks.items()):
                offset = k - (height - len(stack))  # bottom-aligned within the header line
                if offset < 0:
                    continue
                span = sum(widths[cell.first : cell.first + cell.colspan]) + 3 * (cell.colspan - 1)
                line = pad(line, starts[first]) + pad(stack[offset], span, "left" if first == 0 else "center")
            lines.append(line.rstrip())
    row_at = []
    for i in range(len(facts.rows)):
        cells = _cells(facts, labels, i)
        line = pad(cells[0], widths[0])
        for c in range(1, len(cells)):
            line = pad(line, starts[c]) + pad(cells[c], widths[c], "right")
        row_at.append(len(lines))
        lines.append(line.rstrip())
    return lines, row_at


# box-drawing: the frame heavy, the inner rules light, as old HWP text exports draw them
_LIGHT = {
    (1, 1, 1, 1): "┼", (0, 1, 1, 1): "┬", (1, 0, 1, 1): "┴", (1, 1, 0, 1): "├", (1, 1, 1, 0): "┤",
    (1, 1, 0, 0): "│", (0, 0, 1, 1): "─", (0, 1, 0, 1): "┌", (0, 1, 1, 0): "┐", (1, 0, 0, 1): "└",
    (1, 0, 1, 0): "┘", (1, 0, 0, 0): "│", (0, 1, 0, 0): "│", (0, 0, 1, 0): "─", (0, 0, 0, 1): "─", (0, 0, 0, 0): " ",
}


def _junction(up: bool, down: bool, left: bool, right: bool, ascii_only: bool) -> str:
    if ascii_only:
        if (up or down) and (left or right):
            return "+"
        return "|" if up or down else ("-" if left or right else " ")
    return _LIGHT[(int(up), int(down), int(left), int(right))]


def box(facts: Facts, labels: list[str], ascii_only: bool = False, rule_every_row: bool = True) -> Rendered:
    """A box-drawing table (┏━┯┓ ┃ │ ┠─┼┨ ┗━┷┛, or ASCII +---+ |); a header cell may stand over
    several text lines inside one box row, and merged header cells have no rule inside them."""
    widths = [w + 2 for w in column_widths(facts, labels)]
    count = len(widths)
    h, v = ("-", "|") if ascii_only else ("─", "│")
    edge = "|" if ascii_only else "┃"
    levels = header_cells(facts)
    # owner[level][column]: the header cell covering that position
    owner: list[list[HeaderCell | None]] = [[None] * count for _ in levels]
    for cells in levels:
        for cell in cells:
            for lv in range(cell.level, cell.level + cell.rowspan):
                for c in range(cell.first, cell.first + cell.colspan):
                    owner[lv][c] = cell

    def bounds(level: int | None) -> list[bool]:
        """Whether a vertical rule stands left of each inner column on this header line (None: body)."""
        if level is None:
            return [True] * count
        return [owner[level][c] is not owner[level][c - 1] for c in range(count)]

    def outer(left: str, fill: str, tee: str, right: str, marks: list[bool]) -> str:
        return left + "".join(((tee if marks[c] else fill) if c else "") + fill * widths[c] for c in range(count)) + right

    def rule(above: int | None, below: int | None, drawn: list[bool]) -> str:
        up, down = bounds(above), bounds(below)
        out = ("+" if drawn[0] else "|") if ascii_only else ("┠" if drawn[0] else "┃")
        for c in range(count):
            if c:
                out += _junction(up[c], down[c], drawn[c - 1], drawn[c], ascii_only)
            out += (h if drawn[c] else " ") * widths[c]
        return out + (("+" if drawn[-1] else "|") if ascii_only else ("┨" if drawn[-1] else "┃"))

    def text_row(texts: list[str], marks: list[bool], aligns: list[str]) -> str:
        out, c = edge, 0
        while c < count:
            span = 1
            while c + span < count and not marks[c + span]:
                span += 1
            room = sum(widths[c : c + span]) + (span - 1)
            out += " " + pad(texts[c], room - 2, aligns[c]) + " " + (v if c + span < count else "")
            c += span
        return out + edge

    first_marks = bounds(0) if levels else bounds(None)
    if ascii_only:
        lines = [outer("+", "-", "+", "+", first_marks)]
    else:
        lines = [outer("┏", "━", "┯", "┓", first_marks)]
    for level, cells in enumerate(levels):
        stacks = {cell.first: text_lines(cell.text, cell.colspan > 1) for cell in cells}
        height = max([len(s) for s in stacks.values()] + [1])
        for k in range(height):
            texts = [""] * count
            for first, stack in stacks.items():
                if k < len(stack):
                    texts[first] = stack[k]
            lines.append(text_row(texts, bounds(level), ["center"] * count))
        below = level + 1 if level + 1 < len(levels) else None
        drawn = [below is None or owner[below][c] is not None and owner[below][c].level == below for c in range(count)]
        lines.append(rule(level, below, drawn))
    row_at = []
    for i in range(len(facts.rows)):
        if i and rule_every_row:
            lines.append(rule(None, None, [True] * count))
        row_at.append(len(lines))
        lines.append(text_row(_cells(facts, labels, i), bounds(None), ["left"] + ["right"] * (count - 1)))
    if ascii_only:
        lines.append(outer("+", "-", "+", "+", bounds(None)))
    else:
        lines.append(outer("┗", "━", "┷", "┛", bounds(None)))
    return lines, row_at


__all__ = ["box", "html_table", "pipe", "plain", "tsv", "width"]
