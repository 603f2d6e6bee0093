"""What every rule says, and the one shape every rule compiles to: a frame of relations.

A relation is one printed figure (the target) against what other printed
figures imply for it (expected, with the interval [lo, hi] their own rounding
allows). The engine classifies all relations of all rules in one pass.
"""

from __future__ import annotations

import re

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

RELATION_SCHEMA = {
    "rule": pl.String,
    "rule_at": pl.String,
    "kind": pl.String,
    "table": pl.String,
    "row_label": pl.String,
    "column_label": pl.String,
    "ref": pl.String,  # sheet!cell of the target in the workbook
    "line": pl.Int64,
    "printed": pl.String,
    "actual": pl.Float64,
    "expected": pl.Float64,
    "lo": pl.Float64,
    "hi": pl.Float64,
    "half": pl.Float64,  # rounding radius of the printed target
    "decimals": pl.Int64,
    "identity": pl.Boolean,
    "lines": pl.List(pl.Int64),
    "refs": pl.List(pl.String),
    "relation": pl.String,  # what was compared, in words, e.g. "Σ 하위 3행"
    "word_ok": pl.Boolean,  # for 순증/순감 words: whether the word fits; null otherwise
    "expected_text": pl.String,  # how to print the expected figure when numbers alone would mislead
    # the relation's algebra, for finding the figure to blame (blame.py):
    # linear: Σ coefs·refs = 0 · ratio: refs[0] = 100·refs[1]/refs[2] · ratio_diff: refs[0] = 100·(refs[1]−refs[2])/refs[2]
    "form": pl.String,
    "coefs": pl.List(pl.Float64),
}


class CellRef(BaseModel):
    """One cell named the way a person names it: table (id or title pattern), row label, column."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    table: str = Field(description="table id (T03) or a regular expression on its title")
    row: str = Field(description="row label; spaces are ignored")
    column: str = Field(description="column role (current, previous, change, executed, ...) or header text")


def pick_cell(cells: pl.DataFrame, ref: CellRef) -> pl.DataFrame:
    """The cells `ref` names (first match first); a LookupError naming the miss when none."""
    key = re.sub(r"\s", "", ref.row)
    in_table = cells.filter((pl.col("table") == ref.table) | pl.col("title").str.contains(ref.table))
    found = in_table.filter(pl.col("label_key") == key).filter(
        (pl.col("role") == ref.column) | (pl.col("col_name").str.replace_all(" ", "") == ref.column.replace(" ", ""))
    )
    if found.height == 0:
        raise LookupError(_no_match(cells, in_table, ref, key))
    return found


def _no_match(cells: pl.DataFrame, in_table: pl.DataFrame, ref: CellRef, key: str) -> str:
    """Say which part of the reference matched nothing, with the nearest names (did you mean)."""
    from difflib import get_close_matches

    def near(word: str, names: list[str]) -> str:
        close = get_close_matches(word, sorted(set(names)), n=3, cutoff=0.4)
        return f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""

    if in_table.height == 0:
        return f"no table {ref.table!r}{near(ref.table, cells['title'].to_list() + cells['table'].to_list())}"
    if in_table.filter(pl.col("label_key") == key).height == 0:
        return f"no row {ref.row!r} in table {ref.table!r}{near(key, in_table['label_key'].to_list())}"
    names = in_table["role"].to_list() + in_table["col_name"].to_list()
    return f"no column {ref.column!r} in row {ref.row!r} of table {ref.table!r}{near(ref.column, names)}"


class RuleBase(BaseModel):
    """Fields every rule has. `at` is filled by the loader: the rule's file:line."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[A-Za-z0-9_.\-가-힣]+$")
    kind: str
    why: str = ""
    tables: str | None = Field(None, description="regular expression on table id or title; all tables when absent")
    identity: bool = Field(True, description="false: the two sides need not be equal (plan vs actual, other bases): findings are AMBIGUOUS")
    tolerance: float = Field(0.0, ge=0, description="extra absolute tolerance in the target's printed unit, added to the rounding interval")
    at: str = Field("", exclude=True)

    def table_filter(self) -> re.Pattern | None:
        return re.compile(self.tables) if self.tables else None


def empty_relations() -> pl.DataFrame:
    return pl.DataFrame(schema=RELATION_SCHEMA)


def select_tables(cells: pl.DataFrame, rule: RuleBase) -> pl.DataFrame:
    pattern = rule.tables
    if not pattern:
        return cells
    return cells.filter(pl.col("table").str.contains(pattern) | pl.col("title").str.contains(pattern))


def finish(frame: pl.DataFrame, rule: RuleBase, kind: str) -> pl.DataFrame:
    """Stamp rule metadata, widen the interval by the rule's tolerance, keep the standard columns."""
    # a relation may itself be no identity (identity False); the rule can only make it weaker
    own = pl.col("identity").fill_null(True) if "identity" in frame.columns else pl.lit(True)
    stamped = {
        "rule": pl.lit(rule.id), "rule_at": pl.lit(rule.at), "kind": pl.lit(kind), "identity": own & pl.lit(rule.identity),
        "lo": pl.col("lo") - rule.tolerance, "hi": pl.col("hi") + rule.tolerance,
    }
    for name in ("word_ok", "expected_text", "coefs"):
        if name not in frame.columns:
            stamped[name] = pl.lit(None, dtype=RELATION_SCHEMA[name])
    if "form" not in frame.columns:
        stamped["form"] = pl.lit("other")
    # one select (this runs for every rule of every judgement)
    return frame.select([stamped.get(name, pl.col(name)).cast(dtype).alias(name) for name, dtype in RELATION_SCHEMA.items()])


def half_unit(decimals: pl.Expr) -> pl.Expr:
    return 0.5 * pl.lit(10.0).pow(-decimals.cast(pl.Float64))


def total_of_parts(relation: pl.Expr) -> list[pl.Expr]:
    """Columns of a "target = Σ parts" relation from expected/spread/part_lines/part_refs."""
    return [
        pl.col("label").alias("row_label"),
        pl.col("col_name").alias("column_label"),
        pl.col("value").fill_null(0).alias("actual"),
        (pl.col("expected") - pl.col("spread")).alias("lo"),
        (pl.col("expected") + pl.col("spread")).alias("hi"),
        pl.concat_list([pl.col("line"), pl.col("part_lines")]).alias("lines"),
        pl.concat_list([pl.col("ref"), pl.col("part_refs")]).alias("refs"),
        relation.alias("relation"),
        pl.lit("linear").alias("form"),
        pl.concat_list([pl.lit(1.0), pl.col("part_refs").list.eval(pl.lit(-1.0))]).alias("coefs"),
    ]


def role_cells(cells: pl.DataFrame, role: str, prefix: str) -> pl.DataFrame:
    """The first cell of a role in each row, its columns renamed with a prefix (for same-row joins)."""
    keep = ["table", "row", "value", "printed", "line", "decimals", "half", "ref", "col_name", "word", "col"]
    picked = cells.filter(pl.col("role") == role).sort("col").group_by(["table", "row"], maintain_order=True).first()
    return picked.select(["table", "row"] + [pl.col(c).alias(f"{prefix}_{c}") for c in keep if c not in ("table", "row")])
