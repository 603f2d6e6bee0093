"""Korean messages: the particle after a printed figure follows how the figure is read aloud."""

import pytest

from toolkit.messages import particle


@pytest.mark.parametrize("printed,expected", [
    ("7,794,625", "로"), ("117,670,948", "로"),  # 팔: ㄹ takes 로 (regression: was 으로)
    ("4,236,421", "로"), ("97", "로"),  # 일, 칠
    ("22", "로"), ("14", "로"), ("9", "로"),
    ("28,802,740", "으로"), ("100", "으로"), ("13", "으로"), ("6", "으로"),  # 십/백, 삼, 육
    ("82.0%", "로"), ("서울", "로"), ("예산", "으로"),
])
def test_particle_after_a_figure(printed, expected):
    assert particle(printed) == expected
