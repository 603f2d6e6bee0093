"""calculation — 산출기초 lines: the product of the operands is the printed amount.

`단가 × 수량 × 횟수 = 금액` (or without `=`): the 단가 carries its money unit (원, 천원,
백만원), the others are counts (명, 회, 식, 개월 …), exact. The product, converted to
the unit the amounts are printed in, must round to the printed amount: the 단가 is
itself a printed figure (±half its last digit, times the counts), so a gap that
rounding or truncating it explains is ROUNDING. The amounts' unit is the one (원,
천원 or 백만원) that fits most of the report's calculation lines — these documents
print all their 산출기초 amounts in one unit — so a line 1,000× off is an ERROR, not
a unit change. Where an item line (`o 일반수용비 20,200`) is followed by `-` lines
that are all calculations, their amounts must add up to its amount.

Passing example (천원): "- 회의수당 200천원 × 5명 × 3회 3,000".

Failing example: "- 홍보물품 제작 : 10천원 × 3,000개 3,000" → ERROR (30,000); "- 계약직 27,862천원
× 2명 55,726" is ROUNDING (a 단가 truncated from 27,862,950원 gives 55,725.9).

YAML::

    - id: calculation-lines
      kind: calculation
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Literal

import polars as pl

from toolkit.figures import format_number
from toolkit.model import UNIT_FACTORS
from toolkit.rules.base import RELATION_SCHEMA, RuleBase, finish

UNITS = {"원": 1.0, "천원": 1_000.0, "백만원": 1_000_000.0}
_PERIOD_FOR_COMMA = re.compile(r"^\d{1,3}\.\d{3}$")  # "6.273" among amounts: a period typed for the comma


class Calculation(RuleBase):
    kind: Literal["calculation"] = "calculation"
    check_totals: bool = True


def _product(calc) -> tuple[float, float, float]:
    """The product in 원, and how far down and up the printing of the 단가 lets it move: a 단가 in
    천원 is rounded or, as budget books do (천원 미만 절사), truncated — [p − ½, p + 1) of its last digit."""
    (price, unit, decimals), *counts = calc.operands
    factor = float(UNIT_FACTORS.get(unit, 1))
    times = 1.0
    for value, _, _ in counts:
        times *= value
    step = 10.0**-decimals * factor * times
    return price * factor * times, 0.5 * step, step


def amount_unit(calculations) -> float:
    """The unit (원, 천원, 백만원) the calculation amounts are printed in: the one most lines fit."""
    votes: Counter[float] = Counter()
    for calc in calculations:
        if _PERIOD_FOR_COMMA.match(calc.printed):
            continue  # "6.273" would vote for 백만원
        won, _, up = _product(calc)
        for factor in UNITS.values():
            if abs(won / factor - calc.value) <= up / factor + 1:
                votes[factor] += 1
    # ties go to 천원, the unit budget books print 산출기초 amounts in
    return max(UNITS.values(), key=lambda f: (votes[f], f == 1_000.0))


def relations(rule: Calculation, cells: pl.DataFrame, context) -> pl.DataFrame:
    calculations = getattr(context, "calculations", ())
    unit = amount_unit(calculations)
    unit_name = next(name for name, f in UNITS.items() if f == unit)
    records = []
    for calc in calculations:
        won, down, up = _product(calc)
        ops = " × ".join(f"{format_number(v, d)}{u}" for v, u, d in calc.operands)
        records.append({
            "table": "(본문)", "row_label": calc.text[:40], "column_label": "산출기초", "ref": f"line {calc.line}", "line": calc.line,
            "printed": calc.printed, "actual": calc.value, "expected": won / unit, "lo": (won - down) / unit, "hi": (won + up) / unit,
            "half": 0.5 * 10.0**-calc.decimals, "decimals": calc.decimals, "lines": [calc.line], "refs": [f"line {calc.line}"],
            "relation": f"산출기초 {ops} ({unit_name})", "form": "other",
            "identity": not _PERIOD_FOR_COMMA.match(calc.printed),
        })
    if rule.check_totals:
        by_line = {c.line: c for c in calculations}
        for total in getattr(context, "calculation_totals", ()):
            parts = [by_line[n] for n in total.parts if n in by_line]
            if not parts:
                continue
            records.append({
                "table": "(본문)", "row_label": total.label[:40], "column_label": "산출기초 합계", "ref": f"line {total.line}", "line": total.line,
                "printed": total.printed, "actual": total.value, "expected": sum(p.value for p in parts),
                "lo": sum(p.value - 0.5 * 10.0**-p.decimals for p in parts), "hi": sum(p.value + 0.5 * 10.0**-p.decimals for p in parts),
                "half": 0.5, "decimals": 0, "lines": [total.line, *total.parts], "refs": [f"line {n}" for n in (total.line, *total.parts)],
                "relation": f"아래 산출기초 {len(parts)}개 행의 합", "form": "linear", "coefs": [1.0] + [-1.0] * len(parts),
                # a part printed "6.273" for 6,273 cannot be added as printed: the total is a question then
                "identity": not any(_PERIOD_FOR_COMMA.match(p.printed) for p in parts),
            })
    schema: dict[str, Any] = {k: v for k, v in RELATION_SCHEMA.items() if k not in ("rule", "rule_at", "kind")}
    frame = pl.DataFrame(records, schema=schema) if records else pl.DataFrame(schema=schema)
    return finish(frame, rule, "calculation")
