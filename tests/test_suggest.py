"""`recon rules suggest` writes the relations a report's figures prove as a rule file that loads, and
checking with that file alone (discover: false) finds what the discovered relations found."""

from __future__ import annotations

from toolkit.cli import main
from toolkit.engine import evaluate
from toolkit.reader import read_report_text
from toolkit.rules.loader import RuleSet, load_rule_file

REPORT = """가 1,000 600 400
나 2,000 1,500 500
다 3,000 1,000 2,000
라 500 200 300
마 800 300 500
바 900 100 810
"""


def test_suggested_rule_file_checks_the_same_relations(tmp_path):
    report = tmp_path / "draft.txt"
    report.write_text(REPORT, encoding="utf-8")
    out = tmp_path / "draft.yaml"
    assert main(["rules", "suggest", str(report), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8").replace("discover: true", "discover: false")
    out.write_text(text, encoding="utf-8")
    rules = load_rule_file(out)
    assert [r.kind for r in rules.rules] == ["discovered"]
    found = evaluate(read_report_text(REPORT, source="draft.txt"), RuleSet(rules.rules, rules.files)).findings
    assert [(f.cls, f.lines[0], f.established) for f in found] == [("ERROR", 6, "규칙 파일")]
