"""Rule files against a report: what each rule matched, and what it could not find."""

from __future__ import annotations

from collections import Counter

from rich.table import Table as RichTable

from toolkit.engine import cells_frame
from toolkit.number_formats import shown_like
from toolkit.rules.rounding import classify
from toolkit.model import Report
from toolkit.rules.base import RuleBase
from toolkit.rules.registry import KINDS


def lint(rules: tuple[RuleBase, ...], report: Report) -> list[str]:
    """One line per problem: a rule naming a missing table/row/column, a rule that matched nothing,
    two rules that compare the same figures with different verdict settings."""
    cells = cells_frame(report)
    notes = []
    seen: dict[tuple, RuleBase] = {}
    for rule in rules:
        try:
            relations = KINDS[rule.kind][1](rule, cells, report)
        except LookupError as error:
            notes.append(f"{rule.at}: rule {rule.id!r}: {error}")
            continue
        if relations.height == 0:
            notes.append(f"{rule.at}: rule {rule.id!r} matched nothing in {report.source}")
        for refs in relations["refs"].to_list():
            key = (rule.kind, tuple(sorted(refs or ())))
            other = seen.setdefault(key, rule)
            if other is not rule and other.identity != rule.identity:
                notes.append(f"{rule.at}: rule {rule.id!r} contradicts {other.id!r} ({other.at}): same figures, identity {rule.identity} vs {other.identity}")
                break
    return notes


def explain(rule: RuleBase, report: Report) -> RichTable:
    cells = cells_frame(report)
    judged = classify(KINDS[rule.kind][1](rule, cells, report))
    counts = Counter(judged["class"].to_list())
    table = RichTable(title=f"{rule.id} ({rule.kind}, {rule.at}) on {report.source}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    # wrapped to the terminal, never cut: a figure cut short (13,596…) is a wrong figure
    for name in ("table", "row", "column", "printed", "relation", "expected", "class", "lines"):
        table.add_column(name, overflow="fold", no_wrap=name in ("printed", "expected"))
    for row in judged.iter_rows(named=True):
        printed = row["printed"] or ""
        expected = row.get("expected_text") or (shown_like(row["expected_rounded"], row["decimals"] or 0, printed)
                                               if row["expected_rounded"] is not None else "")
        table.add_row(row["table"], row["row_label"] or "", row["column_label"] or "", printed,
                      row["relation"] or "", expected, row["class"], ", ".join(str(n) for n in sorted(set(row["lines"] or []))))
    return table
