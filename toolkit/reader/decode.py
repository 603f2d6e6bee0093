"""Bytes to text: UTF-8 (with or without BOM) or CP949/EUC-KR, detected, never guessed silently."""

from __future__ import annotations

from pathlib import Path

from toolkit.errors import ReconError


def read_text(path: Path) -> tuple[str, str]:
    """Return (text, encoding). Refuse missing, empty, binary or undecodable files."""
    if not path.exists():
        raise ReconError("no such file", path=str(path))
    if path.is_dir():
        raise ReconError("is a folder, not a report", path=str(path))
    data = path.read_bytes()
    if not data.strip():
        raise ReconError("the report is empty", path=str(path))
    if b"\x00" in data[:4096]:
        raise ReconError("binary file, not a text export (export the report as text, markdown or HTML)", path=str(path))
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("cp949"), "cp949"
        except UnicodeDecodeError:
            line = data[: utf8_error.start].count(b"\n") + 1
            raise ReconError("cannot decode the text as UTF-8 or CP949", path=str(path), line=line) from None
