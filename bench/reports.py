"""make bench, the report runs: every sample report reconciled with all four outputs, as a whole
process, against the floor (the interpreter starting and importing polars), three times each
(the median is shown); stage times from one more run with RECON_TIMINGS; then all samples in one
`recon reconcile reports/*.txt` (a process per core)."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
RECON = str(Path(PY).parent / "recon")
REPORTS = sorted((ROOT / "reports").glob("*.txt"))
STAGES = ("read", "evaluate", "blame", "recheck", "write json", "write md", "write html", "write xlsx")
LIMIT_SECONDS, LIMIT_RATIO = 1.5, 3.0


def _once(command: list[str], env: dict | None = None) -> dict:
    return json.loads(subprocess.run([PY, str(ROOT / "bench" / "measure.py"), *command], capture_output=True, text=True,
                                     check=True, env=env).stdout)


def _medians(runs: list[dict]) -> dict:
    return {name: statistics.median(run[name] for run in runs) for name in ("seconds", "cpu", "peak_mib")}


def measure(command: list[str], repeats: int = 3, env: dict | None = None) -> dict:
    return _medians([_once(command, env) for _ in range(repeats)])


def interleaved(commands: dict[str, list[str]], repeats: int = 5) -> dict[str, dict]:
    """Each command once per round, round after round: the floor and recon see the same minutes of a
    shared machine, whose speed drifts (the floor alone moved 0.27-0.37 s within one bench run)."""
    runs: dict[str, list[dict]] = {name: [] for name in commands}
    for _ in range(repeats):
        for name, command in commands.items():
            runs[name].append(_once(command))
    return {name: _medians(found) for name, found in runs.items()}



def stage_times(report: Path, out: Path) -> dict[str, dict[str, float]]:
    """One instrumented run: each stage's wall and CPU seconds, and the whole process's ("whole")."""
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "stages.jsonl"
        whole = measure([RECON, "reconcile", str(report), "--out", str(out)], 1, env={**os.environ, "RECON_TIMINGS": str(log)})
        times: dict[str, dict[str, float]] = {}
        for line in log.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            entry = times.setdefault(record["stage"], {"seconds": 0.0, "cpu": 0.0})
            entry["seconds"] += record["seconds"]
            entry["cpu"] += record["cpu"]
    for inner in ("blame", "recheck"):  # evaluate includes blame and the re-check of its suggestions: shown apart
        if inner in times and "evaluate" in times:
            for key in ("seconds", "cpu"):
                times["evaluate"][key] -= times[inner][key]
    times["rest"] = {key: whole[key] - sum(t[key] for t in times.values()) for key in ("seconds", "cpu")}
    times["whole"] = whole
    return times


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
                 platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{model}, {cores} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}; load average at start {load}"


def run() -> list[str]:
    # an installed recon runs from bytecode (pip compiles it; a plain run writes it on first use); where
    # PYTHONDONTWRITEBYTECODE is set, every run would compile toolkit's ~70 modules again (~0.07 s CPU),
    # a cost of the environment, not of recon. Bytecode is checked against the source's mtime: never stale.
    import compileall

    compileall.compile_dir(str(ROOT / "toolkit"), quiet=1)
    out = Path(tempfile.mkdtemp(prefix="recon-bench-"))
    lines = ["## Report runs", "", f"Machine: {machine()}.", "",
             f"Each sample reconciled with all four outputs (`recon reconcile REPORT --out DIR`), whole process, median of 5, each run beside a run of the floor (interleaved); "
             f"the floor is `python -c 'import polars'`. Targets: ≤ {LIMIT_SECONDS} s and ≤ {LIMIT_RATIO:.0f} × the floor. "
             "CPU is user + system seconds: what a busy machine does not inflate.", "",
             "| report | recon s | recon CPU s | floor s | floor CPU s | recon/floor | recon/floor CPU | recon MiB | floor MiB | target |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    singles = {}
    for report in REPORTS:
        pair = interleaved({"floor": [PY, "-c", "import polars"], "recon": [RECON, "reconcile", str(report), "--out", str(out / report.stem)]})
        base, recon = pair["floor"], pair["recon"]
        singles[report] = recon
        ratio = recon["seconds"] / base["seconds"]
        ok = recon["seconds"] <= LIMIT_SECONDS and ratio <= LIMIT_RATIO
        row = (f"| {report.stem[:3]} | {recon['seconds']:.2f} | {recon['cpu']:.2f} | {base['seconds']:.2f} | {base['cpu']:.2f} | "
               f"{ratio:.2f} | {recon['cpu'] / base['cpu']:.2f} | {recon['peak_mib']:.0f} | {base['peak_mib']:.0f} | {'holds' if ok else 'MISSED'} |")
        print(row, flush=True)
        lines.append(row)
    lines += ["", "Stage times from one more run with `RECON_TIMINGS=FILE`, wall s (CPU s); evaluate without blame and recheck; blame and recheck overlap (the re-check runs while the solver lists alternatives), and their CPU counts every thread of the process; "
              "rest is start-up, imports, rule loading and the terminal summary; whole is that run's process:", "",
              "| report | " + " | ".join(STAGES) + " | rest | whole |", "|---|" + "---:|" * (len(STAGES) + 2)]
    for report in REPORTS:
        times = stage_times(report, out / "timed" / report.stem)
        cells = [f"{times[s]['seconds']:.2f} ({times[s]['cpu']:.2f})" if s in times else "—" for s in (*STAGES, "rest", "whole")]
        lines.append(f"| {report.stem[:3]} | " + " | ".join(cells) + " |")
        print(lines[-1], flush=True)
    together = measure([RECON, "reconcile", *map(str, REPORTS), "--out", str(out / "all"), "--quiet"])
    alone = sum(r["seconds"] for r in singles.values())
    lines += ["", f"All {len(REPORTS)} samples in one `recon reconcile reports/*.txt` (a process per core): "
              f"{together['seconds']:.2f} s ({together['peak_mib']:.0f} MiB peak in one process; the workers' CPU is not "
              f"counted: they are the forkserver's children), "
              f"against {alone:.2f} s one after another."]
    print(lines[-1], flush=True)
    return lines


if __name__ == "__main__":
    print("\n".join(run()))
