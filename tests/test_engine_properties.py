"""Engine properties on generated reports: consistent → no ERROR; one typical slip → ERROR at the slipped figure."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from synthetic import COLUMNS, budget_reports, half_up
from toolkit.engine import evaluate
from toolkit.figures import format_number, parse_figure
from toolkit.reader import read_report_text
from toolkit.rules.loader import rules_for

RULES = rules_for("synthetic.txt")
AMOUNTS = ("current", "previous", "change", "executed")


def _errors(text: str):
    result = evaluate(read_report_text(text, source="synthetic.txt"), RULES)
    return [f for f in result.findings if f.cls == "ERROR"]


@settings(max_examples=40, deadline=None)
@given(budget_reports())
def test_consistent_reports_have_no_error(report):
    assert _errors(report.render()) == []


def _slip(kind: str, printed: str, draw) -> str | None:
    figure = parse_figure(printed)
    if figure is None or figure.value is None:
        return None
    digits = [i for i, ch in enumerate(printed) if ch.isdigit()]
    if kind == "transpose":
        pairs = [(a, b) for a, b in zip(digits, digits[1:]) if b == a + 1 and printed[a] != printed[b]]
        if not pairs:
            return None
        a, b = draw(st.sampled_from(pairs))
        return printed[:a] + printed[b] + printed[a] + printed[b + 1 :]
    if kind == "digit":
        position = draw(st.sampled_from(digits[: max(1, len(digits) - 1)]))  # not the last digit: that is rounding
        new = draw(st.sampled_from([d for d in "0123456789" if d != printed[position] and not (d == "0" and position == digits[0])]))
        return printed[:position] + new + printed[position + 1 :]
    if kind == "sign":
        return printed[1:] if printed.startswith("△") else None
    if kind == "unit":
        return format_number(figure.value * 1000, figure.decimals, percent=printed.endswith("%"))
    return None


@settings(max_examples=60, deadline=None)
@given(budget_reports(), st.data())
def test_one_slip_gives_an_error_at_its_line(report, data):
    kind = data.draw(st.sampled_from(["transpose", "digit", "sign", "unit", "stale_total", "copied_rate"]))
    row = data.draw(st.integers(min_value=0, max_value=len(report.lines) - 1))
    line = report.lines[row]
    if kind == "stale_total":
        assume(row == 0 or line.label.endswith("담당관"))
        column = data.draw(st.sampled_from(["current", "executed"]))
        # the total kept from an earlier version: off by a part's worth of change
        new = format_number(parse_figure(line.printed[column]).value + data.draw(st.integers(min_value=5, max_value=900)))
    elif kind == "copied_rate":
        assume(row + 1 < len(report.lines))
        column = data.draw(st.sampled_from(["change_rate", "execution_rate"]))
        new = report.lines[row + 1].printed[column]
        assume(parse_figure(new).value is not None and parse_figure(line.printed[column]).value is not None)
        old, copied = parse_figure(line.printed[column]).value, parse_figure(new).value
        assume(abs(old - copied) > 1.5 * 10 ** -report.decimals)
    else:
        column = data.draw(st.sampled_from(AMOUNTS))
        new = _slip(kind, line.printed[column], data.draw)
        assume(new is not None and new != line.printed[column])
        old_value, new_value = parse_figure(line.printed[column]).value, parse_figure(new).value
        assume(abs(old_value - new_value) > 2)  # beyond what rounding can explain
    line.printed[column] = new
    errors = _errors(report.render())
    assert errors, f"{kind} in {line.label}/{column} went unnoticed"
    slipped = report.line_number(row)
    assert all(slipped in f.lines for f in errors), [(f.message, f.lines) for f in errors if slipped not in f.lines]


@settings(max_examples=30, deadline=None)
@given(budget_reports(), st.data())
def test_truncated_rates_are_rounding_not_error(report, data):
    row = data.draw(st.integers(min_value=0, max_value=len(report.lines) - 1))
    line = report.lines[row]
    cur, exe = line.won["current"], line.won["executed"]
    exact = 100 * exe / cur
    scale = 10**report.decimals
    truncated = int(exact * scale) / scale
    line.printed["execution_rate"] = format_number(truncated, report.decimals, percent=True)
    assume(truncated != half_up(exact, report.decimals))
    assert _errors(report.render()) == []


def test_columns_are_read_with_their_roles():
    from synthetic import HEADER

    table = read_report_text(HEADER + "\n계 1 1 0 0% 1 100%\n가 1 1 0 0% 1 100%\n").tables[0]
    assert tuple(c.role for c in table.columns) == COLUMNS
