"""Split report text into blocks and sniff each one's syntax from what it holds.

A report exported to text mixes syntaxes: prose, a markdown pipe table, an HTML
`<table>` fragment, a box-drawing table, tab-separated or space-aligned rows, cells
standing one per line. The file's suffix says nothing reliable about that (converters
write pipe tables into `.txt`), so every block is sniffed by content and read by the
module for its syntax (pipe.py, box.py, html.py, vertical.py).

Every block reader returns the block's lines rewritten, one per source line: a table
row becomes a tab-separated line on the line it starts on, lines it used up become
blank. That one convention ("tab lines") is the single path from grids to tables:
TableFinder (tables.py) reads tab lines and plain lines alike. `grid_lines` writes a
grid in that convention for readers of other sources (HWPX, PDF).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from toolkit.reader.text_lines import split_lines
from toolkit.reader import aligned, box, html, pipe, vertical
from toolkit.reader.lines import USED

# syntax names, in the order a block is tried
PIPE, BOX, HTML, TEXT = "pipe", "box", "html", "text"

_HTML_OPEN = re.compile(r"<table[\s>]", re.IGNORECASE)
_HTML_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)
_HTML_DOCUMENT = re.compile(r"<(html|body|p|div|h[1-6])[\s>]|<!doctype", re.IGNORECASE)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_PAGE_NUMBER = re.compile(r"^\s*[-–—]\s*\d{1,4}\s*[-–—]\s*$")

Grid = list[tuple[int, list[str]]]  # (0-based line within the text, cells) per row


@dataclass(frozen=True)
class Block:
    kind: str
    start: int  # first line, 0-based
    end: int  # one past the last line

    def lines(self, all_lines: list[str]) -> list[str]:
        return all_lines[self.start : self.end]


def _table_syntax(line: str) -> str | None:
    """pipe or box when the line is a row or rule of such a table, else None."""
    if box.is_box_line(line):
        return BOX
    if pipe.is_pipe_line(line):
        return PIPE
    return None


def split_blocks(lines: list[str]) -> list[Block]:
    """Blocks in order, covering every line once."""
    blocks: list[Block] = []
    text_start = 0
    i = 0
    n = len(lines)

    def flush_text(upto: int) -> None:
        if upto > text_start:
            blocks.append(Block(TEXT, text_start, upto))

    while i < n:
        line = lines[i]
        if _HTML_OPEN.search(line):
            end = _html_end(lines, i)
            flush_text(i)
            blocks.append(Block(HTML, i, end))
            i = text_start = end
            continue
        syntax = _table_syntax(line)
        if syntax is None:
            i += 1
            continue
        end = i + 1
        kinds = {syntax}
        while end < n:
            following = _table_syntax(lines[end])
            if following is None:
                break
            kinds.add(following)
            end += 1
        if end - i < 2:  # one pipe line in prose is prose ("A | B" as a separator)
            i += 1
            continue
        flush_text(i)
        # `| a | b |` rows between `+---+` rules are an ASCII box table, not markdown
        blocks.append(Block(BOX if BOX in kinds and box.has_rules(lines[i:end]) else PIPE, i, end))
        i = text_start = end
    flush_text(n)
    return blocks


def _html_end(lines: list[str], start: int) -> int:
    depth = 0
    for index in range(start, len(lines)):
        depth += len(_HTML_OPEN.findall(lines[index])) - len(_HTML_CLOSE.findall(lines[index]))
        if depth <= 0:
            return index + 1
    return len(lines)


def to_lines(text: str) -> list[str]:
    """The text's lines with every table block rewritten as tab lines (same line count)."""
    lines = split_lines(text)  # LF, CRLF, CR only: a form feed is line content, as grep -n counts lines
    if _HTML_OPEN.search(text) and _HTML_DOCUMENT.search(text[:5000]):
        # a whole HTML document: paragraphs outside tables are tags too
        return _fit(html.to_lines(text), len(lines))
    out: list[str] = []
    for block in split_blocks(lines):
        body = block.lines(lines)
        if block.kind == HTML:
            read = html.to_lines("\n".join(body))
        elif block.kind == PIPE:
            read = pipe.to_lines(body)
        elif block.kind == BOX:
            read = box.to_lines(body)
        else:
            read = vertical.to_lines(aligned.to_lines([_plain(line) for line in body]), first=block.start + 1)
        out.extend(_fit(read, len(body)))
    return out


def _plain(line: str) -> str:
    """Markdown emphasis and headings outside tables are decoration, not text; a page
    number ("- 12 -") is a page break, which a table runs across."""
    if _PAGE_NUMBER.match(line):
        return USED
    if "#" in line or "**" in line:
        return _MD_HEADING.sub("", line).replace("**", "")
    return line


def _fit(read: list[str], count: int) -> list[str]:
    return (read + [""] * count)[:count]


def grid_lines(grid: Grid, count: int) -> list[str]:
    """A grid as tab lines: each row on its own line, `count` lines in all.

    The entry point for readers of other sources: give each row the line (or page-line)
    its figures are to be reported on, cells left to right with spans expanded (text in
    the first covered cell, the rest empty), and pass the result to
    `toolkit.reader.read_lines`.
    """
    lines = [""] * count
    for line, cells in grid:
        index = line
        while 0 <= index < count and lines[index]:
            index += 1  # two rows on one line: the next free line
        if 0 <= index < count:
            lines[index] = "\t".join(cells) + ("\t" if len(cells) == 1 else "")
    return lines
