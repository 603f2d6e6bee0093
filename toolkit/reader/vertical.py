"""Vertical layouts: a row whose cells stand one per line, turned into one tab line.

HWP and PDF exports sometimes write a table cell by cell: the row label on a line, then
each figure on a line of its own, with blank lines and cell-boundary marks such as
`(x-)` between them (sample 001's 편성목 detail). Convention read here: a short label
line (no figure, maybe ending in such a mark) followed by two or more lines that each
hold one figure alone, with only blanks and marks between, is one table row. The row
becomes a tab line on the label's line; the lines it used become USED (no gap). Plain rows
(label and figures on one line) are left as they are.
"""

from __future__ import annotations

import re

from toolkit.figures import parse_figure
from toolkit.reader.lines import CELL_MARK, USED, with_line

MARK = CELL_MARK
_TRAILING_MARK = re.compile(r"\s*\([A-Za-z\-+*/~ ]{1,4}\)$")
_SENTENCE = re.compile(r"(다|음|함|임|됨)\.?$")
MAX_LABEL = 40


def _lone_figure(line: str) -> bool:
    text = line.strip()
    return bool(text) and " " not in text and parse_figure(text) is not None


def _label(line: str) -> str | None:
    """The row label a line could be, or None."""
    text = _TRAILING_MARK.sub("", line.strip())
    if not text or len(text) > MAX_LABEL or "\t" in text or _SENTENCE.search(text):
        return None
    if any(parse_figure(token) is not None for token in text.split()):
        return None
    return text


def to_lines(lines: list[str], first: int = 1) -> list[str]:
    """`first`: the report line number of lines[0], so each figure keeps its own line."""
    out = list(lines)
    n = len(lines)
    # whether each line holds a cell (not blank, not a mark): once per line, not once per line looking ahead
    content = [bool(text) and not (text[0] == "(" and MARK.match(text)) for text in (line.strip() for line in lines)]
    i = 0
    while i < n:
        following = next((k for k in range(i + 1, min(n, i + 6)) if content[k]), None)
        if following is None or not _lone_figure(lines[following]):
            i += 1  # cheap test first: a vertical row's next cell is a lone figure
            continue
        label = _label(lines[i]) if not _lone_figure(lines[i]) else None
        if label is None:
            i += 1
            continue
        figures: list[str] = []
        k = i + 1
        while k < n:
            text = lines[k].strip()
            if not text or MARK.match(text):
                k += 1
                continue
            if _lone_figure(text):
                figures.append(with_line(text, first + k))
                k += 1
                continue
            break
        if len(figures) >= 2:
            for index in range(i + 1, k):
                out[index] = USED
            out[i] = "\t".join([label] + figures)
            i = k
        else:
            i += 1
    return out
