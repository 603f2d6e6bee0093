"""Findings: one per failed relation, frozen, with provenance on both sides."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

CLASSES = ("ERROR", "ROUNDING", "AMBIGUOUS")
KINDS = ("sum", "difference", "rate", "execution_rate", "share", "cross_table", "narrative", "other")


@dataclass(frozen=True)
class Finding:
    id: str
    rule: str
    rule_at: str  # rule file:line
    kind: str
    cls: str  # ERROR | ROUNDING | AMBIGUOUS
    table: str
    row: str
    column: str
    cell: str  # sheet!cell in the workbook, or "line N" for text
    lines: tuple[int, ...]
    printed: str
    expected: str
    delta: float | None
    message: str
    rounding: str | None = None  # which rounding mode explains a ROUNDING finding
    refs: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict:
        data = asdict(self)
        data["class"] = data.pop("cls")
        data["lines"] = list(self.lines)
        data["refs"] = list(self.refs)
        return data


@dataclass(frozen=True)
class Cause:
    """The figure most likely wrong behind one or more findings, and what it should read."""

    findings: tuple[str, ...]
    table: str
    row: str
    column: str
    cell: str
    line: int
    printed: str
    suggested: str
    slip: str | None  # the typical slip that fits, if any
    alternatives: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        data = asdict(self)
        data["findings"] = list(self.findings)
        data["alternatives"] = list(self.alternatives)
        return data
