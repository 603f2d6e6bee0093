"""Evaluate rules over a report's tables with polars, and classify every failed relation.

All cells of all tables are one long frame; each rule compiles to a frame of
relations (rules/base.py); one set of expressions classifies them all:

- pass      the printed figure is what the others imply, rounded half-up at its precision;
- ROUNDING  not equal, but the intervals the printed figures stand for meet
            (mode half_up), or truncation at the printed precision gives it (mode truncation);
- AMBIGUOUS the rule is not an identity (plan vs actual, different bases);
- ERROR     anything else.

A rule that fails to run becomes an ERROR-free finding of kind other (AMBIGUOUS),
never a traceback: every rule runs, whatever the others do.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from toolkit.blame import find_causes
from toolkit.checked import Checked, what_was_checked
from toolkit.errors import ReconError
from toolkit.figures import format_number
from toolkit.findings import Cause, Finding
from toolkit.messages import message
from toolkit.model import RATE_ROLES, UNIT_FACTORS, Report
from toolkit.reader.lines import label_key
from toolkit.rules.base import RELATION_SCHEMA
from toolkit.rules.change_words import moved_refs
from toolkit.rules.change_words import resolve as resolve_change_words
from toolkit.rules.rounding import classify
from toolkit.rules.loader import RuleSet
from toolkit.rules.registry import KINDS, prefetch


@dataclass(frozen=True)
class Result:
    source: str
    findings: tuple[Finding, ...]
    causes: tuple[Cause, ...]
    relations_checked: int
    rules: tuple[str, ...]
    lang: str = "ko"  # the language of the messages; writers label their outputs in it
    lines: tuple[tuple[int, str], ...] = ()  # the report lines findings and causes point to, for the writers to show
    checked: tuple[Checked, ...] = ()  # what was checked, per table and relation, and how it was established


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_ref(table_id: str, row: int, column: int) -> str:
    """A cell's reference in findings: its sheet!cell in the workbook (header on row 1, labels in column A)."""
    return f"{_column_ref(table_id, column)}{row + 2}"


def _column_ref(table_id: str, column: int) -> str:
    """The sheet and column letter of a cell reference ("T02!C"); cell_ref adds the row."""
    return f"{table_id}!{_column_letter(column + 1)}"


def _stem(name: str) -> str:
    import re

    leaf = re.sub(r"[’'‘´`]?\d{2,4}(년도|년말|년)?", "", name.split(".")[-1]).replace(" ", "")
    return re.sub(r"(\(%\)|\(.\))$", "", leaf).rstrip("액률율")


CELLS_SCHEMA = {
    "table": pl.String, "title": pl.String, "factor": pl.Float64, "unit": pl.String, "row": pl.Int64, "label": pl.String,
    "label_key": pl.String, "level": pl.Int64, "parent": pl.Int64, "parent_via": pl.String, "col": pl.Int64, "col_name": pl.String, "role": pl.String,
    "year": pl.Int64, "pair": pl.String, "col_key": pl.String, "value": pl.Float64, "printed": pl.String, "line": pl.Int64,
    "decimals": pl.Int64, "word": pl.String, "ref": pl.String, "certain": pl.Boolean, "half": pl.Float64, "complete": pl.Boolean,
}


def cells_frame(report: Report) -> pl.DataFrame:
    """Every cell of every table, one row each, with its row and column context."""
    # built column by column (polars reads typed lists faster than rows of mixed values); what is the
    # same for a row's cells (its table's and its own context) is added once per row, repeated
    columns: dict[str, list] = {name: [] for name in CELLS_SCHEMA}
    (tables, titles, factors, units, rows, labels, keys, levels, parents, vias, cols, col_names, roles, years, pairs, col_keys,
     values, printed, lines, decimals, words, refs, certain, halves, complete) = columns.values()
    for table in report.tables:
        factor = float(UNIT_FACTORS.get(table.unit, 1))
        rounded_amounts = table.unit in UNIT_FACTORS  # money is printed rounded; counts are exact
        by_index = {c.index: c for c in table.columns}
        keyed = {c.index: f"{c.role}:{_stem(c.name)}" for c in table.columns}  # once per column, not per cell
        prefixes = {c.index: _column_ref(table.id, c.index) for c in table.columns}  # cell_ref's, once per column
        for row in table.rows:
            placed = 0
            for cell in row.cells:
                column = by_index.get(cell.column)
                if column is None:
                    continue
                placed += 1
                cols.append(cell.column)
                col_names.append(column.name)
                roles.append(column.role)
                years.append(column.year)
                pairs.append(column.pair)
                col_keys.append(keyed[cell.column])
                values.append(cell.value)
                printed.append(cell.printed)
                lines.append(cell.line)
                decimals.append(cell.decimals)
                words.append(cell.word)
                refs.append(f"{prefixes[cell.column]}{row.index + 2}")
                certain.append(cell.certain)
                halves.append(0.5 * 10.0 ** -cell.decimals if (rounded_amounts or column.role in RATE_ROLES) else 0.0)
            for column_values, value in (
                (tables, table.id), (titles, table.title), (factors, factor), (units, table.unit), (rows, row.index), (labels, row.label),
                (keys, label_key(row.label)), (levels, row.level), (parents, row.parent), (vias, row.parent_via), (complete, table.complete),
            ):
                column_values.extend([value] * placed)
    return pl.DataFrame(columns, schema=CELLS_SCHEMA)


def _scope_test(cells: pl.DataFrame):
    """Whether a rule can relate any cell: a kind that keeps only the tables its `tables` pattern names
    (its module uses select_tables) relates nothing when no table id or title matches."""
    from toolkit.rules.base import select_tables
    from toolkit.rules.registry import MODULES

    tables = cells.select("table", "title").unique()

    def in_scope(rule) -> bool:
        if not rule.tables or getattr(MODULES[rule.kind], "select_tables", None) is not select_tables:
            return True
        try:
            return select_tables(tables, rule).height > 0
        except Exception:  # noqa: BLE001 - a bad pattern is the rule's own finding, when it runs
            return True

    return in_scope


def evaluate(report: Report, ruleset: RuleSet, lang: str = "ko") -> Result:
    """The report checked against the rules: findings, their causes, what was checked. A rule that
    reads another file (a ledger) reads it once for the whole evaluation, the re-check of suggested
    corrections included, whoever calls (the command line, which starts the read earlier, or the Excel
    button); the next evaluation reads the file as it is then."""
    from toolkit.ledger import release

    prefetch(ruleset.rules)  # a read the caller started already is not started again
    try:
        return _evaluate(report, ruleset, lang)
    finally:
        release()


def _evaluate(report: Report, ruleset: RuleSet, lang: str) -> Result:
    printed = cells_frame(report)  # built once: the re-check patches the cells a suggestion changes
    judged, cells, broken = judge(report, ruleset.rules, lang, printed)
    failed = judged.filter(pl.col("class") != "PASS").sort(["line", "table", "rule"], nulls_last=True)
    from toolkit.places import place_frame, with_places

    places = place_frame(report)
    failed = with_places(failed, places, report)  # findings name their place as a person does
    findings = [_finding(row, lang) for row in failed.iter_rows(named=True)] + broken
    findings = [Finding(**{**f.__dict__, "id": f"F{i:04d}"}) for i, f in enumerate(findings, start=1)]
    from toolkit.recheck import recheck

    # a suggestion stands only if applying it makes the relations it claims to fix hold; the re-check
    # runs while blame's solver still lists the ties with each best set (alternatives it does not read)
    causes = find_causes(findings, judged, cells, then=lambda found: recheck(
        found, findings, report, lambda changed, rules, values: judge(changed, rules, lang, with_values(printed, values))[0],
        ruleset.rules, places, lang, judged))
    text = report.meta.get("rendering") or report.meta.get("lines") or ()  # an HWPX or PDF source: its text rendering
    wanted = sorted({n for f in findings for n in f.lines} | {c.line for c in causes})
    lines = tuple((n, text[n - 1]) for n in wanted if 0 < n <= len(text))
    checked = what_was_checked(judged, {t.id: t.title for t in report.tables}, _established)
    return Result(report.source, tuple(findings), tuple(causes), judged.height, tuple(r.id for r in ruleset.rules), lang, lines, checked)


def with_values(cells: pl.DataFrame, values: dict[str, tuple[str, float]]) -> pl.DataFrame:
    """cells_frame's cells with the given refs reading (printed, value): the frame cells_frame builds
    from the report recheck.apply makes of the same values (only printed and value change)."""
    if not values:
        return cells
    refs = list(values)
    return cells.with_columns(
        pl.col("ref").replace_strict(refs, [values[r][0] for r in refs], default=pl.col("printed"), return_dtype=pl.String).alias("printed"),
        pl.col("ref").replace_strict(refs, [float(values[r][1]) for r in refs], default=pl.col("value"), return_dtype=pl.Float64).alias("value"),
    )


def judge(report: Report, rules, lang: str = "ko", cells: pl.DataFrame | None = None) -> tuple[pl.DataFrame, pl.DataFrame, list[Finding]]:
    """Every relation the rules compile to on the report, classified; the cells; the rules that failed to run.
    `cells`: the report's cells_frame, when the caller has it (it is not built again)."""
    cells = resolve_change_words(cells_frame(report) if cells is None else cells)
    frames = []
    broken: list[Finding] = []
    in_scope = _scope_test(cells)
    for rule in rules:
        _, compile_rule = KINDS[rule.kind]
        if not in_scope(rule):
            continue  # its `tables` pattern names no table: nothing to compile (10,000 such rules cost nothing)
        try:
            frames.append(compile_rule(rule, cells, report))
        except ReconError:
            raise  # a file the rule reads (a ledger, a kept workbook) is bad input: exit 2, nothing written
        except Exception as error:  # a broken rule is reported, the others still run
            broken.append(Finding(
                id="", rule=rule.id, rule_at=rule.at, kind="other", cls="AMBIGUOUS", table="", row="", column="", cell="",
                lines=(), printed="", expected="", delta=None,
                message=(f"규칙 {rule.id} ({rule.at})을 적용하지 못함: {error}" if lang == "ko" else f"rule {rule.id} ({rule.at}) could not be applied: {error}"),
            ))
    relations = pl.concat(frames) if frames else pl.DataFrame(schema=RELATION_SCHEMA)
    from toolkit.rules.kinds.printed_format import anomalies

    # figures the layout leaves unplaced, or printed unlike their column, make relations doubtful
    uncertain = cells.filter(~pl.col("certain"))["ref"].to_list() + anomalies(cells)["ref"].to_list() + moved_refs(cells)
    # a blank we filled in for a ragged row is not a printed figure that could be wrong
    relations = relations.filter((pl.col("printed") != "") | ~pl.col("ref").is_in(uncertain) | (pl.col("kind") == "other"))
    return classify(relations, uncertain), cells, broken


def _shown(value: float | None, decimals: int, printed: str) -> str:
    if value is None:
        return ""
    percent = printed.endswith("%")
    return format_number(value, decimals, percent=percent)


def _finding(row: dict, lang: str = "ko") -> Finding:
    decimals = row["decimals"] or 0
    expected = row.get("expected_text") or _shown(row["expected_rounded"], decimals, row["printed"] or "")
    if row["word_ok"] is not None:
        expected = row.get("expected_text") or ("순증/순감이 아닌 값" if row["kind"] != "narrative" else "반대 방향")
        if row["expected"] is not None and row["kind"] == "rate":
            expected = format_number(row["expected"], 1, percent=True)
    text = message(row, expected, lang)
    return Finding(
        id="", rule=row["rule"], rule_at=row["rule_at"], kind=row["kind"], cls=row["class"], table=row["table"],
        row=row["row_label"] or "", column=row["column_label"] or "", cell=row["ref"] or "",
        lines=tuple(sorted({n for n in (row["lines"] or []) if n is not None})), printed=row["printed"] or "(빈칸)",
        expected=expected, delta=None if row["delta"] is None else round(row["delta"], 6), message=text,
        rounding=row["rounding"] if row["class"] == "ROUNDING" else None, refs=tuple(r for r in (row["refs"] or []) if r),
        title=row.get("table_title") or "", row_path=row.get("row_path") or row["row_label"] or "",
        column_path=row.get("column_path") or row["column_label"] or "",
        established=_established(row),
    )


def _established(row: dict) -> str:
    """How the failed relation was established, for the finding (issue 13: every finding says so)."""
    import re

    if row["kind"] == "discovered":
        found = re.search(r"\[([^\]]*)\]$", row["relation"] or "")
        return found.group(1) if found else "수치로 입증"
    if "default.yaml" not in (row["rule_at"] or ""):
        return f"규칙 파일 {row['rule_at']}"
    if row["kind"] in ("narrative", "calculation", "sentence_total"):
        return "본문의 문장·산출기초"
    if row["kind"] == "sum":
        return "행 구조(계·소계 표시, 수치)"
    if row["kind"] == "cross_table":
        return "두 표의 같은 행 이름·열 이름"
    return "머리글 단어(열 역할)"
