"""An xlsxwriter worksheet that stores and writes its cells in tight loops, with the same bytes.

A report's two workbooks hold ~200,000 cells (sample 001), most of them in the provenance sheets;
xlsxwriter spends most of a workbook's time on them: per cell a decorated call, a bounds check, a
named tuple, and at close `_write_rows`/`_write_cell` building each `<c>` element from a list of
attribute pairs. `Sheet` keeps xlsxwriter's own cell table (so every other part of the sheet, and
xlsxwriter's own writer where this one does not apply, see what they always saw) but

- `put_rows` stores a block of plain values (str, int, float, bool) in one call, as `_write_string`,
  `_write_number` and `_write_boolean` would one by one (shared strings in the same order);
- `_write_rows` writes `<sheetData>`'s rows in one loop, the exact text `Worksheet._write_rows` writes
  (checked byte for byte against it in tests/test_xlsx_sheet.py), for the sheets recon makes: no row
  options (`set_row`), the default row height, Excel 2007 mode, cells of numbers, strings, booleans
  and blanks; any other sheet or cell goes to xlsxwriter's own code.

A sheet of plain values whose text is the same in several workbooks (the provenance sheets, in a
report's two workbooks) is rendered once (`render`: its `<sheetData>` rows with each shared string's
index and the header's style left open) and put into each workbook's sheet (`put_rendered`): a
workbook pays for registering its strings, not for writing the cells again.

`Book` is a Workbook whose sheets are `Sheet`s and whose shared strings (`xl/sharedStrings.xml`, one
`<si>` per distinct text) are escaped in one pass over all texts rather than text by text.

xlsxwriter is pinned in pyproject.toml: this leans on its cell table and XML layout (3.3.1).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from math import isinf, isnan

from xlsxwriter.packager import Packager
from xlsxwriter.sharedstrings import SharedStrings
from xlsxwriter.utility import _utf16_len, _utf16_truncate, xl_col_to_name
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import CellBlankTuple, CellBooleanTuple, CellNumberTuple, CellStringTuple, Worksheet

from toolkit.safe_text import xlsx_text

ROWS, COLUMNS, TEXT = 1_048_576, 16_384, 32_767  # a sheet's bounds, as Worksheet's xls_rowmax, xls_colmax, xls_strmax
_new = tuple.__new__  # a named tuple built without its Python-level __new__: the same object, one call less


@dataclass(frozen=True)
class Rendered:
    """A sheet's header (row 0, one format) and rows (plain values, no format) as `<sheetData>` rows:
    `xml` holds %d where a header cell's style index goes, then the shared-string index of each
    string cell, in cell order; `strings` the texts of those cells; the sheet's dimensions."""

    strings: tuple[str, ...]
    header: int  # header cells (the first ones in `strings`)
    xml: str
    last_row: int
    last_col: int


def render(header: Sequence[str], rows: Sequence[Sequence[object]]) -> Rendered | None:
    """`header` and `rows` rendered as write_row(0, 0, header, format) then put_rows(1, rows) would
    write them; None when a value is of another type than str, int, float, bool or None (put_rows
    takes those) or the rows do not fit a sheet."""
    if not header or any(not isinstance(h, str) or h == "" for h in header) or len(rows) >= ROWS:
        return None
    strings = [_cut(h) for h in header]
    names = [xl_col_to_name(c) for c in range(max(len(header), *map(len, rows)) if rows else len(header))]
    if len(names) > COLUMNS:
        return None
    lines: list[tuple[int, int, int, str]] = [(0, 0, len(header) - 1, "".join(f'<c r="{names[c]}1" s="%d" t="s"><v>%d</v></c>'
                                                                          for c in range(len(header))))]
    last_col = len(header) - 1
    for r, values in enumerate(rows, start=1):
        number_row = str(r + 1)
        cells = []
        low = high = -1
        for c, value in enumerate(values):
            kind = value.__class__
            if kind is str or isinstance(value, str):
                if value == "":
                    continue
                strings.append(_cut(xlsx_text(value)))
                cells.append(f'<c r="{names[c]}{number_row}" t="s"><v>%d</v></c>')
            elif kind is float or kind is int:
                if isnan(value) or isinf(value):  # type: ignore[arg-type]
                    raise TypeError("NAN/INF not supported in write_number() without 'nan_inf_to_errors' Workbook() option")
                cells.append(f"<c r=\"{names[c]}{number_row}\"><v>{value:.16G}</v></c>")
            elif kind is bool:
                cells.append(f'<c r="{names[c]}{number_row}" t="b"><v>{1 if value else 0}</v></c>')
            elif value is None:
                continue
            else:
                return None
            if low < 0:
                low = c
            high = c
        if cells:
            lines.append((r, low, high, "".join(cells)))
            last_col = max(last_col, high)
    spans: dict[int, tuple[int, int]] = {}
    for r, low, high, _ in lines:
        known = spans.get(r // 16)
        spans[r // 16] = (low, high) if known is None else (min(known[0], low), max(known[1], high))
    xml = "".join(f'<row r="{r + 1}" spans="{spans[r // 16][0] + 1}:{spans[r // 16][1] + 1}">{cells}</row>' for r, _, _, cells in lines)
    return Rendered(tuple(strings), len(header), xml, lines[-1][0], last_col)


def _cut(text: str) -> str:
    """As _write_string: a text longer than Excel's limit in UTF-16 units is cut there."""
    if len(text) > TEXT // 2 and _utf16_len(text) > TEXT:
        return _utf16_truncate(text, TEXT)
    return text


class Sheet(Worksheet):
    """A worksheet with `put_rows`, `put_rendered` and a fast `_write_rows` (see the module's docstring)."""

    rendered: tuple[Rendered, object, list[int]] | None = None

    def put_rendered(self, rendered: Rendered, header_format) -> None:
        """The sheet's cells from `render`, the header in `header_format`; the sheet takes no other cell."""
        if self.table or self.rendered is not None:
            raise ValueError("a rendered sheet holds nothing else")
        shared = self.str_table._get_shared_string_index
        self.rendered = (rendered, header_format, [shared(text) for text in rendered.strings])  # the workbook's string order
        self._check_dimensions(0, 0)
        self._check_dimensions(rendered.last_row, rendered.last_col)

    def put_rows(self, first_row: int, rows: Iterable[Sequence[object]]) -> None:
        """Cells of `rows` from row `first_row`, column 0 on, no format: a str as text (control
        characters removed, as `xlsx_text`), a bool, int or float as such, None or "" left empty;
        the same cells, shared strings and dimensions as writing them one by one with write()."""
        shared = self.str_table._get_shared_string_index
        table, most = self.table, self.xls_strmax
        number, string, boolean = CellNumberTuple, CellStringTuple, CellBooleanTuple
        first_stored, last_stored, first_col, last_col = None, -1, None, -1
        for r, values in enumerate(rows, start=first_row):
            if r >= self.xls_rowmax:
                break  # past the sheet's last row: _check_dimensions would refuse each cell, nothing stored
            line = table[r]
            for c, value in enumerate(values):
                if c >= self.xls_colmax:
                    break
                kind = value.__class__
                if kind is str or isinstance(value, str):
                    if value == "":
                        continue
                    text = xlsx_text(value)
                    if len(text) > most // 2 and _utf16_len(text) > most:  # as _write_string: Excel counts UTF-16 units
                        text = _utf16_truncate(text, most)
                    line[c] = _new(string, (shared(text), None))
                elif kind is float or kind is int:
                    if isnan(value) or isinf(value):  # type: ignore[arg-type]
                        raise TypeError("NAN/INF not supported in write_number() without 'nan_inf_to_errors' Workbook() option")
                    line[c] = _new(number, (value, None))
                elif kind is bool:
                    line[c] = _new(boolean, (1 if value else 0, None))
                elif value is None:
                    continue
                else:  # another type (a date, a Decimal): xlsxwriter's own dispatch, as write() would
                    self.write(r, c, value)
                    continue
                if first_col is None or c < first_col:
                    first_col = c
                if c > last_col:
                    last_col = c
                if first_stored is None:
                    first_stored = r
                last_stored = r
            if not line:
                del table[r]  # as if never touched: the defaultdict made it
        if first_stored is not None and first_col is not None:
            # the dimensions _check_dimensions would keep had each cell been written alone
            self._check_dimensions(first_stored, first_col)
            self._check_dimensions(last_stored, last_col)

    def _write_rows(self) -> None:
        if self.rendered is not None:
            self._write_rendered(*self.rendered)
            return
        if (self.constant_memory or self.row_info or self.excel_version != 2007
                or self.default_row_height != self.original_row_height):
            super()._write_rows()  # a sheet with row options: xlsxwriter's own writer
            return
        table, comments = self.table, self.comments
        column_xf = {}  # a cell without a format takes its column's (set_column with a format)
        for col, info in self.col_info.items():
            if info.column_format is not None:
                column_xf[col] = f' s="{info.column_format._get_xf_index()}"'
        rows = sorted(r for r in set(table) | set(comments)
                      if self.dim_rowmin <= r <= self.dim_rowmax and (table.get(r) or r in comments))
        spans = _spans(rows, table, comments)
        names: dict[int, str] = {}
        number, string, boolean, blank = CellNumberTuple, CellStringTuple, CellBooleanTuple, CellBlankTuple
        out: list[str] = []
        write = self.fh.write
        for row in rows:
            span = spans.get(row // 16)
            head = f'<row r="{row + 1}" spans="{span}"' if span else f'<row r="{row + 1}"'
            cells = table.get(row)
            if not cells:  # a row holding comments only
                out.append(head + "/>")
                continue
            out.append(head + ">")
            number_row = str(row + 1)
            for col in sorted(cells):
                cell = cells[col]
                name = names.get(col)
                if name is None:
                    name = names[col] = xl_col_to_name(col)
                kind = cell.__class__
                fmt = cell.format
                if fmt:
                    attr = f' r="{name}{number_row}" s="{fmt._get_xf_index()}"'
                else:
                    attr = f' r="{name}{number_row}"' + column_xf.get(col, "")
                if kind is string:
                    out.append(f'<c{attr} t="s"><v>{cell.string}</v></c>')
                elif kind is number:
                    out.append(f"<c{attr}><v>{cell.number:.16G}</v></c>")
                elif kind is boolean:
                    out.append(f'<c{attr} t="b"><v>{cell.boolean}</v></c>')
                elif kind is blank:
                    out.append(f"<c{attr}/>")
                else:  # a formula, rich string, date or error: xlsxwriter writes it
                    write("".join(out))
                    out.clear()
                    self._write_cell(row, col, cell)
            out.append("</row>")
        write("".join(out))


    def _write_rendered(self, rendered: Rendered, header_format, indices: list[int]) -> None:
        if (self.table or self.comments or self.row_info or self.col_info or self.constant_memory or self.excel_version != 2007
                or self.default_row_height != self.original_row_height):
            raise ValueError("a rendered sheet holds nothing else: no cells, comments, row or column options")
        style = header_format._get_xf_index()
        values = [v for index in indices[:rendered.header] for v in (style, index)]
        values += indices[rendered.header:]
        self.fh.write(rendered.xml % tuple(values))


def _spans(rows: list[int], table, comments) -> dict[int, str]:
    """The `spans` of each block of 16 rows, as Worksheet._calculate_spans: the first and last column
    (1-based) holding a cell or a comment in the block."""
    spans: dict[int, list[int]] = {}
    for row in rows:
        columns = [*table.get(row, ()), *comments.get(row, ())]
        if not columns:
            continue
        low, high = min(columns), max(columns)
        block = spans.get(row // 16)
        if block is None:
            spans[row // 16] = [low, high]
        else:
            block[0] = min(block[0], low)
            block[1] = max(block[1], high)
    return {block: f"{low + 1}:{high + 1}" for block, (low, high) in spans.items()}


class Book(Workbook):
    """A Workbook of `Sheet`s, its shared strings written by `_Strings`."""

    def __init__(self, filename, options: dict | None = None) -> None:
        super().__init__(filename, options)
        self.worksheet_class = Sheet

    def _get_packager(self):
        return _Packager()


class _Packager(Packager):
    def _write_shared_strings_file(self) -> None:  # as Packager's, with _Strings
        sst = _Strings()
        sst.string_table = self.workbook.str_table
        if not self.workbook.str_table.count:
            return
        sst._set_xml_writer(self._filename("xl/sharedStrings.xml"))
        sst._assemble_xml_file()


class _Strings(SharedStrings):
    def _write_sst_strings(self) -> None:
        """The `<si>` elements SharedStrings._write_si writes, the texts escaped all at once: joined by
        newlines, which no escape matches, adds or removes (texts holding one are written one by one)."""
        texts = self.string_table.string_array
        joined = "\n".join(texts)
        if joined.count("\n") != len(texts) - 1:
            super()._write_sst_strings()
            return
        controls = self._escape_control_characters(joined)  # _x005F_ before _xHHHH_, controls as _xHHHH_
        escaped = controls.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")  # _escape_data
        out = []
        for raw, text in zip(controls.split("\n"), escaped.split("\n")):
            if raw.startswith("<r>") and raw.endswith("</r>"):  # written as a rich string, as xlsxwriter does
                out.append(f"<si>{raw}</si>")
            elif raw[:1].isspace() or raw[-1:].isspace():  # _preserve_whitespace (^\s or \s$, no newline here)
                out.append(f'<si><t xml:space="preserve">{text}</t></si>')
            else:
                out.append(f"<si><t>{text}</t></si>")
        self.fh.write("".join(out))
