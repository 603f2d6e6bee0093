"""The Reconcile button: the .xlsm's structure, and the handler run through the openpyxl adapter."""

import importlib.util
import io
import json
import random
import shutil
import zipfile
from pathlib import Path

import olefile
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from openpyxl import load_workbook

from toolkit.cli import main
from toolkit.excel.book import OpenpyxlBook
from toolkit.excel.cfb import sort_key, write_compound
from toolkit.excel.handler import COLORS, reconcile
from toolkit.excel.ovba import CompressionError, compress, decompress
from toolkit.excel.vba import MODULEOFFSET, VbaError, build_dir, parse_dir, read_modules, rename_macro


@pytest.fixture(scope="module")
def button(tmp_path_factory, samples):
    out = tmp_path_factory.mktemp("button")
    assert main(["excel", "make-button", str(samples[2]), "-o", str(out)]) == 0
    return out / "recon_003_c48c83af5715b7e1.xlsm"


def test_button_workbook_structure(button, tmp_path):
    with zipfile.ZipFile(button) as archive:
        names = archive.namelist()
        assert "xl/vbaProject.bin" in names
        assert "macroEnabled" in archive.read("[Content_Types].xml").decode()
        (tmp_path / "vba.bin").write_bytes(archive.read("xl/vbaProject.bin"))
        drawing = archive.read("xl/drawings/vmlDrawing1.vml").decode()
        assert "[0]!ReconcileWorkbook" in drawing and "Reconcile" in drawing and "SampleCall" not in drawing
        sheet_rels = archive.read("xl/worksheets/_rels/sheet1.xml.rels").decode()
        assert "vmlDrawing1.vml" in sheet_rels  # the button stands on the first sheet
    streams = {"/".join(s) for s in olefile.OleFileIO(str(tmp_path / "vba.bin")).listdir()}
    assert {"VBA/xlwings", "VBA/Module1", "VBA/ThisWorkbook"} <= streams
    assert load_workbook(button).sheetnames[0] == "Reconcile"
    spec = importlib.util.spec_from_file_location("recon_003_c48c83af5715b7e1", button.with_suffix(".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    from toolkit.excel.xlwings_book import main as handler_main

    assert module.main is handler_main


def _values(path):
    return {(s.title, c.coordinate): c.value for s in load_workbook(path) for row in s.iter_rows() for c in row}


def test_handler_gives_the_cli_findings_and_changes_no_value(button, tmp_path):
    work = tmp_path / "book.xlsm"
    shutil.copy(button, work)
    before = _values(work)
    book = OpenpyxlBook(work)
    result = reconcile(book, where=str(work))
    book.save()
    main(["reconcile", str(button), "--out", str(tmp_path / "cli"), "--quiet", "--format", "json"])
    cli = json.loads((tmp_path / "cli" / "findings.json").read_text(encoding="utf-8"))["findings"]
    assert [(f.rule, f.cell, f.printed, f.cls) for f in result.findings] == [(f["rule"], f["cell"], f["printed"], f["class"]) for f in cli]
    after = load_workbook(work)
    assert all(after[sheet][ref].value == value for (sheet, ref), value in before.items())
    per_finding = [max(1, sum(f.id in c.findings for c in result.causes)) for f in result.findings]
    assert after.sheetnames[:2] == ["Reconcile", "Findings"] and after["Findings"].max_row == sum(per_finding) + 1
    error = next(f for f in result.findings if f.cls == "ERROR" and "!" in f.cell)
    sheet, ref = error.cell.split("!")
    assert after[sheet][ref].fill.start_color.rgb.endswith(COLORS["ERROR"]) and after[sheet][ref].comment is not None
    assert book.messages and "Findings" in book.messages[-1]


def test_rerun_clears_previous_marks(button, tmp_path):
    work = tmp_path / "book.xlsm"
    shutil.copy(button, work)
    book = OpenpyxlBook(work)
    first = reconcile(book)
    marked = {f.cell for f in first.findings if "!" in f.cell}
    # a person deletes a whole table's rows from the index: its cells must lose their marks
    gone = sorted(marked)[0].split("!")[0]
    index = book.book["index"]
    for row in range(index.max_row, 1, -1):
        if index.cell(row, 1).value == gone:
            index.delete_rows(row)
    second = reconcile(book)
    still = {f.cell for f in second.findings}
    for ref in marked - still:
        sheet, address = ref.split("!")
        assert book.book[sheet][address].fill.fill_type is None and book.book[sheet][address].comment is None


def _conf(path):
    sheet = load_workbook(path)["xlwings.conf"]
    return {sheet.cell(r, 1).value: sheet.cell(r, 2).value for r in range(1, 4)}


def test_button_names_no_interpreter_until_installed_on_the_machine_that_opens_it(button, tmp_path):
    import sys

    assert not any(_conf(button).get(k) for k in ("Interpreter_Win", "Interpreter_Mac"))  # not the build machine's path
    work = tmp_path / "recon_003_c48c83af5715b7e1.xlsm"
    shutil.copy(button, work)
    assert main(["excel", "install", str(work)]) == 0
    assert sys.executable in _conf(work).values()
    with zipfile.ZipFile(button) as before, zipfile.ZipFile(work) as after:
        assert set(before.namelist()) == set(after.namelist())
        assert after.read("xl/vbaProject.bin") == before.read("xl/vbaProject.bin")
        assert after.read("xl/drawings/vmlDrawing1.vml") == before.read("xl/drawings/vmlDrawing1.vml")  # the button stays
    outside = lambda values: {k: v for k, v in values.items() if k[0] != "xlwings.conf"}  # noqa: E731
    assert outside(_values(work)) == outside(_values(button))
    assert main(["excel", "install", str(tmp_path / "missing.xlsm")]) == 2


def test_button_text_is_korean_and_lists_extra_rule_files(button, tmp_path):
    from toolkit.excel.button import RULES_HEADING

    with zipfile.ZipFile(button) as archive:
        assert "점검하기" in archive.read("xl/drawings/vmlDrawing1.vml").decode()
    work = tmp_path / "book.xlsm"
    shutil.copy(button, work)
    (tmp_path / "mine.yaml").write_text("rules:\n  - id: my-extra-sums\n    kind: sum\n", encoding="utf-8")
    book = OpenpyxlBook(work)
    sheet = book.book["Reconcile"]
    heading = next(c for row in sheet.iter_rows() for c in row if c.value == RULES_HEADING)
    sheet.cell(heading.row + 1, heading.column, "mine.yaml")  # relative to the workbook's folder
    result = reconcile(book, where=str(work))
    assert "my-extra-sums" in result.rules
    assert any(f.rule == "my-extra-sums" for f in result.findings)


def test_the_button_reads_a_ledger_once_per_click(tmp_path, samples, monkeypatch):
    """Regression: the button evaluated without starting the ledger read, so the re-check of a suggested
    correction read the whole ledger a second time; `recon reconcile` reads it once (tests/test_ledger.py)."""
    from toolkit import ledger
    from toolkit.excel.button import RULES_HEADING

    assert main(["excel", "make-button", str(samples[0]), "-o", str(tmp_path)]) == 0
    work = next(tmp_path.glob("recon_*.xlsm"))
    assert main(["synth-ledger", str(samples[0]), "--table", "세출예산 집행현황", "--rows", "3000", "--inject", "4",
                 "--seed", "3", "-o", str(tmp_path / "ledger.csv")]) == 0
    (tmp_path / "ledger.yaml").write_text(
        f"rules:\n  - id: execution-against-ledger\n    kind: ledger\n    ledger: {tmp_path / 'ledger.csv'}\n    table: 세출예산 집행현황\n"
        "    key: [실국, 부서, 회계, 세부사업]\n    amounts: {예산현액: current, 원인행위액: 집행액.원인행위액, 지출액: 집행액.지출액}\n",
        encoding="utf-8")
    reads, summed = [], []
    read, total = ledger._read, ledger.summed
    monkeypatch.setattr(ledger, "_read", lambda *args: reads.append(args) or read(*args))
    monkeypatch.setattr(ledger, "summed", lambda *args: summed.append(args) or total(*args))
    book = OpenpyxlBook(work)
    sheet = book.book["Reconcile"]
    heading = next(c for row in sheet.iter_rows() for c in row if c.value == RULES_HEADING)
    sheet.cell(heading.row + 1, heading.column, "ledger.yaml")
    result = reconcile(book, where=str(work))
    assert any(f.rule == "execution-against-ledger" and f.cls == "ERROR" for f in result.findings)
    assert len(summed) >= 2 and len(reads) == 1  # the rule ran again in the re-check, on the one read
    reconcile(book, where=str(work))
    assert len(reads) == 2  # the next click reads the ledger as it is then


# The button's VBA project: xlwings' quickstart project with its macro renamed and its compiled code
# purged ([MS-OVBA]; see toolkit/excel/vba.py), in a compound file laid out anew (toolkit/excel/cfb.py).

def _template_project():
    import xlwings

    from toolkit.excel.button import TEMPLATE

    with zipfile.ZipFile(Path(xlwings.__file__).parent / TEMPLATE) as archive:
        return archive.read("xl/vbaProject.bin")


def _streams(project):
    ole = olefile.OleFileIO(io.BytesIO(project))
    return {"/".join(path): ole.openstream(path).read() for path in ole.listdir()}


def _chunk_flags(container):
    """Each chunk's CompressedChunkFlag (1 = token sequences, 0 = raw), walking the chunk headers."""
    flags, pos = [], 1
    while pos < len(container):
        header = int.from_bytes(container[pos:pos + 2], "little")
        flags.append(header >> 15)
        pos += (header & 0x0FFF) + 3
    assert pos == len(container)
    return flags


def _valid_sibling_trees(project):
    """[MS-CFB] 2.6.4 on every storage's children: in order by (name length, upper-cased name), the
    root black, no red node with a red child, as many black nodes on every path down."""
    entries = {e.sid: e for e in olefile.OleFileIO(io.BytesIO(project)).direntries if e is not None}
    nostream = 0xFFFFFFFF

    def walk(sid):  # (names in order, black height)
        if sid == nostream:
            return [], 1
        entry = entries[sid]
        for child in (entry.sid_left, entry.sid_right):
            assert not (entry.color == 0 and child != nostream and entries[child].color == 0), entry.name
        left, left_height = walk(entry.sid_left)
        right, right_height = walk(entry.sid_right)
        assert left_height == right_height, entry.name
        return left + [entry.name] + right, left_height + entry.color

    for entry in entries.values():
        if entry.entry_type in (1, 5) and entry.sid_child != nostream:
            assert entries[entry.sid_child].color == 1
            names, _ = walk(entry.sid_child)
            assert names == sorted(names, key=sort_key) and len(names) == len(set(names))
    return True


def test_button_macro_is_renamed_and_its_compiled_code_purged(button):
    with zipfile.ZipFile(button) as archive:
        project = archive.read("xl/vbaProject.bin")
    template = _template_project()
    before, after = _streams(template), _streams(project)
    assert set(after) == set(before)  # every stream present (the template has no SRP stream)
    old, new = read_modules(template), read_modules(project)
    assert set(new) == set(old) and all(m.offset == 0 for m in new.values())  # MODULEOFFSET 0: no p-code
    for name, module in old.items():
        changed = [(a, b) for a, b in zip(module.source.splitlines(), new[name].source.splitlines()) if a != b]
        assert len(module.source) - len(new[name].source) == len(changed) * (len("SampleCall") - len("ReconcileWorkbook"))
        assert changed == ([("Sub SampleCall()", "Sub ReconcileWorkbook()")] if name == "Module1" else [])
        stream = after[f"VBA/{name}"]
        assert _chunk_flags(stream) and all(_chunk_flags(stream))  # source only, in token chunks
        if name != "Module1":  # the source's compressed bytes are kept as Office wrote them
            assert stream == before[f"VBA/{name}"][module.offset:]
    assert not any(b"samplecall" in decompress(data).lower() for path, data in after.items() if path.startswith("VBA/") and path != "VBA/_VBA_PROJECT")
    assert after["VBA/_VBA_PROJECT"] == bytes.fromhex("cc61ffff000100")  # [MS-OVBA] 2.3.4.1: Version 0xFFFF, no cache
    records = parse_dir(decompress(after["VBA/dir"]))
    original = parse_dir(decompress(before["VBA/dir"]))
    assert [body for rid, body in records if rid == MODULEOFFSET] == [b"\0\0\0\0"] * len(old)
    assert [r for r in records if r[0] != MODULEOFFSET] == [r for r in original if r[0] != MODULEOFFSET]
    assert build_dir(original) == decompress(before["VBA/dir"])
    assert all(after[path] == before[path] for path in ("PROJECT", "PROJECTwm"))
    assert _valid_sibling_trees(project) and len(project) % 512 == 0


def test_rename_refuses_what_it_cannot_do_safely_and_drops_every_cache():
    template = _template_project()
    with pytest.raises(VbaError, match="0 modules define"):
        rename_macro(template, "NoSuchMacro", "ReconcileWorkbook")
    with pytest.raises(VbaError, match="already a name"):
        rename_macro(template, "SampleCall", "RunPython")  # the xlwings module's own procedure
    with pytest.raises(VbaError, match="not a VBA procedure name"):
        rename_macro(template, "SampleCall", "점검")
    # a project as Office saves it for its own version: a cache in _VBA_PROJECT and SRP streams
    streams = {tuple(path.split("/")): data for path, data in _streams(template).items()}
    streams[("VBA", "_VBA_PROJECT")] = bytes.fromhex("cc61b200000300") + b"\x01" * 500
    streams[("VBA", "__SRP_0")] = b"cache" * 1000
    streams[("VBA", "__SRP_12")] = b"cache"
    purged = _streams(rename_macro(write_compound(streams), "SampleCall", "ReconcileWorkbook"))
    assert not any("__SRP_" in path for path in purged)
    assert purged["VBA/_VBA_PROJECT"] == bytes.fromhex("cc61ffff000300")


@pytest.mark.parametrize(("text", "compressed"), [  # [MS-OVBA] 3.2.1 and 3.2.2, the spec's own examples
    (b"abcdefghijklmnopqrstuv.", "01 19 B0 00 61 62 63 64 65 66 67 68 00 69 6A 6B 6C 6D 6E 6F 70 00 71 72 73 74 75 76 2E"),
    (b"#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa",
     "01 2F B0 00 23 61 61 61 62 63 64 65 82 66 00 70 61 67 68 69 6A 01 38 08 61 6B 6C 00 20 6D 6E 6F 70 06 71 02 70 04 00 72 73 74 75 76 10 77 78 79 7A 00 2C"),
])
def test_compression_gives_the_spec_examples(text, compressed):
    assert compress(text) == bytes.fromhex(compressed) and decompress(bytes.fromhex(compressed)) == text


@given(st.binary(max_size=9000))
@example(random.Random(1).randbytes(4096 + 3700))  # too few repeats: a raw chunk, then a padded raw last chunk
def test_compression_round_trips(data):
    container = compress(data)
    flags = _chunk_flags(container)
    assert len(flags) == -(-len(data) // 4096)
    assert not data or flags[0] or len(data) > 3600  # short data always fits in token sequences
    restored = decompress(container)
    if flags and not flags[-1]:  # a raw last chunk is padded with 0x00 to 4096 bytes ([MS-OVBA] 2.4.1.3.10)
        assert restored == data + b"\0" * (len(restored) - len(data))
    else:
        assert restored == data


@given(st.lists(st.sampled_from(["Sub ", "End Sub", "\r\n", "    ", "Dim x As Long", "RunPython \"import \"", "' 점검"]), max_size=400)
       .map(lambda parts: "".join(parts).encode("cp949")))
def test_source_text_compresses_into_token_chunks(data):
    container = compress(data)
    assert decompress(container) == data and all(_chunk_flags(container))


@pytest.mark.parametrize("bad", [b"", b"\x02", b"\x01\x05", b"\x01\xff\xbf\x01\x05\x00"])
def test_decompression_refuses_what_is_not_a_container(bad):
    with pytest.raises(CompressionError):
        decompress(bad)


_names = st.text(st.sampled_from("abcXYZ_1가"), min_size=1, max_size=8)


@given(st.dictionaries(st.tuples(_names) | st.tuples(st.just("S"), _names) | st.tuples(st.just("S"), st.just("T"), _names),
                       st.sampled_from([0, 1, 63, 64, 65, 4095, 4096, 4097, 9000]).map(lambda n: bytes(i % 251 for i in range(n))),
                       max_size=12).filter(lambda d: not any(k[0] == "S" and len(k) == 1 for k in d)))
def test_compound_file_holds_every_stream(streams):
    written = write_compound(streams)
    ole = olefile.OleFileIO(io.BytesIO(written))
    assert sorted(map(tuple, ole.listdir())) == sorted(streams)
    assert all(ole.openstream(list(path)).read() == data for path, data in streams.items())
    assert _valid_sibling_trees(written)
