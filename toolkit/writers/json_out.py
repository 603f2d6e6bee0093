"""findings.json: {"source", "summary", "findings": [...], "causes": [...], "checked": [...]} (checked: per table,
each relation checked and how it was established)."""

from __future__ import annotations

import json
from collections import Counter

from toolkit.engine import Result


def as_dict(result: Result) -> dict:
    return {
        "source": result.source,
        "summary": {
            "relations_checked": result.relations_checked,
            "by_class": dict(Counter(f.cls for f in result.findings)),
            "by_kind": dict(Counter(f.kind for f in result.findings)),
            "causes": len(result.causes),
        },
        "findings": [f.to_dict() for f in result.findings],
        "causes": [c.to_dict() for c in result.causes],
        "checked": [c.to_dict() for c in result.checked],
    }


def render(result: Result) -> str:
    return json.dumps(as_dict(result), ensure_ascii=False, indent=2) + "\n"
