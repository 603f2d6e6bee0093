"""Relations a table's headers print as letter formulas.

Statements of accounts name their columns with letters and print the formula of a computed
column in its header (CONVENTIONS.md, "Change": headed "(B−A)/A"; statements of accounts:
`계(A)`, `결산액 (B)`, `차이(A-B)`, `수납액 (C=D-E)`, `미수금 (F = B-C)`, `증감(B-A)*100/A`).
The header then says what the column is, whatever its words: the relation is taken as
printed, a column named by a letter standing for that letter.

- a letter names the column whose header (its lowest level first) ends in it within
  parentheses — `(A)`, `(채무확정액 C)` — or defines it — `(C=D-E)`;
- a formula is a sum `A+B+C`, a difference `A-B`, a rate `B/A` or a rate of change
  `(B-A)/A` (× 100 written or not);
- a formula over a letter no column names, or mixing + and −, is left alone.

Support: the rows where its figures are printed and it holds. A formula the header prints is
an ERROR where it fails, as a rule file's would be — unless it holds in no row that could show
it: then the letters are likely misread (a header split over lines) and it is not taken at all
(rules/discovery.py, printed_formulas). A letter names the column in the formula's own header
group first (사천시 (A) beside 동종 자치단체 평균 (A)).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import polars as pl

FORMULA_HINT = r"[A-Z]\)?\s*[-+/−－＋]\s*\(?[A-Z]"  # a header that may print a formula: two capitals joined by an operator
_LETTER = re.compile(r"\((?:[^()]*[\s(])?([A-Z])\)|\(([A-Z])\s*=")
_RATIO_DIFF = re.compile(r"(?:[A-Z]=)?\(([A-Z])-([A-Z])\)(?:\*100)?/([A-Z])(?:\*100)?(?![A-Za-z])")
_RATIO = re.compile(r"(?<![A-Za-z)])(?:[A-Z]=)?([A-Z])/([A-Z])(?:\*100)?(?![A-Za-z])")
_LINEAR = re.compile(r"(?<![A-Za-z])(?:([A-Z])=)?([A-Z](?:[-+][A-Z])+)(?![A-Za-z/])")


def _plain(name: str) -> str:
    return re.sub(r"\s+", "", name).replace("−", "-").replace("－", "-").replace("–", "-").replace("×", "*").replace("＋", "+")


def _letter(name: str) -> str | None:
    found = _LETTER.findall(name)
    return (found[-1][0] or found[-1][1]) if found else None


def _group(name: str) -> str:
    return ".".join(name.split(".")[:-1])


def letters(names: dict[int, str]) -> dict[str, list[int]]:
    """Letter → the columns it names: from the header's lowest level, then from its higher levels
    for a column no lower level names (a letter may name a column in each of several groups:
    사천시 (A), (B) and 동종 자치단체 평균 (A), (B))."""
    out: dict[str, list[int]] = {}
    for level in (-1, None):
        for col, name in sorted(names.items()):
            parts = name.split(".")
            text = parts[-1] if level == -1 else ".".join(parts[:-1])
            letter = _letter(text)
            if letter and not any(col in cols for cols in out.values()):
                out.setdefault(letter, []).append(col)
    return out


def _resolve(letter: str, group: str, named: dict[str, list[int]], names: dict[int, str]) -> int | None:
    """The column a formula's letter stands for: the one in the formula's own header group, else the only one."""
    columns = named.get(letter, [])
    same = [c for c in columns if _group(names[c]) == group]
    if len(same) == 1:
        return same[0]
    return columns[0] if len(columns) == 1 else None


def formula(name: str) -> tuple[str, tuple[str, ...]] | None:
    """The form and operand letters a header prints: ("diff", ("A", "B")) for 차이(A-B)."""
    text = _plain(name.split(".")[-1])
    if match := _RATIO_DIFF.search(text):
        a, b, base = match.groups()
        return ("ratio_diff", (a, b)) if base == b else None
    if match := _RATIO.search(text):
        return "ratio", match.groups()
    if re.search(r"[-+*/]\(|\)[-+*/]", text):
        return None  # a nested expression (불용액 A-(C+E)): not one of the forms checked
    if match := _LINEAR.search(text):
        expression = match.group(2)
        signs = set(re.findall(r"[-+]", expression))
        operands = tuple(re.findall(r"[A-Z]", expression))
        if signs == {"-"} and len(operands) == 2:
            return "diff", operands
        if signs == {"+"}:
            return "sum", operands
    return None


def header_relations(table_cells: pl.DataFrame) -> list[tuple[str, int, tuple[int, ...]]]:
    """(form, target column, operand columns) for each column whose header prints a formula over named columns."""
    return header_relations_of(dict(table_cells.select("col", "col_name").unique("col").iter_rows()))


def header_relations_of(headers: Mapping[int, str | None]) -> list[tuple[str, int, tuple[int, ...]]]:
    """header_relations for a table's column headers (column → header text)."""
    names = {c: n or "" for c, n in headers.items()}
    named = letters(names)
    out = []
    for col, name in sorted(names.items()):
        found = formula(name)
        if found is None:
            continue
        form, operands = found
        resolved = [_resolve(letter, _group(name), named, names) for letter in operands]
        columns = tuple(c for c in resolved if c is not None)
        if len(columns) < len(operands) or col in columns or len(set(columns)) < len(columns):
            continue
        out.append((form, col, columns))
    return out
