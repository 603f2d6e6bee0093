"""HWPX and PDF reports read from their own files: the same tables and table findings as the text,
places of figures in findings, and a small hand-made HWPX with the documents' usual shapes."""

from __future__ import annotations

import json
import os
import re
from collections import Counter

import pytest

from documents import chromium, document_of, html_of, print_pdf, write_hwpx
from toolkit.cli import main
from toolkit import engine
from toolkit.engine import cell_ref, evaluate
from toolkit.reader import read_report
from toolkit.reader.lines import label_key
from toolkit.rules.loader import rules_for

TABLE_KINDS = {"sum", "difference", "rate", "execution_rate", "share", "cross_table"}


def _key(text: str) -> str:
    return label_key(text)


def tables_of(report) -> list:
    """Tables compared by ordinal, row label, column and printed cell (line numbers differ by format).
    A table whose only figures are dashes states nothing to check: the text reader may make one of a
    sentence's line ending in "- -", a document's table cells never."""
    # printed text without its spacing: a PDF's text layer does not keep the space where a cell of words wrapped
    return [
        (t.unit, [_key(c.name) for c in t.columns], [(_key(r.label), r.parent, ["".join(c.printed.split()) for c in r.cells]) for r in t.rows])
        for t in report.tables if any(c.printed not in ("", "-") for r in t.rows for c in r.cells)
    ]


def table_findings(report, open_columns: set[str]) -> Counter:
    """Table findings by table, row, column, kind and class. A finding over a figure whose column the
    plain text leaves open (a ragged row, AMBIGUOUS there) is compared without its class: the
    document's cell states the column, so the same relation is classed on its merits there."""
    with pytest.MonkeyPatch.context() as patch:  # causes (blame) are not compared and cost most of the time
        patch.setattr(engine, "find_causes", lambda *args, **kwargs: (), raising=False)
        result = evaluate(report, rules_for(report.source))
    return Counter((f.table, _key(f.row), _key(f.column), f.kind, "?" if open_columns & set(f.refs) else f.cls)
                   for f in result.findings if f.kind in TABLE_KINDS)


def open_columns(report) -> set[str]:
    return {cell_ref(t.id, r.index, c.column) for t in report.tables for r in t.rows for c in r.cells if not c.certain}


def _render(sample, fmt, folder):
    text = read_report(sample)
    document = document_of(text, sample.read_text(encoding="utf-8").splitlines())
    path = folder / f"{sample.stem}.{fmt}"
    if fmt == "hwpx":
        return text, write_hwpx(document, path)
    return text, print_pdf(html_of(document), path)


def _need_browser():
    if chromium() is None:
        if os.environ.get("RECON_REQUIRE_BROWSER"):
            pytest.fail("chromium is required here (RECON_REQUIRE_BROWSER) but not installed")
        pytest.skip("chromium not installed (make browser installs Debian's and a Korean font)")


@pytest.mark.parametrize("fmt", ["hwpx", "pdf"])
@pytest.mark.parametrize("index", [0, 1, 2])
def test_same_tables_and_findings_as_the_text(samples, tmp_path, fmt, index):
    if fmt == "pdf":
        _need_browser()
    text, path = _render(samples[index], fmt, tmp_path)
    back = read_report(path)
    assert tables_of(back) == tables_of(text)
    uncertain = open_columns(text)
    assert table_findings(back, uncertain) == table_findings(text, uncertain)


# ---- a hand-made HWPX: merged cells, group headers, 일반회계/특별회계, 증감, a sentence restating a total

def _budget_hwpx(path, total="1,500", nested=False):
    header = [[("구분", 2, 2), ("2024 예산안", 2, 1), ("2023 예산", 2, 1), ("증감", 1, 2)], [("증감액", 1, 1), ("증감률", 1, 1)]]
    rows = [
        [("합계", 1, 2), (total, 1, 1), ("1,300", 1, 1), ("200", 1, 1), ("15.4%", 1, 1)],
        [("일반회계", 1, 2), ("1,000", 1, 1), ("900", 1, 1), ("100", 1, 1), ("11.1%", 1, 1)],
        [("", 1, 1), ("가사업", 1, 1), ("600", 1, 1), ("500", 1, 1), ("100", 1, 1), ("20.0%", 1, 1)],
        [("", 1, 1), ("나사업", 1, 1), ("400", 1, 1), ("400", 1, 1), ("-", 1, 1), ("0.0%", 1, 1)],
        [("특별회계", 1, 2), ("500", 1, 1), ("400", 1, 1), ("100", 1, 1), ("25.0%", 1, 1)],
    ]
    blocks = ["□ 세출예산 총괄", "(단위 : 백만원)", header + rows,
              "○ 2024년 세출예산안은 1,500백만원으로 전년 대비 200백만원(15.4%) 증가하였음."]
    if nested:
        inner = [[("부서", 1, 1), ("정원", 1, 1), ("현원", 1, 1)], [("가과", 1, 1), ("12", 1, 1), ("11", 1, 1)]]
        blocks += ["□ 인력 현황", [[("참고", 1, 1), (inner, 1, 1)]]]
    return write_hwpx(blocks, path)


def test_hwpx_table_with_merged_cells(tmp_path):
    report = read_report(_budget_hwpx(tmp_path / "budget.hwpx", nested=True))
    table = report.tables[0]
    assert table.title == "세출예산 총괄" and table.unit == "백만원"
    assert [c.name for c in table.columns] == ["2024 예산안", "2023 예산", "증감.증감액", "증감.증감률"]
    assert [c.role for c in table.columns] == ["current", "previous", "change", "change_rate"]
    labels = {r.label: r for r in table.rows}
    assert labels["가사업"].parent == labels["일반회계"].index and labels["일반회계"].parent == labels["합계"].index
    assert report.claims and report.claims[0].value == 1_500_000_000
    places = report.meta["cell_places"]
    assert places[(table.id, labels["가사업"].index, 0)].startswith("표 1, 5행 3열")  # 구분 spans two columns
    nested = report.tables[-1]
    assert [r.label for r in nested.rows] == ["가과"] and "표 3" in report.meta["line_places"][nested.rows[0].line - 1]


def test_hwpx_findings_name_the_cell(tmp_path, capsys):
    path = _budget_hwpx(tmp_path / "budget.hwpx", total="1,600")  # the total no longer sums
    out = tmp_path / "out"
    code = main(["reconcile", str(path), "--out", str(out), "--quiet"])
    assert code == 1
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    total = [f for f in data["findings"] if f["kind"] == "sum" and f["row"] == "합계" and f["column"] == "2024 예산안"]
    assert total and total[0]["places"][0].startswith("표 1, 3행 3열") and "[표 1, 3행 3열" in total[0]["message"]
    rendering = (out / "budget.txt").read_text(encoding="utf-8").splitlines()
    assert "1,600" in rendering[total[0]["lines"][0] - 1].split("\t")  # `lines` count in the text rendering
    assert "budget.hwpx" in data["source"]


def test_pdf_multipage_table_is_one_table(tmp_path):
    _need_browser()
    rows = [[("구분", 1, 1), ("예산액", 1, 1), ("집행액", 1, 1)], [("계", 1, 1), (f"{120 * 10:,}", 1, 1), (f"{120 * 5:,}", 1, 1)]]
    rows += [[(f"사업{i:03d}", 1, 1), ("10", 1, 1), ("5", 1, 1)] for i in range(120)]
    path = print_pdf(html_of(["□ 세출예산 집행현황", "(단위 : 천원)", rows]), tmp_path / "long.pdf")
    report = read_report(path)
    assert len(report.tables) == 1 and len(report.tables[0].rows) == 121
    pages = {re.match(r"p\. (\d+)", p).group(1) for p in report.meta["line_places"] if p}
    assert len(pages) > 1  # it did run over pages
    assert not [f for f in evaluate(report, rules_for("long.pdf")).findings if f.cls == "ERROR"]


def test_pdf_page_without_text_is_a_warning(tmp_path, capsys):
    _need_browser()
    rows = [[("구분", 1, 1), ("예산액", 1, 1), ("집행액", 1, 1)], [("계", 1, 1), ("30", 1, 1), ("15", 1, 1)],
            [("가사업", 1, 1), ("10", 1, 1), ("5", 1, 1)], [("나사업", 1, 1), ("20", 1, 1), ("10", 1, 1)]]
    document = html_of(["□ 세출예산 집행현황", rows]).replace("</body>", "<div style='break-before: page; height: 10pt'></div></body>")
    path = print_pdf(document, tmp_path / "scan.pdf")
    code = main(["reconcile", str(path), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 0 and "page 2 has no text layer" in err and "scanned" in err
    places = read_report(path).meta["line_places"]
    assert places[0] == "p. 1, 1번째 줄"


def test_pdf_empty_lines_read_as_blank_lines(tmp_path):
    """Vertical space of whole empty lines between text lines is as many blank lines, as the text
    export prints empty paragraphs; wrapped lines of one paragraph and adjacent lines have none."""
    _need_browser()
    from toolkit.reader import pdf

    path = print_pdf(html_of(["□ 예산 현황", "사업명 예산액", "", "가사업 3,307,014", "", "", "나사업 1,000", "다사업 2,000"]), tmp_path / "gaps.pdf")
    assert pdf.render(path).lines == ["□ 예산 현황", "사업명 예산액", "", "가사업 3,307,014", "", "", "나사업 1,000", "다사업 2,000"]
