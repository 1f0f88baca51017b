"""backbone.background.Worker: jobs in a spawned process, or here, started at the first job."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from backbone import background

STARTED: list[tuple] = []


@pytest.fixture(autouse=True)
def _processes(monkeypatch):
    """These tests are of worker processes, which the rest of the suite goes without (conftest.py)."""
    monkeypatch.setenv("BACKBONE_WORKERS", "2")


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


_SET: list = []


def _set(value) -> None:
    _SET[:] = [value]


def _get():
    return _SET[0], os.getpid()


def _fail(*args) -> None:
    raise ValueError("the postage is wrong")


def test_a_standing_worker_keeps_its_process_and_sets_each_build_up_again():
    """`mkdocs serve`: one process across rebuilds, the initializer of each build run first there."""
    try:
        first = background.Worker(_set, ("build 1",), standing="test")
        value, pid = first.submit(_get).result()
        first.close()
        assert value == "build 1" and pid != os.getpid()
        second = background.Worker(_set, ("build 2",), standing="test")
        assert second.submit(_get).result() == ("build 2", pid)  # the same process, set up anew
        second.close()
    finally:
        background.stop_standing()
    third = background.Worker(_set, ("build 3",), standing="test")
    assert third.submit(_get).result()[1] != pid  # stopped: a new process
    third.close()
    background.stop_standing()


def test_a_standing_workers_setup_error_is_raised_by_its_jobs():
    worker = background.Worker(_fail, ("postage",), standing="test")
    try:
        job = worker.submit(os.getpid)
        try:
            job.result()
        except ValueError as error:
            assert "the postage is wrong" in str(error)
        else:
            raise AssertionError("the initializer's error was lost")
    finally:
        worker.close()
        background.stop_standing()


def test_a_standing_worker_whose_process_died_is_started_again():
    """Killed between rebuilds (out of memory, say): the next build's first job finds out, and
    gets its answer from a new process, set up for that build."""
    worker = background.Worker(_set, ("build 1",), standing="test")
    pid = worker.submit(os.getpid).result()
    worker.close()
    try:
        os.kill(pid, 9)
        again = background.Worker(_set, ("build 2",), standing="test")
        value, new = again.submit(_get).result()  # no failed build: the job is given again
        assert new != pid and value == "build 2"
        again.close()
    finally:
        background.stop_standing()


_SEEN: list = []


def _forget() -> None:
    _SEEN.clear()


def _note(value) -> None:
    _SEEN.append(value)


def _seen():
    return list(_SEEN), os.getpid()


def test_a_standing_process_killed_mid_build_gets_the_builds_jobs_again():
    """A job may read what earlier jobs of its build left in the process (the newsletters read
    the stories): a new process is given every job of the build again, in order."""
    worker = background.Worker(_forget, standing="test")
    try:
        worker.submit(_note, "story a")
        worker.submit(_note, "story b")
        seen, pid = worker.submit(_seen).result()
        assert seen == ["story a", "story b"]
        os.kill(pid, 9)
        seen, new = worker.submit(_seen).result()
        assert new != pid and seen == ["story a", "story b"]
        worker.close()
    finally:
        background.stop_standing()


def test_a_standing_process_ends_with_the_preview_that_was_killed():
    """A preview killed (not stopped: no on_shutdown) leaves no process behind."""
    import signal
    import subprocess
    import sys
    import time

    script = (
        "import os, sys, time\n"
        "from backbone import background\n"
        "worker = background.Worker(standing='test')\n"
        "print(worker.submit(os.getpid).result(), flush=True)\n"
        "time.sleep(600)\n"
    )
    preview = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        pid = int(preview.stdout.readline())
        os.kill(preview.pid, signal.SIGKILL)
        preview.wait(30)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if not _running(pid):
                return
            time.sleep(0.1)
        os.kill(pid, signal.SIGKILL)
        raise AssertionError(f"the standing process {pid} outlived the preview")
    finally:
        if preview.poll() is None:
            preview.kill()


def test_ctrl_c_stops_the_preview_without_a_traceback_from_its_workers():
    """Ctrl-C reaches every process of the terminal's group: the preview stops its standing
    workers (on_shutdown), and they print nothing of it."""
    import signal
    import subprocess
    import sys
    import time

    script = (
        "import os, signal, sys, time\n"
        "signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal\n"
        "from backbone import background\n"
        "workers = [background.Worker(standing=name) for name in ('mail', 'feeds')]\n"
        "print(*[w.submit(os.getpid).result() for w in workers], flush=True)\n"
        "try:\n"
        "    time.sleep(600)\n"
        "except KeyboardInterrupt:\n"
        "    background.stop_standing()\n"
        "    print('stopped', flush=True)\n"
    )
    preview = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a group of its own, as a terminal's foreground job
    )
    try:
        pids = [int(pid) for pid in preview.stdout.readline().split()]
        time.sleep(0.5)  # the workers wait for a job
        os.killpg(preview.pid, signal.SIGINT)
        out, err = preview.communicate(timeout=60)
        assert preview.returncode == 0 and out.strip() == "stopped", (out, err)
        assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
        assert not any(_running(pid) for pid in pids)
    finally:
        if preview.poll() is None:
            os.killpg(preview.pid, signal.SIGKILL)


def _running(pid: int) -> bool:
    """Alive, and not a zombie left for a container's init that reaps nothing."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_site_drawn_and_written_by_worker_processes_equals_one_made_here(tmp_path, monkeypatch):
    """A small site is drawn and written in the build's own process (starting a worker costs
    more than its few charts, cards and letters); a large one by workers. Both give the same
    bytes: here the same small site is made by workers for every kind, then here, cold both times."""
    import shutil

    from support import FIXTURES, every_worker, make_project, own_process

    from backbone.metrics import charts
    from backbone.stories import mailroom

    started = []

    class Counted(background.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            started.append(kwargs.get("initializer"))
            super().__init__(*args, **kwargs)

    project = make_project(tmp_path, FIXTURES / "longnames")
    monkeypatch.setattr(background, "ProcessPoolExecutor", Counted)
    with every_worker(), own_process():
        by_workers = project.build(site_dir=tmp_path / "workers")
    assert by_workers.error is None, by_workers.error
    assert charts._start_worker in started and mailroom._start in started and len(started) >= 4, started
    shutil.rmtree(project.path(".cache"))
    started.clear()
    with own_process():
        here = project.build(site_dir=tmp_path / "here")
    assert here.error is None, here.error
    assert started == [], "a small site starts no process"
    assert _files(by_workers.site) == _files(here.site)


def test_backbone_workers_1_starts_no_process(monkeypatch):
    """Where a machine's cores are shared (CI jobs side by side), BACKBONE_WORKERS=1 keeps
    every job in the build's own process."""
    monkeypatch.setenv("BACKBONE_WORKERS", "1")
    assert background.processes() == 1
    worker = background.Worker()
    assert worker.submit(os.getpid).result() == os.getpid()
    monkeypatch.setenv("BACKBONE_WORKERS", "3")
    assert background.processes() == 3
    for unread in ("0", "many", "-2", ""):
        monkeypatch.setenv("BACKBONE_WORKERS", unread)
        assert background.processes() == (os.cpu_count() or 1), unread
