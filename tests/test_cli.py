"""End to end: the CLI on the three sample reports and on bad input."""

import hashlib
import json

import pytest

from toolkit.cli import main


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("index", [0, 1, 2])
def test_reconcile_sample_report(samples, tmp_path, index):
    report = samples[index]
    before = _digest(report)
    code = main(["reconcile", str(report), "--out", str(tmp_path), "--quiet"])
    assert code in (0, 1)
    data = json.loads((tmp_path / "findings.json").read_text(encoding="utf-8"))
    assert data["source"] == report.name
    line_count = len(report.read_text(encoding="utf-8").splitlines())
    assert data["findings"], "a sample report with no findings at all means nothing was checked"
    for finding in data["findings"]:
        assert finding["class"] in ("ERROR", "ROUNDING", "AMBIGUOUS")
        assert finding["kind"] in ("sum", "difference", "rate", "execution_rate", "share", "cross_table", "narrative", "discovered", "calculation", "sentence_total", "other")
        assert (finding["lines"] or not finding["cell"]) and all(1 <= n <= line_count for n in finding["lines"])
        assert finding["printed"] and finding["message"]
    assert code == (1 if any(f["class"] == "ERROR" for f in data["findings"]) else 0)
    assert (tmp_path / "findings.md").exists()
    assert _digest(report) == before  # the user's report is never modified


def test_reconcile_a_workbook_gives_the_same_findings(samples, tmp_path):
    report = samples[2]
    main(["extract", str(report), "-o", str(tmp_path / "book.xlsx")])
    main(["reconcile", str(report), "--out", str(tmp_path / "a"), "--quiet"])
    book_before = _digest(tmp_path / "book.xlsx")
    main(["reconcile", str(tmp_path / "book.xlsx"), "--out", str(tmp_path / "b"), "--quiet"])
    a = json.loads((tmp_path / "a" / "findings.json").read_text(encoding="utf-8"))["findings"]
    b = json.loads((tmp_path / "b" / "findings.json").read_text(encoding="utf-8"))["findings"]
    assert [(f["rule"], f["cell"], f["printed"], f["class"]) for f in a] == [(f["rule"], f["cell"], f["printed"], f["class"]) for f in b]
    assert _digest(tmp_path / "book.xlsx") == book_before


def test_extract_json_keeps_every_figure_with_its_line(samples, tmp_path):
    report = samples[0]
    assert main(["extract", str(report), "-o", str(tmp_path / "x.json")]) == 0
    data = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    lines = report.read_text(encoding="utf-8").splitlines()
    for table in data["tables"]:
        for row in table["rows"]:
            for cell in row["cells"]:
                if cell["printed"]:
                    assert cell["printed"] in lines[cell["line"] - 1]


@pytest.mark.parametrize("args,words", [
    (["reconcile", "missing.txt"], "no such file"),
    (["reconcile", "{rules}"], "workbook"),
    (["reconcile", "{bad_rules_report}", "--rules", "{bad_rules}"], ":3"),
    (["reconcile", "{empty}"], "empty"),
])
def test_bad_input_exits_2_and_writes_nothing(tmp_path, capsys, samples, args, words):
    bad_rules = tmp_path / "bad.yaml"
    bad_rules.write_text("rules:\n  - id: a\n    kind: nope\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    fake = tmp_path / "book.xlsx"
    fake.write_text("not a zip")
    values = {"rules": str(fake), "bad_rules": str(bad_rules), "bad_rules_report": str(samples[2]), "empty": str(empty)}
    out = tmp_path / "out"
    code = main([a.format(**values) for a in args] + ["--out", str(out)])
    assert code == 2
    assert words in capsys.readouterr().err
    assert not out.exists()


def _run(args, env=None):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "toolkit", *args], capture_output=True, text=True, env=env)


def test_version_and_exit_codes_in_help_nothing_cut():
    import os

    version = _run(["--version"])
    assert version.returncode == 0 and version.stdout.startswith("recon ")
    for args in (["--help"], ["rules", "--help"], ["excel", "--help"]):
        shown = _run(args, env={**os.environ, "COLUMNS": "80"})
        listed = shown.stdout.split("Commands:", 1)[1]  # "[ARGS]..." in the usage line is click's own
        assert shown.returncode == 0 and "..." not in listed and "…" not in listed
    assert "Exit codes: 0" in _run(["--help"]).stdout and "Exit code 0" in " ".join(_run(["reconcile", "--help"]).stdout.split())


def test_out_dash_writes_one_format_to_stdout(samples, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code = main(["reconcile", str(samples[2]), "--out", "-", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code in (0, 1) and data["findings"] and not (tmp_path / "-").exists()
    assert main(["reconcile", str(samples[2]), "--out", "-"]) == 2  # four formats cannot share standard output
    assert "--out -" in capsys.readouterr().err and not (tmp_path / "-").exists()


@pytest.mark.parametrize("name", ["x.csv", "x.xls", "x"])
def test_extract_refuses_an_unknown_output_suffix(samples, tmp_path, capsys, name):
    assert main(["extract", str(samples[2]), "-o", str(tmp_path / name)]) == 2
    assert "write a .xlsx workbook or a .json file" in capsys.readouterr().err and not (tmp_path / name).exists()


def test_rules_explain_wraps_and_prints_figures_as_printed(samples):
    import os

    shown = _run(["rules", "explain", "change-is-current-minus-previous", str(samples[1])], env={**os.environ, "COLUMNS": "80"})
    assert shown.returncode == 0 and "…" not in shown.stdout
    import re

    assert "△" in shown.stdout
    # a row printed with △ shows its expected value with △ too, never as -641
    assert not [line for line in shown.stdout.splitlines() if "△" in line and re.search(r"(?<![\w△])-\d", line)]
