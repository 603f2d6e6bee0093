"""The blame search on small hand-made components: pairs without the solver, bounds for the solver."""

from toolkit import blame_search
from toolkit.blame_search import Figure, Relation


def _figures(**values: float) -> dict[str, Figure]:
    return {ref: Figure(ref, value, 0.5, 0, f"{value:,.0f}", "T01", ref, "c", 1) for ref, value in values.items()}


# a = b + c printed 35 for 30, d = e + f printed 5 for 10; a + d = g still holds (the two slips cancel)
FIGURES = _figures(a=35, b=10, c=20, d=5, e=5, f=5, g=40)
COMPONENT = [
    Relation("linear", ("a", "b", "c"), (1.0, -1.0, -1.0), 0.0, "F1"),
    Relation("linear", ("d", "e", "f"), (1.0, -1.0, -1.0), 0.0, "F2"),
    Relation("linear", ("g", "a", "d"), (1.0, -1.0, -1.0), 0.0, None),
]


def test_two_slips_that_cancel_in_a_total_are_found_as_a_pair_without_the_solver(monkeypatch):
    def no_solver(*args):
        raise AssertionError("the integer program ran for a component of seven figures")

    monkeypatch.setattr(blame_search, "integer_program", no_solver)
    sets, proven = blame_search.solve(COMPONENT, FIGURES)
    assert proven
    assert [("a", 30.0), ("d", 10.0)] in sets  # a single figure cannot: fixing a alone breaks a + d = g
    assert all(len(s) == 2 for s in sets)


def test_the_integer_program_finds_the_same_pair():
    sets, proven = blame_search.integer_program(COMPONENT, FIGURES)
    assert proven and sorted(ref for ref, _ in sets[0]) in (["a", "d"], ["b", "e"], ["b", "f"], ["c", "e"], ["c", "f"])
    assert all(abs(v - FIGURES[ref].value) > 0.5 for s in sets for ref, v in s)  # no set moves a figure by nothing


def test_every_cause_on_the_samples_changes_its_figure(samples):
    """A solver's move smaller than the figure's rounding once came out as a cause suggesting the
    printed figure itself (54.2% → 54.2%): moves that round back to the printed figure are dropped."""
    from toolkit.engine import evaluate
    from toolkit.figures import parse_figure
    from toolkit.reader import read_report
    from toolkit.rules.loader import rules_for

    for report in samples:
        data = read_report(report)
        for cause in evaluate(data, rules_for(data.source, [])).causes:
            printed, suggested = parse_figure(cause.printed), parse_figure(cause.suggested)
            assert printed is None or suggested is None or printed.value != suggested.value, cause


def test_every_error_on_the_samples_names_a_figure(samples):
    """Every ERROR names the figure most likely wrong, or says which figures disagree. On a report's
    세입 총괄 whose 계 is 10 천원 off its parts while another pair of cells disagree with a second
    table, the integer program's set fixed the pair and left the 계 broken (its switch carried the
    10 within the integrality tolerance), so that ERROR had no cause at all; an ERROR the chosen set
    does not explain now names its own printed figure, which the re-check confirms or rejects."""
    from toolkit.engine import evaluate
    from toolkit.reader import read_report
    from toolkit.rules.loader import rules_for

    for report in samples:
        data = read_report(report)
        result = evaluate(data, rules_for("new_report.txt"))
        named = {f for cause in result.causes for f in cause.findings}
        assert [f.id for f in result.findings if f.cls == "ERROR" and f.id not in named] == [], report.name


def test_the_threads_change_no_cause(samples, monkeypatch):
    """Components are solved on threads and the re-check runs while the solver lists the ties with
    each best set; the causes, their alternatives and the re-check's verdicts are those of solving
    every component in turn before the re-check (one worker), whichever thread finishes first."""
    from toolkit.engine import evaluate
    from toolkit.reader import read_report
    from toolkit.rules.loader import rules_for

    listed = False
    for report in samples:
        data = read_report(report)
        rules = rules_for(data.source, [])
        monkeypatch.setattr(blame_search, "WORKERS", 1)
        alone = evaluate(data, rules).causes
        monkeypatch.setattr(blame_search, "WORKERS", 2)
        threaded = evaluate(data, rules).causes
        assert threaded == alone, report.name
        listed = listed or any(c.alternatives for c in alone)
    assert listed  # some cause has ties, so their late listing is compared too


def test_a_search_gathers_in_component_order(monkeypatch):
    """A component that needs a pair first, a one-figure component second: each lands at its
    component's place, whichever thread finishes first."""
    monkeypatch.setattr(blame_search, "WORKERS", 2)
    figures = {**FIGURES, **_figures(p=10, q=4, r=5)}
    single = [Relation("linear", ("p", "q", "r"), (1.0, -1.0, -1.0), 0.0, "F3")]
    parts = [COMPONENT, single]
    search = blame_search.Search(parts, figures)
    assert search.solutions() == [blame_search.solve(part, figures) for part in parts]
    assert [best for best, _ in search.best()] == [blame_search.solve(part, figures)[0][0] for part in parts]


def _every_relation_holds(sets, component, figures) -> bool:
    printed = {ref: f.value for ref, f in figures.items()}
    return all(
        blame_search.holds(r, {**printed, **dict(blame_search._exact(s, component, figures))}, figures)
        for s in sets for r in component
    )


# a total of 10⁸ printed 10 off its parts, restated in a second table (the 계 of a 세입 총괄)
BIG = _figures(total=142_365_600, a=100_000_000, b=42_365_590, copy=142_365_600)
BIG_COMPONENT = [
    Relation("linear", ("total", "a", "b"), (1.0, -1.0, -1.0), 0.0, "F1"),
    Relation("linear", ("total", "copy"), (1.0, -1.0), 0.0, None),
]


def test_the_integer_program_moves_no_figure_by_a_switch_left_off():
    """One model with a switch per figure (|move| ≤ M·switch, M ten times the largest amount) let a
    switch within the solver's integrality tolerance (10⁻⁶) of 0 carry a move of up to 1,400 here:
    the 10 missing from the total went unexplained, and on a sample its ERROR had no cause from the
    solver. The search by cuts checks every set with the chosen figures alone free."""
    sets, proven = blame_search.integer_program(BIG_COMPONENT, BIG)
    assert proven and sets
    assert sorted(ref for s in sets for ref, _ in s) == ["a", "b"]  # one part: cheaper than the total and its copy
    assert _every_relation_holds(sets, BIG_COMPONENT, BIG)


def test_the_integer_program_lists_the_same_sets_on_every_run():
    assert blame_search.integer_program(COMPONENT, FIGURES) == blame_search.integer_program(COMPONENT, FIGURES)


def test_a_search_out_of_rounds_reports_its_best_set_as_not_proven(monkeypatch):
    """The budget is counted in rounds, not seconds; past it the cheapest set found on the way (one
    that makes every relation hold) is reported, marked as not proven the cheapest."""
    from toolkit import blame_program

    monkeypatch.setattr(blame_program, "ROUND_LIMIT", 0)
    sets, proven = blame_search.integer_program(COMPONENT, FIGURES)
    assert not proven and len(sets) == 1
    assert _every_relation_holds(sets, COMPONENT, FIGURES)


def test_sets_that_come_to_the_same_corrections_are_listed_once(monkeypatch):
    """Two of the solver's sets that differ only in a figure moved by nothing come to the same exact
    values; the cause then listed its own correction as its alternative."""
    monkeypatch.setattr(blame_search, "_single_fixes", lambda *args: [])
    monkeypatch.setattr(blame_search, "_pair_fixes", lambda *args: [])

    def solver_sets(component, figures):
        yield [("a", 30.0), ("d", 10.0)], True
        yield [("a", 30.0), ("d", 10.0), ("b", 10.2)], True  # b moved within its rounding
        yield [("b", 15.0), ("e", 10.0)], True

    monkeypatch.setattr(blame_search, "_integer_sets", solver_sets)
    sets, proven = blame_search.solve(COMPONENT, FIGURES)
    assert proven and [[ref for ref, _ in s] for s in sets] == [["a", "d"], ["b", "e"]]
