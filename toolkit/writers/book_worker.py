"""The two workbooks of a one-report run built on the second core, while this process evaluates and
writes the text outputs.

A run of one report starts a helper process (`python -m toolkit.writers.book_worker`: an interpreter
of its own, so no GIL is shared and nothing is forked from a process running polars' threads; the
same on Windows). It imports xlsxwriter and the workbook writer while the run starts up, is sent the
report once read (it builds `<stem>.xlsx` and renders the provenance sheets while the rules are
evaluated), then the findings and causes (it builds `<stem>.checked.xlsx` while json, md and html are
written), and sends both files back as bytes. The run writes them where write_workbook would have
(staged, moved into place with the other outputs), so what is written, when and how it fails is
unchanged: the helper writes no file. Anything wrong with it (no second core, no process allowed,
it died, an exception in it) and the run builds the workbooks itself, as before. RECON_BOOK_WORKER=0
turns it off.
"""

from __future__ import annotations

import io
import os
import pickle
import sys
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

ENV = "RECON_BOOK_WORKER"


class Marked(NamedTuple):
    """What the checked workbook shows of a result (annotated_xlsx.Marks reads these three)."""

    findings: Any
    causes: Any
    lang: str


class Worker:
    """The parent's end: offer the report, then its result; books() the two files' bytes or None."""

    def __init__(self, process: Any):  # a subprocess.Popen
        self.process = process
        self.report: Any = None
        self.marked: Marked | None = None
        self.sending: Any = None  # the thread writing the last message
        self.failed = False

    def _send(self, message: tuple) -> None:
        """Pickled here, written by a thread: a helper still importing never holds the run up."""
        import threading

        payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        before = self.sending

        def write() -> None:
            if before is not None:
                before.join()
            try:
                assert self.process.stdin is not None
                self.process.stdin.write(payload)
                self.process.stdin.flush()
            except (OSError, ValueError):  # the helper is gone: books() says so
                self.failed = True

        self.sending = threading.Thread(target=write, daemon=True)
        self.sending.start()

    def offer_report(self, report: Any) -> None:
        if self.report is None and not self.failed:
            self.report = report
            self._send(("report", report))

    def offer_result(self, result: Any) -> None:
        if self.report is not None and self.marked is None and not self.failed:
            self.marked = Marked(result.findings, result.causes, result.lang)
            self._send(("marks", self.marked))

    def books(self, report: Any, result: Any) -> tuple[bytes, bytes] | None:
        """The plain and checked workbooks of exactly this report and result, or None (build them here)."""
        if (self.failed or report is not self.report or self.marked is None
                or (self.marked.findings, self.marked.causes, self.marked.lang) != (result.findings, result.causes, result.lang)):
            return None
        try:
            if self.sending is not None:
                self.sending.join()
            assert self.process.stdout is not None
            answer = pickle.load(self.process.stdout)
        except Exception:  # died, or a half message
            answer = None
        finally:
            self.failed = True  # one pair of books per helper
        if isinstance(answer, tuple) and len(answer) == 3 and answer[0] == "books":
            return answer[1], answer[2]
        return None

    def stop(self) -> None:
        for stream in (self.process.stdin, self.process.stdout):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


_current: Worker | None = None


def start(source: str) -> Worker | None:
    """A helper for a run of the report `source`, or None (one core, turned off, a workbook source:
    its checked copy is made with openpyxl from the person's file, and it has no plain workbook)."""
    global _current
    if os.environ.get(ENV, "1") == "0" or Path(source).suffix.lower() in (".xlsx", ".xlsm"):
        return None
    import subprocess  # here: a run without a helper does not import it

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if cores < 2:
        return None
    try:
        process = subprocess.Popen([sys.executable, "-m", "toolkit.writers.book_worker"], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except (OSError, ValueError):
        return None
    _current = Worker(process)
    return _current


def current() -> Worker | None:
    return _current


def stop() -> None:
    global _current
    if _current is not None:
        _current.stop()
        _current = None


def _serve(stdin: BinaryIO, stdout: BinaryIO) -> None:
    """The helper's end: the report, then the marks; the two workbooks back."""
    from toolkit.workbook import _write_book, provenance_sheets
    from toolkit.writers.annotated_xlsx import Marks

    kind, report = pickle.load(stdin)
    if kind != "report":
        return
    sheets = provenance_sheets(report)
    plain = io.BytesIO()
    _write_book(report, plain, None, None, sheets)
    message = pickle.load(stdin)
    if message[0] != "marks":
        return
    checked = io.BytesIO()
    _write_book(report, checked, None, Marks(message[1]), sheets)
    pickle.dump(("books", plain.getvalue(), checked.getvalue()), stdout, protocol=pickle.HIGHEST_PROTOCOL)
    stdout.flush()


if __name__ == "__main__":
    try:
        _serve(sys.stdin.buffer, sys.stdout.buffer)
    except (EOFError, KeyboardInterrupt, BrokenPipeError):  # the run ended or went on without it
        pass
