"""Stage times of one run, for `make bench`: set RECON_TIMINGS=FILE and each stage's wall and CPU
seconds are appended to FILE as JSON lines ({"stage", "seconds", "cpu"}). Off, a stage costs one
dictionary lookup; nothing here changes what a run does."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

ENV = "RECON_TIMINGS"


def timed() -> bool:
    return bool(os.environ.get(ENV))


@contextmanager
def stage(name: str) -> Iterator[None]:
    target = os.environ.get(ENV)
    if not target:
        yield
        return
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        yield
    finally:
        record = {"stage": name, "seconds": time.perf_counter() - wall, "cpu": time.process_time() - cpu}
        with open(target, "a", encoding="utf-8") as out:
            out.write(json.dumps(record) + "\n")
