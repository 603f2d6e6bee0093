"""ledger — the report's figures against the budget system's ledger (one row per line item, in 원).

`key` names the ledger columns that place a line in the table, coarsest first — e.g.
[실국, 부서, 회계, 세부사업]. The ledger is summed once per distinct key path, then rolled
up to every level: each 세부사업, each 부서's 일반회계/특별회계 split, each 부서, the 실국.
A table row matches a group when its label is the group's last key and the group's other
keys are among the row's parent rows (a level the table does not print is skipped), so
the 기본경비 rows under each department are told apart. A table whose single top row holds
everything is compared with the ledger's grand total.

Every mapped amount must equal the ledger's sum converted to the report's unit and rounded:
a gap of one unit for an item (원 → 천원 rounding), or of half a unit per item for a total
that may add up items rounded one by one, is ROUNDING; more is ERROR.
So a department total and its account split are both checked against the ledger, not only
against each other. `rates` recompute a printed rate (집행률) from the ledger's sums at every
level. A ledger item with no row in the table, or a table row without sub-rows that no ledger
group matches, is a finding too.

Passing example: ledger lines (스마트도시담당관, 일반회계, 엠보팅 서비스 운영) 100,400,000원 +
167,841,000원; table row 엠보팅 서비스 운영 under 스마트도시담당관 › 일반회계, 예산현액 268,241 (천원).

Failing example: the same row printing 286,241 → ERROR, expected 268,241; the 일반회계 and
스마트도시담당관 rows above it, if they add it up, fail the same way.

YAML::

    - id: execution-against-ledger
      kind: ledger
      ledger: ledgers/2020-execution.csv
      table: 세출예산 집행현황
      key: [실국, 부서, 회계, 세부사업]
      amounts: {예산현액: current, 원인행위액: 집행액.원인행위액, 지출액: 집행액.지출액}
      rates: {집행률(%).지출액: [지출액, 예산현액]}
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import polars as pl
from pydantic import Field, field_validator

from toolkit import ledger as ledger_file
from toolkit.model import UNIT_FACTORS
from toolkit.rules.base import RuleBase, empty_relations, finish
from toolkit.rules.ledger_reads import ledger_columns, one_or_many, resolve


class Ledger(RuleBase):
    kind: Literal["ledger"] = "ledger"
    ledger: str = Field(description="CSV (UTF-8 or CP949), xlsx or Parquet file; relative paths from the working folder")
    table: str = Field(description="table id or a regular expression on its title")
    key: list[str] = Field(description="ledger columns placing a line in the table, coarsest first (one name or a list)")
    amounts: dict[str, str] = Field(description="ledger column → table column (role or header text)")
    rates: dict[str, list[str]] = Field(default_factory=dict, description="table rate column → [ledger numerator, ledger denominator]")
    unit: str = Field("원", description="the ledger's amount unit")

    @field_validator("key", mode="before")
    @classmethod
    def _one_or_many(cls, value):
        return one_or_many(value)

    @field_validator("key")
    @classmethod
    def _not_empty(cls, value):
        if not value:
            raise ValueError("key needs at least one ledger column")
        return value

    def ledger_columns(self) -> list[str]:
        return ledger_columns(self.amounts, self.rates)


def _column(name: str) -> pl.Expr:
    return (pl.col("role") == name) | (pl.col("col_name").str.replace_all(" ", "") == name.replace(" ", ""))


def relations(rule: Ledger, cells: pl.DataFrame, context) -> pl.DataFrame:
    matching = cells.filter((pl.col("table") == rule.table) | pl.col("title").str.contains(rule.table))
    if matching.height == 0:
        raise LookupError(f"no table {rule.table!r}")
    table = matching.filter(pl.col("table") == matching["table"][0])  # the first table the pattern names
    wanted = rule.ledger_columns()
    finest = ledger_file.summed(ledger_path(rule), rule.key, wanted)
    rows = _rows_with_ancestors(table)
    candidates = _candidates(rule, finest, rows, wanted)
    # a row two groups claim, or a group two rows claim, names no single pair to compare
    matches = candidates.filter((pl.len().over("row") == 1) & (pl.len().over("path") == 1))
    scale = UNIT_FACTORS.get(rule.unit, 1) / table["factor"][0]
    frames = [_amounts(rule, table, matches, scale), _rates(rule, table, matches, scale)]
    frames.append(_one_side_only(rule, table, rows, finest, candidates, scale))
    return pl.concat(frames)


def _source(rule: Ledger) -> pl.Expr:
    """Where the other side comes from: the ledger file and the group, e.g. "2020.csv: 데이터센터 / 일반회계"."""
    return pl.format("{}: {}", pl.lit(Path(rule.ledger).name), pl.col("group"))


def _rounding_spread() -> pl.Expr:
    """Each summed item may be printed rounded on its own: half a unit each. With the printed
    figure's own half unit, one item's gap of one unit is ROUNDING, two are an ERROR."""
    return 0.5 * pl.col("items")


def _rows_with_ancestors(table: pl.DataFrame) -> pl.DataFrame:
    """One row per table row: its label key, whether it has sub-rows, and its ancestors' label keys (nearest
    first). Walked in Python: a table has tens of rows, and a join per tree level cost ten polars calls."""
    rows = table.select("row", "label", "label_key", "parent").unique("row").sort("row")
    key_of = dict(zip(rows["row"].to_list(), rows["label_key"].to_list()))
    parent_of = dict(zip(rows["row"].to_list(), rows["parent"].to_list()))
    ancestors = []
    for row in key_of:
        chain: list[str] = []
        up = parent_of[row]
        for _ in range(len(key_of)):  # a parent link that loops ends at the table's size
            if up not in key_of:  # no parent, or one that is not a row of the table
                break
            if key_of[up] is not None:
                chain.append(key_of[up])
            up = parent_of[up]
        ancestors.append(chain)
    heads = set(parent_of.values())
    return rows.with_columns(pl.Series("ancestors", ancestors, dtype=pl.List(pl.String)),
                             pl.Series("has_children", [row in heads for row in key_of], dtype=pl.Boolean))


def _candidates(rule: Ledger, finest: pl.DataFrame, rows: pl.DataFrame, wanted: list[str]) -> pl.DataFrame:
    """Every (ledger group, table row) pair that could be the same figure, at every level of the key."""
    labels = rows["label_key"].implode()
    frames = []
    for level in range(1, len(rule.key) + 1):
        keys = [f"key_{i}" for i in range(level)]
        names = [pl.col(name).cast(pl.String).fill_null("").first().alias(f"name_{i}") for i, name in enumerate(rule.key[:level])]
        groups = finest.group_by(keys).agg([pl.col(c).sum() for c in wanted] + [pl.col("ledger_rows").sum(), pl.len().alias("items"), *names])
        pairs = groups.join(rows, left_on=keys[-1], right_on="label_key", how="inner")
        for outer in keys[:-1]:  # each coarser key is a parent row, or a level the table does not print
            pairs = pairs.filter((pl.col(outer) == "") | pl.col("ancestors").list.contains(pl.col(outer)) | ~pl.col(outer).is_in(labels))
        frames.append(pairs.select(
            pl.concat_str([pl.lit(str(level)), *keys], separator="/").alias("path"),
            pl.concat_str([pl.col(f"name_{i}") for i in range(level)], separator=" / ").alias("group"),
            "row", "label", *wanted, "ledger_rows", "items"))
    whole = rows.filter(pl.col("parent").is_null())
    claimed = pl.concat(frames)["row"] if frames else pl.Series("row", [], dtype=pl.Int64)
    if whole.height == 1 and whole["has_children"][0] and whole["row"][0] not in claimed:
        # the table's one top row holds everything: the ledger's grand total
        total = finest.select([pl.col(c).sum() for c in wanted] + [pl.col("ledger_rows").sum(), pl.len().alias("items")])
        frames.append(total.with_columns(pl.lit("0").alias("path"), pl.lit("(합계)").alias("group"),
                                         pl.lit(whole["row"][0], dtype=pl.Int64).alias("row"), pl.lit(whole["label"][0]).alias("label")
                                         ).select(frames[0].columns))
    return pl.concat(frames) if frames else pl.DataFrame()


def _amounts(rule: Ledger, table: pl.DataFrame, matches: pl.DataFrame, scale: float) -> pl.DataFrame:
    frames = []
    for ledger_column, report_column in rule.amounts.items():
        target = table.filter(_column(report_column)).join(matches.drop("label"), on="row", how="inner")
        expected = pl.col(ledger_column) * scale
        spread = _rounding_spread()
        frames.append(finish(target.with_columns(
            pl.col("label").alias("row_label"), pl.col("col_name").alias("column_label"), pl.col("value").fill_null(0).alias("actual"),
            expected.alias("expected"), (expected - spread).alias("lo"), (expected + spread).alias("hi"),
            pl.concat_list([pl.col("line")]).alias("lines"), pl.concat_list([pl.col("ref"), _source(rule)]).alias("refs"),
            pl.format("원장 {} 합계 ({}행, {})", pl.lit(ledger_column), pl.col("ledger_rows"), _source(rule)).alias("relation"),
        ), rule, "cross_table"))
    return pl.concat(frames)


def _rates(rule: Ledger, table: pl.DataFrame, matches: pl.DataFrame, scale: float) -> pl.DataFrame:
    frames = [empty_relations()]
    for rate_column, (numerator, denominator) in rule.rates.items():
        target = table.filter(_column(rate_column)).join(matches.drop("label"), on="row", how="inner")
        top, bottom = pl.col(numerator) * scale, pl.col(denominator) * scale
        exact = pl.when(bottom != 0).then(100 * top / bottom)
        spread = _rounding_spread()  # the rate of the amounts as the report rounds them: ROUNDING, not ERROR
        lowest = pl.when(bottom.abs() > spread).then(100 * (top - spread) / (bottom + spread))
        highest = pl.when(bottom.abs() > spread).then(100 * (top + spread) / (bottom - spread))
        frames.append(finish(target.filter(pl.col("value").is_not_null()).with_columns(
            pl.col("label").alias("row_label"), pl.col("col_name").alias("column_label"), pl.col("value").alias("actual"),
            exact.alias("expected"), pl.min_horizontal(exact, lowest).alias("lo"), pl.max_horizontal(exact, highest).alias("hi"),
            pl.concat_list([pl.col("line")]).alias("lines"), pl.concat_list([pl.col("ref"), _source(rule)]).alias("refs"),
            pl.format("원장 {} / {} × 100 ({})", pl.lit(numerator), pl.lit(denominator), _source(rule)).alias("relation"),
        ), rule, "execution_rate"))
    return pl.concat(frames)


def _one_side_only(rule: Ledger, table: pl.DataFrame, rows: pl.DataFrame, finest: pl.DataFrame, candidates: pl.DataFrame,
                   scale: float) -> pl.DataFrame:
    """Ledger items with no row in the table, and rows without sub-rows no ledger group could be."""
    first_ledger, first_report = next(iter(rule.amounts.items()))
    cells = table.filter(_column(first_report))
    leaves = rows.filter(~pl.col("has_children") & ~pl.col("row").is_in(candidates["row"].implode()))
    missing_rows = cells.join(leaves.select("row"), on="row").filter(pl.col("value").is_not_null()).with_columns(
        pl.col("label").alias("row_label"), pl.col("col_name").alias("column_label"), pl.col("value").alias("actual"),
        pl.lit(0.0).alias("expected"), pl.lit(0.0).alias("lo"), pl.lit(0.0).alias("hi"),
        pl.concat_list([pl.col("line")]).alias("lines"), pl.concat_list([pl.col("ref")]).alias("refs"),
        pl.lit("원장에 없는 행").alias("relation"),
        pl.lit(False).alias("word_ok"),  # a row on one side only never holds
    )
    frames = [finish(missing_rows, rule, "other"), _ambiguous(rule, cells, candidates)]
    item_level = candidates.filter(pl.col("path").str.starts_with(f"{len(rule.key)}/"))["path"].implode()
    keys = [f"key_{i}" for i in range(len(rule.key))]
    unmatched = finest.filter(~pl.concat_str([pl.lit(str(len(rule.key))), *keys], separator="/").is_in(item_level))
    if cells.height and unmatched.height:
        anchor = cells.row(0, named=True)
        amount = pl.col(first_ledger) * scale
        groups = unmatched.with_columns(
            pl.concat_str([pl.col(k).cast(pl.String).fill_null("") for k in rule.key], separator=" / ").alias("group")
        ).select(
            pl.lit(anchor["table"]).alias("table"), pl.col("group").alias("row_label"),
            pl.lit(anchor["col_name"]).alias("column_label"), _source(rule).alias("ref"),
            pl.lit(anchor["line"]).alias("line"), pl.lit("(없음)").alias("printed"), pl.lit(0.0).alias("actual"),
            amount.alias("expected"), amount.alias("lo"), amount.alias("hi"), pl.lit(0.0).alias("half"), pl.lit(0).alias("decimals"),
            pl.concat_list([pl.lit(anchor["line"])]).alias("lines"), pl.concat_list([_source(rule)]).alias("refs"),
            pl.lit("표에 없는 원장 항목").alias("relation"),
            pl.lit(False).alias("word_ok"),
        )
        frames.append(finish(groups, rule, "other"))
    return pl.concat(frames)


def _ambiguous(rule: Ledger, cells: pl.DataFrame, candidates: pl.DataFrame) -> pl.DataFrame:
    """A ledger group that fits several rows (기본경비 keyed by 세부사업 alone): AMBIGUOUS, once,
    naming every row, so the rule's author knows a coarser key column would tell them apart."""
    first_ledger = next(iter(rule.amounts))
    crowded = candidates.filter(pl.len().over("path") > 1).select("path", "group", "row", first_ledger)
    placed = crowded.join(cells.select("row", "table", "label", "col_name", "line", "ref", "printed", "value", "half", "decimals"),
                          on="row").sort("line")
    grouped = placed.group_by("path").agg(pl.all().first(), pl.col("line").alias("lines"), pl.col("ref").alias("refs"))
    return finish(grouped.with_columns(
        pl.col("label").alias("row_label"), pl.col("col_name").alias("column_label"), pl.col("value").alias("actual"),
        pl.col(first_ledger).alias("expected"), pl.col(first_ledger).alias("lo"), pl.col(first_ledger).alias("hi"),
        pl.format("원장 항목 {}에 맞는 행이 {}개 — key에 상위 열을 더할 것", pl.col("group"), pl.col("lines").list.len()).alias("relation"),
        pl.lit(False).alias("word_ok"), pl.lit(False).alias("identity"),
    ), rule, "other")


def prefetch(rule: Ledger) -> None:
    """Start reading the ledger before the report is parsed (the engine calls this first)."""
    ledger_file.start(ledger_path(rule), rule.key, rule.ledger_columns())


def ledger_path(rule: Ledger) -> Path:
    """Relative paths from the working folder, else from the project (where rules/ lives)."""
    return resolve(rule.ledger)
