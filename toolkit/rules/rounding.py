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

from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:  # numpy is imported by the one function using it: a run that discovers nothing skips its 0.1 s import
    import numpy as np


def _round_half_up(value: pl.Expr, decimals: pl.Expr) -> pl.Expr:
    scale = pl.lit(10.0).pow(decimals.cast(pl.Float64))
    return value.sign() * ((value.abs() * scale + 0.5 + 1e-9).floor()) / scale


TINY = 1e-9


class _Polars:
    """The model's four non-arithmetic operations on polars expressions."""

    @staticmethod
    def floor(x):
        return x.floor()

    @staticmethod
    def sign(x):
        return x.sign()

    @staticmethod
    def pow10(x):
        return pl.lit(10.0).pow(x.cast(pl.Float64))

    @staticmethod
    def where(condition, yes, no):
        return pl.when(condition).then(yes).otherwise(no)


class _Numpy:
    """The same four on numpy arrays."""

    def __init__(self):
        import numpy

        self.floor, self.sign, self.where = numpy.floor, numpy.sign, numpy.where
        self.pow10 = lambda x: numpy.power(10.0, numpy.asarray(x, dtype=numpy.float64))


def _model(actual, expected, lo, hi, half, decimals, ops):
    """The rounding model, written once over polars expressions or numpy arrays (`ops`): the expected value
    rounded half-up at the printed precision, and whether the printed figure equals it, whether the intervals
    the printed figures stand for meet, and whether truncation at the printed precision gives it."""
    scale = ops.pow10(decimals)
    rounded = ops.sign(expected) * ops.floor(abs(expected) * scale + 0.5 + 1e-9) / scale
    exact = abs(actual - rounded) <= TINY * (1 + abs(actual))
    meets = ((actual + half) >= (lo - TINY)) & ((actual - half) <= (hi + TINY))
    # truncation at the printed precision: the figure stands for [actual, actual + ulp) (mirrored below zero)
    ulp = 2 * half
    truncated = ops.where(actual >= 0, (actual <= hi + TINY) & (actual + ulp > lo - TINY), (actual >= lo - TINY) & (actual - ulp < hi + TINY))
    return rounded, exact, meets, truncated


def classify(relations: pl.DataFrame, uncertain: list[str] | None = None) -> pl.DataFrame:
    c = pl.col
    rounded, exact, meets, truncated = _model(c("actual"), c("expected"), c("lo"), c("hi"), c("half"), c("decimals"), _Polars)
    # the model's tests as columns first, then the verdict over them: an eager frame shares no
    # subexpression, so written inline each test would be computed again for every use
    passed, meets_, truncated_, doubtful = c("_passed"), c("_meets"), c("_truncated"), c("doubtful")
    return relations.with_columns(
        rounded.alias("expected_rounded"),
        # a relation over a figure whose column the layout leaves open cannot be an ERROR
        ((c("refs").list.eval(pl.element().is_in(uncertain or [])).list.any().fill_null(False)) & (c("kind") != "other")).alias("doubtful"),
        (c("actual") - c("expected")).alias("delta"),
        pl.when(c("word_ok").is_not_null()).then(c("word_ok")).otherwise(exact | c("expected").is_null()).alias("_passed"),
        meets.fill_null(False).alias("_meets"),
        truncated.fill_null(False).alias("_truncated"),
    ).with_columns(
        pl.when(passed).then(pl.lit("PASS"))
        .when(~c("identity") | doubtful).then(pl.lit("AMBIGUOUS"))
        .when(c("word_ok").is_null() & (meets_ | truncated_)).then(pl.lit("ROUNDING"))
        .otherwise(pl.lit("ERROR")).alias("class"),
        pl.when(passed).then(None).when(meets_).then(pl.lit("half_up")).when(truncated_).then(pl.lit("truncation")).otherwise(None).alias("rounding"),
    ).drop("_passed", "_meets", "_truncated")


def holds(actual: np.ndarray, expected: np.ndarray, lo: np.ndarray, hi: np.ndarray, half: np.ndarray, decimals: np.ndarray) -> np.ndarray:
    """Whether `classify` would judge each relation PASS or ROUNDING (an identity over figures no
    layout leaves open, no change word): the same model over numpy arrays, so that discovery can
    judge thousands of candidate relations at once. The model is written once (`_model`); tests/test_rounding_model.py
    holds the two backends equal."""
    import numpy

    with numpy.errstate(invalid="ignore"):
        _, exact, meets, truncated = _model(actual, expected, lo, hi, half, decimals, _Numpy())
        return numpy.isnan(expected) | exact | meets | truncated
