"""Build recon_<stem>.xlsm: the report's workbook plus a Reconcile button.

The VBA project is xlwings' standalone quickstart project, read from the installed
xlwings package at build time (nothing of xlwings is committed). Its macro
`SampleCall` runs `import <workbook stem>; <workbook stem>.main()`, so the workbook
is named recon_<stem> (an importable name; report stems may start with digits) and
a two-line recon_<stem>.py beside it hands over to toolkit.excel.xlwings_book.
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

MACRO = "SampleCall"
TEMPLATE = "quickstart_standalone.xlsm"


def module_name(source: str) -> str:
    return "recon_" + re.sub(r"\W", "_", Path(source).stem)


def vba_project() -> bytes:
    try:
        import xlwings
    except ImportError:
        raise ReconError("xlwings is not installed: pip install 'recon[excel]' (or make setup)") from None
    template = Path(xlwings.__file__).parent / TEMPLATE
    with zipfile.ZipFile(template) as archive:
        return archive.read("xl/vbaProject.bin")


def make_button_workbook(report: Report, out_dir: str | Path) -> Path:
    from toolkit.workbook import write_workbook

    out_dir = Path(out_dir)
    name = module_name(report.source)
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "vbaProject.bin"
        project.write_bytes(vba_project())
        path = write_workbook(report, out_dir / f"{name}.xlsm", button={"vba": project, "macro": MACRO, "interpreter": sys.executable})
    write_text(out_dir / f"{name}.py", f'"""The Reconcile button of {name}.xlsm: its macro imports this file and calls main()."""\n\n'
                                        "from toolkit.excel.xlwings_book import main  # noqa: F401\n")
    return path
