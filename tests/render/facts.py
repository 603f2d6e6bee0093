"""A table as facts: what a reader must get back whatever the export style.

Two sources: the wild tables (../shared/wild/*.json, copied to tests/wild/) and the
tables recon itself reads from a report (toolkit.model.Table). Each figure column has a
header *path* from the top header line down (("증감", "증감액")): merged group headers are
a shared prefix, a column standing alone has a shorter path (its header spans down).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from toolkit.model import Table

# "열3" is the name the reader gives a column it found no header for: nothing was printed
_INVENTED_COLUMN = re.compile(r"^열\d+$")
_INVENTED_TITLE = re.compile(r"^표 \d+$")

# header words a report may print instead of the usual ones (CONVENTIONS.md, "Change" and "Budget")
SYNONYMS = {"예산현액": "예산액", "증감": "비교증감", "증감률": "(B-A)/A"}

# a printed figure as a person would call it one (independent of the reader's own parser):
# amounts with separators, rates, negatives as △ ▵ − - ( ), and a dash for none
FIGURE = re.compile(r"^(?:[△▵\-−–]\s*)?\(?[\d][\d,.]*\)?%?$|^[-–]$")


@dataclass(frozen=True)
class FactRow:
    label: str
    cells: tuple[str, ...]  # printed text per figure column; "" = empty cell
    parent: int | None = None


@dataclass(frozen=True)
class Facts:
    title: str
    unit: str  # 천원, 백만원, ... or "" when the report states none
    columns: tuple[tuple[str, ...], ...]  # header path per figure column, top line first
    rows: tuple[FactRow, ...]
    label_header: tuple[str, ...] = ("구분",)
    rates: bool = False  # whether the unit line says "%" too

    @property
    def depth(self) -> int:
        return max([len(p) for p in self.columns] + [len(self.label_header)]) if self.has_header else 0

    @property
    def has_header(self) -> bool:
        return any(self.columns)

    def level(self, index: int) -> int:
        """How many parents a row has (0 for a top row)."""
        level, parent = 0, self.rows[index].parent
        while parent is not None and level <= len(self.rows):
            level, parent = level + 1, self.rows[parent].parent
        return level


def is_figure(text: str) -> bool:
    return bool(FIGURE.match(text.strip()))


def _path(lines: list[str]) -> tuple[str, ...]:
    """The distinct header texts of one column, top to bottom ("" = nothing printed there)."""
    out: list[str] = []
    for text in lines:
        text = " ".join(text.split())
        if text and (not out or out[-1] != text):
            out.append(text)
    return tuple(out)


def from_wild(data: dict) -> Facts:
    header = data["header"]
    width = max(len(line) for line in header)
    paths = [_path([line[i] if i < len(line) else "" for line in header]) for i in range(width)]
    rates = "%" in data["unit"] or any("%" in c for r in data["rows"] for c in r["cells"]) or \
        any(re.search(r"%|률|율|비율|비중|구성비", "".join(p)) for p in paths)
    return Facts(
        title=data["title"],
        unit=data["unit"].split()[0],
        label_header=paths[0] or ("구분",),
        columns=tuple(paths[1:]),
        rows=tuple(FactRow(r["label"], tuple(r["cells"]), r.get("parent")) for r in data["rows"]),
        rates=rates,
    )


def from_table(table: Table) -> Facts:
    columns = tuple(() if _INVENTED_COLUMN.match(c.name) else tuple(p for p in c.name.split(".") if p) for c in table.columns)
    rows = []
    for row in table.rows:
        cells = [""] * len(table.columns)
        for cell in row.cells:
            if 0 <= cell.column < len(cells):
                cells[cell.column] = cell.printed
        rows.append(FactRow(row.label, tuple(cells), row.parent))
    rates = any(c.role in ("change_rate", "execution_rate", "share") for c in table.columns)
    return Facts(
        title="" if _INVENTED_TITLE.match(table.title) else table.title,
        unit="" if table.unit == "%" else table.unit,
        columns=columns,
        rows=tuple(rows),
        rates=rates or table.unit == "%",
    )


def with_synonyms(facts: Facts) -> Facts:
    """The same table headed with other words for the same columns."""
    def swap(text: str) -> str:
        if text.replace(" ", "") in SYNONYMS:
            return SYNONYMS[text.replace(" ", "")]
        # the same word however it is spaced ("예산 현액" over a column): a report uses one synonym for one word
        return re.sub(r"예\s*산\s*현\s*액", SYNONYMS["예산현액"], text)
    return replace(facts, columns=tuple(tuple(swap(t) for t in path) for path in facts.columns))


def numbering(facts: Facts) -> list[str]:
    """Numbering prefixes that show the parents: 1), 1-1), 1-1-2) ..."""
    counters: dict[int | None, int] = {}
    numbers: list[str] = []
    for i, row in enumerate(facts.rows):
        counters[row.parent] = counters.get(row.parent, 0) + 1
        own = str(counters[row.parent])
        parent = row.parent
        numbers.append(f"{numbers[parent][:-1]}-{own})" if parent is not None and parent < i else f"{own})")
    return numbers


def shown_labels(facts: Facts, labels: str) -> list[str]:
    """Each row's label as the style prints it: plain, with numbering prefixes, or indented."""
    if labels == "numbered":
        return [f"{n} {r.label}" for n, r in zip(numbering(facts), facts.rows)]
    if labels == "indented":
        return ["\u3000" * facts.level(i) + r.label for i, r in enumerate(facts.rows)]
    return [r.label for r in facts.rows]
