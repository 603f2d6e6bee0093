"""Ragged plain rows (fewer figures than columns) placed by the sums their parent row keeps (reader/placing.py)."""

from __future__ import annotations

from toolkit.reader import read_report_text

HEADER = "구 분 계 완료 추진중\n"


def cells(row):
    return [(c.printed, c.certain) for c in row.cells]


def test_the_one_placement_that_adds_up_is_certain():
    text = HEADER + "계 32 18 14\n가사항 24 12 12\n나사항 2 2\n다사항 6 6\n"
    rows = read_report_text(text).tables[0].rows
    assert cells(rows[2]) == [("2", True), ("", True), ("2", True)]  # 완료 12 + 6 = 18 needs 나사항 under 추진중
    assert cells(rows[3]) == [("6", True), ("6", True), ("", True)]
    assert [r.parent for r in rows] == [None, 0, 0, 0]


def test_no_placement_adding_up_leaves_the_row_uncertain():
    text = HEADER + "계 32 18 14\n가사항 24 12 12\n나사항 2 2\n다사항 7 7\n"  # a wrong figure: nothing adds up
    rows = read_report_text(text).tables[0].rows
    assert all(not c.certain for c in rows[2].cells + rows[3].cells)


def test_several_placements_adding_up_leave_the_rows_uncertain():
    # 나 under 완료 and 다 under 추진중, or the other way round: both add up
    rows = read_report_text(HEADER + "계 20 10 10\n가사항 10 5 5\n나사항 5 5\n다사항 5 5\n").tables[0].rows
    assert all(not c.certain for c in rows[2].cells + rows[3].cells)
