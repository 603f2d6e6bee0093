"""Real tables from other public bodies, rendered in every export style inside a small report and read back:
every row's figures must come out in order, in one row, on the row's own line, with its label.

The facts are tests/wild/*.json (a copy of ../shared/wild, so a clone without ../shared runs the same
tests). Where the current reader cannot pass, the case is xfail(strict=True) naming what the reader
lacks; strict, so a case flips to a failure once the reader learns it and the mark must go.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from render import STYLES, from_wild, style
from render.check import read_rendering, row_problems

WILD = Path(__file__).parent / "wild"
SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "wild"
TABLES = sorted(p.stem for p in WILD.glob("*.json"))
ALL = tuple(TABLES)

# styles whose tables reach the reader as tab-separated cells (HTML cells become tab-separated lines)
TABBED = ("html", "html_in_txt", "tsv", "numbered", "synonyms")
PLAIN = ("plain", "indented")
EVERY_READ = TABBED + PLAIN  # the styles the current reader has a syntax for

# what the reader lacks → the (tables, styles) it fails on
GAPS: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = []


def _gaps(table: str, style: str) -> list[str]:
    return [reason for reason, tables, styles in GAPS if table in tables and style in styles]


def _cases():
    for table in TABLES:
        for chosen in STYLES:
            reasons = _gaps(table, chosen.name)
            marks = [pytest.mark.xfail(strict=True, reason="; ".join(reasons))] if reasons else []
            yield pytest.param(table, chosen, id=f"{table}-{chosen.name}", marks=marks)


@pytest.mark.parametrize("table, style", list(_cases()))
def test_wild_table_reads_back(table, style, tmp_path):
    facts = from_wild(json.loads((WILD / f"{table}.json").read_text(encoding="utf-8")))
    report, positions = read_rendering([facts], style, tmp_path)
    problems = row_problems(facts, style, report, positions[0])
    assert not problems, "\n".join(problems)


def test_copy_matches_shared():
    """tests/wild is a copy of ../shared/wild: the same files, byte for byte, where ../shared exists."""
    if not SHARED.is_dir():
        pytest.skip("no ../shared/wild in this clone")
    shared = {p.name: p.read_bytes() for p in SHARED.iterdir() if p.suffix in (".json", ".md")}
    copy = {p.name: p.read_bytes() for p in WILD.iterdir() if p.suffix in (".json", ".md")}
    assert copy == shared


def test_every_gap_names_real_cases():
    """A gap listed for a table or style that does not exist would hide nothing and mean nothing."""
    names = {s.name for s in STYLES}
    for reason, tables, styles in GAPS:
        assert set(tables) <= set(TABLES) and set(styles) <= names, reason


MIXES = {
    "tsv+plain": ("tsv", "plain", "tsv", "plain"),
    "html+tsv+plain": ("html_in_txt", "tsv", "plain", "html_in_txt"),
    "every syntax": ("pipe", "box", "html_in_txt", "tsv", "plain", "ascii_box"),
}
MIX_GAPS: dict[str, str] = {}  # every mix is read, each table by its own syntax
# tables the current reader reads in tab-separated, plain and HTML styles alike (see GAPS above)
MIXED_TABLES = ("a008", "a025", "b028", "b029", "b030", "b010")


@pytest.mark.parametrize("mix", [
    pytest.param(name, id=name, marks=[pytest.mark.xfail(strict=True, reason=MIX_GAPS[name])] if name in MIX_GAPS else [])
    for name in MIXES
])
def test_one_file_mixing_syntaxes(mix, tmp_path):
    """Several tables in one .txt, each in its own syntax, with prose between: each is read by its own syntax."""
    styles = [style(name) for name in MIXES[mix]]
    tables = [from_wild(json.loads((WILD / f"{t}.json").read_text(encoding="utf-8"))) for t in MIXED_TABLES[: len(styles)]]
    report, positions = read_rendering(tables, styles, tmp_path)
    every = {n for where in positions for n in where}
    problems = sorted({p for facts, one, where in zip(tables, styles, positions) for p in row_problems(facts, one, report, where, every)})
    assert not problems, "\n".join(problems)
