"""Every breakdown of a total: the rows that split a row a second way.

The reader gives each row one parent (reader/structure.py: the first run of rows that adds
up to it). A total is often split twice in one table (CONVENTIONS.md, "Structure of the
money": a 합계 by account — 일반회계 + 특별회계 — and then by department; a department by
account and then by 단위사업), and the second split is then left without a parent, or is
hung by a marker under the row above. Raising the 합계 and its 일반회계 together then breaks
nothing the first split shows, and the error goes unseen.

A second breakdown of row P is the run of rows right after P's own subtree, at P's level
(P's siblings, subtrees skipped, up to the next 계/합계 row), that adds up to P by the
reader's evidence rule (a strict majority of the summable columns, one of them well above
rounding size; structure.sum_matches): at least two rows, and none of them a part the figures
already prove of another row (a link `inferred` or given by a rule file). Where one of the two
splits is by account (P's children, or the run, all 일반회계/…특별회계/기금 rows), one column
well above rounding size that adds up is evidence enough: the account split is the one these
documents print beside every other (CONVENTIONS.md), and a slip in P's current amount moves
its change too, so a majority of columns would hide exactly the error looked for. The sum kind
then checks P against each of its breakdowns.
"""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from toolkit.model import SUMMABLE_ROLES
from toolkit.reader.structure import is_account_label, is_total_label, sum_matches

FREE_LINKS = (None, "marker", "assumed")  # links no sum proves: a row so linked may belong to another breakdown

SCHEMA = {"table": pl.String, "row": pl.Int64, "whole": pl.Int64, "second": pl.Boolean}


def second_breakdowns(cells: pl.DataFrame) -> pl.DataFrame:
    """(table, row, whole, second): `row` is a part of a breakdown of row `whole` the figures prove,
    the second one when `second`. One pass over the cells (this runs for every judgement)."""
    out: list[tuple[str, int, int, bool]] = []
    heads = cells.filter(pl.col("parent").is_not_null())["table"].unique().to_list()
    if not heads:
        return pl.DataFrame(out, schema=SCHEMA, orient="row")
    tables: dict[str, list[tuple]] = {}
    wanted = cells.filter(pl.col("table").is_in(heads)).select("table", "row", "label", "parent", "parent_via", "col", "role", "value", "half")
    for record in wanted.iter_rows():
        tables.setdefault(record[0], []).append(record[1:])
    for table, records in tables.items():
        out += [(str(table), row, whole, second) for row, whole, second in _table_breakdowns(tuple(records))]
    return pl.DataFrame(out, schema=SCHEMA, orient="row")


# a table's breakdowns depend on its cells alone: a re-check round that changes no cell of a table
# finds them again by its cells' values, not by searching again
@lru_cache(maxsize=1024)
def _table_breakdowns(records: tuple[tuple, ...]) -> tuple[tuple[int, int, bool], ...]:
    """For one table's cells (row, label, parent, parent_via, col, role, value, half)."""
    rows: dict[int, tuple[str, int | None, str | None]] = {}
    for r, label, parent, via, *_rest in records:
        rows.setdefault(r, (label, parent, via))
    index = sorted(rows)
    at = {r: i for i, r in enumerate(index)}
    labels = [rows[r][0] for r in index]
    parents = [rows[r][1] for r in index]
    vias = [rows[r][2] for r in index]
    columns = sorted({c for *_head, c, role, _v, _h in records if role in SUMMABLE_ROLES})
    if not columns:
        return ()
    where = {c: j for j, c in enumerate(columns)}
    values: list[list[float | None]] = [[None] * len(columns) for _ in index]
    rounded = False
    for r, _label, _parent, _via, c, _role, v, half in records:
        if c in where:
            values[at[r]][where[c]] = v
            rounded = rounded or bool(half)
    n = len(index)
    end = list(range(n))  # last row of each row's subtree (children follow their parent)
    children: dict[int, list[int]] = {}
    for i in range(n - 1, -1, -1):
        p = parents[i]
        if p is not None and p in at:
            end[at[p]] = max(end[at[p]], end[i])
            children.setdefault(at[p], []).insert(0, i)
    accounts = [is_account_label(label) for label in labels]
    taken: set[int] = set()
    out: list[tuple[int, int, bool]] = []
    for i in sorted(children):
        kids = children[i]
        if all(vias[k] in ("marker", "assumed") for k in kids):
            # no split was proven: the marker's rows may be both splits, one after the other
            first, second = _two_splits(i, kids, values, accounts, rounded)
            out += [(index[k], index[i], False) for k in first] + [(index[k], index[i], True) for k in second]
            taken.update(first + second)
            if first:
                continue
        by_account = all(accounts[k] for k in kids)
        run = [k for k in _second_run(i, values, labels, accounts, parents, vias, end, rounded, by_account) if k not in taken]
        if len(run) >= 2:
            taken.update(run)
            out += [(index[k], index[i], True) for k in run]
    return tuple(out)  # cached: shared by every caller, so not a list


def _adds_up(whole: list[float | None], parts: list[list[float | None]], rounded: bool, by_account: bool) -> int:
    """In how many columns `parts` add up to `whole`, or 0 unless that is evidence enough (see the module)."""
    if len(parts) < 2:
        return 0
    sums = [sum(p[j] or 0.0 for p in parts) for j in range(len(whole))]
    if by_account:
        return _strong_columns(whole, sums, len(parts), rounded)
    seen = [any(p[j] is not None for p in parts) for j in range(len(whole))]
    return sum_matches(whole, sums, seen, len(parts), rounded)


def _two_splits(i: int, children: list[int], values, accounts: list[bool], rounded: bool) -> tuple[list[int], list[int]]:
    """Rows a marker gave row i, read as two consecutive splits of it that each add up (one of them by account)."""
    for cut in range(2, len(children) - 1):
        first, second = children[:cut], children[cut:]
        by_account = all(accounts[k] for k in first) or all(accounts[k] for k in second)
        if _adds_up(values[i], [values[k] for k in first], rounded, by_account) and _adds_up(values[i], [values[k] for k in second], rounded, by_account):
            return first, second
    return [], []


def _second_run(i: int, values, labels, accounts: list[bool], parents, vias, end: list[int], rounded: bool, by_account: bool) -> list[int]:
    """The run of P's siblings after P's subtree that adds up to P in the most columns (none if it does not).
    `by_account`: P's first split is by account (one column adding up is evidence enough)."""
    run: list[int] = []
    best: list[int] = []
    best_matched = 0
    k = end[i] + 1
    while k < len(values) and parents[k] == parents[i] and vias[k] in FREE_LINKS and not is_total_label(labels[k]):
        run.append(k)
        matched = _adds_up(values[i], [values[r] for r in run], rounded, by_account or all(accounts[r] for r in run))
        if matched > best_matched:
            best_matched, best = matched, list(run)
        k = end[k] + 1
    return best


def _strong_columns(whole: list[float | None], sums: list[float], parts: int, rounded: bool) -> int:
    """Columns where the parts add up to the whole, within rounding, with a figure well above rounding size
    (the tolerance of structure.sum_matches for several parts)."""
    tolerance = 0.5 * (parts + 1) if rounded else 1e-9
    return sum(1 for value, total in zip(whole, sums, strict=True) if value is not None and abs(value - total) <= tolerance and abs(value) > 2 * tolerance)
