"""Relations a table's own figures prove, found without header words.

For every table, every candidate relation between its figure columns is judged row
by row with the engine's rounding model (rules/rounding.py):

- t = a + b (+ c …)            a total column (a pair, or a run of ≥3 adjacent columns);
- t = a − b                    a change or a balance (the same triple as a = t + b);
- t = a / b × 100              a rate or a share of another column;
- t = (a − b) / b × 100        a rate of change;
- parent = Σ children          per column, over the parent rows the reader gives,
                               for columns the role-based `sum` rule does not check.

A row counts for a candidate when all its figures are printed (`-` is a printed
zero) and the row says something: the operands are not zero and, for a rate, the
interval the printed amounts allow is narrow. A candidate is **proven** when it
holds (pass or ROUNDING) in at least 3 such rows and in at least two thirds of
them. Why two thirds: a relation that is real holds in every row but the slips
and the rows computed another way; in these reports the rows computed another
way are the 계 rows (a plain sum of the children's rates instead of a rate of
the sums), about a quarter to a third of a table — so a stricter majority would
miss exactly the errors a reader looks for, while a chance relation between
unrelated multi-digit figures holds in almost no row, let alone three.
Two-row tables never prove anything (three rows are needed).

A proven relation is **strong** (its failing rows are ERROR) when it holds in at least
5 rows and either header words name it (a 증감 column as t = a − b, 증감률 as a rate of
change, 률/비율/구성비 as a rate, 계/합계 as a total; vocabulary.RELATION_WORDS) or it
holds in four rows in five; otherwise it is weak and its failing rows are AMBIGUOUS.
Header words also break ties between candidates for one column.
A column proven a rate of others is not also the base of another rate: b = a / t × 100 is
t = a / b × 100 read backwards (with rates printed as whole numbers, the backwards reading
holds in most rows too and only fills the findings with questions).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from itertools import combinations

import numpy as np
import polars as pl

from toolkit.model import SUMMABLE_ROLES
from toolkit.rules.header_formulas import FORMULA_HINT, header_relations_of
from toolkit.rules.rounding import classify, holds
from toolkit.vocabulary import RELATION_WORDS

MIN_ROWS = 3  # rows that must hold a relation before it is taken
MAJORITY = 2 / 3  # share of the informative rows that must hold it
STRONG_ROWS, STRONG_SHARE = 5, 0.8  # without header words: support for ERROR findings
MAX_COLUMNS = 14  # figure columns searched per table (bounded cost: ~2·k³ candidates)
RATE_WIDTH = 0.1  # a rate row is informative when its interval is under 10% of its value
FORMS = ("sum", "diff", "ratio", "ratio_diff", "rows")
SIMPLER = {"diff": 0, "sum": 0, "ratio": 1, "ratio_diff": 2, "rows": 0}
RATIOS = ("ratio", "ratio_diff")


@dataclass(frozen=True)
class Found:
    """One relation a table keeps: target column = form(operand columns)."""

    table: str
    title: str
    form: str  # sum | diff | ratio | ratio_diff | rows
    target: int
    operands: tuple[int, ...]
    names: tuple[str, ...]  # the target's header, then the operands'
    held: int  # informative rows where it holds
    rows: int  # informative rows
    how: str  # header | proven | rule
    strong: bool
    confirms: str | None = None  # the role-based kind that checks the same relation, if any

    @property
    def coefs(self) -> tuple[float, ...]:
        """Linear forms: target − Σ coef·operand = 0, coefficients of the operands."""
        if self.form == "diff":
            return (1.0, -1.0)
        return tuple(1.0 for _ in self.operands)

    def formula(self) -> str:
        t, *ops = self.names
        if self.form == "sum":
            return f"{t} = {' + '.join(ops)}"
        if self.form == "diff":
            return f"{t} = {ops[0]} − {ops[1]}"
        if self.form == "ratio":
            return f"{t} = {ops[0]} / {ops[1]} × 100"
        if self.form == "ratio_diff":
            return f"{t} = ({ops[0]} − {ops[1]}) / {ops[1]} × 100"
        return f"{t}: 상위 행 = 하위 행의 합"

    def established(self) -> str:
        """How the relation was established, in the finding's words."""
        support = f"{self.held}/{self.rows}행에서 성립"
        if self.how == "rule":
            return "규칙 파일"
        if self.how == "header":
            return f"머리글 '{self.names[0]}' · {support}"
        if self.how == "formula":
            return f"머리글 수식 '{self.names[0]}' · {support}"
        return f"수치로 입증: {support}"


def header_names(name: str, form: str) -> bool:
    """Whether a column header names this form of relation (증감 → diff, 증감률 → ratio_diff …)."""
    key = name.replace(" ", "")
    leaf = key.split(".")[-1]
    if form == "sum":  # 계 alone or a 합계/소계/총계, never the 계 of 일반회계
        return leaf in RELATION_WORDS["sum"] or (leaf.endswith(RELATION_WORDS["sum"]) and not leaf.endswith("회계"))
    if form == "diff" and any(word in leaf for word in RELATION_WORDS["ratio"]):
        return False  # 증감률 is a rate, not a 증감
    return any(word in leaf for word in RELATION_WORDS.get(form, ()))


def _printed_values(cells: pl.DataFrame) -> pl.DataFrame:
    """Column `v`: the figure, with `-` alone a printed zero (none) and a blank left blank."""
    printed_zero = pl.col("printed").str.strip_chars().is_in(["-", "−", "–"])
    return cells.with_columns(pl.when(pl.col("value").is_null() & printed_zero).then(0.0).otherwise(pl.col("value")).alias("v"))


GRID = ("row", "col", "v", "half", "decimals", "col_name")  # a table's cells as _grid reads them


def _grid(cells: pl.DataFrame | list[tuple], wanted: list[int] | None = None) -> tuple[list[int], dict[str, np.ndarray], list[str]]:
    """The table's figure columns (or the `wanted` ones) as row × column arrays: value (nan = blank),
    half, decimals. `cells` carries `v` (_printed_values), or is its GRID columns as tuples."""
    table = cells if isinstance(cells, list) else list(cells.select(*GRID).iter_rows())
    printed: dict[int, int] = {}
    for _, c, v, *_rest in table:
        if v is not None:
            printed[c] = printed.get(c, 0) + 1
    columns = wanted if wanted is not None else sorted(c for c, n in printed.items() if n >= MIN_ROWS)[:MAX_COLUMNS]
    rows = sorted({r for r, *_rest in table})
    at_row = {r: i for i, r in enumerate(rows)}
    at_col = {c: j for j, c in enumerate(columns)}
    shape = (len(rows), len(columns))
    grid = {"v": np.full(shape, np.nan), "half": np.zeros(shape), "dec": np.zeros(shape), "row": np.array(rows, dtype=np.int64)}
    names = [""] * len(columns)
    for r, c, v, half, dec, name in table:
        j = at_col.get(c)
        if j is None:
            continue
        names[j] = name
        i = at_row[r]
        grid["v"][i, j] = np.nan if v is None else v
        grid["half"][i, j] = half or 0.0
        grid["dec"][i, j] = dec or 0
    return columns, grid, names


def _candidates(k: int) -> list[tuple[str, int, tuple[int, ...]]]:
    out: list[tuple[str, int, tuple[int, ...]]] = []
    for t in range(k):
        others = [j for j in range(k) if j != t]
        for a, b in combinations(others, 2):
            out.append(("sum", t, (a, b)))
        for a in others:
            for b in others:
                if a != b:
                    out += [("ratio", t, (a, b)), ("ratio_diff", t, (a, b))]
        for end in range(t + 4, k + 1):  # a run of ≥3 adjacent columns right of the total
            out.append(("sum", t, tuple(range(t + 1, end))))
        for start in range(0, t - 2):  # … or left of it
            out.append(("sum", t, tuple(range(start, t))))
    return out


@cache
def _batches(k: int) -> list[tuple[str, np.ndarray, np.ndarray, np.ndarray]]:
    """The candidates of _candidates(k), grouped by form and operand count so that each group is judged
    as one array: (form, targets, operands, the candidates' positions in _candidates(k))."""
    groups: dict[tuple[str, int], tuple[list[int], list[tuple[int, ...]], list[int]]] = {}
    for n, (form, t, ops) in enumerate(_candidates(k)):
        targets, operands, order = groups.setdefault((form, len(ops)), ([], [], []))
        targets.append(t)
        operands.append(ops)
        order.append(n)
    return [(form, np.array(ts), np.array(ops, dtype=np.int64), np.array(order)) for (form, _), (ts, ops, order) in groups.items()]


def _judged(form: str, v: np.ndarray, h: np.ndarray, dec: np.ndarray, t: np.ndarray, ops: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For candidates t[c] = form(ops[c]) over all rows (rows × candidates): whether the row is
    used (printed and informative), whether it holds (PASS or ROUNDING: rounding.holds, one array for
    all candidates of a table, not a frame per candidate), and whether the printed target is not zero."""
    with np.errstate(divide="ignore", invalid="ignore"):
        operand = v[:, ops]  # rows × candidates × operands
        if form == "sum":
            expected = operand.sum(axis=2)
            spread = h[:, ops].sum(axis=2)
            lo, hi = expected - spread, expected + spread
            informative = (np.abs(operand) > 2 * spread[:, :, None]).all(axis=2)
        else:
            a, b = ops[:, 0], ops[:, 1]
            num = v[:, a] if form == "ratio" else v[:, a] - v[:, b]
            num_h = h[:, a] if form == "ratio" else h[:, a] + h[:, b]
            den, den_h = v[:, b], h[:, b]
            expected = np.where(den != 0, 100 * num / den, np.nan)
            c1, c2, c3, c4 = (100 * (num + s * num_h) / (den + u * den_h) for s in (-1, 1) for u in (-1, 1))
            valid = np.abs(den) > den_h
            # the corners' least and greatest (a nan corner gives nan either way, as a min over them would)
            lo = np.where(valid, np.minimum(np.minimum(c1, c2), np.minimum(c3, c4)), np.nan)
            hi = np.where(valid, np.maximum(np.maximum(c1, c2), np.maximum(c3, c4)), np.nan)
            informative = valid & (num != 0) & (v[:, a] != 0) & ((hi - lo) <= RATE_WIDTH * np.abs(expected))
        actual, half, decimals = v[:, t], h[:, t], dec[:, t].astype(np.int64)
        printed = ~np.isnan(actual) & ~np.isnan(operand).any(axis=2) & ~np.isnan(expected)
        use = printed & informative
        ok = use & holds(actual, expected, lo, hi, half, decimals)
        return use, ok, ok & (actual != 0)


def _screen_all(tables: list[pl.DataFrame | list[tuple]]) -> list[list[dict]]:
    """Every proven column relation of each table, with its support (before choosing among them).
    Tables with as many figure columns share their candidates: their rows are
    judged as one array per batch (each row is judged on its own; the support is summed per table),
    so the fixed cost of the array operations is paid per column count, not per table."""
    out: list[list[tuple[int, dict]]] = [[] for _ in tables]
    by_width: dict[int, list[tuple[int, list[int], dict[str, np.ndarray], list[str]]]] = {}
    for index, table_cells in enumerate(tables):
        columns, grid, names = _grid(table_cells)
        if len(columns) < 3 or grid["v"].shape[0] < MIN_ROWS:
            continue
        by_width.setdefault(len(columns), []).append((index, columns, grid, names))
    for k, group in by_width.items():
        v, h, dec = (np.vstack([grid[name] for _, _, grid, _ in group]) for name in ("v", "half", "dec"))
        starts = np.cumsum([0] + [grid["v"].shape[0] for _, _, grid, _ in group[:-1]])
        for form, targets, operands, order in _batches(k):
            use, ok, ok_nonzero = _judged(form, v, h, dec, targets, operands)
            # per table (rows × candidates summed over each table's rows)
            all_rows, all_held, all_nonzero = (np.add.reduceat(a.astype(np.int64), starts, axis=0) for a in (use, ok, ok_nonzero))
            for position, (index, columns, _, names) in enumerate(group):
                rows, held, held_nonzero = all_rows[position], all_held[position], all_nonzero[position]
                proven = (rows >= MIN_ROWS) & (held >= MIN_ROWS) & (held >= MAJORITY * rows) & (held_nonzero >= MIN_ROWS)
                for c in np.flatnonzero(proven):
                    t, ops = int(targets[c]), tuple(int(o) for o in operands[c])
                    out[index].append((int(order[c]), {"form": form, "target": columns[t], "operands": tuple(columns[o] for o in ops),
                                                       "held": int(held[c]), "rows": int(rows[c]), "names": (names[t], *(names[o] for o in ops))}))
    return [[found for _, found in sorted(pairs, key=lambda pair: pair[0])] for pairs in out]


def _linear_target(found: dict, position: dict[int, int]) -> dict:
    """t = a + b is also a = t − b: name as target the column header words call the result
    (증감/잔액 → a difference, 계/합계 → the total), else the rightmost of the three
    (derived columns follow their operands in these tables)."""
    if found["form"] != "sum" or len(found["operands"]) != 2:
        return found
    total, (a, b) = found["target"], found["operands"]
    names = dict(zip((total, a, b), found["names"], strict=True))
    for col in (total, a, b):
        if header_names(names[col], "diff") and col != total:
            other = b if col == a else a
            return {**found, "form": "diff", "target": col, "operands": (total, other), "names": (names[col], names[total], names[other])}
    if header_names(names[total], "sum"):
        return found
    right = max((total, a, b), key=lambda c: position[c])
    if right == total:
        return found
    other = b if right == a else a
    return {**found, "form": "diff", "target": right, "operands": (total, other), "names": (names[right], names[total], names[other])}


def _roles(table_cells: pl.DataFrame) -> tuple[dict[int, str], dict[str, int]]:
    return _first_of_role(dict(table_cells.select("col", "role").unique().iter_rows()))


def _first_of_role(roles: dict[int, str]) -> tuple[dict[int, str], dict[str, int]]:
    """The columns' roles, and the first column of each role."""
    first: dict[str, int] = {}
    for col in sorted(roles):
        first.setdefault(roles[col], col)
    return roles, first


def _confirms(found: dict, roles: dict[int, str], first: dict[str, int]) -> str | None:
    """The role-based kind that already checks this target figure, if any. The role-based kinds
    compute a 증감 from the first current and previous columns, a 증감률 over the first previous
    column (from the change or from current − previous: the same figure), an 집행률 over the
    first current column; a discovered relation agreeing with them only confirms them."""
    target, ops, form = found["target"], found["operands"], found["form"]
    role = roles.get(target)
    if form == "diff" and role == "change" and ops == (first.get("current"), first.get("previous")):
        return "difference"
    if form in RATIOS and role == "change_rate" and ops[1] == first.get("previous"):
        return "rate"
    if form == "ratio" and role == "execution_rate" and roles.get(ops[0]) == "executed" and ops[1] == first.get("current"):
        return "execution_rate"
    if form == "rows" and role in SUMMABLE_ROLES:
        return "sum"
    return None


def _choose(proven: list[dict], roles: dict[int, str], first: dict[str, int], columns_in_order: list[int], rate_like: dict[int, float]) -> list[dict]:
    """One relation per target column, one target per triple: most rows held, then header words,
    then (for a ratio) the column printed like a rate, then the simpler form, then the nearest operands."""
    position = {c: i for i, c in enumerate(columns_in_order)}
    named = [_linear_target(p, position) for p in proven]
    for p in named:
        p["header"] = header_names(p["names"][0], p["form"])
        p["confirms"] = _confirms(p, roles, first)
    # among equally supported candidates, the one the columns' roles also name (집행률 over 예산현액, not over
    # a 증감액 that equals it wherever the previous amount is none) is the relation the table means
    named.sort(key=lambda p: (-p["held"], not p["header"], p["confirms"] is None, -rate_like.get(p["target"], 0) if p["form"] in RATIOS else 0,
                              SIMPLER[p["form"]], sum(abs(position[o] - position[p["target"]]) for o in p["operands"])))
    chosen: list[dict] = []
    targets: set[int] = set()
    rates: set[int] = set()  # targets of chosen ratios
    triples: set[tuple[str, frozenset[int]]] = set()
    for p in named:
        # t = a − b is a = t + b, and t = a / b × 100 is b = a / t × 100: one relation, one target
        family = "ratio" if p["form"] in RATIOS else p["form"].replace("diff", "sum")
        triple = (family, frozenset((p["target"], *p["operands"])))
        if p["target"] in targets or triple in triples:
            continue
        if p["form"] in RATIOS and rate_like.get(p["operands"][1], 0) > rate_like.get(p["target"], 0):
            continue  # b = a / t × 100 is t = a / b × 100 read backwards: the rate is the target
        if p["form"] in RATIOS and p["operands"][1] in rates:
            continue  # a column better proven a rate of others is not the base of another rate (same reading backwards)
        if p["form"] in ("sum", "diff") and len({rate_like.get(c, 0) > 0.5 for c in (p["target"], *p["operands"])}) > 1:
            continue  # rates are not added to amounts: a sum mixing them is a coincidence
        targets.add(p["target"])
        triples.add(triple)
        if p["form"] in RATIOS:
            rates.add(p["target"])
        p["confirms"] = _confirms(p, roles, first)
        chosen.append(p)
    return chosen


def _row_relations(cells: pl.DataFrame, sum_relations) -> dict[str, list[dict]]:
    """parent = Σ children per table and column, for the columns the role-based sum rule leaves out
    (judged in one frame for all tables)."""
    cols = cells.filter(~pl.col("role").is_in(list(SUMMABLE_ROLES) + ["share"]))
    out: dict[str, list[dict]] = {}
    if cols.height == 0 or cols["parent"].is_null().all():
        return out
    judged = classify(sum_relations(cols)).filter(pl.col("actual") != 0)
    judged = judged.with_columns(pl.col("class").is_in(["PASS", "ROUNDING"]).alias("ok"), pl.col("refs").list.first().alias("target_ref"))
    names = dict(cols.select("ref", "col").iter_rows())
    judged = judged.with_columns(pl.col("target_ref").replace_strict(names, default=None, return_dtype=pl.Int64).alias("col"))
    support = judged.group_by("table", "col", "column_label").agg(pl.col("ok").sum().alias("held"), pl.len().alias("rows")).sort("table", "col")
    for table, col, name, held, rows in support.iter_rows():
        if held >= MIN_ROWS and held >= MAJORITY * rows:
            out.setdefault(str(table), []).append({"form": "rows", "target": col, "operands": (), "held": held, "rows": rows, "names": (name,), "header": False})
    return out


def printed_formulas(cells: pl.DataFrame) -> list[Found]:
    """The relations the tables' headers print as letter formulas (rules/header_formulas.py), with
    their support, taken as a rule file's would be (strong) unless they hold in no row that could
    show them: a misread letter holds in no row, where a slip leaves the other rows holding."""
    found: list[Found] = []
    # only tables with a header that could print a formula (two capital letters joined by an operator)
    printing = cells.filter(pl.col("col_name").str.contains(FORMULA_HINT))["table"].unique().to_list()
    cells = _printed_values(cells.filter(pl.col("table").is_in(printing)))
    # each table's cells, headers, roles and title, read from the frame once for all tables (as in discover)
    grids: dict[str, list[tuple]] = {}
    headers: dict[str, dict[int, str]] = {}
    roles_of: dict[str, dict[int, str]] = {}
    titles: dict[str, str] = {}
    for table, title, role, *cell in cells.select("table", "title", "role", *GRID).iter_rows():
        grids.setdefault(table, []).append(tuple(cell))
        headers.setdefault(table, {}).setdefault(cell[1], cell[5])
        roles_of.setdefault(table, {})[cell[1]] = role
        titles.setdefault(table, title)
    for table, grid in grids.items():
        relations = header_relations_of(headers[table])
        if not relations:
            continue
        roles, first = _first_of_role(roles_of[table])
        for form, target, operands in relations:
            columns, arrays, names = _grid(grid, [target, *operands])
            # t = a − b is judged as a = t + b (the screen's form for both)
            t, ops = (1, [0, 2]) if form == "diff" else (0, list(range(1, len(columns))))
            use, ok, _ = _judged("sum" if form == "diff" else form, arrays["v"], arrays["half"], arrays["dec"], np.array([t]), np.array([ops], dtype=np.int64))
            held, rows = int(ok.sum()), int(use.sum())
            if rows and not held:
                continue  # holds in no row that could show it: letters misread, not a relation the table keeps
            p = {"form": form, "target": target, "operands": tuple(operands)}
            found.append(Found(
                table=str(table), title=titles[table], form=form, target=target, operands=tuple(operands), names=tuple(names),
                held=held, rows=rows, how="formula", strong=True, confirms=_confirms(p, roles, first),
            ))
    return found


def discover(cells: pl.DataFrame, sum_relations) -> list[Found]:
    """Every relation each table's figures prove. `sum_relations(cells)` builds parent = Σ children
    relations for the given cells (the sum kind's, so the two agree on what a parent is)."""
    found: list[Found] = []
    # a table the file cuts off: rows may be missing, nothing is proven from it
    cells = _printed_values(cells.filter(pl.col("complete").all().over("table")))
    by_rows = _row_relations(cells, sum_relations)
    # what each table's search needs, read from the frame once for all tables (a few polars queries,
    # not a few per table): its cells as tuples, in the frame's order, its columns' roles, its title
    # and, per column, the share of figures printed like a rate (decimals or a % sign)
    grids: dict[str, list[tuple]] = {}
    for table, *cell in cells.select("table", *GRID).iter_rows():
        grids.setdefault(table, []).append(tuple(cell))
    roles_of: dict[str, dict[int, str]] = {}
    for table, col, role in cells.select("table", "col", "role").unique(maintain_order=True).iter_rows():
        roles_of.setdefault(table, {})[col] = role
    titles = dict(cells.select("table", "title").unique("table", keep="first", maintain_order=True).iter_rows())
    rate_share: dict[str, dict[int, float]] = {}
    printed_like_rate = ((pl.col("decimals") > 0) | pl.col("printed").str.ends_with("%")).mean()
    for table, col, share in cells.group_by("table", "col").agg(printed_like_rate).iter_rows():
        rate_share.setdefault(table, {})[col] = share
    screened = dict(zip(grids, _screen_all(list(grids.values())), strict=True))
    for table in grids:
        roles, first = _first_of_role(roles_of[table])
        order = sorted(roles)
        # a rate is printed with decimals or a % sign far more often than an amount
        rate_like = rate_share[table]
        chosen = _choose(screened[table], roles, first, order, rate_like)
        # a column computed from its own row (a rate) is not also the sum of its children's: where both
        # seem to hold, the parent rows break the row-wise relation, and that is what is reported
        computed = {p["target"] for p in chosen if p["form"] in RATIOS}
        chosen += [p for p in by_rows.get(str(table), []) if p["target"] not in computed]
        title = titles[table]
        for p in chosen:
            header = bool(p.get("header"))
            # header words confirm a relation the figures prove, but do not make 3 or 4 rows enough for an ERROR
            strong = p["held"] >= STRONG_ROWS and (header or p["held"] >= STRONG_SHARE * p["rows"])
            found.append(Found(
                table=str(table), title=title, form=p["form"], target=p["target"], operands=tuple(p["operands"]), names=tuple(p["names"]),
                held=p["held"], rows=p["rows"], how="header" if header else "proven", strong=strong,
                confirms=p.get("confirms") or _confirms(p, roles, first),
            ))
    return found
