"""Many reports at once: one task per report over a pool of processes, one per core.

The parent forks its workers from a forkserver that has imported the engine once (polars must not
be forked from a process whose thread pool has run), so a worker starts in milliseconds and a run
of N reports on C cores takes about N/C times one report. With one report, or one core, the work
runs in this process: no pool is started.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

# what every worker needs, imported once in the forkserver instead of once per worker
PRELOAD = ["toolkit.engine", "toolkit.reader", "toolkit.rules.loader", "toolkit.workbook", "toolkit.writers"]


def workers(tasks: int) -> int:
    return max(1, min(tasks, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)))


def map_reports(work: Callable[[T], R], items: Iterable[T], done: Callable[[T], None] = lambda item: None) -> list[R]:
    """work(item) for every item, results in the order of items; done(item) as each finishes (the
    progress bar). The first exception raised by a task is raised here, as it was raised."""
    todo = list(items)
    count = workers(len(todo))
    pool = _pool(count) if count > 1 else None
    if pool is None:
        results = []
        for item in todo:
            results.append(work(item))
            done(item)
        return results
    from concurrent.futures import as_completed

    with pool:
        futures = {pool.submit(work, item): i for i, item in enumerate(todo)}
        out: dict[int, R] = {}
        try:
            for future in as_completed(futures):
                out[futures[future]] = future.result()
                done(todo[futures[future]])
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    return [out[i] for i in range(len(todo))]


def _pool(count: int):
    """A pool of `count` processes, or None where the system gives none (no semaphores in a
    sandbox, say): the reports are then checked one after another, in this process."""
    import multiprocessing  # only here: a run of one report does not pay for it
    from concurrent.futures import ProcessPoolExecutor

    try:
        context = multiprocessing.get_context("forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn")
        if context.get_start_method() == "forkserver":
            from toolkit.rules.registry import PLACES  # the rule kinds load lazily: preloaded here, once for all workers

            context.set_forkserver_preload(PRELOAD + sorted({f"toolkit.rules.kinds.{module}" for module, _ in PLACES.values()}))
        return ProcessPoolExecutor(max_workers=count, mp_context=context)
    except (OSError, NotImplementedError, ImportError):
        return None
