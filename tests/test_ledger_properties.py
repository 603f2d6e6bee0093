"""Ledger properties on generated reports: a ledger of the report's own 원 amounts gives no ERROR
at any level; one line changed by more than rounding can hide gives an ERROR at its item, shows at
every row adding it up, and nowhere else."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from synthetic import budget_reports
from toolkit.engine import evaluate
from toolkit.reader import read_report_text
from toolkit.rules.kinds.ledger import Ledger
from toolkit.rules.loader import RuleSet

AMOUNTS = {"예산현액": "current", "집행액": "executed"}  # ledger column → table column (role)
WON = AMOUNTS


def _ledger_lines(report, draw) -> list[list]:
    """Each item's 원 amounts split over one to three ledger lines."""
    lines, department = [], None
    for line in report.lines[1:]:
        if line.label.endswith("담당관"):
            department = line.label
            continue
        parts = draw(st.integers(min_value=1, max_value=3))
        for part in range(parts):
            share = [line.won[WON[c]] // parts + (line.won[WON[c]] % parts if part == 0 else 0) for c in AMOUNTS]
            lines.append([department, line.label, *share])
    return lines


def _findings(report, lines):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ledger.csv"
        path.write_text("부서,세부사업," + ",".join(AMOUNTS) + "\n" + "\n".join(",".join(map(str, x)) for x in lines) + "\n", encoding="utf-8")
        rule = Ledger(id="ledger", kind="ledger", at="case:1", ledger=str(path), table="T01", key=["부서", "세부사업"],
                      amounts=dict(AMOUNTS), rates={"집행률": ["집행액", "예산현액"]})
        return evaluate(read_report_text(report.render(), source="synthetic.txt"), RuleSet((rule,), ())).findings


@settings(max_examples=25, deadline=None)
@given(budget_reports(), st.data())
def test_ledger_of_the_reports_own_amounts_gives_no_error(report, data):
    findings = _findings(report, _ledger_lines(report, data.draw))
    assert [f.message for f in findings if f.cls == "ERROR"] == []


@settings(max_examples=25, deadline=None)
@given(budget_reports(), st.data())
def test_one_changed_line_is_an_error_at_its_item_and_shows_in_every_total_above(report, data):
    lines = _ledger_lines(report, data.draw)
    changed = data.draw(st.integers(min_value=0, max_value=len(lines) - 1))
    column = data.draw(st.sampled_from(range(len(AMOUNTS))))
    delta = data.draw(st.sampled_from([-1, 1])) * data.draw(st.integers(min_value=2_000, max_value=50_000_000))
    lines[changed][2 + column] += delta
    department, item = lines[changed][:2]
    name = list(AMOUNTS)[column]
    # the table's column is "2024 예산현액" where the ledger's is 예산현액
    found = {(f.row, f.column.split()[-1]): f.cls for f in _findings(report, lines) if f.kind == "cross_table"}
    assert found.get((item, name)) == "ERROR"
    # a total may print the sum of its rounded items: up to half a unit each is rounding there, so a
    # small change is at least ROUNDING at every level, and an ERROR once it exceeds what rounding hides
    # (at most 16 items here: 8 units, and the printed total's own rounding: under 10,000 원)
    above = {found.get((label, name)) for label in (department, "계")}
    assert above <= {"ERROR", "ROUNDING"} and (abs(delta) < 10_000 or above == {"ERROR"})
    assert {cell for cell, cls in found.items() if cls == "ERROR"} <= {(label, name) for label in (item, department, "계")}
