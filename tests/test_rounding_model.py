"""rounding.holds (numpy, for screening thousands of candidate relations at once) judges every
relation as rounding.classify (polars, for findings) does: PASS or ROUNDING there ⇔ True here."""

from __future__ import annotations

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.rules.rounding import classify, holds

DECIMALS = st.integers(0, 2)


@st.composite
def relations(draw):
    """Printed figures near what their operands imply: exact, off by rounding, or off by a slip."""
    n = draw(st.integers(1, 30))
    rows = []
    for _ in range(n):
        decimals = draw(DECIMALS)
        half = 0.5 * 10.0 ** -decimals
        expected = draw(st.integers(-10**6, 10**6)) / draw(st.sampled_from([1, 3, 7, 10, 100]))
        spread = draw(st.sampled_from([0.0, half, 2 * half, 3.7 * half]))
        off = draw(st.sampled_from([0, 1, -1, 2, 10, -1000])) * 2 * half
        actual = round(expected, decimals) + off
        rows.append((actual, expected, expected - spread, expected + spread, half, decimals))
    return rows


@settings(max_examples=200, deadline=None)
@given(relations())
def test_holds_agrees_with_classify(rows):
    actual, expected, lo, hi, half, decimals = (np.array(column) for column in zip(*rows, strict=True))
    frame = pl.DataFrame({"actual": actual, "expected": expected, "lo": lo, "hi": hi, "half": half, "decimals": decimals.astype(np.int64)})
    frame = frame.with_columns(
        pl.lit(None, dtype=pl.Boolean).alias("word_ok"), pl.lit(True).alias("identity"),
        pl.lit(None, dtype=pl.List(pl.String)).alias("refs"), pl.lit("discovered").alias("kind"),
    )
    judged = classify(frame)["class"].is_in(["PASS", "ROUNDING"]).to_numpy()
    assert (holds(actual, expected, lo, hi, half, decimals) == judged).all()
