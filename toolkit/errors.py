"""The one error type users see: a message that names the file and line or cell."""

from __future__ import annotations


class ReconError(Exception):
    """Bad input. The CLI prints it and exits 2."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None, column: int | None = None):
        self.path = path
        self.line = line
        self.column = column
        where = path or ""
        if path and line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {message}" if where else message)
