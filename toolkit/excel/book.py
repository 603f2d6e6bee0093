"""The Book interface the handler needs, and an openpyxl-backed implementation.

Open-source xlwings drives Excel only on Windows and macOS, so the handler never
talks to xlwings directly: it talks to a Book. CI uses OpenpyxlBook; Excel uses
XlwingsBook (xlwings_book.py). Both address cells as sheet + "B7".
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from openpyxl import load_workbook

from toolkit.safe_text import xlsx_text
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill


class Book(Protocol):
    def sheet_names(self) -> list[str]: ...

    def values(self, sheet: str) -> list[list]:
        """Row-major cell values; row 0 is Excel row 1."""

    def fill(self, sheet: str, address: str, color: str | None) -> None:
        """Fill a cell with an RGB hex colour, or clear its fill (None)."""

    def comment(self, sheet: str, address: str, text: str | None) -> None:
        """Set or clear (None) a cell's note."""

    def write_sheet(self, name: str, rows: list[list], hidden: bool = False) -> None:
        """Create or replace a sheet holding these rows."""

    def status(self, text: str) -> None: ...


class OpenpyxlBook:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.book = load_workbook(self.path, keep_vba=self.path.suffix.lower() == ".xlsm")
        self.messages: list[str] = []

    def sheet_names(self) -> list[str]:
        return list(self.book.sheetnames)

    def values(self, sheet: str) -> list[list]:
        return [list(row) for row in self.book[sheet].iter_rows(values_only=True)]

    def fill(self, sheet: str, address: str, color: str | None) -> None:
        self.book[sheet][address].fill = PatternFill("solid", start_color=color) if color else PatternFill(fill_type=None)

    def comment(self, sheet: str, address: str, text: str | None) -> None:
        self.book[sheet][address].comment = Comment(xlsx_text(text), "recon") if text else None

    def write_sheet(self, name: str, rows: list[list], hidden: bool = False) -> None:
        if name in self.book.sheetnames:
            del self.book[name]
        # after the sheet with the button, if there is one; first otherwise
        place = self.book.sheetnames.index("Reconcile") + 1 if "Reconcile" in self.book.sheetnames else 0
        sheet = self.book.create_sheet(name, place if not hidden else None)
        for row in rows:
            sheet.append([xlsx_text(v) if isinstance(v, str) else v for v in row])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # a label starting with '=' stays text, never a formula
        sheet.sheet_state = "hidden" if hidden else "visible"

    def status(self, text: str) -> None:
        self.messages.append(text)

    def save(self, path: str | Path | None = None) -> None:
        self.book.save(path or self.path)
