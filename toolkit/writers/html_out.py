"""report.html: one self-contained page (no network): summary by table, likely wrong figures and
their corrections, findings with filters and the report's own lines, the tables as printed with
flagged cells, and every report line a finding points to. Every link has its target on the page.
Labels follow the result's language. Jinja2 autoescaping keeps any text from the report inert.
Everything shown comes from the result and the tables already read; no input is read again."""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from hashlib import sha1
from pathlib import Path
from typing import NamedTuple

from jinja2 import Environment, PackageLoader, select_autoescape
from jinja2.bccache import Bucket, BytecodeCache

from toolkit.engine import Result, _column_letter
from toolkit.findings import CLASSES, by_seriousness, worst_class_by_cell
from toolkit.messages import KIND_WORDS, VERDICT
from toolkit.model import Report
from toolkit.places import column_path
from toolkit.writers.findings_table import causes_of, cell_notes, summary_rows



class BuiltTemplates(BytecodeCache):
    """The template compiled once, by `make setup` (build()), as Python compiles the package's modules
    there: a run loads its code instead of compiling the template (~30 ms). The compiled code is used
    only for the same template text, this module's text (where the environment is set up), jinja2's
    version and Python's (jinja2's magic); anything else compiles in memory as before. A run never
    writes it: the package folder may be read-only, and runs in parallel must not race."""

    folder = Path(__file__).parent / "templates" / "__pycache__"
    writing = False

    def get_source_checksum(self, source: str) -> str:
        return sha1(source.encode("utf-8") + Path(__file__).read_bytes()).hexdigest()

    def _file(self, bucket: Bucket) -> Path:
        return self.folder / f"{bucket.key}.jinja2"

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            with open(self._file(bucket), "rb") as stored:
                bucket.load_bytecode(stored)
        except OSError:
            return

    def dump_bytecode(self, bucket: Bucket) -> None:
        if not self.writing:
            return
        self.folder.mkdir(exist_ok=True)
        handle, name = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        with os.fdopen(handle, "wb") as stored:
            bucket.write_bytecode(stored)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(name, 0o666 & ~umask)  # readable by whoever runs recon, as Python's own compiled modules
        os.replace(name, self._file(bucket))


ENVIRONMENT = Environment(loader=PackageLoader("toolkit.writers", "templates"), autoescape=select_autoescape(["html", "j2"]),
                          bytecode_cache=BuiltTemplates())
TEMPLATE = "report.html.j2"


def build() -> None:
    """Compile the template into the package (make setup)."""
    cache = BuiltTemplates()
    cache.writing = True
    environment = ENVIRONMENT.overlay(bytecode_cache=cache, cache_size=0)  # loaded now, not from memory
    environment.get_template(TEMPLATE)

LABELS = {
    "ko": {
        "title": "recon 점검 결과", "relations": "점검한 관계", "causes": "틀렸을 가능성이 큰 수치", "show": "보기:",
        "causes_heading": "틀렸을 가능성이 큰 수치와 수정 제안", "figure": "수치", "table": "표", "row": "행", "column": "열",
        "line": "보고서 행", "printed": "표기", "suggested": "수정 제안", "slip": "실수 유형", "findings": "관련 발견 사항",
        "ties": "같은 정도로 가능한 다른 수정", "findings_heading": "발견 사항", "its_causes": "틀렸을 가능성이 큰 수치 → 수정 제안", "id": "번호", "class": "분류", "kind": "종류",
        "expected": "계산값", "lines": "보고서 행", "message": "내용", "rule": "규칙", "source_lines": "보고서 원문",
        "tables_heading": "보고서의 표", "unit_none": "단위 없음", "flagged": "곳 표시", "lines_heading": "보고서 원문 (발견 사항이 가리키는 행)",
        "by_table": "표별 발견 사항", "total": "계", "label": "구분", "none_offered": "제안 없음",
        "legend": "범례", "legend_error": "오류: 반올림으로 설명되지 않는 불일치에 관련된 수치",
        "legend_rounding": "반올림 차이: 표기된 수치의 반올림(또는 절사)으로 설명되는 차이에 관련된 수치",
        "legend_ambiguous": "확인 필요: 항등식이 아닌 규칙이거나 열 위치가 불확실한 관계에 관련된 수치",
        "legend_blamed": "굵은 글씨와 빨간 테두리: 관계를 깨뜨린 것으로 보이는 수치 (수정 제안 대상). 색만 칠해진 수치는 틀린 관계에 참여할 뿐 그 자체가 틀렸다는 뜻은 아님",
        "legend_target": "노란 바탕: 링크로 이동한 곳",
        "checked_heading": "점검한 내용", "checked_summary": "표마다 점검한 관계와 그 관계를 세운 근거", "relation": "관계",
        "how": "근거", "count": "점검 수",
    },
    "en": {
        "title": "recon findings", "relations": "relations checked", "causes": "likely wrong figures", "show": "Show:",
        "causes_heading": "Likely wrong figures and suggested corrections", "figure": "figure", "table": "table", "row": "row",
        "column": "column", "line": "line", "printed": "printed", "suggested": "suggested", "slip": "slip", "findings": "findings",
        "ties": "equally likely alternatives", "findings_heading": "Findings", "its_causes": "likely wrong → suggested", "id": "id", "class": "class", "kind": "kind",
        "expected": "expected", "lines": "lines", "message": "message", "rule": "rule", "source_lines": "report text",
        "tables_heading": "Tables as printed", "unit_none": "no unit", "flagged": "flagged", "lines_heading": "Report lines the findings point to",
        "by_table": "Findings by table", "total": "total", "label": "label", "none_offered": "none offered",
        "legend": "Legend", "legend_error": "error: the figure takes part in a relation rounding cannot explain",
        "legend_rounding": "rounding difference: explained by rounding (or truncating) the printed figures",
        "legend_ambiguous": "needs review: a rule that is no identity, or a figure whose column is uncertain",
        "legend_blamed": "bold with a red border: the figure most likely wrong (a correction is suggested). A coloured figure only takes part in a failing relation; it is not itself wrong",
        "legend_target": "yellow: where a link took you",
        "checked_heading": "What was checked", "checked_summary": "per table, the relations checked and how each was established",
        "relation": "relation", "how": "established by", "count": "checked",
    },
}


class _Cell(NamedTuple):  # the template reads fields as attributes: on a dict each read failed first (an exception) then indexed
    printed: str
    ref: str
    cls: str
    blamed: bool
    note: str


class _Row(NamedTuple):
    label: str
    level: int
    line: int
    cells: list[_Cell]


def render(result: Result, report: Report) -> str:
    lang = result.lang if result.lang in LABELS else "ko"
    worst = worst_class_by_cell(result.findings)
    notes = cell_notes(result, lang)
    blamed = {c.cell for c in result.causes}
    shown_lines = dict(result.lines)
    tables = []
    for table in report.tables:
        rows = []
        for row in table.rows:
            cells = []
            for cell in row.cells:
                ref = f"{table.id}!{_column_letter(cell.column + 1)}{row.index + 2}"
                cells.append(_Cell(cell.printed, ref, worst.get(ref, ""), ref in blamed, notes.get(ref, "")))
            rows.append(_Row(row.label, row.level, row.line, cells))
        flagged = sum(1 for r in rows for c in r.cells if c.cls)
        tables.append({"id": table.id, "title": table.title, "unit": table.unit, "first_line": table.first_line,
                       "last_line": table.last_line, "columns": [column_path(c.name) for c in table.columns], "rows": rows, "flagged": flagged})
    ties: list[tuple[str, ...]] = []  # each distinct set of alternatives once
    for cause in result.causes:
        if cause.alternatives and cause.alternatives not in ties:
            ties.append(cause.alternatives)
    return ENVIRONMENT.get_template(TEMPLATE).render(
        t=LABELS[lang], lang=lang, verdict=VERDICT[lang], kind_words=KIND_WORDS[lang], source=result.source, relations=result.relations_checked,
        counts=Counter(f.cls for f in result.findings), classes=CLASSES, kinds=sorted({f.kind for f in result.findings}),
        causes=result.causes, causes_of=causes_of(result), ties=ties, findings=by_seriousness(result.findings), summary=summary_rows(result, lang),
        tables=tables, table_ids={t.id for t in report.tables}, lines=result.lines, shown_lines=shown_lines, checked=result.checked,
    )


if __name__ == "__main__":
    build()
