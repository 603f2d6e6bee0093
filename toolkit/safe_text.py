"""Text from a report, made inert for the format it is written into.

A label or sentence is data: in markdown it must not become HTML or a link, in a workbook it must
not become a formula nor carry a character XML cannot hold, and a sheet it names must be quoted the
way Excel reads sheet references.
"""

from __future__ import annotations

import re

# characters an xlsx (XML 1.0) part cannot hold, and the C1 controls and DEL no label means
_XLSX_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")  # emphasis, code, links and images, table cells
EXCEL_MAX_TEXT = 32_767  # characters a cell holds


def xlsx_text(value: object) -> str:
    """A string cell's text: control characters removed, cut at Excel's cell limit.

    Writers must write it as a string (xlsxwriter `write_string`, or openpyxl with
    `cell.data_type = "s"`), so that a leading `=`, `+`, `-`, `@`, tab or CR stays text.
    """
    return _XLSX_ILLEGAL.sub("", str(value))[:EXCEL_MAX_TEXT]


def typed_text(value: object) -> str:
    """Text entered into a live Excel cell (xlwings): a leading apostrophe makes Excel keep as text
    what it would otherwise take as a formula or a number; Excel shows the cell without it."""
    text = xlsx_text(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def markdown_text(value: object) -> str:
    """Text for a markdown table cell: HTML and link syntax escaped, one line."""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return re.sub(r"[\r\n\u2028\u2029\x85]+", " ", text)


def split_ref(ref: str) -> tuple[str, str] | None:
    """'T00!B3' → ('T00', 'B3'); split at the last '!', since a sheet name may hold one; quotes removed."""
    if "!" not in ref:
        return None
    sheet, cell = ref.rsplit("!", 1)
    if len(sheet) >= 2 and sheet.startswith("'") and sheet.endswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    return sheet, cell


def sheet_ref(sheet: str, cell: str) -> str:
    """A reference Excel reads for any sheet name: quoted, a quote inside doubled."""
    return "'" + sheet.replace("'", "''") + "'!" + cell
