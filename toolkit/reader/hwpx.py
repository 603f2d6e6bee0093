"""HWPX (Hancom's open XML format, OWPML): a zip of Contents/section*.xml, read with defusedxml.

A section is a run of paragraphs (hp:p); a table (hp:tbl) stands in a paragraph's run, its rows
(hp:tr) hold cells (hp:tc) that give their own address (hp:cellAddr) and span (hp:cellSpan),
and a cell's text is its paragraphs'. A table nested in a cell is read as a table of its own,
after the table holding it. Every zip member is read with a byte budget (the declared sizes of a
zip can lie) and every XML refuses DTDs and entities, so a bomb costs nothing.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path
from typing import Any

from toolkit.errors import ReconError
from toolkit.reader.documents import SAVE_AS, max_bytes
from toolkit.reader.rendering import GridCell, Rendering

SECTION = re.compile(r"^Contents/section(\d+)\.xml$", re.IGNORECASE)
SPACES = {"tab", "lineBreak", "fwSpace", "nbSpace"}  # empty elements inside hp:t that stand for a space
MIMETYPE = b"application/hwp+zip"


def is_hwpx(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 100:
                return archive.read("mimetype").strip() == MIMETYPE
            return any(SECTION.match(n) for n in names)
    except (zipfile.BadZipFile, OSError, ValueError, zlib.error, EOFError):
        return False


def render(path: Path) -> Rendering:
    try:
        with zipfile.ZipFile(path) as archive:
            return _Reader(archive, str(path)).run()
    # UnicodeDecodeError: a member's name that is not the UTF-8 its flag declares
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, UnicodeDecodeError) as error:
        raise ReconError(f"a corrupt HWPX file (not a readable zip: {error}); {SAVE_AS}", path=str(path)) from None
    except RecursionError:
        raise ReconError("refused: elements nested too deeply for a document", path=str(path)) from None
    except OverflowError as error:
        raise ReconError(f"refused: {error}", path=str(path)) from None


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


class _Reader:
    def __init__(self, archive: zipfile.ZipFile, path: str):
        self.archive = archive
        self.path = path
        self.budget = max_bytes()  # bytes of XML still allowed, over all members
        self.out = Rendering()
        self.tables = 0

    def run(self) -> Rendering:
        names = self.archive.namelist()
        if any(info.flag_bits & 0x1 for info in self.archive.infolist()):
            raise ReconError("a password-protected HWPX file; save an unprotected copy (or print it to PDF) to check it", path=self.path)
        if "META-INF/manifest.xml" in names and b"encryption-data" in self._member("META-INF/manifest.xml"):
            raise ReconError("a password-protected HWPX file; save an unprotected copy (or print it to PDF) to check it", path=self.path)
        sections = sorted((int(m.group(1)), n) for n in names if (m := SECTION.match(n)))
        if not sections:
            raise ReconError(f"a zip without HWPX sections (Contents/section0.xml); {SAVE_AS}", path=self.path)
        for number, name in sections:
            root = self._xml(name)
            paragraph = 0
            for element in root:
                if _local(element.tag) == "p":
                    paragraph += 1
                    self._paragraph(element, f"구역 {number + 1}, 문단 {paragraph}")
        if not any(self.out.lines):
            raise ReconError("the HWPX file holds no text", path=self.path)
        return self.out

    def _member(self, name: str) -> bytes:
        info = self.archive.getinfo(name)
        if info.file_size > self.budget:
            raise ReconError(f"refused: {name} unpacks to {info.file_size:,} bytes (limit {max_bytes():,}, set RECON_MAX_SOURCE_BYTES)", path=self.path)
        with self.archive.open(info) as handle:
            data = handle.read(self.budget + 1)
        if len(data) > self.budget:
            raise ReconError(f"refused: {name} unpacks to more than {max_bytes():,} bytes (set RECON_MAX_SOURCE_BYTES)", path=self.path)
        self.budget -= len(data)
        return data

    def _xml(self, name: str) -> Any:
        from xml.etree.ElementTree import ParseError

        from defusedxml import DefusedXmlException
        from defusedxml.ElementTree import fromstring

        try:
            return fromstring(self._member(name), forbid_dtd=True, forbid_entities=True, forbid_external=True)
        except DefusedXmlException as error:
            raise ReconError(f"refused: {name} declares a DTD or entities ({type(error).__name__}), which HWPX never needs", path=self.path) from None
        except ParseError as error:
            raise ReconError(f"{name} is not well-formed XML ({error}); the file is damaged or encrypted", path=self.path) from None

    def _paragraph(self, element: Any, place: str) -> None:
        text, tables = _content(element)
        self.out.text(text, place)
        for table in tables:
            self._table(table)

    def _table(self, table: Any) -> None:
        self.tables += 1
        number = self.tables
        heading = f" · {self.out.heading}" if self.out.heading else ""
        cells: list[GridCell] = []
        nested: list[Any] = []
        taken: set[tuple[int, int]] = set()
        rows = [r for r in table if _local(r.tag) == "tr"]
        for r, row in enumerate(rows):
            column = 0
            for cell in (c for c in row if _local(c.tag) == "tc"):
                parts = {_local(child.tag): child for child in cell}
                address, span = parts.get("cellAddr"), parts.get("cellSpan")
                while (r, column) in taken:
                    column += 1
                top, left = (_int(address, "rowAddr", r), _int(address, "colAddr", column)) if address is not None else (r, column)
                rowspan, colspan = _int(span, "rowSpan", 1, 1), _int(span, "colSpan", 1, 1)
                texts = []
                for paragraph in (p for child in cell if _local(child.tag) == "subList" for p in child if _local(p.tag) == "p"):
                    text, inner = _content(paragraph)
                    texts.append(text)
                    nested += inner
                place = f"표 {number}, {top + 1}행 {left + 1}열{heading}"
                cells.append(GridCell(top, left, " ".join(texts), place, rowspan, colspan))
                taken.update((top + i, left + j) for i in range(rowspan) for j in range(colspan))
                column = left + colspan
        self.out.grid(cells, lambda r: f"표 {number}, {r + 1}행{heading}")
        for inner in nested:
            self._table(inner)


def _int(element: Any, name: str, default: int, least: int = 0) -> int:
    try:
        return max(least, min(int(element.get(name)), 10_000))
    except (TypeError, ValueError, AttributeError):
        return default


def _content(paragraph: Any) -> tuple[str, list[Any]]:
    """A paragraph's text and the tables standing in it (not their text)."""
    texts: list[str] = []
    tables: list[Any] = []

    def walk(element: Any) -> None:
        for child in element:
            name = _local(child.tag)
            if name == "tbl":
                tables.append(child)
            elif name == "t":
                texts.append(_text(child))
            elif name not in ("linesegarray", "secPr", "ctrl"):
                walk(child)

    walk(paragraph)
    return "".join(texts), tables


def _text(t: Any) -> str:
    parts = [t.text or ""]
    for child in t:
        parts.append(" " if _local(child.tag) in SPACES else (child.text or ""))
        parts.append(child.tail or "")
    return "".join(parts)
