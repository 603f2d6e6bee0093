"""Findings name their place as a person does: table title, row path, column path."""

from pathlib import Path

from toolkit.engine import evaluate
from toolkit.places import column_path, row_path
from toolkit.reader import read_report
from toolkit.rules.loader import rules_for

FIXTURES = Path(__file__).parent / "fixtures"


def test_rowspan_department_names_carry_down_to_the_rows_they_cover():
    report = read_report(FIXTURES / "rowspan_departments.html")
    table = report.tables[0]
    assert [r.label for r in table.rows] == [
        "합계", "데이터과 › 소계", "데이터과 › 일반회계", "데이터과 › 특별회계", "정보과 › 소계", "정보과 › 일반회계", "정보과 › 특별회계"]
    assert row_path(table, table.rows[3]) == "데이터과 › 특별회계"  # the 합계 above is a total, not a name


def test_finding_names_table_title_row_path_and_column_path():
    report = read_report(FIXTURES / "rowspan_departments.html")
    result = evaluate(report, rules_for(report.source))
    odd = [f for f in result.findings if f.row_path == "정보과 › 특별회계"]
    assert odd and odd[0].title == "부서별 세출예산 현황"
    assert "「부서별 세출예산 현황」 '정보과 › 특별회계' 행 '증감' 열" in odd[0].message
    assert odd[0].place == "T01 부서별 세출예산 현황 · 정보과 › 특별회계 · 증감"


def test_column_path_splits_header_groups_but_not_dates():
    assert column_path("집행현황.지출액") == "집행현황 › 지출액"
    assert column_path("’20.9.30 기준") == "’20.9.30 기준"


def test_row_path_from_numbered_parents(samples):
    report = read_report(samples[2])
    paths = {row_path(t, r) for t in report.tables for r in t.rows}
    assert any(" › " in p and p.split(" › ")[-1].startswith("1-2-") for p in paths) or any(p.count(" › ") >= 2 for p in paths)
