"""sum — a total equals the sum of its parts.

Every row that heads other rows (계, a department over its 일반회계/특별회계, a
단위사업 over its 세부사업) must equal the sum of its direct children, in every
summable column (amounts, changes, counts; not rates). Which rows head which is
read from the table's row structure (markers, inferred from the figures, or
given by a rule file). A row split two ways (by account and by department:
rules/breakdowns.py) is checked against each split. Each printed figure stands for ±half a unit, so a total
of n parts may be off by up to (n+1)/2 units and still be ROUNDING.

Passing example (단위: 천원)::

    계          300   ← 100 + 200
      가사업     100
      나사업     200

Failing example: 계 printed 310 → ERROR "하위 2개 행의 합은 300인데 310".

YAML::

    - id: parent-equals-children
      kind: sum
      roles: [current, previous, change, executed, count, amount]
"""

from __future__ import annotations

from typing import Literal

import polars as pl

from toolkit.model import SUMMABLE_ROLES
from toolkit.rules.base import RuleBase, finish, select_tables, total_of_parts
from toolkit.rules.breakdowns import second_breakdowns


class Sum(RuleBase):
    kind: Literal["sum"] = "sum"
    roles: list[str] = list(SUMMABLE_ROLES)


def relations(rule: Sum, cells: pl.DataFrame, context) -> pl.DataFrame:
    cells = select_tables(cells, rule)
    # a row may split its total a second way (rules/breakdowns.py): its parts are summed as a group of their own
    second = second_breakdowns(cells)
    cells = cells.filter(pl.col("role").is_in(rule.roles)).join(second, on=["table", "row"], how="left").with_columns(
        pl.coalesce("whole", "parent").alias("parent"), pl.col("second").fill_null(False).alias("breakdown"),
        # a part of a breakdown found here is proven by the figures, not assumed from a marker
        pl.when(pl.col("whole").is_not_null()).then(pl.lit("breakdown")).otherwise(pl.col("parent_via")).alias("parent_via"),
    )
    parts = (
        cells.filter(pl.col("parent").is_not_null())
        .group_by(["table", "parent", "breakdown", "col"])
        .agg(
            pl.col("value").fill_null(0).sum().alias("expected"),
            pl.col("half").sum().alias("spread"),
            pl.len().alias("n"),
            pl.col("line").alias("part_lines"),
            pl.col("ref").alias("part_refs"),
            pl.col("value").is_not_null().any().alias("any_part"),
            ((pl.col("parent_via") == "assumed") | ~pl.col("complete")).any().alias("assumed"),
            # a part printed with digits that read as no figure ("<171,340/td>") is unknown, not 0
            (pl.col("value").is_null() & pl.col("printed").fill_null("").str.contains(r"\d")).any().alias("unread"),
        )
    )
    joined = cells.drop("breakdown", "whole", "second").join(parts, left_on=["table", "row", "col"], right_on=["table", "parent", "col"], how="inner")
    joined = joined.filter(pl.col("value").is_not_null() | pl.col("any_part"))
    relation = pl.when(pl.col("breakdown")).then(pl.format("다른 내역 {}개 행의 합", pl.col("n"))).otherwise(pl.format("하위 {}개 행의 합", pl.col("n")))
    out = finish(joined.with_columns(*total_of_parts(relation)), rule, "sum")
    # rows a marker was assumed to head (no column adds up), a table the file cuts off, or a part
    # printed as no figure: parts may be missing, so a gap is not an error
    doubtful = pl.Series((joined["assumed"] | joined["unread"]).to_list(), dtype=pl.Boolean)
    return out.with_columns((pl.col("identity") & ~doubtful).alias("identity"))
