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
    key: 세부사업
    amounts: {{예산현액: current, 원인행위액: 집행액.원인행위액, 지출액: 집행액.지출액}}
    rates: {{집행률(%).지출액: [지출액, 예산현액]}}
"""


def _run(tmp_path, samples, suffix, inject, seed, encoding=None):
    ledger = tmp_path / f"ledger{suffix}"
    assert main(["synth-ledger", str(samples[0]), "--table", "세출예산 집행현황", "--rows", "3000", "--inject", str(inject),
                 "--seed", str(seed), "-o", str(ledger)]) == 0
    if encoding:
        ledger.write_bytes(ledger.read_text(encoding="utf-8").encode(encoding))
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES.format(ledger=ledger), encoding="utf-8")
    main(["reconcile", str(samples[0]), "--rules", str(rules), "--only-rules", "--out", str(tmp_path / "out"), "--format", "json", "--quiet"])
    findings = json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))["findings"]
    manifest = json.loads(ledger.with_suffix(".manifest.json").read_text(encoding="utf-8"))
    return findings, manifest


@pytest.mark.parametrize("suffix,seed,encoding", [(".csv", 3, None), (".csv", 4, "cp949"), (".xlsx", 5, None)])
def test_every_injected_discrepancy_and_nothing_else(tmp_path, samples, suffix, seed, encoding):
    findings, manifest = _run(tmp_path, samples, suffix, 4, seed, encoding)
    errors = [f for f in findings if f["class"] == "ERROR"]
    injected = {(m["group"], m["column"]) for m in manifest}
    amount_errors = {(f["row"], f["column"]) for f in errors if f["kind"] == "cross_table"}
    assert injected == amount_errors  # the duplicated-label groups (기본경비) are skipped, never wrongly flagged
    assert all((f["row"], f["column"]) in injected or f["kind"] == "execution_rate" and any(f["row"] == g for g, _ in injected) for f in errors)


def test_consistent_ledger_gives_no_error(tmp_path, samples):
    findings, manifest = _run(tmp_path, samples, ".csv", 0, 9)
    assert manifest == [] and not [f for f in findings if f["class"] == "ERROR"]


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
    workbook["T02"]["B2"] = 14236550  # the officer corrected the total
    workbook["T02"].delete_rows(22)  # and dropped a row
    workbook.save(book)
    assert main(["reconcile", str(samples[2]), "--only-rules", "--against", str(book), "--out", str(tmp_path / "o"), "--format", "json", "--quiet"]) == 1
    findings = json.loads((tmp_path / "o" / "findings.json").read_text(encoding="utf-8"))["findings"]
    changed = [f for f in findings if f["kind"] == "cross_table"]
    assert [(f["cell"], f["printed"], f["expected"]) for f in changed] == [("T02!B2", "14,236,560", "14,236,550")]
    assert "kept.xlsx:T02!B2" in changed[0]["refs"] and changed[0]["lines"] == [59]
    assert any(f["kind"] == "other" and "kept.xlsx" in f["message"] for f in findings)
