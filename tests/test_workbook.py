import hashlib

import pytest

from toolkit.reader import read_report
from toolkit.workbook import read_workbook, write_workbook


@pytest.mark.parametrize("index", [0, 1, 2])
def test_round_trip(samples, tmp_path, index):
    report = read_report(samples[index])
    path = write_workbook(report, tmp_path / "book.xlsx")
    back = read_workbook(path)
    assert back.tables == report.tables
    assert len(back.claims) == len(report.claims)


def test_edited_number_becomes_the_printed_figure(samples, tmp_path):
    import openpyxl

    report = read_report(samples[2])
    path = write_workbook(report, tmp_path / "book.xlsx")
    book = openpyxl.load_workbook(path)
    table = report.tables[1]
    book[table.id]["B2"] = 123
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    before = hashlib.sha256(edited.read_bytes()).hexdigest()
    cell = read_workbook(edited).table(table.id).rows[0].cells[0]
    assert cell.value == 123 and cell.printed == "123"
    assert hashlib.sha256(edited.read_bytes()).hexdigest() == before


def test_a_workbook_with_every_default_spelled_out_reads_the_same(samples, tmp_path):
    """Workbooks written before provenance left a default blank (level 0, decimals 0, certain) held
    0, 0 and TRUE there; people keep them and reconcile them again: they read as before."""
    import openpyxl

    report = read_report(samples[1])  # has uncertain figures (certain FALSE) and figures with decimals
    assert any(not c.certain for t in report.tables for r in t.rows for c in r.cells)
    path = write_workbook(report, tmp_path / "book.xlsx")
    book = openpyxl.load_workbook(path)
    filled = 0
    for name, defaults in (("_rows", {"level": 0}), ("_cells", {"decimals": 0, "certain": True})):
        sheet = book[name]
        header = [c.value for c in sheet[1]]
        for row in sheet.iter_rows(min_row=2):
            for field, default in defaults.items():
                cell = row[header.index(field)]
                if cell.value is None:
                    cell.value = default
                    filled += 1
    assert filled > 1000
    book.save(tmp_path / "before.xlsx")
    assert read_workbook(tmp_path / "before.xlsx").tables == read_workbook(path).tables == report.tables
