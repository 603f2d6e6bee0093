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
