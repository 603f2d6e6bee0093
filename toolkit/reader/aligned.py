"""Whitespace-aligned plain tables: columns found from where the figures stand.

A PDF or HWP export to text prints a table as lines of text padded with spaces: figures
right-aligned in their columns, header words centred over the columns they head, a group
header ("직종별 현원") centred over several columns, and nothing at all where a cell is
empty. Reading such a line token by token loses the empty cells (the figures slide to the
left). Convention read here: cells are separated by two or more spaces; the right edges
of the figures in the data lines give the columns; a figure belongs to the column whose
right edge it ends on; a header chunk belongs to the columns it overlaps (a group header
to the first of them, as a merged cell exports). The lines become tab lines; lines that
are not of such a table are left as they are. Widths are display widths (Hangul two).
"""

from __future__ import annotations

import re
import unicodedata

from toolkit.reader.columns import is_label_header
from toolkit.reader.lines import _cell_figure

_GAP = re.compile(r"(?: {2,}|\u3000+)")
_YEAR = re.compile(r"^(?:[’'‘]\d{2}|(?:19|20)\d{2})(?:년|년도)?$")  # a header year, not a count
MIN_DATA_LINES = 2


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


_PIECE = re.compile(r"[^ \u3000]+(?: [^ \u3000]+)*")


def _chunks(line: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of the pieces of a line that two or more spaces separate."""
    out = []
    for match in _PIECE.finditer(line.rstrip()):
        start = _width(line[: match.start()])
        out.append((start, start + _width(match.group()), match.group()))
    return out


def _figure(text: str) -> bool:
    return _cell_figure(text) is not None and not _YEAR.match(text)


def _label_count(chunks: list[tuple[int, int, str]]) -> int:
    """How many chunks the row label takes: the leading text chunks (계정과목 │ 세부 levels)."""
    return next((i for i, (_, _, t) in enumerate(chunks) if _figure(t)), len(chunks))


def _data(chunks: list[tuple[int, int, str]]) -> bool:
    """A data line: a label, then figures (and maybe a text column: 비고, 증감사유)."""
    return 0 < _label_count(chunks) < len(chunks)


def _label(chunks: list[tuple[int, int, str]]) -> tuple[int, int, str]:
    labels = chunks[: _label_count(chunks)]
    return labels[0][0], labels[-1][1], " ".join(t for _, _, t in labels)


def _figures(chunks: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The figure chunks of a data line, up to its last figure (a text column after it is no cell)."""
    last = max((i for i, (_, _, t) in enumerate(chunks) if _figure(t)), default=0)
    return chunks[_label_count(chunks) : last + 1]


def _edges(rows: list[list[tuple[int, int, str]]]) -> list[int]:
    """Right edges the figures of the data lines end on, shared by two lines or more."""
    counts: dict[int, int] = {}
    for chunks in rows:
        for _, end, _ in _figures(chunks):
            # a text cell between figures (the second half's label of a side-by-side table, 수입 | 지출)
            # stands in a column of its own, right-aligned as the cells are
            counts[end] = counts.get(end, 0) + 1
    edges = sorted(e for e, n in counts.items() if n >= 2)
    merged: list[int] = []
    for edge in edges:
        if merged and edge - merged[-1] <= 1:
            continue
        merged.append(edge)
    return merged


def to_lines(lines: list[str]) -> list[str]:
    out = list(lines)
    i = 0
    n = len(lines)
    while i < n:
        if not _GAP.search(lines[i].strip()) or "\t" in lines[i]:
            i += 1
            continue
        end = i
        # a run of lines of several chunks; an indented line of one chunk (a header word wrapped
        # under its column) belongs to it too
        while end < n and lines[end].strip() and "\t" not in lines[end] and (
                len(_chunks(lines[end])) >= 2 or end == i or lines[end][:1] in (" ", "\u3000")):
            end += 1
        _read_run(lines, i, end, out)
        i = max(end, i + 1)
    return out


def _read_run(lines: list[str], start: int, end: int, out: list[str]) -> None:
    chunks = {k: _chunks(lines[k]) for k in range(start, end)}
    data = [k for k in range(start, end) if _data(chunks[k])]
    if not data:
        _read_words(start, end, chunks, out)
        return
    if len(data) < MIN_DATA_LINES:
        return
    edges = _edges([chunks[k] for k in data])
    if len(edges) < 1:
        return
    label_end = max(_label(chunks[k])[1] for k in data)
    if label_end >= edges[0]:
        return
    # every figure of every data line must end on a column edge, else this is no aligned table
    for k in data:
        for _, right, text in _figures(chunks[k]):
            if not any(abs(right - e) <= 1 for e in edges):
                return
    lefts = [label_end] + edges[:-1]
    header = [k for k in range(start, data[0]) if not any(_figure(t) for _, _, t in chunks[k])]
    for k in range(start, end):
        if k in header:
            below = {j for h in header if h > k for s0, e0, _ in chunks[h] for j in _covered(s0, e0, lefts, edges)}
            out[k] = _tab(_place(chunks[k], lefts, edges, header=True, below=below))
        elif k in data:
            out[k] = _tab(_place([_label(chunks[k])] + _figures(chunks[k]), lefts, edges, header=False))


def _place(chunks: list[tuple[int, int, str]], lefts: list[int], edges: list[int], header: bool,
           below: set[int] | None = None) -> list[str]:
    cells = [""] * (len(edges) + 1)
    spans = _header_spans(chunks, lefts, edges, below or set()) if header else {}
    for index, (start, end, text) in enumerate(chunks):
        if start >= edges[-1]:
            continue  # right of the last figure column: a text column (비고), no cell of the grid
        if header:
            column = spans[index][0] + 1 if index in spans else 0
        else:
            column = next((j + 1 for j, e in enumerate(edges) if abs(end - e) <= 1), 0)
        cells[column] = f"{cells[column]} {text}".strip()
    return cells


def _covered(start: int, end: int, lefts: list[int], edges: list[int]) -> list[int]:
    return [j for j in range(len(edges)) if start < edges[j] and end > lefts[j]] if end > lefts[0] else []


def _header_spans(chunks: list[tuple[int, int, str]], lefts: list[int], edges: list[int], below: set[int]) -> dict[int, tuple[int, int]]:
    """The figure columns each header chunk heads: those it overlaps; a group header (one with
    header words under it in the lines below, `below`) is centred over its columns, so its
    text covers only the middle of them: it is widened evenly on both sides over columns no
    other chunk of the line overlaps."""
    spans: dict[int, tuple[int, int]] = {}
    for index, (start, end, _) in enumerate(chunks):
        covered = _covered(start, end, lefts, edges)
        if covered:
            spans[index] = (covered[0], covered[-1])
    claimed = {j for lo, hi in spans.values() for j in range(lo, hi + 1)}
    for index, (lo, hi) in list(spans.items()):
        if not any(j in below for j in range(lo, hi + 1)) or _YEAR.match(chunks[index][2]):
            continue  # a leaf heads the columns it stands over; a year qualifies the word under it
        middle = (chunks[index][0] + chunks[index][1]) / 2

        def off(a: int, b: int) -> float:
            return abs((lefts[a] + edges[b]) / 2 - middle)

        while True:
            options = []
            if lo > 0 and lo - 1 not in claimed and hi + 1 < len(edges) and hi + 1 not in claimed:
                options.append((lo - 1, hi + 1))
            if lo > 0 and lo - 1 not in claimed:
                options.append((lo - 1, hi))
            if hi + 1 < len(edges) and hi + 1 not in claimed:
                options.append((lo, hi + 1))
            best = min(options, key=lambda o: off(*o), default=None)
            if best is None or off(*best) > off(lo, hi) + 1:
                break
            claimed.update(range(best[0], best[1] + 1))
            lo, hi = best
        spans[index] = (lo, hi)
    return spans


def _tab(cells: list[str]) -> str:
    return "\t".join(cells)


def _read_words(start: int, end: int, chunks: dict[int, list[tuple[int, int, str]]], out: list[str]) -> None:
    """A table of words printed aligned (word_tables.py reads the tab lines written here): a header line,
    then rows of a label at the left margin and cells that end on the same right edges in every row (the
    rows with the most cells give the edges; the others' cells end on some of them). One row is enough
    under a label header (구분, 부서별). Nothing here holds a figure; prose never has its pieces aligned so."""
    rows = list(range(start + 1, end))
    if not rows or len(chunks[start]) < 2 or any(_figure(t) for k in range(start, end) for _, _, t in chunks[k]):
        return
    margin = min(chunks[k][0][0] for k in range(start, end))

    def cells(k: int) -> list[tuple[int, int, str]]:
        return chunks[k][1:] if chunks[k][0][0] == margin else chunks[k]

    widest = max(len(cells(k)) for k in rows)
    if widest < 1:
        return
    full = [[e for _, e, _ in cells(k)] for k in rows if len(cells(k)) == widest]
    edges = full[0]
    if any(any(abs(a - b) > 1 for a, b in zip(other, edges)) for other in full[1:]):
        return
    if any(not any(abs(e - edge) <= 1 for edge in edges) for k in rows for _, e, _ in cells(k)):
        return
    label_end = max([c[0][1] for k in range(start, end) for c in [chunks[k]] if c[0][0] == margin] or [margin])
    if any(s0 <= label_end for k in rows for s0, _, _ in cells(k)):
        return
    if len(rows) < 2 and not is_label_header(chunks[start][0][2]):
        return
    lefts = [label_end] + edges[:-1]
    out[start] = _tab(_place(chunks[start], lefts, edges, header=True))
    for k in rows:
        out[k] = _tab(_place(chunks[k], lefts, edges, header=False))
