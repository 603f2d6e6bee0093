"""Build recon_<stem>.xlsm: the report's workbook plus a Reconcile button.

The VBA project is xlwings' standalone quickstart project, read from the installed
xlwings package at build time (nothing of xlwings is committed). Its macro, renamed
from xlwings' `SampleCall` to `ReconcileWorkbook` (toolkit.excel.vba, which also purges
the compiled code so that Excel runs the renamed source), runs
`import <workbook stem>; <workbook stem>.main()`, so the workbook is named
recon_<stem> (an importable name; report stems may start with digits) and a two-line
recon_<stem>.py beside it hands over to toolkit.excel.xlwings_book.
"""

from __future__ import annotations

import re
import sys
import tempfile
import zipfile
from pathlib import Path

from toolkit.errors import ReconError
from toolkit.model import Report
from toolkit.safe_write import write_text

TEMPLATE_MACRO = "SampleCall"  # the standalone project's macro: imports recon_<stem>.py beside the workbook and calls main()
MACRO = "ReconcileWorkbook"  # what the button's users see it as (Alt+F8, the button's Assign Macro)
TEMPLATE = "quickstart_standalone.xlsm"
CAPTION = "점검하기 (Reconcile)"
LINES = (
    "단추를 누르면 이 통합문서의 표를 recon 규칙으로 점검합니다: 발견 사항은 Findings 시트에 쓰고, 해당 셀에 색과 메모를 붙입니다.",
    "값은 바꾸지 않습니다. 수치를 고친 뒤 다시 누르면 이전 표시를 지우고 다시 점검합니다.",
    "처음 한 번, 이 컴퓨터에서: recon excel install 이 파일 이름.xlsm (이 컴퓨터의 Python을 단추에 알려 줌).",
    "Click to check this workbook's tables: findings go to the Findings sheet, cells are coloured and noted; no value changes.",
)
RULES_HEADING = "추가 규칙 파일 (rule files, one per row below; relative to this workbook's folder)"


def module_name(source: str) -> str:
    return "recon_" + re.sub(r"\W", "_", Path(source).stem)


def vba_project() -> bytes:
    """xlwings' standalone VBA project with its macro renamed MACRO."""
    try:
        import xlwings
    except ImportError:
        raise ReconError("xlwings is not installed: pip install 'recon[excel]' (or make setup)") from None
    from toolkit.excel.vba import rename_macro

    template = Path(xlwings.__file__).parent / TEMPLATE
    with zipfile.ZipFile(template) as archive:
        project = archive.read("xl/vbaProject.bin")
    try:
        return rename_macro(project, TEMPLATE_MACRO, MACRO)
    except (ValueError, OSError) as error:  # VbaError, CompressionError, or olefile's "not an OLE2 file"
        raise ReconError(f"xlwings {xlwings.__version__}'s VBA project: {error}", path=str(template)) from None


def make_button_workbook(report: Report, out_dir: str | Path) -> Path:
    from toolkit.workbook import write_workbook

    out_dir = Path(out_dir)
    name = module_name(report.source)
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "vbaProject.bin"
        project.write_bytes(vba_project())
        path = write_workbook(report, out_dir / f"{name}.xlsm", button={
            "vba": project, "macro": MACRO, "caption": CAPTION, "lines": LINES, "rules_heading": RULES_HEADING})
    write_text(out_dir / f"{name}.py", f'"""The Reconcile button of {name}.xlsm: its macro imports this file and calls main()."""\n\n'
                                        "from toolkit.excel.xlwings_book import main  # noqa: F401\n")
    return path


def install(workbook: str | Path, interpreter: str | None = None) -> Path:
    """Name this machine's Python in the button workbook's hidden xlwings.conf sheet, so that the
    button runs recon here. Only that sheet's cells change; the button and macros stay as built."""
    import os
    import re

    from defusedxml import ElementTree

    from toolkit.safe_write import atomic_path

    path = Path(workbook)
    interpreter = interpreter or sys.executable
    if not path.exists():
        raise ReconError("no such file", path=str(path))
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise ReconError("not a button workbook (not a zip archive)", path=str(path)) from None
    with archive:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
        rid = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
        sheet = next((s for s in book.findall("m:sheets/m:sheet", ns) if s.get("name") == "xlwings.conf"), None)
        if sheet is None:
            raise ReconError("not a button workbook: it has no xlwings.conf sheet (make one with `recon excel make-button`)", path=str(path))
        target = {r.get("Id"): r.get("Target") for r in rels}[sheet.get(rid)]
        member = "xl/" + target.lstrip("/").removeprefix("xl/")
        rows = [("Interpreter_Win", interpreter if os.name == "nt" or interpreter.endswith(".exe") else ""),
                ("Interpreter_Mac", "" if interpreter.endswith(".exe") else interpreter), ("PYTHONPATH", "")]
        data = "<sheetData>" + "".join(
            f'<row r="{i}">' + "".join(f'<c r="{col}{i}" t="inlineStr"><is><t>{_xml(text)}</t></is></c>' for col, text in zip("AB", row) if text)
            + "</row>" for i, row in enumerate(rows, start=1)) + "</sheetData>"
        xml = re.sub(r"<sheetData>.*</sheetData>|<sheetData/>", lambda _: data, archive.read(member).decode("utf-8"), flags=re.S)
        with atomic_path(path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
            for info in archive.infolist():
                out.writestr(info, xml.encode("utf-8") if info.filename == member else archive.read(info.filename))
    return path


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
