"""The Reconcile button: the .xlsm's structure, and the handler run through the openpyxl adapter."""

import importlib.util
import json
import shutil
import zipfile

import olefile
import pytest
from openpyxl import load_workbook

from toolkit.cli import main
from toolkit.excel.book import OpenpyxlBook
from toolkit.excel.handler import COLORS, reconcile


@pytest.fixture(scope="module")
def button(tmp_path_factory, samples):
    out = tmp_path_factory.mktemp("button")
    assert main(["excel", "make-button", str(samples[2]), "-o", str(out)]) == 0
    return out / "recon_003_c48c83af5715b7e1.xlsm"


def test_button_workbook_structure(button, tmp_path):
    with zipfile.ZipFile(button) as archive:
        names = archive.namelist()
        assert "xl/vbaProject.bin" in names
        assert "macroEnabled" in archive.read("[Content_Types].xml").decode()
        (tmp_path / "vba.bin").write_bytes(archive.read("xl/vbaProject.bin"))
        drawing = archive.read("xl/drawings/vmlDrawing1.vml").decode()
        assert "[0]!SampleCall" in drawing and "Reconcile" in drawing
        sheet_rels = archive.read("xl/worksheets/_rels/sheet1.xml.rels").decode()
        assert "vmlDrawing1.vml" in sheet_rels  # the button stands on the first sheet
    streams = {"/".join(s) for s in olefile.OleFileIO(str(tmp_path / "vba.bin")).listdir()}
    assert {"VBA/xlwings", "VBA/Module1", "VBA/ThisWorkbook"} <= streams
    assert load_workbook(button).sheetnames[0] == "Reconcile"
    spec = importlib.util.spec_from_file_location("recon_003_c48c83af5715b7e1", button.with_suffix(".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    from toolkit.excel.xlwings_book import main as handler_main

    assert module.main is handler_main


def _values(path):
    return {(s.title, c.coordinate): c.value for s in load_workbook(path) for row in s.iter_rows() for c in row}


def test_handler_gives_the_cli_findings_and_changes_no_value(button, tmp_path):
    work = tmp_path / "book.xlsm"
    shutil.copy(button, work)
    before = _values(work)
    book = OpenpyxlBook(work)
    result = reconcile(book, where=str(work))
    book.save()
    main(["reconcile", str(button), "--out", str(tmp_path / "cli"), "--quiet", "--format", "json"])
    cli = json.loads((tmp_path / "cli" / "findings.json").read_text(encoding="utf-8"))["findings"]
    assert [(f.rule, f.cell, f.printed, f.cls) for f in result.findings] == [(f["rule"], f["cell"], f["printed"], f["class"]) for f in cli]
    after = load_workbook(work)
    assert all(after[sheet][ref].value == value for (sheet, ref), value in before.items())
    per_finding = [max(1, sum(f.id in c.findings for c in result.causes)) for f in result.findings]
    assert after.sheetnames[:2] == ["Reconcile", "Findings"] and after["Findings"].max_row == sum(per_finding) + 1
    error = next(f for f in result.findings if f.cls == "ERROR" and "!" in f.cell)
    sheet, ref = error.cell.split("!")
    assert after[sheet][ref].fill.start_color.rgb.endswith(COLORS["ERROR"]) and after[sheet][ref].comment is not None
    assert book.messages and "Findings" in book.messages[-1]


def test_rerun_clears_previous_marks(button, tmp_path):
    work = tmp_path / "book.xlsm"
    shutil.copy(button, work)
    book = OpenpyxlBook(work)
    first = reconcile(book)
    marked = {f.cell for f in first.findings if "!" in f.cell}
    # a person deletes a whole table's rows from the index: its cells must lose their marks
    gone = sorted(marked)[0].split("!")[0]
    index = book.book["index"]
    for row in range(index.max_row, 1, -1):
        if index.cell(row, 1).value == gone:
            index.delete_rows(row)
    second = reconcile(book)
    still = {f.cell for f in second.findings}
    for ref in marked - still:
        sheet, address = ref.split("!")
        assert book.book[sheet][address].fill.fill_type is None and book.book[sheet][address].comment is None


def _conf(path):
    sheet = load_workbook(path)["xlwings.conf"]
    return {sheet.cell(r, 1).value: sheet.cell(r, 2).value for r in range(1, 4)}


def test_button_names_no_interpreter_until_installed_on_the_machine_that_opens_it(button, tmp_path):
    import sys

    assert not any(_conf(button).get(k) for k in ("Interpreter_Win", "Interpreter_Mac"))  # not the build machine's path
    work = tmp_path / "recon_003_c48c83af5715b7e1.xlsm"
    shutil.copy(button, work)
    assert main(["excel", "install", str(work)]) == 0
    assert sys.executable in _conf(work).values()
    with zipfile.ZipFile(button) as before, zipfile.ZipFile(work) as after:
        assert set(before.namelist()) == set(after.namelist())
        assert after.read("xl/vbaProject.bin") == before.read("xl/vbaProject.bin")
        assert after.read("xl/drawings/vmlDrawing1.vml") == before.read("xl/drawings/vmlDrawing1.vml")  # the button stays
    outside = lambda values: {k: v for k, v in values.items() if k[0] != "xlwings.conf"}  # noqa: E731
    assert outside(_values(work)) == outside(_values(button))
    assert main(["excel", "install", str(tmp_path / "missing.xlsm")]) == 2


def test_button_text_is_korean_and_lists_extra_rule_files(button, tmp_path):
    from toolkit.excel.button import RULES_HEADING

    with zipfile.ZipFile(button) as archive:
        assert "점검하기" in archive.read("xl/drawings/vmlDrawing1.vml").decode()
    work = tmp_path / "book.xlsm"
    shutil.copy(button, work)
    (tmp_path / "mine.yaml").write_text("rules:\n  - id: my-extra-sums\n    kind: sum\n", encoding="utf-8")
    book = OpenpyxlBook(work)
    sheet = book.book["Reconcile"]
    heading = next(c for row in sheet.iter_rows() for c in row if c.value == RULES_HEADING)
    sheet.cell(heading.row + 1, heading.column, "mine.yaml")  # relative to the workbook's folder
    result = reconcile(book, where=str(work))
    assert "my-extra-sums" in result.rules
    assert any(f.rule == "my-extra-sums" for f in result.findings)
