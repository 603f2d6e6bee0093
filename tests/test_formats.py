"""Every input format reads into the same tables, with each figure on its own source line."""

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from synthetic import COLUMNS, budget_reports
from toolkit.coverage import measure
from toolkit.reader import read_report, read_report_text
from toolkit.reader.decode import read_text

FIXTURES = Path(__file__).parent / "fixtures"
NAMES = ["구분", "2024 예산현액", "2023 최종예산", "증감액", "증감률", "집행액", "집행률"]


def test_markdown_fixture():
    report = read_report(FIXTURES / "quirks.md")
    table = report.tables[0]
    assert table.title == "세입예산안 총괄" and table.unit == "백만원"
    assert [c.role for c in table.columns] == ["current", "previous", "change", "change_rate"]
    assert [(r.label, r.line, r.parent) for r in table.rows] == [("총계", 9, None), ("일반회계", 10, 0), ("균형발전특별회계", 11, 0)]
    assert table.rows[2].cells[3].word == "순증" and table.rows[1].cells[2].value == -641
    assert any(c.printed == "(21.0%)" or c.printed == "21.0%" for c in report.claims)


def test_html_fixture_with_merged_headers():
    report = read_report(FIXTURES / "quirks.html")
    table = report.tables[0]
    assert table.title == "세출예산 집행현황" and table.unit == "천원"
    assert [c.name for c in table.columns] == ["예산현액", "집행액.원인행위액", "집행액.지출액", "집행률(%).원인행위", "집행률(%).지출액"]
    assert [c.role for c in table.columns] == ["current", "executed", "executed", "execution_rate", "execution_rate"]
    rows = {r.label: r for r in table.rows}
    assert rows["가사업"].line == 10 and rows["가사업"].parent == 1 and rows["일반회계"].parent == 0
    assert rows["디지털정책관"].cells[2].value == -1234  # (1,234)
    assert "<script>" in table.rows[3].label  # kept as text; writers escape it


def _render(report, kind: str) -> tuple[str, int]:
    """The generated report in one format, and the line its first data row is on."""
    rows = [[line.label] + [line.printed[c] for c in COLUMNS] for line in report.lines]
    if kind == "text":
        return report.render(), 3
    if kind == "tsv":
        return "(단위 : 천원, %)\n" + "\t".join(NAMES) + "\n" + "\n".join("\t".join(r) for r in rows) + "\n", 3
    if kind == "markdown":
        body = "\n".join("| " + " | ".join(r) + " |" for r in rows)
        return f"(단위 : 천원, %)\n\n| {' | '.join(NAMES)} |\n|{'---|' * len(NAMES)}\n{body}\n", 5
    cells = "\n".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    head = "<tr>" + "".join(f"<th>{n}</th>" for n in NAMES) + "</tr>"
    return f"<html><body>\n<p>(단위 : 천원, %)</p>\n<table>\n{head}\n{cells}\n</table>\n</body></html>\n", 5


@settings(max_examples=25, deadline=None)
@given(budget_reports(), st.sampled_from(["tsv", "markdown", "html"]))
def test_every_format_reads_the_same_tables(report, kind):
    plain = read_report_text(report.render()).tables[0]
    text, first = _render(report, kind)
    other = read_report_text(text, kind={"tsv": "text"}.get(kind, kind)).tables[0]
    assert [c.role for c in other.columns] == [c.role for c in plain.columns]
    assert [(r.label, r.parent) for r in other.rows] == [(r.label, r.parent) for r in plain.rows]
    assert [[c.value for c in r.cells] for r in other.rows] == [[c.value for c in r.cells] for r in plain.rows]
    assert [r.line for r in other.rows] == list(range(first, first + len(report.lines)))


def test_sample_reports_coverage(samples):
    for path in samples:
        found = measure(read_report(path), read_text(path)[0])
        assert found.table_captured / found.table_tokens >= 0.99, path.name
        assert found.sentence_captured / found.sentence_tokens >= 0.95, path.name
