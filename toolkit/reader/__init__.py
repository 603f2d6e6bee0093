"""Read a report into tables and narrative claims: one entry point, one module per step."""

from __future__ import annotations

from pathlib import Path

from toolkit.errors import ReconError
from toolkit.model import Report
from toolkit.reader.claims import find_breakdowns, find_calculations, find_claims
from toolkit.reader.decode import read_text
from toolkit.reader.lines import split_line
from toolkit.reader import documents
from toolkit.reader.blocks import to_lines
from toolkit.reader.tables import TableFinder
from toolkit.reader.text_lines import split_lines, strip_format_characters



MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


def read_report(path: str | Path) -> Report:
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        raise ReconError("this is a workbook; use it with `recon reconcile` directly", path=str(path))
    rendered = documents.render(path)  # HWPX or PDF, by their bytes
    if rendered is not None:
        report = read_lines(rendered.lines, source=path.name, meta={"kind": path.suffix.lower().lstrip("."), "rendering": rendered.lines,
                                                                     "line_places": rendered.places, "warnings": rendered.warnings})
        report.meta["cell_places"] = rendered.cell_places(report)
        return report
    text, encoding = read_text(path)
    return read_report_text(text, source=path.name, encoding=encoding, kind=kind_of(path, text))


def kind_of(path: Path, text: str) -> str:
    """What the suffix claims (markdown, html or text); a hint only, blocks are sniffed by content."""
    suffix = path.suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in HTML_SUFFIXES:
        return "html"
    return "text"


def read_report_text(text: str, source: str = "<text>", encoding: str = "utf-8", kind: str = "text") -> Report:
    """Read report text: every block by its own syntax (blocks.py), whatever `kind` the suffix claims."""
    text, format_characters = strip_format_characters(text)
    return read_lines(to_lines(text), source, ends_cleanly=text.endswith(("\n", "\r")),
                      meta={"encoding": encoding, "lines": tuple(split_lines(text)),  # the report's lines, for the outputs to show
                            "format_characters": format_characters})


def read_lines(raw_lines: list[str], source: str = "<text>", ends_cleanly: bool = True, meta: dict | None = None) -> Report:
    """Tables and claims from lines in the tab-line convention (blocks.grid_lines writes grids in it;
    the HWPX and PDF renderings are written in it too)."""
    lines = [split_line(number, raw) for number, raw in enumerate(raw_lines, start=1)]
    finder = TableFinder(lines, ends_cleanly=ends_cleanly)
    tables = finder.run()
    meta = {**(meta or {}), "repeated_rows": tuple(finder.repeated)}  # read as the row they repeat (coverage counts them)
    covered = {n for t in tables for n in range(t.first_line, t.last_line + 1)}
    claims = find_claims(lines, covered)
    calculations, totals = find_calculations(raw_lines)
    return Report(source=source, tables=tuple(tables), claims=tuple(claims), line_count=len(raw_lines), meta=meta or {},
                  calculations=tuple(calculations), calculation_totals=tuple(totals), breakdowns=tuple(find_breakdowns(raw_lines)))
