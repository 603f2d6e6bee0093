"""Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, or CP949/EUC-KR, detected, never guessed silently."""

from __future__ import annotations

from pathlib import Path

from toolkit.errors import ReconError
from toolkit.limits import limit, refuse


def read_text(path: Path) -> tuple[str, str]:
    """Return (text, encoding). Refuse missing, empty, binary or undecodable files."""
    if not path.exists():
        raise ReconError("no such file", path=str(path))
    if path.is_dir():
        raise ReconError("is a folder, not a report", path=str(path))
    if not path.is_file():
        raise ReconError("not a regular file (a device or pipe is not a report)", path=str(path))
    bound = limit("RECON_MAX_REPORT_BYTES")
    with path.open("rb") as handle:
        data = handle.read(bound + 1)  # read no more than the bound, whatever the file claims
    if len(data) > bound:
        raise refuse("the report", "RECON_MAX_REPORT_BYTES", str(path))
    if not data.strip():
        raise ReconError("the report is empty", path=str(path))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its BOM: Notepad's and HWP's "Unicode"
        return _utf16(data, path), "utf-16"
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ReconError("binary data (a NUL byte), not a text export (export the report as text, markdown or HTML)", path=str(path), line=line)
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


def _utf16(data: bytes, path: Path) -> str:
    codec = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"
    try:
        text = data[2:].decode(codec)
    except UnicodeDecodeError as error:
        line = data[2 : 2 + error.start].decode(codec, errors="replace").count("\n") + 1
        raise ReconError(f"cannot decode the text as {codec.upper()}", path=str(path), line=line) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ReconError("binary data (a NUL character), not a text export", path=str(path), line=line)
    return text
