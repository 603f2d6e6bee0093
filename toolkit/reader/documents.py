"""Reports in their own file formats (HWPX, PDF), told apart by their bytes, not their names.

A zip holding OWPML (Hancom's open XML) is HWPX, `%PDF-` is PDF, an OLE compound file named
.hwp/.hwpx or carrying the HWP signature is an HWP 5 binary, which is refused with how to save
it as HWPX or PDF. The suffix only confirms: a file named .hwpx or .pdf that is not one is bad
input, named as such. Anything else is left to the text readers.
"""

from __future__ import annotations

import os
from pathlib import Path

from toolkit.errors import ReconError
from toolkit.reader.rendering import Rendering

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HWP_SUFFIXES = (".hwp", ".hwpx")
MAX_SOURCE_BYTES = 300 * 1024 * 1024  # a larger HWPX or PDF is refused; RECON_MAX_SOURCE_BYTES overrides

SAVE_AS = "open it in Hancom Office and save it as HWPX (파일 → 다른 이름으로 저장 → 한글 표준 문서 *.hwpx) or print it to PDF"


def max_bytes() -> int:
    return int(os.environ.get("RECON_MAX_SOURCE_BYTES", MAX_SOURCE_BYTES))


def render(path: Path) -> Rendering | None:
    """The document's rendering if it is an HWPX or PDF report; None for a text report."""
    if not path.is_file():
        return None  # missing or a folder: the text reader says which
    suffix = path.suffix.lower()
    with path.open("rb") as handle:
        head = handle.read(64 * 1024)
    if head.startswith(b"%PDF-"):
        _check_size(path)
        from toolkit.reader import pdf

        return pdf.render(path)
    if head.startswith(OLE_MAGIC) and (suffix in HWP_SUFFIXES or "BodyText".encode("utf-16-le") in head or b"HWP Document File" in head):
        raise ReconError(f"an HWP 5 binary file (the old .hwp format), which recon does not read; {SAVE_AS}", path=str(path))
    if head.startswith(b"PK\x03\x04") and suffix not in (".xlsx", ".xlsm"):
        from toolkit.reader import hwpx

        if hwpx.is_hwpx(path) or suffix == ".hwpx":
            _check_size(path)
            return hwpx.render(path)
    if suffix in HWP_SUFFIXES:
        raise ReconError(f"not an HWPX file (it is neither a zip nor an HWP 5 file); {SAVE_AS}", path=str(path))
    if suffix == ".pdf":
        raise ReconError("not a PDF file (it does not start with %PDF-)", path=str(path))
    return None


def _check_size(path: Path) -> None:
    size = path.stat().st_size
    if size > max_bytes():
        raise ReconError(f"refused: {size:,} bytes (limit {max_bytes():,}, set RECON_MAX_SOURCE_BYTES)", path=str(path))
