"""Generated budget reports for property tests: figures rounded from 원 the way budget systems print them."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import strategies as st

from toolkit.figures import format_number

SYLLABLES = "가나다라마바사아자차카타파하"
HEADER = "(단위 : 천원, %)\n구 분 2024 예산현액 2023 최종예산 증감액 증감률 집행액 집행률"
COLUMNS = ("current", "previous", "change", "change_rate", "executed", "execution_rate")


def half_up(value: float, decimals: int = 0) -> float:
    return float(Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


@dataclass
class Line:
    label: str
    won: dict  # current, previous, executed in 원
    printed: dict = field(default_factory=dict)  # column -> printed text


@dataclass
class Synthetic:
    lines: list[Line]
    decimals: int

    def render(self) -> str:
        body = []
        for line in self.lines:
            body.append(" ".join([line.label] + [line.printed[c] for c in COLUMNS]))
        return HEADER + "\n" + "\n".join(body) + "\n"

    def line_number(self, index: int) -> int:
        return index + 3  # two header lines come first


def _print_line(line: Line, decimals: int) -> None:
    cur, prev, exe = (line.won[k] for k in ("current", "previous", "executed"))
    change = cur - prev
    line.printed["current"] = format_number(half_up(cur / 1000))
    line.printed["previous"] = format_number(half_up(prev / 1000)) if prev else "-"
    line.printed["change"] = format_number(half_up(change / 1000))
    line.printed["change_rate"] = format_number(half_up(100 * change / prev, decimals), decimals, percent=True) if prev else "순증"
    line.printed["executed"] = format_number(half_up(exe / 1000))
    line.printed["execution_rate"] = format_number(half_up(100 * exe / cur, decimals), decimals, percent=True)


@st.composite
def budget_reports(draw) -> Synthetic:
    decimals = draw(st.sampled_from([0, 1]))
    amount = st.integers(min_value=5_000_000, max_value=9_000_000_000)
    departments = draw(st.integers(min_value=2, max_value=4))
    tree = []
    for d in range(departments):
        items = []
        # sibling items with identical figures in every column are indistinguishable from a
        # parent and its only child; real items differ, so the generator draws distinct budgets
        budgets = draw(st.lists(amount, min_size=2, max_size=4, unique=True))
        for i, cur in enumerate(budgets):
            prev = draw(st.one_of(amount, st.just(0))) if i else draw(amount)
            exe = draw(st.integers(min_value=0, max_value=cur))
            items.append(Line(f"{SYLLABLES[d]}{SYLLABLES[i]}사업", {"current": cur, "previous": prev, "executed": exe}))
        tree.append((Line(f"{SYLLABLES[d]}담당관", {k: sum(x.won[k] for x in items) for k in ("current", "previous", "executed")}), items))
    total = Line("계", {k: sum(dept.won[k] for dept, _ in tree) for k in ("current", "previous", "executed")})
    lines = [total]
    for dept, items in tree:
        lines.append(dept)
        lines.extend(items)
    for line in lines:
        _print_line(line, decimals)
    return Synthetic(lines, decimals)
