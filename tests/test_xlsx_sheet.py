"""toolkit/xlsx_sheet.Book and Sheet write the same workbook, part for part, as xlsxwriter's own Worksheet.

Each example builds one workbook twice from the same cells, once with xlsxwriter's Worksheet and
once with Sheet (cells one by one, a block through put_rows, or a sheet rendered once and put into
a workbook), and compares every part of the two files byte for byte (docProps/core.xml holds the
time of writing)."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import xlsxwriter
from hypothesis import example, given
from hypothesis import strategies as st
from xlsxwriter.worksheet import Worksheet

from toolkit.safe_text import xlsx_text
from toolkit.xlsx_sheet import Book, Sheet, render

OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False, "in_memory": True}

values = st.one_of(
    st.none(), st.just(""), st.text(max_size=12), st.sampled_from(["=1+1", "-사업", "_x0041_", "a\x01b", "  lead", "<&\">"]),
    st.integers(-10**12, 10**12), st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
)
# (row, column, value, look, note): look 0 no format, 1 bold, 2 a number format
cells = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 20), values, st.integers(0, 2), st.booleans()), max_size=60)
blocks = st.lists(st.lists(values, max_size=9), max_size=30)


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name != "docProps/core.xml"}


def _book(sheet_class, fill) -> dict[str, bytes]:
    """The parts of a workbook filled by `fill`: with sheet_class Sheet a Book (Sheets, _Strings), else xlsxwriter's own."""
    target = io.BytesIO()
    book = Book(target, OPTIONS) if sheet_class is Sheet else xlsxwriter.Workbook(target, OPTIONS)
    assert book.worksheet_class is sheet_class
    looks = [None, book.add_format({"bold": True}), book.add_format({"num_format": '#,##0;"△"#,##0'})]
    fill(book, looks)
    book.close()
    return _parts(target.getvalue())


def _write_cells(sheet, looks, cells) -> None:
    for row, col, value, look, note in cells:
        if value is None:
            if look:
                sheet.write_blank(row, col, None, looks[look])
        elif isinstance(value, str):
            sheet.write_string(row, col, xlsx_text(value), looks[look])
        elif isinstance(value, bool):
            sheet.write_boolean(row, col, value, looks[look])
        else:
            sheet.write_number(row, col, value, looks[look])
        if note:
            sheet.write_comment(row, col, "note")


@given(cells)
@example([(0, 0, 1.5, 2, False), (5, 2, "y", 0, False), (6, 2, 7, 0, False), (17, 3, "x", 0, True), (3, 9, None, 1, True), (40, 20, True, 0, False)])
def test_rows_written_as_xlsxwriter_writes_them(cells):
    def fill(book, looks):
        sheet = book.add_worksheet("t")
        sheet.set_column(2, 2, 14, looks[1])  # a column format, taken by its unformatted cells
        _write_cells(sheet, looks, cells)
        sheet.write_formula(45, 1, "=1+1", None, 2)  # a cell Sheet leaves to xlsxwriter
        sheet.write_datetime(46, 0, datetime(2024, 1, 2), looks[2])
        book.add_worksheet("empty")

    assert _book(Sheet, fill) == _book(Worksheet, fill)


@given(blocks, st.integers(0, 3))
@example([["a", 1, None, True, "", 2.5, "a"], [], [None, None], ["=x", False, 0]], 1)
@example([[], [None, ""]], 0)
@example([["\x1f"]], 0)
def test_put_rows_stores_what_writing_each_cell_stores(rows, first):
    def by_cell(book, looks):  # how workbook._write_sheet wrote them before put_rows
        sheet = book.add_worksheet("_cells")
        sheet.write_row(0, 0, ["header", "b"], looks[1])
        for r, values in enumerate(rows, start=first):
            for c, value in enumerate(values):
                if value is None or value == "":
                    continue
                if isinstance(value, str):
                    sheet.write_string(r, c, xlsx_text(value))  # a text of control characters only stays an empty text
                else:
                    sheet.write(r, c, value)

    def in_one_call(book, looks):
        sheet = book.add_worksheet("_cells")
        sheet.write_row(0, 0, ["header", "b"], looks[1])
        sheet.put_rows(first, rows)

    assert _book(Sheet, in_one_call) == _book(Worksheet, by_cell)


def test_a_sheet_with_row_options_is_written_by_xlsxwriter():
    def fill(book, looks):
        sheet = book.add_worksheet("t")
        sheet.set_row(2, 30, looks[1])
        sheet.set_default_row(18)
        _write_cells(sheet, looks, [(2, 1, 3.0, 0, False), (5, 0, "x", 2, True)])

    assert _book(Sheet, fill) == _book(Worksheet, fill)


@given(blocks, st.lists(st.text(min_size=1, max_size=4), max_size=3))
@example([["a", 1, None, True, "", 2.5, "a"], [], [None, None], ["=x", False, 0], ["\x1f", "b"]], ["b", "x"])
@example([[None] * 20] * 17 + [[1]], [])
def test_a_rendered_sheet_is_the_sheet_written_cell_by_cell(rows, earlier):
    """The rendered rows in a workbook whose strings before them differ (`earlier`, another sheet):
    indices and styles are the workbook's own."""
    header = ["table", "row", "label"]
    rendered = render(header, rows)
    assert rendered is not None

    def before(book, looks):
        book.add_worksheet("first").write_row(0, 0, earlier, looks[2])

    def by_cell(book, looks):
        before(book, looks)
        sheet = book.add_worksheet("_rows")
        sheet.write_row(0, 0, header, looks[1])
        for r, values in enumerate(rows, start=1):
            for c, value in enumerate(values):
                if value is None or value == "":
                    continue
                sheet.write_string(r, c, xlsx_text(value)) if isinstance(value, str) else sheet.write(r, c, value)
        sheet.hide()

    def put(book, looks):
        before(book, looks)
        sheet = book.add_worksheet("_rows")
        sheet.put_rendered(rendered, looks[1])
        sheet.hide()

    assert _book(Sheet, put) == _book(Worksheet, by_cell)


def test_render_leaves_other_values_and_headers_to_put_rows():
    assert render(["a"], [[datetime(2024, 1, 1)]]) is None
    assert render(["a", ""], [[1]]) is None
    assert render([], [[1]]) is None


tricky = st.sampled_from([" lead", "trail ", "\tx", "x\u3000", "a\nb", "\n", "<r>rich</r>", "<r>x", "_x0041_", "__x0041__",
                          "a\x01b", "\x1f", "&<>\"'", "\ufffe\uffff", "", "\u00a0", "a\r", "한글 "])


@given(st.lists(st.one_of(tricky, st.text(max_size=8)), max_size=30))
@example([" lead", "trail ", "<r>rich</r>", "_x0041_", "a\x01b", "&<>\"'", "\ufffe", "\u00a0x"])
@example(["a\nb", " x"])
def test_shared_strings_written_as_xlsxwriter_writes_them(texts):
    def fill(book, looks):
        sheet = book.add_worksheet("t")
        for r, text in enumerate(texts):
            sheet.write_string(r, 0, text)

    assert _book(Sheet, fill) == _book(Worksheet, fill)
