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
from functools import lru_cache

from toolkit.model import SUMMABLE_ROLES, Column, Row
from toolkit.vocabulary import NUMBERING

ACCOUNT_LABEL = re.compile(r"^[<〈]?(일반회계|.{0,12}특별회계|기금)[>〉]?$")
TOTAL_LABEL = re.compile(r"^[<〈(]?\s*(총\s*계|합\s*계|소\s*계|계)\s*[>〉)]?(\(.*\))?$")


def bare_label(label: str) -> str:
    """The label without its numbering prefix ("1-1) 일반회계" → "일반회계") and spaces."""
    return NUMBERING.sub("", label.strip()).replace(" ", "")


@lru_cache(maxsize=1 << 16)  # asked of every row label many times over (reader, structure, places)
def is_total_label(label: str) -> bool:
    """계, 소계, 합계, 총계 — alone or as the last level of a label ("영업수익 소계")."""
    words = NUMBERING.sub("", label.strip()).split()
    return bool(TOTAL_LABEL.match(bare_label(label))) or (len(words) > 1 and bool(TOTAL_LABEL.match(words[-1])))


@lru_cache(maxsize=1 << 16)
def is_account_label(label: str) -> bool:
    return bool(ACCOUNT_LABEL.match(bare_label(label)))


_PATH = re.compile(r"^(\d{1,2}(?:-\d{1,2})*)\)")


def _numbering_links(rows: list[Row], parent: dict[int, tuple[int, str]]) -> None:
    """A row numbered "2-1-3)" belongs under the nearest row above numbered "2-1)": the label
    prints the hierarchy. Used where the figures decided nothing."""
    seen: dict[str, int] = {}
    for i, row in enumerate(rows):
        match = _PATH.match(row.label.strip())
        if not match:
            continue
        path = match.group(1)
        seen[path] = i
        if i in parent or "-" not in path:
            continue
        above = seen.get(path.rsplit("-", 1)[0])
        if above is not None and above < i:
            parent[i] = (above, "marker")


def _values(rows: list[Row], columns: list[int]) -> list[list[float | None]]:
    out = []
    for row in rows:
        cells = {c.column: c for c in row.cells}
        out.append([cells[c].value if c in cells else None for c in columns])
    return out


def sum_matches(parent: list[float | None], sums: list[float], seen: list[bool], children: int, rounded: bool = True) -> int:
    """How many columns the children add up to, or 0 unless that is evidence enough.

    Evidence: a strict majority of the compared columns (half of one or two), at least
    one of them with a figure well above rounding size (0 = 0 proves nothing), and for a
    single child every column, exactly (it is its parent's copy).
    """
    compared = matched = strong = 0
    # a single child prints its parent's own amount, rounded the same way: a copy, never off by rounding
    tolerance = 0.5 * (children + 1) if rounded and children > 1 else 1e-9
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


def _children(i: int, values, rows: list[Row], end: list[int], rounded: bool = True) -> list[int]:
    """The prefix of following subtrees that adds up to row i in the most columns (empty if none)."""
    return _scored_children(i, values, rows, end, rounded)[0]


def _scored_children(i: int, values, rows: list[Row], end: list[int], rounded: bool = True) -> tuple[list[int], float]:
    """_children, and how many columns the children add up in, less a fraction for how far
    off by rounding they are (of two readings adding up in as many columns, the exact one wins)."""
    width = len(values[i])
    sums = [0.0] * width
    seen = [False] * width
    found: list[int] = []
    best: list[int] = []
    best_score = 0.0
    best_matched = 0
    k = i + 1
    # a later, longer prefix wins only by matching strictly more columns
    while k < len(rows) and not (is_total_label(rows[k].label) and found):
        found.append(k)
        for j, v in enumerate(values[k]):
            if v is not None:
                sums[j] += v
                seen[j] = True
        score = sum_matches(values[i], sums, seen, len(found), rounded)
        if score > best_matched:
            best_matched, best_score, best = score, score - _offset(values[i], sums, seen), list(found)
        k = end[k] + 1
    return best, best_score


def _offset(parent: list[float | None], sums: list[float], seen: list[bool]) -> float:
    """How far the children's sums are off their parent in all, as a fraction below 1."""
    off = sum(abs((value or 0.0) - total) for value, total, any_child in zip(parent, sums, seen) if value is not None or any_child)
    return off / (1.0 + off) if off > 1e-9 else 0.0


def _marker_links(rows, values, parent, stops, heads, top_only: bool, rounded: bool = True) -> None:
    """Give each childless `heads` row the following rows at its level, up to a `stops` row.

    The link is "marker" when at least one column then adds up, "assumed" when none does
    (a table cut short, say): sums over assumed links are not judged as errors.
    """
    for i, row in enumerate(rows):
        if not heads(row) or any(link[0] == i for link in parent.values()):
            continue
        if top_only and i in parent:
            continue
        level = parent.get(i, (None, ""))[0]
        following = [k for k in range(i + 1, len(rows)) if parent.get(k, (None, ""))[0] == level]
        taken = []
        for k in following:
            if stops(rows[k]):
                break
            taken.append(k)
        if len(taken) < 2:
            continue  # one row under a marker is no evidence of anything
        width = len(values[i])
        sums = [sum(values[k][j] or 0.0 for k in taken) for j in range(width)]
        tolerance = 0.5 * (len(taken) + 1) if rounded else 1e-9
        confirmed = any(values[i][j] is not None and abs(values[i][j] - sums[j]) <= tolerance and abs(sums[j]) > 2 * tolerance for j in range(width))
        for k in taken:
            parent[k] = (i, "marker" if confirmed else "assumed")


def link_rows(rows: list[Row], columns: tuple[Column, ...], rounded: bool = True) -> list[Row]:
    """Link rows to their parents. `rounded`: the figures are rounded money amounts (a
    total may be off by rounding); False for counts, which must add up exactly."""
    summable = [c.index for c in columns if c.role in SUMMABLE_ROLES]
    if not summable or len(rows) < 2:
        return rows
    values = _values(rows, summable)
    n = len(rows)
    end = list(range(n))  # last row of each row's subtree
    children: list[list[int]] = [[] for _ in range(n)]
    # a row whose children are a doubtful reading: one child (two identical sibling rows look like a
    # parent and its only child), or children adding up only within rounding (a row near the sum of
    # the next ones by chance)
    doubtful = [False] * n
    for i in range(n - 1, -1, -1):
        if all(v is None for v in values[i]):
            continue
        found, score = _scored_children(i, values, rows, end, rounded)
        if any(doubtful[k] for k in range(i + 1, n)):
            # read doubtful parents as siblings of their children when that lets this row add up in
            # more columns, or as many more exactly (deeper too: a row whose last child is doubtful
            # ends where that child's own row does)
            flat = list(range(n))
            for k in range(n - 1, i, -1):
                if children[k] and not doubtful[k]:
                    flat[k] = flat[children[k][-1]]
            siblings, flat_score = _scored_children(i, values, rows, flat, rounded)
            if flat_score > score:
                found, score = siblings, flat_score
                for k in range(i + 1, n):
                    if doubtful[k] and children[k][0] in found:
                        children[k], doubtful[k] = [], False
                for k in range(n - 1, i, -1):
                    end[k] = end[children[k][-1]] if children[k] else k
        if found:
            children[i] = found
            end[i] = end[found[-1]]
            doubtful[i] = len(found) == 1 or score != int(score)
    parent: dict[int, tuple[int, str]] = {i: (p, "inferred") for p in range(n) for i in children[p]}
    # markers where no sum explains a row: an account row (일반회계, ○○특별회계) heads the
    # rows after it at its own level up to the next account row; then a total row (계, 합계)
    # heads the top-level rows after it up to the next total row
    _marker_links(rows, values, parent, lambda r: is_account_label(r.label) or is_total_label(r.label),
                  lambda r: is_account_label(r.label), top_only=False, rounded=rounded)
    _marker_links(rows, values, parent, lambda r: is_total_label(r.label), lambda r: is_total_label(r.label), top_only=True, rounded=rounded)
    _numbering_links(rows, parent)
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
