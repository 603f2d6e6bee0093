"""Render reports into the documents officers hold: HWPX (a minimal OWPML writer) and PDF
(headless chromium printing an HTML rendering). A document is a list of blocks: a paragraph
(str) or a table (a list of rows of cells (text, rowspan, colspan), spans as a word processor
stores them: the merged cell once, the positions it covers absent).

`document_of(report, text)` turns a text report back into such a document: its other lines as
paragraphs, each table read from it in its place, the header rows from the column names (group
headers merged over their columns, as tests/render lays them out), row labels in the label
column of their level, as a table in HWP keeps 구분 over several columns.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from render.facts import from_table
from toolkit.reader.lines import _cell_figure
from render.layout import header_cells

Cell = tuple[str, int, int]  # text, rowspan, colspan
Block = str | list[list[Cell]]


def document_of(report, text: list[str]) -> list[Block]:
    """The report's text lines as paragraphs, each table read from them as a table in their place."""
    starts = {t.first_line: t for t in report.tables}
    blocks: list[Block] = []
    number = 1
    while number <= len(text):
        table = starts.get(number)
        if table is None:
            blocks.append(text[number - 1].strip())
            number += 1
            continue
        before = " ".join(text[max(0, number - 5) : number - 1])
        inside = [n for n in range(table.first_line, table.last_line + 1) if re.search(r"단\s*위", text[n - 1])]
        below = [n for n in inside if n > max(r.line for r in table.rows)]  # a unit line printed under the table
        if table.unit and not below and not re.search(r"단\s*위", before):
            blocks.append(f"(단위 : {table.unit})")
        blocks.append(table_of(table))
        blocks += [text[n - 1].strip() for n in below]
        number = table.last_line + 1
    return blocks


def table_of(table) -> list[list[Cell]]:
    """The header from the column names (tests/render's header cells: a group header merged over its
    columns), 구분 over as many label columns as the rows have levels, each label in its level's."""
    facts = from_table(table)
    width = max(r.level for r in table.rows) + 1
    rows = [[(c.text, c.rowspan, c.colspan + (width - 1 if c.first == 0 else 0)) for c in cells] for cells in header_cells(facts)]
    for row, fact in zip(table.rows, facts.rows):
        labels: list[Cell] = [("", 1, 1)] * width
        labels[min(row.level, width - 1)] = (row.label, 1, 1)
        rows.append(labels + [(text, 1, 1) for text in fact.cells])
    return rows


# ---- HWPX ----------------------------------------------------------------------------------

NS = ('xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph" '
      'xmlns:hh="http://www.hancom.co.kr/hwpml/2011/head"')


def _p(text: str, inner: str = "") -> str:
    run = f"<hp:t>{escape(text)}</hp:t>" if text else ""
    return f'<hp:p paraPrIDRef="0" styleIDRef="0"><hp:run charPrIDRef="0">{run}{inner}</hp:run></hp:p>'


def _tbl(rows: list[list[Cell]]) -> str:
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(rows):
        cells, column = [], 0
        for text, rowspan, colspan in row:
            while (r, column) in taken:
                column += 1
            inner = _tbl(text) if isinstance(text, list) else ""  # a nested table
            body = _p("" if inner else text, inner)
            cells.append(f'<hp:tc><hp:subList>{body}</hp:subList><hp:cellAddr colAddr="{column}" rowAddr="{r}"/>'
                         f'<hp:cellSpan colSpan="{colspan}" rowSpan="{rowspan}"/></hp:tc>')
            taken.update((r + i, column + j) for i in range(rowspan) for j in range(colspan))
            column += colspan
        out.append("<hp:tr>" + "".join(cells) + "</hp:tr>")
    count = max(sum(c[2] for c in row) for row in rows)
    return f'<hp:tbl rowCnt="{len(rows)}" colCnt="{count}">' + "".join(out) + "</hp:tbl>"


def section_xml(blocks: list[Block]) -> str:
    body = "".join(_p(b) if isinstance(b, str) else _p("", _tbl(b)) for b in blocks)
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><hs:sec {NS}>{body}</hs:sec>'


def write_hwpx(blocks: list[Block], path: Path, section: str | None = None, extra: dict[str, bytes] | None = None) -> Path:
    files = {
        "version.xml": '<?xml version="1.0" encoding="UTF-8"?><hv:HCFVersion xmlns:hv="http://www.hancom.co.kr/hwpml/2011/version" '
                       'tagetApplication="WORDPROCESSOR" major="5" minor="1" micro="0" buildNumber="1"/>',
        "META-INF/container.xml": '<?xml version="1.0" encoding="UTF-8"?><ocf:container xmlns:ocf="urn:oasis:names:tc:opendocument:xmlns:container">'
                                  '<ocf:rootfiles><ocf:rootfile full-path="Contents/content.hpf" media-type="application/hwpml-package+xml"/>'
                                  "</ocf:rootfiles></ocf:container>",
        "Contents/content.hpf": '<?xml version="1.0" encoding="UTF-8"?><opf:package xmlns:opf="http://www.idpf.org/2007/opf/"><opf:manifest>'
                                '<opf:item id="section0" href="Contents/section0.xml" media-type="application/xml"/></opf:manifest>'
                                '<opf:spine><opf:itemref idref="section0"/></opf:spine></opf:package>',
        "Contents/section0.xml": section if section is not None else section_xml(blocks),
    }
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/hwp+zip")  # first and stored, as OCF asks
        for name, text in files.items():
            archive.writestr(name, text, compress_type=zipfile.ZIP_DEFLATED)
        for name, data in (extra or {}).items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return path


# ---- HTML → PDF ----------------------------------------------------------------------------

STYLE = """
body { font-family: 'NanumGothic', 'Noto Sans CJK KR', sans-serif; font-size: 9pt; }
table { border-collapse: collapse; margin: 6pt 0; }
p { margin: 0; }  /* paragraphs as the text prints them: apart only by the empty lines it holds */
td, th { border: 0.75pt solid #000; padding: 1pt 4pt; font-weight: normal; }
thead { display: table-header-group; }
tr { break-inside: avoid; }  /* rows whole on a page, as HWP prints them by default; a row split over pages is not joined (yet) */
"""


def html_of(blocks: list[Block]) -> str:
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><style>{STYLE}</style></head><body>"]
    for block in blocks:
        if isinstance(block, str):
            parts.append(f"<p>{html.escape(block)}</p>" if block else "<p><br></p>")  # an empty line keeps its height
            continue
        head = _header_count(block)
        parts.append("<table>")
        for r, row in enumerate(block):
            if r == 0 and head:
                parts.append("<thead>")
            cells = "".join(f'<td rowspan="{rs}" colspan="{cs}">{html.escape(t)}</td>' for t, rs, cs in row)
            parts.append(f"<tr>{cells}</tr>")
            if r == head - 1:
                parts.append("</thead><tbody>")
        parts.append("</tbody></table>" if head else "</table>")
    parts.append("</body></html>")
    return "".join(parts)


def _header_count(rows: list[list[Cell]]) -> int:
    """The header rows: the first row's tallest cell (구분 spans them all); none when the first row
    holds figures (a table whose columns the text leaves unnamed), so no data row repeats on every page."""
    if not rows or not rows[0] or any(isinstance(t, str) and _cell_figure(t) is not None for t, _, _ in rows[0][1:]):
        return 0
    return max(rs for _, rs, _ in rows[0])


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def print_pdf(document: str, path: Path) -> Path:
    """Print an HTML document to PDF with headless chromium (no header or footer lines)."""
    browser = chromium()
    assert browser, "chromium is needed (make browser)"
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "doc.html"
        source.write_text(document, encoding="utf-8")
        env = dict(os.environ, HOME=tmp)
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        f"--user-data-dir={tmp}/profile", f"--print-to-pdf={path}", source.as_uri()],
                       check=True, capture_output=True, timeout=120, env=env)
    return path
