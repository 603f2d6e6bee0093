"""Suggestions that are corrections: every suggested value is applied to the report and the
rules are run again, judged by the same classifier as the first time. A suggestion stands
only if, with all standing suggestions applied, every relation it claims to fix holds and no
relation through its figure that held before breaks. Otherwise the cause keeps naming the
figure but offers no value, and says which figures disagree.

This runs on blame's output and knows nothing of how blame searched.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import polars as pl

from toolkit.figures import parse_figure
from toolkit.findings import Cause, Finding
from toolkit.model import Report
from toolkit.number_formats import shown_like

ROUNDS = 3  # dropping a suggestion can only help the others; a few rounds settle it
NO_FIT = {"ko": "이 값을 넣어도 관계가 맞지 않아 수정값을 제시하지 않음 — 서로 맞지 않는 수치: ", "en": "no value offered: applying one leaves the relation broken — figures that disagree: "}


def _cell_index(ref: str) -> tuple[str, int, int] | None:
    """T02!C5 → (T02, row index 3, column index 1): the workbook layout of engine.cells_frame."""
    if "!" not in ref:
        return None
    table, cell = ref.rsplit("!", 1)  # a sheet name may hold a '!'; a cell address never does
    letters = "".join(ch for ch in cell if ch.isalpha())
    digits = cell[len(letters):]
    if not letters or not digits.isdigit():
        return None
    column = 0
    for ch in letters.upper():
        column = column * 26 + ord(ch) - 64
    return table, int(digits) - 2, column - 2


def apply(report: Report, values: dict[str, tuple[str, float]]) -> Report:
    """The report with the given cells (ref → printed, value) reading as suggested."""
    wanted: dict[tuple[str, int, int], tuple[str, float]] = {}
    for ref, value in values.items():
        where = _cell_index(ref)
        if where:
            wanted[where] = value
    changed = {(table, row) for table, row, _ in wanted}  # only these rows are built again (this runs every re-check round)
    in_tables = {table for table, _ in changed}
    tables = []
    for table in report.tables:
        if table.id not in in_tables:
            tables.append(table)
            continue
        rows = []
        for row in table.rows:
            if (table.id, row.index) not in changed:
                rows.append(row)
                continue
            cells = tuple(
                replace(cell, printed=wanted[key][0], value=wanted[key][1]) if (key := (table.id, row.index, cell.column)) in wanted else cell
                for cell in row.cells
            )
            rows.append(replace(row, cells=cells) if cells != row.cells else row)
        tables.append(replace(table, rows=tuple(rows)))
    return replace(report, tables=tuple(tables))


def _styled(suggested: str, printed: str) -> str:
    """The suggestion with the negative mark the printed figure uses (-641 → -391, not △391)."""
    figure = parse_figure(suggested) if suggested else None
    if figure is None or figure.value is None:
        return suggested
    return shown_like(figure.value, figure.decimals, printed)


def _key(rule: str, ref: str, refs) -> tuple:
    return rule, ref, tuple(r for r in (refs or ()) if r)


def recheck(causes: Sequence[Cause], findings: Sequence[Finding], report: Report,
            judge: Callable[[Report, tuple, dict[str, tuple[str, float]]], pl.DataFrame], rules: tuple, places: pl.DataFrame, lang: str = "ko",
            judged: pl.DataFrame | None = None) -> list[Cause]:
    """`judged`, the first run's relations, narrows the second run to the rules that compare a suggested figure.
    `judge(report, rules, values)` is given the changed report and the values changed (ref → printed, value)."""
    from toolkit.timings import stage

    with stage("recheck"):  # inside evaluate, apart from blame's own stage
        return _recheck(causes, findings, report, judge, rules, places, lang, judged)


def _recheck(causes: Sequence[Cause], findings: Sequence[Finding], report: Report,
             judge: Callable[[Report, tuple, dict[str, tuple[str, float]]], pl.DataFrame], rules: tuple, places: pl.DataFrame, lang: str,
             judged: pl.DataFrame | None) -> list[Cause]:
    named = _with_places(causes, places)
    by_id = {f.id: f for f in findings}
    values: dict[str, tuple[str, float]] = {}
    for cause in named:
        figure = parse_figure(cause.suggested) if cause.suggested else None
        if _cell_index(cause.cell) and figure is not None and figure.value is not None:
            values[cause.cell] = (cause.suggested, figure.value)
    if not values:
        return named
    claimed = {c.cell: [by_id[f] for f in c.findings if f in by_id] for c in named if c.cell in values}
    broken_before = {_key(f.rule, f.cell, f.refs) for f in findings if f.cls == "ERROR"}
    wanted_rules = {f.rule for found in claimed.values() for f in found}
    # rules reading other files (a ledger, a kept workbook) are run again only when a suggestion claims them
    if judged is not None:  # only rules with a relation through a suggested figure can change their verdict
        through = set(judged.filter(pl.col("refs").list.eval(pl.element().is_in(list(values))).list.any())["rule"].unique().to_list())
        # rules reading other files (a ledger, a kept workbook) are run again only when a suggestion claims them
        rerun = tuple(r for r in rules if r.id in wanted_rules or (r.id in through and r.kind not in ("ledger", "against")))
    else:
        rerun = tuple(r for r in rules if r.id in wanted_rules or r.kind not in ("ledger", "against"))
    standing = dict(values)
    rejected: dict[str, list[Finding]] = {}
    for _ in range(ROUNDS):
        if not standing:
            break
        judged = judge(apply(report, standing), rerun, standing)
        errors = judged.filter(pl.col("class") == "ERROR").select("rule", "ref", "refs").to_dicts()
        now_broken = {_key(e["rule"], e["ref"], e["refs"]) for e in errors}
        failing = {}
        for ref in standing:
            still = [f for f in claimed[ref] if _key(f.rule, f.cell, f.refs) in now_broken]
            new = [e for e in errors if ref in (e["refs"] or ()) and _key(e["rule"], e["ref"], e["refs"]) not in broken_before]
            if still or new:
                failing[ref] = still or claimed[ref]
        if not failing:
            break
        for ref, found in failing.items():
            del standing[ref]
            rejected[ref] = found
    out = []
    for cause in named:
        if cause.cell in rejected:
            disagree = "; ".join(f"{f.place}: {f.printed} ↔ {f.expected}" for f in rejected[cause.cell])
            cause = replace(cause, suggested="", slip=None, note=NO_FIT[lang] + disagree)
        out.append(replace(cause, suggested=_styled(cause.suggested, cause.printed)))
    return out


def _with_places(causes: Sequence[Cause], places: pl.DataFrame) -> list[Cause]:
    lookup = {r["ref"]: r for r in places.filter(pl.col("ref").is_in([c.cell for c in causes])).iter_rows(named=True)} if causes else {}
    return [replace(c, title=p["table_title"], row_path=p["row_path"], column_path=p["column_path"]) if (p := lookup.get(c.cell)) else c for c in causes]
