"""The rounding model: how one relation's printed target is judged against what it should be.

Lives below the engine so that a rule kind that proves relations from the figures
(kinds/discovered.py) judges each candidate row exactly as the engine judges findings:

- pass      the printed figure is what the others imply, rounded half-up at its precision;
- ROUNDING  not equal, but the intervals the printed figures stand for meet
            (mode half_up), or truncation at the printed precision gives it (mode truncation);
- AMBIGUOUS the rule is not an identity (plan vs actual, different bases);
- ERROR     anything else.
"""

from __future__ import annotations

import numpy as np
import polars as pl


def _round_half_up(value: pl.Expr, decimals: pl.Expr) -> pl.Expr:
    scale = pl.lit(10.0).pow(decimals.cast(pl.Float64))
    return value.sign() * ((value.abs() * scale + 0.5 + 1e-9).floor()) / scale


def classify(relations: pl.DataFrame, uncertain: list[str] | None = None) -> pl.DataFrame:
    tiny = 1e-9
    rounded = _round_half_up(pl.col("expected"), pl.col("decimals"))
    exact = (pl.col("actual") - rounded).abs() <= tiny * (1 + pl.col("actual").abs())
    meets = ((pl.col("actual") + pl.col("half")) >= (pl.col("lo") - tiny)) & ((pl.col("actual") - pl.col("half")) <= (pl.col("hi") + tiny))
    # truncation at the printed precision: the figure stands for [actual, actual + ulp) (mirrored below zero)
    ulp = 2 * pl.col("half")
    truncated = (
        pl.when(pl.col("actual") >= 0)
        .then((pl.col("actual") <= pl.col("hi") + tiny) & (pl.col("actual") + ulp > pl.col("lo") - tiny))
        .otherwise((pl.col("actual") >= pl.col("lo") - tiny) & (pl.col("actual") - ulp < pl.col("hi") + tiny))
        .fill_null(False)
    )
    passed = pl.when(pl.col("word_ok").is_not_null()).then(pl.col("word_ok")).otherwise(exact | pl.col("expected").is_null())
    # a relation over a figure whose column the layout leaves open cannot be an ERROR
    doubtful = (pl.col("refs").list.eval(pl.element().is_in(uncertain or [])).list.any().fill_null(False)) & (pl.col("kind") != "other")
    return relations.with_columns(
        rounded.alias("expected_rounded"),
        doubtful.alias("doubtful"),
        (pl.col("actual") - pl.col("expected")).alias("delta"),
        pl.when(passed).then(pl.lit("PASS"))
        .when(~pl.col("identity") | doubtful).then(pl.lit("AMBIGUOUS"))
        .when(pl.col("word_ok").is_null() & (meets.fill_null(False) | truncated)).then(pl.lit("ROUNDING"))
        .otherwise(pl.lit("ERROR")).alias("class"),
        pl.when(passed).then(None).when(meets.fill_null(False)).then(pl.lit("half_up")).when(truncated).then(pl.lit("truncation")).otherwise(None).alias("rounding"),
    )


def holds(actual: np.ndarray, expected: np.ndarray, lo: np.ndarray, hi: np.ndarray, half: np.ndarray, decimals: np.ndarray) -> np.ndarray:
    """Whether `classify` would judge each relation PASS or ROUNDING (an identity over figures no
    layout leaves open, no change word): the same model over numpy arrays, so that discovery can
    judge thousands of candidate relations at once (tests/test_rounding_model.py holds the two equal)."""
    tiny = 1e-9
    with np.errstate(invalid="ignore"):
        scale = np.power(10.0, np.asarray(decimals, dtype=np.float64))
        rounded = np.sign(expected) * np.floor(np.abs(expected) * scale + 0.5 + 1e-9) / scale
        exact = np.abs(actual - rounded) <= tiny * (1 + np.abs(actual))
        meets = ((actual + half) >= (lo - tiny)) & ((actual - half) <= (hi + tiny))
        ulp = 2 * half
        truncated = np.where(actual >= 0, (actual <= hi + tiny) & (actual + ulp > lo - tiny), (actual >= lo - tiny) & (actual - ulp < hi + tiny))
        return np.isnan(expected) | exact | meets | truncated
