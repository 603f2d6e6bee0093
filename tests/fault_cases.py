"""Hostile and faulty inputs, one builder per class of issue 17, at a size the caller chooses.

Each builder writes its input into a folder and returns the `recon` arguments that run it. The
test module (tests/test_faults.py) runs them small under a memory and time bound; `make fuzz`
runs them larger (RECON_FAULT_SCALE). Sizes scale the input; nothing here knows a sample's figures.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "reports" / "003_c48c83af5715b7e1.txt"


def repeated_report(folder: Path, lines: int) -> list[str]:
    """A sample report repeated until it has `lines` lines: many tables sharing labels (cross_table join)."""
    text = SAMPLE.read_text(encoding="utf-8")
    copies = max(1, lines // (text.count("\n") + 1))
    path = folder / "big.txt"
    path.write_text(text * copies, encoding="utf-8")
    return ["reconcile", str(path), "--out", str(folder / "out"), "--format", "json"]


def long_sentence(folder: Path, size: int) -> list[str]:
    """One sentence line of `size` characters full of counts and amounts (claims, list counts)."""
    piece = "65개 세부사업 3억 3,933만원 및 12.5% "
    path = folder / "sentence.txt"
    path.write_text("○ " + piece * max(1, size // len(piece)) + "\n", encoding="utf-8")
    return ["reconcile", str(path), "--out", str(folder / "out"), "--format", "json"]


def regex_runs(folder: Path, size: int) -> list[str]:
    """Long runs the claim and markdown patterns could backtrack on."""
    path = folder / "runs.md"
    path.write_text(
        "○ " + "1억" * size + "\n"
        "○ 증가율 1" + " " * (size * 5) + "x\n"
        "|---|---|" + " " * (size * 5) + "x\n"
        "○ " + "1," * size + "1원\n",
        encoding="utf-8",
    )
    return ["reconcile", str(path), "--out", str(folder / "out"), "--format", "json,md"]


def alias_bomb(folder: Path, depth: int) -> list[str]:
    """A rule whose fields hold aliases expanding to 9**depth strings (the billion laughs)."""
    anchors = "\n".join(
        f"    x{i}: &x{i} [" + ", ".join([f"*x{i - 1}" if i else "lol"] * 9) + "]" for i in range(depth + 1)
    )
    rules = folder / "bomb.yaml"
    rules.write_text(f"rules:\n  - id: bomb\n    kind: sum\n    why: a\n{anchors}\n", encoding="utf-8")
    return ["rules", "check", str(rules)]


def include_device(folder: Path) -> list[str]:
    rules = folder / "inc.yaml"
    rules.write_text("include: [/dev/zero]\nrules: []\n", encoding="utf-8")
    return ["rules", "check", str(rules)]


def many_rules(folder: Path, count: int) -> list[str]:
    rules = folder / "many.yaml"
    body = "".join(f"  - id: r{i}\n    kind: sum\n    why: nothing\n    tables: nomatch{i}\n" for i in range(count))
    rules.write_text("rules:\n" + body, encoding="utf-8")
    return ["reconcile", str(SAMPLE), "--rules", str(rules), "--only-rules", "--out", str(folder / "out"), "--format", "json"]


def _book(path: Path, sheets: dict[str, str], declared: dict[str, int] | None = None) -> None:
    """A minimal xlsx with the given sheet XML bodies; `declared` understates a part's size in the directory."""
    names = list(sheets)
    workbook = (
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        + "".join(f'<sheet name="{n}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, n in enumerate(names))
        + "</sheets></workbook>"
    )
    rels = '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' + "".join(
        f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        f'Target="worksheets/sheet{i + 1}.xml"/>' for i in range(len(names))) + "</Relationships>"
    types = ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
             + "".join(f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" '
                       'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(len(names)))
             + "</Types>")
    root = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", root)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", rels)
        for i, body in enumerate(sheets.values()):
            archive.writestr(f"xl/worksheets/sheet{i + 1}.xml", body)
    if declared:
        _understate(path, declared)


def _understate(path: Path, declared: dict[str, int]) -> None:
    """Rewrite the uncompressed sizes the zip's local headers and central directory declare."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
    import struct

    for info in infos:
        if info.filename not in declared:
            continue
        size = declared[info.filename]
        struct.pack_into("<I", data, info.header_offset + 22, size)  # local header: uncompressed size
        central = data.find(b"PK\x01\x02", 0)
        while central != -1:
            name_len = struct.unpack_from("<H", data, central + 28)[0]
            if data[central + 46 : central + 46 + name_len].decode() == info.filename:
                struct.pack_into("<I", data, central + 24, size)
            central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))


SHEET_OPEN = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'


def understated_xlsx(folder: Path, megabytes: int) -> list[str]:
    """A workbook whose zip directory says its sheet is 100 bytes while it unpacks to `megabytes` MB."""
    row = '<row r="1"><c r="A1" t="inlineStr"><is><t>' + "A" * 1000 + "</t></is></c></row>"
    body = SHEET_OPEN + row * (megabytes * 1000) + "</sheetData></worksheet>"
    path = folder / "bomb.xlsx"
    _book(path, {"index": body}, declared={"xl/worksheets/sheet1.xml": 100})
    return ["reconcile", str(path), "--out", str(folder / "out")]


def xxe_xlsx(folder: Path) -> list[str]:
    body = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + SHEET_OPEN
            + '<row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row></sheetData></worksheet>')
    path = folder / "xxe.xlsx"
    _book(path, {"index": body})
    return ["reconcile", str(path), "--out", str(folder / "out")]


def small_report(folder: Path, label: str = "가나다", name: str = "small.txt", extra: str = "") -> Path:
    """A table whose row `label` prints a wrong 증감 (ERRORs at that row), with `label` as a row label."""
    path = folder / name
    path.write_text(
        "(단위 : 천원)\n"
        "구분\t2023 예산\t2024 예산\t증감\n"
        "합계\t200\t400\t200\n"
        f"{label}\t100\t200\t150\n"
        "라마바\t100\t200\t100\n" + extra,
        encoding="utf-8",
    )
    return path


def shared_label_tables(folder: Path, tables: int) -> list[str]:
    """`tables` consistent tables printing the same rows: every row label restated in every table."""
    block = "(단위 : 천원)\n구분\t2023 예산\t2024 예산\n합계\t300\t400\n가나다\t100\t200\n라마바\t200\t200\n\n"
    path = folder / "shared.txt"
    path.write_text("□ 세출 현황\n" + block * tables, encoding="utf-8")  # titles without figures: no row is read from them
    return ["reconcile", str(path), "--out", str(folder / "out"), "--format", "json"]
