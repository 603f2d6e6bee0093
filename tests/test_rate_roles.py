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
