"""What was checked (issue 13 item 1): per table, every relation checked and how it was established,
in the result and in findings.json, findings.md and report.html — also for a table with no finding."""

from __future__ import annotations

import json

from toolkit.cli import main
from toolkit.engine import evaluate
from toolkit.reader import read_report_text
from toolkit.rules.loader import rules_for

# 증감액 is named by its header; the second table's headers name nothing (read as 열1 …): only its figures prove 열3 = 열1 − 열2
REPORT = """(단위 : 천원)
구 분 2024 예산안 2023 예산액 증감액
계 9,268 8,844 424
가사업 5,127 4,901 226
나사업 4,141 3,943 198

(단위 : 천원)
구분 첫째 둘째 셋째
갑 1,250 830 420
을 2,410 1,225 1,185
병 3,070 1,990 1,080
정 4,415 2,004 2,411
무 5,160 3,141 2,019
"""


def _checked():
    result = evaluate(read_report_text(REPORT, source="new_report.txt"), rules_for("new_report.txt"))
    return result, {(c.table, c.relation): c for c in result.checked}


def test_every_relation_checked_is_listed_with_how_it_was_established():
    result, checked = _checked()
    assert result.findings == ()
    difference = checked[("T01", "증감액 = 2024 예산안 − 2023 예산액")]
    assert (difference.checked, difference.errors, difference.established) == (3, 0, "머리글 단어(열 역할)")
    assert checked[("T01", "상위 행 = 하위 행의 합 (2024 예산안, 2023 예산액, 증감액)")].checked == 3
    proven = [c for c in result.checked if c.table == "T02"]
    assert [(c.relation, c.established) for c in proven] == [("열3 = 열1 − 열2", "수치로 입증: 5/5행에서 성립")]


def test_the_outputs_show_what_was_checked(tmp_path):
    path = tmp_path / "new_report.txt"
    path.write_text(REPORT, encoding="utf-8")
    out = tmp_path / "out"
    main(["reconcile", str(path), "--out", str(out), "--quiet"])
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert {"table": "T02", "relation": "열3 = 열1 − 열2", "established": "수치로 입증: 5/5행에서 성립"}.items() <= data["checked"][-1].items()
    markdown = (out / "findings.md").read_text(encoding="utf-8")
    assert "## What was checked" in markdown and "| 열3 = 열1 − 열2 | 수치로 입증: 5/5행에서 성립 | 5 | 0 | 0 | 0 |" in markdown
    html = (out / "report.html").read_text(encoding="utf-8")
    assert 'id="checked"' in html and "수치로 입증: 5/5행에서 성립" in html
