"""report.html: one self-contained page (no network): summary by table, likely wrong figures and
their corrections, findings with filters and the report's own lines, the tables as printed with
flagged cells, and every report line a finding points to. Every link has its target on the page.
Labels follow the result's language. Every text put on the page goes through `_e` (HTML escaping, as
a template engine's autoescaping does), so any text from the report stays inert.
Everything shown comes from the result and the tables already read; no input is read again.

Written with plain string building rather than a template engine: loading jinja2 and compiling the
page's template cost every report run about 50 ms CPU, more than rendering the page itself."""

from __future__ import annotations

from collections import Counter
from typing import Any

from toolkit.engine import Result, _column_letter
from toolkit.findings import CLASSES, by_seriousness, worst_class_by_cell
from toolkit.messages import KIND_WORDS, VERDICT
from toolkit.model import Report
from toolkit.places import column_path
from toolkit.writers.findings_table import causes_of, cell_notes, summary_rows

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


def _e(value: object) -> str:
    """HTML-escaped text of a value (the five characters markupsafe escapes, the same way)."""
    return str(value).replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace("'", "&#39;").replace('"', "&#34;")


def _truncate(text: str, length: int = 160, leeway: int = 5, end: str = "...") -> str:
    """A long line cut at a word boundary before `length`, with an ellipsis; within `leeway` it is kept whole."""
    if len(text) <= length + leeway:
        return text
    return text[: length - len(end)].rsplit(" ", 1)[0] + end


def _table_link(table: object, table_ids: set[str]) -> str:
    return f'<a href="#{_e(table)}">{_e(table)}</a>' if table in table_ids else _e(table)


def _line_link(line: object, shown_lines: dict[int, str], text: object) -> str:
    return f'<a href="#L{_e(line)}">{_e(text)}</a>' if line in shown_lines else _e(text)


_STYLE = """<style>
body { font-family: "Noto Sans KR", "Malgun Gothic", sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
table { border-collapse: collapse; margin: .5em 0 1em; font-size: .85em; }
th, td { border: 1px solid #bbb; padding: 2px 6px; vertical-align: top; }
th { background: #ddebf7; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.ERROR { background: #ffc7ce; } .ROUNDING { background: #ffeb9c; } .AMBIGUOUS { background: #d9e1f2; }
.blamed { font-weight: bold; outline: 3px solid #c00000; outline-offset: -3px; }
:target, .target { background: #fff3a0 !important; outline: 3px solid #f0a000; }
.summary td, .summary th { padding: 4px 10px; }
.filters label { margin-right: 1em; }
.legend span.swatch { display: inline-block; width: 2.2em; height: 1.1em; vertical-align: middle; border: 1px solid #bbb; margin-right: .4em; }
.legend li { margin: .2em 0; list-style: none; }
pre.lines { font-size: .8em; background: #f7f7f7; padding: .5em; white-space: pre-wrap; }
pre.lines span { display: block; }
.quote { font-size: .85em; color: #444; background: #f7f7f7; white-space: pre-wrap; font-family: monospace; }
.hidden { display: none; }
.msg { max-width: 40em; }
.none { color: #777; }
</style>
"""

_SCRIPT = """<script>
(function () {
  var boxes = document.querySelectorAll("#filters input");
  function apply() {
    var showClass = {}, showKind = {};
    boxes.forEach(function (b) {
      if (b.dataset.filterClass) showClass[b.dataset.filterClass] = b.checked;
      if (b.dataset.filterKind) showKind[b.dataset.filterKind] = b.checked;
    });
    document.querySelectorAll("tr.finding").forEach(function (tr) {
      tr.classList.toggle("hidden", !(showClass[tr.dataset.class] && showKind[tr.dataset.kind]));
    });
  }
  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  function reveal() {  // a link into a closed table opens it
    var target = location.hash && document.getElementById(location.hash.slice(1));
    if (target && target.tagName === "DETAILS") target.open = true;
  }
  window.addEventListener("hashchange", reveal);
  reveal();
})();
</script>
</body>
</html>"""

def render(result: Result, report: Report) -> str:
    lang = result.lang if result.lang in LABELS else "ko"
    worst = worst_class_by_cell(result.findings)
    notes = cell_notes(result, lang)
    blamed = {c.cell for c in result.causes}
    shown_lines = dict(result.lines)
    tables = []
    for table in report.tables:
        rows: list[dict[str, Any]] = []
        for row in table.rows:
            cells: list[dict[str, Any]] = []
            for cell in row.cells:
                ref = f"{table.id}!{_column_letter(cell.column + 1)}{row.index + 2}"
                cells.append({"printed": cell.printed, "ref": ref, "cls": worst.get(ref, ""), "blamed": ref in blamed, "note": notes.get(ref, "")})
            rows.append({"label": row.label, "level": row.level, "line": row.line, "cells": cells})
        flagged = sum(1 for r in rows for c in r["cells"] if c["cls"])
        tables.append({"id": table.id, "title": table.title, "unit": table.unit, "first_line": table.first_line,
                       "last_line": table.last_line, "columns": [column_path(c.name) for c in table.columns], "rows": rows, "flagged": flagged})
    ties: list[tuple[str, ...]] = []  # each distinct set of alternatives once
    for cause in result.causes:
        if cause.alternatives and cause.alternatives not in ties:
            ties.append(cause.alternatives)
    return _page(
        t=LABELS[lang], lang=lang, verdict=VERDICT[lang], kind_words=KIND_WORDS[lang], source=result.source, relations=result.relations_checked,
        counts=Counter(f.cls for f in result.findings), classes=CLASSES, kinds=sorted({f.kind for f in result.findings}),
        causes=result.causes, causes_of=causes_of(result), ties=ties, findings=by_seriousness(result.findings), summary=summary_rows(result, lang),
        tables=tables, table_ids={t.id for t in report.tables}, lines=result.lines, shown_lines=shown_lines, checked=result.checked,
    )


def _page(t, lang, verdict, kind_words, source, relations, counts, classes, kinds, causes, causes_of, ties, findings, summary,
          tables, table_ids, lines, shown_lines, checked) -> str:
    out: list[str] = []
    add = out.append
    add(f'<!doctype html>\n<html lang="{_e(lang)}">\n<head>\n<meta charset="utf-8">\n'
        """<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">\n"""
        f"<title>{_e(t['title'])} — {_e(source)}</title>\n")
    add(_STYLE)
    add("</head>\n<body>\n")
    add(f"<h1>{_e(t['title'])} — {_e(source)}</h1>\n")
    add('<table class="summary" id="summary">\n')
    add(f"<tr><th>{_e(t['relations'])}</th>" + "".join(f'<th class="{_e(cls)}">{_e(verdict[cls])}</th>' for cls in classes) + f"<th>{_e(t['causes'])}</th></tr>\n")
    add(f'<tr><td class="num">{_e(relations)}</td>' + "".join(f'<td class="num" data-count="{_e(cls)}">{_e(counts.get(cls, 0))}</td>' for cls in classes)
        + f'<td class="num">{_e(len(causes))}</td></tr>\n')
    add("</table>\n\n")
    add(f'<h2 id="by-table">{_e(t["by_table"])}</h2>\n<table class="summary">\n')
    add("<tr>" + "".join(f"<th>{_e(name)}</th>" for name in summary[0]) + "</tr>\n")
    for row in summary[1:]:
        add(f"<tr><td>{_table_link(row[0], table_ids)}</td><td>{_e(row[1])}</td>" + "".join(f'<td class="num">{_e(n)}</td>' for n in row[2:]) + "</tr>\n")
    add("</table>\n\n")
    add(f'<div class="legend" id="legend"><b>{_e(t["legend"])}</b>\n<ul>\n')
    for swatch, key in (("ERROR", "legend_error"), ("ROUNDING", "legend_rounding"), ("AMBIGUOUS", "legend_ambiguous"),
                        ("blamed", "legend_blamed"), ("target", "legend_target")):
        add(f'<li><span class="swatch {swatch}"></span>{_e(t[key])}</li>\n')
    add("</ul></div>\n\n")
    add(f'<div class="filters" id="filters">\n{_e(t["show"])}\n')
    add("".join(f'<label><input type="checkbox" data-filter-class="{_e(cls)}" checked> {_e(verdict[cls])}</label>' for cls in classes) + "\n|\n")
    add("".join(f'<label><input type="checkbox" data-filter-kind="{_e(kind)}" checked> {_e(kind_words.get(kind, kind))}</label>' for kind in kinds) + "\n</div>\n\n")
    if causes:
        add(f'\n<h2 id="causes-heading">{_e(t["causes_heading"])}</h2>\n<table id="causes">\n<tr>'
            + "".join(f"<th>{_e(t[key])}</th>" for key in ("table", "row", "column", "line", "printed", "suggested", "slip", "findings", "ties")) + "</tr>\n")
        for c in causes:
            suggested = (f'<td class="num"><b>{_e(c.suggested)}</b></td>' if c.suggested
                         else f'<td class="none">{_e(t["none_offered"])}: {_e(c.note)}</td>')
            tie = f'<a href="#ties-{_e(ties.index(c.alternatives) + 1)}">{_e(ties.index(c.alternatives) + 1)}</a>' if c.alternatives else ""
            links = "".join(f'<a href="#{_e(f)}">{_e(f)}</a> ' for f in c.findings)
            add(f"<tr><td>{_table_link(c.table, table_ids)} {_e(c.title)}</td><td>{_e(c.row_path or c.row)}</td><td>{_e(c.column_path or c.column)}</td>"
                f"<td>{_line_link(c.line, shown_lines, c.line)}</td><td class=\"num\">{_e(c.printed)}</td>{suggested}<td>{_e(c.slip or '')}</td>"
                f"<td>{links}</td><td>{tie}</td></tr>\n")
        add("</table>\n")
        if ties:
            add('<ol class="ties">' + "".join(f'<li id="ties-{i}">{_e("; ".join(map(str, alternatives)))}</li>' for i, alternatives in enumerate(ties, start=1)) + "</ol>")
        add("\n")
    add(f'\n\n<h2 id="findings-heading">{_e(t["findings_heading"])}</h2>\n<table id="findings">\n<tr>'
        + "".join(f"<th>{_e(t[key])}</th>" for key in ("id", "class", "kind", "table", "row", "column", "printed", "expected"))
        + f'<th class="msg">{_e(t["message"])}</th>' + "".join(f"<th>{_e(t[key])}</th>" for key in ("its_causes", "source_lines", "rule")) + "</tr>\n")
    for f in findings:
        its = "".join(
            f"<div>{_e(c.place)}: {_e(c.printed)} → " + (f"<b>{_e(c.suggested)}</b>" if c.suggested else f'<span class="none">{_e(t["none_offered"])}</span>') + "</div>"
            for c in causes_of.get(f.id, [])
        )
        quoted = "".join(f'<a href="#L{_e(n)}">{_e(n)}</a>: {_e(_truncate(shown_lines[n].strip()))}\n' for n in f.lines if n in shown_lines)
        add(f'<tr class="finding {_e(f.cls)}" data-class="{_e(f.cls)}" data-kind="{_e(f.kind)}" id="{_e(f.id)}"><td>{_e(f.id)}</td><td>{_e(verdict[f.cls])}</td>'
            f"<td>{_e(kind_words.get(f.kind, f.kind))}</td><td>{_table_link(f.table, table_ids)} {_e(f.title)}</td><td>{_e(f.row_path or f.row)}</td>"
            f'<td>{_e(f.column_path or f.column)}</td><td class="num">{_e(f.printed)}</td><td class="num">{_e(f.expected)}</td><td class="msg">{_e(f.message)}</td>'
            f'<td>{its}</td><td class="quote">{quoted}</td><td>{_e(f.rule_at)}</td></tr>\n')
    add("</table>\n\n")
    if checked:
        add(f'\n<h2 id="checked-heading">{_e(t["checked_heading"])}</h2>\n<details id="checked"><summary>{_e(t["checked_summary"])} ({_e(len(checked))})</summary>\n'
            f'<table class="checked">\n<tr><th>{_e(t["table"])}</th><th>{_e(t["relation"])}</th><th>{_e(t["how"])}</th><th>{_e(t["count"])}</th>'
            + "".join(f'<th class="{_e(cls)}">{_e(verdict[cls])}</th>' for cls in classes) + "</tr>\n")
        for c in checked:
            add(f"<tr><td>{_table_link(c.table, table_ids)} {_e(c.title)}</td><td>{_e(c.relation)}</td><td>{_e(c.established)}</td><td class=\"num\">{_e(c.checked)}</td>"
                f'<td class="num">{_e(c.errors)}</td><td class="num">{_e(c.rounding)}</td><td class="num">{_e(c.ambiguous)}</td></tr>\n')
        add("</table>\n</details>\n")
    add(f'\n\n<h2 id="tables-heading">{_e(t["tables_heading"])}</h2>\n')
    for tb in tables:
        add(f'\n<details id="{_e(tb["id"])}" {"open" if tb["flagged"] else ""}>\n'
            f'<summary>{_e(tb["id"])} {_e(tb["title"])} ({_e(tb["unit"] or t["unit_none"])}, {_e(t["lines"])} {_e(tb["first_line"])}–{_e(tb["last_line"])}) — '
            f'{_e(tb["flagged"])} {_e(t["flagged"])}</summary>\n<table class="report-table">\n'
            f'<tr><th>{_e(t["label"])}</th>' + "".join(f"<th>{_e(c)}</th>" for c in tb["columns"]) + "</tr>\n")
        for row in tb["rows"]:
            cells = "".join(
                f'<td class="num {_e(cell["cls"])}{" blamed" if cell["blamed"] else ""}" data-cell="{_e(cell["ref"])}"'
                + (f' title="{_e(cell["note"])}"' if cell["note"] else "") + f'>{_e(cell["printed"])}</td>'
                for cell in row["cells"]
            )
            add(f'<tr><td style="padding-left: {_e(6 + 14 * row["level"])}px">{_line_link(row["line"], shown_lines, row["label"])}</td>{cells}</tr>\n')
        add("</table>\n</details>\n")
    add("\n\n")
    if lines:
        add(f'\n<h2 id="lines-heading">{_e(t["lines_heading"])}</h2>\n<pre class="lines">'
            + "".join(f'<span id="L{_e(n)}">{_e("%5d" % n)}  {_e(text)}</span>' for n, text in lines) + "</pre>\n")
    add("\n\n")
    add(_SCRIPT)
    return "".join(out)
