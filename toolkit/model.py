"""What a report is made of once read: tables of cells, and narrative claims.

Every figure keeps its printed text and the 1-based report line it came from.
These are frozen: the reader builds them once, everything downstream only reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Column roles, recognised from header text (see reader/columns.py).
ROLES = (
    "current",  # this year's amount: 2024 예산안, 예산현액, 2023 예산액 ...
    "previous",  # the year before: 2023 예산액, 최종예산, 본예산 ...
    "change",  # 증감액, (B-A)
    "change_rate",  # 증감률, (B-A)*100/A
    "executed",  # 원인행위액, 지출액, 집행액, 징수액
    "execution_rate",  # 집행률, 징수율
    "share",  # 비율, 구성비
    "rate",  # any other rate or ratio: 연평균 증가율, 성장률, a column printed in % (never summed)
    "count",  # 정원, 현원, 건, 개소 ...
    "amount",  # any other amount
    "other",
)
SUMMABLE_ROLES = ("current", "previous", "change", "executed", "count", "amount")
RATE_ROLES = ("change_rate", "execution_rate", "share", "rate")

UNIT_FACTORS = {"원": 1, "천원": 1_000, "백만원": 1_000_000, "억원": 100_000_000}


@dataclass(frozen=True)
class Column:
    index: int
    name: str  # header text, group and leaf joined by "."
    role: str
    year: int | None = None
    pair: str | None = None  # links a rate column to the amount it is a rate of


@dataclass(frozen=True)
class Cell:
    column: int
    printed: str
    value: float | None
    line: int
    decimals: int = 0
    word: str | None = None  # 순증 / 순감 printed in place of a rate
    certain: bool = True  # False when the layout cannot say which column the figure stands in


@dataclass(frozen=True)
class Row:
    index: int
    label: str
    line: int
    cells: tuple[Cell, ...]
    level: int = 0
    parent: int | None = None
    parent_via: str | None = None  # marker | indent | inferred | rule

    def cell(self, column: int) -> Cell | None:
        for cell in self.cells:
            if cell.column == column:
                return cell
        return None


@dataclass(frozen=True)
class Table:
    id: str
    title: str
    unit: str
    first_line: int
    last_line: int
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    complete: bool = True  # False when the table runs into the end of the file

    @property
    def amount_factor(self) -> int:
        return UNIT_FACTORS.get(self.unit, 1)


@dataclass(frozen=True)
class Claim:
    """An amount or rate stated in a sentence."""

    line: int
    printed: str
    value: float  # 원 for amounts, percent for rates
    unit: str  # "원" or "%"
    precision: float  # value of the last stated digit (원 or percentage points)
    text: str  # the sentence it stands in
    start: int = 0  # offset of the figure in `text`
    lines: tuple[int, ...] = ()  # lines the sentence spans


@dataclass(frozen=True)
class Calculation:
    """A 산출기초 line: `단가 × 수량 × 횟수 = 금액` (or without `=`), its operands with their units."""

    line: int
    text: str
    operands: tuple[tuple[float, str, int], ...]  # (value, unit word as printed: 천원, 명, 회 …, decimals)
    printed: str  # the amount as printed
    value: float
    decimals: int
    heading: int | None = None  # line of the item above whose amount these lines add up to


@dataclass(frozen=True)
class CalculationTotal:
    """An item line (`o 일반수용비 20,200`) followed by calculation lines that make up its amount."""

    line: int
    label: str
    printed: str
    value: float
    decimals: int
    parts: tuple[int, ...]  # lines of its calculation lines


@dataclass(frozen=True)
class Breakdown:
    """A sentence stating a total and its parts: "총 1,240백만원: 구축 830, 운영 410" (amounts in 원)."""

    line: int
    text: str
    printed: str  # the total as printed
    value: float
    precision: float
    parts: tuple[tuple[str, str, float, float], ...]  # (label, printed, value, precision)


@dataclass(frozen=True)
class Report:
    source: str  # file name
    tables: tuple[Table, ...]
    claims: tuple[Claim, ...] = ()
    line_count: int = 0
    meta: dict = field(default_factory=dict, compare=False, hash=False)
    calculations: tuple[Calculation, ...] = ()  # after meta: older callers pass the first five by position
    calculation_totals: tuple[CalculationTotal, ...] = ()
    breakdowns: tuple[Breakdown, ...] = ()

    def table(self, table_id: str) -> Table:
        for table in self.tables:
            if table.id == table_id:
                return table
        raise KeyError(table_id)
