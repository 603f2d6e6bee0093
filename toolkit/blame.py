"""Causes: the fewest printed figures whose change makes every relation hold, and what they should read.

One wrong figure breaks several relations (a total, its 증감액, its 증감률, the same
figure in another table). The search for the fewest figures whose change makes every relation
hold is in toolkit/blame_search.py (single figures, pairs, then an integer program); here the
relations and figures are gathered from the judged frame, and each chosen correction becomes a
cause, named as a typical slip where one fits.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import polars as pl

from toolkit.blame_search import MAX_ALTERNATIVES, Figure, Fix, Relation, Search, components
from toolkit.figures import format_number, parse_figure
from toolkit.findings import Cause, Finding

DERIVED_WEIGHT = 0.9

__all__ = ["Figure", "Relation", "find_causes", "name_slip"]

def name_slip(printed: str, suggested: str) -> str | None:
    """Name the typical slip that turns `suggested` into `printed`, if one fits."""
    was, now = parse_figure(suggested), parse_figure(printed)
    if was is None or now is None or was.value is None or now.value is None:
        return None
    if was.value == -now.value and was.value != 0:
        return "△ 부호 누락 또는 추가 (dropped sign)"
    if now.value and was.value and round(abs(now.value / was.value), 6) in (1000.0, 0.001):
        return "단위 착오 1,000배 (unit slip)"
    a, b = re.sub(r"\D", "", printed), re.sub(r"\D", "", suggested)
    if len(a) == len(b):
        differ = [i for i in range(len(a)) if a[i] != b[i]]
        if len(differ) == 1:
            return "숫자 한 자리 오기 (one digit wrong)"
        if len(differ) == 2 and differ[1] == differ[0] + 1 and a[differ[0]] == b[differ[1]] and a[differ[1]] == b[differ[0]]:
            return "인접 숫자 자리바뀜 (transposed digits)"
    return None


class _Neighbours:
    """Each cell's place and the printed figures by (table, column, row), gathered once from the cells:
    a polars filter per cause cost more than the whole index."""

    def __init__(self, cells: pl.DataFrame):
        self.place: dict[str, tuple[str, int, int, str]] = {}
        self.printed: dict[tuple[str, int, int], list[str]] = {}
        for ref, table, row, col, printed in cells.select("ref", "table", "row", "col", "printed").iter_rows():
            self.place.setdefault(ref, (table, row, col, printed))
            self.printed.setdefault((table, col, row), []).append(printed)

    def copy(self, ref: str) -> str | None:
        """The printed figure equals the one in the row above or below, same column."""
        if ref not in self.place:
            return None
        table, row, col, printed = self.place[ref]
        if printed and any(printed in self.printed.get((table, col, other), ()) for other in (row - 1, row + 1)):
            return "이웃 행 값 복사 (copied from the neighbouring row)"
        return None


def _linked(chosen: list[str], component: list[Relation]) -> dict[str, set[str]]:
    """Each chosen figure's companions: the chosen figures joined to it by relations of the
    component, directly or through other chosen figures."""
    group = {ref: {ref} for ref in chosen}
    for relation in component:
        moved = [ref for ref in relation.refs if ref in group]
        for ref in moved[1:]:
            if group[ref] is not group[moved[0]]:
                merged = group[ref] | group[moved[0]]
                for member in merged:
                    group[member] = merged
    return group


def find_causes(findings: list[Finding], judged: pl.DataFrame, cells: pl.DataFrame,
                then: Callable[[list[Cause]], list[Cause]] | None = None) -> list[Cause]:
    """The causes of the ERRORs. `then`, given the causes before their alternatives are listed,
    returns them transformed one for one (the re-check): it runs while the solver still lists the
    sets that tie with each best set, and the alternatives are added to what it returns."""
    from toolkit.timings import stage

    with stage("blame"):
        found = _find_causes(findings, judged, cells)
    if found is None:
        return then([]) if then else []
    causes, complete = found
    if then is not None:
        causes = then(causes)
    with stage("blame"):  # the tail of the solver's listing of ties that `then` did not hide
        return complete(causes)


def _find_causes(findings: list[Finding], judged: pl.DataFrame,
                 cells: pl.DataFrame) -> tuple[list[Cause], Callable[[list[Cause]], list[Cause]]] | None:
    """The causes without their alternatives, and what adds those (waiting for the solver); None without ERRORs."""
    errors = {f.id: f for f in findings if f.cls == "ERROR"}
    if not errors or judged.height == 0:
        return None
    # AMBIGUOUS relations (not identities, doubtful columns) do not bind a correction
    bindable = judged.filter(pl.col("form").is_in(["linear", "ratio", "ratio_diff"]) & (pl.col("class") != "AMBIGUOUS"))
    heads = cells.filter(pl.col("parent").is_not_null()).select(pl.col("table"), pl.col("parent").alias("row")).unique()
    info = cells.join(heads.with_columns(pl.lit(True).alias("heads")), on=["table", "row"], how="left")
    derived = pl.col("role").is_in(["change", "change_rate", "execution_rate", "share"]) | pl.col("heads").fill_null(False)
    info = info.with_columns(pl.when(derived).then(DERIVED_WEIGHT).otherwise(1.0).alias("weight"))
    # only the figures some relation compares: a Figure for every cell of the report cost more than the rest
    info = info.filter(pl.col("ref").is_in(bindable["refs"].explode().drop_nulls().unique().implode()))
    figures = {
        r["ref"]: Figure(r["ref"], r["value"] or 0.0, r["half"], r["decimals"], r["printed"], r["table"], r["label"], r["col_name"], r["line"], r["weight"])
        for r in info.iter_rows(named=True)
    }
    relations = []
    for row in bindable.iter_rows(named=True):
        refs = tuple(row["refs"] or ())
        if not refs or any(r not in figures for r in refs):
            continue
        finding = None
        if row["class"] == "ERROR":
            finding = next((f.id for f in errors.values() if f.rule == row["rule"] and f.cell == row["ref"] and f.refs == refs), None)
        relations.append(Relation(row["form"], refs, tuple(row["coefs"] or ()), 0.0, finding))
    causes: list[Cause] = []
    neighbours: _Neighbours | None = None
    parts = components(relations)
    search = Search(parts, figures)
    placed: list[tuple[int, int, Fix]] = []  # each component's causes (start, end) and best set, for its alternatives
    for component, (best, proven) in zip(parts, search.best()):
        if best is None:
            placed.append((len(causes), len(causes), []))
            continue
        failing = sorted({r.finding for r in component if r.finding})
        # the figures each failing relation names, gathered once: a component with hundreds of ERRORs stays linear
        named: dict[str, set[str]] = {}
        for relation in component:
            if relation.finding:
                named.setdefault(relation.finding, set()).update(relation.refs)
        direct = {ref: tuple(f for f in failing if ref in named[f]) for ref, _ in best}
        # a figure changed only so that a relation that held still holds (a rate moving with its
        # 증감액) explains what the companions it moves with explain: the set's figures linked to it
        # through the component's relations (else what the whole set explains)
        together = tuple(sorted({f for found in direct.values() for f in found}))
        companions = _linked([ref for ref, _ in best], component)
        start = len(causes)
        for ref, value in best:
            figure = figures[ref]
            suggested = format_number(value, figure.decimals, percent=figure.printed.endswith("%"))
            explained = direct[ref] or tuple(sorted({f for other in companions[ref] for f in direct[other]})) or together
            slip = name_slip(figure.printed, suggested)
            if slip is None:
                neighbours = neighbours or _Neighbours(cells)
                slip = neighbours.copy(ref)
            causes.append(Cause(
                findings=explained, table=figure.table, row=figure.row, column=figure.column, cell=ref, line=figure.line,
                printed=figure.printed, suggested=suggested,
                slip=slip, alternatives=(), best_so_far=not proven,
            ))
        placed.append((start, len(causes), best))

    def describe(fix_set: Fix) -> str:
        return " + ".join(f"{figures[r].table} '{figures[r].row}' {figures[r].column} → {format_number(v, figures[r].decimals, percent=figures[r].printed.endswith('%'))}" for r, v in fix_set)

    def complete(checked: list[Cause]) -> list[Cause]:
        """The causes (as `then` returned them, one for one) with the sets that tie with their component's best."""
        if len(checked) != len(causes):
            raise ValueError("the causes must come back one for one to take their alternatives")
        out = list(checked)
        for (start, end, best), (sets, _) in zip(placed, search.solutions()):
            best_cost = sum(figures[ref].weight for ref, _ in best)
            ties = sorted((s for s in sets[1:] if abs(sum(figures[ref].weight for ref, _ in s) - best_cost) < 1e-6), key=lambda s: sorted(s))  # in a stable order, not the solver's
            alternatives = tuple(describe(t) for t in ties[:MAX_ALTERNATIVES])
            if alternatives:
                out[start:end] = [replace(c, alternatives=alternatives) for c in out[start:end]]
        return out

    # ERRORs no figure explains (sentences, broken forms, a set the solver left incomplete — its
    # switches carry moves within their integrality tolerance): the printed target itself, which the
    # re-check then confirms or turns into the figures that disagree
    explained = {f for c in causes for f in c.findings}
    for finding in errors.values():
        if finding.id not in explained and finding.expected:
            causes.append(Cause((finding.id,), finding.table, finding.row, finding.column, finding.cell,
                                finding.lines[0] if finding.lines else 0, finding.printed, finding.expected,
                                name_slip(finding.printed, finding.expected), ()))
    return causes, complete
