"""The search's integer program: the cheapest set of figures whose correction makes every relation
of a component hold, solved exactly by cuts rather than by one model with a switch per figure.

One model (a correction δ per figure, a switch z with |δ| ≤ M·z) was numerically weak here: the
amounts reach 10⁸, so M does too, and a switch within the solver's integrality tolerance (10⁻⁶) of 0
still let its figure move by hundreds. Its "optimum" then changed too few figures, a component of
250 figures took tens of seconds of LPs over those huge M, and which sets came out depended on how
far the solver got before its time limit. Here the two questions are kept apart:

- which figures change: a weighted set cover over the switches alone (the master), each row "one of
  these figures must change", learnt from the check below; its optimum is a lower bound on the cost
  of every set that works;
- whether a set works: a linear program over that set's corrections alone, every other figure as
  printed (the check), in the relations' own units. When it cannot hold, the solver's proof of that
  (a dual ray) names relations that cannot hold together while only the set moves, so one of their
  other figures must change as well: a new row of the master.

The first set the check accepts is therefore the cheapest; the sets tying with it are listed the
same way, each found set forbidden in turn, and among tied sets the master prefers the figures met
first in reading order, so the best does not depend on the order the conflicts came in. Two things
keep the rounds few: a set that fails is grown (repair) until it works, learning the conflicts met
on the way, so a correction running along a chain of restated figures is learnt in one round; and
the first rounds use the master's linear relaxation, which costs a fraction of an exact solve. The
budget is counted in rounds and nodes, not seconds, so a run's sets are the same on every machine
however busy.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

from toolkit.blame_search import MAX_ALTERNATIVES, TINY, Figure, Fix, Relation, _rounded

# rounds of the master and the check for one component. The samples' components take 4 to 10, the
# 129 recorded from randomly slipped copies of the samples (up to 335 figures) at most 40; past the
# budget the cheapest set found by repair is reported as the best so far (Cause.best_so_far)
ROUND_LIMIT = 400
RELAXED_ROUNDS = 20  # rounds on the master's linear relaxation before the exact ones
MASTER_NODE_LIMIT = 10_000  # branch-and-bound nodes of one master solve (a set cover: usually 1)
# the last resort, never reached on the recorded problems (at most 4 s of CPU each): past it the
# result would depend on the machine's speed, so the budgets above are what bound a search
TIME_LIMIT = 60.0
CONFLICTS_PER_CHECK = 50  # conflicts learnt from one set that does not work
GAP = 1e-6  # costs are sums of weights (0.9, 1.0): a set within this of another costs the same


@dataclass(frozen=True)
class _Row:
    """A relation as the program reads it: low ≤ Σ coef·δ ≤ high over the corrections δ."""

    refs: tuple[str, ...]
    coefs: tuple[float, ...]
    low: float
    high: float

    def holds_unmoved(self) -> bool:
        return self.low - TINY <= 0.0 <= self.high + TINY


def correction_bounds(component: list[Relation], figures: dict[str, Figure]) -> dict[str, float]:
    """How far a correction may move each figure: an amount at most ten times the largest figure it
    is summed or compared with (a 1,000× unit slip is within that: the printed figure itself is the
    large one); a rate at most to what its amounts, moved that far, could give (rate =
    100·numerator/base, the base as printed). Without a bound a set could "hold" by moving a figure
    to an absurd value."""
    bound: dict[str, float] = {}
    for relation in component:
        refs = relation.refs if relation.form == "linear" else relation.refs[1:]
        size = 10 * max(1.0, *(abs(figures[x].value) for x in refs))
        for x in refs:
            bound[x] = max(bound.get(x, 0.0), size)
    for relation in component:
        if relation.form == "linear":
            continue
        rate, top, base = (figures[x] for x in relation.refs)
        reach = abs(top.value) + bound[top.ref] + (abs(base.value) if relation.form == "ratio_diff" else 0.0)
        room = abs(base.value) - base.half
        widest = abs(rate.value) + (100 * reach / room if room > 0 else 0.0) + 1.0
        bound[rate.ref] = max(bound.get(rate.ref, 0.0), widest)
    return bound


def _rows(component: list[Relation], figures: dict[str, Figure]) -> list[_Row]:
    """The relations over the corrections. Linear relations enter as they are; a ratio enters
    linearised around its printed base (rate·base = 100·numerator with the base fixed)."""
    rows = []
    for relation in component:
        f = [figures[r] for r in relation.refs]
        if relation.form == "linear":
            coefs, refs_in = list(relation.coefs), list(relation.refs)
            slack = sum(abs(c) * x.half for c, x in zip(coefs, f))
        else:
            base = f[2].value
            if abs(base) <= f[2].half:
                continue
            # ratio: base·rate − 100·num = 0; ratio_diff: base·rate − 100·(cur − base) = 0, base = previous
            coefs, refs_in = [base, -100.0], [relation.refs[0], relation.refs[1]]
            # a full unit on the rate: a truncated rate is a rounding, not something to correct
            slack = abs(base) * 2 * f[0].half + 100 * f[1].half + abs(f[0].value) * f[2].half
        printed = sum(c * figures[r].value for c, r in zip(coefs, refs_in))
        if relation.form == "ratio_diff":
            printed += 100 * figures[relation.refs[2]].value
        low, high = -slack - printed, slack - printed
        if not relation.finding:  # what holds as printed (a truncated rate, say) holds unchanged
            low, high = min(low, 0.0), max(high, 0.0)
        merged: dict[str, float] = {}  # a figure named twice in a relation enters once, its coefficients summed
        for ref, coef in zip(refs_in, coefs):
            merged[ref] = merged.get(ref, 0.0) + coef
        rows.append(_Row(tuple(merged), tuple(merged.values()), low, high))
    return rows


def _whole_points(figure: Figure) -> bool:
    """A rate in whole percent moves by whole points: its linearised relation would take a move of a
    fraction that rounds back to the printed rate. Amounts move freely; their printed values are
    solved exactly from the relations once the set is chosen."""
    return figure.decimals == 0 and figure.printed.endswith("%")


class _Check:
    """Whether a set of figures can make every relation hold, the other figures as printed."""

    def __init__(self, rows: list[_Row], figures: dict[str, Figure], bound: dict[str, float]):
        self.rows, self.figures, self.bound = rows, figures, bound
        self.through: dict[str, list[int]] = {}
        for i, row in enumerate(rows):
            for ref in row.refs:
                self.through.setdefault(ref, []).append(i)
        # relations no correction can reach hold or fail whatever the set: checked once
        self.unmoved = [i for i, row in enumerate(rows) if not row.holds_unmoved()]

    def __call__(self, chosen: list[str], more: bool = True) -> tuple[dict[str, float] | None, list[frozenset[str]]]:
        """The corrections (figure → δ) when the set works, else conflicts: groups of figures
        outside the set of which one must change too (with `more`, as many as the set yields)."""
        free = set(chosen)
        broken = [frozenset(self.rows[i].refs) for i in self.unmoved if not free & set(self.rows[i].refs)]
        if broken:  # relations the set does not touch and that fail as printed
            return None, broken
        touched = sorted({i for ref in chosen for i in self.through.get(ref, ())})
        moves, proof = self._solve(chosen, touched, whole=True)
        if moves is not None:
            return moves, []
        if proof is None:  # the rates' whole points gave no proof: every neighbour is a candidate
            proof = touched
        conflicts = [frozenset(ref for i in proof for ref in self.rows[i].refs) - free]
        # more conflicts from the same set, each from relations the earlier proofs did not use: one
        # round of the master then learns what would otherwise take as many rounds
        rest = sorted(set(touched) - set(proof))
        while more and len(conflicts) < CONFLICTS_PER_CHECK and rest:
            moves, proof = self._solve(chosen, rest, whole=False)
            if moves is not None or not proof:
                break
            conflicts.append(frozenset(ref for i in proof for ref in self.rows[i].refs) - free)
            rest = sorted(set(rest) - set(proof))
        return None, conflicts

    def _solve(self, chosen: list[str], touched: list[int], whole: bool) -> tuple[dict[str, float] | None, list[int] | None]:
        """Solve the check's program (rates in whole percent by whole points if `whole`); when it cannot
        hold, the rows its proof uses: the linear program's dual ray, solved first, so a set that fails
        anyway costs no integer search."""
        import highspy
        import numpy as np  # highspy's own dependency

        h = _highs()
        h.setOptionValue("presolve", "off")  # a dual ray needs the model as given
        column = {ref: j for j, ref in enumerate(chosen)}
        bound = np.array([self.bound[ref] for ref in chosen])
        h.addVars(len(chosen), -bound, bound)
        starts: list[int] = []
        index: list[int] = []
        value: list[float] = []
        for i in touched:
            starts.append(len(index))
            for ref, coef in zip(self.rows[i].refs, self.rows[i].coefs):
                if ref in column:
                    index.append(column[ref])
                    value.append(coef)
        h.addRows(len(touched), np.array([self.rows[i].low for i in touched]), np.array([self.rows[i].high for i in touched]),
                  len(index), np.array(starts, dtype=np.int32), np.array(index, dtype=np.int32), np.array(value))
        h.run()
        status = h.getModelStatus()
        if status == highspy.HighsModelStatus.kInfeasible:
            has_ray, ray = h.getDualRay()[1:]
            return None, self._proof(chosen, touched, ray) if has_ray else None
        if status != highspy.HighsModelStatus.kOptimal:
            return None, None
        integer = [column[ref] for ref in chosen if _whole_points(self.figures[ref])] if whole else []
        if integer:
            h.changeColsIntegrality(len(integer), np.array(integer, dtype=np.int32),
                                    np.full(len(integer), int(highspy.HighsVarType.kInteger), dtype=np.uint8))
            h.run()
            if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
                return None, None
        solution = h.getSolution().col_value
        return {ref: solution[j] for ref, j in column.items()}, None

    def _proof(self, chosen: list[str], touched: list[int], ray) -> list[int] | None:
        """The relations a dual ray combines, kept only if they alone cannot hold: the ray is read with
        a tolerance, so its combination is checked in interval arithmetic (the combined relation's
        range over the corrections' bounds misses what the relations' own bounds allow)."""
        largest = max((abs(y) for y in ray), default=0.0)
        used = [(i, y) for i, y in zip(touched, ray) if abs(y) > 1e-9 * largest]
        if not used:
            return None
        combined: dict[str, float] = {}
        low = high = 0.0  # what the relations' bounds allow the combination Σ y·(row)
        for i, y in used:
            row = self.rows[i]
            low += y * (row.low if y > 0 else row.high)
            high += y * (row.high if y > 0 else row.low)
            for ref, coef in zip(row.refs, row.coefs):
                combined[ref] = combined.get(ref, 0.0) + y * coef
        free = set(chosen)
        # the combination's range over the corrections: a figure outside the set does not move
        reach = sum(abs(coef) * self.bound[ref] for ref, coef in combined.items() if ref in free)
        margin = 1e-9 * max(1.0, abs(low), abs(high), reach)
        return [i for i, _ in used] if low > reach + margin or high < -reach - margin else None


def _highs():
    import highspy

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("threads", 1)
    return h


def integer_sets(component: list[Relation], figures: dict[str, Figure]) -> Iterator[tuple[Fix, bool]]:
    """Least-cost sets of changed figures making the relations hold, best first, each yielded as it
    is found with whether the first is proven the cheapest. After the cheapest, the sets that tie
    with it (each found set forbidden in turn)."""
    import highspy
    import numpy as np  # highspy's own dependency

    refs = sorted({ref for r in component for ref in r.refs})
    if not refs:
        return
    bound = correction_bounds(component, figures)
    check = _Check(_rows(component, figures), figures, bound)
    column = {ref: j for j, ref in enumerate(refs)}
    weight = np.array([figures[ref].weight for ref in refs])
    master = _highs()
    master.setOptionValue("mip_max_nodes", MASTER_NODE_LIMIT)
    master.setOptionValue("mip_rel_gap", 0.0)
    master.setOptionValue("mip_abs_gap", GAP / 10)
    # a set cover needs no search for good sets (the repair gives them; the master is wanted for
    # its bound) and few kept cuts: the heuristics and a large cut pool made a master solve of 74
    # figures and 300 rows take 0.9 s of CPU, without them 0.2 s. The master's optimum is the same
    # either way (it is exact); only which of tied sets comes first may differ, the same on every run.
    for heuristic in ("feasibility_jump", "rins", "rens", "root_reduced_cost"):
        master.setOptionValue(f"mip_heuristic_run_{heuristic}", False)
    master.setOptionValue("mip_pool_soft_limit", 100)
    master.addVars(len(refs), np.zeros(len(refs)), np.ones(len(refs)))
    master.changeColsCost(len(refs), np.arange(len(refs), dtype=np.int32), _tie_broken(refs, figures))
    master.changeColsIntegrality(len(refs), np.arange(len(refs), dtype=np.int32),
                                 np.full(len(refs), int(highspy.HighsVarType.kInteger), dtype=np.uint8))
    inf = highspy.kHighsInf
    learnt: set[frozenset[str]] = set()

    def learn(conflicts: list[frozenset[str]]) -> bool:
        new = [c for c in conflicts if c not in learnt]
        for c in new:
            learnt.add(c)
            idx = sorted(column[ref] for ref in c)
            master.addRow(1.0, inf, len(idx), np.array(idx, dtype=np.int32), np.ones(len(idx)))
        return bool(new)

    best: float | None = None
    incumbent: tuple[float, Fix] | None = None  # the cheapest set repair found, for a budget run out
    listed: list[Fix] = []  # the sets yielded
    # first rounds on the master's linear relaxation, rounded: each costs a fraction of an exact
    # master's solve and learns the conflicts of sets near the optimum, so the exact rounds are few
    master.setOptionValue("solve_relaxation", True)
    for _ in range(RELAXED_ROUNDS):
        master.run()
        if master.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            break
        z = master.getSolution().col_value
        chosen = [ref for ref in refs if z[column[ref]] > 0.5 - 1e-9]
        moves, conflicts = check(chosen)
        if not all(conflicts):
            return  # relations that fail whatever else moves: no set makes them hold
        repaired, on_the_way = _repair(check, chosen, conflicts if moves is None else [], figures)
        repaired = _moved(chosen, moves, figures) if moves is not None else repaired
        if repaired:
            repaired_cost = sum(figures[ref].weight for ref, _ in repaired)
            if incumbent is None or repaired_cost < incumbent[0] - GAP:
                incumbent = (repaired_cost, repaired)
        if not learn(conflicts + on_the_way):
            break  # the relaxation's set works or teaches nothing new: on to the exact master
    master.setOptionValue("solve_relaxation", False)
    deadline = time.monotonic() + TIME_LIMIT
    for _ in range(ROUND_LIMIT):
        if time.monotonic() > deadline:
            break
        master.run()
        status = master.getModelStatus()
        if status == highspy.HighsModelStatus.kInfeasible:
            return  # no set left (at the best's cost, once that is known)
        if status != highspy.HighsModelStatus.kOptimal:
            break  # the master's own node budget
        z = master.getSolution().col_value
        chosen = [ref for ref in refs if z[column[ref]] > 0.5]
        cost = float(sum(figures[ref].weight for ref in chosen))
        if best is not None and cost > best + GAP:
            return
        moves, conflicts = check(chosen)
        if not all(conflicts):
            break  # relations that fail whatever else moves: no further set makes them hold
        if moves is None:
            repaired, on_the_way = _repair(check, chosen, conflicts, figures)
            if not learn(conflicts + on_the_way):
                break  # nothing new to learn: the check cannot tell why (should not happen)
            if repaired and best is None:
                repaired_cost = sum(figures[ref].weight for ref, _ in repaired)
                if incumbent is None or repaired_cost < incumbent[0] - GAP:
                    incumbent = (repaired_cost, repaired)
            continue
        moved = _moved(chosen, moves, figures)
        if not moved:
            return
        idx = [column[ref] for ref in chosen]
        master.addRow(-inf, len(idx) - 1, len(idx), np.array(idx, dtype=np.int32), np.ones(len(idx)))  # not this set again
        if moved in listed:
            continue  # two sets that round to the same corrections (a figure in one moved by nothing): listed once
        listed.append(moved)
        if best is None:
            best = cost
            # ties only: a set costing more is cut off by this row, not explored
            master.addRow(-inf, best + GAP, len(refs), np.arange(len(refs), dtype=np.int32), weight)
        yield moved, True
        if len(listed) > MAX_ALTERNATIVES:
            return
    if best is None and incumbent is not None:  # the budget ran out before the cheapest set: the best repair found, said so
        yield incumbent[1], False


def _tie_broken(refs: list[str], figures: dict[str, Figure]):
    """The master's costs: each figure's weight, and among sets of equal weight the one whose figures
    come first in reading order (line, then cell), so which of tied sets is the best does not depend
    on the order the conflicts were learnt in. Exact in whole numbers: the weights scaled to
    integers (0.9 and 1.0 → 9 and 10) times a factor larger than any sum of reading ranks, plus the
    figure's rank. Weights no power of ten up to 10⁶ makes whole keep their own costs, untied."""
    import numpy as np  # highspy's own dependency

    weight = np.array([figures[ref].weight for ref in refs])
    scale = next((10**k for k in range(7) if np.allclose(weight * 10**k, np.round(weight * 10**k), rtol=0, atol=1e-9)), None)
    if scale is None:
        return weight
    order = sorted(refs, key=lambda ref: (figures[ref].line, ref))
    rank = {ref: i + 1 for i, ref in enumerate(order)}
    factor = len(refs) * (len(refs) + 1) // 2 + 1  # more than every rank together
    return np.array([round(figures[ref].weight * scale) * factor + rank[ref] for ref in refs], dtype=float)


def _moved(chosen: list[str], moves: dict[str, float], figures: dict[str, Figure]) -> Fix:
    """The set's corrected values, rounded as printed; a move that rounds back to the printed figure changes nothing."""
    moved = [(ref, _rounded(figures[ref].value + moves[ref], figures[ref].decimals)) for ref in chosen]
    return [(ref, v) for ref, v in moved if abs(v - figures[ref].value) > TINY]


def _repair(check: _Check, chosen: list[str], conflicts: list[frozenset[str]],
            figures: dict[str, Figure]) -> tuple[Fix | None, list[frozenset[str]]]:
    """Grow a set that does not work until it does, adding the cheapest figure of each conflict in
    turn; the conflicts met on the way are learnt at once. A correction that runs along a chain of
    restated figures (a total copied into three tables) otherwise costs the master one round per
    link. Returns the set that works (None if none is reached) and the conflicts met."""
    grown = set(chosen)
    met: list[frozenset[str]] = []
    while conflicts and all(conflicts):  # an empty conflict: no figure added can help
        grown |= {min(c, key=lambda ref: (figures[ref].weight, ref)) for c in conflicts}
        moves, conflicts = check(sorted(grown), more=False)
        met += conflicts
        if moves is not None:
            return _moved(sorted(grown), moves, figures) or None, met
    return None, met
