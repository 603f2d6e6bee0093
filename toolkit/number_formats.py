"""Excel number formats that show a figure as the report printed it: the same decimals (no
trailing point), thousands separators if it had them, % after a rate, and the report's own
negative mark (△, ▵, -, or parentheses). The cell keeps the number; only its look follows
the print, so `△18.0%` shows as △18.0%, not as a red -18.
"""

from __future__ import annotations

from functools import lru_cache

from toolkit.figures import normalise_token


@lru_cache(maxsize=1024)
def excel_format(printed: str, decimals: int = 0) -> str:
    token = normalise_token(printed)
    percent = token.endswith("%")
    digits = token.strip("()△▵▲-−–%")
    grouped = "," in digits or len(digits.split(".")[0]) <= 3
    body = ("#,##0" if grouped else "0") + ("." + "0" * decimals if decimals else "")
    suffix = '"%"' if percent else ""
    if token.startswith("("):
        negative = f"({body}{suffix})"
    elif token[:1] in "-−–":
        negative = f"-{body}{suffix}"
    elif token[:1] in "▵":
        negative = f'"▵"{body}{suffix}'
    else:  # printed positive: the reports' usual mark for a negative is △
        negative = f'"△"{body}{suffix}'
    return f"{body}{suffix};{negative};{body}{suffix}"


def shown_like(value: float, decimals: int, printed: str) -> str:
    """A value written the way `printed` is written: its decimals, %, and negative mark."""
    from toolkit.figures import format_number

    text = format_number(value, decimals, percent=printed.strip().endswith("%"))
    mark = next((ch for ch in printed.strip()[:1] if ch in "-−▵"), None)
    return mark + text[1:] if mark and text.startswith("△") else text
