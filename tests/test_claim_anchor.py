"""A narrative rule finds its sentence by words and figure, so inserted lines do not break it."""

from toolkit.engine import evaluate
from toolkit.reader import read_report_text
from toolkit.rules.loader import load_rule_file

REPORT = """□ 회계별 세출예산안
(단위 : 백만원)
구분\t2024 예산안\t2023 예산
일반회계\t14,182\t15,110
도시개발특별회계\t490\t519

○ 도시개발특별회계 세출예산안은 전년도 대비 5.5% 감액된 4억 9천만원임.
○ 일반회계 세출예산안은 1,418억 2천9백만원으로 전년도 대비 감액됨.
"""
RULE = """rules:
  - id: spending-sentence
    kind: narrative
    claim: {text: "도시개발특별회계 세출예산안은", figure: "4억 9천만원"}
    cell: {table: "회계별", row: "도시개발특별회계", column: current}
"""


def _findings(text, rules):
    return evaluate(read_report_text(text, source="r.txt"), rules).findings


def test_narrative_rule_survives_inserted_lines(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text(RULE, encoding="utf-8")
    rules = load_rule_file(path)
    assert not [f for f in _findings(REPORT, rules) if f.rule == "spending-sentence"]
    moved = "□ 머리말\n\n○ 새로 넣은 문장입니다.\n\n" + REPORT
    assert not [f for f in _findings(moved, rules) if f.rule == "spending-sentence" and f.kind == "other"]
    wrong = moved.replace("도시개발특별회계\t490", "도시개발특별회계\t480")
    found = [f for f in _findings(wrong, rules) if f.rule == "spending-sentence"]
    assert found and found[0].cls == "ERROR" and found[0].cell == "line 11"  # the sentence where it now stands


def test_a_claim_matching_nothing_names_what_it_looked_for(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text(RULE.replace("4억 9천만원", "5억원"), encoding="utf-8")
    found = _findings(REPORT, load_rule_file(path))
    assert any(f.kind == "other" and "no stated figure with text '도시개발특별회계 세출예산안은', figure '5억원'" in f.message for f in found)
