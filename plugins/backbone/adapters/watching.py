"""`mkdocs serve`'s live reload of the docs and data folders, without following links.

MkDocs' live reload polls what it watches with os.stat, which follows symbolic links: a link
to '/' in the docs folder would have it walk the whole disk every half second. And it ignores
events on folders, so deleting such a link (the fix Backbone asks for) would not rebuild.
So Backbone watches the two folders itself, never through a link (a link is an entry), and on
any change asks MkDocs' server for a rebuild, as MkDocs' own watch does (``rebuild``); where
that server's hook is not there, it rewrites one file of its cache that MkDocs watches, and
MkDocs rebuilds as it does for any edited file (half a second later: its own poll).

It listens to the system's file events (inotify, FSEvents, ReadDirectoryChanges): a save is
seen at once, where a poll sees it up to half a second later, and costs nothing between
saves, where a poll lists every story twice a second. Folders whose events never arrive (a
Docker volume on macOS or Windows, a network drive) are polled instead with `poll: true`, as
they are where the system cannot watch them (too many folders for inotify's limit).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from mkdocs.plugins import get_plugin_logger
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserverVFS

POLLING_SECONDS = 0.5  # as MkDocs' own live reload

log = get_plugin_logger(__name__)


class LinkSafeWatch(FileSystemEventHandler):
    """Watches ``folders`` (recursively, never through a link) and asks for a rebuild on any
    change: ``rebuild()``, else by rewriting ``signal``. ``poll``: by polling, not events."""

    def __init__(
        self, folders: list[Path], signal: Path, rebuild: Callable[[], None] | None = None, *, poll: bool = False
    ):
        self.signal = signal
        self.rebuild = rebuild
        self.folders = [f for f in dict.fromkeys(os.path.abspath(f) for f in folders) if os.path.isdir(f)]
        signal.parent.mkdir(parents=True, exist_ok=True)
        signal.write_text("0\n", encoding="utf-8")
        self.observer = self._observer(poll)

    def _observer(self, poll: bool) -> BaseObserver:
        if poll:
            observer = PollingObserverVFS(stat=os.lstat, listdir=os.scandir, polling_interval=POLLING_SECONDS)
        else:
            observer = Observer()
        for folder in self.folders:
            observer.schedule(self, folder, recursive=True, follow_symlink=False)
        return observer

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed", "closed_no_write"):
            return
        if Path(os.fsdecode(event.src_path)).is_relative_to(self.signal.parent):
            return  # the cache inside a watched folder: its own rewrite is no change
        self.ask()

    def ask(self) -> None:
        """A rebuild, as for any change of the folders."""
        if self.rebuild is not None:
            self.rebuild()
        else:
            self.signal.write_text(f"{time.time_ns()}\n", encoding="utf-8")

    def start(self) -> None:
        try:
            self.observer.start()
        except OSError as error:  # no events here (inotify's limit of watches reached, say)
            if isinstance(self.observer, PollingObserverVFS):
                raise
            folders = ", ".join(self.folders)
            log.info(f"the preview polls {folders}: the system's file events are not available here ({error})")
            self.observer.stop()  # the folders it did start watching, before the one it could not
            self.observer = self._observer(poll=True)
            self.observer.start()

    def stop(self) -> None:
        self.observer.stop()
        self.observer.join(5)


def rebuild_of(server) -> Callable[[], None] | None:
    """What MkDocs' LiveReloadServer does when a file it watches changes (mkdocs/livereload,
    MkDocs 1.6: ``watch``'s callback), or None when the server has no such hook."""
    cond = getattr(server, "_rebuild_cond", None)
    if cond is None or not isinstance(getattr(server, "_want_rebuild", None), bool):
        return None

    def rebuild() -> None:
        with cond:
            server._want_rebuild = True
            cond.notify_all()

    return rebuild
