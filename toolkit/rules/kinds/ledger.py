"""ledger — the report's figures against the budget system's ledger (one row per line item, in 원).

The ledger is grouped by `key` (the column naming the report's rows: 세부사업, 부서),
summed, converted to the report's unit, and matched to the rows of `table` by label.
Every mapped amount must equal the ledger's sum rounded to the report's unit: a gap of
one unit is ROUNDING (원 → 천원 rounding per line), more is ERROR. `rates` recompute a
printed rate from the ledger's sums. A ledger group with no row in the table, or a
table row (without sub-rows) with no ledger group, is a finding too.

Passing example: ledger lines 엠보팅 서비스 운영 100,400,000원 + 167,841,000원, table row
엠보팅 서비스 운영 예산현액 268,241 (천원).

Failing example: the same rows printing 286,241 → ERROR, expected 268,241.

YAML::

    - id: execution-against-ledger
      kind: ledger
      ledger: ledgers/2020-execution.csv
      table: 세출예산 집행현황
      key: 세부사업
      amounts: {예산현액: current, 원인행위액: 집행액.원인행위액, 지출액: 집행액.지출액}
      rates: {집행률(%).지출액: [지출액, 예산현액]}
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import polars as pl
from pydantic import Field

from toolkit.ledger import scan_ledger
from toolkit.model import UNIT_FACTORS
from toolkit.rules.base import RuleBase, finish

KEY_CHARS = r"[\s·ㆍ‧･・,<>〈〉「」\"'“”‘’]"


class Ledger(RuleBase):
    kind: Literal["ledger"] = "ledger"
    ledger: str = Field(description="CSV (UTF-8 or CP949) or xlsx file; relative paths from the working folder")
    table: str = Field(description="table id or a regular expression on its title")
    key: str = Field(description="the ledger column whose values are the table's row labels")
    amounts: dict[str, str] = Field(description="ledger column → table column (role or header text)")
    rates: dict[str, list[str]] = Field(default_factory=dict, description="table rate column → [ledger numerator, ledger denominator]")
    unit: str = Field("원", description="the ledger's amount unit")


def _column(cells: pl.DataFrame, name: str) -> pl.Expr:
    return (pl.col("role") == name) | (pl.col("col_name").str.replace_all(" ", "") == name.replace(" ", ""))


def relations(rule: Ledger, cells: pl.DataFrame, context) -> pl.DataFrame:
    table = cells.filter((pl.col("table") == rule.table) | pl.col("title").str.contains(rule.table))
    if table.height == 0:
        raise LookupError(f"no table {rule.table!r}")
    whole = table
    # a label used by several rows (기본경비 under each department) names no single ledger group
    table = table.filter(pl.col("row").n_unique().over(["table", "label_key"]) == 1)
    wanted = list(dict.fromkeys([*rule.amounts, *(c for pair in rule.rates.values() for c in pair)]))
    sums = (
        scan_ledger(ledger_path(rule), [rule.key, *wanted])
        .group_by(rule.key)
        .agg([pl.col(c).cast(pl.Float64).sum() for c in wanted] + [pl.len().alias("ledger_rows")])
        .with_columns(pl.col(rule.key).cast(pl.String).str.replace_all(KEY_CHARS, "").alias("label_key"))
        .collect()
    )
    scale = UNIT_FACTORS.get(rule.unit, 1) / table["factor"][0]
    frames = []
    for ledger_column, report_column in rule.amounts.items():
        target = table.filter(_column(table, report_column)).join(sums, on="label_key", how="inner")
        expected = pl.col(ledger_column) * scale
        frames.append(finish(target.with_columns(
            pl.col("label").alias("row_label"), pl.col("col_name").alias("column_label"), pl.col("value").fill_null(0).alias("actual"),
            expected.alias("expected"), (expected - 1).alias("lo"), (expected + 1).alias("hi"),
            pl.concat_list([pl.col("line")]).alias("lines"), pl.concat_list([pl.col("ref")]).alias("refs"),
            pl.format("원장 {} 합계 ({}행)", pl.lit(ledger_column), pl.col("ledger_rows")).alias("relation"),
        ), rule, "cross_table"))
    for rate_column, (numerator, denominator) in rule.rates.items():
        target = table.filter(_column(table, rate_column)).join(sums, on="label_key", how="inner")
        exact = pl.when(pl.col(denominator) != 0).then(100 * pl.col(numerator) / pl.col(denominator))
        frames.append(finish(target.filter(pl.col("value").is_not_null()).with_columns(
            pl.col("label").alias("row_label"), pl.col("col_name").alias("column_label"), pl.col("value").alias("actual"),
            exact.alias("expected"), exact.alias("lo"), exact.alias("hi"),
            pl.concat_list([pl.col("line")]).alias("lines"), pl.concat_list([pl.col("ref")]).alias("refs"),
            pl.format("원장 {} / {} × 100", pl.lit(numerator), pl.lit(denominator)).alias("relation"),
        ), rule, "execution_rate"))
    frames.append(_one_side_only(rule, whole, sums, scale))
    return pl.concat(frames)


def _one_side_only(rule: Ledger, table: pl.DataFrame, sums: pl.DataFrame, scale: float) -> pl.DataFrame:
    """Ledger groups with no row in the table, and rows without sub-rows with no ledger group."""
    first_amount = next(iter(rule.amounts.items()))
    cells = table.filter(_column(table, first_amount[1]))
    heads = table.filter(pl.col("parent").is_not_null()).select("table", pl.col("parent").alias("row")).unique()
    leaves = cells.join(heads, on=["table", "row"], how="anti")
    unique = pl.col("row").n_unique().over(["table", "label_key"]) == 1
    unmatched_rows = leaves.filter(unique & pl.col("value").is_not_null() & ~pl.col("label_key").is_in(sums["label_key"].implode()))
    unmatched_groups = sums.filter(~pl.col("label_key").is_in(cells["label_key"].implode()))
    anchor = cells.row(0, named=True) if cells.height else None
    missing_rows = unmatched_rows.with_columns(
        pl.col("label").alias("row_label"), pl.col("col_name").alias("column_label"), pl.col("value").alias("actual"),
        pl.lit(0.0).alias("expected"), pl.lit(0.0).alias("lo"), pl.lit(0.0).alias("hi"),
        pl.concat_list([pl.col("line")]).alias("lines"), pl.concat_list([pl.col("ref")]).alias("refs"),
        pl.lit("원장에 없는 행").alias("relation"),
        pl.lit(False).alias("word_ok"),  # a row on one side only never holds
    )
    frames = [finish(missing_rows, rule, "other")]
    if anchor is not None and unmatched_groups.height:
        groups = unmatched_groups.select(
            pl.lit(anchor["table"]).alias("table"), pl.col(rule.key).cast(pl.String).alias("row_label"),
            pl.lit(anchor["col_name"]).alias("column_label"), pl.format("{} (원장)", pl.col(rule.key)).alias("ref"),
            pl.lit(anchor["line"]).alias("line"), pl.lit("(없음)").alias("printed"), pl.lit(0.0).alias("actual"),
            (pl.col(first_amount[0]) * scale).alias("expected"), (pl.col(first_amount[0]) * scale).alias("lo"),
            (pl.col(first_amount[0]) * scale).alias("hi"), pl.lit(0.0).alias("half"), pl.lit(0).alias("decimals"),
            pl.concat_list([pl.lit(anchor["line"])]).alias("lines"), pl.concat_list([pl.format("{} (원장)", pl.col(rule.key))]).alias("refs"),
            pl.lit("표에 없는 원장 항목").alias("relation"),
            pl.lit(False).alias("word_ok"),
        )
        frames.append(finish(groups, rule, "other"))
    return pl.concat(frames)


def ledger_path(rule: Ledger) -> Path:
    """Relative paths from the working folder, else from the project (where rules/ lives)."""
    path = Path(rule.ledger)
    if path.is_absolute() or path.exists():
        return path
    from toolkit.rules.loader import RULES_DIR

    return RULES_DIR.parent / path
