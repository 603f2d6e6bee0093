"""against — every figure of the report against the same table, row and column of a kept workbook.

The workbook is one made by `recon extract` and corrected by hand (or exported by the
budget system in that layout). Tables are matched by title (then by id), rows by label,
columns by header text. A difference names both places: the report line and the
workbook's sheet!cell. Tables and rows on one side only are reported too.

Passing example: report 세입 총괄 '계' 2023 예산현액 14,236,560 and the workbook's T02!B2 14,236,560.

Failing example: the workbook holds 14,236,550 → ERROR naming line 59 and book.xlsx:T02!B2.

YAML (or `recon reconcile REPORT --against WORKBOOK`)::

    - id: against-kept-workbook
      kind: against
      workbook: workbooks/003_c48c83af5715b7e1.xlsx
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import polars as pl

from toolkit.rules.base import RuleBase, finish


class Against(RuleBase):
    kind: Literal["against"] = "against"
    workbook: str


@lru_cache(maxsize=4)
def _kept(path: str, stamp: int) -> pl.DataFrame:
    from toolkit.engine import cells_frame
    from toolkit.workbook import read_workbook

    return cells_frame(read_workbook(path))


def _keyed(cells: pl.DataFrame) -> pl.DataFrame:
    return cells.with_columns(
        pl.col("title").str.replace_all(r"\s", "").alias("title_key"),
        pl.col("col_name").str.replace_all(r"\s", "").alias("col_key2"),
    ).filter(pl.col("row").n_unique().over(["table", "label_key"]) == 1)


def relations(rule: Against, cells: pl.DataFrame, context) -> pl.DataFrame:
    path = Path(rule.workbook)
    if not path.exists():
        raise LookupError(f"workbook {rule.workbook!r} not found")
    kept = _keyed(_kept(str(path), path.stat().st_mtime_ns))
    mine = _keyed(cells)
    # a title used by one table on each side pairs by title; otherwise by table id
    unique_titles = mine.group_by("title_key").agg(pl.col("table").n_unique().alias("n")).filter(pl.col("n") == 1)["title_key"]
    mine = mine.with_columns(pl.when(pl.col("title_key").is_in(unique_titles.implode())).then(pl.col("title_key")).otherwise(pl.col("table")).alias("match"))
    kept = kept.with_columns(pl.when(pl.col("title_key").is_in(unique_titles.implode())).then(pl.col("title_key")).otherwise(pl.col("table")).alias("match"))
    pairs = mine.join(kept, on=["match", "label_key", "col_key2"], suffix="_w")
    pairs = pairs.filter(pl.col("value").is_not_null() | pl.col("value_w").is_not_null())
    scale = pl.when((pl.col("unit") != "") & (pl.col("unit_w") != "")).then(pl.col("factor_w") / pl.col("factor")).otherwise(1.0)
    expected = pl.col("value_w").fill_null(0) * scale
    book = path.name
    compared = finish(pairs.with_columns(
        pl.col("label").alias("row_label"), pl.col("col_name").alias("column_label"), pl.col("value").fill_null(0).alias("actual"),
        expected.alias("expected"), (expected - pl.col("half_w") * scale).alias("lo"), (expected + pl.col("half_w") * scale).alias("hi"),
        pl.concat_list([pl.col("line")]).alias("lines"),
        pl.concat_list([pl.col("ref"), pl.lit(book + ":") + pl.col("ref_w")]).alias("refs"),
        pl.format("{} {} ({})", pl.lit(book), pl.col("ref_w"), pl.col("printed_w")).alias("relation"),
    ), rule, "cross_table")
    # rows of matched tables that the other side lacks
    mine_rows = mine.select("match", "label_key", "table", "label", "line", "ref", "printed", "col_name").unique(["match", "label_key"])
    kept_rows = kept.select("match", "label_key").unique()
    missing = mine_rows.filter(pl.col("match").is_in(kept["match"].unique().implode())).join(kept_rows, on=["match", "label_key"], how="anti")
    only_here = finish(missing.with_columns(
        pl.col("label").alias("row_label"), pl.lit("").alias("column_label"), pl.lit(0.0).alias("actual"),
        pl.lit(0.0).alias("expected"), pl.lit(0.0).alias("lo"), pl.lit(0.0).alias("hi"), pl.lit(0.0).alias("half"), pl.lit(0).alias("decimals"),
        pl.lit("(행)").alias("printed"), pl.concat_list([pl.col("line")]).alias("lines"), pl.concat_list([pl.col("ref")]).alias("refs"),
        pl.lit(f"{book}에 없는 행").alias("relation"),
        pl.lit(False).alias("word_ok"),  # a row on one side only never holds
    ), rule, "other")
    return pl.concat([compared, only_here])
