"""execution_rate — 집행률 / 징수율 = executed / budget × 100, at the printed precision.

Each rate column is paired with the executed column it is the rate of (by
header: 원인행위 ↔ 원인행위액, 지출 ↔ 지출액, 징수율 ↔ 징수액, or the group
header both stand under) and divided by the row's budget (예산현액).

Passing example: 예산현액 28,802,740 · 지출액 22,211,185 · 지출 집행률 77.1%.

Failing example: the same row printing 71.7% → ERROR (expected 77.1%).

YAML::

    - id: execution-rate
      kind: execution_rate
"""

from __future__ import annotations

from typing import Literal

import polars as pl

from toolkit.rules.base import RuleBase, role_cells, select_tables
from toolkit.rules.kinds.ratio import ratio_relations


class ExecutionRate(RuleBase):
    kind: Literal["execution_rate"] = "execution_rate"
    budget: str = "current"


def relations(rule: ExecutionRate, cells: pl.DataFrame, context) -> pl.DataFrame:
    cells = select_tables(cells, rule)
    rates = cells.filter((pl.col("role") == "execution_rate") & pl.col("pair").is_not_null())
    executed = cells.filter(pl.col("role") == "executed").select(
        "table", "row", pl.col("col_name").alias("pair"),
        *[pl.col(c).alias(f"exe_{c}") for c in ("value", "decimals", "half", "line", "ref", "col_name")],
    )
    frame = rates.join(executed, on=["table", "row", "pair"]).join(role_cells(cells, rule.budget, "bud"), on=["table", "row"])
    frame = frame.filter(pl.col("value").is_not_null() | (pl.col("exe_value").fill_null(0) != 0))
    return ratio_relations(frame, rule, "execution_rate", "exe", "bud", pl.format("{} / {} × 100", pl.col("exe_col_name"), pl.col("bud_col_name")))
