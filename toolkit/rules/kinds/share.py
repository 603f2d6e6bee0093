"""share — 비율 / 구성비 = the row's amount / the table total × 100.

The total is the table's first row when it heads the table (계, 총계, or a
first row that no other row heads). The amount is the row's first amount
column of the given role; in a table with none, the summable column nearest left
of the share column (2019 … 2022 | 2022년 비중), taken only where it gives two thirds
of the column's shares.

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

from toolkit.model import SUMMABLE_ROLES
from toolkit.rules.discovery import MAJORITY
from toolkit.rules.rounding import classify

from toolkit.rules.base import RuleBase, finish, role_cells, select_tables, total_of_parts
from toolkit.rules.kinds.ratio import ratio_relations


class Share(RuleBase):
    kind: Literal["share"] = "share"
    amount: str = "current"


def _amounts(cells: pl.DataFrame, rule: Share) -> tuple[pl.DataFrame, list[str]]:
    """Each share column's amount cell in every row, keyed by (table, col = the share column, row):
    the row's first column of the rule's role; in a table with none, the summable column nearest
    left of the share column (비중 printed beside the amount it is a share of: 2019 … 2022 | 2022년
    비중). Also the tables where the amount is taken beside."""
    share_cols = cells.filter(pl.col("role") == "share").select("table", "col").unique()
    have = cells.filter(pl.col("role") == rule.amount)["table"].unique().to_list()
    by_role = share_cols.filter(pl.col("table").is_in(have)).join(role_cells(cells, rule.amount, "amt"), on="table")
    summable = cells.filter(pl.col("role").is_in(list(SUMMABLE_ROLES)))
    nearest = (
        share_cols.filter(~pl.col("table").is_in(have)).join(summable.select("table", pl.col("col").alias("amount_col")).unique(), on="table")
        .filter(pl.col("amount_col") < pl.col("col")).group_by("table", "col").agg(pl.col("amount_col").max())
    )
    beside = summable.join(nearest.rename({"col": "share_col"}), left_on=["table", "col"], right_on=["table", "amount_col"])
    renamed = [pl.col(c[len("amt_"):]).alias(c) for c in by_role.columns if c.startswith("amt_")]
    beside = beside.select("table", pl.col("share_col").alias("col"), "row", *renamed)
    return pl.concat([by_role, beside.select(by_role.columns)]), nearest["table"].unique().to_list()


def relations(rule: Share, cells: pl.DataFrame, context) -> pl.DataFrame:
    cells = select_tables(cells, rule)
    amounts, guessed_tables = _amounts(cells, rule)
    first_rows = cells.filter(pl.col("parent").is_null()).group_by("table").agg(pl.col("row").min().alias("total_row"))
    totals = amounts.join(first_rows, left_on=["table", "row"], right_on=["table", "total_row"]).select(
        "table", "col", *[pl.col(f"amt_{c}").alias(f"tot_{c}") for c in ("value", "decimals", "half", "line", "ref")]
    )
    shares = cells.filter(pl.col("role") == "share")
    frame = shares.join(amounts, on=["table", "row", "col"]).join(totals, on=["table", "col"]).filter(pl.col("value").is_not_null())
    ratios = _ratios(frame, rule)
    if guessed_tables:
        # the column beside is a convention, not a header's word: it is the amount only where it gives
        # most shares; where it does not, the share column is left unchecked (no relation, no question)
        guessed = pl.col("table").is_in(guessed_tables)
        ok = classify(ratios)["class"].is_in(["PASS", "ROUNDING"])
        column = pl.col("ref").str.extract(r"!([A-Z]+)")  # the share column, from its cells' references
        held = pl.col("_ok").cast(pl.Float64).mean().over("table", column) >= MAJORITY
        ratios = ratios.with_columns(ok.alias("_ok")).filter(~guessed | held).drop("_ok")
    return pl.concat([ratios, _shares_add_up(shares, first_rows, rule)])


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
