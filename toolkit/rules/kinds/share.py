"""share — 비율 / 구성비 = the row's amount / the table total × 100.

The total is the table's first row when it heads the table (계, 총계, or a
first row that no other row heads). The amount is the row's first amount
column of the given role.

Passing example: 계 153,799 (100.0%) · 디지털정책담당관 20,104 (13.07%).

Failing example: 20,104 printed with 31.07% → ERROR (expected 13.07%).

The shares of the rows directly under the total must also add up to the total's
share (100%), within their rounding.

YAML::

    - id: share-of-total
      kind: share
"""

from __future__ import annotations

from typing import Literal

import polars as pl

from toolkit.rules.base import RuleBase, finish, role_cells, select_tables, total_of_parts
from toolkit.rules.kinds.ratio import ratio_relations


class Share(RuleBase):
    kind: Literal["share"] = "share"
    amount: str = "current"


def relations(rule: Share, cells: pl.DataFrame, context) -> pl.DataFrame:
    cells = select_tables(cells, rule)
    amounts = role_cells(cells, rule.amount, "amt")
    first_rows = cells.filter(pl.col("parent").is_null()).group_by("table").agg(pl.col("row").min().alias("total_row"))
    totals = amounts.join(first_rows, left_on=["table", "row"], right_on=["table", "total_row"]).select(
        "table", *[pl.col(f"amt_{c}").alias(f"tot_{c}") for c in ("value", "decimals", "half", "line", "ref")]
    )
    shares = cells.filter(pl.col("role") == "share")
    frame = shares.join(amounts, on=["table", "row"]).join(totals, on="table").filter(pl.col("value").is_not_null())
    return pl.concat([_ratios(frame, rule), _shares_add_up(shares, first_rows, rule)])


def _shares_add_up(shares: pl.DataFrame, first_rows: pl.DataFrame, rule: Share) -> pl.DataFrame:
    total = shares.join(first_rows, left_on=["table", "row"], right_on=["table", "total_row"])
    parts = shares.join(first_rows, left_on=["table", "parent"], right_on=["table", "total_row"]).group_by(["table", "col"]).agg(
        pl.col("value").fill_null(0).sum().alias("expected"), pl.col("half").sum().alias("spread"),
        pl.col("line").alias("part_lines"), pl.col("ref").alias("part_refs"), pl.len().alias("n"),
    )
    joined = total.join(parts, on=["table", "col"]).filter(pl.col("value").is_not_null())
    return finish(joined.with_columns(*total_of_parts(pl.format("하위 {}개 행 비율의 합", pl.col("n")))), rule, "share")


def _ratios(frame: pl.DataFrame, rule: Share) -> pl.DataFrame:
    return ratio_relations(frame, rule, "share", "amt", "tot", pl.lit("행 금액 / 합계 × 100"))
