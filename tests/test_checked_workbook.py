"""The checked workbook as a finance officer opens it: figures as printed, sized columns,
rounded differences, notes in the chosen language, one row per finding and cause."""

import zipfile

import pytest
from openpyxl import load_workbook

from toolkit.cli import main
from toolkit.number_formats import excel_format

REPORT = """□ 부서별 예산 현황
(단위 : 천원, %)
구분\t2024 예산\t2023 예산\t증감액\t증감률
계\t1,000\t900\t100\t11.1%
가과\t610\t500\t110\t22.0%
나과\t390\t400\t△10\t△18.0%
"""


@pytest.fixture(scope="module", params=["ko", "en"])
def checked(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp(request.param)
    report = tmp / "r.txt"
    report.write_text(REPORT, encoding="utf-8")
    main(["reconcile", str(report), "--out", str(tmp / "o"), "--quiet", "--lang", request.param])
    return request.param, tmp / "o" / "r.checked.xlsx"


@pytest.mark.parametrize("printed,decimals,code", [
    ("△18.0%", 1, '#,##0.0"%";"△"#,##0.0"%";#,##0.0"%"'),
    ("1,234", 0, '#,##0;"△"#,##0;#,##0'),
    ("46.5", 1, '#,##0.0;"△"#,##0.0;#,##0.0'),
    ("-641", 0, "#,##0;-#,##0;#,##0"),
    ("(1,234)", 0, "#,##0;(#,##0);#,##0"),
])
def test_number_format_shows_the_figure_as_printed(printed, decimals, code):
    assert excel_format(printed, decimals) == code


def test_number_formats_in_the_xlsx_xml(checked):
    _, path = checked
    with zipfile.ZipFile(path) as archive:
        styles = archive.read("xl/styles.xml").decode()
    assert 'formatCode="#,##0.0&quot;%&quot;;&quot;△&quot;#,##0.0&quot;%&quot;;#,##0.0&quot;%&quot;"' in styles
    assert "#,##0.###" not in styles  # no trailing point after whole numbers
    sheet = load_workbook(path)["T01"]
    rate = next(c for row in sheet.iter_rows() for c in row if c.value == -18.0)
    assert rate.number_format == '#,##0.0"%";"△"#,##0.0"%";#,##0.0"%"'


def test_findings_sheet_rounds_differences_and_names_places(checked):
    lang, path = checked
    book = load_workbook(path)
    rows = list(book["Findings"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert body
    deltas = [r[header.index("차이" if lang == "ko" else "difference")] for r in body]
    assert all(d is None or d == round(d, 1) for d in deltas)
    assert all("부서별 예산 현황" in r[header.index("표" if lang == "ko" else "table")] for r in body)
    summary = book["Summary"]
    widths = {c: summary.column_dimensions[c].width for c in "ABCDEF"}
    assert all(w and w >= len(str(summary[f"{c}1"].value)) for c, w in widths.items())  # ROUNDING / 반올림 차이 readable


def test_notes_are_in_the_chosen_language(checked):
    lang, path = checked
    notes = [c.comment.text for s in load_workbook(path) for row in s.iter_rows() for c in row if c.comment]
    assert notes
    english = ("expected:", "suggested correction", "likely wrong")
    if lang == "ko":
        assert not any(word in note for note in notes for word in english)
        assert any("계산값" in note for note in notes)
    else:
        assert any("expected:" in note for note in notes) and not any("계산값" in note for note in notes)
