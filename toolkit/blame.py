"""Causes: which printed figure most likely broke the relations, and what it should read.

One wrong figure breaks several relations (a total, its 증감액, its 증감률, the
same figure in another table). We look for the fewest figures that explain every
ERROR: greedily, the figure in the most unexplained ERRORs, preferring figures
that take part in few relations that hold (a figure that agrees elsewhere is
probably right). Where two figures explain the same findings equally well, the
cause lists the other as an alternative.
"""

from __future__ import annotations

import re
from collections import Counter

import polars as pl

from toolkit.figures import format_number, parse_figure
from toolkit.findings import Cause, Finding


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def name_slip(printed: str, suggested: str) -> str | None:
    """Name the typical slip that turns `suggested` into `printed`, if one fits."""
    was, now = parse_figure(suggested), parse_figure(printed)
    if was is None or now is None or was.value is None or now.value is None:
        return None
    if was.value == -now.value and was.value != 0:
        return "dropped or added △ sign"
    if now.value and was.value and abs(now.value / was.value) in (1000.0, 0.001):
        return "1,000× unit slip"
    a, b = _digits(printed), _digits(suggested)
    if len(a) == len(b):
        differ = [i for i in range(len(a)) if a[i] != b[i]]
        if len(differ) == 1:
            return "one digit wrong"
        if len(differ) == 2 and differ[1] == differ[0] + 1 and a[differ[0]] == b[differ[1]] and a[differ[1]] == b[differ[0]]:
            return "transposed digits"
    return None


def find_causes(findings: list[Finding], judged: pl.DataFrame) -> list[Cause]:
    errors = [f for f in findings if f.cls == "ERROR" and f.refs]
    if not errors:
        return []
    holding = Counter()
    if judged.height:
        for ref in judged.filter(pl.col("class") == "PASS").select(pl.col("refs").explode()).to_series().drop_nulls().to_list():
            holding[ref] += 1
    targets = {f.refs[0]: f for f in errors}
    unexplained = {f.id for f in errors}
    causes: list[Cause] = []
    while unexplained:
        counts = Counter(ref for f in errors if f.id in unexplained for ref in f.refs)
        ranked = sorted(counts, key=lambda r: (-counts[r], holding[r], r not in targets, r))
        best = ranked[0]
        ties = [r for r in ranked[1:] if counts[r] == counts[best] and holding[r] == holding[best] and (r in targets) == (best in targets)]
        explained = [f for f in errors if f.id in unexplained and best in f.refs]
        source = targets.get(best) or explained[0]
        suggested = source.expected if best in targets else ""
        printed = source.printed if best in targets else ""
        causes.append(Cause(
            findings=tuple(f.id for f in explained), table=source.table, row=source.row if best in targets else "",
            column=source.column if best in targets else "", cell=best,
            line=source.lines[0] if source.lines else 0, printed=printed, suggested=suggested,
            slip=name_slip(printed, suggested) if printed and suggested else None, alternatives=tuple(ties[:3]),
        ))
        unexplained -= {f.id for f in explained}
    return causes


__all__ = ["find_causes", "name_slip", "format_number"]
