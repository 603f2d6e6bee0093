"""The machine-readable extract: every table cell and claim with its printed text and report line."""

from __future__ import annotations

from toolkit.model import Report


def report_json(report: Report) -> dict:
    return {
        "source": report.source,
        "tables": [
            {
                "id": t.id, "title": t.title, "unit": t.unit, "lines": [t.first_line, t.last_line],
                "columns": [{"name": c.name, "role": c.role, "year": c.year} for c in t.columns],
                "rows": [
                    {
                        "label": r.label, "line": r.line, "level": r.level, "parent": r.parent, "parent_via": r.parent_via,
                        "cells": [{"column": t.columns[c.column].name if c.column < len(t.columns) else c.column,
                                   "printed": c.printed, "value": c.value, "line": c.line} for c in r.cells if c.printed],
                    }
                    for r in t.rows
                ],
            }
            for t in report.tables
        ],
        "claims": [{"line": c.line, "printed": c.printed, "value": c.value, "unit": c.unit, "text": c.text} for c in report.claims],
    }
