"""Ragged plain rows placed by the sums their parent row keeps.

A plain-text export prints nothing for an empty cell, so a row with fewer figures than the table has
columns ("건의사항 2 2" under "계 완료 추진중 …", "사업비 140,438 149,893 △9,455" under four columns)
cannot say which columns its figures stand in: tables.py keeps them left-aligned and uncertain, and no
relation over them is judged. The figures can say it (as they say which row is the total of which,
structure.py): a total row is the sum of its children in every summable column. When exactly one
placement of the ragged rows of one parent and its children makes every summable column add up, the
figures stand there, certainly. When none or several do (a wrong figure among them, or too few
figures to tell), the rows stay as they were: uncertain.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import combinations, product
from math import prod

from toolkit.model import SUMMABLE_ROLES, Cell, Column, Row

MAX_PLACEMENTS = 4096  # combinations tried for one parent and its children; more says nothing anyway


def _ragged(row: Row) -> bool:
    return any(not c.certain for c in row.cells)


def _placements(row: Row, width: int) -> list[tuple[Cell, ...]]:
    """Every way to put the row's printed cells, in order, into `width` columns."""
    printed = [c for c in sorted(row.cells, key=lambda c: c.column) if c.printed]
    out = []
    for columns in combinations(range(width), len(printed)):
        at = dict(zip(columns, printed))
        out.append(tuple(replace(at[j], column=j, certain=True) if j in at else
                         Cell(column=j, printed="", value=None, line=row.line) for j in range(width)))
    return out


def _adds_up(parent: tuple[Cell, ...], children: list[tuple[Cell, ...]], summable: list[int], rounded: bool) -> bool:
    tolerance = 0.5 * (len(children) + 1) if rounded and len(children) > 1 else 1e-9
    compared = 0
    for j in summable:
        values = [v for cells in children if (v := cells[j].value) is not None]
        total = parent[j].value
        if total is None and not values:
            continue
        compared += 1
        if abs((total or 0.0) - sum(values)) > tolerance:
            return False
    return compared > 0


def place_ragged(rows: list[Row], columns: tuple[Column, ...], rounded: bool) -> tuple[list[Row], bool]:
    """The rows with every ragged row placed that the sums place; and whether any was."""
    summable = [c.index for c in columns if c.role in SUMMABLE_ROLES]
    width = len(columns)
    if not summable or not any(_ragged(r) for r in rows):
        return rows, False
    cells = {r.index: tuple(sorted(r.cells, key=lambda c: c.column)) for r in rows}
    certain = {r.index for r in rows if not _ragged(r)}
    families: dict[int, list[int]] = {}
    for row in rows:
        if row.parent is not None:
            families.setdefault(row.parent, []).append(row.index)
    placed_any = False
    for parent, children in families.items():
        members = [parent] + children
        ragged = [i for i in members if i not in certain]
        if not ragged:
            continue
        options = [_placements(rows[i], width) for i in ragged]
        if prod(len(o) for o in options) > MAX_PLACEMENTS:
            continue
        fits = []
        for choice in product(*options):
            trial = {**cells, **dict(zip(ragged, choice))}
            if _adds_up(trial[parent], [trial[k] for k in children], summable, rounded):
                fits.append(choice)
                if len(fits) > 1:
                    break
        if len(fits) == 1:
            cells.update(zip(ragged, fits[0]))
            certain.update(ragged)
            placed_any = True
    if not placed_any:
        return rows, False
    return [replace(r, cells=cells[r.index]) if r.index in certain and _ragged(r) else r for r in rows], True
