"""Writers: one small, logic-free module per output format, behind one function."""

from __future__ import annotations

from pathlib import Path

from toolkit.engine import Result
from toolkit.writers import json_out, markdown_out

WRITERS = {
    "json": ("findings.json", json_out.render),
    "md": ("findings.md", markdown_out.render),
}


def write_outputs(result: Result, out_dir: Path, formats: list[str]) -> list[Path]:
    from toolkit.safe_write import write_text

    written = []
    for name in formats:
        file_name, render = WRITERS[name]
        written.append(write_text(out_dir / file_name, render(result)))
    return written
