"""Markdown pipe tables: each row becomes a tab line on its own line number.

`| 구분 | 2024 예산안 |` → "구분\t2024 예산안"; the `|---|` rule and an empty header row
(`| | | |`, as converters write for a header-less table) become blank. Escaped pipes
(`\\|`) stay inside their cell; HTML inside a cell (`<br>`, `<ul><li>`) is reduced to
its text, each line break a space. A pipe table is a table wherever it stands: in a
`.md`, a `.txt` or between paragraphs of prose.
"""

from __future__ import annotations

import re
from html import unescape

from toolkit.reader.lines import USED

RULE_CELL = re.compile(r":?-{2,}:?")


def is_rule(stripped: str) -> bool:
    """`|---|:--:|`: every cell dashes (alignment colons allowed); cell by cell, so a long line costs linear time
    (the one-regex form backtracked quadratically on a rule followed by many spaces)."""
    if "--" not in stripped:
        return False
    cells = stripped.strip().removeprefix("|").removesuffix("|").split("|")
    return all(RULE_CELL.fullmatch(cell.strip()) for cell in cells)
_SPLIT = re.compile(r"(?<!\\)\|")
_BREAK = re.compile(r"<\s*(br|/?li|/?p|/?ul|/?ol|/?div)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(\s[^<>]{0,200})?/?>")  # a tag, not "<일반회계>"


def is_pipe_line(line: str) -> bool:
    stripped = line.strip()
    if is_rule(stripped) and "|" in stripped:
        return True
    return stripped.startswith("|") and len(_SPLIT.findall(stripped)) >= 2


def cells_of(line: str) -> list[str]:
    stripped = line.strip()
    if stripped.startswith("|"):
        stripped = stripped[1:]
    if stripped.endswith("|") and not stripped.endswith("\\|"):
        stripped = stripped[:-1]
    return [cell_text(c) for c in _SPLIT.split(stripped)]


def cell_text(cell: str) -> str:
    text = cell.replace("\\|", "|")
    if "<" in text:
        text = _TAG.sub("", _BREAK.sub(" ", text))
    if "&" in text:
        text = unescape(text)
    return " ".join(text.replace("**", "").split())


def to_lines(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        stripped = line.strip()
        if is_rule(stripped):
            out.append(USED)
            continue
        cells = cells_of(line)
        if not any(cells):
            out.append("")
        else:
            out.append("\t".join(cells) + ("\t" if len(cells) == 1 else ""))
    return out
