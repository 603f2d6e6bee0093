from hypothesis import given
from hypothesis import strategies as st

from toolkit.figures import format_number, parse_figure


def test_printed_forms():
    assert parse_figure("▵290,533").value == -290533
    assert parse_figure("△2.5%").value == -2.5 and parse_figure("△2.5%").decimals == 1
    assert parse_figure("(1,234)").value == -1234
    assert parse_figure("-").value is None
    assert parse_figure("순증").word == "순증"
    assert parse_figure("１２３").value == 123  # full-width digits
    assert parse_figure("사업비") is None
    assert parse_figure("88.300").decimals == 3


@given(st.integers(min_value=-10**12, max_value=10**12), st.integers(min_value=0, max_value=2))
def test_format_then_parse_is_identity(value, decimals):
    number = value / 10**decimals
    figure = parse_figure(format_number(number, decimals))
    assert abs(figure.value - number) < 1e-9 and figure.decimals == decimals
