"""Writers: one small, logic-free module per output format, behind one function."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.model import Report
from toolkit.safe_write import write_bytes, write_text

if TYPE_CHECKING:  # the engine is imported by the run when it evaluates, not by naming the formats
    from toolkit.engine import Result

FORMATS = ("json", "md", "html", "xlsx")


def write_outputs(result: Result, report: Report, source: Path, out_dir: Path, formats: list[str]) -> list[Path]:
    """Write the chosen outputs into out_dir; the source report or workbook is only read."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        from toolkit.errors import ReconError

        raise ReconError(f"unknown output format {', '.join(unknown)} (choose from {', '.join(FORMATS)})")
    stem = Path(report.source).stem
    written = []
    if report.meta.get("rendering") is not None:  # an HWPX or PDF source: its text, which `lines` count in
        written.append(write_text(out_dir / f"{stem}.txt", "\n".join(report.meta["rendering"]) + "\n"))
    # each writer is imported when chosen: openpyxl and jinja2 cost a JSON-only run a quarter second
    if "json" in formats:
        from toolkit.writers import json_out

        written.append(write_text(out_dir / "findings.json", json_out.render(result)))
    if "md" in formats:
        from toolkit.writers import markdown_out

        written.append(write_text(out_dir / "findings.md", markdown_out.render(result)))
    if "html" in formats:
        from toolkit.writers import html_out

        written.append(write_text(out_dir / "report.html", html_out.render(result, report)))
    if "xlsx" in formats:
        from toolkit.writers import book_worker

        worker = book_worker.current()
        books = worker.books(report, result) if worker is not None else None
        if books is not None:  # built by the run's helper process, byte for byte what _write_xlsx builds
            written.append(write_bytes(out_dir / f"{stem}.xlsx", books[0]))
            written.append(write_bytes(out_dir / f"{stem}.checked.xlsx", books[1]))
        else:
            written.extend(_write_xlsx(result, report, source, out_dir, stem))
    return written


def _write_xlsx(result: Result, report: Report, source: Path, out_dir: Path, stem: str) -> list[Path]:
    from toolkit.writers import annotated_xlsx

    written = []
    sheets = None
    if source.suffix.lower() not in (".xlsx", ".xlsm"):  # the tables as read, to correct by hand and reconcile again
        from toolkit.workbook import provenance_sheets, write_workbook

        sheets = provenance_sheets(report)  # the same in both workbooks: rendered once
        written.append(write_workbook(report, out_dir / f"{stem}.xlsx", sheets=sheets))
    written.append(annotated_xlsx.write(result, report, source, out_dir / f"{stem}.checked.xlsx", sheets=sheets))
    return written


def render_text(result: Result, report: Report, fmt: str) -> str:
    """One text output, for standard output (`--out -`)."""
    if fmt == "json":
        from toolkit.writers import json_out

        return json_out.render(result)
    if fmt == "md":
        from toolkit.writers import markdown_out

        return markdown_out.render(result)
    from toolkit.writers import html_out

    return html_out.render(result, report)
