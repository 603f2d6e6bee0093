"""Ledgers against the report: every injected discrepancy found, nothing else flagged as ERROR."""

import json

import polars as pl
import pytest

from toolkit.cli import main

RULES = """rules:
  - id: execution-against-ledger
    kind: ledger
    ledger: {ledger}
    table: 세출예산 집행현황
    key: [실국, 부서, 회계, 세부사업]
    amounts: {{예산현액: current, 원인행위액: 집행액.원인행위액, 지출액: 집행액.지출액}}
    rates: {{집행률(%).지출액: [지출액, 예산현액]}}
"""


def _run(tmp_path, samples, suffix, inject, seed, encoding=None, only_rules=True):
    tmp_path.mkdir(exist_ok=True)
    ledger = tmp_path / f"ledger{suffix}"
    assert main(["synth-ledger", str(samples[0]), "--table", "세출예산 집행현황", "--rows", "3000", "--inject", str(inject),
                 "--seed", str(seed), "-o", str(ledger)]) == 0
    if encoding:
        ledger.write_bytes(ledger.read_text(encoding="utf-8").encode(encoding))
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES.format(ledger=ledger), encoding="utf-8")
    main(["reconcile", str(samples[0]), "--rules", str(rules), *(["--only-rules"] if only_rules else []), "--out", str(tmp_path / "out"), "--format", "json", "--quiet"])
    findings = json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))["findings"]
    manifest = json.loads(ledger.with_suffix(".manifest.json").read_text(encoding="utf-8"))
    return findings, manifest


@pytest.mark.parametrize("suffix,seed,encoding", [(".csv", 3, None), (".csv", 4, "cp949"), (".xlsx", 5, None), (".parquet", 6, None)])
def test_every_injected_discrepancy_and_nothing_else(tmp_path, samples, suffix, seed, encoding):
    clean, _ = _run(tmp_path / "clean", samples, suffix, 0, seed, encoding)
    findings, manifest = _run(tmp_path, samples, suffix, 4, seed, encoding)

    def errors(found):
        return {(f["lines"][0], f["column"], f["kind"]) for f in found if f["class"] == "ERROR"}

    new = errors(findings) - errors(clean)  # the same ledger before the injection: the report's own slips drop out
    injected = {(m["line"], m["column"], "cross_table") for m in manifest}
    assert injected <= new  # every injected item, 기본경비 under its own department included
    # both sides named: the report's cell, and the ledger file with the group's key path
    sources = {(f["lines"][0], f["column"]): f["refs"] for f in findings if f["kind"] == "cross_table"}
    assert all(f"ledger{suffix}: {' / '.join(m['path'])}" in sources[m["line"], m["column"]] for m in manifest)
    # anything else is the same column in a row adding the item up (회계, 부서, 실국), or a rate on that path
    above = {(line, m["column"], "cross_table") for m in manifest for line in m["rows_above"]}
    rates = {line for m in manifest for line in [m["line"], *m["rows_above"]]}
    assert all(e in above or e[2] == "execution_rate" and e[0] in rates for e in new - injected), new - injected


def test_ledger_of_the_printed_items_flags_only_totals_the_report_itself_gets_wrong(tmp_path, samples):
    """A ledger made from the printed items: no item is an ERROR, and a total the ledger
    contradicts is in a sum the report's own rule finds wrong."""
    from toolkit.reader import read_report
    from toolkit.synth_ledger import leaf_rows

    findings, manifest = _run(tmp_path, samples, ".csv", 0, 9, only_rules=False)
    table = next(t for t in read_report(samples[0]).tables if "세출예산 집행현황" in t.title)
    items = {r.line for r in leaf_rows(table)}
    ledger_errors = [f for f in findings if f["class"] == "ERROR" and f["rule"] == "execution-against-ledger"]
    in_wrong_sums = {ref for f in findings if f["class"] == "ERROR" and f["kind"] == "sum" for ref in f["refs"]}
    assert manifest == [] and not [f for f in ledger_errors if f["lines"][0] in items]
    assert {f["cell"] for f in ledger_errors} <= in_wrong_sums


def test_group_sums_round_to_the_printed_figures(tmp_path, samples):
    from toolkit.reader import read_report
    from toolkit.synth_ledger import leaf_rows, synthesize

    table = next(t for t in read_report(samples[0]).tables if "세출예산 집행현황" in t.title)
    frame, _ = synthesize(table, 5000, seed=11)
    sums = frame.group_by("세부사업").agg(pl.col("예산현액").sum())
    leaves = leaf_rows(table)
    labels = [r.label for r in leaves]
    printed = {r.label: r.cell(0).value for r in leaves}
    for label, total in sums.iter_rows():
        if labels.count(label) == 1:
            assert int(total / 1000 + 0.5) == printed[label]


def test_report_against_a_corrected_workbook(tmp_path, samples):
    from openpyxl import load_workbook

    book = tmp_path / "kept.xlsx"
    main(["extract", str(samples[2]), "-o", str(book)])
    workbook = load_workbook(book)
    workbook["T03"]["B2"] = 14236550  # the officer corrected the total
    workbook["T03"].delete_rows(22)  # and dropped a row
    workbook.save(book)
    assert main(["reconcile", str(samples[2]), "--only-rules", "--against", str(book), "--out", str(tmp_path / "o"), "--format", "json", "--quiet"]) == 1
    findings = json.loads((tmp_path / "o" / "findings.json").read_text(encoding="utf-8"))["findings"]
    changed = [f for f in findings if f["kind"] == "cross_table"]
    assert [(f["cell"], f["printed"], f["expected"]) for f in changed] == [("T03!B2", "14,236,560", "14,236,550")]
    assert "kept.xlsx:T03!B2" in changed[0]["refs"] and changed[0]["lines"] == [59]
    assert any(f["kind"] == "other" and "kept.xlsx" in f["message"] for f in findings)


@pytest.mark.parametrize("encoding", ["utf-8", "cp949"])
def test_encoding_when_the_first_64_kib_cut_a_character(tmp_path, encoding):
    """Regression: a CP949 ledger whose 65,536th byte is half a Hangul syllable was refused."""
    from toolkit.ledger import _encoding

    line = "부서,세부사업,예산현액\n".encode(encoding)
    body = "가".encode(encoding)
    head = b"a" * (65536 - len(line) - 1)  # the syllable starts on the window's last byte
    path = tmp_path / "ledger.csv"
    path.write_bytes(line + head + body + b",1\n")
    assert _encoding(path) == encoding


def test_encoding_sniff_reads_only_the_head(tmp_path, monkeypatch):
    """Regression: the sniff read the whole ledger to look at 64 KiB (1.3 GB for 10M rows)."""
    from pathlib import Path

    from toolkit.ledger import _encoding

    path = tmp_path / "ledger.csv"
    path.write_text("세부사업,예산현액\n" + "가사업,1\n" * 20000, encoding="utf-8")
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read the whole file"))
    assert _encoding(path) == "utf-8"


def test_a_run_reads_its_ledger_once_and_the_next_run_reads_it_again(tmp_path, samples, monkeypatch):
    """Regression: the re-check of suggested corrections ran the ledger rule again and read the whole
    ledger a second time (0.4 s of a 1M-row run). A run reads it once; a later run sees the file as it is then."""
    from toolkit import ledger

    reads = []
    read = ledger._read
    monkeypatch.setattr(ledger, "_read", lambda *args: reads.append(args) or read(*args))
    summed = []
    total = ledger.summed
    monkeypatch.setattr(ledger, "summed", lambda *args: summed.append(args) or total(*args))
    findings, manifest = _run(tmp_path, samples, ".csv", 4, 3)
    assert manifest and len(summed) >= 2  # the rule ran again in the re-check of a suggestion it claims
    assert len(reads) == 1
    # the same path rewritten clean: the next run reads it again, and its injected ERRORs are gone
    clean, _ = _run(tmp_path, samples, ".csv", 0, 3)
    assert len(reads) == 2
    line = {(m["line"], m["column"]) for m in manifest}
    assert {(f["lines"][0], f["column"]) for f in clean if f["class"] == "ERROR"}.isdisjoint(line)


@pytest.mark.parametrize("late", ['"1,234"', "1234.0", '"△1,234"'])
def test_an_amount_written_otherwise_past_line_10000_is_read(tmp_path, late):
    """Regression: the column's type comes from its first 10,000 lines; an amount written otherwise after
    them ("1,234" among plain integers) stopped the read. It is read as the first lines are, keys as written."""
    from toolkit.ledger import _read

    path = tmp_path / "ledger.csv"
    path.write_text("부서,세부사업,예산현액\n" + "01,가사업,1000\n" * 10001 + f"01,가사업,{late}\n", encoding="utf-8")
    sums = _read(path, ["부서", "세부사업"], ["예산현액"])
    sign = -1 if "△" in late else 1
    assert sums.select("부서", "세부사업", "예산현액", "ledger_rows").rows() == [("01", "가사업", 10001 * 1000 + sign * 1234, 10002)]


def test_the_ledger_read_starts_before_the_rule_models_and_the_engine_are_imported(tmp_path, samples):
    """polars reads the ledger on the other core while the rules are validated, the engine imported and
    the report read: a run that imported the engine first (0.2-0.3 s), or pydantic and the rule models
    (0.08 s), started the read that much later. The validated rules' prefetch asks for the same read,
    which is not read again. The order is checked, not a time."""
    import subprocess
    import sys

    ledger = tmp_path / "ledger.csv"
    assert main(["synth-ledger", str(samples[0]), "--table", "세출예산 집행현황", "--rows", "300", "--seed", "1", "-o", str(ledger)]) == 0
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES.format(ledger=ledger), encoding="utf-8")
    script = (
        "import sys\nimport toolkit.ledger as ledger\nseen, reads = [], []\nstart, read = ledger.start, ledger._read\n"
        "ledger.start = lambda *args: (seen.append(('toolkit.engine' in sys.modules, 'pydantic' in sys.modules)), start(*args))\n"
        "ledger._read = lambda *args: (reads.append(args), read(*args))[1]\n"
        "from toolkit.cli import main\n"
        f"main(['reconcile', {str(samples[0])!r}, '--rules', {str(rules)!r}, '--only-rules', '--format', 'json', '--quiet', '--out', {str(tmp_path / 'out')!r}])\n"
        "print(seen[0], len(reads))\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "(False, False) 1"


# a first look at rule files' YAML (rules/ledger_reads.start_early): the reads it starts, as (ledger, key, columns)
EARLY = {
    "the rule as written": ("rules:\n  - {id: a, kind: ledger, ledger: /l.csv, key: [부서, 세부사업], amounts: {예산현액: current},"
                            " rates: {집행률: [지출액, 예산현액]}}\n", [("/l.csv", ["부서", "세부사업"], ["예산현액", "지출액"])]),
    "one key written alone": ("rules:\n  - {id: a, kind: ledger, ledger: /l.csv, key: 세부사업, amounts: {예산현액: current}}\n",
                              [("/l.csv", ["세부사업"], ["예산현액"])]),
    "a misspelt field": ("rules:\n  - {id: a, kind: ledger, ledgr: /l.csv, key: 세부사업, amounts: {예산현액: current}}\n", []),
    "amounts that are no mapping": ("rules:\n  - {id: a, kind: ledger, ledger: /l.csv, key: 세부사업, amounts: [예산현액]}\n", []),
    "a key that is a number": ("rules:\n  - {id: a, kind: ledger, ledger: /l.csv, key: [101], amounts: {예산현액: current}}\n", []),
    "replaced by a later rule of its id": ("rules:\n  - {id: a, kind: ledger, ledger: /l.csv, key: 세부사업, amounts: {예산현액: current}}\n"
                                           "  - {id: a, kind: sum}\n", []),
    "malformed YAML": ("rules:\n  - {id: a, kind: ledger, ledger: /l.csv, key: [세부사업, amounts: {예산현액: current}}\n", []),
    "other kinds only": ("rules:\n  - {id: a, kind: sum}\n", []),
}


@pytest.mark.parametrize("case", list(EARLY))
def test_the_first_look_starts_the_reads_the_validated_rules_will_ask_for(case, tmp_path, monkeypatch):
    """The first look reads a ledger rule's fields as the model will (one key is a list of one), and starts
    nothing for a rule the model will refuse or a later rule replaces; it never raises (the loader does)."""
    from toolkit import ledger
    from toolkit.rules.ledger_reads import start_early

    started = []
    monkeypatch.setattr(ledger, "start", lambda path, key, columns: started.append((str(path), key, columns)))
    text, expected = EARLY[case]
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    start_early([path])
    assert started == expected


def test_a_later_file_replaces_an_earlier_files_ledger_rule_in_the_first_look(tmp_path, monkeypatch):
    from toolkit import ledger
    from toolkit.rules.ledger_reads import start_early

    started = []
    monkeypatch.setattr(ledger, "start", lambda path, key, columns: started.append(str(path)))
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text("rules:\n  - {id: a, kind: ledger, ledger: /one.csv, key: 세부사업, amounts: {예산현액: current}}\n", encoding="utf-8")
    second.write_text("rules:\n  - {id: a, kind: ledger, ledger: /two.csv, key: 세부사업, amounts: {예산현액: current}}\n", encoding="utf-8")
    start_early([first, second])
    assert started == ["/two.csv"]


def test_a_rule_file_error_after_a_ledger_rule_stops_the_run_though_its_read_started(tmp_path, samples, capsys):
    """The read the first look started is no reason to go on: the loader names the error, exit 2, nothing written;
    and the run forgets the read (a next run in the same process reads the ledger as it is then)."""
    from toolkit import ledger as ledger_file

    ledger = tmp_path / "ledger.csv"
    assert main(["synth-ledger", str(samples[0]), "--table", "세출예산 집행현황", "--rows", "300", "--seed", "1", "-o", str(ledger)]) == 0
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES.format(ledger=ledger) + "  - id: second\n    kind: summ\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["reconcile", str(samples[0]), "--rules", str(rules), "--only-rules", "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert f"{rules}:10" in err and "unknown rule kind 'summ'" in err
    assert not (tmp_path / "out").exists()
    assert not ledger_file._started
