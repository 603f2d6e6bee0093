"""A column whose header names a rate is never summed (CONVENTIONS: rates are not parts of totals):
the words of the rate roles, any other rate word (증가율, 성장률), or a header ending in 률/율/%."""

from __future__ import annotations

import pytest

from toolkit.reader.columns import role_of


@pytest.mark.parametrize(
    "header, role",
    [
        ("연평균 증가율", "rate"),
        ("연평균 증가율*", "rate"),
        ("최근 평균 증가율(%)", "rate"),
        ("예산 반영률", "rate"),
        ("부채비율", "share"),
        ("2022년 징수액.비중(%)", "share"),
        ("증감(%)", "change_rate"),
        ("집행률(%)", "execution_rate"),
        ("증감률", "change_rate"),
        ("2024 예산안", "current"),
        ("집행액", "executed"),
        ("2019", "amount"),
    ],
)
def test_role_of_rate_headers(header, role):
    assert role_of(header) == role


TABLE = "\n".join([
    "□ 세입 추이 (단위: 백만원)",
    "구분\t2021\t2022\t2023\t평균",
    "합계\t12,000\t13,000\t14,000\t5.2",
    "자체수입\t7,000\t7,500\t8,000\t4.1",
    "이전수입\t5,000\t5,500\t6,000\t6.3",
    "",
])


def test_a_column_printed_as_rates_beside_whole_amounts_is_a_rate():
    # "평균" names no role; its figures (decimals within ±100 beside whole amounts in thousands) do
    from toolkit.reader import read_report_text

    (table,) = read_report_text(TABLE).tables
    assert [c.role for c in table.columns][-1] == "rate"
    assert [c.role for c in table.columns][0] != "rate"


def test_a_column_printed_with_percent_signs_is_a_rate():
    from toolkit.reader import read_report_text

    (table,) = read_report_text(TABLE.replace("\t5.2", "\t5.2%").replace("\t4.1", "\t4.1%").replace("\t6.3", "\t6.3%")).tables
    assert [c.role for c in table.columns][-1] == "rate"
