"""Amounts written in Korean number words: "172억 1천4백만원", "80억 9,532만원", "58백만원".

`parse_amount` returns the exact value in 원 and the precision the text was
written at (the value of its last stated digit, in 원), so a claim can be
compared with a table cell at the claim's own precision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BIG = {"조": 10**12, "억": 10**8, "만": 10**4}
_SMALL = {"천": 1000, "백": 100, "십": 10}

# One amount: groups of digits and unit words ending in 원 (optionally 만원/억원/천원).
AMOUNT_PATTERN = re.compile(
    r"(?P<sign>[△▵\-−])?\s?"
    r"(?P<body>(?:\d[\d,]*(?:\.\d+)?\s?(?:조|억|천|백|십|만)\s?)+(?:\d[\d,]*\s?)?|\d[\d,]*(?:\.\d+)?\s?)"
    r"(?P<unit>원)"
)
PERCENT_PATTERN = re.compile(r"(?P<sign>[△▵\-−])?\s?(?P<num>\d+(?:\.\d+)?)\s?%")


@dataclass(frozen=True)
class Amount:
    value: int  # 원
    precision: int  # 원 value of the last stated digit


def parse_amount(text: str) -> Amount:
    """Parse "172억 1천4백만원" into Amount(17214000000, 1000000).

    >>> parse_amount("80억 9,532만원")
    Amount(value=8095320000, precision=10000)
    >>> parse_amount("58백만원")
    Amount(value=58000000, precision=1000000)
    """
    body = text.replace(" ", "").replace(",", "")
    sign = -1 if body[:1] in "△▵-−" else 1
    body = body.lstrip("△▵-−")
    if not body.endswith("원") or not body[:1].isdigit():
        raise ValueError(f"not an amount in 원: {text!r}")
    total = 0.0
    precision = 1.0
    group = 0.0  # the part below the current big unit (조/억/만)
    group_precision: float | None = None
    for number, unit in re.findall(r"(\d+(?:\.\d+)?)?([조억만천백십원])", body):
        if number:
            step = 10.0 ** -len(number.split(".")[1]) if "." in number else 1.0
        if unit in _SMALL:
            group += float(number or 1) * _SMALL[unit]
            group_precision = (step if number else 1.0) * _SMALL[unit]
            continue
        if number:
            group += float(number)
            group_precision = step
        if unit == "원":
            if group_precision is not None:
                total += group
                precision = group_precision
            break
        if group_precision is None:
            raise ValueError(f"{unit} without a number in {text!r}")
        total += group * _BIG[unit]
        precision = group_precision * _BIG[unit]
        group, group_precision = 0.0, None
    return Amount(int(round(sign * total)), max(1, int(round(precision))))


def to_korean(value: int, *, smallest: int = 10**4, style: str = "words") -> str:
    """Write an integer number of 원 the way reports do (the independent formatter for tests).

    style="words": 172억 1천4백만원; style="digits": 172억 1,400만원.
    Digits below `smallest` are dropped (the value must be a multiple of it).
    """
    if value % smallest:
        raise ValueError("value has digits below the requested precision")
    sign = "△" if value < 0 else ""
    value = abs(value)
    parts = []
    for word, factor in (("조", 10**12), ("억", 10**8), ("만", 10**4), ("", 1)):
        chunk, value = divmod(value, factor)
        if not chunk:
            continue
        if style == "digits" or word != "만":
            parts.append(f"{chunk:,}{word}")
        else:
            text = ""
            rest = chunk
            for small, small_factor in (("천", 1000), ("백", 100), ("십", 10)):
                digit, rest = divmod(rest, small_factor)
                if digit:
                    text += f"{digit}{small}"
            if rest:
                text += str(rest)
            parts.append(f"{text}{word}")
    if not parts:
        return "0원"
    return sign + " ".join(parts) + "원"
