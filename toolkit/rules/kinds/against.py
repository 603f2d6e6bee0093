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

from toolkit.messages import ROW_MARK, TABLE_MARK
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
    return pl.concat([compared, _one_side(rule, mine, kept, book)])


def _one_side(rule: Against, mine: pl.DataFrame, kept: pl.DataFrame, book: str) -> pl.DataFrame:
    """Rows and tables on one side only, in plain words: a row new in the report, a row the report
    dropped, a row whose name changed (same figures under another label), a table on one side only.
    None of these is a wrong figure: each is a question for a person (AMBIGUOUS)."""
    # a row's figures, to recognise it under another name
    def signature(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.group_by("match", "label_key").agg(
            pl.col("value").drop_nulls().sort().cast(pl.String).str.join(",").alias("figures"))

    def rows(frame: pl.DataFrame) -> pl.DataFrame:
        first = frame.sort("row", "col").unique(["match", "label_key"], keep="first", maintain_order=True)
        return first.select("match", "label_key", "table", "title", "label", "row", "line", "ref").join(signature(frame), on=["match", "label_key"])

    both = set(mine["match"].unique().to_list()) & set(kept["match"].unique().to_list())
    here, there = rows(mine.filter(pl.col("match").is_in(list(both)))), rows(kept.filter(pl.col("match").is_in(list(both))))
    added = here.join(there, on=["match", "label_key"], how="anti")
    dropped = there.join(here, on=["match", "label_key"], how="anti")
    renamed = added.filter(pl.col("figures") != "").join(dropped.filter(pl.col("figures") != ""), on=["match", "figures"], suffix="_w")
    renamed = renamed.filter((pl.len().over("match", "figures") == 1))
    added = added.join(renamed.select("match", "label_key"), on=["match", "label_key"], how="anti")
    dropped = dropped.join(renamed.select("match", pl.col("label_key_w").alias("label_key")), on=["match", "label_key"], how="anti")
    table_line = mine.group_by("match").agg(pl.col("line").min().alias("table_line"), pl.col("table").first().alias("here_table"),
                                           pl.col("title").first().alias("here_title"))
    frames = [
        _said(added, pl.col("table"), pl.col("label"), pl.col("ref"), pl.col("line"), ROW_MARK, pl.lit(f"{book}에 없는 행 — 보고서에 새로 생긴 행")),
        _said(dropped.join(table_line, on="match"), pl.col("here_table"), pl.col("label"),
              pl.lit(book + ":") + pl.col("table") + pl.lit("!A") + (pl.col("row") + 2).cast(pl.String), pl.col("table_line"), ROW_MARK,
              pl.format("보고서에서 빠진 행 — {}의 {} '{}' 행에는 있음", pl.lit(book), pl.col("table"), pl.col("label"))),
        _said(renamed, pl.col("table"), pl.col("label"), pl.col("ref"), pl.col("line"), ROW_MARK,
              pl.format("행 이름이 바뀐 것으로 보임 — {}에서는 '{}' (수치는 같음)", pl.lit(book), pl.col("label_w"))),
    ]
    only_here = mine.filter(~pl.col("match").is_in(list(both))).sort("line").unique("match", keep="first", maintain_order=True)
    only_there = kept.filter(~pl.col("match").is_in(list(both))).sort("row", "col").unique("match", keep="first", maintain_order=True)
    frames.append(_said(only_here, pl.col("table"), pl.lit(""), pl.col("ref"), pl.col("line"), TABLE_MARK, pl.lit(f"{book}에 없는 표")))
    frames.append(_said(only_there, pl.lit(""), pl.lit(""), pl.lit(book + ":") + pl.col("table") + pl.lit("!A1"), pl.lit(None, pl.Int64), TABLE_MARK,
                        pl.format("보고서에 없는 표 — {}의 {} 「{}」", pl.lit(book), pl.col("table"), pl.col("title"))))
    return pl.concat([finish(f, rule, "other") for f in frames if f.height])  if any(f.height for f in frames) else finish(
        _said(mine.head(0), pl.col("table"), pl.lit(""), pl.col("ref"), pl.col("line"), ROW_MARK, pl.lit("")), rule, "other")


def _said(frame: pl.DataFrame, table: pl.Expr, label: pl.Expr, ref: pl.Expr, line: pl.Expr, mark: str, relation: pl.Expr) -> pl.DataFrame:
    """Relations that always fail, as questions (identity false): the relation text says what differs."""
    return frame.select(
        table.alias("table"), label.alias("row_label"), pl.lit("").alias("column_label"), ref.alias("ref"), line.alias("line"),
        pl.lit(mark).alias("printed"), pl.lit(1.0).alias("actual"), pl.lit(0.0).alias("expected"), pl.lit(0.0).alias("lo"),
        pl.lit(0.0).alias("hi"), pl.lit(0.0).alias("half"), pl.lit(0).alias("decimals"), pl.lit(False).alias("identity"),
        pl.concat_list([line]).list.drop_nulls().alias("lines"), pl.concat_list([ref]).alias("refs"), relation.alias("relation"),
    )
