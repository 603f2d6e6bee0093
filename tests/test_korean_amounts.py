import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolkit.korean_amounts import parse_amount, to_korean


@pytest.mark.parametrize("text,value,precision", [
    ("172억 1천4백만원", 17_214_000_000, 10**6),
    ("1,537억 9천9백만원", 153_799_000_000, 10**6),
    ("80억 9,532만원", 8_095_320_000, 10**4),
    ("97억 2백만원", 9_702_000_000, 10**6),
    ("356억 1천 2백만원", 35_612_000_000, 10**6),
    ("2억원", 200_000_000, 10**8),
    ("1조 2,345억원", 1_234_500_000_000, 10**8),
    ("58백만원", 58_000_000, 10**6),
    ("△6억 4천1백만원", -641_000_000, 10**6),
    ("5억 6만원", 500_060_000, 10**4),
])
def test_report_forms(text, value, precision):
    amount = parse_amount(text)
    assert (amount.value, amount.precision) == (value, precision)


@given(st.integers(min_value=1, max_value=10**9).map(lambda v: v * 10**4), st.sampled_from(["words", "digits"]))
def test_independent_formatter_round_trips(value, style):
    assert parse_amount(to_korean(value, style=style)).value == value
