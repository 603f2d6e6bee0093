from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.errors import ReconError
from toolkit.reader import read_report, read_report_text

REPORT = """\
 세입 총괄                (’20.9.30. 기준, 단위 : 천원, %)

구 분 2020
예산현액

2019
최종예산

증 감 징수현황
증감액 증감률 징수액 징수율

계 1,300 1,000 300 30% 650 50%
세 외 수 입　 1,000 900 100 11% 500 50%
　 가 수 입 600 500 100 20% 300 50%
　 나 수 입 400 400 0 0.0% 200 50%
스 마 트 도 시
담 당 관 300 100 200 200% 150 50%

○ 세입은 13억원으로 전년도 10억원 대비 3억원(30.0%) 증액되었음.
"""


def test_plain_text_table():
    report = read_report_text(REPORT, source="r.txt")
    assert len(report.tables) == 1
    table = report.tables[0]
    assert table.title == "세입 총괄" and table.unit == "천원"
    assert [c.role for c in table.columns] == ["current", "previous", "change", "change_rate", "executed", "execution_rate"]
    labels = [r.label for r in table.rows]
    assert labels == ["계", "세외수입", "가수입", "나수입", "스마트도시 담당관"]
    parents = {r.label: r.parent for r in table.rows}
    assert parents["가수입"] == 1 and parents["세외수입"] == 0 and parents["스마트도시 담당관"] == 0
    assert table.rows[4].line == 17 and table.rows[0].cells[0].line == 12


def test_claims_keep_line_and_precision():
    report = read_report_text(REPORT, source="r.txt")
    amounts = [c for c in report.claims if c.unit == "원"]
    assert [c.value for c in amounts] == [13e8, 10e8, 3e8]
    assert all(c.line == 19 for c in amounts)


def test_tab_separated_label_in_one_cell_shifts_figures():
    text = "구\t분\t2023 예산현액\t2022 최종예산\t증 감\t\n\t\t\t\t증감액\t증감률\n계\t\t300\t200\t100\t50.0%\n보 조 금\t300\t200\t100\t50.0%\t\n"
    table = read_report_text(text).tables[0]
    assert [c.role for c in table.columns] == ["current", "previous", "change", "change_rate"]
    assert [c.value for c in table.rows[1].cells] == [300, 200, 100, 50.0]


def test_bad_files(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x00\x01\x02abc")
    for path in (empty, binary, tmp_path / "missing.txt"):
        try:
            read_report(path)
        except ReconError as error:
            assert str(path) in str(error)
        else:
            raise AssertionError(f"{path} was accepted")


def test_cp949_is_detected(tmp_path):
    path = tmp_path / "r.txt"
    path.write_bytes(REPORT.encode("cp949"))
    report = read_report(path)
    assert report.meta["encoding"] == "cp949" and len(report.tables) == 1


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(list("계구분 \t\n0123456789,.%△▵-()단위:천원가나다") + ["예산현액", "증감률", "\u3000", "억", "만원", "순증"]), max_size=200).map("".join))
def test_random_text_never_crashes(text):
    read_report_text(text)


def test_wrapped_percentage_keeps_its_own_line():
    """Regression: a rate opening a wrapped line was attributed to the line before."""
    report = read_report_text("○ 세출예산안은 1,418억 2천9백만원으로 전년도 대비\n\n6.2%(△93억 5천1백만원) 감액 편성되었음.\n")
    rate = next(c for c in report.claims if c.unit == "%")
    assert (rate.printed, rate.line) == ("6.2%", 3)
