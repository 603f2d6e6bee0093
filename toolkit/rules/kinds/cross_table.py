"""cross_table — the same figure printed in two tables agrees.

Without `left`/`right` the rule pairs, across every two tables, the rows with
the same label (a label used once in each table) and the columns of the same
role and header (예산현액 with 2020 예산현액; 징수율 with 징수율), converting
units (천원 vs 백만원). The coarser figure is the target: it must be the finer
one rounded; the same figure 1 unit apart is ROUNDING.

With `left` and `right` it compares the two named cells, e.g. a summary table
restating a detail table's total under another label.

Passing example: 세입 총괄 '세외수입' 징수액 6,444,475 and 세입예산 '세외수입'
징수액 6,444,475.

Failing example: 징수율 70% in one and 68% in the other → ERROR.

Two tables that disagree on most of the cells they share are about different things: their
differences are AMBIGUOUS, and a row of them whose three or more shared figures all differ
is no relation at all (a 세입 총괄 and a 세출 table both print 총계 and 일반회계 rows).

YAML::

    - id: same-figure-in-two-tables
      kind: cross_table
    - id: general-account-total
      kind: cross_table
      left: {table: "세입예산안 총괄", row: "일반회계", column: current}
      right: {table: "일반회계 세입", row: "<일반회계>", column: current}
"""

from __future__ import annotations

from typing import Literal

import polars as pl
from toolkit.rules.base import CellRef, RuleBase, finish, pick_cell, select_tables

COMPARED_ROLES = ["current", "previous", "change", "executed", "change_rate", "execution_rate", "share", "count"]


class CrossTable(RuleBase):
    kind: Literal["cross_table"] = "cross_table"
    left: CellRef | None = None
    right: CellRef | None = None


# A figure restated in at most this many tables is compared in every pair of them; one restated in
# more (a report that repeats its tables, a label in every table of a long report) is compared with
# its previous restatement only, so the relations grow with the cells, not with their square.
ALL_PAIRS_UP_TO = 8
MIN_SHARED = 3  # figures two rows share by label before their disagreeing on all says they name different things


def _pairs(unique: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Pairs of the same figure in two tables: every pair in a small group, neighbours in a large one."""
    ranked = unique.with_columns(
        pl.len().over(keys).alias("_group"), pl.col("line").rank("ordinal").over(keys).cast(pl.Int64).alias("_position")
    )
    small = ranked.filter(pl.col("_group") <= ALL_PAIRS_UP_TO)
    large = ranked.filter(pl.col("_group") > ALL_PAIRS_UP_TO)
    every = small.join(small, on=keys, suffix="_o").filter(pl.col("table") < pl.col("table_o"))
    helpers = ["_group", "_position", "_group_o", "_position_o"]
    if large.height == 0:  # the usual report: no figure restated in so many tables (a join and a concat less per judgement)
        return every.drop(helpers, strict=False)
    following = large.join(large.with_columns(pl.col("_position") - 1), on=[*keys, "_position"], suffix="_o")
    return pl.concat([every.drop(helpers, strict=False), following.drop(helpers, strict=False)], how="diagonal_relaxed")


def relations(rule: CrossTable, cells: pl.DataFrame, context) -> pl.DataFrame:
    cells = select_tables(cells, rule)
    if rule.left is not None and rule.right is not None:
        pairs = pick_cell(cells, rule.left).head(1).join(pick_cell(cells, rule.right).head(1), how="cross", suffix="_o")
    else:
        candidates = cells.filter(pl.col("role").is_in(COMPARED_ROLES) & (pl.col("label_key").str.len_chars() >= 2))
        unique = candidates.filter(pl.len().over(["table", "label_key", "col"]) == 1).filter(
            pl.col("row").n_unique().over(["table", "label_key"]) == 1
        )
        unique = unique.filter(pl.len().over(["table", "label_key", "col_key"]) == 1)
        # revenue and expenditure tables share labels (총계, 일반회계) but never figures
        unique = unique.with_columns(
            pl.when(pl.col("title").str.contains("세입|징수")).then(pl.lit("revenue"))
            .when(pl.col("title").str.contains("세출|집행|부서|사업")).then(pl.lit("expenditure"))
            .otherwise(pl.lit("")).alias("side")
        )
        pairs = _pairs(unique, ["label_key", "col_key", "side"])
        pairs = pairs.filter(pl.col("year").is_null() | pl.col("year_o").is_null() | (pl.col("year") == pl.col("year_o")))
        # "’19년 운영현황" and "’20년 운영현황" share labels, not figures
        title_year = r"[’'‘`]?(\d{2}|20\d{2})년"
        pairs = pairs.filter(
            pl.col("title").str.extract(title_year).is_null() | pl.col("title_o").str.extract(title_year).is_null()
            | (pl.col("title").str.extract(title_year) == pl.col("title_o").str.extract(title_year))
        )
    pairs = pairs.filter(pl.col("value").is_not_null() | pl.col("value_o").is_not_null())
    # the coarser figure (larger unit or fewer decimals) is the target
    coarse_left = (pl.col("factor") * pl.lit(10.0).pow(-pl.col("decimals"))) >= (pl.col("factor_o") * pl.lit(10.0).pow(-pl.col("decimals_o")))
    columns = ["table", "label", "col_name", "ref", "line", "printed", "value", "decimals", "half", "factor", "role"]
    # target and other side as columns of their own, computed once (an eager frame shares no subexpression:
    # written inline, each use would test coarse_left again); finish keeps none of these helper columns
    left = pl.col("_left")
    pairs = pairs.with_columns(coarse_left.alias("_left")).with_columns(
        *[pl.when(left).then(pl.col(c)).otherwise(pl.col(f"{c}_o")).alias(f"_target_{c}") for c in columns],
        *[pl.when(left).then(pl.col(f"{c}_o")).otherwise(pl.col(c)).alias(f"_other_{c}") for c in columns],
    )
    target = {c: pl.col(f"_target_{c}") for c in columns}
    other = {c: pl.col(f"_other_{c}") for c in columns}
    rate = target["role"].is_in(["change_rate", "execution_rate", "share"])
    known = (pl.col("unit") != "") & (pl.col("unit_o") != "")  # a table whose unit is not printed: take the other's
    pairs = pairs.with_columns(pl.when(rate | ~known).then(1.0).otherwise(other["factor"] / target["factor"]).alias("_scale"))
    scale = pl.col("_scale")
    expected = other["value"].fill_null(0) * scale
    spread = other["half"] * scale
    out = finish(
        pairs.with_columns(
            target["table"].alias("table"),
            target["label"].alias("row_label"),
            target["col_name"].alias("column_label"),
            target["ref"].alias("ref"),
            target["line"].alias("line"),
            target["printed"].alias("printed"),
            target["value"].fill_null(0).alias("actual"),
            target["decimals"].alias("decimals"),
            expected.alias("expected"),
            (expected - spread).alias("lo"),
            (expected + spread).alias("hi"),
            target["half"].alias("half"),
            pl.concat_list([target["line"], other["line"]]).alias("lines"),
            pl.concat_list([target["ref"], other["ref"]]).alias("refs"),
            pl.format("{} '{}' {} ({})", other["table"], other["label"], other["col_name"], other["printed"]).alias("relation"),
            pl.lit("linear").alias("form"),
            pl.concat_list([pl.lit(1.0), -scale]).alias("coefs"),
        ),
        rule,
        "cross_table",
    )
    if rule.left is not None:
        return out
    # two tables that disagree on most rows they share are about different things (세입 vs 세출,
    # different bases): their differences are AMBIGUOUS, not ERROR
    agrees = ((pl.col("actual") + pl.col("half")) >= pl.col("lo")) & ((pl.col("actual") - pl.col("half")) <= pl.col("hi"))
    pair = pl.col("refs").list.first().str.extract(r"^([^!]+)") + "|" + pl.col("refs").list.last().str.extract(r"^([^!]+)")
    share = agrees.cast(pl.Float64).mean().over(pair)
    # in two tables that disagree on most cells they share, a row whose three or more shared figures all
    # disagree is a label the tables share, not a figure (총계 and 일반회계 of a 세입 총괄 and of a 세출
    # table; 사업비 by department beside a department's whole budget): no relation at all
    row = pl.col("refs").list.first().str.replace(r"![A-Z]+", "!") + "|" + pl.col("refs").list.last().str.replace(r"![A-Z]+", "!")
    unrelated = (share < 0.5) & ~agrees.any().over(row) & (pl.len().over(row) >= MIN_SHARED)
    return out.filter(~unrelated).with_columns((pl.col("identity") & (share >= 0.5)).alias("identity"))
