"""Rule files against a report: what each rule matched, and what it could not find."""

from __future__ import annotations

from collections import Counter

from rich.table import Table as RichTable

from toolkit.engine import cells_frame, classify
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
    for name in ("table", "row", "column", "printed", "relation", "expected", "class", "lines"):
        table.add_column(name)
    for row in judged.iter_rows(named=True):
        table.add_row(row["table"], (row["row_label"] or "")[:30], (row["column_label"] or "")[:20], row["printed"] or "",
                      row["relation"] or "", f"{row['expected_rounded']:,.{row['decimals'] or 0}f}" if row["expected_rounded"] is not None else "",
                      row["class"], ",".join(str(n) for n in (row["lines"] or [])[:6]))
    return table
