"""order — logical checks: 지출액 ≤ 원인행위액 ≤ 예산현액, and execution rates within 0–100%.

Not identities: a commitment may exceed the budget after a transfer, and 징수율 can pass
100% — so every finding is AMBIGUOUS, a question for a person (finding kind "other").

Passing example: 예산현액 1,000 · 원인행위액 800 · 지출액 600 · 집행률 80.0% / 60.0%.

Failing example: 지출액 900 with 원인행위액 800 → AMBIGUOUS "지출액이 원인행위액보다 큼".

YAML::

    - id: spending-within-commitments
      kind: order
"""

from __future__ import annotations

from typing import Literal

import polars as pl

from toolkit.rules.base import RuleBase, finish, role_cells, select_tables


class Order(RuleBase):
    kind: Literal["order"] = "order"
    identity: bool = False
    max_rate: float = 100.0


def relations(rule: Order, cells: pl.DataFrame, context) -> pl.DataFrame:
    cells = select_tables(cells, rule)
    executed = cells.filter(pl.col("role") == "executed").sort("col")
    # pairs of executed columns in printed order (원인행위액, then 지출액): the later is at most the earlier
    pairs = executed.join(executed, on=["table", "row"], suffix="_o").filter(pl.col("col") < pl.col("col_o"))
    pairs = pairs.filter(pl.col("col_name").str.contains("원인행위") & pl.col("col_name_o").str.contains("지출"))
    spent = pairs.filter(pl.col("value_o").fill_null(0) > pl.col("value").fill_null(0) + pl.col("half") + pl.col("half_o")).select(
        "table", pl.col("label").alias("row_label"), pl.col("col_name_o").alias("column_label"), pl.col("ref_o").alias("ref"),
        pl.col("line_o").alias("line"), pl.col("printed_o").alias("printed"), pl.col("value_o").alias("actual"),
        pl.col("value").alias("expected"), pl.col("decimals_o").alias("decimals"),
        pl.concat_list([pl.col("line_o"), pl.col("line")]).alias("lines"), pl.concat_list([pl.col("ref_o"), pl.col("ref")]).alias("refs"),
        pl.format("{} 이하여야 할 값 ({} {})", pl.col("col_name"), pl.col("col_name"), pl.col("printed")).alias("relation"),
    )
    budget = role_cells(cells, "current", "bud")
    committed = executed.join(budget, on=["table", "row"]).filter(
        pl.col("col_name").str.contains("원인행위") & (pl.col("value").fill_null(0) > pl.col("bud_value").fill_null(0) + pl.col("half") + pl.col("bud_half"))
    ).select(
        "table", pl.col("label").alias("row_label"), pl.col("col_name").alias("column_label"), "ref", "line", "printed",
        pl.col("value").alias("actual"), pl.col("bud_value").alias("expected"), "decimals",
        pl.concat_list([pl.col("line"), pl.col("bud_line")]).alias("lines"), pl.concat_list([pl.col("ref"), pl.col("bud_ref")]).alias("refs"),
        pl.format("{} 이하여야 할 값 ({} {})", pl.col("bud_col_name"), pl.col("bud_col_name"), pl.col("bud_printed")).alias("relation"),
    )
    rates = cells.filter((pl.col("role") == "execution_rate") & ((pl.col("value") < -pl.col("half")) | (pl.col("value") > rule.max_rate + pl.col("half")))).select(
        "table", pl.col("label").alias("row_label"), pl.col("col_name").alias("column_label"), "ref", "line", "printed",
        pl.col("value").alias("actual"), pl.lit(rule.max_rate).alias("expected"), "decimals",
        pl.concat_list([pl.col("line")]).alias("lines"), pl.concat_list([pl.col("ref")]).alias("refs"),
        pl.lit(f"0~{rule.max_rate:g}% 범위여야 할 집행률").alias("relation"),
    )
    frame = pl.concat([spent, committed, rates], how="diagonal_relaxed")
    return finish(
        frame.with_columns(pl.col("expected").alias("lo"), pl.col("expected").alias("hi"), pl.lit(0.0).alias("half")),
        rule,
        "other",
    )
