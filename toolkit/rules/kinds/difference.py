"""difference — 증감액 = current − previous, in every row.

The change column (증감, 증감액, (B−A)) must be the current amount (2024 예산안,
예산현액) minus the previous one (2023 예산액, 최종예산) of the same row. Each
of the three printed figures is rounded, so a gap of up to 1.5 units is ROUNDING.

Passing example: 2024 예산안 17,214 · 2023 예산액 14,237 · 증감액 2,977.

A change word in the change column (순증, 순감, 신규, 폐지, 전액) stands for
current − previous and must fit the row: 순증 needs no previous amount, 순감 no
current one; a word that does not fit is an ERROR naming the word that does.
회계 변경 (moved between accounts) states its change elsewhere: AMBIGUOUS at most.

Failing example: 증감액 printed △301 where 12,950 − 13,252 = △302 is ROUNDING
(1 unit); printed 3,977 is ERROR.

YAML::

    - id: change-is-current-minus-previous
      kind: difference
"""

from __future__ import annotations

from typing import Literal

import polars as pl

from toolkit.rules.base import RuleBase, finish, role_cells, select_tables
from toolkit.rules.change_words import fitting_word, word_ok


class Difference(RuleBase):
    kind: Literal["difference"] = "difference"
    current: str = "current"
    previous: str = "previous"
    change: str = "change"


def relations(rule: Difference, cells: pl.DataFrame, context) -> pl.DataFrame:
    cells = select_tables(cells, rule)
    change = cells.filter(pl.col("role") == rule.change)
    frame = change.join(role_cells(cells, rule.current, "cur"), on=["table", "row"]).join(role_cells(cells, rule.previous, "prev"), on=["table", "row"])
    frame = frame.filter(pl.col("cur_value").is_not_null() | pl.col("prev_value").is_not_null() | pl.col("value").is_not_null())
    expected = pl.col("cur_value").fill_null(0) - pl.col("prev_value").fill_null(0)
    spread = pl.col("cur_half") + pl.col("prev_half")
    return finish(
        frame.with_columns(
            pl.col("label").alias("row_label"),
            pl.col("col_name").alias("column_label"),
            pl.col("value").fill_null(0).alias("actual"),
            expected.alias("expected"),
            (expected - spread).alias("lo"),
            (expected + spread).alias("hi"),
            pl.col("half").alias("half"),
            pl.concat_list([pl.col("line"), pl.col("cur_line"), pl.col("prev_line")]).alias("lines"),
            pl.concat_list([pl.col("ref"), pl.col("cur_ref"), pl.col("prev_ref")]).alias("refs"),
            pl.format("{} − {}", pl.col("cur_col_name"), pl.col("prev_col_name")).alias("relation"),
            pl.lit("linear").alias("form"),
            pl.lit([1.0, -1.0, 1.0]).alias("coefs"),
            word_ok("prev", "cur").alias("word_ok"),
            fitting_word("prev", "cur").alias("expected_text"),
        ),
        rule,
        "difference",
    )
