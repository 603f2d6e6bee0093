"""format — a figure printed unlike the rest of its column (finding kind "other").

An amount column holds whole numbers; "88.300" there is most likely 88,300 with a
mistyped separator, but recon never fixes a figure silently: the cell is flagged
AMBIGUOUS, and every relation it takes part in is AMBIGUOUS too rather than ERROR.

Passing example: a 예산현액 column of 88,300 · 1,513,637 · 3,113,540.

Failing example: 88.300 in that column → AMBIGUOUS "천 단위 구분기호 대신 마침표로 보임".

YAML::

    - id: printed-format
      kind: format
"""

from __future__ import annotations

from typing import Literal

import polars as pl

from toolkit.model import SUMMABLE_ROLES
from toolkit.rules.base import RuleBase, finish, select_tables


class PrintedFormat(RuleBase):
    kind: Literal["format"] = "format"
    identity: bool = False  # an anomaly is a question for a person, never an ERROR by itself


def anomalies(cells: pl.DataFrame) -> pl.DataFrame:
    """Amount cells printed with three decimals in a column of whole numbers."""
    amounts = cells.filter(pl.col("role").is_in(SUMMABLE_ROLES) & pl.col("value").is_not_null())
    whole = (pl.col("decimals") == 0).cast(pl.Float64).mean().over(["table", "col"])
    return amounts.filter((pl.col("decimals") == 3) & (whole >= 0.5))


def relations(rule: PrintedFormat, cells: pl.DataFrame, context) -> pl.DataFrame:
    odd = anomalies(select_tables(cells, rule))
    return finish(
        odd.with_columns(
            pl.col("label").alias("row_label"),
            pl.col("col_name").alias("column_label"),
            pl.col("value").alias("actual"),
            (pl.col("value") * 1000).alias("expected"),
            (pl.col("value") * 1000).alias("lo"),
            (pl.col("value") * 1000).alias("hi"),
            pl.lit(0.0).alias("half"),
            pl.lit(0).alias("decimals"),
            pl.concat_list([pl.col("line")]).alias("lines"),
            pl.concat_list([pl.col("ref")]).alias("refs"),
            pl.lit("같은 열의 다른 숫자(정수) — 천 단위 구분기호 대신 마침표로 보임").alias("relation"),
        ),
        rule,
        "other",
    )
