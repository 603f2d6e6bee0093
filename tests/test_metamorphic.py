"""Format invariance on the sample reports: the tables recon reads from a report, rendered back in every
export style (in prose, in a file with a neutral name) and read again, give the same tables, rows, cells,
parents, column roles and the same findings on tables (compared by table ordinal, row label, column
position and class, not by line). Cases the current reader cannot pass are xfail(strict=True) with what
it lacks, so they turn into failures once it learns it."""

from __future__ import annotations

from pathlib import Path

import pytest

from render import STYLES, from_table
from render.check import finding_keys, read_rendering, table_problems
from toolkit import engine
from toolkit.reader import read_report
from toolkit.rules.loader import rules_for

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "reports").glob("*.txt"))
RULES = rules_for("rendering.txt")  # the default rulebook: a neutral name has no rule file of its own

ALL = ("000", "001", "003")
# styles whose tables reach the reader as tab-separated cells (HTML cells become tab-separated lines)
TABBED = ("html", "html_in_txt", "tsv", "numbered", "synonyms")
PLAIN = ("plain", "indented")

# what the reader lacks → the (samples, styles) it fails on
GAPS: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    ("markdown pipe tables are read only in .md/.markdown files (chosen by suffix): a .txt of pipe rows gives no table",
     ALL, ("pipe", "pipe_blank_header", "pipe_br")),
    ("box-drawing tables (┃ … │ … ┃ rows between ┏━┯┓ / ┠─┼┨ / ┗━┷┛ rules) have no block syntax: no table is read", ALL, ("box",)),
    ("ASCII box tables (| … | rows between +---+ rules) have no block syntax: no table is read", ALL, ("ascii_box",)),
    ("a first row whose label has a numbering prefix ('1) 계') is taken for a bullet line, so the table does not open on it",
     ALL, ("numbered",)),
    ("a title without a bullet whose words hold header vocabulary (<h3>예산집행 현황</h3>, 부서별 세출예산안) is taken for a "
     "column-header line: the table is titled '표 N'", ("000", "001"), ("html",)),
    ("a figure whose column a ragged whitespace-aligned row leaves open makes its relation AMBIGUOUS in the original; the "
     "tab-separated rendering states the column, so the same relation is classed ERROR or ROUNDING there (000 표 27 계, "
     "001 표 5 일반회계)", ("000", "001"), ("html_in_txt", "tsv")),
    ("header synonyms are not known: '(B-A)/A' for 증감률 is taken for a change amount, so the columns misfit and every role "
     "becomes 'other' (rows lose their parents)", ALL, ("synonyms",)),
    ("an empty cell in whitespace-aligned rows cannot be placed: figures are assigned to columns left to right, not by "
     "their position under the header words", ("001", "003"), PLAIN),
    ("'59 (23.2%)' (a count with its share in one cell) splits into two figures in whitespace-aligned rows", ("003",), PLAIN),
]


def findings(report):
    """The findings of the default rulebook. Causes (blame) are not compared and cost most of the
    time, so they are left out here."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "find_causes", lambda *args, **kwargs: (), raising=False)
        return engine.evaluate(report, RULES).findings


@pytest.fixture(scope="module")
def originals():
    cache: dict[str, tuple] = {}

    def get(path: Path):
        if path.name not in cache:
            report = read_report(path)
            cache[path.name] = (report, finding_keys(report, findings(report)))
        return cache[path.name]
    return get


def _cases():
    for path in SAMPLES:
        for style in STYLES:
            reasons = [r for r, samples, styles in GAPS if path.name[:3] in samples and style.name in styles]
            marks = [pytest.mark.xfail(strict=True, reason="; ".join(reasons))] if reasons else []
            yield pytest.param(path, style, id=f"{path.name[:3]}-{style.name}", marks=marks)


@pytest.mark.parametrize("path, style", list(_cases()))
def test_rendering_reads_the_same(path, style, originals, tmp_path):
    original, keys = originals(path)
    read, _ = read_rendering([from_table(t) for t in original.tables], style, tmp_path, name="rendering")
    problems = table_problems(original, read, style)
    assert not problems, "\n".join(problems)
    again = finding_keys(read, findings(read))
    assert again == keys, f"findings only in the original: {keys - again}; only in the rendering: {again - keys}"
