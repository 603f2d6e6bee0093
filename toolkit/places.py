"""Where a figure stands, named the way a person names it: the table's title, the row's path
from its parents (`데이터과 › 특별회계`, `1-2) 임시적세외수입 › 1-2-3) 보조금반환수입`), the
column's path from its header groups (`집행현황 › 지출액`).

A row's path walks its parent rows; totals (계, 소계, 합계) are left out of the path, since
they are the row that sums a group, not a group's name. A row named by two label columns
(부서 | 회계) already carries both (reader/lines.LABEL_PATH).
"""

from __future__ import annotations

import re

import polars as pl

from toolkit.model import Report, Row, Table
from toolkit.reader.lines import LABEL_PATH
from toolkit.reader.structure import is_total_label

# header groups and leaves are joined by "." (model.Column.name); a "." between digits is a date
_COLUMN_PARTS = re.compile(r"(?<!\d)\.|\.(?!\d)")


def column_path(name: str) -> str:
    return LABEL_PATH.join(part for part in _COLUMN_PARTS.split(name) if part)


def row_path(table: Table, row: Row, by_index: dict[int, Row] | None = None) -> str:
    """`by_index`: the table's rows by index, when the caller names many rows of one table."""
    by_index = by_index if by_index is not None else {r.index: r for r in table.rows}
    chain = [row]
    seen = {row.index}
    while chain[-1].parent is not None and chain[-1].parent in by_index and chain[-1].parent not in seen:
        seen.add(chain[-1].parent)
        chain.append(by_index[chain[-1].parent])
    parts: list[str] = []
    for position, ancestor in enumerate(reversed(chain)):
        own = position == len(chain) - 1
        for part in ancestor.label.split(LABEL_PATH.strip()):
            part = part.strip()
            if not part or (not own and is_total_label(part)) or (parts and parts[-1] == part):
                continue
            parts.append(part)
    return LABEL_PATH.join(parts) or row.label


def place_frame(report: Report) -> pl.DataFrame:
    """One row per table cell: ref, the table's title, the row's path and the column's path."""
    from toolkit.engine import cell_ref

    records = []
    for table in report.tables:
        columns = {c.index: column_path(c.name) for c in table.columns}
        by_index = {r.index: r for r in table.rows}  # once per table, not per row
        for row in table.rows:
            path = row_path(table, row, by_index)
            for cell in row.cells:
                records.append((cell_ref(table.id, row.index, cell.column), table.title, path, columns.get(cell.column, "")))
    return pl.DataFrame(records, schema={"ref": pl.String, "table_title": pl.String, "row_path": pl.String, "column_path": pl.String}, orient="row")


def with_places(relations: pl.DataFrame, places: pl.DataFrame, report: Report) -> pl.DataFrame:
    """Relations with the table title, row path and column path of their target cell; a target that
    is not a table cell (a sentence, a kept workbook's cell) gets its table's title."""
    titles = pl.DataFrame({"table": [t.id for t in report.tables], "own_title": [t.title for t in report.tables]}, schema={"table": pl.String, "own_title": pl.String})
    named = relations.join(places, on="ref", how="left", maintain_order="left").join(titles, on="table", how="left", maintain_order="left")
    # a relation about a whole row or table names no column, whichever cell it points to
    column = pl.when(pl.col("column_label").fill_null("") == "").then(pl.lit("")).otherwise(pl.col("column_path"))
    return named.with_columns(pl.col("table_title").fill_null(pl.col("own_title")), column.alias("column_path")).drop("own_title")
