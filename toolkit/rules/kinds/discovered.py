"""discovered — the relations each table's own figures prove, checked in every row.

No header word is needed: for every table, the columns are tried as t = a + b (+ …),
t = a − b, t = a / b × 100 and t = (a − b) / b × 100, and each column as parent =
Σ children (see toolkit/rules/discovery.py for the search). A relation is taken
when it holds, within the rounding model, in at least 3 rows and two thirds of the
rows where all its figures are printed; the rows where it fails are the findings.
They are ERROR when it holds in at least 5 rows and header words name the relation
(증감, 증감률, 집행률, 잔액, 구성비, 계) or four rows in five hold it, AMBIGUOUS otherwise.
Every finding says how its relation was established. A relation a role-based rule
already checks (증감액 = current − previous, 증감률, 집행률, totals of summable
columns) is only counted as confirmed, never reported twice.

A formula a header prints over lettered columns (차이(A-B), 수납액 (C=D-E), (B-A)/A;
toolkit/rules/header_formulas.py) is taken as the table states it, before the search, and
its failing rows are ERROR ("머리글 수식 '차이(A-B)' · 2/3행에서 성립"), unless it holds in no
row at all (letters misread: not taken).

`relations` lists relations by hand (as `recon rules suggest` writes them): columns
by header text or `#n` (the n-th figure column, from 1); `discover: false` checks
only those.

Passing example (no header words at all)::

    가 1,000 600 400
    나 2,000 1,500 500
    다 3,000 1,000 2,000
    라 500 200 300
    마 800 300 500
    바 900 100 800

Failing example: 바 printing 810 → ERROR "열3 = 열1 − 열2 [수치로 입증: 5/6행에서 성립]";
with only 가–라 (3 of 4 rows hold) the support is weak and the finding AMBIGUOUS.

YAML::

    - id: discovered-relations
      kind: discovered
    - id: my-relations
      kind: discovered
      discover: false
      relations:
        - {table: T10, target: 증감률, form: ratio, of: [증감액, 2023 당초예산]}
"""

from __future__ import annotations

from typing import Literal

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

from toolkit.rules.base import RuleBase, empty_relations, finish, select_tables
from toolkit.rules.discovery import Found, discover, printed_formulas
from toolkit.rules.kinds import sum as sum_kind
from toolkit.rules.kinds.ratio import ratio_columns


class GivenRelation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    table: str = Field(description="table id (T10) or a regular expression on its title")
    target: str = Field(description="the computed column: header text, or #n for the n-th figure column")
    form: Literal["sum", "diff", "ratio", "ratio_diff", "rows"]
    of: list[str] = Field(default_factory=list, description="operand columns, in order (a, b, …)")


class Discovered(RuleBase):
    kind: Literal["discovered"] = "discovered"
    discover: bool = Field(True, description="search every table for the relations its figures prove")
    relations: list[GivenRelation] = Field(default_factory=list)


def _sum_relations(cells: pl.DataFrame) -> pl.DataFrame:
    rule = sum_kind.Sum(id="discovered-rows", kind="sum", roles=sorted(set(cells["role"].to_list())))
    return sum_kind.relations(rule, cells, None)


def _column(table_cells: pl.DataFrame, name: str) -> int:
    if name.startswith("#") and name[1:].isdigit():
        return int(name[1:]) - 1
    key = name.replace(" ", "")
    found = table_cells.filter(pl.col("col_name").str.replace_all(" ", "") == key)["col"].unique().to_list()
    if not found:
        names = sorted(set(table_cells["col_name"].to_list()))
        raise LookupError(f"no column {name!r} in table {table_cells['table'][0]} (columns: {', '.join(names)})")
    return int(min(found))


def given(rule: Discovered, cells: pl.DataFrame) -> list[Found]:
    out = []
    for relation in rule.relations:
        table_cells = cells.filter((pl.col("table") == relation.table) | pl.col("title").str.contains(relation.table))
        if table_cells.height == 0:
            raise LookupError(f"no table {relation.table!r}")
        target = _column(table_cells, relation.target)
        ops = tuple(_column(table_cells, name) for name in relation.of)
        names = dict(table_cells.select("col", "col_name").unique().iter_rows())
        out.append(Found(
            table=table_cells["table"][0], title=table_cells["title"][0], form=relation.form, target=target, operands=ops,
            names=(names.get(target, relation.target), *(names.get(o, n) for o, n in zip(ops, relation.of, strict=True))),
            held=0, rows=0, how="rule", strong=True,
        ))
    return out


def found_relations(rule: Discovered, cells: pl.DataFrame) -> list[Found]:
    """The relations this rule checks: those a rule file gives, then those the figures prove."""
    cells = select_tables(cells, rule)
    listed = given(rule, cells)
    taken = {(f.table, f.target) for f in listed}
    if not rule.discover:
        return listed
    # a formula a header prints (차이(A-B)) is the table's own statement: it comes before what the figures suggest
    printed = [f for f in printed_formulas(cells) if (f.table, f.target) not in taken]
    taken |= {(f.table, f.target) for f in printed}
    proven = discover(cells, _sum_relations)
    return listed + printed + [f for f in proven if (f.table, f.target) not in taken]


def _printed_value() -> pl.Expr:
    """`-` alone is a printed zero (none); a blank stays blank."""
    zero = pl.col("printed").str.strip_chars().is_in(["-", "−", "–"])
    return pl.when(pl.col("value").is_null() & zero).then(0.0).otherwise(pl.col("value"))


def _column_relations(found: Found, table_cells: pl.DataFrame) -> pl.DataFrame:
    keep = ["row", "v", "half", "line", "ref", "printed"]
    frame = table_cells.filter(pl.col("col") == found.target)
    for i, op in enumerate(found.operands):
        part = table_cells.filter(pl.col("col") == op).select(keep)
        frame = frame.join(part.rename({c: f"o{i}_{c}" for c in keep if c != "row"}), on="row")
    frame = frame.filter(pl.all_horizontal([pl.col("v").is_not_null()] + [pl.col(f"o{i}_v").is_not_null() for i in range(len(found.operands))]))
    if frame.height == 0:
        return frame
    n = len(found.operands)
    refs = pl.concat_list([pl.col("ref")] + [pl.col(f"o{i}_ref") for i in range(n)])
    lines = pl.concat_list([pl.col("line")] + [pl.col(f"o{i}_line") for i in range(n)])
    if found.form in ("sum", "diff"):
        coefs = found.coefs
        expected = pl.sum_horizontal([c * pl.col(f"o{i}_v") for i, c in enumerate(coefs)])
        spread = pl.sum_horizontal([pl.col(f"o{i}_half") for i in range(n)])
        algebra = [expected.alias("expected"), (expected - spread).alias("lo"), (expected + spread).alias("hi"),
                   pl.lit("linear").alias("form"), pl.lit([1.0] + [-c for c in coefs]).alias("coefs")]
    else:
        diff = found.form == "ratio_diff"
        frame = frame.with_columns(
            (pl.col("o0_v") - pl.col("o1_v") if diff else pl.col("o0_v")).alias("num_value"),
            (pl.col("o0_half") + pl.col("o1_half") if diff else pl.col("o0_half")).alias("num_half"),
            pl.col("o1_v").alias("den_value"), pl.col("o1_half").alias("den_half"),
        )
        algebra = [*ratio_columns("num", "den"), pl.lit(found.form).alias("form")]
    return frame.with_columns(
        *algebra,
        pl.col("label").alias("row_label"), pl.col("col_name").alias("column_label"), pl.col("v").alias("actual"),
        lines.alias("lines"), refs.alias("refs"),
        pl.lit(f"{found.formula()} [{found.established()}]").alias("relation"),
        pl.lit(found.strong).alias("identity"),
    )


def relations(rule: Discovered, cells: pl.DataFrame, context) -> pl.DataFrame:
    frames = []
    # one pass over the cells: each table's cells, with the printed figure, ready for every relation of it
    tables = select_tables(cells, rule).with_columns(_printed_value().alias("v")).partition_by("table", as_dict=True)
    for found in found_relations(rule, cells):
        if found.confirms:
            continue  # the role-based rule reports it; this one only confirms it (rules explain)
        table_cells = tables[(found.table,)]
        if found.form == "rows":
            frame = _sum_relations(table_cells.filter(pl.col("col") == found.target).drop("v"))
            frame = frame.with_columns(
                (pl.col("relation") + f" [{found.established()}]").alias("relation"), (pl.col("identity") & pl.lit(found.strong)).alias("identity"),
            )
        else:
            frame = _column_relations(found, table_cells)
        if frame.height:
            frames.append(finish(frame, rule, "discovered"))
    return pl.concat(frames) if frames else empty_relations()


def describe(rule: Discovered, cells: pl.DataFrame) -> list[str]:
    """One line per relation and table: what it is, how it was established, and whether a
    role-based rule already checks it (for `recon rules explain`)."""
    lines = []
    for f in found_relations(rule, cells):
        confirms = f" — 역할 기반 규칙 {f.confirms}을(를) 확인" if f.confirms else ""
        strength = "" if f.strong else " (약함: 불일치는 확인 필요)"
        lines.append(f"{f.table} {f.title}: {f.formula()} [{f.established()}]{strength}{confirms}")
    return lines


def suggest(rule: Discovered, cells: pl.DataFrame) -> list[tuple[dict[str, object], str]]:
    """The relations as entries of a `relations:` list (with a comment each), to write as an editable rule file."""
    out = []
    for f in found_relations(rule, cells):
        if f.confirms:
            continue
        names = cells.filter(pl.col("table") == f.table).select("col", "col_name").unique()
        counts = names.group_by("col_name").len()
        unique = set(counts.filter(pl.col("len") == 1)["col_name"].to_list())
        label = dict(names.iter_rows())

        def name(col: int, label: dict = label, unique: set = unique) -> str:
            text = label.get(col, "")
            return text if text in unique and not text.startswith("열") else f"#{col + 1}"

        entry: dict[str, object] = {"table": f.table, "target": name(f.target), "form": f.form}
        if f.operands:
            entry["of"] = [name(o) for o in f.operands]
        out.append((entry, f"{f.title}: {f.formula()} [{f.established()}]"))
    return out
