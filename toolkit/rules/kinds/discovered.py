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


_KEEP = ("row", "v", "half", "line", "ref", "printed")  # what a relation takes from each operand cell


def _column_relations(found: list[Found], cells: pl.DataFrame) -> pl.DataFrame:
    """The relations of `found` (one column of a table = form(other columns)) in every row, built for all
    of them at once: one join per operand position over a frame of the relations (a few joins, not a
    few per relation; each costs polars the same fixed overhead whatever its size). `cells` carries `v`
    (_printed_value) and `at`, each cell's place in its table; the rows come out relation by relation,
    each relation's in the order of its target cells, with `relation_index` and `at` to merge by."""
    frames = []
    groups: dict[tuple[bool, int], list[tuple[int, Found]]] = {}
    for index, f in enumerate(found):
        groups.setdefault((f.form in ("sum", "diff"), len(f.operands)), []).append((index, f))
    for (linear, n), members in groups.items():
        spec = pl.DataFrame({
            "relation_index": [i for i, _ in members],
            "table": [f.table for _, f in members],
            "col": [f.target for _, f in members],
            **{f"op{i}": [f.operands[i] for _, f in members] for i in range(n)},
            **({f"c{i}": [f.coefs[i] for _, f in members] for i in range(n)} if linear else {}),
            "found_form": [f.form for _, f in members],
            "relation": [f"{f.formula()} [{f.established()}]" for _, f in members],
            "identity": [f.strong for _, f in members],
            **({"coefs": [[1.0] + [-c for c in f.coefs] for _, f in members]} if linear else {}),
        }, schema_overrides={"coefs": pl.List(pl.Float64)} if linear else None)
        frame = spec.lazy().join(cells.lazy(), on=["table", "col"], maintain_order="left")
        for i in range(n):
            part = cells.lazy().select("table", pl.col("col").alias(f"op{i}"), *(pl.col(c).alias(c if c == "row" else f"o{i}_{c}") for c in _KEEP))
            frame = frame.join(part, on=["table", f"op{i}", "row"], maintain_order="left")
        frame = frame.filter(pl.all_horizontal([pl.col("v").is_not_null()] + [pl.col(f"o{i}_v").is_not_null() for i in range(n)]))
        refs = pl.concat_list([pl.col("ref")] + [pl.col(f"o{i}_ref") for i in range(n)])
        lines = pl.concat_list([pl.col("line")] + [pl.col(f"o{i}_line") for i in range(n)])
        if linear:
            expected = pl.sum_horizontal([pl.col(f"c{i}") * pl.col(f"o{i}_v") for i in range(n)])
            spread = pl.sum_horizontal([pl.col(f"o{i}_half") for i in range(n)])
            algebra = [expected.alias("expected"), (expected - spread).alias("lo"), (expected + spread).alias("hi"), pl.lit("linear").alias("form")]
        else:
            diff = pl.col("found_form") == "ratio_diff"
            frame = frame.with_columns(
                pl.when(diff).then(pl.col("o0_v") - pl.col("o1_v")).otherwise(pl.col("o0_v")).alias("num_value"),
                pl.when(diff).then(pl.col("o0_half") + pl.col("o1_half")).otherwise(pl.col("o0_half")).alias("num_half"),
                pl.col("o1_v").alias("den_value"), pl.col("o1_half").alias("den_half"),
            )
            algebra = [*ratio_columns("num", "den"), pl.col("found_form").alias("form")]
        frames.append(frame.with_columns(
            *algebra,
            pl.col("label").alias("row_label"), pl.col("col_name").alias("column_label"), pl.col("v").alias("actual"),
            lines.alias("lines"), refs.alias("refs"),
        ))
    if not frames:
        return pl.DataFrame()
    # each group's rows are in relation order already; the groups are merged by relation, then target cell
    return pl.concat(frames, how="diagonal").sort("relation_index", "at", maintain_order=True).collect()


def relations(rule: Discovered, cells: pl.DataFrame, context) -> pl.DataFrame:
    # one pass over the cells: each table's cells, with the printed figure and its place in the table
    tables = select_tables(cells, rule).with_columns(_printed_value().alias("v"), pl.int_range(pl.len()).over("table").alias("at"))
    found = [f for f in found_relations(rule, cells) if not f.confirms]  # the role-based rule reports those; this one only confirms them (rules explain)
    by_columns = _column_relations([f for f in found if f.form != "rows"], tables.filter(pl.col("table").is_in([f.table for f in found])))
    pieces = []
    if by_columns.height:
        pieces.append(finish(by_columns, rule, "discovered").with_columns(by_columns.select("relation_index", "at")))
    for index, f in enumerate(found):
        if f.form != "rows":
            continue
        table_cells = tables.filter(pl.col("table") == f.table)
        frame = _sum_relations(table_cells.filter(pl.col("col") == f.target).drop("v", "at"))
        frame = frame.with_columns(
            (pl.col("relation") + f" [{f.established()}]").alias("relation"), (pl.col("identity") & pl.lit(f.strong)).alias("identity"),
        )
        if frame.height:
            pieces.append(finish(frame, rule, "discovered").with_columns(pl.lit(index).alias("relation_index"), pl.int_range(pl.len()).alias("at")))
    if not pieces:
        return empty_relations()
    merged = pieces[0] if len(pieces) == 1 else pl.concat(pieces, how="vertical_relaxed").sort("relation_index", "at", maintain_order=True)
    return merged.drop("relation_index", "at")


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
