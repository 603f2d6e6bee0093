"""What was checked: per table, each relation the rules compiled to and how it was established
(header words, proven by n of m rows, row structure, rule file, sentence) with how many figures
it covered and how they came out — so a reader sees what a clean table was checked for, not only
what failed (issue 13). Built from the judged relations; the writers only lay it out."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass

import polars as pl

TEXT = "(본문)"  # the table name of relations read from sentences and calculation lines
_TABLE_REF = re.compile(r"^(T\d+)\b")
_STRENGTH = re.compile(r"\s*\[([^\]]*)\]$")
_TEXT_KINDS = {"calculation": "산출기초: 단가 × 수량 = 금액", "sentence_total": "문장의 부분 합 = 문장의 합계"}


@dataclass(frozen=True)
class Checked:
    table: str  # table id, or "(본문)" for sentences and calculation lines
    title: str
    kind: str
    relation: str  # what was checked, in the report's words: "증감액 = 2024 예산안 − 2023 예산액"
    established: str  # how: header words, proven by n of m rows, row structure, rule file, sentence
    checked: int  # relations (figures) judged
    errors: int
    rounding: int
    ambiguous: int

    def to_dict(self) -> dict:
        return asdict(self)


def _what(kind: str, column: str, relation: str) -> tuple[str, str]:
    """The relation in words, and the column it is checked in when one relation is checked in
    several columns alike (a total over its children, a figure in another table): one entry for all."""
    relation = _STRENGTH.sub("", relation or "")
    if kind in _TEXT_KINDS:
        return _TEXT_KINDS[kind], ""
    if kind == "narrative":
        return f"문장의 {column}", ""
    if relation.startswith("하위 ") or relation.startswith("다른 내역 "):
        return f"상위 행 = {'다른 내역의 합' if relation.startswith('다른 내역') else '하위 행의 합'}", column
    if kind == "cross_table":
        other = _TABLE_REF.match(relation)
        return f"{other.group(1) if other else '다른 표'}의 같은 행과 같은 수치", column
    if kind == "discovered":
        return relation, ""  # the formula names its target
    return f"{column} = {relation}", ""


def what_was_checked(judged: pl.DataFrame, titles: dict[str, str], established: Callable[[dict], str]) -> tuple[Checked, ...]:
    """One entry per table, relation and way it was established, in table order (sentences last).
    `established(row)` is the engine's account of how one judged relation was established."""
    if judged.height == 0:
        return ()
    wanted = ["kind", "rule_at", "table", "column_label", "relation", "class"]
    groups: dict[tuple[str, str, str, str], list[int]] = {}
    columns: dict[tuple[str, str, str, str], list[str]] = {}
    for row in judged.select(wanted).iter_rows(named=True):
        table = row["table"] or TEXT
        what, column = _what(row["kind"], row["column_label"] or "", row["relation"] or "")
        key = (table, row["kind"], what, established(row))
        counts = groups.setdefault(key, [0, 0, 0, 0])
        counts[0] += 1
        if row["class"] != "PASS":
            counts[1 + ("ERROR", "ROUNDING", "AMBIGUOUS").index(row["class"])] += 1
        if column and column not in columns.setdefault(key, []):
            columns[key].append(column)
    order = {table: i for i, table in enumerate(titles)}
    out = []
    for key, counts in groups.items():
        table, kind, what, how = key
        named = columns.get(key)
        out.append(Checked(table, titles.get(table, ""), kind, f"{what} ({', '.join(named)})" if named else what, how, *counts))
    return tuple(sorted(out, key=lambda c: (order.get(c.table, len(order)), c.table, c.kind, c.relation)))
