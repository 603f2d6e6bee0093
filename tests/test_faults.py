"""The fault suite (issue 17): one case per class of hostile or faulty input, each run as a separate
process under a memory bound (RLIMIT_AS) and a time bound.

The bounds are generous ceilings, not timings: a case that regresses to quadratic time or to a
join over all table pairs runs into them. `make fuzz` runs the same cases larger
(RECON_FAULT_SCALE=10). Every case asserts the exit code, a message naming the file, and what was
(not) written.
"""

from __future__ import annotations

import json
import os
import re
import resource
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

import fault_cases as fc

SCALE = int(os.environ.get("RECON_FAULT_SCALE", "1"))
MEMORY = 2 * 1024**3  # bytes of address space a case may map
SECONDS = 60 * SCALE  # a ceiling far above a healthy run (a few seconds), far below a quadratic one


def run(args: list[str], *, env: dict[str, str] | None = None, file_size: int | None = None) -> subprocess.CompletedProcess:
    def bound() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
        if file_size is not None:  # a full disk: writes past this size fail (EFBIG) instead of killing the process
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))

    return subprocess.run(
        [sys.executable, "-m", "toolkit", *args], capture_output=True, text=True, timeout=SECONDS, preexec_fn=bound,
        env={**os.environ, "POLARS_MAX_THREADS": "2", **(env or {})}, cwd=fc.ROOT,
    )


def files_in(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


def no_traceback(done: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in done.stderr and done.stderr.count("\n") <= 2, done.stderr


# --- unbounded cost ---------------------------------------------------------------------------


def test_long_runs_in_sentences_and_markdown_are_linear(tmp_path):
    """`1억1억…`, 100,000 spaces before a %, a markdown rule followed by spaces, 1,1,1,…1원."""
    done = run(fc.regex_runs(tmp_path, 20_000 * SCALE))
    no_traceback(done)
    assert done.returncode in (0, 1), done.stderr
    assert (tmp_path / "out" / "findings.json").exists()


def test_a_sentence_of_many_figures_is_linear(tmp_path):
    done = run(fc.long_sentence(tmp_path, 200_000 * SCALE))
    assert done.returncode in (0, 1), done.stderr


def test_labels_restated_in_many_tables_join_in_bounded_memory(tmp_path):
    """1,500 tables printing the same rows: pairs blocked on label and column, neighbours in a large group."""
    done = run(fc.shared_label_tables(tmp_path, 1_500 * SCALE))
    assert done.returncode in (0, 1), done.stderr
    data = json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))
    assert data["summary"]["relations_checked"] < 40 * 1_500 * SCALE  # linear in the tables, not their square


def test_yaml_alias_bomb_is_refused(tmp_path):
    done = run(fc.alias_bomb(tmp_path, 9))
    assert done.returncode == 2 and "bomb.yaml" in done.stderr and "RECON_MAX_RULE_NODES" in done.stderr, done.stderr


@pytest.mark.parametrize("target", ["/dev/zero", "big"])
def test_include_of_a_device_or_a_huge_file_is_refused(tmp_path, target):
    if target == "big":
        big = tmp_path / "big.yaml"
        big.write_text("# " + "x" * 2_000_000 + "\n", encoding="utf-8")
        target = str(big)
    rules = tmp_path / "inc.yaml"
    rules.write_text(f"include: [{target}]\nrules: []\n", encoding="utf-8")
    done = run(["rules", "check", str(rules)])
    assert done.returncode == 2 and target in done.stderr, done.stderr


def test_rules_that_match_no_table_cost_little(tmp_path):
    report = fc.small_report(tmp_path)
    args = fc.many_rules(tmp_path, 500 * SCALE)
    args[1] = str(report)
    done = run(args)
    assert done.returncode == 0, done.stderr


def test_workbook_is_measured_while_unpacked_not_by_its_directory(tmp_path):
    done = run(fc.understated_xlsx(tmp_path, 20 * SCALE), env={"RECON_MAX_XLSX_BYTES": str(5 * 1024**2)})
    no_traceback(done)
    assert done.returncode == 2 and "bomb.xlsx" in done.stderr, done.stderr
    assert not (tmp_path / "out").exists()


def test_annotated_copy_of_a_huge_workbook_is_refused_with_its_limit(tmp_path):
    book = tmp_path / "book.xlsx"
    assert run(["extract", str(fc.small_report(tmp_path)), "-o", str(book)]).returncode == 0
    done = run(["reconcile", str(book), "--out", str(tmp_path / "out")], env={"RECON_MAX_ANNOTATE_CELLS": "50"})
    assert done.returncode == 2 and "RECON_MAX_ANNOTATE_CELLS" in done.stderr and "book.xlsx" in done.stderr, done.stderr
    assert not (tmp_path / "out").exists()
    assert run(["reconcile", str(book), "--out", str(tmp_path / "out"), "--format", "json"],
               env={"RECON_MAX_ANNOTATE_CELLS": "50"}).returncode == 1  # the other outputs do not need the copy


# --- crashes and half-written output -----------------------------------------------------------


def test_control_characters_in_labels_are_written_everywhere(tmp_path):
    report = fc.small_report(tmp_path, label="가나\x01다\x1b\x7f")
    done = run(["reconcile", str(report), "--out", str(tmp_path / "out")])
    assert done.returncode == 1, done.stderr
    assert {"findings.json", "findings.md", "report.html", "small.xlsx", "small.checked.xlsx"} <= set(files_in(tmp_path / "out"))


def test_nul_byte_anywhere_is_refused_with_its_line(tmp_path):
    report = fc.small_report(tmp_path, extra="○ 설명\n" * 1000 + "○ 여기\x00\n")
    done = run(["reconcile", str(report), "--out", str(tmp_path / "out")])
    assert done.returncode == 2 and "small.txt:1006" in done.stderr, done.stderr
    assert not (tmp_path / "out").exists()


def test_dtd_in_a_worksheet_is_refused(tmp_path):
    done = run(fc.xxe_xlsx(tmp_path))
    no_traceback(done)
    assert done.returncode == 2 and "xxe.xlsx" in done.stderr and "DTD" in done.stderr, done.stderr
    assert not (tmp_path / "out").exists()


def test_full_disk_names_the_file_and_leaves_nothing(tmp_path):
    out = tmp_path / "out"
    done = run(["reconcile", str(fc.small_report(tmp_path)), "--out", str(out)], file_size=3000)
    no_traceback(done)
    assert done.returncode == 2 and str(out) in done.stderr and "nothing was written" in done.stderr, done.stderr
    assert files_in(out) == []


def test_a_library_panic_is_one_message_and_exit_2(tmp_path, monkeypatch, capsys):
    from toolkit import cli, engine

    class PanicException(BaseException):  # what pyo3 raises for a Rust panic (polars, calamine)
        pass

    def panic(*args, **kwargs):
        raise PanicException("called `Option::unwrap()` on a `None` value")

    monkeypatch.setattr(engine, "evaluate", panic)
    report = fc.small_report(tmp_path)
    assert cli.main(["reconcile", str(report), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert str(report) in err and "PanicException" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_temporary_files_of_a_killed_run_are_removed_by_the_next(tmp_path):
    out = tmp_path / "out"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
    (out / f".recon-tmp-{dead}-abc").mkdir(parents=True)
    (out / f".recon-tmp-{dead}-abc" / "findings.json").write_text("{}")
    (out / f".recon-tmp-{dead}-findings.json.x1y2.json").write_text("")
    alive = out / f".recon-tmp-{os.getpid()}-running"  # a run still writing here keeps its folder
    alive.mkdir()
    done = run(["reconcile", str(fc.small_report(tmp_path)), "--out", str(out), "--format", "json"])
    assert done.returncode == 1, done.stderr
    assert files_in(out) == [alive.name, "findings.json"]


# --- inputs and results lost --------------------------------------------------------------------


def test_an_output_over_an_input_is_refused(tmp_path):
    folder = tmp_path / "D"
    folder.mkdir()
    report = folder / "report.html"
    report.write_bytes(fc.small_report(tmp_path).read_bytes())
    before = report.read_bytes()
    done = run(["reconcile", str(report), "--out", str(folder), "--format", "html"])
    assert done.returncode == 2 and "report.html" in done.stderr and "overwrite the input" in done.stderr, done.stderr
    assert report.read_bytes() == before and files_in(folder) == ["report.html"]
    done = run(["extract", str(report), "-o", str(report)])
    assert done.returncode == 2 and report.read_bytes() == before


def test_reports_with_the_same_name_get_their_own_folders(tmp_path):
    for folder, label in (("a", "가나다"), ("b", "사아자")):
        (tmp_path / folder).mkdir()
        fc.small_report(tmp_path / folder, label=label, name="r.txt")
    done = run(["reconcile", str(tmp_path / "a" / "r.txt"), str(tmp_path / "b" / "r.txt"), "--out", str(tmp_path / "out"), "--format", "json"])
    assert done.returncode == 1, done.stderr
    assert files_in(tmp_path / "out") == ["a_r", "a_r/findings.json", "b_r", "b_r/findings.json"]


# --- wrong or silent results --------------------------------------------------------------------


def test_form_feeds_keep_line_numbers_as_grep_counts_them(tmp_path):
    report = tmp_path / "ff.txt"
    report.write_text("첫 쪽\f\n\f(단위 : 천원)\n구분\t2023 예산\t2024 예산\n합계\t300\t400\n가나다\t100\t200\n라마바\t100\t200\n", encoding="utf-8")
    done = run(["reconcile", str(report), "--out", str(tmp_path / "out"), "--format", "json"])
    assert done.returncode == 1, done.stderr
    grep = subprocess.run(["grep", "-n", "^합계", str(report)], capture_output=True, text=True).stdout
    findings = json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))["findings"]
    assert int(grep.split(":")[0]) in {line for f in findings for line in f["lines"]}


def test_zero_width_characters_inside_figures_are_stripped_and_counted(tmp_path):
    report = tmp_path / "zw.txt"
    report.write_text("(단위 : 천원)\n구분\t2023 예산\t2024 예산\n합계\t3\u200b00\t400\n가나다\t1\u200d00\t200\n라마바\t100\t2\ufeff00\n", encoding="utf-8")
    done = run(["reconcile", str(report), "--out", str(tmp_path / "out"), "--format", "json"])
    assert done.returncode == 1, done.stderr  # the total is off: found, not silently skipped
    stats = run(["extract", str(report), "--stats"])
    assert "format characters removed: 3" in stats.stdout.replace("\n", " "), stats.stdout


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_read(tmp_path, codec):
    text = fc.small_report(tmp_path).read_text(encoding="utf-8")
    report = tmp_path / "u16.txt"
    report.write_bytes(("\ufeff" + text).encode(codec))
    done = run(["reconcile", str(report), "--out", str(tmp_path / "out"), "--format", "json"])
    assert done.returncode == 1, done.stderr


def test_sheet_names_with_quotes_and_bang_are_annotated(tmp_path):
    book = tmp_path / "book.xlsx"
    script = ("import sys; from dataclasses import replace; from toolkit.reader import read_report; from toolkit.model import Report; "
              "from toolkit.workbook import write_workbook; r = read_report(sys.argv[1]); "
              "write_workbook(Report(r.source, tuple(replace(t, id=\"T'0!5\") for t in r.tables), r.claims, r.line_count), sys.argv[2])")
    subprocess.run([sys.executable, "-c", script, str(fc.small_report(tmp_path)), str(book)], check=True, cwd=fc.ROOT)
    done = run(["reconcile", str(book), "--out", str(tmp_path / "out")])
    assert done.returncode == 1, done.stderr
    checked = load_workbook(next((tmp_path / "out").glob("*.checked.xlsx")))
    sheet = checked["T'0!5"]
    assert any(cell.comment is not None for row in sheet.iter_rows() for cell in row)
    from toolkit.safe_text import split_ref
    from toolkit.writers.annotated_xlsx import _internal

    assert split_ref("T'0!5!B3") == ("T'0!5", "B3") and _internal("T'0!5!B3") == "internal:'T''0!5'!B3"


# --- injection ----------------------------------------------------------------------------------


def test_labels_never_become_formulas_or_markup(tmp_path):
    label = "=cmd|' /C calc'!A0 <script>alert(1)</script> [x](javascript:alert(1))"
    done = run(["reconcile", str(fc.small_report(tmp_path, label=label)), "--out", str(tmp_path / "out")])
    assert done.returncode == 1, done.stderr
    out = tmp_path / "out"
    with zipfile.ZipFile(out / "small.checked.xlsx") as archive:
        for name in archive.namelist():
            if name.endswith(".xml"):
                assert "<f>" not in archive.read(name).decode("utf-8"), name
    findings = load_workbook(out / "small.checked.xlsx")["Findings"]
    assert any(c.value and str(c.value).startswith("=cmd") and c.data_type == "s" for row in findings.iter_rows() for c in row)
    markdown = (out / "findings.md").read_text(encoding="utf-8")
    assert "<script>" not in markdown and not re.search(r"(?<!\\)\]\(javascript:", markdown) and "&lt;script&gt;" in markdown
