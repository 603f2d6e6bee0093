"""The wild tables rendered as reports and checked zero-config, against their exact audit.

Three measures (tests/test_wild_relations.py asserts them; `python tests/wild_relations.py` prints them):
- holds: cells the audit finds consistent (in no `error` relation) with no ERROR finding on them;
- found: `error` relations with an ERROR finding through their target cell;
- slips: slips planted in a figure of an `exact` relation (transposed digits, one digit, dropped △,
  1,000×) with an ERROR finding through the slipped cell.
"""

from __future__ import annotations

import copy
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from render import from_wild, style  # noqa: E402
from render.check import read_rendering, row_problems  # noqa: E402
from toolkit.engine import _column_letter, evaluate  # noqa: E402
from toolkit.rules.loader import rules_for  # noqa: E402

WILD = Path(__file__).parent / "wild"
STYLES = ("tsv", "html", "plain", "indented")  # the first the reader reads without a row problem is used
RULES = rules_for("report.txt")  # zero-config: no rule file applies to the neutral name


@dataclass
class Tally:
    holds: int = 0
    holds_total: int = 0
    found: int = 0
    found_total: int = 0
    slips: int = 0
    slips_total: int = 0
    notes: list[str] = field(default_factory=list)


def _label_cells(data: dict, table) -> int:
    """How many leading audit cells recon reads as label text: a second label column (계정과목 over
    관/항, "소계" / "세출결산" in a cell of its own) holds no figure in any row, and recon reads one
    column fewer for it; the audit counts it as a cell (a text column at the end, 비고, shifts nothing)."""
    extra = max(len(r["cells"]) for r in data["rows"]) - len(table.columns)
    shift = 0
    while shift < extra and not any(any(ch.isdigit() for ch in r["cells"][shift]) for r in data["rows"] if len(r["cells"]) > shift):
        shift += 1
    return shift


def _refs(report, positions: list[int], data: dict) -> dict[tuple[int, int], str]:
    """(audit row, audit column) → the workbook ref of the cell recon read there."""
    by_line = {row.line: (table, row) for table in report.tables for row in table.rows}
    refs = {}
    for i, line in enumerate(positions):
        if line not in by_line:
            continue
        table, row = by_line[line]
        shift = _label_cells(data, table)
        for cell in row.cells:
            refs[(i, cell.column + shift)] = f"{table.id}!{_column_letter(cell.column + 1)}{row.index + 2}"
    return refs


def _check(data: dict, folder: Path):
    facts = from_wild(data)
    for name in STYLES:
        chosen = style(name)
        report, positions = read_rendering([facts], chosen, folder)
        if not row_problems(facts, chosen, report, positions[0]):
            break
    else:
        return None, {}, None
    result = evaluate(report, RULES)
    return result, _refs(report, positions[0], data), name


def _error_cells(result) -> set[str]:
    return {ref for f in result.findings if f.cls == "ERROR" for ref in f.refs}


def _error_targets(result) -> set[str]:
    return {f.cell for f in result.findings if f.cls == "ERROR"}


def slipped(printed: str, how: str) -> str | None:
    digits = [i for i, ch in enumerate(printed) if ch.isdigit()]
    if how == "transpose":
        pairs = [i for i in digits if i + 1 in digits and printed[i] != printed[i + 1]]
        return printed[: pairs[0]] + printed[pairs[0] + 1] + printed[pairs[0]] + printed[pairs[0] + 2 :] if pairs else None
    if how == "digit" and digits:
        i = digits[0]
        return printed[:i] + ("1" if printed[i] not in "01" else "2") + printed[i + 1 :] + ("0" if len(digits) == 1 else "")
    if how == "sign":
        return printed.lstrip("△▵-−") if printed[:1] in "△▵-−" else None
    if how == "thousand" and digits and "." not in printed and "%" not in printed:
        return printed + ",000"
    return None


def measure(tables: list[str] | None = None, slips_per_table: int = 2, folder: Path | None = None) -> Tally:
    import tempfile

    tally = Tally()
    folder = folder or Path(tempfile.mkdtemp())
    for path in sorted(WILD.glob("*.json")):
        if tables and path.stem not in tables:
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        result, refs, name = _check(data, folder)
        if result is None:
            tally.notes.append(f"{path.stem}: no style read without row problems")
            continue
        errors = _error_targets(result)
        through = _error_cells(result)
        wrong = {tuple(c) for r in data["relations"] if r["status"] == "error" for c in [r["target"], *r["operands"]]}
        ok_targets = {tuple(r["target"]) for r in data["relations"] if r["status"] != "error"} - wrong
        for cell in sorted(ok_targets):
            ref = refs.get(cell)
            if ref is None:
                continue
            tally.holds_total += 1
            if ref in errors:
                tally.notes.append(f"{path.stem} ({name}): false ERROR at row {cell[0]} col {cell[1]}")
            else:
                tally.holds += 1
        for r in data["relations"]:
            if r["status"] != "error":
                continue
            tally.found_total += 1
            ref = refs.get(tuple(r["target"]))
            if ref is not None and ref in through:
                tally.found += 1
            else:
                tally.notes.append(f"{path.stem} ({name}): error {r['kind']} at {r['target']} not found ({r.get('why', '')})")
        exact = [r for r in data["relations"] if r["status"] == "exact" and tuple(r["target"]) not in wrong]
        planted = 0
        for n, r in enumerate(exact):
            if planted >= slips_per_table:
                break
            row, col = r["target"] if n % 2 == 0 else r["operands"][0]
            how = ("transpose", "digit", "sign", "thousand")[(n + planted) % 4]
            changed = slipped(data["rows"][row]["cells"][col], how) or slipped(data["rows"][row]["cells"][col], "digit")
            if not changed:
                continue
            bad = copy.deepcopy(data)
            bad["rows"][row]["cells"][col] = changed
            slipped_result, slipped_refs, _ = _check(bad, folder)
            if slipped_result is None:
                continue
            planted += 1
            tally.slips_total += 1
            if slipped_refs.get((row, col)) in _error_cells(slipped_result):
                tally.slips += 1
            else:
                tally.notes.append(f"{path.stem}: slip {how} at row {row} col {col} ({changed}) not found")
    return tally


if __name__ == "__main__":
    t = measure(slips_per_table=int(sys.argv[1]) if len(sys.argv) > 1 else 2)
    print(f"holds: {t.holds}/{t.holds_total}  found: {t.found}/{t.found_total}  slips: {t.slips}/{t.slips_total}")
    print("\n".join(t.notes))
