"""rate — 증감률 = 증감액 / previous × 100, at the printed precision.

The rate is recomputed from the printed change and previous amount of the same
row (from current − previous where the table has no change column) and must
round half-up to the printed rate. A rate that only truncation, or only the
rounding of the amounts, explains is ROUNDING and says which. A 순증 / 순감
printed instead of a rate must fit the amounts (순증: previous 0 or empty).

Passing example: 증감액 2,977 · 2023 예산액 14,237 · 증감률 20.9% (20.91 → 20.9).

Failing example: the same row printing 21.0% → ERROR (expected 20.9%).

YAML::

    - id: rate-is-change-over-previous
      kind: rate
"""

from __future__ import annotations

from typing import Literal

import polars as pl

from toolkit.rules.base import RuleBase, role_cells, select_tables
from toolkit.rules.kinds.ratio import change_word_ok, ratio_relations


class Rate(RuleBase):
    kind: Literal["rate"] = "rate"
    rate: str = "change_rate"
    change: str = "change"
    previous: str = "previous"
    current: str = "current"


def relations(rule: Rate, cells: pl.DataFrame, context) -> pl.DataFrame:
    cells = select_tables(cells, rule)
    rates = cells.filter(pl.col("role") == rule.rate)
    frame = (
        rates.join(role_cells(cells, rule.previous, "prev"), on=["table", "row"])
        .join(role_cells(cells, rule.current, "cur"), on=["table", "row"], how="left")
        .join(role_cells(cells, rule.change, "chg"), on=["table", "row"], how="left")
    )
    # with no change column the change is current − previous
    frame = frame.with_columns(
        pl.coalesce(pl.col("chg_value"), pl.col("cur_value").fill_null(0) - pl.col("prev_value").fill_null(0)).alias("num_value"),
        pl.coalesce(pl.col("chg_decimals"), pl.col("cur_decimals")).alias("num_decimals"),
        pl.coalesce(pl.col("chg_half"), pl.col("cur_half") + pl.col("prev_half")).alias("num_half"),
        pl.coalesce(pl.col("chg_line"), pl.col("cur_line")).alias("num_line"),
        pl.coalesce(pl.col("chg_ref"), pl.col("cur_ref")).alias("num_ref"),
    )
    frame = frame.filter(pl.col("value").is_not_null() | pl.col("word").is_not_null())
    return ratio_relations(
        frame, rule, "rate", "num", "prev", pl.format("증감액 / {} × 100", pl.col("prev_col_name")),
        change_word_ok("prev", "cur").alias("word_ok"),
        pl.when(pl.col("word").is_not_null()).then(pl.lit("other"))
        .when(pl.col("chg_value").is_not_null()).then(pl.lit("ratio")).otherwise(pl.lit("ratio_diff")).alias("form"),
        # ratio_diff names current and previous; ratio names change and previous
        pl.when(pl.col("chg_value").is_not_null()).then(pl.concat_list([pl.col("ref"), pl.col("num_ref"), pl.col("prev_ref")]))
        .otherwise(pl.concat_list([pl.col("ref"), pl.col("cur_ref"), pl.col("prev_ref")])).list.drop_nulls().alias("refs"),
    )
