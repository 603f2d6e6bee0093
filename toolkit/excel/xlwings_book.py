"""The Book interface over a live Excel workbook (xlwings; Windows and macOS).

The button's macro runs `import recon_<stem>; recon_<stem>.main()`, and that file
calls `main()` here. Not exercised in CI (open-source xlwings has no Excel on
Linux); the same handler is tested through OpenpyxlBook.
"""

from __future__ import annotations

from toolkit.safe_text import typed_text


class XlwingsBook:
    def __init__(self, book):
        self.book = book

    def sheet_names(self) -> list[str]:
        return [sheet.name for sheet in self.book.sheets]

    def values(self, sheet: str) -> list[list]:
        used = self.book.sheets[sheet].used_range
        values = used.options(ndim=2).value
        # used_range may start below A1; pad so that row 0 is Excel row 1
        top, left = used.row - 1, used.column - 1
        return [[None] * (left + len(values[0]) if values else 0)] * top + [[None] * left + list(r) for r in values]

    def fill(self, sheet: str, address: str, color: str | None) -> None:
        rng = self.book.sheets[sheet].range(address)
        rng.color = None if color is None else tuple(int(color[i : i + 2], 16) for i in (0, 2, 4))

    def comment(self, sheet: str, address: str, text: str | None) -> None:
        rng = self.book.sheets[sheet].range(address)
        if rng.note is not None:
            rng.note.delete()
        if text:
            rng.note = text

    def write_sheet(self, name: str, rows: list[list], hidden: bool = False) -> None:
        names = [s.name for s in self.book.sheets]
        # after the sheet with the button, if there is one; first otherwise
        place = {"after": self.book.sheets["Reconcile"]} if "Reconcile" in names else {"before": self.book.sheets[0]}
        sheet = self.book.sheets[name] if name in names else self.book.sheets.add(name, **({} if hidden else place))
        sheet.clear()
        if rows:
            sheet.range("A1").value = [[typed_text(v) if isinstance(v, str) else v for v in r] for r in rows]
        sheet.visible = not hidden

    def status(self, text: str) -> None:
        self.book.app.status_bar = text


def main() -> None:
    import xlwings as xw

    from toolkit.excel.handler import reconcile

    book = xw.Book.caller()
    reconcile(XlwingsBook(book), where=book.fullname)
