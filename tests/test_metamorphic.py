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
CELLS = ("pipe", "pipe_blank_header", "pipe_br", "box", "ascii_box", "html", "html_in_txt", "tsv", "numbered", "synonyms")
GAPS: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = []


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
