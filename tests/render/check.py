"""Compare what the reader read from a rendering with the facts rendered: the problems found, as text."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from render.facts import Facts, from_table, is_figure, shown_labels, with_synonyms
from render.report import Style, render_report
from toolkit.model import Report
from toolkit.reader import read_report


def squeeze(text: str) -> str:
    """Printed text compared without its spacing: "△ 79,392" and "△79,392" print the same figure."""
    return re.sub(r"\s+", "", text)


def split_row(facts: Facts, index: int, label: str) -> tuple[list[str], list[str]]:
    """What a row's label must hold (the label cell and the text cells before its first figure: a
    second label level, as 계정과목 / 세부 print it) and the printed cells from the first figure on."""
    cells = facts.rows[index].cells
    first = next((k for k, c in enumerate(cells) if is_figure(c)), len(cells))
    return [label] + [c for c in cells[:first] if c.strip()], _to_last_figure([squeeze(c) for c in cells[first:] if c.strip()])


def _to_last_figure(cells: list[str]) -> list[str]:
    """Printed cells up to the last figure: a text column at the end (비고) may be kept as a note."""
    while cells and not is_figure(cells[-1]):
        cells = cells[:-1]
    return cells


def read_rendering(tables: list[Facts], style: Style | list[Style], folder: Path, name: str = "report") -> tuple[Report, list[list[int]]]:
    """Render the tables in the style (or one style each) into a file with a neutral name and read it as a user would."""
    text, positions = render_report(tables, style)
    path = folder / f"{name}{style.suffix if isinstance(style, Style) else '.txt'}"
    path.write_text(text, encoding="utf-8")
    return read_report(path), positions


def row_problems(facts: Facts, style: Style, report: Report, lines: list[int], rows_at: set[int] | None = None) -> list[str]:
    """Every row's figures must be read in order, in one row, on the row's own line, with its label; and no
    row may be read from a line that holds no row (`rows_at`: the row lines of every table in the file)."""
    shown = shown_labels(with_synonyms(facts) if style.synonyms else facts, style.labels)
    on_line: dict[int, list] = {}
    for table in report.tables:
        for row in table.rows:
            for line in {row.line} | {c.line for c in row.cells if c.printed}:
                on_line.setdefault(line, []).append(row)
    problems = []
    for i, fact in enumerate(facts.rows):
        parts, figures = split_row(facts, i, shown[i])
        if not figures:
            continue  # a row of words only: nothing a table of figures must hold
        where = f"row {i} {fact.label!r} (line {lines[i]})"
        found = on_line.get(lines[i], [])
        if not found:
            problems.append(f"{where}: in no table")
            continue
        if len({id(r) for r in found}) > 1:
            problems.append(f"{where}: split over {len(found)} rows")
            continue
        row = found[0]
        got = _to_last_figure([squeeze(c.printed) for c in row.cells if c.printed])
        if got != figures:
            problems.append(f"{where}: figures {got} instead of {figures}")
        if any(c.line != lines[i] for c in row.cells if c.printed):
            problems.append(f"{where}: figures from lines {sorted({c.line for c in row.cells if c.printed})}")
        missing = [p for p in parts if squeeze(p) not in squeeze(row.label)]
        if missing:
            problems.append(f"{where}: label {row.label!r} lacks {missing}")
    rows_at = rows_at or set(lines)
    for table in report.tables:
        for row in table.rows:
            if row.line not in rows_at and any(c.printed for c in row.cells):
                problems.append(f"line {row.line}: a row {row.label!r} {[c.printed for c in row.cells if c.printed]} that is no row of the table")
    return problems


_NUMBERING = re.compile(r"^\d+(?:-\d+)*\)\s*")


def table_problems(original: Report, read: Report, style: Style, limit: int = 12) -> list[str]:
    """The same tables, rows (label, parent), cells (printed text per column) and column roles."""
    problems: list[str] = []
    if len(read.tables) != len(original.tables):
        problems.append(f"{len(read.tables)} tables instead of {len(original.tables)}: "
                        f"{[t.title for t in read.tables]} instead of {[t.title for t in original.tables]}")
    for before, after in zip(original.tables, read.tables):
        facts = from_table(before)
        shown = shown_labels(facts, style.labels)
        where = f"{before.id} {before.title!r}"
        if facts.title and after.title != before.title:
            problems.append(f"{where}: title {after.title!r}")
        if after.unit != before.unit:
            problems.append(f"{where}: unit {after.unit!r} instead of {before.unit!r}")
        if [c.role for c in after.columns] != [c.role for c in before.columns]:
            problems.append(f"{where}: roles {[c.role for c in after.columns]} instead of {[c.role for c in before.columns]}")
        if len(after.rows) != len(before.rows):
            problems.append(f"{where}: {len(after.rows)} rows instead of {len(before.rows)}")
        for label, old, new in zip(shown, before.rows, after.rows):
            if squeeze(new.label) != squeeze(label):
                problems.append(f"{where} row {old.index}: label {new.label!r} instead of {label!r}")
            if new.parent != old.parent:
                problems.append(f"{where} row {old.index} {old.label!r}: parent {new.parent} instead of {old.parent}")
            cells = {c.column: squeeze(c.printed) for c in new.cells if c.printed}
            if cells != {c.column: squeeze(c.printed) for c in old.cells if c.printed}:
                problems.append(f"{where} row {old.index} {old.label!r}: cells {cells}")
    return problems[:limit] + ([f"… and {len(problems) - limit} more"] if len(problems) > limit else [])


def finding_keys(report: Report, findings) -> Counter:
    """Findings on tables as (table ordinal, row label, column position, class, kind): line numbers,
    numbering prefixes and header words change between renderings, these do not."""
    ordinal = {t.id: i for i, t in enumerate(report.tables)}
    position = {(t.id, c.name): c.index for t in report.tables for c in t.columns}
    return Counter(
        (ordinal.get(f.table, f.table), squeeze(_NUMBERING.sub("", f.row.strip())), position.get((f.table, f.column), f.column), f.cls, f.kind)
        # on tables only: sentences and 산출기초 lines of the report's prose are not rendered
        for f in findings if f.kind != "narrative" and f.table in ordinal
    )


def structure_problems(facts: Facts, report: Report, lines: list[int], roles: list[str] | None = None) -> list[str]:
    """Parents and columns of a one-table rendering: each row's parent is the row printed on its parent's
    line; the table has the facts' columns (and their roles, where given)."""
    if len(report.tables) != 1:
        return [f"{len(report.tables)} tables instead of 1"]
    table = report.tables[0]
    problems = []
    if len(table.columns) != len(facts.columns):
        problems.append(f"{len(table.columns)} columns instead of {len(facts.columns)}")
    if roles is not None and [c.role for c in table.columns] != roles:
        problems.append(f"roles {[c.role for c in table.columns]} instead of {roles}")
    by_line = {row.line: row for row in table.rows}
    for i, fact in enumerate(facts.rows):
        row = by_line.get(lines[i])
        if row is None:
            continue  # row_problems says why
        parent_line = table.rows[row.parent].line if row.parent is not None else None
        expected = lines[fact.parent] if fact.parent is not None else None
        if parent_line != expected:
            problems.append(f"row {i} {fact.label!r}: parent on line {parent_line} instead of {expected}")
    return problems
