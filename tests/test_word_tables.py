"""Cell tables of words, counts printed with their unit word, year-labelled rows, rows repeated under a
page-break header: read as tables (and counted by the honest coverage), never a false relation."""

from __future__ import annotations

import pytest

from toolkit.coverage import measure_lines, row_syntax
from toolkit.reader import read_report_text
from toolkit.reader.aligned import _width as width

WORDS = (
    "부서별 주요업무\n\n"
    "부서(기관)별\t주요업무\n"
    "가담당관\t<ul> · 계획 수립 · 시스템 구축</ul>\n"
    "나담당관\t<ul> · 플랫폼 운영</ul>\n"
    "\n○ 다음 문단임.\n"
)


def test_tab_rows_of_words_under_a_header_are_a_table():
    report = read_report_text(WORDS)
    assert len(report.tables) == 1
    table = report.tables[0]
    assert table.title == "부서별 주요업무" and [c.name for c in table.columns] == ["주요업무"]
    assert [r.label for r in table.rows] == ["가담당관", "나담당관"] and [r.line for r in table.rows] == [4, 5]
    assert all(c.value is None and c.printed for r in table.rows for c in r.cells)
    assert not measure_lines(report, WORDS).missed


def test_an_empty_cell_keeps_the_width_and_a_pipe_table_of_words_reads_the_same():
    tsv = "구분\t횟수, 인원\t대상\n가 프로그램\t3회, 69명\t일반\n나 프로그램\t7회, 136명\t\n"
    piped = "| 구분 | 횟수, 인원 | 대상 |\n|---|---|---|\n| 가 프로그램 | 3회, 69명 | 일반 |\n| 나 프로그램 | 7회, 136명 | |\n"
    read = [read_report_text(text).tables for text in (tsv, piped)]
    assert all(len(tables) == 1 for tables in read)
    assert [[c.printed for c in r.cells] for r in read[0][0].rows] == [["3회, 69명", "일반"], ["7회, 136명", ""]]
    assert [[c.printed for c in r.cells] for r in read[1][0].rows] == [[c.printed for c in r.cells] for r in read[0][0].rows]


def test_header_rows_of_words_over_figure_rows_stay_the_header():
    text = "계정과목\t\t금액\t\t\n계정과목\t\t예산액\t결산액\t증감\n\n영업비용\t소계\t1,000\t900\t100\n영업비용\t인건비\t1,000\t900\t100\n"
    tables = read_report_text(text).tables
    assert len(tables) == 1 and [r.line for r in tables[0].rows] == [4, 5]


def test_counts_with_one_unit_word_are_counts():
    text = "정보자원 보유 현황\n\n총합계\t전산장비\t정보통신\t기반시설\n3,809식\t2,625식\t870식\t314식\n"
    table = read_report_text(text).tables[0]
    assert table.unit == "식" and [c.name for c in table.columns] == ["총합계", "전산장비", "정보통신", "기반시설"]
    assert [c.role for c in table.columns] == ["count"] * 4
    assert [c.value for c in table.rows[0].cells] == [3809, 2625, 870, 314]


@pytest.mark.parametrize("row", ["3회\t69명", "3회\t1,200"])
def test_counts_of_different_units_or_beside_amounts_are_words(row):
    text = f"구분\t횟수\t인원\n합계\t{row}\n가 프로그램\t{row}\n"
    table = read_report_text(text).tables[0]
    counted = [c for r in table.rows for c in r.cells if c.printed.endswith(("회", "명"))]
    assert counted and all(c.value is None for c in counted)


def test_year_labelled_rows_under_a_total_stay_in_their_table():
    text = ("구분 정기 수시 방침수립 내부보고 활용부서\n\n합계 70 17 53 31 39\n\n2023 24 7 17 10 14\n가과, 나과 등\n\n"
            "2022 27 10 17 11 16\n다과, 라과 등\n\n2021 19 - 19 10 9\n")
    report = read_report_text(text)
    assert len(report.tables) == 1
    rows = report.tables[0].rows
    assert [r.line for r in rows] == [3, 5, 8, 11] and all(len(r.cells) == 5 for r in rows)
    assert [c.printed for c in rows[2].cells] == ["27", "10", "17", "11", "16"] and rows[2].label.endswith("2022")
    assert not measure_lines(report, text).missed


def test_a_row_printed_again_under_a_page_break_header_is_covered():
    header = "예산과목 2024년 예산안 2023년 최종예산 증감액 증감률(%)\n"
    text = "(단위 : 백만원)\n" + header + "계 300 200 100 50.0%\n가수입 100 100 0 0.0%\n나수입 200 100 100 100.0%\n\n" + header + "나수입 200 100 100 100.0%\n"
    report = read_report_text(text)
    assert [len(t.rows) for t in report.tables] == [3] and report.meta["repeated_rows"] == (8,)
    assert not measure_lines(report, text).missed


def test_spaced_out_digits_in_parentheses_are_one_figure():
    assert row_syntax("( 7 1 )") is None and row_syntax("아 시 아 ( 7 1 )") is None
    assert row_syntax("합계 1 2 3") == "two or more figures"


def _aligned(label: str, *cells: str) -> str:
    """A label left-aligned, cells right-aligned on fixed edges, as a PDF export prints a table."""
    out = label + " " * (24 - width(label))
    for text, right in zip(cells, (40, 58)):
        out += " " * (right - width(out) - width(text)) + text
    return out.rstrip()


def test_a_table_of_words_printed_aligned_reads_as_its_tab_rendering():
    aligned = "\n".join([_aligned("구분", "횟수, 인원", "대상"), _aligned("가 프로그램", "3회, 69명", "일반(성인)"),
                         _aligned("나 프로그램", "7회, 136명", ""), _aligned("다 프로그램", "4회, 55명", "전문가")]) + "\n"
    tsv = "구분\t횟수, 인원\t대상\n가 프로그램\t3회, 69명\t일반(성인)\n나 프로그램\t7회, 136명\t\n다 프로그램\t4회, 55명\t전문가\n"
    read = [read_report_text(text).tables for text in (aligned, tsv)]
    assert [len(t) for t in read] == [1, 1]
    assert [[c.printed for c in r.cells] for r in read[0][0].rows] == [[c.printed for c in r.cells] for r in read[1][0].rows]
    assert [c.name for c in read[0][0].columns] == ["횟수, 인원", "대상"]


def test_prose_with_wide_spaces_is_no_table_of_words():
    text = "세출 총괄  (’20.9.30. 기준)\n다음 문단은  두 칸 띄어  쓴 문장임\n"
    assert read_report_text(text).tables == ()


def test_a_count_in_the_first_cell_names_the_row():
    text = "구분\t참석률\t만족도\n3회\t65.7%\t95.4%\n1회\t53.3%\t8.2%\n"
    table = read_report_text(text).tables[0]
    assert [r.label for r in table.rows] == ["3회", "1회"] and [c.printed for c in table.rows[0].cells] == ["65.7%", "95.4%"]


def test_a_box_of_words_without_rules_between_rows_gives_a_row_per_label_line():
    text = ("+------------+------------+------------+\n"
            "|    구분    | 횟수, 인원 |    대상    |\n"
            "+------------+------------+------------+\n"
            "| 가 프로그램 |  3회, 69명 |       일반 |\n"
            "|            |            |     (성인) |\n"
            "| 나 프로그램 | 7회, 136명 |            |\n"
            "+------------+------------+------------+\n")
    table = read_report_text(text).tables[0]
    assert [r.label for r in table.rows] == ["가 프로그램", "나 프로그램"]
    assert [[c.printed for c in r.cells] for r in table.rows] == [["3회, 69명", "일반 (성인)"], ["7회, 136명", ""]]


def test_the_header_printed_again_after_a_page_break_continues_the_table_of_words():
    text = WORDS.replace("\n○ 다음 문단임.\n", "\n부서(기관)별\t주요업무\n다담당관\t<ul> · 기록 관리</ul>\n\n○ 다음 문단임.\n")
    report = read_report_text(text)
    assert [r.label for r in report.tables[0].rows] == ["가담당관", "나담당관", "다담당관"]
    assert report.meta["repeated_rows"] == (7,) and not measure_lines(report, text).missed


def test_a_table_of_words_survives_the_workbook(tmp_path):
    from toolkit.workbook import read_workbook, write_workbook

    report = read_report_text(WORDS)
    path = tmp_path / "words.xlsx"
    write_workbook(report, path)
    back = read_workbook(path).tables[0]
    assert [[c.printed for c in r.cells] for r in back.rows] == [[c.printed for c in r.cells] for r in report.tables[0].rows]
