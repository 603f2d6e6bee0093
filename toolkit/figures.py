"""Printed figures: what a table cell says, parsed without losing how it was printed.

A figure keeps its printed text, its value, the number of decimals it was printed
with (which fixes the rounding interval it stands for) and, for cells printing a
change word (순증, 순감, 신규, 폐지, 회계 변경, 전액 — see toolkit/vocabulary.py),
the word instead of a number; `-` or `–` alone is none (zero).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from toolkit.vocabulary import CHANGE_WORDS

NEGATIVE_MARKS = "△▵▲-−–"
NONE_MARKS = ("-", "−", "–", "", "皆")

_NUMBER = re.compile(
    r"^\(?(?P<sign>[△▵▲\-−–])?\s?(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?\)?(?P<pct>%)?$"
)
_FOOTNOTE = re.compile(r"^(?P<number>[△▵\-−]?\d{1,3}(?:,\d{3})+)\d\)$")
_PAREN_NEGATIVE = re.compile(r"^\((?P<body>\d[\d,]*(?:\.\d+)?)\)$")

MAX_DIGITS = 20  # more digits than any amount in 원 (10**20 is a hundred million 조)
FULLWIDTH = str.maketrans("０１２３４５６７８９，．％－", "0123456789,.%-")


@dataclass(frozen=True)
class Figure:
    printed: str
    value: float | None
    decimals: int = 0
    percent: bool = False
    word: str | None = None

    @property
    def half_unit(self) -> float:
        """Half of the last printed digit: the rounding radius of the figure."""
        return 0.5 * 10 ** (-self.decimals)


def normalise_token(text: str) -> str:
    return text.translate(FULLWIDTH).replace("\u00a0", "").replace("\u3000", "").strip()


@lru_cache(maxsize=1 << 16)  # a report prints the same few thousand tokens over and over
def parse_figure(text: str) -> Figure | None:
    """Parse one printed cell; None when the text is not a figure at all.

    >>> parse_figure("▵290,533").value
    -290533.0
    >>> parse_figure("21.0%").decimals
    1
    >>> parse_figure("순증").word
    '순증'
    """
    token = normalise_token(text)
    if token in NONE_MARKS:
        return Figure(printed=text.strip(), value=None)
    if token.replace(" ", "") in CHANGE_WORDS:  # 순증, 폐지, 회계 변경 …: a word in a figure's place
        return Figure(printed=text.strip(), value=None, word=token.replace(" ", ""))
    paren = _PAREN_NEGATIVE.match(token)
    if paren:
        body = paren.group("body")
        frac = body.split(".")[1] if "." in body else ""
        return Figure(text.strip(), -float(body.replace(",", "")), len(frac))
    match = _NUMBER.match(token)
    if not match:
        glued = _FOOTNOTE.match(token)  # "-918,0003)": a footnote mark glued to a grouped number
        return parse_figure(glued.group("number")) if glued else None
    digits = match.group("digits").replace(",", "")
    frac = match.group("frac") or ""
    if len(digits) + len(frac) > MAX_DIGITS:
        return None  # text that happens to be digits: no amount has this many
    value = float(f"{digits}.{frac}" if frac else digits)
    if match.group("sign"):
        value = -value
    return Figure(text.strip(), value, len(frac), percent=bool(match.group("pct")))


def is_figure(text: str) -> bool:
    return parse_figure(text) is not None


def format_number(value: float, decimals: int = 0, percent: bool = False) -> str:
    """Format the way the reports print: thousands separators, △ for negatives."""
    sign = "△" if value < 0 else ""
    body = f"{abs(value):,.{decimals}f}"
    return f"{sign}{body}{'%' if percent else ''}"
