"""PDF reports with a text layer (as councils publish them), read with pdfplumber.

Per page, tables come from the ruling lines (pdfplumber's lattice finder: a merged cell is one
cell, the positions it covers come back empty, as html.py expands spans) and the text outside
them from its text lines, in reading order (top to bottom). A table that opens a page under the
same header rows as the table closing the page before is the same table continued (the header a
word processor repeats on every page), so its rows are appended and the header is not read again.
Vertical space of a whole empty line between two text lines is a blank line, as the text export of
the same document prints an empty paragraph (the reader closes tables and separates headers from
rows at blank lines); the line pitch is the document's closest spacing of two text lines.
A page without a text layer is a scanned image: out of scope, said in a warning; a document with
no text at all is bad input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
import re
from typing import Any

from toolkit.errors import ReconError
from toolkit.reader.rendering import GridCell, Rendering

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
SCANNED = "scanned pages (images without a text layer) are out of scope: use the text PDF or the HWPX file"


@dataclass
class _Table:
    rows: list[list[str]]
    places: list[list[str]]  # per cell: "p. 2, 표 1, 3행 2열"
    row_places: list[str]
    number: int
    header: int = 0  # leading rows with no figure: the header a continued table repeats


@dataclass
class _Page:
    blocks: list[tuple[float, Any]] = field(default_factory=list)  # (top, a text line or a table's (cell texts, cell places))
    bottoms: dict[int, float] = field(default_factory=dict)  # a text line's block index -> its bottom


def render(path: Path) -> Rendering:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(path) as document:
            pages = [_page(page) for page in document.pages]
    except (PdfminerException, PDFPasswordIncorrect, PDFEncryptionError) as error:
        cause = error.args[0] if error.args else error
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in str(cause).lower() or "encrypt" in str(cause).lower():
            raise ReconError("a password-protected (encrypted) PDF; save an unprotected copy to check it", path=str(path)) from None
        raise ReconError(f"an unreadable PDF ({type(cause).__name__}: {cause})", path=str(path)) from None
    except (PDFSyntaxError, Exception) as error:  # noqa: BLE001 - a damaged PDF fails the parser in any way
        raise ReconError(f"an unreadable PDF ({type(error).__name__}: {error})", path=str(path)) from None
    return _render(pages, str(path))


def _page(page: Any) -> _Page | None:
    if not page.chars:
        return None
    out = _Page()
    found = page.find_tables()
    for table in found:
        rows = table.extract()
        if not rows or not any(any(c for c in row if c) for row in rows):
            continue
        texts = [[_cell_text(c or "") for c in row] for row in rows]
        places = [[f"{r + 1}행 {c + 1}열" for c in range(len(row))] for r, row in enumerate(rows)]
        out.blocks.append((table.bbox[1], (texts, places)))
    outside = page
    for table in found:
        outside = outside.outside_bbox(table.bbox)
    lines = [(line["top"], _clean(line["text"]), line["bottom"]) for line in outside.extract_text_lines(return_chars=False)]
    out.blocks += [(top, text) for top, text, _ in lines]
    out.blocks.sort(key=lambda block: block[0])
    bottom = {(top, text): low for top, text, low in lines}
    out.bottoms = {i: bottom[block] for i, block in enumerate(out.blocks) if isinstance(block[1], str)}
    return out


def _pitch(pages: list[_Page | None]) -> float:
    """The document's line pitch: the closest top-to-top distance of two consecutive text lines no
    nearer than a line's height (pieces of one line printed apart are not two lines)."""
    steps = [
        page.blocks[i + 1][0] - page.blocks[i][0]
        for page in pages if page is not None
        for i in range(len(page.blocks) - 1)
        if i in page.bottoms and i + 1 in page.bottoms and page.blocks[i + 1][0] - page.blocks[i][0] >= page.bottoms[i] - page.blocks[i][0]
    ]
    return min(steps, default=0.0)


def _blank_lines(page: _Page, index: int, pitch: float) -> int:
    """Empty lines between text line `index` and the text line before it (0 after a table)."""
    if pitch <= 0 or index == 0 or index - 1 not in page.bottoms or index not in page.bottoms:
        return 0
    return max(0, round((page.blocks[index][0] - page.blocks[index - 1][0]) / pitch) - 1)


def _clean(text: str) -> str:
    """Glyphs a font maps to control characters are spaces (chromium's subset fonts map the space so)."""
    return "".join(" " if ord(ch) < 32 else ch for ch in text)


def _cell_text(text: str) -> str:
    """A cell's lines joined: a line wrapped between two Hangul syllables is one word broken by the
    cell's width (Korean word processors wrap by syllable), anything else is joined by a space."""
    lines = [" ".join(_clean(line).split()) for line in text.split("\n")]
    out = ""
    for line in (x for x in lines if x):
        out += ("" if out and _HANGUL.match(out[-1]) and _HANGUL.match(line[0]) else " " if out else "") + line
    return out


def _render(pages: list[_Page | None], path: str) -> Rendering:
    out = Rendering()
    if not any(pages):
        raise ReconError(f"no page has a text layer; {SCANNED}", path=path)
    scanned = [str(n) for n, page in enumerate(pages, start=1) if page is None]
    if scanned:
        which = f"page {scanned[0]} has no text layer and was" if len(scanned) == 1 else f"pages {', '.join(scanned)} have no text layer and were"
        out.warnings.append(f"{which} skipped; {SCANNED}")
    tables: list[_Table] = []
    pending: _Table | None = None  # the table being read: written out once the next block is not its continuation
    pitch = _pitch(pages)
    for number, page in enumerate(pages, start=1):
        if page is None:
            continue
        line_on_page = 0
        for index, (_, block) in enumerate(page.blocks):
            if isinstance(block, str):
                _flush(out, pending)
                pending = None
                for _ in range(_blank_lines(page, index, pitch)):
                    out.text("", f"p. {number}, {line_on_page}번째 줄 아래")
                line_on_page += 1
                out.text(block, f"p. {number}, {line_on_page}번째 줄")
                continue
            texts, places = block
            if index == 0 and pending is not None and _continues(pending, texts):
                table, skip = pending, pending.header
            else:
                _flush(out, pending)
                table, skip = _Table([], [], [], len(tables) + 1, _header_rows(texts)), 0
                tables.append(table)
            for row, row_places in zip(texts[skip:], places[skip:]):
                line_on_page += 1
                table.rows.append(row)
                table.places.append([f"p. {number}, 표 {table.number}, {p}" for p in row_places])
                table.row_places.append(f"p. {number}, {line_on_page}번째 줄")
            pending = table
    _flush(out, pending)
    return out


def _flush(out: Rendering, table: _Table | None) -> None:
    if table is None:
        return
    cells = [GridCell(r, c, text, table.places[r][c]) for r, row in enumerate(table.rows) for c, text in enumerate(row) if text]
    out.grid(cells, lambda r: table.row_places[r])


def _header_rows(rows: list[list[str]]) -> int:
    from toolkit.reader.lines import _cell_figure

    count = 0
    for row in rows:
        if any(cell and _cell_figure(cell) is not None for cell in row[1:]):
            break
        count += 1
    return count


def _continues(table: _Table, rows: list[list[str]]) -> bool:
    """The page's first table repeats the header of the table that closed the page before."""
    header = table.rows[: table.header]
    return bool(header) and len(rows) > len(header) and rows[: len(header)] == header
