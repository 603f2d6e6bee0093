"""narrative — figures stated in sentences agree with each other and with the tables.

Checks at the claim's own precision (an amount written to 백만원 stands for ±50만원):

1. A change sentence — "X으로 전년도 Y 대비 Z(r%) 증액/감액" — must hold
   together: Z = |X − Y|, r = (X − Y) / Y × 100, and 증액/증가 goes with X > Y.
2. A list line that names a row and an amount — "서울시민카드 플랫폼 운영 3억
   3,933만원" — must agree with that row's amount in any table where the row
   label appears once, when one exists (the line's whole text before the
   amount is the label, so the link is certain).
3. A count a sentence gives for the list below it — "65개 세부사업의 편성내역은 아래와
   같음" — must be the number of list lines that follow. Where a list ends is read from
   the layout, so a mismatch is AMBIGUOUS, a question for a person.

With `claim` and `cell`, a rule ties one stated figure to one table cell instead. The claim is
found by the words of its sentence and the figure as printed (a line number is only a hint
among several matches), so the rule survives a draft that gains or loses lines::

    - id: urban-development-spending
      kind: narrative
      claim: {text: "도시개발특별회계 세출예산안", figure: "4억 9천만원"}
      cell: {table: "회계별", row: "도시개발특별회계", column: current}

Passing example: "172억 1천4백만원으로 전년도 142억 3천7백만원 대비 29억
7천7백만원(20.9%) 증액".

Failing example: the same sentence with "(21.0%)" → ERROR, expected 20.9%.

YAML::

    - id: narrative
      kind: narrative
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from typing import Literal

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

from toolkit.korean_amounts import to_korean
from toolkit.reader.lines import label_key
from toolkit.rules.base import RELATION_SCHEMA, CellRef, RuleBase, finish, pick_cell

DIRECTION_UP = ("증액", "증가", "늘어")
DIRECTION_DOWN = ("감액", "감소", "줄어")
LIST_LINE = re.compile(r"^[\s▸◦·\-○]*(?P<label>(?=.*[\uac00-\ud7a3])[^△▵].{1,60}?)\s*$")
LIST_COUNT = re.compile(r"(?<!\d)(?P<count>\d{1,9})\s{0,3}개\s{0,3}(?P<what>세부사업|단위사업|사업|과제|항목)[^.]{0,30}?(아래|다음)(와|과)\s{0,3}같")


class ClaimRef(BaseModel):
    """A stated figure found by the words of its sentence and the figure as printed, so the rule
    survives lines inserted above it; `line` only picks among several matches (the nearest)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    text: str | None = Field(None, description="words of the sentence the figure stands in (spaces ignored)")
    figure: str | None = Field(None, description="the figure as printed, e.g. 4억 9천만원 or 21.0%")
    printed: str | None = Field(None, description="the same as figure (older rule files)")
    line: int | None = Field(None, ge=1, description="report line: a hint when several sentences match")

    def find(self, claims) -> list:
        """The claims this reference names, nearest to the line hint first."""
        figure = (self.figure or self.printed or "").replace(" ", "")
        words = (self.text or "").replace(" ", "")
        found = [c for c in claims
                 if (not figure or c.printed.replace(" ", "") == figure) and (not words or words in c.text.replace(" ", ""))
                 and (words or figure or c.line == self.line)]
        if self.line is not None:
            found.sort(key=lambda c: abs(c.line - self.line))  # type: ignore[operator]
            if not words and not figure:
                found = [c for c in found if c.line == self.line]
        return found

    def describe(self) -> str:
        parts = [f"text {self.text!r}" if self.text else "", f"figure {(self.figure or self.printed)!r}" if (self.figure or self.printed) else "",
                 f"near line {self.line}" if self.line else ""]
        return ", ".join(p for p in parts if p)


class Narrative(RuleBase):
    kind: Literal["narrative"] = "narrative"
    check_changes: bool = True
    check_list_lines: bool = True
    check_counts: bool = True
    claim: ClaimRef | None = Field(None, description="one stated figure, checked against `cell`")
    cell: CellRef | None = None


def _won(value: float, precision: float) -> str:
    """An amount in 원 written the way the sentence writes amounts, at its precision."""
    step = max(1, int(precision))
    return to_korean(int(round(value / step)) * step, smallest=step)


def _relation(**values) -> dict:
    base = {name: None for name in RELATION_SCHEMA}
    base.update(values)
    return base


def _change_sentences(claims) -> list[dict]:
    out = []
    by_text: dict[str, list] = {}
    for claim in claims:
        by_text.setdefault((claim.text, claim.lines), []).append(claim)
    for (text, _), group in by_text.items():
        group.sort(key=lambda c: c.start)
        amounts = [c for c in group if c.unit == "원"]
        for a, b, c in zip(amounts, amounts[1:], amounts[2:]):
            between_ab = text[a.start + len(a.printed) : b.start]
            between_bc = text[b.start + len(b.printed) : c.start]
            if "전년" not in between_ab + text[max(0, b.start - 12) : b.start] or "대비" not in between_bc or len(between_ab) > 40:
                continue
            tail = text[c.start + len(c.printed) : c.start + len(c.printed) + 30]
            rate = next((p for p in group if p.unit == "%" and c.start < p.start <= c.start + len(c.printed) + 4), None)
            direction = next((w for w in DIRECTION_UP + DIRECTION_DOWN if w in tail), None)
            change = a.value - b.value
            spread = (a.precision + b.precision) / 2
            lines = [a.line, b.line, c.line]
            out.append(_relation(
                expected_text=_won(abs(change), c.precision),
                table="(본문)", row_label=text[:40], column_label="증감액", ref=f"line {c.line}", line=c.line,
                printed=c.printed, actual=abs(c.value) / c.precision, expected=abs(change) / c.precision,
                lo=(abs(change) - spread) / c.precision, hi=(abs(change) + spread) / c.precision, half=0.5, decimals=0,
                lines=lines, refs=[f"line {n}" for n in lines], relation=f"{a.printed} − {b.printed}",
            ))
            if rate is not None and b.value:
                signed = rate.value if (rate.value < 0 or (direction in DIRECTION_UP) or direction is None) else -rate.value
                if direction in DIRECTION_DOWN and signed > 0:
                    signed = -signed
                corners = [100 * (change + s1 * spread) / (b.value + s2 * b.precision / 2) for s1 in (-1, 1) for s2 in (-1, 1)]
                out.append(_relation(
                    table="(본문)", row_label=text[:40], column_label="증감률", ref=f"line {rate.line}", line=rate.line,
                    printed=rate.printed, actual=signed, expected=100 * change / b.value, lo=min(corners), hi=max(corners),
                    half=rate.precision / 2, decimals=max(0, round(-math.log10(rate.precision))),
                    lines=lines + [rate.line], refs=[f"line {n}" for n in lines + [rate.line]],
                    relation=f"({a.printed} − {b.printed}) / {b.printed} × 100",
                ))
            if direction is not None and change != 0:
                fits = (change > 0) == (direction in DIRECTION_UP)
                out.append(_relation(
                    table="(본문)", row_label=text[:40], column_label="증감 방향", ref=f"line {c.line}", line=c.line,
                    printed=direction, actual=0.0, expected=0.0, lo=0.0, hi=0.0, half=0.0, decimals=0,
                    lines=lines, refs=[f"line {n}" for n in lines], relation=f"{a.printed} vs {b.printed}", word_ok=fits,
                ))
    return out


def _list_counts(claims) -> list[dict]:
    """Sentences announcing "N개 세부사업 ... 아래와 같음" against the list lines after them."""
    listed = {row["claim_line"] for row in _list_lines(claims).iter_rows(named=True)}
    by_line = sorted({c.line for c in claims})
    # run[i]: how many claim lines from by_line[i] on are list lines, one after another (one pass, from the end)
    run = [0] * (len(by_line) + 1)
    for i in range(len(by_line) - 1, -1, -1):
        run[i] = run[i + 1] + 1 if by_line[i] in listed else 0
    out = []
    seen = set()
    for claim in claims:
        # one search per sentence, not per figure in it: a long sentence holds thousands of figures
        if claim.unit != "개" or (claim.text, claim.lines) in seen:
            continue
        seen.add((claim.text, claim.lines))
        match = LIST_COUNT.search(claim.text)
        if not match:
            continue
        last = max(claim.lines or (claim.line,))
        count = run[bisect_right(by_line, last)]
        if count == 0:
            continue  # no list follows: nothing to count
        stated = int(match.group("count"))
        out.append(_relation(
            table="(본문)", row_label=claim.text[:40], column_label=f"{match.group('what')} 수", ref=f"line {claim.line}",
            line=claim.line, printed=f"{stated}개", actual=float(stated), expected=float(count), lo=float(count), hi=float(count),
            half=0.0, decimals=0, lines=[claim.line, last + 1], refs=[f"line {claim.line}"], relation="아래 목록의 항목 수", identity=False,
        ))
    return out


def _list_lines(claims) -> pl.DataFrame:
    """Claims that stand alone after a label: "<label> <amount>" with nothing else around them."""
    rows = []
    by_text: dict[str, list] = {}
    for claim in claims:
        if claim.unit == "원":
            by_text.setdefault((claim.text, claim.lines), []).append(claim)
    for (text, _), group in by_text.items():
        group.sort(key=lambda c: c.start)
        for i, claim in enumerate(group):
            begin = group[i - 1].start + len(group[i - 1].printed) if i else 0
            end = group[i + 1].start if i + 1 < len(group) else len(text)
            segment = text[begin : claim.start].strip()
            match = LIST_LINE.match(segment) if len(segment) <= 80 else None  # a label is at most 61 characters
            if not match or text[claim.start + len(claim.printed) : end].strip():
                continue
            rows.append({"label_key": label_key(match.group("label")), "claim_line": claim.line, "claim_printed": claim.printed,
                         "claim_value": claim.value, "claim_precision": claim.precision, "claim_label": match.group("label").strip()})
    return pl.DataFrame(rows, schema={"label_key": pl.String, "claim_line": pl.Int64, "claim_printed": pl.String,
                                      "claim_value": pl.Float64, "claim_precision": pl.Float64, "claim_label": pl.String})


def _stated(rule: Narrative, cells: pl.DataFrame, claims) -> pl.DataFrame:
    """The claims a rule names against the one cell it names, at each claim's precision. Every
    sentence with the rule's words and figure is checked (a figure restated in the summary and
    again in its section); a line hint picks the nearest one."""
    found = rule.claim.find(claims)
    if not found:
        raise LookupError(f"no stated figure with {rule.claim.describe()}")
    if rule.claim.line is not None:
        found = found[:1]
    cell = pick_cell(cells, rule.cell).row(0, named=True)
    rows = []
    for claim in found:
        percent = claim.unit != "원"  # rates and counts are compared as printed
        scale = 1.0 if percent else cell["factor"]
        won, half = (cell["value"] or 0.0) * scale, cell["half"] * scale
        rows.append(_relation(
            expected_text=None if percent else _won(won, claim.precision),
            table="(본문)", row_label=claim.text[:40], column_label=cell["col_name"], ref=f"line {claim.line}", line=claim.line,
            printed=claim.printed, actual=claim.value / claim.precision, expected=won / claim.precision,
            lo=(won - half) / claim.precision, hi=(won + half) / claim.precision, half=0.5, decimals=0,
            lines=[claim.line, cell["line"]], refs=[f"line {claim.line}", cell["ref"]],
            relation=f"{cell['table']} '{cell['label']}' {cell['col_name']} ({cell['printed']} {cell['unit']})",
        ))
    return pl.DataFrame(rows, schema=RELATION_SCHEMA).drop(["rule", "rule_at", "kind", "identity"])


def relations(rule: Narrative, cells: pl.DataFrame, context) -> pl.DataFrame:
    if rule.claim is not None:
        if rule.cell is None:
            raise LookupError("a rule with `claim` names the `cell` it is about")
        return finish(_stated(rule, cells, context.claims), rule, "narrative")
    frames = []
    if rule.check_counts:
        counts = _list_counts(context.claims)
        if counts:
            frames.append(pl.DataFrame(counts, schema=RELATION_SCHEMA).drop(["rule", "rule_at", "kind"]))
    if rule.check_changes:
        changes = _change_sentences(context.claims)
        if changes:
            frames.append(pl.DataFrame(changes, schema=RELATION_SCHEMA).drop(["rule", "rule_at", "kind", "identity"]))
    if rule.check_list_lines:
        listed = _list_lines(context.claims)
        amounts = cells.filter(pl.col("role") == "current").filter(pl.len().over(["table", "label_key"]) == 1)
        joined = listed.join(amounts, on="label_key")
        if joined.height:
            # a claim matching the row in any table is enough; report only rows that match nowhere
            joined = joined.with_columns(
                (pl.col("value") * pl.col("factor")).alias("cell_won"),
                (pl.col("half") * pl.col("factor")).alias("cell_half"),
            ).with_columns(restated().alias("restated")).with_columns(
                pl.when(pl.col("restated").is_not_null()).then(pl.col("restated"))
                .otherwise((pl.col("cell_won") - pl.col("claim_value")).abs() <= pl.col("claim_precision") / 2 + pl.col("cell_half")).alias("agrees")
            )
            unmatched = joined.filter(~pl.col("agrees").any().over("claim_line")).unique(["claim_line"], keep="first", maintain_order=True)
            frames.append(unmatched.with_columns(
                pl.struct("cell_won", "claim_precision").map_elements(lambda r: _won(r["cell_won"], r["claim_precision"]), return_dtype=pl.String).alias("expected_text")
            ).select(
                pl.col("expected_text"),
                pl.lit("(본문)").alias("table"), pl.col("claim_label").alias("row_label"), pl.lit("금액").alias("column_label"),
                pl.format("line {}", pl.col("claim_line")).alias("ref"), pl.col("claim_line").alias("line"),
                pl.col("claim_printed").alias("printed"), (pl.col("claim_value") / pl.col("claim_precision")).alias("actual"),
                (pl.col("cell_won") / pl.col("claim_precision")).alias("expected"),
                ((pl.col("cell_won") - pl.col("cell_half")) / pl.col("claim_precision")).alias("lo"),
                ((pl.col("cell_won") + pl.col("cell_half")) / pl.col("claim_precision")).alias("hi"),
                pl.lit(0.5).alias("half"), pl.lit(0).alias("decimals"),
                pl.concat_list([pl.col("claim_line"), pl.col("line")]).alias("lines"),
                pl.concat_list([pl.format("line {}", pl.col("claim_line")), pl.col("ref")]).alias("refs"),
                pl.format("{} '{}' {} ({} {})", pl.col("table"), pl.col("label"), pl.col("col_name"), pl.col("printed"), pl.col("unit")).alias("relation"),
                # where the sentence restates the printed figure at a coarser precision, whether it does is decided
                # exactly (restated): a gap is then an ERROR, never ROUNDING
                pl.col("restated").alias("word_ok"),
            ))
    if not frames:
        return finish(pl.DataFrame(schema=RELATION_SCHEMA).drop(["rule", "rule_at", "kind", "identity"]), rule, "narrative")
    frames = [f.select([pl.col(c).cast(RELATION_SCHEMA[c]) for c in f.columns]) for f in frames]
    return finish(pl.concat(frames, how="diagonal_relaxed"), rule, "narrative")


def restated() -> pl.Expr:
    """Whether a sentence at least as coarse as the printed cell restates it: the printed figure rounded
    half-up or truncated to the sentence's precision gives the sentence's figure (93억 7천2백만원 is not
    9,373,000 천원). Null where the sentence is finer than the cell (then their intervals must meet)."""
    precision = pl.col("claim_precision")
    scaled = pl.col("cell_won") / precision
    claim = (pl.col("claim_value") / precision).round(0)
    rounded = scaled.sign() * (scaled.abs() + 0.5 + 1e-9).floor()
    truncated = scaled.sign() * (scaled.abs() + 1e-9).floor()
    coarse = precision >= 2 * pl.col("cell_half") - 1e-9
    return pl.when(coarse).then((rounded == claim) | (truncated == claim)).otherwise(None)

