"""Row structure: which row is the total of which rows.

Layouts rarely say it reliably (indentation is lost or wrong in exports), so the
figures decide: a row is the parent of the contiguous rows below it when their
sum equals it in most summable columns. "Most" is what lets one wrong figure,
the very thing we look for, leave the structure standing. A 계/합계/총계 row
that no sum explains becomes the parent of the rows that follow it (marker).
"""

from __future__ import annotations

import re
from dataclasses import replace

from toolkit.model import SUMMABLE_ROLES, Column, Row

TOTAL_LABEL = re.compile(r"^[<〈(]?\s*(총\s*계|합\s*계|소\s*계|계)\s*[>〉)]?(\(.*\))?$")


def is_total_label(label: str) -> bool:
    return bool(TOTAL_LABEL.match(label.replace(" ", "")))


def _values(rows: list[Row], columns: list[int]) -> list[list[float | None]]:
    out = []
    for row in rows:
        cells = {c.column: c for c in row.cells}
        out.append([cells[c].value if c in cells else None for c in columns])
    return out


def _matches(parent: list[float | None], sums: list[float], seen: list[bool], children: int) -> int:
    """How many columns the children add up to, or 0 unless that is evidence enough.

    Evidence: a strict majority of the compared columns (half of one or two), at least
    one of them with a figure well above rounding size (0 = 0 proves nothing), and for a
    single child every column (it is its parent's copy).
    """
    compared = matched = strong = 0
    tolerance = 0.5 * (children + 1)
    for value, total, any_child in zip(parent, sums, seen):
        if value is None and not any_child:
            continue
        compared += 1
        if abs((value or 0.0) - total) <= tolerance:
            matched += 1
            strong += abs(value or 0.0) > 2 * tolerance
    if children == 1 and matched < compared:
        return 0
    enough = matched * 2 >= compared if compared <= 2 else matched * 2 > compared
    return matched if strong and enough else 0


def _children(i: int, values, rows: list[Row], end: list[int]) -> list[int]:
    """The prefix of following subtrees that adds up to row i in the most columns (empty if none)."""
    width = len(values[i])
    sums = [0.0] * width
    seen = [False] * width
    found: list[int] = []
    best: list[int] = []
    best_score = 0
    k = i + 1
    # a later, longer prefix wins only by matching strictly more columns
    while k < len(rows) and not (is_total_label(rows[k].label) and found):
        found.append(k)
        for j, v in enumerate(values[k]):
            if v is not None:
                sums[j] += v
                seen[j] = True
        score = _matches(values[i], sums, seen, len(found))
        if score > best_score:
            best_score, best = score, list(found)
        k = end[k] + 1
    return best


def link_rows(rows: list[Row], columns: tuple[Column, ...]) -> list[Row]:
    summable = [c.index for c in columns if c.role in SUMMABLE_ROLES]
    if not summable or len(rows) < 2:
        return rows
    values = _values(rows, summable)
    n = len(rows)
    end = list(range(n))  # last row of each row's subtree
    children: list[list[int]] = [[] for _ in range(n)]
    for i in range(n - 1, -1, -1):
        if all(v is None for v in values[i]):
            continue
        found = _children(i, values, rows, end)
        if not found:
            # two identical sibling rows look like a parent and its only child; read them as
            # siblings when that lets this row add up
            flat = [k if len(children[k]) == 1 else end[k] for k in range(n)]
            found = _children(i, values, rows, flat)
            for k in found:
                if len(children[k]) == 1:
                    children[k], end[k] = [], k
        if found:
            children[i] = found
            end[i] = end[found[-1]]
    parent: dict[int, tuple[int, str]] = {}
    roots = []
    i = 0
    while i < n:
        roots.append(i)
        i = end[i] + 1
    for i in range(n):
        for child in children[i]:
            parent[child] = (i, "inferred")
    # a total row no sum explains still heads the rows after it, up to the next total row
    for position, root in enumerate(roots):
        if is_total_label(rows[root].label) and not children[root]:
            for other in roots[position + 1 :]:
                if is_total_label(rows[other].label):
                    break
                parent[other] = (root, "marker")
    linked = []
    for row in rows:
        link = parent.get(row.index)
        level = 0
        up = link
        while up is not None:
            level += 1
            up = parent.get(up[0])
        linked.append(replace(row, parent=link[0] if link else None, parent_via=link[1] if link else None, level=level))
    return linked
