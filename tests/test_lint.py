from toolkit.cli import main
from toolkit.reader import read_report_text
from toolkit.rules.kinds.cross_table import CrossTable
from toolkit.rules.kinds.sum import Sum
from toolkit.rules.lint import lint

REPORT = """세출 총괄 (단위 : 천원)
구 분 예산현액 최종예산
계 300 250
가사업 100 50
나사업 200 200
"""


def test_missing_table_suggests_the_nearest_title():
    rule = CrossTable(id="x", kind="cross_table", at="r.yaml:3",
                      left={"table": "세출 총괄", "row": "계", "column": "current"},
                      right={"table": "세출 총광", "row": "가사업", "column": "current"})
    notes = lint((rule,), read_report_text(REPORT, source="r.txt"))
    assert notes and "r.yaml:3" in notes[0] and "did you mean '세출 총괄'" in notes[0]


def test_rule_that_matches_nothing_is_reported():
    rule = Sum(id="s", kind="sum", at="r.yaml:7", tables="세입")
    notes = lint((rule,), read_report_text(REPORT, source="r.txt"))
    assert notes == ["r.yaml:7: rule 's' matched nothing in r.txt"]


def test_broken_rule_becomes_a_finding_not_a_traceback(tmp_path, samples):
    rules = tmp_path / "r.yaml"
    rules.write_text('rules:\n  - id: nowhere\n    kind: cross_table\n    left: {table: "없는 표", row: "계", column: current}\n'
                     '    right: {table: "세출 총괄", row: "계", column: current}\n', encoding="utf-8")
    code = main(["reconcile", str(samples[2]), "--rules", str(rules), "--out", str(tmp_path / "o"), "--quiet"])
    assert code in (0, 1)
    text = (tmp_path / "o" / "findings.json").read_text(encoding="utf-8")
    assert "nowhere" in text and "없는 표" in text
