"""Every breakdown of a total (issue 13 item 5): a 합계 split by account and again by department is
checked against both splits, zero-config. Regression: raising a 합계 and its 일반회계 together by
1,000 (the 증감액 with them) kept the account split adding up and gave no finding at all."""

from __future__ import annotations

import pytest

from toolkit.engine import evaluate
from toolkit.reader import read_report_text
from toolkit.rules.loader import rules_for

TABLE = """(단위 : 백만원)
구 분 2024 예산안 2023 예산액 증감액
합계 153,799 160,021 △6,222
일반회계 141,829 151,180 △9,351
도시개발특별회계 11,970 8,841 3,129
디지털정책담당관 20,384 21,880 △1,496
빅데이터담당관 12,715 15,333 △2,618
정보통신보안담당관 35,704 38,869 △3,165
데이터센터 84,996 83,939 1,057
"""
RAISED = {"합계 153,799 160,021 △6,222": "합계 154,799 160,021 △5,222", "일반회계 141,829 151,180 △9,351": "일반회계 142,829 151,180 △8,351"}


def _findings(text: str):
    return evaluate(read_report_text(text, source="new_report.txt"), rules_for("new_report.txt")).findings


def test_a_total_split_two_ways_that_adds_up_gives_no_finding():
    assert [f.message for f in _findings(TABLE)] == []


def _departments_first(text: str) -> str:
    head, accounts, departments = text.splitlines()[:3], text.splitlines()[3:5], text.splitlines()[5:]
    return "\n".join(head + departments + accounts) + "\n"


@pytest.mark.parametrize("order", [str, _departments_first], ids=["accounts first", "departments first"])
def test_raising_a_total_and_its_general_account_together_is_an_error(order):
    assert [f.message for f in _findings(order(TABLE))] == []
    text = order(TABLE)
    for line, raised in RAISED.items():
        text = text.replace(line, raised)
    errors = [f for f in _findings(text) if f.cls == "ERROR"]
    assert {(f.row, f.column) for f in errors} >= {("합계", "2024 예산안"), ("합계", "증감액")}, [f.message for f in errors]
