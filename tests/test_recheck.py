"""A suggested value stands only if applying it makes the relations it claims to fix hold."""

from dataclasses import replace

from toolkit.engine import evaluate, judge
from toolkit.places import place_frame
from toolkit.reader import read_report
from toolkit.recheck import apply, recheck
from toolkit.rules.loader import rules_for

TABLE = """□ 부서별 예산 현황
(단위 : 천원)
구분\t2024 예산\t2023 예산\t증감
계\t1,000\t900\t100
가과\t600\t500\t100
나과\t390\t400\t△10
"""


def _checked(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(TABLE, encoding="utf-8")
    report = read_report(path)
    rules = rules_for(report.source)
    return report, rules, evaluate(report, rules)


def test_a_suggestion_that_fixes_the_relation_stands(tmp_path):
    report, rules, result = _checked(tmp_path)
    assert result.causes and all(c.suggested for c in result.causes)
    fixed = apply(report, {c.cell: (c.suggested, float(c.suggested.replace(",", "").replace("△", "-"))) for c in result.causes})
    again = evaluate(fixed, rules)
    assert not [f for f in again.findings if f.cls == "ERROR"]


def test_a_suggestion_that_leaves_the_relation_broken_is_withdrawn_and_says_what_disagrees(tmp_path):
    report, rules, result = _checked(tmp_path)
    wrong = [replace(c, suggested="12,345") for c in result.causes]
    checked = recheck(wrong, result.findings, report, lambda r, rs, _values: judge(r, rs)[0], rules.rules, place_frame(report))
    assert checked and all(c.suggested == "" and "맞지 않는 수치" in c.note for c in checked)
    claimed = {f.id: f for f in result.findings}[checked[0].findings[0]]
    assert claimed.printed in checked[0].note and claimed.expected in checked[0].note
    assert checked[0].row_path  # causes name their place too


def test_patching_the_cells_reads_as_the_applied_report(tmp_path):
    """The re-check patches the first run's cells instead of building them again from the changed report."""
    from polars.testing import assert_frame_equal

    from toolkit.engine import cells_frame, with_values

    report, _, result = _checked(tmp_path)
    values = {c.cell: ("1,234", 1234.0) for c in result.causes} | {"T01!B3": ("△7", -7.0), "NOPE!Z9": ("1", 1.0)}
    assert_frame_equal(with_values(cells_frame(report), values), cells_frame(apply(report, values)))
