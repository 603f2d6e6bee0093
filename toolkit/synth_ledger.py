"""Synthetic ledgers: line items in 원 whose group sums, rounded to the report's unit, are the
figures a report table prints — plus a manifest of discrepancies injected on purpose.

Vectorised with numpy: each table row gets its share of the N ledger lines; each printed
figure becomes a 원 total inside its rounding interval, split over the row's lines.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import polars as pl

from toolkit.errors import ReconError
from toolkit.model import UNIT_FACTORS, Table

AMOUNT_ROLES = ("current", "executed")


def leaf_rows(table: Table):
    heads = {r.parent for r in table.rows if r.parent is not None}
    return [r for r in table.rows if r.index not in heads]


def synthesize(table: Table, rows: int, inject: int = 0, seed: int = 0) -> tuple[pl.DataFrame, list[dict]]:
    factor = UNIT_FACTORS.get(table.unit)
    if factor is None:
        raise ReconError(f"table {table.id} has no money unit; a ledger in 원 needs one")
    columns = [c for c in table.columns if c.role in AMOUNT_ROLES]
    leaves = [r for r in leaf_rows(table) if all(r.cell(c.index) and r.cell(c.index).value is not None for c in columns)]
    if not leaves or not columns:
        raise ReconError(f"table {table.id} has no rows with amounts to make a ledger from")
    rng = np.random.default_rng(seed)
    counts = np.maximum(1, rng.multinomial(max(rows - len(leaves), 0), np.full(len(leaves), 1 / len(leaves))) + 1)
    group = np.repeat(np.arange(len(leaves)), counts)
    data = {"세부사업": np.array([r.label for r in leaves], dtype=object)[group]}
    for column in columns:
        printed = np.array([r.cell(column.index).value for r in leaves])
        # a 원 total that rounds (half-up) to the printed figure
        totals = np.round(printed * factor).astype(np.int64) + rng.integers(-(factor // 2), (factor + 1) // 2, len(leaves))
        weights = rng.random(len(group)) + 0.1
        share = weights / np.bincount(group, weights)[group]
        parts = np.floor(share * totals[group]).astype(np.int64)
        remainder = totals - np.bincount(group, parts, minlength=len(leaves)).astype(np.int64)
        first = np.r_[0, np.cumsum(counts)[:-1]]
        parts[first] += remainder  # each group's sum is exactly its total
        data[column.name.split(".")[-1]] = parts
    manifest = []
    labels = [r.label for r in leaves]
    # only rows whose label is theirs alone: a shared label (기본경비) names no single group to blame
    candidates = [i for i, label in enumerate(labels) if labels.count(label) == 1]
    for g in rng.choice(candidates, size=min(inject, len(candidates)), replace=False):
        column = columns[int(rng.integers(len(columns)))]
        key = column.name.split(".")[-1]
        delta = int(max(5, abs(leaves[g].cell(column.index).value) * 0.03) * factor * rng.choice([-1, 1]))
        data[key][np.flatnonzero(group == g)[0]] += delta
        manifest.append({"group": leaves[g].label, "column": column.name, "ledger_column": key, "printed": leaves[g].cell(column.index).printed,
                         "delta_won": delta, "line": leaves[g].line})
    return pl.DataFrame(data), manifest


def write(table: Table, out: Path, rows: int, inject: int, seed: int) -> Path:
    frame, manifest = synthesize(table, rows, inject, seed)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".xlsx":
        frame.write_excel(out, worksheet="ledger")
    else:
        frame.write_csv(out)
    out.with_suffix(".manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return out
