"""Renderers: a table's facts written in every export style recon must read, inside a small report.

Fixture generators for the format-invariance tests (tests/test_wild_tables.py,
tests/test_metamorphic.py, tests/test_render_properties.py). `render_report(tables, style)`
returns the report text and, per table, the 1-based line each row is printed on.
"""

from render.facts import Facts, FactRow, from_table, from_wild, is_figure, numbering, shown_labels, with_synonyms
from render.report import STYLES, Style, render_report, style

__all__ = [
    "Facts", "FactRow", "STYLES", "Style", "from_table", "from_wild", "is_figure", "numbering", "render_report",
    "shown_labels", "style", "with_synonyms",
]
