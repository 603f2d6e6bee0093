"""make bench: the sample reports reconciled against the floor (bench/reports.py), then recon reconciling
a ledger against a report, against a floor and a baseline, in one run.

`make bench BENCH_ARGS=--reports-only` runs the report runs alone and replaces only their section of
bench/results.md (a quick check after other branches land); `--ledgers-only` runs the ledgers alone
and keeps the report section as it was.

Ledgers of 10k, 100k and 1M rows (CSV and xlsx) and 10M rows (CSV; --big adds 30M) are generated from
sample 000's 세출예산 집행현황 and cached in bench/data. Each program runs as its own process, three times
(the median is shown; the baseline runs once from 1M rows).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "data"
REPORT = ROOT / "reports" / "000_34b154b19dabe5db.txt"
PY = sys.executable
RECON = str(Path(PY).parent / "recon")


@functools.cache
def execution_table():
    """Sample 000's 세출예산 집행현황, read once for every ledger and the baseline's figures."""
    from toolkit.reader import read_report

    return next(t for t in read_report(REPORT).tables if "세출예산 집행현황" in t.title)


def ledger(rows: int, suffix: str) -> Path:
    from toolkit import synth_ledger

    # the generator's own hash in the name: a changed generator never meets a stale cached ledger
    version = hashlib.sha1((ROOT / "toolkit" / "synth_ledger.py").read_bytes()).hexdigest()[:8]
    path = DATA / f"ledger_{rows}_{version}{suffix}"
    if not path.exists():
        print(f"  generating {path.name} ...", flush=True)
        synth_ledger.write(execution_table(), path, rows, inject=0, seed=1)
    return path


def printed_figures() -> Path:
    """Every row's figures under its path of labels (실국/부서/회계/세부사업), for the baseline."""
    from toolkit.synth_ledger import ancestors

    path = DATA / "printed.json"
    table = execution_table()
    figures = {"/".join([a.label for a in ancestors(table, r)] + [r.label]): [r.cell(i).value if r.cell(i) else None for i in (0, 1, 2, 4)] for r in table.rows}
    path.write_text(json.dumps(figures, ensure_ascii=False), encoding="utf-8")
    return path


def rules(path: Path) -> Path:
    file = DATA / f"rules_{path.stem}_{path.suffix[1:]}.yaml"
    file.write_text(
        "rules:\n  - id: bench-ledger\n    kind: ledger\n"
        f"    ledger: {path}\n    table: 세출예산 집행현황\n    key: [실국, 부서, 회계, 세부사업]\n"
        "    amounts: {예산현액: current, 원인행위액: 집행액.원인행위액, 지출액: 집행액.지출액}\n"
        "    rates: {집행률(%).지출액: [지출액, 예산현액]}\n", encoding="utf-8")
    return file


def _once(command: list[str]) -> dict:
    return json.loads(subprocess.run([PY, str(ROOT / "bench" / "measure.py"), *command], capture_output=True, text=True, check=True).stdout)


def _median(runs: list[dict]) -> dict:
    return {name: statistics.median(run[name] for run in runs) for name in ("seconds", "cpu", "peak_mib")}


def measure(command: list[str], repeats: int = 3) -> dict:
    """The median of `repeats` runs: one cold start (files not yet in the page cache) says little."""
    return _median([_once(command) for _ in range(repeats)])


def interleaved(commands: list[list[str]], repeats: int = 3) -> list[dict]:
    """Each command's median of `repeats` runs taken in turns (a, b, a, b, …): on a shared machine the
    load moves by the minute, and a ratio of two figures means something only from the same minutes."""
    runs: list[list[dict]] = [[] for _ in commands]
    for _ in range(repeats):
        for command, out in zip(commands, runs):
            out.append(_once(command))
    return [_median(out) for out in runs]


REPORTS_START, REPORTS_END = "<!-- report runs -->", "<!-- /report runs -->"


def report_section() -> list[str]:
    sys.path.insert(0, str(ROOT / "bench"))
    import reports

    return [REPORTS_START, *reports.run(), REPORTS_END]


def kept_report_section(results_md: Path) -> list[str]:
    """The report runs' section as bench/results.md has it (--ledgers-only leaves it as it was)."""
    old = results_md.read_text(encoding="utf-8") if results_md.exists() else ""
    if REPORTS_START not in old:
        return []
    return [REPORTS_START, *old.split(REPORTS_START, 1)[1].split(REPORTS_END, 1)[0].strip("\n").splitlines(), REPORTS_END]


def main() -> None:
    results_md = ROOT / "bench" / "results.md"
    section = kept_report_section(results_md) if "--ledgers-only" in sys.argv else report_section()
    if "--reports-only" in sys.argv:
        old = results_md.read_text(encoding="utf-8") if results_md.exists() else ""
        if REPORTS_START in old:
            head, rest = old.split(REPORTS_START, 1)
            text = head + "\n".join(section) + rest.split(REPORTS_END, 1)[1]
        else:
            text = old.rstrip() + "\n\n" + "\n".join(section) + "\n"
        results_md.write_text(text, encoding="utf-8")
        return
    DATA.mkdir(parents=True, exist_ok=True)
    sizes = [10_000, 100_000, 1_000_000]
    # how far one machine goes is a CSV question: an xlsx sheet stops at 1,048,576 rows (--big adds 30M)
    cases = [(n, s) for n in sizes for s in (".csv", ".xlsx")] + [(10_000_000, ".csv")]
    cases += [(30_000_000, ".csv")] if "--big" in sys.argv else []
    printed = printed_figures()
    sys.path.insert(0, str(ROOT / "bench"))
    import reports

    lines = [f"# recon benchmark ({os.cpu_count()} cores)", "", *section, "", "## Ledgers", "", f"Machine: {reports.machine()}.", "",
             "| ledger | rows | floor s | recon s | baseline s | recon/floor | baseline/recon | floor MiB | recon MiB | baseline MiB | recon MiB/floor |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    results = {}
    for rows, suffix in cases:
        path = ledger(rows, suffix)
        # the 1M rows are the target's: five turns there
        floor, recon = interleaved([[PY, str(ROOT / "bench" / "floor.py"), str(path)],
                                    [RECON, "reconcile", str(REPORT), "--rules", str(rules(path)), "--only-rules", "--format", "json",
                                     "--quiet", "--out", str(DATA / "out")]], 5 if rows == 1_000_000 else 3)
        # the baseline takes minutes at 1M xlsx rows: timed once there
        base = measure([PY, str(ROOT / "bench" / "baseline.py"), str(path), str(printed)], 3 if rows <= 100_000 else 1) if rows <= 1_000_000 else None
        results[rows, suffix] = (floor, recon, base)
        row = (f"| {suffix[1:]} | {rows:,} | {floor['seconds']:.2f} | {recon['seconds']:.2f} | "
               + (f"{base['seconds']:.2f}" if base else "—") + f" | {recon['seconds'] / floor['seconds']:.2f} | "
               + (f"{base['seconds'] / recon['seconds']:.1f}" if base else "—")
               + f" | {floor['peak_mib']:.0f} | {recon['peak_mib']:.0f} | " + (f"{base['peak_mib']:.0f}" if base else "—")
               + f" | {recon['peak_mib'] / floor['peak_mib']:.2f} |")
        print(row, flush=True)
        lines.append(row)
    lines += ["", *growth(results), "", *targets(results)]
    results_md.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


def _size(rows: int) -> str:
    return f"{rows // 1_000_000}M" if rows >= 1_000_000 else f"{rows // 1000}k"


def growth(results: dict) -> list[str]:
    """Seconds per million rows between consecutive sizes: linear growth means the steps agree.
    A step adding less than 0.2 s says more about noise than about rows, and is marked so."""
    out = ["Growth (seconds per million rows between sizes):", ""]
    for suffix in (".csv", ".xlsx"):
        sizes = sorted(n for n, s in results if s == suffix)
        for name, index in (("floor", 0), ("recon", 1)):
            steps = []
            for a, b in zip(sizes, sizes[1:]):
                added = results[b, suffix][index]["seconds"] - results[a, suffix][index]["seconds"]
                steps.append(f"{_size(a)}→{_size(b)} {added / ((b - a) / 1e6):.2f}" + (" (within noise)" if abs(added) < 0.2 else ""))
            out.append(f"- {suffix[1:]} {name}: " + ", ".join(steps))
    sizes = sorted(n for n, s in results if s == ".csv")
    start = [results[sizes[0], ".csv"][i]["seconds"] for i in (0, 1)]
    slope = [(results[sizes[-1], ".csv"][i]["seconds"] - results[100_000, ".csv"][i]["seconds"]) / ((sizes[-1] - 100_000) / 1e6) for i in (0, 1)]
    out += ["", f"Start-up (the {sizes[0]:,}-row CSV run): floor {start[0]:.2f} s, recon {start[1]:.2f} s — recon reads and checks the report."]
    if slope[0] > slope[1]:
        out.append(f"Per row (100k to {_size(sizes[-1])}) recon is the faster, {slope[1]:.2f} vs {slope[0]:.2f} s/M: "
                   f"it catches up with the floor at about {(start[1] - start[0]) / (slope[0] - slope[1]):.1f}M rows.")
    return out


def targets(results: dict) -> list[str]:
    out = ["Targets at 1M rows (recon ≤ 1.3 × floor, ≥ 8 × faster than the baseline, memory ≤ 1.5 × floor):", ""]
    for suffix in (".csv", ".xlsx"):
        floor, recon, base = results[1_000_000, suffix]
        checks = [recon["seconds"] <= 1.3 * floor["seconds"], base["seconds"] >= 8 * recon["seconds"],
                  recon["peak_mib"] <= 1.5 * floor["peak_mib"]]
        marks = " · ".join(f"{name} {'holds' if ok else 'MISSED'}" for name, ok in zip(("time vs floor", "vs baseline", "memory"), checks))
        # CPU (user + system) is what the other programs on the machine do not inflate
        out.append(f"- {suffix[1:]}: {marks} (wall {recon['seconds'] / floor['seconds']:.2f} ×, "
                   f"CPU {recon['cpu']:.2f} s against {floor['cpu']:.2f} s, {recon['cpu'] / floor['cpu']:.2f} ×)")
    out += ["", "Load average when the ledgers were done: " + " / ".join(f"{x:.1f}" for x in os.getloadavg()) + "."]
    return out


if __name__ == "__main__":
    main()
