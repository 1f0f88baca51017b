"""Work in other processes: a pool that draws (charts, cards), and one worker for output the
build only waits for at its end (e-mails, feeds).

MkDocs renders pages on one core. Files that nothing else in the site reads can be written
beside that loop, on another core, by a spawned process (safe beside `mkdocs serve`'s
threads, where a fork would copy their locks). Where no process can be started, the same
functions run here, in the order they are submitted.

A worker of `mkdocs serve` stands between rebuilds (``standing``): starting a process and
importing what it writes with costs more than the few e-mails a save asks for, and the page
being edited waits for them. Should its process die during a long session (killed, out of
memory), the next job finds out: a new process is started, set up again, and given every job
of the build again, in order (they write files: done twice, the same), so the build goes on.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any


def processes() -> int:
    """How many processes a build may draw and write with, its own included: one per core, or
    ``BACKBONE_WORKERS`` (a whole number; 1 starts none) where a machine's cores are shared,
    say by CI jobs side by side. Any other value is left unread."""
    value = os.environ.get("BACKBONE_WORKERS", "").strip()
    if value.isdigit() and int(value) > 0:
        return int(value)
    return os.cpu_count() or 1


class Done:
    """The result of a job run in this process, read like a Future's."""

    def __init__(self, value: Any):
        self.value = value

    def result(self) -> Any:
        return self.value


class Worker:
    """Runs submitted jobs in one spawned process, started at the first job (so `backbone
    check`, or a site with nothing to send, starts none). A ``standing`` worker's process is
    the one of that name this process already has, if any: the initializer runs there as its
    first job, before this worker's (one process takes its jobs in order), and ``close``
    leaves it running for the next build; ``stop_standing`` ends it."""

    def __init__(
        self,
        initializer: Callable[..., None] | None = None,
        initargs: tuple = (),
        *,
        background: bool = True,
        standing: str | None = None,
    ):
        self._initializer, self._initargs = initializer, initargs
        self._background = background
        self._standing = standing
        self._pool: ProcessPoolExecutor | None = None
        self._here = False  # jobs run in this process
        self._setup: Future | None = None  # a standing worker's initializer, run as a job
        self._jobs: list[Future] = []
        self._calls: list[tuple[Callable[..., Any], tuple]] = []  # a standing worker's jobs, to give again
        self._restarted = False

    def submit(self, job: Callable[..., Any], *args) -> Future | Done | _After:
        if self._pool is None and not self._here:
            self._open()
        if self._pool is None:
            return Done(job(*args))
        if self._standing is None:
            return self._pool.submit(job, *args)
        self._calls.append((job, args))
        try:
            self._jobs.append(self._pool.submit(job, *args))
        except BrokenProcessPool:
            self._restart()
        return _After(self, len(self._calls) - 1)

    def _result(self, index: int) -> Any:
        """A standing worker's job ``index``: its initializer's error first."""
        try:
            if self._setup is not None:
                self._setup.result()
            return self._jobs[index].result()
        except BrokenProcessPool:
            self._restart()
            return self._result(index)

    def _restart(self) -> None:
        """The standing process died: a new one, set up again, given this build's jobs again
        in order. Once a build: should the new one die too, the build stops on it."""
        if self._restarted:
            raise BrokenProcessPool(f"the {self._standing} worker process died twice in one build")
        self._restarted = True
        broken = _STANDING.pop(self._standing, None)
        if broken is not None:
            broken.shutdown(wait=False, cancel_futures=True)
        self._pool, self._setup = _standing(self._standing, self._initializer or _nothing, self._initargs)
        self._jobs = [self._pool.submit(job, *args) for job, args in self._calls]

    def run_here(self) -> None:
        """Run the jobs in this process (before the first: a few jobs cost less than a process)."""
        if self._pool is None:
            self._background = False

    def _open(self) -> None:
        if self._background and processes() > 1:
            try:
                if self._standing is not None:
                    self._pool, self._setup = _standing(self._standing, self._initializer or _nothing, self._initargs)
                    return
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
        """Stop the worker, dropping jobs not started (after their results were read, nothing
        is left); a standing one's process goes on, once the job it runs is done."""
        if self._pool is None:
            return
        if self._standing is None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        else:
            for future in [self._setup, *self._jobs]:
                if future is not None and not future.cancel():
                    future.exception()  # running: wait, so that nothing of it lands later
        self._pool, self._setup, self._jobs, self._calls = None, None, [], []


class _After:
    """A standing worker's job, read like a Future (``Worker._result``)."""

    def __init__(self, worker: Worker, index: int):
        self._worker, self._index = worker, index

    def result(self) -> Any:
        return self._worker._result(self._index)


_STANDING: dict[str, ProcessPoolExecutor] = {}


def _standing(name: str, setup: Callable[..., None], args: tuple) -> tuple[ProcessPoolExecutor, Future]:
    """The standing process ``name`` (started if there is none, or if it died) and ``setup``
    submitted to it."""
    for _ in range(2):
        pool = _STANDING.get(name)
        if pool is None:
            context = multiprocessing.get_context("spawn")
            pool = _STANDING[name] = ProcessPoolExecutor(1, mp_context=context, initializer=_standing_setup)
        try:
            return pool, pool.submit(setup, *args)
        except BrokenProcessPool:  # its process died (killed, out of memory): a new one
            del _STANDING[name]
    raise OSError(f"the {name} worker process cannot be started")


def _nothing() -> None:
    pass


def _standing_setup() -> None:
    """In a standing process. Ctrl-C in the preview's terminal reaches every process of its
    group: the preview stops its workers itself (``stop_standing``), so theirs ignore it,
    rather than each printing a traceback of its wait for a job on every stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent()


def _exit_with_parent() -> None:
    """In a standing process: end when the build's process does. A pool's process waits for
    jobs on a queue it also holds the writing end of, so it outlives a preview that was killed
    (a terminal closed) rather than stopped, and stays, idle, until the machine restarts."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_on_parent_exit, args=(parent,), daemon=True).start()


def _on_parent_exit(parent) -> None:
    parent.join()
    os._exit(0)


def stop_standing() -> None:
    """End every standing worker's process (the end of `mkdocs serve`)."""
    while _STANDING:
        _, pool = _STANDING.popitem()
        pool.shutdown(wait=True, cancel_futures=True)


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
