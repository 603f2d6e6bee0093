"""Markdown: pipe tables become tab-separated lines on their own line numbers.

`| 구분 | 2024 예산안 |` → "구분\t2024 예산안"; the `|---|` rule becomes blank. The
tab-separated table logic then reads them, and every figure keeps its markdown line.
"""

from __future__ import annotations

import re

RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def to_lines(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        stripped = line.strip()
        if RULE.match(stripped):
            out.append("")
        elif stripped.startswith("|") and stripped.count("|") >= 2:
            cells = [c.strip().replace("\\|", "|") for c in stripped.strip("|").split("|")]
            out.append("\t".join(cells))
        else:
            out.append(re.sub(r"^#+\s*", "", line).replace("**", ""))
    return out
