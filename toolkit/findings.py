"""Findings: one per failed relation, frozen, with provenance on both sides."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

CLASSES = ("ERROR", "ROUNDING", "AMBIGUOUS")
CLASS_RANK = {"ERROR": 0, "AMBIGUOUS": 1, "ROUNDING": 2}  # most serious first
CLASS_COLORS = {"ERROR": "FFC7CE", "ROUNDING": "FFEB9C", "AMBIGUOUS": "D9E1F2"}  # red, amber, grey-blue
KINDS = ("sum", "difference", "rate", "execution_rate", "share", "cross_table", "narrative", "discovered", "calculation", "sentence_total", "other")


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
    places: tuple[str, ...] = field(default=())  # readable places of refs in an HWPX/PDF source ("표 3, 5행 2열")
    title: str = ""  # the table's title
    row_path: str = ""  # the row named from its parents: 데이터과 › 특별회계
    column_path: str = ""  # the column named from its header groups: 집행현황 › 지출액
    established: str = ""  # how the relation was established: header words, proven by n of m rows, rule file, text

    @property
    def place(self) -> str:
        """Table id and title, row path, column path: where a person finds the figure."""
        return place_name(self.table, self.title, self.row_path or self.row, self.column_path or self.column)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["class"] = data.pop("cls")
        data["lines"] = list(self.lines)
        data["refs"] = list(self.refs)
        data["places"] = list(self.places)
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
    title: str = ""
    row_path: str = ""
    column_path: str = ""
    note: str = ""  # when no suggestion is offered: which figures disagree
    best_so_far: bool = False  # the solver ran out of time: the best set found, not proven the fewest

    @property
    def place(self) -> str:
        return place_name(self.table, self.title, self.row_path or self.row, self.column_path or self.column)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["findings"] = list(self.findings)
        data["alternatives"] = list(self.alternatives)
        return data


def place_name(table: str, title: str, row: str, column: str) -> str:
    head = f"{table} {title}".strip() if title and title != table else table
    return " · ".join(part for part in (head, row, column) if part)


def by_seriousness(findings) -> list[Finding]:
    """ERRORs first, then AMBIGUOUS, then ROUNDING; in report order within a class."""
    return sorted(findings, key=lambda f: (CLASS_RANK[f.cls], f.lines[:1] or (0,)))


def worst_class_by_cell(findings) -> dict[str, str]:
    """For every figure taking part in a finding, the most serious class it takes part in."""
    worst: dict[str, str] = {}
    for finding in findings:
        for ref in finding.refs:
            if ref not in worst or CLASS_RANK[finding.cls] < CLASS_RANK[worst[ref]]:
                worst[ref] = finding.cls
    return worst


def messages_by_cell(findings) -> dict[str, list[str]]:
    """The messages of the findings whose printed target is each cell."""
    notes: dict[str, list[str]] = {}
    for finding in findings:
        notes.setdefault(finding.cell, []).append(f"[{finding.cls}] {finding.message}")
    return notes


def with_places(findings, places: dict[str, str]) -> tuple[Finding, ...]:
    """Name each finding's figures by their place in the source document (a table cell of an HWPX
    file, a page of a PDF); the message ends with the place of the figure it is about."""
    from dataclasses import replace

    if not places:
        return tuple(findings)
    out = []
    for finding in findings:
        named = tuple(dict.fromkeys(places[r] for r in finding.refs if r in places))
        target = places.get(finding.cell) or (named[0] if named else "")
        out.append(replace(finding, places=named, message=f"{finding.message} [{target}]" if target else finding.message))
    return tuple(out)
