"""Work in other processes: a pool that draws (charts, cards), and one worker for output the
build only waits for at its end (e-mails, feeds).

MkDocs renders pages on one core. Files that nothing else in the site reads can be written
beside that loop, on another core, by a spawned process (safe beside `mkdocs serve`'s
threads, where a fork would copy their locks). Where no process can be started, the same
functions run here, in the order they are submitted.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any


class Done:
    """The result of a job run in this process, read like a Future's."""

    def __init__(self, value: Any):
        self.value = value

    def result(self) -> Any:
        return self.value


class Worker:
    """Runs submitted jobs in one spawned process, started at the first job (so `backbone
    check`, or a site with nothing to send, starts none)."""

    def __init__(
        self, initializer: Callable[..., None] | None = None, initargs: tuple = (), *, background: bool = True
    ):
        self._initializer, self._initargs = initializer, initargs
        self._background = background
        self._pool: ProcessPoolExecutor | None = None
        self._here = False  # jobs run in this process

    def submit(self, job: Callable[..., Any], *args) -> Future | Done:
        if self._pool is None and not self._here:
            self._open()
        if self._pool is not None:
            return self._pool.submit(job, *args)
        return Done(job(*args))

    def run_here(self) -> None:
        """Run the jobs in this process (before the first: a few jobs cost less than a process)."""
        if self._pool is None:
            self._background = False

    def _open(self) -> None:
        if self._background:
            try:
                context = multiprocessing.get_context("spawn")
                self._pool = ProcessPoolExecutor(
                    1, mp_context=context, initializer=self._initializer, initargs=self._initargs
                )
                return
            except (OSError, NotImplementedError, ImportError):
                pass  # no worker processes on this system
        self._here = True
        if self._initializer is not None:
            self._initializer(*self._initargs)

    def close(self) -> None:
        """Stop the worker, dropping jobs not started (after their results were read, nothing is left)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def draw_all(
    job: Callable[[Any], Any],
    items: list,
    workers: int,
    *,
    initializer: Callable[[], None] | None = None,
    chunksize: int = 1,
) -> list:
    """``job(item)`` for every item, on ``workers`` spawned processes (here, when one); the
    results in the order of ``items``.

    Spawned, not forked: a fresh interpreter is safe beside `mkdocs serve`'s threads (a fork
    would copy their locks) and does not copy the build process's memory into each worker.
    ``chunksize`` trades the hand-over's cost against a worker left idle at the end."""
    if workers <= 1 or len(items) <= 1:
        return [job(item) for item in items]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=initializer) as pool:
        return list(pool.map(job, items, chunksize=chunksize))
