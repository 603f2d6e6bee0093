"""Several reports at once: a process per core gives what one report at a time gives, in order."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from toolkit.cli import main
from toolkit.errors import ReconError
from toolkit.pool import map_reports


def _square(x: int) -> int:
    if x < 0:
        raise ReconError("negative", path=f"item{x}.txt", line=1)
    return x * x


def test_map_reports_keeps_the_order_of_its_items_and_calls_done_for_each():
    seen = []
    assert map_reports(_square, [3, 1, 2], done=seen.append) == [9, 1, 4]
    assert sorted(seen) == [1, 2, 3]


def test_a_workers_bad_input_is_raised_as_it_was_raised():
    with pytest.raises(ReconError, match=r"item-1.txt:1: negative"):
        map_reports(_square, [2, -1, 3])


def _findings(folder):
    return json.loads((folder / "findings.json").read_text(encoding="utf-8"))


def test_reports_checked_together_give_what_each_gives_alone(samples, tmp_path):
    reports = [samples[2], tmp_path / "copy.txt"]
    shutil.copy(samples[2], reports[1])
    together, alone = tmp_path / "together", tmp_path / "alone"
    assert main(["reconcile", *map(str, reports), "--out", str(together), "--format", "json", "--quiet"]) == 1
    for report in reports:
        main(["reconcile", str(report), "--out", str(alone / report.stem), "--format", "json", "--quiet"])
        assert _findings(together / report.stem) == _findings(alone / report.stem)


def test_bad_input_in_any_report_stops_all_before_anything_is_written(samples, tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    out = tmp_path / "out"
    assert main(["reconcile", str(samples[2]), str(empty), "--out", str(out), "--quiet"]) == 2
    assert "empty.txt" in capsys.readouterr().err
    assert not out.exists()


def test_causes_come_in_the_same_order_whatever_the_hash_seed(samples, tmp_path):
    """Components were grouped by iterating a set of cell names, whose order changes with each
    process's hash seed: two runs of one report listed its causes in different orders."""
    runs = []
    for seed in ("0", "1"):  # two seeds that gave different orders before the fix
        out = tmp_path / seed
        subprocess.run([sys.executable, "-m", "toolkit.cli", "reconcile", str(samples[2]), "--out", str(out), "--format", "json",
                        "--quiet"], env={**os.environ, "PYTHONHASHSEED": seed}, check=False)
        runs.append([cause["cell"] for cause in _findings(out)["causes"]])
    assert runs[0] == runs[1] and len(runs[0]) > 1


def test_without_processes_the_reports_are_checked_in_this_process(monkeypatch):
    import concurrent.futures

    def no_semaphores(*args, **kwargs):
        raise OSError("sem_open: function not implemented")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_semaphores)
    assert map_reports(_square, [2, 3]) == [4, 9]
