"""The annotated workbook copy and the HTML report, as a user opens them."""

import hashlib
import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook

from toolkit.cli import main

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def reconciled(tmp_path_factory, samples):
    out = tmp_path_factory.mktemp("out")
    main(["reconcile", str(samples[0]), "--out", str(out), "--quiet"])
    return out, json.loads((out / "findings.json").read_text(encoding="utf-8"))


def test_checked_workbook_marks_every_finding(reconciled):
    out, data = reconciled
    book = load_workbook(next(out.glob("*.checked.xlsx")))
    assert book.sheetnames[:2] == ["Findings", "Summary"]
    findings = book["Findings"]
    per_finding = {f["id"]: sum(f["id"] in c["findings"] for c in data["causes"]) for f in data["findings"]}
    assert findings.max_row == sum(max(1, n) for n in per_finding.values()) + 1  # one row per finding and cause
    assert findings.auto_filter.ref and findings.freeze_panes == "A2"
    header = [c.value for c in findings[1]]
    suggested = {(c["table"], c["printed"], c["suggested"]) for c in data["causes"]}
    for row in findings.iter_rows(min_row=2, values_only=True):
        values = dict(zip(header, row))
        if values["수정 제안"]:  # the cause columns of a row belong to one cause
            assert (values["틀렸을 가능성이 큰 수치"].split()[0], values["그 수치의 표기"], values["수정 제안"]) in suggested
    for finding in data["findings"]:
        if "!" in finding["cell"]:
            sheet, ref = finding["cell"].split("!")
            cell = book[sheet][ref]
            assert cell.fill.start_color.rgb.endswith({"ERROR": "FFC7CE", "ROUNDING": "FFEB9C", "AMBIGUOUS": "D9E1F2"}[finding["class"]]) \
                or finding["class"] != "ERROR"
            assert cell.comment is not None and finding["message"][:20] in cell.comment.text
            assert "expected:" not in cell.comment.text  # the note is in the chosen language
    for cause in data["causes"]:
        if "!" in cause["cell"]:
            sheet, ref = cause["cell"].split("!")
            assert book[sheet][ref].font.b and cause["suggested"] in (book[sheet][ref].comment.text)


def test_source_workbook_is_byte_identical_after_a_run(tmp_path, samples):
    book = tmp_path / "book.xlsx"
    main(["extract", str(samples[2]), "-o", str(book)])
    before = hashlib.sha256(book.read_bytes()).hexdigest()
    main(["reconcile", str(book), "--out", str(tmp_path / "o"), "--quiet"])
    assert hashlib.sha256(book.read_bytes()).hexdigest() == before
    assert (tmp_path / "o" / "003_c48c83af5715b7e1.checked.xlsx").exists()
    values = {(s.title, c.coordinate): c.value for s in load_workbook(book) for row in s.iter_rows() for c in row}
    checked = load_workbook(tmp_path / "o" / "003_c48c83af5715b7e1.checked.xlsx")
    assert all(checked[sheet][ref].value == value for (sheet, ref), value in values.items())  # no value changed


class _Cells(HTMLParser):
    def __init__(self):
        super().__init__()
        self.flagged, self.rows, self.scripts = {}, [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "td" and attrs.get("data-cell"):
            classes = (attrs.get("class") or "").split()
            flagged = [c for c in classes if c in ("ERROR", "ROUNDING", "AMBIGUOUS")]
            if flagged:
                self.flagged[attrs["data-cell"]] = flagged[0]
        if tag == "tr" and "finding" in (attrs.get("class") or ""):
            self.rows.append(attrs["id"])
        self.scripts += tag == "script"


def test_html_report_shows_each_finding_at_its_cell(reconciled):
    out, data = reconciled
    page = _Cells()
    page.feed((out / "report.html").read_text(encoding="utf-8"))
    assert sorted(page.rows) == sorted(f["id"] for f in data["findings"])
    cells = {f["cell"] for f in data["findings"] if "!" in f["cell"]}
    assert cells <= set(page.flagged)
    assert page.scripts == 1  # the filter script; nothing from the report
    assert "http://" not in (out / "report.html").read_text(encoding="utf-8").replace("http://www.w3.org", "")


def _browser():
    if BROWSER is None:
        if os.environ.get("RECON_REQUIRE_BROWSER"):
            pytest.fail("chromium is required here (RECON_REQUIRE_BROWSER) but not installed")
        pytest.skip("chromium not installed (make browser installs Debian's)")
    return BROWSER


def test_html_renders_in_a_real_browser(reconciled, tmp_path):
    out, data = reconciled
    browser = _browser()
    dom = subprocess.run([browser, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", (out / "report.html").as_uri()],
                         capture_output=True, text=True, timeout=120).stdout
    assert dom.count('class="finding ') == len(data["findings"])
    assert f'data-count="ERROR">{sum(f["class"] == "ERROR" for f in data["findings"])}<' in dom
    shot = tmp_path / "page.png"
    subprocess.run([browser, *FLAGS, f"--user-data-dir={tmp_path / 'profile2'}", f"--screenshot={shot}", "--window-size=1280,1600",
                    (out / "report.html").as_uri()], capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 20_000  # a rendered page, not a blank one


ARTEFACTS = Path(__file__).resolve().parents[1] / "tmp" / "artefacts"  # kept for a person to look at; not committed


def test_every_link_has_its_target_in_a_real_browser(reconciled, tmp_path):
    out, data = reconciled
    browser = _browser()
    dom = subprocess.run([browser, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", (out / "report.html").as_uri()],
                         capture_output=True, text=True, timeout=120).stdout
    links = re.findall(r'href="#([^"]+)"', dom)
    targets = set(re.findall(r'\bid="([^"]+)"', dom))
    assert links and not [link for link in links if link not in targets]
    assert ":target" in dom and 'id="legend"' in dom  # the place a link leads to is highlighted, and every colour explained
    for finding in data["findings"]:  # the report's own lines beside every finding that has lines
        row = dom.split(f'id="{finding["id"]}"', 1)[1].split("</tr>", 1)[0]
        assert all(f'href="#L{n}"' in row for n in finding["lines"])
        for cause in data["causes"]:  # every cause of the finding, in its row
            if finding["id"] in cause["findings"]:
                assert cause["row_path"] in row and (cause["suggested"] or "") in row
    assert "<th>relations checked" not in dom and "점검한 관계" in dom  # headings in the findings' language
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTEFACTS / "report_000.png"
    subprocess.run([browser, *FLAGS, f"--user-data-dir={tmp_path / 'profile2'}", f"--screenshot={shot}", "--window-size=1400,2200",
                    (out / "report.html").as_uri()], capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 20_000


PROBE = ("<script>window.addEventListener('load', () => {{ const t = document.querySelector(':target');"
         " document.body.setAttribute('data-probe', (t ? t.id + '|' + getComputedStyle(t).backgroundColor : 'none')"
         " + '|' + getComputedStyle(document.getElementById('{other}')).backgroundColor); }});</script>")


def test_the_line_a_link_leads_to_is_highlighted_in_a_real_browser(reconciled, tmp_path):
    """Open the page at a finding's line as a click on its link does, and read the colours the
    browser computed: the line jumped to has a background, a line beside it has none. The probe is
    added to a copy of the page only (the report itself carries one script, the filter)."""
    out, data = reconciled
    browser = _browser()
    line = next(n for f in data["findings"] for n in f["lines"])
    html = (out / "report.html").read_text(encoding="utf-8")
    other = next(f"L{n}" for n in range(1, 10_000) if n != line and f'id="L{n}"' in html)
    page = tmp_path / "probe.html"
    page.write_text(html.replace("</body>", PROBE.format(other=other) + "</body>"), encoding="utf-8")
    dom = subprocess.run([browser, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", f"{page.as_uri()}#L{line}"],
                         capture_output=True, text=True, timeout=120).stdout
    target, highlighted, plain = re.search(r'data-probe="([^"]*)"', dom).group(1).split("|")
    assert target == f"L{line}"
    assert highlighted not in ("rgba(0, 0, 0, 0)", "transparent") and plain == "rgba(0, 0, 0, 0)"


def test_report_text_cannot_run_script_in_the_html(tmp_path):
    browser = _browser()
    report = tmp_path / "r.txt"
    report.write_text("세출 총괄 (단위 : 천원)\n구 분 예산현액 최종예산\n계 300 250\n"
                      "<script>document.title='pwned'</script> 100 50\n<img src=x onerror=document.title='pwned'> 210 200\n", encoding="utf-8")
    main(["reconcile", str(report), "--out", str(tmp_path / "o"), "--quiet", "--format", "html"])
    dom = subprocess.run([browser, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", (tmp_path / "o" / "report.html").as_uri()],
                         capture_output=True, text=True, timeout=120).stdout
    assert "pwned" not in dom.split("<title>")[1].split("</title>")[0]
    assert "&lt;script&gt;document.title" in dom and "<img" not in dom
