"""No file is published or read through a symbolic link (issue 21, F6 and F13).

A link in content/ or data/ is refused with a located message before MkDocs walks the docs
folder: MkDocs' get_files follows links, so `content/root -> /` would walk the whole disk,
and `content/git.txt -> ../.git/config` would publish the token actions/checkout writes.
Each build here guards os.scandir: listing anything behind a link fails the test at once,
so a regression shows as a failure, not as a build that never ends.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from support import FIXTURES, make_project

from backbone import inputs

LINK_FIX = (
    "Backbone reads and publishes no file through a link, so that a link cannot put on the site a file that is not "
    "meant for it (quotes without consent, drafts, passwords): replace the link with a copy of the file, or delete it"
)


def link_problem(rel: str, target: str) -> str:
    kind = "folder" if target == "/" else "file"
    return f"{rel}: this {kind} is a symbolic link (to {target}); {LINK_FIX}"


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    """The minimal partnership with every kind of link the issue found, and one inside data/."""
    project = make_project(tmp_path_factory.mktemp("links"), FIXTURES / "minimal")
    root = project.root
    (root / ".git").mkdir()
    (root / ".git/config").write_text("[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n")
    (root / ".env").write_text("TOKEN=secret\n")
    project.write("content/about.md", "# About\n\nText.\n")
    links = {
        "content/voices.txt": "../data/identity.yml",  # a data file: quotes without consent, in the real case
        "content/git.txt": "../.git/config",
        "content/.env": "../.env",
        "content/root": "/",
        "content/notes/about-copy.md": "../about.md",  # a page, linked from inside the docs folder
        "data/brand/logo-copy.svg": "logo.svg",  # a link inside data/ (to a file inside data/)
    }
    for rel, target in links.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).symlink_to(target)
    return project, links


class Guard:
    """os.scandir refuses to list anything behind a link of the project: MkDocs' walk of the
    docs folder (os.walk calls os.scandir) and the live reload's poller must never get there.
    What a thread tried is kept in ``walked`` (an exception there would go unseen)."""

    def __init__(self, root: Path, links):
        self.behind = [os.path.join(root, rel) for rel in links]
        self.walked: list[str] = []
        self.real = os.scandir

    def __call__(self, path="."):
        if isinstance(path, int):  # an open folder (shutil.rmtree's walk): already reached by name
            return self.real(path)
        where = os.path.abspath(os.fsdecode(path))  # inotify walks with bytes
        if any(where == b or where.startswith(b + os.sep) for b in self.behind):
            self.walked.append(where)
            raise AssertionError(f"walked through {where}")
        return self.real(path)


@pytest.fixture
def guarded(monkeypatch, linked):
    project, links = linked
    guard = Guard(project.root, links)
    monkeypatch.setattr(os, "scandir", guard)
    yield project, links, guard
    assert guard.walked == []


def test_links_are_refused_before_mkdocs_walks_the_docs_folder(guarded, capsys):
    project, links, _ = guarded
    built = project.build()
    assert built.error is not None
    for rel, target in links.items():
        assert link_problem(rel, target) in built.error, built.error
        assert built.error.count(f"{rel}:") == 1, built.error  # one message per link, none for what it leads to
    assert "6 problems in 6 files" in built.error, built.error
    assert not (built.site / "git.txt").exists() and not (built.site / "voices.txt").exists()

    from backbone.cli import main

    assert main(["check", "-f", str(project.path("site_config.yml"))]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    for rel, target in links.items():
        assert link_problem(rel, target) in err, err


def test_serve_lists_the_links_on_every_page_without_walking_them(guarded, tmp_path):
    project, links, guard = guarded
    config = load_config(str(project.path("site_config.yml")), site_dir=str(tmp_path / "preview"))
    config.plugins.on_startup(command="serve", dirty=False)
    mkdocs_build(config, serve_url="http://127.0.0.1:8000/")
    for page in ("index.html", "about/index.html"):  # the page the author has open shows the list
        soup = BeautifulSoup((tmp_path / "preview" / page).read_text(), "html.parser")
        listed = [li.get_text() for li in soup.select(".bb-problems li")]
        assert link_problem("content/git.txt", "../.git/config") in listed, listed
    assert not (tmp_path / "preview/git.txt").exists()

    # The live reload: MkDocs' own watch of the docs folder follows links and ignores a
    # folder's events; Backbone's watches both folders without following links, and on any
    # change (a link to a folder made or deleted) rewrites a file MkDocs watches.
    server = FakeServer()
    server.watch(config.docs_dir)  # as `mkdocs serve` does before the plugins' on_serve
    config.plugins.on_serve(server, config=config, builder=None)
    try:
        signal = project.path(".cache/backbone/serve/changed")
        assert server.watched == {str(signal.parent): True}
        extra = project.path("content/extra")
        guard.behind.append(str(extra))
        for change in (lambda: extra.symlink_to("/"), extra.unlink):
            before = signal.read_text()
            change()
            assert wait_for(lambda: signal.read_text() != before, 15), "no rebuild"
    finally:
        config.plugins.on_shutdown()


def test_serve_asks_mkdocs_server_for_a_rebuild(guarded, tmp_path):
    """With MkDocs' own server (its rebuild hook there), a change asks it for a rebuild at once,
    instead of rewriting the signal file MkDocs polls every half second."""
    import threading

    project, _, guard = guarded
    config = load_config(str(project.path("site_config.yml")), site_dir=str(tmp_path / "preview"))
    config.plugins.on_startup(command="serve", dirty=False)
    mkdocs_build(config, serve_url="http://127.0.0.1:8000/")
    server = FakeServer()
    server._want_rebuild, server._rebuild_cond = False, threading.Condition()  # as LiveReloadServer's
    config.plugins.on_serve(server, config=config, builder=None)
    try:
        signal = project.path(".cache/backbone/serve/changed")
        before = signal.read_text()
        extra = project.path("content/extra")
        guard.behind.append(str(extra))
        extra.symlink_to("/")
        assert wait_for(lambda: server._want_rebuild, 15), "no rebuild"
        assert signal.read_text() == before
        extra.unlink()
    finally:
        config.plugins.on_shutdown()


def wait_for(condition, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.1)
    return False


class FakeServer:
    """What on_serve may call on MkDocs' LiveReloadServer."""

    def __init__(self):
        self.watched: dict[str, bool] = {}

    def watch(self, path, func=None, *, recursive=True):
        self.watched[os.path.abspath(path)] = recursive

    def unwatch(self, path):
        del self.watched[os.path.abspath(path)]


def test_a_link_inside_the_project_is_refused_by_the_reader(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "shared.yml").write_text("a: 1\n")
    (tmp_path / "data/x.yml").symlink_to(tmp_path / "shared.yml")
    (tmp_path / "data/folder").symlink_to(tmp_path, target_is_directory=True)
    assert inputs.refusal(tmp_path / "data/x.yml", tmp_path) == (
        f"is a symbolic link (to {tmp_path / 'shared.yml'}); {LINK_FIX}"
    )
    assert inputs.refusal(tmp_path / "data/folder/shared.yml", tmp_path) == (
        f"is in data/folder, a symbolic link (to {tmp_path}); {LINK_FIX}"
    )


@pytest.mark.parametrize("poll", [False, True], ids=["events", "poll"])
def test_the_watch_sees_a_link_made_and_deleted_without_walking_it(tmp_path, monkeypatch, poll):
    """Events (the default) and `poll: true` alike: a link to '/' made, then deleted, each
    asks for a rebuild, and nothing behind it is ever listed."""
    from backbone.adapters.watching import LinkSafeWatch

    (tmp_path / "content").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "content/root").symlink_to("/")  # there as the watch starts
    guard = Guard(tmp_path, ["content/root", "content/extra"])
    monkeypatch.setattr(os, "scandir", guard)
    asked: list[int] = []
    watch = LinkSafeWatch(
        [tmp_path / "content", tmp_path / "data"], tmp_path / "cache/changed", lambda: asked.append(1)
    )
    watch.start()
    try:
        extra = tmp_path / "content/extra"
        for change in (lambda: extra.symlink_to("/"), extra.unlink):
            asked.clear()
            change()
            assert wait_for(lambda: asked, 15), "no rebuild"
    finally:
        watch.stop()
    assert guard.walked == []


def test_where_the_system_cannot_watch_the_preview_polls(tmp_path, monkeypatch, caplog):
    """inotify's limit of watches reached, say: the preview says so and polls instead."""
    from watchdog.observers.polling import PollingObserverVFS

    from backbone.adapters import watching

    (tmp_path / "content").mkdir()
    (tmp_path / "data").mkdir()
    folders = [tmp_path / "content", tmp_path / "data"]
    watch = watching.LinkSafeWatch(folders, tmp_path / "cache/changed", lambda: asked.append(1))
    emitters = list(watch.observer.emitters)
    real_start = type(emitters[0]).start
    started: list = []

    def refuse(emitter):  # the first folder watched, the second over the limit
        if started:
            raise OSError(28, "inotify watch limit reached")
        real_start(emitter)
        started.append(emitter)

    monkeypatch.setattr(type(emitters[0]), "start", refuse)
    asked: list[int] = []
    with caplog.at_level("INFO"):
        watch.start()
    try:
        assert isinstance(watch.observer, PollingObserverVFS)
        assert "the system's file events are not available here" in caplog.text
        assert started and not started[0].is_alive()  # the half-started watch was stopped
        (tmp_path / "content/new.md").write_text("# New\n")
        assert wait_for(lambda: asked, 15), "no rebuild"
    finally:
        watch.stop()
