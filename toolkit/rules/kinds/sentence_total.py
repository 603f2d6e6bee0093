"""sentence_total — a sentence that states a total and its parts adds up, at its own precision.

"총 1,240백만원: 구축 830, 운영 410" or "합계 3억 5천만원(인건비 1억원, 운영비 2억 5천만원)": the
parts (printed without a unit: in the total's unit) must add up to the total. Each amount stands
for ±half the sentence's finest stated digit ("1억원" beside "2억 5천만원" for ±500만원: a sentence
writes its amounts to one precision), so a gap those allow is ROUNDING.

Passing example: "총 1,240백만원: 구축 830, 운영 410".

Failing example: "총 1,250백만원: 구축 830, 운영 410" → ERROR (1,240백만원).

YAML::

    - id: sentence-totals
      kind: sentence_total
"""

from __future__ import annotations

import re
from typing import Any, Literal

import polars as pl
from pydantic import Field

from toolkit.figures import format_number
from toolkit.korean_amounts import to_korean
from toolkit.rules.base import RELATION_SCHEMA, RuleBase, finish


class SentenceTotal(RuleBase):
    kind: Literal["sentence_total"] = "sentence_total"
    min_parts: int = Field(2, ge=2, description="the fewest parts a sentence must list to be checked")


def _written_like(printed: str, value: float, unit: float) -> str | None:
    """The expected total written the way the sentence writes its total (1,240백만원 or 12억 4천만원)."""
    plain = re.fullmatch(r"[\d,.]+\s*(?P<unit>백만원|천만원|억원|만원|천원|원)", printed.strip())
    if plain:
        return f"{format_number(round(value / unit))}{plain.group('unit')}"
    return to_korean(int(round(value / unit)) * int(unit), smallest=int(unit)) if unit >= 10_000 else None


def relations(rule: SentenceTotal, cells: pl.DataFrame, context) -> pl.DataFrame:
    records = []
    for b in getattr(context, "breakdowns", ()):
        if len(b.parts) < rule.min_parts:
            continue
        unit = b.precision  # judged in the total's last stated digit
        parts = sum(p[2] for p in b.parts)
        # one sentence writes its amounts to one precision: "1억원" beside "2억 5천만원" is 1억 0천만원
        finest = min([b.precision, *(p[3] for p in b.parts)])
        spread = len(b.parts) * finest / 2
        records.append({
            "table": "(본문)", "row_label": b.text[:40], "column_label": "합계", "ref": f"line {b.line}", "line": b.line,
            "printed": b.printed, "actual": b.value / unit, "expected": parts / unit, "lo": (parts - spread) / unit, "hi": (parts + spread) / unit,
            "half": 0.5, "decimals": 0, "lines": [b.line], "refs": [f"line {b.line}"],
            "relation": "문장에 적힌 " + " + ".join(f"{label} {printed}" for label, printed, _, _ in b.parts),
            "expected_text": _written_like(b.printed, parts, unit),
            "form": "other", "identity": True,
        })
    schema: dict[str, Any] = {k: v for k, v in RELATION_SCHEMA.items() if k not in ("rule", "rule_at", "kind")}
    frame = pl.DataFrame(records, schema=schema) if records else pl.DataFrame(schema=schema)
    return finish(frame, rule, "sentence_total")
