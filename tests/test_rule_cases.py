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
            yield pytest.param(data["kind"], case, id=f"{data['kind']}: {case['name']}")


def test_every_kind_has_cases():
    # ledger and against read another file (a ledger, a kept workbook): their cases are tests/test_ledger.py
    assert {p.stem for p in CASES.glob("*.yaml")} >= set(KINDS) - {"ledger", "against"}


@pytest.mark.parametrize("kind,case", list(_cases()))
def test_case(kind, case):
    model = KINDS[kind][0]
    rule = model(id=f"case-{kind}", kind=kind, at="case:1")
    result = evaluate(read_report_text(case["report"], source="case.txt"), RuleSet((rule,), ()))
    reported_as = "other" if kind in ("format", "order") else kind
    counts = Counter(f.cls for f in result.findings if f.kind == reported_as)
    assert dict(counts) == case["expect"], [f.message for f in result.findings]
