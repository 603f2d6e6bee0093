"""How a printed percentage is judged against the amounts it is computed from.

Shared by the rate, execution_rate and share kinds: they differ only in which
cells are the numerator and the denominator. The expected rate is recomputed
from the printed amounts; its interval comes from each amount's ±half unit;
truncation at the printed precision is recorded as the other rounding mode.
"""

from __future__ import annotations

import polars as pl



def _amounts(numerator: str, denominator: str) -> tuple[pl.Expr, pl.Expr, pl.Expr, pl.Expr]:
    """The numerator and denominator amounts from prefixed value/half columns, and their rounding radii."""
    value, half = (lambda name: pl.col(f"{name}_value").fill_null(0)), (lambda name: pl.col(f"{name}_half").fill_null(0))
    return value(numerator), value(denominator), half(numerator), half(denominator)


def _corners(numerator: str, denominator: str) -> list[pl.Expr]:
    """The rate at the four corners of the amounts' rounding intervals."""
    num, den, num_h, den_h = _amounts(numerator, denominator)
    return [100 * (num + a * num_h) / (den + b * den_h) for a in (-1, 1) for b in (-1, 1)]


CORNERS = [f"_corner{i}" for i in range(4)]  # _corners as columns of a frame (ratio_relations)


def ratio_columns(numerator: str, denominator: str, corners: list[pl.Expr] | None = None) -> list[pl.Expr]:
    """Columns expected/lo/hi for 100 × numerator / denominator from prefixed value/decimals columns.
    `corners`: _corners already computed as columns, when the frame has them."""
    num, den, _, den_h = _amounts(numerator, denominator)
    corners = corners if corners is not None else _corners(numerator, denominator)
    valid = den.abs() > den_h
    return [
        pl.when(den != 0).then(100 * num / den).otherwise(None).alias("expected"),
        pl.when(valid).then(pl.min_horizontal(corners)).otherwise(None).alias("lo"),
        pl.when(valid).then(pl.max_horizontal(corners)).otherwise(None).alias("hi"),
    ]


def ratio_relations(frame: pl.DataFrame, rule, kind: str, numerator: str, denominator: str, relation: pl.Expr, *extra: pl.Expr) -> pl.DataFrame:
    """The relations of rate-like kinds: the printed rate against 100 × numerator / denominator.
    `extra` columns are set after the common ones, so a kind may override any of them."""
    from toolkit.rules.base import finish

    # the corners as columns first: lo and hi each take all four, and an eager frame shares no subexpression
    frame = frame.with_columns(*[corner.alias(name) for corner, name in zip(_corners(numerator, denominator), CORNERS, strict=True)])
    return finish(
        frame.with_columns(
            *ratio_columns(numerator, denominator, [pl.col(name) for name in CORNERS]),
            pl.col("label").alias("row_label"),
            pl.col("col_name").alias("column_label"),
            pl.col("value").fill_null(0).alias("actual"),
            pl.concat_list([pl.col("line"), pl.col(f"{numerator}_line"), pl.col(f"{denominator}_line")]).list.drop_nulls().alias("lines"),
            pl.concat_list([pl.col("ref"), pl.col(f"{numerator}_ref"), pl.col(f"{denominator}_ref")]).list.drop_nulls().alias("refs"),
            relation.alias("relation"),
            pl.lit("ratio").alias("form"),
        ).with_columns(*extra),
        rule,
        kind,
    )


def change_word_ok(previous: str, current: str) -> pl.Expr:
    """순증 fits a zero or empty previous amount and a positive current one; 순감 the reverse."""
    from toolkit.rules.change_words import word_ok

    return word_ok(previous, current)
