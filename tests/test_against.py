"""--against: rows and tables on either side, deletions and renames, in plain words."""

import json

from toolkit.cli import main

KEPT = """□ 부서별 예산 현황
(단위 : 천원)
구분\t2024 예산\t2023 예산
계\t1,000\t900
가과\t600\t500
나과\t300\t300
다과\t100\t100

□ 인력 현황
(단위 : 명)
구분\t정원\t현원
계\t10\t9
"""
# the draft: 나과 renamed 나담당관, 다과 dropped (its amount moved into 가과), 라과 added, the 인력 table gone
DRAFT = """□ 부서별 예산 현황
(단위 : 천원)
구분\t2024 예산\t2023 예산
계\t1,050\t950
가과\t700\t600
나담당관\t300\t300
라과\t50\t50
"""


def test_against_reports_rows_and_tables_on_either_side_in_plain_words(tmp_path):
    (tmp_path / "kept.txt").write_text(KEPT, encoding="utf-8")
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    assert main(["extract", str(tmp_path / "kept.txt"), "-o", str(tmp_path / "kept.xlsx")]) == 0
    main(["reconcile", str(tmp_path / "draft.txt"), "--only-rules", "--against", str(tmp_path / "kept.xlsx"),
          "--out", str(tmp_path / "o"), "--format", "json", "--quiet"])
    findings = json.loads((tmp_path / "o" / "findings.json").read_text(encoding="utf-8"))["findings"]
    said = {f["message"] for f in findings if f["kind"] == "other"}
    assert "T01 「부서별 예산 현황」 '라과' 행: kept.xlsx에 없는 행 — 보고서에 새로 생긴 행 (확인 필요)" in said
    assert "T01 「부서별 예산 현황」 '다과' 행: 보고서에서 빠진 행 — kept.xlsx의 T01 '다과' 행에는 있음 (확인 필요)" in said
    assert "T01 「부서별 예산 현황」 '나담당관' 행: 행 이름이 바뀐 것으로 보임 — kept.xlsx에서는 '나과' (수치는 같음) (확인 필요)" in said
    assert "보고서에 없는 표 — kept.xlsx의 T02 「인력 현황」 (확인 필요)" in said
    assert not any("순증" in m for m in said)
    assert all(f["column_path"] == "" for f in findings if f["kind"] == "other")  # a whole row names no column
    changed = {(f["row"], f["printed"], f["expected"]) for f in findings if f["kind"] == "cross_table"}
    assert ("가과", "700", "600") in changed and ("계", "1,050", "1,000") in changed


def test_against_in_english(tmp_path):
    (tmp_path / "kept.txt").write_text(KEPT, encoding="utf-8")
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    main(["extract", str(tmp_path / "kept.txt"), "-o", str(tmp_path / "kept.xlsx")])
    main(["reconcile", str(tmp_path / "draft.txt"), "--only-rules", "--against", str(tmp_path / "kept.xlsx"),
          "--out", str(tmp_path / "o"), "--format", "json", "--quiet", "--lang", "en"])
    said = {f["message"] for f in json.loads((tmp_path / "o" / "findings.json").read_text(encoding="utf-8"))["findings"]}
    assert any("a row the report no longer has — kept.xlsx has it at T01 '다과'" in m for m in said)
    assert any("the row seems renamed — kept.xlsx calls it '나과' (same figures)" in m for m in said)
