"""Letter formulas printed in headers (rules/header_formulas.py): which form they state, which column
each letter names (the formula's own header group first), and which headers state nothing."""

from __future__ import annotations

import polars as pl
import pytest

from toolkit.rules.header_formulas import formula, header_relations, letters


@pytest.mark.parametrize("header,expected", [
    ("예산액 대결산액 차이(A-B)", ("diff", ("A", "B"))),
    ("수납액(C).수납액 (C=D-E)", ("diff", ("D", "E"))),
    ("미수금 (F = B-C)", ("diff", ("B", "C"))),
    ("합계(A+B+C)", ("sum", ("A", "B", "C"))),
    ("집행률(B/A)", ("ratio", ("B", "A"))),
    ("증감.(B-A)*100/A", ("ratio_diff", ("B", "A"))),
    ("증감률 (B−A)/A×100", ("ratio_diff", ("B", "A"))),
    ("불용액 A-(C+E)", None),  # nested: not a form checked
    ("정보기술아키텍처(EA)", None),  # an abbreviation, not letters
    ("(B-A)/C", None),  # a rate of change over a third column
    ("A-B+C", None),  # mixed signs
])
def test_formula(header, expected):
    assert formula(header) == expected


def test_letters_from_the_lowest_header_level_first():
    names = {0: "예산액.당초 예산액", 2: "예산액.계(A)", 3: "결산액 (B)", 5: "수납액(C).수입액 (D)", 6: "수납액(C).정산 반환액 (E)",
             7: "수납액(C).수납액 (C=D-E)", 9: "결산액 (채무확정액 C)"}
    assert letters(names) == {"A": [2], "B": [3], "D": [5], "E": [6], "C": [7, 9]}


def test_a_letter_names_the_column_of_the_formulas_own_group():
    names = ["사천시.’14년도 (A)", "사천시.’13년도 (B)", "사천시.증감 (C=A-B)", "평균.’14년도 (A)", "평균.’13년도 (B)", "평균.증감 (C=A-B)"]
    cells = pl.DataFrame({"col": list(range(6)), "col_name": names})
    assert header_relations(cells) == [("diff", 2, (0, 1)), ("diff", 5, (3, 4))]


def test_a_letter_two_columns_claim_outside_the_formulas_group_names_none():
    cells = pl.DataFrame({"col": [0, 1, 2, 3], "col_name": ["갑.(A)", "을.(A)", "(B)", "차이(A-B)"]})
    assert header_relations(cells) == []
