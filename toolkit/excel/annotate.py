"""A marked copy of a person's own workbook (the input of `recon reconcile BOOK.xlsx`): openpyxl
keeps everything the person put in it; the same marks as the Reconcile button are added."""

from __future__ import annotations

from pathlib import Path

from toolkit.engine import Result
from toolkit.excel.book import OpenpyxlBook
from toolkit.excel.handler import mark
from toolkit.safe_write import atomic_path


def annotate_copy(result: Result, source: Path, out_path: Path) -> Path:
    book = OpenpyxlBook(source)  # read only; saved under another name
    mark(book, result)
    with atomic_path(out_path) as tmp:
        book.save(tmp)
    return out_path
