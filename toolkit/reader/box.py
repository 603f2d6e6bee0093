"""Box-drawing tables (┏━┯┓ ┃ │ ┠─┼┨ ┗━┷┛, and ASCII `+---+` / `|`) into tab lines.

Old HWP text exports and many converters draw tables with rules. Conventions read here:
- rule lines (─━═ with junctions, or `+---+`) separate box rows; a box row may hold several
  text lines: a cell's text wraps downward inside its cell, so the lines of a box row whose
  cells carry no figure (a header spread over lines, a wrapped label) are joined per cell;
  a box row holding several lines with figures (rows drawn without rules between them)
  gives one table row per such line, with label-only lines below a row joined to it;
- columns are found from where the vertical bars stand (display width: Hangul counts
  two): a line with fewer bars than the fullest lines has merged cells, and a merged
  cell's text stands in the first column it covers, the others empty (as html.py does);
- several label cells before the figures (과목 │ 세부) are the levels of the row label.
"""

from __future__ import annotations

import re
import unicodedata

from toolkit.figures import parse_figure
from toolkit.reader.lines import USED

VERTICALS = frozenset("│┃║┆┇┊┋╎╏|")
HORIZONTALS = frozenset("─━═┄┅┈┉╌╍-=")
_ASCII_RULE = frozenset("+-=:| ")


def _is_drawing(char: str) -> bool:
    return "\u2500" <= char <= "\u257f"


def is_rule(line: str) -> bool:
    body = line.strip()
    if not body:
        return False
    horizontal = sum(1 for c in body if c in HORIZONTALS)
    if horizontal < 3:
        return False
    if all(_is_drawing(c) or c in _ASCII_RULE for c in body):
        return any(_is_drawing(c) for c in body) or "+" in body
    return False


_DRAWING = re.compile("[\u2500-\u257f]")
_MAYBE_ASCII_RULE = re.compile(r"^\s*[+|][-=+:| ]*[-=]{3}")


def is_box_line(line: str) -> bool:
    """A rule, or a text line drawn with box characters."""
    if _DRAWING.search(line):
        return True
    return bool(_MAYBE_ASCII_RULE.match(line)) and is_rule(line)


def has_rules(lines: list[str]) -> bool:
    return any(is_rule(line) for line in lines)


def _width(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _bars(line: str) -> tuple[list[int], list[str]]:
    """Display positions of the vertical bars, and the text pieces between them.

    Junctions inside a text line (`├───┬───┨`: a rule under a group header that spans only
    some columns) count as bars, and a piece that is all rule becomes RULED. A line with
    no bar at its start (or end) gets a virtual one there, marked -1 (or a very large
    position), so an unbordered table reads like a bordered one."""
    positions: list[int] = []
    pieces: list[str] = []
    current: list[str] = []
    column = 0
    for char in line.rstrip():
        if char in VERTICALS or (_is_drawing(char) and char not in HORIZONTALS):
            positions.append(column)
            pieces.append("".join(current))
            current = []
        else:
            current.append(char)
        column += _width(char)
    pieces.append("".join(current))
    lead, trail = pieces[0], pieces[-1]
    inner = pieces[1:-1]
    if lead.strip():
        positions.insert(0, -1)
        inner.insert(0, lead)
    if trail.strip():
        positions.append(1 << 30)
        inner.append(trail)
    return positions, [RULED if _ruled(p) else " ".join(p.split()) for p in inner]


RULED = "\x1d"  # a cell crossed by a partial rule


def _ruled(piece: str) -> bool:
    body = piece.strip()
    return len(body) >= 2 and all(c in HORIZONTALS for c in body)


def _columns(bars: list[list[int]]) -> list[int]:
    """Boundary positions: those of the lines with the most bars, averaged."""
    most = max((len(b) for b in bars), default=0)
    full = [b for b in bars if len(b) == most]
    if not full or most < 2:
        return []
    return [round(sum(b[k] for b in full) / len(full)) for k in range(most)]


def _nearest(boundaries: list[int], position: int) -> int:
    if position < 0:
        return 0
    if position >= 1 << 30:
        return len(boundaries) - 1
    return min(range(len(boundaries)), key=lambda k: abs(boundaries[k] - position))


def _cells(positions: list[int], pieces: list[str], boundaries: list[int]) -> list[str]:
    count = len(boundaries) - 1
    cells = [""] * count
    if len(positions) == len(boundaries):
        return pieces[:count] + [""] * (count - len(pieces))
    for k, piece in enumerate(pieces):
        column = _nearest(boundaries, positions[k])
        if 0 <= column < count:
            cells[column] = (cells[column] + " " + piece).strip() if cells[column] else piece
    return cells


def _has_figure(cells: list[str]) -> bool:
    """A cell after the first holds a figure that is not a year (a header's 2024)."""
    for text in cells[1:]:
        figure = parse_figure(text) if text.strip() and text != RULED else None
        if figure is not None and not (figure.value is not None and figure.decimals == 0 and 1900 <= figure.value <= 2100 and "," not in text):
            return True
    return False


def _join(rows: list[list[str]]) -> list[str]:
    return [" ".join(t for t in column if t and t != RULED) for column in zip(*rows)]


def to_lines(lines: list[str]) -> list[str]:
    out = [USED if is_rule(line) else "" for line in lines]
    parsed = {i: _bars(line) for i, line in enumerate(lines) if not is_rule(line) and line.strip()}
    boundaries = _columns([positions for positions, _ in parsed.values()])
    if not boundaries:
        return out
    groups: list[list[int]] = []
    group: list[int] = []
    for index in range(len(lines) + 1):
        if index < len(lines) and index in parsed:
            group.append(index)
            continue
        if group:
            groups.append(group)
            group = []
    cells = {i: _cells(*parsed[i], boundaries) for g in groups for i in g}
    if len(groups) == 2 and len(groups[1]) >= 2 and not any(_has_figure(cells[i]) for g in groups for i in g):
        _emit_header(groups[0], cells, out)
        _emit_words(groups[1], cells, out)
        return out
    for group in groups:
        _emit(group, {i: cells[i] for i in group}, out)
    return out


def _emit_words(group: list[int], cells: dict[int, list[str]], out: list[str]) -> None:
    """The body of a box of words drawn with no rule between its rows (one box row under the header):
    a line with its label cell and another cell filled starts a row; a line with the label cell empty
    continues the cells of the row above, one with the label cell alone continues its label."""
    rows: list[tuple[int, list[list[str]]]] = []
    for i in group:
        out[i] = USED
        label, rest = cells[i][0].strip(), [c for c in cells[i][1:] if c.strip() and c != RULED]
        if label and rest or not rows:
            rows.append((i, [cells[i]]))
        else:
            rows[-1][1].append(cells[i])
    for at, parts in rows:
        out[at] = _tab(_join(parts))


def _emit(group: list[int], cells: dict[int, list[str]], out: list[str]) -> None:
    for i in group:
        out[i] = USED  # every line of the box row; the row's own lines are written below
    figure_lines = [i for i in group if _has_figure(cells[i])]
    if not figure_lines:
        _emit_header(group, cells, out)
        return
    if len(figure_lines) == 1:
        out[figure_lines[0]] = _tab(_join([cells[i] for i in group]))
        return
    # several rows in one box row: label-only lines above the first row prefix it, the
    # ones below a row continue its wrapped cells
    rows: list[tuple[int, list[list[str]]]] = []
    leading: list[list[str]] = []
    for i in group:
        if i in figure_lines:
            rows.append((i, leading + [cells[i]]))
            leading = []
        elif rows:
            rows[-1][1].append(cells[i])
        else:
            leading.append(cells[i])
    for at, parts in rows:
        out[at] = _tab(_join(parts))


def _emit_header(group: list[int], cells: dict[int, list[str]], out: list[str]) -> None:
    """Header lines of one box row; a partial rule splits the columns it crosses into a
    group header (above it) over sub-headers (below it): two header rows."""
    split = next((k for k, i in enumerate(group) if RULED in cells[i]), None)
    if split is None:
        out[group[0]] = _tab(_join([cells[i] for i in group]))
        return
    crossed = {c for c, text in enumerate(cells[group[split]]) if text == RULED}
    clean = {i: ["" if t == RULED else t for t in cells[i]] for i in group}
    above = _join([clean[i] for i in group[:split]] or [[""] * len(clean[group[0]])])
    below = _join([clean[i] for i in group[split:]])
    whole = _join([clean[i] for i in group])
    out[group[0]] = _tab([above[c] if c in crossed else "" for c in range(len(whole))])
    out[group[split]] = _tab([below[c] if c in crossed else whole[c] for c in range(len(whole))])


def _tab(cells: list[str]) -> str:
    return "\t".join(cells) + ("\t" if len(cells) == 1 else "")
