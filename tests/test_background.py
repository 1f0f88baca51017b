"""backbone.background.Worker: jobs in a spawned process, or here, started at the first job."""

from __future__ import annotations

import os

from backbone import background

STARTED: list[tuple] = []


def _record(*args):
    STARTED.append(args)


def test_nothing_starts_before_the_first_job_and_it_starts_once():
    STARTED.clear()
    worker = background.Worker(_record, ("postage",), background=False)
    assert STARTED == []  # `backbone check` builds workers it never uses
    assert worker.submit(pow, 2, 5).result() == 32
    assert worker.submit(pow, 3, 2).result() == 9
    assert STARTED == [("postage",)]
    worker.close()


def test_jobs_run_in_another_process():
    worker = background.Worker()
    try:
        assert worker.submit(os.getpid).result() != os.getpid()
    finally:
        worker.close()


def test_without_processes_the_jobs_run_here(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("no processes here")

    monkeypatch.setattr(background, "ProcessPoolExecutor", refuse)
    worker = background.Worker()
    assert worker.submit(os.getpid).result() == os.getpid()
