"""Measure the reader on every sample report and on its renderings in every export style.

    PYTHONPATH=tests .venv/bin/python -m render.measure        # a markdown table on stdout

Per sample and style: tables read, rows with a figure in every column, rows read exactly as in the
original reading (label, printed cells, parent), columns with a role, and the honest coverage of
table-like lines (toolkit/coverage.py).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from render import STYLES, from_table, shown_labels
from render.check import read_rendering, squeeze
from toolkit.coverage import measure_lines, table_stats
from toolkit.model import Report
from toolkit.reader import read_report
from toolkit.reader.decode import read_text

ROOT = Path(__file__).resolve().parents[2]


def same_rows(original: Report, read: Report, labels: str) -> int:
    """Rows read exactly as the original reading has them: label, printed cells, parent."""
    same = 0
    for before, after in zip(original.tables, read.tables):
        shown = shown_labels(from_table(before), labels)
        for label, old, new in zip(shown, before.rows, after.rows):
            cells = {c.column: squeeze(c.printed) for c in new.cells if c.printed}
            if squeeze(new.label) == squeeze(label) and new.parent == old.parent and \
                    cells == {c.column: squeeze(c.printed) for c in old.cells if c.printed}:
                same += 1
    return same


def row(name: str, style: str, report: Report, path: Path, original: Report) -> str:
    stats = [table_stats(t) for t in report.tables]
    lines = measure_lines(report, read_text(path)[0])
    rows = sum(s.rows for s in stats)
    exact = same_rows(original, report, next((s.labels for s in STYLES if s.name == style), "plain")) if report is not original else rows
    return (f"| {name} | {style} | {len(report.tables)} | {sum(s.complete_rows for s in stats)}/{rows} | "
            f"{exact}/{sum(len(t.rows) for t in original.tables)} | {sum(s.roles for s in stats)}/{sum(s.columns for s in stats)} | "
            f"{lines.shown()} |")


def main() -> None:
    print("| sample | style | tables | rows with every figure | rows as in the original | columns with a role | table-like lines in tables |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for path in sorted((ROOT / "reports").glob("*.txt")):
            original = read_report(path)
            print(row(path.name[:3], "original", original, path, original))
            for style in STYLES:
                read, _ = read_rendering([from_table(t) for t in original.tables], style, Path(folder), name="rendering")
                print(row(path.name[:3], style.name, read, Path(folder) / f"rendering{style.suffix}", original))


if __name__ == "__main__":
    main()
