"""Synthetic ledgers: line items in 원 whose group sums, rounded to the report's unit, are the
figures a report table prints — plus a manifest of discrepancies injected on purpose.

A ledger line carries the row's place in the table as columns, the way a budget system
exports it: the account (회계) from an account row among the ancestors, the organisation
levels (부서, then 실국 above it) from the other ancestors, the item (세부사업) from the
row itself, and an expense code (편성목) the report never shows.

Vectorised with numpy: each table row gets its share of the N ledger lines; each printed
figure becomes a 원 total inside its rounding interval, split over the row's lines.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import polars as pl

from toolkit.errors import ReconError
from toolkit.model import UNIT_FACTORS, Row, Table
from toolkit.reader.structure import ACCOUNT_LABEL

AMOUNT_ROLES = ("current", "executed")
ORGANISATION_LEVELS = ("부서", "실국", "기관")  # nearest ancestor first
EXPENSE_CODES = ("201-01 사무관리비", "202-01 국내여비", "207-01 연구용역비", "301-11 행사실비보상금", "401-01 시설비",
                 "402-01 민간위탁금", "403-02 출연금", "206-01 재료비")


def leaf_rows(table: Table) -> list[Row]:
    heads = {r.parent for r in table.rows if r.parent is not None}
    return [r for r in table.rows if r.index not in heads]


def ancestors(table: Table, row: Row) -> list[Row]:
    """The row's ancestors, root first."""
    chain, parent = [], row.parent
    while parent is not None:
        chain.append(table.rows[parent])
        parent = table.rows[parent].parent
    return chain[::-1]


def key_columns(table: Table, leaves: list[Row]) -> tuple[list[str], list[list[str]]]:
    """Ledger key columns (coarsest first, the item last) and each leaf's values for them."""
    chains = [ancestors(table, r) for r in leaves]
    organisations = [[a.label for a in chain if not ACCOUNT_LABEL.match(a.label)] for chain in chains]
    accounts = [next((a.label for a in chain if ACCOUNT_LABEL.match(a.label)), None) for chain in chains]
    depth = max(map(len, organisations), default=0)
    has_account = any(accounts)
    columns = list(ORGANISATION_LEVELS[:depth])[::-1] + (["회계"] if has_account else []) + ["세부사업"]
    values = [[""] * (depth - len(orgs)) + orgs + ([account or "일반회계"] if has_account else []) + [row.label]
              for orgs, account, row in zip(organisations, accounts, leaves)]
    return columns, values


def _value(row, column: int) -> float | None:
    cell = row.cell(column)
    return None if cell is None else cell.value


def synthesize(table: Table, rows: int, inject: int = 0, seed: int = 0) -> tuple[pl.DataFrame, list[dict]]:
    factor = UNIT_FACTORS.get(table.unit)
    if factor is None:
        raise ReconError(f"table {table.id} has no money unit; a ledger in 원 needs one")
    columns = [c for c in table.columns if c.role in AMOUNT_ROLES]
    leaves = [r for r in leaf_rows(table) if all(_value(r, c.index) is not None for c in columns)]
    if not leaves or not columns:
        raise ReconError(f"table {table.id} has no rows with amounts to make a ledger from")
    keys, paths = key_columns(table, leaves)
    rng = np.random.default_rng(seed)
    counts = np.maximum(1, rng.multinomial(max(rows - len(leaves), 0), np.full(len(leaves), 1 / len(leaves))) + 1)
    group = np.repeat(np.arange(len(leaves)), counts)
    # labels gathered by polars, not numpy object arrays: ten million rows stay seconds, not minutes
    data: dict[str, pl.Series | np.ndarray] = {name: pl.Series(name, [p[i] for p in paths]).gather(group) for i, name in enumerate(keys)}
    data["편성목"] = pl.Series("편성목", EXPENSE_CODES).gather(rng.integers(len(EXPENSE_CODES), size=len(group)))
    for column in columns:
        printed = np.array([_value(r, column.index) for r in leaves])
        # a 원 total that rounds (half-up) to the printed figure
        totals = np.round(printed * factor).astype(np.int64) + rng.integers(-(factor // 2), (factor + 1) // 2, len(leaves))
        totals[printed == 0] = 0  # nothing spent is nothing spent, not a few 원 either way
        weights = rng.random(len(group)) + 0.1
        share = weights / np.bincount(group, weights)[group]
        parts = np.floor(share * totals[group]).astype(np.int64)
        remainder = totals - np.bincount(group, parts, minlength=len(leaves)).astype(np.int64)
        first = np.r_[0, np.cumsum(counts)[:-1]]
        parts[first] += remainder  # each group's sum is exactly its total
        data[column.name.split(".")[-1]] = parts
    manifest = []
    # only rows whose key path is theirs alone: a shared path names no single group to blame
    candidates = [i for i, path in enumerate(paths) if paths.count(path) == 1]
    for g in rng.choice(candidates, size=min(inject, len(candidates)), replace=False):
        column = columns[int(rng.integers(len(columns)))]
        key = column.name.split(".")[-1]
        delta = int(max(5, abs(leaves[g].cell(column.index).value) * 0.03) * factor * rng.choice([-1, 1]))
        data[key][np.flatnonzero(group == g)[0]] += delta
        manifest.append({"group": leaves[g].label, "path": paths[g], "column": column.name, "ledger_column": key,
                         "printed": leaves[g].cell(column.index).printed, "delta_won": delta, "line": leaves[g].line,
                         "rows_above": [a.line for a in ancestors(table, leaves[g])]})
    return pl.DataFrame(data), manifest


def write(table: Table, out: Path, rows: int, inject: int, seed: int) -> Path:
    frame, manifest = synthesize(table, rows, inject, seed)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".xlsx":
        frame.write_excel(out, worksheet="ledger")
    elif out.suffix.lower() == ".parquet":
        frame.write_parquet(out)
    else:
        frame.write_csv(out)
    out.with_suffix(".manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return out
