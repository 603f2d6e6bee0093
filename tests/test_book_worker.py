"""The workbooks built by the run's helper process (writers/book_worker.py) are the workbooks the run
builds itself; a helper that is missing, dies or is turned off changes nothing but who builds them;
no helper outlives its command."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

import toolkit.writers as writers
from toolkit.cli import main
from toolkit.writers import book_worker

REPORT = "세출 총괄 (단위 : 천원)\n구 분 예산현액 최종예산\n계 300 250\n일반회계 100 50\n특별회계 210 200\n"


@pytest.fixture
def report(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name != "docProps/core.xml"}  # the time of writing


def _run(report: Path, out: Path) -> tuple[int, dict[str, dict[str, bytes]]]:
    code = main(["reconcile", str(report), "--out", str(out), "--quiet"])
    assert book_worker.current() is None  # stopped with its command
    return code, {name: _parts(out / name) for name in ("r.xlsx", "r.checked.xlsx")}


def _serial_path_fails(monkeypatch) -> None:
    def refused(*args, **kwargs):
        raise AssertionError("the run built the workbooks itself")

    monkeypatch.setattr(writers, "_write_xlsx", refused)


def _two_cores(monkeypatch) -> None:
    if hasattr(os, "sched_getaffinity"):
        monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    monkeypatch.setattr(os, "cpu_count", lambda: 2)


def test_the_helper_builds_the_workbooks_the_run_builds(report, tmp_path, monkeypatch):
    monkeypatch.setenv(book_worker.ENV, "0")
    code, serial = _run(report, tmp_path / "serial")
    monkeypatch.delenv(book_worker.ENV)
    _two_cores(monkeypatch)
    _serial_path_fails(monkeypatch)
    assert _run(report, tmp_path / "helper") == (code, serial)


def test_a_helper_that_dies_leaves_the_run_to_build_them(report, tmp_path, monkeypatch):
    code, expected = _run(report, tmp_path / "first")
    _two_cores(monkeypatch)
    started = book_worker.start

    def dying(source):
        helper = started(source)
        helper.process.kill()
        helper.process.wait()
        return helper

    monkeypatch.setattr(book_worker, "start", dying)
    assert _run(report, tmp_path / "second") == (code, expected)


def test_one_core_or_a_workbook_source_starts_no_helper(report, tmp_path, monkeypatch):
    if hasattr(os, "sched_getaffinity"):
        monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert book_worker.start(str(report)) is None
    _two_cores(monkeypatch)
    assert book_worker.start(str(tmp_path / "kept.xlsx")) is None


def test_bad_input_stops_the_helper(tmp_path, monkeypatch):
    _two_cores(monkeypatch)
    helpers = []
    started = book_worker.start
    monkeypatch.setattr(book_worker, "start", lambda source: helpers.append(started(source)))
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01" * 10)
    assert main(["reconcile", str(bad), "--out", str(tmp_path / "o"), "--quiet"]) == 2
    assert book_worker.current() is None and not (tmp_path / "o").exists()
    assert len(helpers) == 1 and helpers[0].process.poll() is not None  # ended and reaped
