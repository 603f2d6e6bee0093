"""One runner for every rule kind's case file (tests/cases/<kind>.yaml)."""

from collections import Counter
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from toolkit.engine import evaluate
from toolkit.reader import read_report_text
from toolkit.rules.loader import RuleSet
from toolkit.rules.registry import KINDS

CASES = Path(__file__).parent / "cases"


def _cases():
    for path in sorted(CASES.glob("*.yaml")):
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            # a file may give the report and rule fields once for all its cases
            merged = {"report": data.get("report"), "rule": data.get("rule", {}), **case}
            yield pytest.param(data["kind"], merged, id=f"{data['kind']}: {case['name']}")


def test_every_kind_has_cases():
    # against reads a kept workbook: its cases are in tests/test_ledger.py
    assert {p.stem for p in CASES.glob("*.yaml")} >= set(KINDS) - {"against"}


@pytest.mark.parametrize("kind,case", list(_cases()))
def test_case(kind, case, tmp_path):
    if "ledger" in case:
        (tmp_path / "ledger.csv").write_text(case["ledger"], encoding="utf-8")
    fields = {name: value.format(folder=tmp_path) if isinstance(value, str) else value for name, value in case["rule"].items()}
    model = KINDS[kind][0]
    rule = model(id=f"case-{kind}", kind=kind, at="case:1", **fields)
    result = evaluate(read_report_text(case["report"], source="case.txt"), RuleSet((rule,), ()))
    broken = [f.message for f in result.findings if "적용하지 못함" in f.message]
    assert not broken, broken
    # format and order report as kind other; a ledger rule's findings are amounts, rates and one-sided items
    counted = [f for f in result.findings if kind == "ledger" or f.kind == ("other" if kind in ("format", "order") else kind)]
    assert dict(Counter(f.cls for f in counted)) == case["expect"], [f.message for f in result.findings]
