"""make bench: recon reconciling a ledger against a report, against a floor and a baseline, in one run.

Ledgers of 10k, 100k and 1M rows (CSV and xlsx; --big adds a 10M-row CSV) are generated from
sample 000's 세출예산 집행현황 and cached in bench/data. Each program runs as its own process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "data"
REPORT = ROOT / "reports" / "000_34b154b19dabe5db.txt"
PY = sys.executable
RECON = str(Path(PY).parent / "recon")


def ledger(rows: int, suffix: str) -> Path:
    from toolkit import synth_ledger
    from toolkit.reader import read_report

    path = DATA / f"ledger_{rows}{suffix}"
    if not path.exists():
        table = next(t for t in read_report(REPORT).tables if "세출예산 집행현황" in t.title)
        print(f"  generating {path.name} ...", flush=True)
        synth_ledger.write(table, path, rows, inject=0, seed=1)
    return path


def printed_figures() -> Path:
    from toolkit.reader import read_report
    from toolkit.synth_ledger import leaf_rows

    path = DATA / "printed.json"
    table = next(t for t in read_report(REPORT).tables if "세출예산 집행현황" in t.title)
    figures = {r.label: [r.cell(i).value for i in range(3)] for r in leaf_rows(table)}
    path.write_text(json.dumps(figures, ensure_ascii=False), encoding="utf-8")
    return path


def rules(path: Path) -> Path:
    file = DATA / f"rules_{path.stem}_{path.suffix[1:]}.yaml"
    file.write_text(
        "rules:\n  - id: bench-ledger\n    kind: ledger\n"
        f"    ledger: {path}\n    table: 세출예산 집행현황\n    key: 세부사업\n"
        "    amounts: {예산현액: current, 원인행위액: 집행액.원인행위액, 지출액: 집행액.지출액}\n"
        "    rates: {집행률(%).지출액: [지출액, 예산현액]}\n", encoding="utf-8")
    return file


def measure(command: list[str]) -> dict:
    out = subprocess.run([PY, str(ROOT / "bench" / "measure.py"), *command], capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def main() -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    sizes = [10_000, 100_000, 1_000_000]
    cases = [(n, s) for n in sizes for s in (".csv", ".xlsx")] + ([(10_000_000, ".csv")] if "--big" in sys.argv else [])
    printed = printed_figures()
    lines = [f"# recon benchmark ({os.cpu_count()} cores)", "",
             "| ledger | rows | floor s | recon s | baseline s | recon/floor | baseline/recon | floor MiB | recon MiB | baseline MiB | recon MiB/floor |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for rows, suffix in cases:
        path = ledger(rows, suffix)
        floor = measure([PY, str(ROOT / "bench" / "floor.py"), str(path)])
        recon = measure([RECON, "reconcile", str(REPORT), "--rules", str(rules(path)), "--only-rules", "--format", "json",
                         "--quiet", "--out", str(DATA / "out")])
        base = measure([PY, str(ROOT / "bench" / "baseline.py"), str(path), str(printed)]) if rows <= 1_000_000 else None
        row = (f"| {suffix[1:]} | {rows:,} | {floor['seconds']:.2f} | {recon['seconds']:.2f} | "
               + (f"{base['seconds']:.2f}" if base else "—") + f" | {recon['seconds'] / floor['seconds']:.2f} | "
               + (f"{base['seconds'] / recon['seconds']:.1f}" if base else "—")
               + f" | {floor['peak_mib']:.0f} | {recon['peak_mib']:.0f} | " + (f"{base['peak_mib']:.0f}" if base else "—")
               + f" | {recon['peak_mib'] / floor['peak_mib']:.2f} |")
        print(row, flush=True)
        lines.append(row)
    (ROOT / "bench" / "results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
