"""The catalogue of bad inputs: each gives a message naming the file (and line or cell),
exit code 2, and no output written — or, where the input is merely unusual, is read right."""

import json
import threading
import zipfile

import pytest
from openpyxl import load_workbook

from toolkit.cli import main
from toolkit.reader import read_report, read_report_text

TABLE = "세출 총괄 (단위 : 천원)\n구 분 예산현액 최종예산\n계 300 250\n가사업 100 50\n나사업 200 200\n"


def _run(args, tmp_path, capsys):
    out = tmp_path / "out"
    code = main(args + ["--out", str(out)]) if args[0] == "reconcile" else main(args)
    return code, capsys.readouterr().err, out


@pytest.fixture(scope="module")
def book(tmp_path_factory, samples):
    path = tmp_path_factory.mktemp("book") / "book.xlsx"
    main(["extract", str(samples[2]), "-o", str(path)])
    return path


def _edited(book, tmp_path, edit, name="edited.xlsx"):
    workbook = load_workbook(book)
    edit(workbook)
    path = tmp_path / name
    workbook.save(path)
    return path


def _raw(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _pdf(t, name, encrypt=False):
    """A one-page PDF with no text (a scanned page has only an image); encrypt: a standard security
    handler whose empty user password does not open it."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
               b"<< /Length 20 >>\nstream\n0 0 m 100 100 l S\nendstream"]
    if encrypt:
        objects.append(b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -4 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >>")
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    trailer = b"/Size %d /Root 1 0 R" % (len(objects) + 1) + (b" /Encrypt 5 0 R /ID [<01> <01>]" if encrypt else b"")
    out += b"trailer\n<< " + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return _raw(t, name, out)


def _hwpx(t, name, section=None, extra=None):
    from documents import write_hwpx

    return write_hwpx(["세출예산 총괄"], t / name, section=section, extra=extra)


def _misnamed(data: bytes, where: str, member: bytes = b"") -> bytes:
    """A zip whose member's name is flagged UTF-8 but is not (a flipped bit in a copied file): in the
    member's own header ("local") or in the zip's directory ("central"); the first member, or `member`."""
    blob = bytearray(data)
    signature, flags, name = (b"PK\x03\x04", 6, 30) if where == "local" else (b"PK\x01\x02", 8, 46)
    at = blob.index(signature)
    while member and blob[at + name: at + name + len(member)] != member:
        at = blob.index(signature, at + 1)
    blob[at + flags + 1] |= 0x08  # general-purpose bit 11: the name is UTF-8
    blob[at + name] = 0xFF  # a byte no UTF-8 text holds
    return bytes(blob)


BOMB = ('<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><s>&d;</s>')
EXTERNAL = '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]><s>&x;</s>'
MANIFEST = b'<manifest><file-entry full-path="Contents/section0.xml"><encryption-data checksum-type="SHA1"/></file-entry></manifest>'
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600

CASES = {
    "missing report": (lambda t, b: t / "nope.txt", "no such file"),
    "empty report": (lambda t, b: _raw(t, "e.txt", b""), "empty"),
    "binary report": (lambda t, b: _raw(t, "b.txt", bytes(range(256)) * 4), "binary"),
    "undecodable text": (lambda t, b: _raw(t, "u.txt", "계 1\n".encode() + b"\xff\xfe\xfa\x80\x80 \xc3\x28\n"), "cannot decode"),
    "a folder": (lambda t, b: t, "folder"),
    "corrupt xlsx": (lambda t, b: _raw(t, "c.xlsx", b"PK\x03\x04 not really"), "not a readable xlsx"),
    "password-protected xlsx": (lambda t, b: _raw(t, "p.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), "password-protected"),
    "old .xls": (lambda t, b: _raw(t, "old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), ".xls"),
    "workbook not made by recon": (lambda t, b: _edited(b, t, lambda w: [w.remove(w[n]) for n in ("_rows", "_cells")]), "not a recon workbook"),
    "renamed sheet": (lambda t, b: _edited(b, t, lambda w: setattr(w["T03"], "title", "세입")), "was it renamed"),
    "Excel error value": (lambda t, b: _edited(b, t, lambda w: w["T03"].__setitem__("B3", "#REF!")), "T03!B3"),
    "text in a number cell": (lambda t, b: _edited(b, t, lambda w: w["T03"].__setitem__("B3", "약 천만원")), "T03!B3"),
    "formula with no saved value": (lambda t, b: _edited(b, t, lambda w: w["T03"].__setitem__("B3", "=B4+B5")), "T03!B3"),
    "xlsx member name not UTF-8": (lambda t, b: _raw(t, "n.xlsx", _misnamed(b.read_bytes(), "local")), "corrupt xlsx"),
    "xlsx directory name not UTF-8": (lambda t, b: _raw(t, "d.xlsx", _misnamed(b.read_bytes(), "central")), "not a readable xlsx"),
    "HWPX member name not UTF-8": (lambda t, b: _raw(t, "n.hwpx", _misnamed(_hwpx(t, "ok.hwpx").read_bytes(), "local", b"Contents/section0")), "corrupt HWPX"),
    "corrupt HWPX": (lambda t, b: _raw(t, "c.hwpx", b"PK\x03\x04 not really"), "corrupt HWPX"),
    "password-protected HWPX": (lambda t, b: _hwpx(t, "p.hwpx", extra={"META-INF/manifest.xml": MANIFEST}), "password-protected"),
    "XML bomb in HWPX": (lambda t, b: _hwpx(t, "bomb.hwpx", section=BOMB), "refused"),
    "external entity in HWPX": (lambda t, b: _hwpx(t, "xxe.hwpx", section=EXTERNAL), "refused"),
    "HWP 5 renamed .hwpx": (lambda t, b: _raw(t, "old.hwpx", OLE), "HWP 5"),
    "HWP 5 binary": (lambda t, b: _raw(t, "old.hwp", OLE), "save it as HWPX"),
    "HWPX with no text": (lambda t, b: _hwpx(t, "empty.hwpx", section=__import__("documents").section_xml([])), "no text"),
    "damaged HWPX section": (lambda t, b: _hwpx(t, "d.hwpx", section="<hs:sec"), "not well-formed"),
    "corrupt PDF": (lambda t, b: _raw(t, "c.pdf", b"%PDF-1.4\n garbage"), "PDF"),
    "not a PDF": (lambda t, b: _raw(t, "n.pdf", b"hello"), "not a PDF"),
    "encrypted PDF": (lambda t, b: _pdf(t, "e.pdf", encrypt=True), "password-protected"),
    "scanned PDF (no text layer)": (lambda t, b: _pdf(t, "scan.pdf"), "no page has a text layer"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input(case, tmp_path, capsys, book):
    make, words = CASES[case]
    path = make(tmp_path, book)
    code, err, out = _run(["reconcile", str(path)], tmp_path, capsys)
    assert code == 2, err
    assert words in err and (str(path) in err or path.name in err)
    assert "Traceback" not in err
    assert not out.exists()  # nothing written half-way


def test_zip_bomb_limit(tmp_path, capsys, book, monkeypatch):
    monkeypatch.setenv("RECON_MAX_XLSX_BYTES", "1000")
    code, err, out = _run(["reconcile", str(book)], tmp_path, capsys)
    assert code == 2 and "refused" in err and not out.exists()


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp949", "euc-kr"])
def test_korean_encodings_are_detected(tmp_path, encoding):
    path = tmp_path / "r.txt"
    path.write_bytes(TABLE.encode(encoding))
    report = read_report(path)
    assert report.tables[0].rows[0].label == "계"
    assert report.meta["encoding"] == ("utf-8-sig" if encoding == "utf-8-sig" else "cp949")


def test_report_without_tables_is_a_warning(tmp_path, capsys):
    path = tmp_path / "r.txt"
    path.write_text("○ 세입예산안은 172억 1천4백만원으로 전년도 142억 3천7백만원 대비 29억 7천7백만원(20.9%) 증액되었음.\n", encoding="utf-8")
    code, err, out = _run(["reconcile", str(path)], tmp_path, capsys)
    assert code == 0 and "no tables found" in err and (out / "findings.json").exists()


def test_table_cut_off_at_the_end_is_ambiguous_not_error():
    report = read_report_text("세출 총괄 (단위 : 천원)\n구 분 예산현액 최종예산\n계 900 250\n가사업 100 50\n나사업 200")
    from toolkit.engine import evaluate
    from toolkit.rules.loader import rules_for

    assert not report.tables[0].complete
    findings = [f for f in evaluate(report, rules_for("x.txt")).findings if f.kind == "sum"]
    assert findings and all(f.cls == "AMBIGUOUS" for f in findings)


def test_numbers_typed_as_text_are_read(tmp_path, book):
    def edit(w):
        w["T03"]["B3"] = "\u00a013,251,729"  # NBSP
        w["T03"]["C3"] = "１４,８５０,８０６"  # full-width digits
        w["T03"]["D3"] = "−1,599,077"  # full-width minus
    path = _edited(book, tmp_path, edit)
    from toolkit.workbook import read_workbook

    cells = read_workbook(path).table("T03").rows[1].cells
    assert [c.value for c in cells[:3]] == [13251729, 14850806, -1599077]


def test_formula_like_labels_stay_text(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("구 분 예산현액 최종예산\n=1+1 300 250\n@SUM(A1) 100 50\n+사업 200 200\n", encoding="utf-8")
    main(["extract", str(path), "-o", str(tmp_path / "b.xlsx")])
    with zipfile.ZipFile(tmp_path / "b.xlsx") as archive:
        sheets = "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in sheets  # no cell became a formula
    labels = [row[0].value.strip() for row in load_workbook(tmp_path / "b.xlsx")["T01"].iter_rows(min_row=2)]
    assert labels == ["=1+1", "@SUM(A1)", "+사업"]


def test_yaml_tags_are_not_executed(tmp_path, capsys, samples):
    marker = tmp_path / "pwned"
    rules = tmp_path / "r.yaml"
    rules.write_text(f'rules:\n  - !!python/object/apply:os.system ["touch {marker}"]\n', encoding="utf-8")
    code, err, out = _run(["reconcile", str(samples[2]), "--rules", str(rules)], tmp_path, capsys)
    assert code == 2 and not marker.exists() and "r.yaml" in err


def test_two_runs_into_one_folder_leave_complete_outputs(tmp_path, samples):
    out = tmp_path / "out"
    runs = [threading.Thread(target=main, args=(["reconcile", str(samples[2]), "--out", str(out), "--quiet", "--format", "json,md,html"],)) for _ in range(2)]
    for run in runs:
        run.start()
    for run in runs:
        run.join()
    assert json.loads((out / "findings.json").read_text(encoding="utf-8"))["findings"]
    assert (out / "report.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary files left


def test_merged_and_hidden_cells_in_a_users_workbook(tmp_path, book):
    def edit(w):
        w["T03"].merge_cells("A2:A3")  # a person merges two label cells
        w["T03"].sheet_state = "hidden"
    path = _edited(book, tmp_path, edit)
    from toolkit.workbook import read_workbook

    original, edited = read_workbook(book), read_workbook(path)
    assert [[c.value for c in r.cells] for r in edited.table("T03").rows] == [[c.value for c in r.cells] for r in original.table("T03").rows]
    assert edited.table("T03").rows == original.table("T03").rows


LEDGER_RULE = """rules:
  - id: against-ledger
    kind: ledger
    ledger: {ledger}
    table: 세출 총괄
    key: 세부사업
    amounts: {{예산현액: current}}
"""

LEDGERS = {
    "missing ledger": (None, "ledger not found"),
    "ledger without the key column": ("사업,예산현액\n가사업,100000\n", "no column '세부사업'"),
    "amount that is no number": ("세부사업,예산현액\n가사업,100000\n나사업,약 2억\n", ":3: 예산현액 '약 2억' is not an amount"),
    "ledger in neither UTF-8 nor CP949": (b"\xff\xfe\x00\xd8\x00\xdc\x80\x81\x82", "cannot decode"),
    # regression: past the 10,000 lines a column's type is read from, a bad amount made the rule "not applied", exit 0
    "amount that is no number past line 10,000": ("세부사업,예산현액\n" + "가사업,100000\n" * 10001 + "나사업,12x4\n", ":10003: 예산현액 '12x4' is not an amount"),
    "quote never closed": ('세부사업,예산현액\n"가사업,100000\n나사업,1\n', "cannot read the ledger"),
    "empty ledger": ("", "cannot read the ledger: empty CSV"),
}


@pytest.mark.parametrize("case", list(LEDGERS))
def test_bad_ledger_is_bad_input(case, tmp_path, capsys):
    """A ledger the rule cannot read stops the run like a bad report: exit 2, file and line named, nothing written."""
    content, words = LEDGERS[case]
    report, ledger, rules = tmp_path / "r.txt", tmp_path / "ledger.csv", tmp_path / "rules.yaml"
    report.write_text(TABLE, encoding="utf-8")
    if content is not None:
        ledger.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    rules.write_text(LEDGER_RULE.format(ledger=ledger), encoding="utf-8")
    code, err, out = _run(["reconcile", str(report), "--rules", str(rules), "--only-rules"], tmp_path, capsys)
    assert code == 2, err
    assert words in err and str(ledger) in err and "Traceback" not in err
    assert not out.exists()
