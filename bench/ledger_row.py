"""One ledger row of `make bench`, measured the way a shared machine needs: the floor, this recon and
another recon (main's, say) run interleaved, each N times, the median wall and CPU seconds and peak
memory per program, with the load average before and after.

    python bench/ledger_row.py [--rows 1000000] [--suffix .csv] [--repeats 5] [--other NAME=PATH/TO/recon ...]

The ledger and its rule file are made as `make bench` makes them (bench/run.py).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402 - bench/run.py, beside this file


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--suffix", default=".csv")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--other", action="append", help="NAME=PATH of another recon to compare with (repeatable; "
                        "default main=/work/main/.venv/bin/recon)")
    args = parser.parse_args()
    run.DATA.mkdir(parents=True, exist_ok=True)
    path = run.ledger(args.rows, args.suffix)
    rules = run.rules(path)
    tail = ["reconcile", str(run.REPORT), "--rules", str(rules), "--only-rules", "--format", "json", "--quiet"]
    programs = {"floor": [run.PY, str(run.ROOT / "bench" / "floor.py"), str(path)],
                "recon": [run.RECON, *tail, "--out", str(run.DATA / "out")]}
    for other in args.other or ["main=/work/main/.venv/bin/recon"]:
        name, _, program = other.partition("=")
        if Path(program).exists():
            programs[name] = [program, *tail, "--out", str(run.DATA / f"out_{name}")]
    load_before = os.getloadavg()
    runs: dict[str, list[dict]] = {name: [] for name in programs}
    for _ in range(args.repeats):
        for name, command in programs.items():
            runs[name].append(run._once(command))
    load_after = os.getloadavg()
    print(f"{args.rows:,} rows {args.suffix[1:]}, median of {args.repeats} interleaved; "
          f"load {load_before[0]:.1f} before, {load_after[0]:.1f} after")
    median = {name: {k: statistics.median(r[k] for r in rs) for k in ("seconds", "cpu", "peak_mib")} for name, rs in runs.items()}
    floor = median["floor"]
    for name, m in median.items():
        codes = sorted({r["code"] for r in runs[name]})
        walls = " ".join(f"{r['seconds']:.2f}" for r in runs[name])
        print(f"  {name:6} wall {m['seconds']:.2f} s ({m['seconds'] / floor['seconds']:.2f} × floor)  "
              f"cpu {m['cpu']:.2f} s ({m['cpu'] / floor['cpu']:.2f} ×)  peak {m['peak_mib']:.0f} MiB "
              f"({m['peak_mib'] / floor['peak_mib']:.2f} ×)  exit {codes}  walls {walls}")


if __name__ == "__main__":
    main()
