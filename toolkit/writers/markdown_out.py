"""findings.md: a summary, then one line per finding, ERRORs first, the causes, and what was checked."""

from __future__ import annotations

from collections import Counter

from toolkit.engine import Result
from toolkit.findings import by_seriousness
from toolkit.safe_text import markdown_text

def _cell(text: str) -> str:
    return markdown_text(text)  # HTML and link syntax escaped: a label is never markup


def render(result: Result) -> str:
    counts = Counter(f.cls for f in result.findings)
    lines = [
        f"# recon findings — {markdown_text(result.source)}",
        "",
        f"Relations checked: {result.relations_checked}. "
        + ", ".join(f"{name}: {counts.get(name, 0)}" for name in ("ERROR", "ROUNDING", "AMBIGUOUS")),
        "",
        "| id | class | kind | table | row | column | printed | expected | lines | rule | message |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for f in by_seriousness(result.findings):
        lines.append(
            f"| {f.id} | {f.cls} | {f.kind} | {_cell(f.table)} {_cell(f.title)} | {_cell(f.row_path or f.row)} | {_cell(f.column_path or f.column)} | {_cell(f.printed)} | "
            f"{_cell(f.expected)} | {', '.join(map(str, f.lines))} | {_cell(f.rule_at)} | {_cell(f.message)} |"
        )
    if result.causes:
        lines += ["", "## Causes", "", "| findings | figure | line | printed | suggested | slip | alternatives |", "|---|---|---|---|---|---|---|"]
        for c in result.causes:
            lines.append(
                f"| {', '.join(c.findings)} | {_cell(c.cell)} {_cell(c.place)} | {c.line} | {_cell(c.printed)} | "
                f"{_cell(c.suggested or c.note)} | {c.slip or ''} | {_cell('; '.join(c.alternatives))} |"
            )
    if result.checked:
        lines += ["", "## What was checked", "", "| table | relation | established by | checked | ERROR | ROUNDING | AMBIGUOUS |", "|---|---|---|---|---|---|---|"]
        for k in result.checked:
            lines.append(
                f"| {_cell(k.table)} {_cell(k.title)} | {_cell(k.relation)} | {_cell(k.established)} | {k.checked} | {k.errors} | {k.rounding} | {k.ambiguous} |"
            )
    return "\n".join(lines) + "\n"
