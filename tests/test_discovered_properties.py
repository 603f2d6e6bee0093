"""Relations proven by the figures, on generated tables whose headers the vocabulary does not know.

Each table prints, from 원 amounts rounded to 천원 the way budget systems print them, a, b,
a − b, (a − b) / b × 100 and a + b. Its header is unknown words, misspelt words or absent.
Consistent tables give no ERROR; one planted slip in a derived figure of a table of at least
six rows gives an ERROR at its line; a table of two rows never proves a relation.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from synthetic import half_up
from toolkit.engine import evaluate
from toolkit.figures import format_number
from toolkit.reader import read_report_text
from toolkit.rules.kinds.discovered import Discovered
from toolkit.rules.loader import RuleSet, rules_for

HEADERS = (
    None,  # no header at all
    "구분 가항목 나항목 다항목 라항목 마항목",  # words no vocabulary knows
    "구 분 올해예산앤 지난해 차이액 증감룰 합꼐",  # misspelt
)
SYLLABLES = "가나다라마바사아자차카타파하"
DISCOVERED = RuleSet((Discovered(id="discovered-relations", kind="discovered", at="test:1"),), ())


@st.composite
def tables(draw, min_rows: int = 3, max_rows: int = 10):
    n = draw(st.integers(min_value=min_rows, max_value=max_rows))
    thousands = st.integers(min_value=50_000, max_value=9_000_000)
    # rows of one table differ (a table of identical rows proves nothing and holds no slip to find)
    # and a line's amount changes from one year to the next (a column of zeros proves no difference)
    firsts = draw(st.lists(thousands, min_size=n, max_size=n, unique=True))
    rows = []
    for i, a_k in enumerate(firsts):
        b_k = a_k + draw(st.integers(min_value=-a_k // 2, max_value=a_k).filter(lambda d: abs(d) >= 100))
        a, b = a_k * 1000 + draw(st.integers(0, 999)), b_k * 1000 + draw(st.integers(0, 999))  # 원, printed in 천원
        rows.append([
            f"{SYLLABLES[i % 14]}{SYLLABLES[i // 14]}사업",
            format_number(half_up(a / 1000)), format_number(half_up(b / 1000)), format_number(half_up((a - b) / 1000)),
            format_number(half_up(100 * (a - b) / b, 1), 1), format_number(half_up((a + b) / 1000)),
        ])
    return draw(st.sampled_from(HEADERS)), rows


def render(header: str | None, rows: list[list[str]]) -> tuple[str, int]:
    """The report text and the line number of the first row."""
    top = ["(단위 : 천원, %)"] + ([header] if header else [])
    return "\n".join(top + [" ".join(r) for r in rows]) + "\n", len(top) + 1


def _findings(text: str, rules: RuleSet):
    return evaluate(read_report_text(text, source="generated.txt"), rules).findings


@given(tables())
def test_consistent_tables_give_no_error(table):
    text, _ = render(*table)
    errors = [f.message for f in _findings(text, rules_for("generated.txt")) if f.cls == "ERROR"]
    assert errors == []


@given(tables(min_rows=6), st.data())
def test_one_slip_is_an_error_at_its_line(table, data):
    header, rows = table
    row = data.draw(st.integers(min_value=0, max_value=len(rows) - 1))
    column = data.draw(st.sampled_from([3, 4, 5]))  # a − b, its rate, a + b
    printed = rows[row][column]
    digits = [i for i, ch in enumerate(printed) if ch.isdigit()]
    # a leading digit changed: far beyond any rounding of the operands
    i = digits[0]
    rows[row][column] = printed[:i] + ("1" if printed[i] != "1" else "2") + printed[i + 1 :] + ("0" if len(digits) == 1 else "")
    text, first = render(header, rows)
    errors = [f for f in _findings(text, DISCOVERED) if f.cls == "ERROR"]
    assert any(first + row in f.lines[:1] for f in errors), (text, [f.message for f in errors])


@given(tables(min_rows=2, max_rows=2), st.booleans())
def test_two_rows_never_prove_a_relation(table, slip):
    header, rows = table
    if slip:
        rows[1][3] = rows[1][3] + "1"
    text, _ = render(header, rows)
    assert [f.message for f in _findings(text, DISCOVERED)] == []


def test_screening_tables_together_finds_what_each_alone_finds(samples):
    """discovery screens tables of as many columns in one array per batch: stacking their rows must change
    no table's support (each row is judged alone; the support is summed per table)."""
    from toolkit.engine import cells_frame
    from toolkit.reader import read_report
    from toolkit.rules.discovery import GRID, _printed_values, _screen_all

    for sample in samples:
        cells = _printed_values(cells_frame(read_report(sample)))
        grids = [list(cells.filter(cells["table"] == table).select(*GRID).iter_rows()) for table in cells["table"].unique(maintain_order=True)]
        together = _screen_all(grids)
        assert any(together)  # the samples' tables prove relations: the comparison is not of empty lists
        assert together == [_screen_all([grid])[0] for grid in grids]
