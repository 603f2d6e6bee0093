"""Blocks sniffed by content: every table syntax read wherever it stands, into one path."""

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.reader import read_report, read_report_text
from toolkit.reader.blocks import BOX, HTML, PIPE, TEXT, grid_lines, split_blocks
from toolkit.reader import read_lines

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = Path(__file__).parent.parent / "reports"


def _rows(table):
    return [(r.label, r.parent, [c.printed for c in r.cells]) for r in table.rows]


def test_blocks_are_sniffed_by_content_not_suffix():
    lines = (FIXTURES / "mixed.txt").read_text(encoding="utf-8").splitlines()
    kinds = [b.kind for b in split_blocks(lines)]
    assert kinds == [TEXT, PIPE, TEXT, HTML, TEXT, BOX, TEXT]


def test_one_file_mixing_syntaxes():
    report = read_report(FIXTURES / "mixed.txt")
    titles = [t.title for t in report.tables]
    assert titles == ["세입 총괄", "세출 총괄", "인력 현황", "사업별 예산", "편성목별 내역"]
    pipe, html, box, tabs, vertical = report.tables
    assert [c.role for c in pipe.columns] == ["current", "previous", "change", "change_rate"]
    assert [c.name for c in html.columns] == ["예산현액", "집행액.원인행위액", "집행액.지출액"]
    assert _rows(box)[0] == ("계", None, ["30", "28", "△2"]) and box.rows[1].parent == 0
    assert [r.label for r in tabs.rows] == ["합계", "다사업", "라사업"]
    assert [c.role for c in vertical.columns] == ["current", "previous", "change"]
    # each figure of a vertical row keeps its own line
    assert [(c.printed, c.line) for c in vertical.rows[1].cells] == [("1,200", 48), ("1,000", 50), ("200", 52)]
    assert [r.parent for r in vertical.rows] == [None, 0, 0]
    assert [c.line for c in report.claims] == [13] * 4


def test_pipe_tables_in_a_txt():
    report = read_report(FIXTURES / "pipes.txt")
    assert len(report.tables) == 1  # the same header after the page break continues the table
    table = report.tables[0]
    assert table.unit == "백만원" and [c.role for c in table.columns] == ["current", "previous", "change", "change_rate"]
    labels = [r.label for r in table.rows]
    assert labels == ["합계", "1) 정보화 사업", "1-1) 시스템 운영", "1-2) 시스템 A|B 구축", "2) 스마트도시", "2-1) 통합플랫폼", "2-2) 폐지사업"]
    rows = {r.label: r for r in table.rows}
    assert rows["2-1) 통합플랫폼"].cells[3].word == "순증" and rows["2-2) 폐지사업"].cells[3].word == "皆減"
    assert rows["2-2) 폐지사업"].cells[0].printed == "-" and rows["2-2) 폐지사업"].cells[2].value == -600
    assert rows["1-1) 시스템 운영"].parent == 1 and rows["2-2) 폐지사업"].parent == 4


def test_box_drawing_table():
    table = read_report(FIXTURES / "box.txt").tables[0]
    assert table.title == "세출예산 총괄" and table.unit == "천원"
    assert [c.name for c in table.columns] == ["2024 예산안", "2023 당초예산", "증감.증감액", "증감.증감률"]
    assert [c.role for c in table.columns] == ["current", "previous", "change", "change_rate"]
    assert [(r.label, r.line, r.parent) for r in table.rows] == [
        ("합계", 8, None), ("일반회계 › 소계", 10, 0), ("가사업", 11, 1), ("나사업", 12, 1), ("특별회계 › 다사업", 14, 0),
        ("라사업", 15, None)]  # a label over two cells keeps both levels
    assert [c.printed for c in table.rows[-1].cells] == ["-", "", "-", "-"]


def test_ascii_box_table():
    table = read_report(FIXTURES / "box_ascii.txt").tables[0]
    assert [c.name for c in table.columns] == ["2024 예산액", "2023 예산액", "증감액", "증감률"]
    assert _rows(table) == [("계", None, ["1,000", "800", "200", "25.0"]), ("세외수입", 0, ["700", "500", "200", "40.0"]),
                            ("보조금", 0, ["300", "300", "-", "0.0"])]


def test_grid_entry_point():
    grid = [(0, ["구분", "예산액", "집행액"]), (1, ["계", "300", "200"]), (2, ["가", "100", "50"]), (3, ["나", "200", "150"])]
    table = read_lines(grid_lines(grid, 5)).tables[0]
    assert [c.role for c in table.columns] == ["current", "executed"]
    assert [(r.label, r.line, r.parent) for r in table.rows] == [("계", 2, None), ("가", 3, 0), ("나", 4, 0)]


def test_sample_001_unit_table_reads_five_columns():
    """분야별 단위사업 table: a header spread over eight lines (세부 / 사업, 2024 / 예산안)."""
    report = read_report(SAMPLES / "001_e13f250020adb4c2.txt")
    table = next(t for t in report.tables if t.first_line <= 800 <= t.last_line)
    assert [c.name for c in table.columns] == ["세부사업", "2024 예산안", "2023 당초예산", "증감액", "증감률"]
    assert [c.role for c in table.columns] == ["count", "current", "previous", "change", "change_rate"]
    first = table.rows[0]
    assert first.label.startswith("계") and [c.printed for c in first.cells] == ["12", "20,105", "21,736", "△1,632", "△66.7"]
    assert all(len([c for c in r.cells if c.printed]) == 5 for r in table.rows)


def test_sample_001_vertical_detail():
    """편성목 detail printed one cell per line with (x-) marks between (lines 2229-2300)."""
    report = read_report(SAMPLES / "001_e13f250020adb4c2.txt")
    table = next(t for t in report.tables if t.first_line <= 2240 <= t.last_line)
    rows = {r.label: r for r in table.rows}
    assert [c.printed for c in rows["계"].cells] == ["2,813,953", "2,813,953", "724,600", "△2,089,353", "△74"]
    assert [c.line for c in rows["계"].cells] == [2236, 2239, 2242, 2245, 2248]
    assert [rows[k].parent for k in ("사무관리비", "공공운영비", "전산개발비")] == [0, 0, 0]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(
    list("┏━┯┓┃│┠─┼┨┗┷┛┣┿┫+-=|<>/ \t\n0123456789,.%△()계구분가나") +
    ["<table>", "</table>", "<tr>", "<td>", "colspan=\"2\"", "|---|", "(x-)", "\u3000", "예산안", "순증", "- 3 -"]),
    max_size=300).map("".join))
def test_random_blocks_never_crash(text):
    report = read_report_text(text)
    for table in report.tables:
        assert all(len(r.cells) == len(table.columns) for r in table.rows)


def test_whitespace_aligned_table_keeps_empty_cells():
    """Figures stand in the column whose right edge they end on; a group header spans its columns."""
    table = read_report(FIXTURES / "aligned.txt").tables[0]
    assert [c.name for c in table.columns] == ["예산현액", "집행액.원인행위액", "집행액.지출액", "집행률"]
    assert [c.role for c in table.columns] == ["current", "executed", "executed", "execution_rate"]
    row = table.rows[2]
    assert row.label == "나사업" and [c.printed for c in row.cells] == ["500", "400", "", "0.0"]
    assert all(c.certain for c in row.cells) and row.parent == 0


def test_sample_plain_text_is_not_taken_for_aligned_columns():
    """Sample reports print rows with single spaces: the aligned reader leaves them to the plain reader."""
    from toolkit.reader import aligned

    for path in sorted(SAMPLES.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        converted = [a for a, b in zip(aligned.to_lines(lines), lines) if a != b]
        assert converted == [], path.name


def test_a_numbered_title_with_its_page_number_is_no_row():
    """"1. 세출 현황 1", "Ⅱ. 예산 현황 2": a section heading and its page or section number titles the
    next table and ends the one above; it is not a one-figure row of either."""
    text = ("1. 세출 현황 1\n(단위 : 천원)\n구분\t2023 예산\t2024 예산\n합계\t300\t400\n가나다\t100\t200\n라마바\t200\t200\n\n"
            "Ⅱ. 예산 현황 2\n\n구 분 2024 예산안 2023 예산액 증감\n합 계 300 200 100\n가 사업 100 100 0\n나 사업 200 100 100\n")
    tables = read_report_text(text).tables
    assert [t.title for t in tables] == ["세출 현황", "예산 현황"]
    assert [[r.label for r in t.rows] for t in tables] == [["합계", "가나다", "라마바"], ["합계", "가 사업", "나 사업"]]
    # an amount is no page number: a numbered row with one amount stays a row
    rows = read_report_text("구분\t2023 예산\t2024 예산\n합계\t1,300\t400\n1. 가나 사업\t1,300\n").tables[0].rows
    assert [r.label for r in rows] == ["합계", "1. 가나 사업"]


def test_a_long_label_cell_opens_a_table_in_a_cell_syntax():
    """In plain text a label over 60 characters is a sentence ending in figures; in a cell syntax it is a
    cell, and the row it starts opens the table (001's numbered rendering: '⑤ 통합안전 스마트폴 …')."""
    label = "① " + "가나다라마바사 " * 9 + "사업"
    assert len(label) > 60
    text = f"구분\t2024 예산\t2023 예산\n{label}\t1,300\t400\n라마바\t200\t200\n"
    assert [r.label for r in read_report_text(text).tables[0].rows] == [label.replace("  ", " ").strip(), "라마바"]
    plain = f"{label} 1,300 400\n라마바 200 200\n"
    assert all(label not in r.label for t in read_report_text(plain).tables for r in t.rows)
