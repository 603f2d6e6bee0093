"""The search for causes: the fewest printed figures whose change makes every relation hold.

For each group of ERROR relations that share figures (a component):

1. try every single figure in them: solve one broken relation for it, round to the
   figure's printed precision, and keep it if then every relation touching the group
   holds (ratios are checked exactly, not linearised). One figure that works is the
   cause; several that work are a tie, listed as alternatives;
2. in a component of at most SMALL figures, every pair of figures, checked the same way;
3. otherwise solve an integer program over the linear relations (sums, differences,
   restatements): minimise the number of figures changed (toolkit/blame_program.py).

Components are independent problems: they are solved on a few threads (HiGHS releases the GIL
while it solves) and gathered in component order, so the result is the same whatever the timing.

A relation "holds" by the same interval test the engine classifies with: the printed
target, ± its rounding radius, meets what the other figures imply, ± theirs.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations

TINY = 1e-9
MAX_ALTERNATIVES = 5
SMALL = 16  # figures in a component whose pairs are tried before the integer program
# threads solving components at once: the cores this process may use (two on the target machine)
WORKERS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


@dataclass(frozen=True)
class Figure:
    """A printed figure; `weight` is what changing it costs: figures typed from other
    figures (증감, rates, totals) are likelier wrong than amounts from the budget system."""

    ref: str
    value: float
    half: float
    decimals: int
    printed: str
    table: str
    row: str
    column: str
    line: int
    weight: float = 1.0



@dataclass(frozen=True)
class Relation:
    form: str  # linear | ratio | ratio_diff
    refs: tuple[str, ...]
    coefs: tuple[float, ...]
    tolerance: float  # the rule's extra tolerance
    finding: str | None  # the finding id when the relation failed with ERROR


def holds(relation: Relation, values: dict[str, float], figures: dict[str, Figure]) -> bool:
    """Whether the relation holds for these values, within the printed figures' rounding."""
    half = [figures[r].half for r in relation.refs]
    x = [values[r] for r in relation.refs]
    if relation.form == "linear":
        total = sum(c * v for c, v in zip(relation.coefs, x))
        return abs(total) <= sum(abs(c) * h for c, h in zip(relation.coefs, half)) + relation.tolerance + TINY
    rate, rate_half = x[0], half[0]
    if relation.form == "ratio":
        num, num_half, den, den_half = x[1], half[1], x[2], half[2]
    else:  # ratio_diff: (current − previous) / previous
        num, num_half, den, den_half = x[1] - x[2], half[1] + half[2], x[2], half[2]
    if abs(den) <= den_half:
        return True  # no rate follows from a zero base
    corners = [100 * (num + a * num_half) / (den + b * den_half) for a in (-1, 1) for b in (-1, 1)]
    return rate + rate_half >= min(corners) - relation.tolerance - TINY and rate - rate_half <= max(corners) + relation.tolerance + TINY


def solve_for(relation: Relation, ref: str, values: dict[str, float]) -> float | None:
    """The value of `ref` that makes the relation exact, the others as printed."""
    i = relation.refs.index(ref)
    x = [values[r] for r in relation.refs]
    if relation.form == "linear":
        rest = sum(c * v for j, (c, v) in enumerate(zip(relation.coefs, x)) if j != i)
        return -rest / relation.coefs[i] if relation.coefs[i] else None
    rate = x[0]
    num, den = (x[1], x[2]) if relation.form == "ratio" else (x[1] - x[2], x[2])
    if i == 0:
        return 100 * num / den if den else None
    if relation.form == "ratio":
        return rate * den / 100 if i == 1 else (100 * num / rate if rate else None)
    # ratio_diff: rate = 100 (cur − prev) / prev
    return x[2] * (1 + rate / 100) if i == 1 else (x[1] / (1 + rate / 100) if rate != -100 else None)


def _rounded(value: float, decimals: int) -> float:
    scale = 10**decimals
    return math.copysign(math.floor(abs(value) * scale + 0.5 + TINY), value) / scale


Solution = tuple[list[list[tuple[str, float]]], bool]  # correction sets, best first; whether the best is proven


Fix = list[tuple[str, float]]  # one correction set: (figure, corrected value) each


class Search:
    """Every component's search, started at once on up to WORKERS threads: components are
    independent, HiGHS releases the GIL while it solves, and a report's largest components are
    integer programs. `best()` is each component's best set as soon as its first solve ends;
    `solutions()` every set, once the solver has also listed the sets that tie with the best (one
    more solve each, and one to prove there is no other) — work that can overlap whatever the caller
    does with the best sets meanwhile. Each component's solves are deterministic on their own (a node
    budget, one HiGHS thread, a fixed seed) and land at the component's place, so the result does
    not depend on which thread finished first."""

    def __init__(self, parts: list[list[Relation]], figures: dict[str, Figure]):
        from concurrent.futures import Future

        self._first: list[Future] = [Future() for _ in parts]
        self._all: list[Future] = [Future() for _ in parts]
        if WORKERS < 2 or not parts:  # one core: nothing to overlap
            for part, first, done in zip(parts, self._first, self._all):
                done.set_result(_search(part, figures, first))
            return
        from concurrent.futures import ThreadPoolExecutor

        pool = ThreadPoolExecutor(max_workers=min(WORKERS, len(parts)), thread_name_prefix="blame")
        # the largest first, so the longest search starts at once rather than after the small ones
        for i in sorted(range(len(parts)), key=lambda i: -len(parts[i])):
            pool.submit(_search, parts[i], figures, self._first[i]).add_done_callback(_passed_to(self._all[i]))
        pool.shutdown(wait=False)  # the submitted searches run on; the threads end with them

    def best(self) -> list[tuple[Fix | None, bool]]:
        """Each component's best set (None when no set makes its relations hold) and whether it is proven the cheapest."""
        return [first.result() for first in self._first]

    def solutions(self) -> list[Solution]:
        """Each component's sets, best first, and whether the best is proven the cheapest."""
        return [done.result() for done in self._all]


def _passed_to(target):
    def done(future) -> None:
        error = future.exception()
        if error is not None:
            target.set_exception(error)
        else:
            target.set_result(future.result())
    return done


def _search(component: list[Relation], figures: dict[str, Figure], first) -> Solution:
    """A component's sets, best first; `first` (a Future) gets the best set as soon as it is known."""
    try:
        found = _gathered(_first_told(_solutions(component, figures), first))
    except BaseException as error:
        if not first.done():
            first.set_exception(error)
        raise
    if not first.done():
        first.set_result((None, found[1]))
    return found


def _first_told(found: Iterator[tuple[Fix, bool]], first) -> Iterator[tuple[Fix, bool]]:
    """The search's sets as they come; the first is also set on `first` at once."""
    for fix_set, proven in found:
        if not first.done():
            first.set_result((fix_set, proven))
        yield fix_set, proven


def solve(component: list[Relation], figures: dict[str, Figure]) -> Solution:
    """Sets of corrections for one component, best first: single figures checked exactly, then
    in a small component every pair of figures, else the integer program."""
    return _gathered(_solutions(component, figures))


def _gathered(found: Iterator[tuple[Fix, bool]]) -> Solution:
    """Every set a search yields, best first, and whether the first is proven the cheapest."""
    sets: list[Fix] = []
    proven = True
    for fix_set, proven in found:
        sets.append(fix_set)
    return sets, proven


def _solutions(component: list[Relation], figures: dict[str, Figure]) -> Iterator[tuple[Fix, bool]]:
    """solve's sets one by one, each as soon as it is found (whether the best is proven is known with the first)."""
    singles = _single_fixes(component, figures)
    if singles:
        yield from (([fix], True) for fix in singles)
        return
    pairs = _pair_fixes(component, figures)
    if pairs:
        yield from ((pair, True) for pair in pairs)
        return
    listed: list[Fix] = []
    for fix_set, proven in _integer_sets(component, figures):
        exact = [(ref, v) for ref, v in _exact(fix_set, component, figures) if abs(v - figures[ref].value) > TINY]
        # two of the solver's sets can come to the same exact values: a cause then listed its own
        # correction as its alternative
        if exact and exact not in listed:
            listed.append(exact)
            yield exact, proven


def components(relations: list[Relation]) -> list[list[Relation]]:
    """Groups of ERROR relations linked through shared figures, each with every relation
    around the figures a correction may move (so a fix cannot break what holds)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    failing = [r for r in relations if r.finding]
    suspect = {ref for r in failing for ref in r.refs}
    # relations that hold but share figures with broken ones tie those broken ones together
    for relation in relations:
        if relation.finding or suspect & set(relation.refs):
            for ref in relation.refs[1:]:
                parent[find(ref)] = find(relation.refs[0])
    groups: dict[str, set[str]] = {}
    for ref in sorted(suspect):  # in a stable order: a set's order changes with each process's hash seed
        groups.setdefault(find(ref), set()).add(ref)
    # the relations through each figure, indexed once: scanning every relation per group was
    # groups × relations; a component keeps the relations' own order (the solver's model follows it)
    through: dict[str, list[int]] = {}
    for i, relation in enumerate(relations):
        for ref in set(relation.refs):
            through.setdefault(ref, []).append(i)
    out = []
    for refs in groups.values():
        near = {ref for x in refs for i in through.get(x, ()) for ref in relations[i].refs}
        out.append([relations[i] for i in sorted({i for x in near for i in through[x]})])
    return out


def _exact(fix_set: list[tuple[str, float]], component: list[Relation], figures: dict[str, Figure]) -> list[tuple[str, float]]:
    """Values for a chosen set that make relations exact: solve each figure from a relation
    whose other figures are fixed or already solved; keep the solver's value otherwise."""
    values = {ref: figures[ref].value for relation in component for ref in relation.refs}  # what the component reads, not every cell
    pending = dict(fix_set)
    solved: dict[str, float] = {}
    progress = True
    while pending and progress:
        progress = False
        for ref in list(pending):
            for relation in component:
                others = [r for r in relation.refs if r != ref]
                if ref in relation.refs and not any(r in pending for r in others):
                    value = solve_for(relation, ref, {**values, **solved})
                    if value is not None:
                        solved[ref] = _rounded(value, figures[ref].decimals)
                        del pending[ref]
                        progress = True
                        break
    return [(ref, solved.get(ref, value)) for ref, value in fix_set]


def _residual(relation: Relation, values: dict[str, float], figures: dict[str, Figure]) -> float:
    """How far from exact the relation is, in units of its rounding budget: a three-term
    difference pins a figure down more tightly than a sum of many rounded parts."""
    x = [values[r] for r in relation.refs]
    half = [figures[r].half for r in relation.refs]
    if relation.form == "linear":
        budget = sum(abs(c) * h for c, h in zip(relation.coefs, half)) or 1.0
        return abs(sum(c * v for c, v in zip(relation.coefs, x))) / budget
    num, den = (x[1], x[2]) if relation.form == "ratio" else (x[1] - x[2], x[2])
    return abs(x[0] - 100 * num / den) / (half[0] or 1.0) if den else 0.0


def _single_fixes(component: list[Relation], figures: dict[str, Figure]) -> list[tuple[str, float]]:
    """Single figures whose corrected value makes every relation of the component hold."""
    values = {ref: figures[ref].value for relation in component for ref in relation.refs}  # what the component reads, not every cell
    failing = [r for r in component if r.finding]
    # the relations a figure's correction can change, indexed once: scanning the whole component per
    # candidate made a large component (a report restating its tables) quadratic
    by_ref: dict[str, list[Relation]] = {}
    failing_by_ref: dict[str, list[Relation]] = {}
    for r in component:
        for ref in set(r.refs):
            (failing_by_ref if r.finding else by_ref).setdefault(ref, []).append(r)
    fixes = []
    for ref in sorted(failing_by_ref):
        candidates = {_rounded(v, figures[ref].decimals) for r in failing_by_ref[ref] if (v := solve_for(r, ref, values)) is not None}
        valid = []
        printed = values[ref]
        touching = failing + by_ref.get(ref, [])
        for candidate in sorted(candidates):
            if abs(candidate - printed) <= figures[ref].half:
                continue
            values[ref] = candidate  # tried in place and put back: copying every value per candidate was quadratic
            if all(holds(r, values, figures) for r in touching):
                valid.append((sum(_residual(r, values, figures) for r in touching), candidate))
            values[ref] = printed
        if valid:
            fixes.append((ref, min(valid)[1]))
    return sorted(fixes, key=lambda fix: (figures[fix[0]].weight, fix[0]))


def _pair_fixes(component: list[Relation], figures: dict[str, Figure]) -> list[list[tuple[str, float]]]:
    """In a component of at most SMALL figures, the cheapest pairs of figures whose corrections make
    every relation hold, checked exactly like single figures (no solver: a few hundred trials).
    Each pair touches every broken relation; one figure is solved from a relation the other is
    not in, the other from any relation with the first corrected."""
    refs = sorted({ref for r in component for ref in r.refs})
    if len(refs) > SMALL:
        return []
    values = {ref: figures[ref].value for ref in refs}
    failing = [r for r in component if r.finding]
    around: dict[str, list[Relation]] = {ref: [r for r in component if ref in r.refs] for ref in refs}
    best: dict[tuple[str, str], tuple[float, list[tuple[str, float]]]] = {}
    for a, b in combinations(refs, 2):
        if any(a not in r.refs and b not in r.refs for r in failing):
            continue
        touching = [r for r in component if a in r.refs or b in r.refs or r.finding]
        for first, second in ((a, b), (b, a)):
            for one in around[first]:
                if second in one.refs or (v1 := _moved(one, first, values, figures)) is None:
                    continue
                trial = {**values, first: v1}
                for other in around[second]:
                    if (v2 := _moved(other, second, trial, figures)) is None:
                        continue
                    final = {**trial, second: v2}
                    if all(holds(r, final, figures) for r in touching):
                        residual = sum(_residual(r, final, figures) for r in touching)
                        if (a, b) not in best or residual < best[a, b][0]:
                            best[a, b] = (residual, sorted([(first, v1), (second, v2)]))
    if not best:
        return []
    cost = {pair: figures[pair[0]].weight + figures[pair[1]].weight for pair in best}
    cheapest = min(cost.values())
    return [best[pair][1] for pair in sorted(best, key=lambda p: (best[p][0], p)) if cost[pair] < cheapest + 1e-6][:1 + MAX_ALTERNATIVES]


def _moved(relation: Relation, ref: str, values: dict[str, float], figures: dict[str, Figure]) -> float | None:
    """The value of ref that makes the relation exact, rounded as printed; None if it does not move."""
    value = solve_for(relation, ref, values)
    if value is None:
        return None
    value = _rounded(value, figures[ref].decimals)
    return value if abs(value - values[ref]) > figures[ref].half else None


def integer_program(component: list[Relation], figures: dict[str, Figure]) -> Solution:
    """Least-cost sets of changed figures making the relations hold, best first, and whether the
    first is proven the cheapest (toolkit/blame_program.py)."""
    return _gathered(_integer_sets(component, figures))


def _integer_sets(component: list[Relation], figures: dict[str, Figure]) -> Iterator[tuple[Fix, bool]]:
    from toolkit.blame_program import integer_sets  # it builds on this module's figures and relations

    return integer_sets(component, figures)
