"""Report text into numbered lines the way `grep -n` numbers them, and the characters no figure holds.

`str.splitlines` also breaks at form feeds (what pdftotext prints at a page break), vertical tabs,
the file/group/record separators, NEL and the Unicode line and paragraph separators: every later line
number would be off. Only LF, CRLF and a lone CR end a line here; the rest is line content.

Zero-width and other format characters (a word processor's ZWSP, ZWJ, word joiner, BOM, soft
hyphen, bidi marks) are invisible and carry nothing a reader of the report sees, but inside a
figure they make it text: they are removed, and how many and on which lines is kept for `--stats`.
"""

from __future__ import annotations

import re

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
FORMAT_CHARACTERS = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def split_lines(text: str) -> list[str]:
    """The lines of `text`, numbered as `grep -n` numbers them (a final line break starts no line)."""
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "" and len(lines) > 1:
        lines.pop()
    return lines if text else []


def strip_format_characters(text: str) -> tuple[str, dict[int, int]]:
    """`text` without format characters, and how many were removed on each line (1-based)."""
    if not FORMAT_CHARACTERS.search(text):
        return text, {}
    removed: dict[int, int] = {}
    for number, line in enumerate(split_lines(text), start=1):
        found = len(FORMAT_CHARACTERS.findall(line))
        if found:
            removed[number] = found
    return FORMAT_CHARACTERS.sub("", text), removed
