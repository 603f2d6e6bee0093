"""report.html: one self-contained page (no network): summary, causes, findings with filters,
the tables as printed with flagged cells, and the report lines the findings point to.
Jinja2 autoescaping keeps any text from the report inert."""

from __future__ import annotations

from collections import Counter

from jinja2 import Environment, PackageLoader, select_autoescape

from toolkit.engine import Result, _column_letter
from toolkit.findings import CLASSES, by_seriousness, messages_by_cell, worst_class_by_cell
from toolkit.model import Report

ENVIRONMENT = Environment(loader=PackageLoader("toolkit.writers", "templates"), autoescape=select_autoescape(["html", "j2"]))


def render(result: Result, report: Report, report_lines: list[str] | None = None) -> str:
    worst = worst_class_by_cell(result.findings)
    notes = messages_by_cell(result.findings)
    blamed = {c.cell: c for c in result.causes}
    tables = []
    for table in report.tables:
        rows = []
        for row in table.rows:
            cells = []
            for cell in row.cells:
                ref = f"{table.id}!{_column_letter(cell.column + 1)}{row.index + 2}"
                note = list(notes.get(ref, []))
                if ref in blamed:
                    note.append(f"suggested correction: {blamed[ref].suggested}")
                cells.append({"printed": cell.printed, "ref": ref, "cls": worst.get(ref, ""), "blamed": ref in blamed, "note": "\n".join(note)})
            rows.append({"label": row.label, "level": row.level, "line": row.line, "cells": cells})
        flagged = sum(1 for r in rows for c in r["cells"] if c["cls"])
        tables.append({"id": table.id, "title": table.title, "unit": table.unit, "first_line": table.first_line,
                       "last_line": table.last_line, "columns": [c.name for c in table.columns], "rows": rows, "flagged": flagged})
    wanted = sorted({n for f in result.findings for n in f.lines} | {c.line for c in result.causes})
    lines = [(n, report_lines[n - 1]) for n in wanted if report_lines and 0 < n <= len(report_lines)]
    findings = by_seriousness(result.findings)
    return ENVIRONMENT.get_template("report.html.j2").render(
        source=result.source, relations=result.relations_checked, counts=Counter(f.cls for f in result.findings),
        classes=CLASSES, kinds=sorted({f.kind for f in result.findings}), causes=result.causes, findings=findings,
        tables=tables, table_ids={t.id for t in report.tables}, lines=lines,
    )
