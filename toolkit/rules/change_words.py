"""Change words printed in a figure's place, read for what they stand for.

`순증` in a 증감액 cell means the change is the whole current amount, `순감` the whole
previous amount with a minus, `전액` either; so before any rule runs, such a cell
takes the value current − previous of its row (first current / previous column by
role). A sum over children then counts the word as the amount it stands for. Whether
the word itself fits the figures (순증 needs no previous amount) is checked by the
difference and rate kinds with `word_ok` / `fitting_word` below.

`회계 변경` / `회계간 이동` (the line moved between accounts) states its change elsewhere:
the cell keeps no value and every relation through it is AMBIGUOUS (`moved_refs`).
"""

from __future__ import annotations

import polars as pl

from toolkit.model import RATE_ROLES
from toolkit.vocabulary import CHANGE_WORDS, WORD_FOR

_MEANING = pl.col("word").replace_strict(CHANGE_WORDS, default=None, return_dtype=pl.String)


def resolve(cells: pl.DataFrame) -> pl.DataFrame:
    """Give change-word cells outside rate columns the value they stand for (current − previous)."""
    stands_for = _MEANING.is_in(["new", "abolished", "whole"]) & ~pl.col("role").is_in(list(RATE_ROLES) + ["current", "previous"])
    if cells.height == 0 or cells["word"].is_null().all() or not cells.select(stands_for.any()).item():
        return cells  # no cell stands for an amount: nothing to give a value (this runs for every judgement)
    first = (
        cells.filter(pl.col("role").is_in(["current", "previous"]))
        .sort("col")
        .group_by(["table", "row", "role"], maintain_order=True)
        .agg(pl.col("value").first())
        .pivot(on="role", index=["table", "row"], values="value")
    )
    for role in ("current", "previous"):
        if role not in first.columns:
            first = first.with_columns(pl.lit(None, dtype=pl.Float64).alias(role))
    joined = cells.join(first.select("table", "row", pl.col("current").alias("_cur"), pl.col("previous").alias("_prev")), on=["table", "row"], how="left")
    return joined.with_columns(
        pl.when(stands_for & (pl.col("_cur").is_not_null() | pl.col("_prev").is_not_null()))
        .then(pl.col("_cur").fill_null(0) - pl.col("_prev").fill_null(0))
        .otherwise(pl.col("value"))
        .alias("value")
    ).drop("_cur", "_prev")


def moved_refs(cells: pl.DataFrame) -> list[str]:
    """Cells printing 회계 변경 / 회계간 이동: their change is stated under the other account."""
    return cells.filter(_MEANING == "moved")["ref"].to_list()


def word_ok(previous: str, current: str) -> pl.Expr:
    """Whether a change word fits the row's amounts (None where the cell prints no word to judge)."""
    prev = pl.col(f"{previous}_value").fill_null(0)
    cur = pl.col(f"{current}_value").fill_null(0)
    new = (prev == 0) & (cur > 0)
    gone = (cur == 0) & (prev > 0)
    return (
        pl.when(_MEANING == "new").then(new)
        .when(_MEANING == "abolished").then(gone)
        .when(_MEANING == "whole").then(new | gone)
        .otherwise(None)
    )


def fitting_word(previous: str, current: str, decimals: pl.Expr | None = None) -> pl.Expr:
    """What the cell should print instead of a word that does not fit: 순증, 순감, or the figure."""
    prev = pl.col(f"{previous}_value").fill_null(0)
    cur = pl.col(f"{current}_value").fill_null(0)
    return (
        pl.when(_MEANING.is_null()).then(None)
        .when((prev == 0) & (cur > 0)).then(pl.lit(WORD_FOR["new"]))
        .when((cur == 0) & (prev > 0)).then(pl.lit(WORD_FOR["abolished"]))
        .otherwise(pl.format("{} (순증/순감 아님)", (cur - prev).round(0).cast(pl.Int64)))
    )
