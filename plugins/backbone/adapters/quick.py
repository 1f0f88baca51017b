"""`mkdocs serve`: a save answered first, the whole site rebuilt right after it.

A save rebuilds the whole site: every page, the search index, the feeds and e-mails that
carry the story's body. At a thousand stories that takes seconds, and the page being edited
is the one its author waits for. So, as Hugo's fast render does, when all that changed since
the last whole build is the body text of stories, or metric files (every other file of the
docs and data folders as it was), the preview first rewrites what shows the change in its
site folder, from the pages the last build wrote (first.py: a story's article made again from
its new text; a metric's pages and charts from its new figures), and the browsers reload. A
whole rebuild follows ``CATCH_UP`` seconds later and reloads them again: the site folder is
then a whole build's, byte for byte. The delay lets the browsers fetch the page first, since
MkDocs' server holds every request while it builds; a save meanwhile is answered the same
way, and the rebuild waits for it.

Whatever cannot be shown exactly is a whole rebuild at once: a file added or deleted, any
other file changed, a story's front matter or a heading changed, a problem in the text (the
whole build reports it), a page that does not hold its last article as written.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..frontmatter import block

CATCH_UP = 1.5  # seconds from a quick answer to the whole rebuild that follows it

Snapshot = dict[str, tuple[int, int, int]]  # path → (size, modification time, inode)


def snapshot(folders: list[Path], skip: set[str]) -> Snapshot:
    """Every file of ``folders``, never through a link; hidden ones left out, as MkDocs leaves
    them out of the docs (and an editor's swap file changes while its text is being typed)."""
    found: Snapshot = {}
    for folder in folders:
        for root, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d[:1] != "." and os.path.join(root, d) not in skip)
            for name in names:
                if name[:1] == ".":
                    continue
                path = os.path.join(root, name)
                try:
                    st = os.lstat(path)
                except OSError:  # deleted meanwhile: the next look sees it gone
                    continue
                found[path] = (st.st_size, st.st_mtime_ns, st.st_ino)
    return found


@dataclass(frozen=True)
class Shown:
    """A story's page rewritten by the quick path: its file, and the article it held and holds."""

    src_uri: str
    dest: str
    old: str
    new: str


@dataclass(frozen=True)
class Published:
    """A file of the site put in place by the quick path: a cache entry's (``source``) or ``content``."""

    dest: str
    source: str | None = None
    content: bytes | None = None


@dataclass
class QuickPreview:
    """One serve session's quick answers: what the folders held as the last whole build began."""

    folders: list[Path] = field(default_factory=list)
    skip: set[str] = field(default_factory=set)
    before: Snapshot | None = None
    shown: dict[str, str] = field(default_factory=dict)  # src_uri → the article its page holds now
    ready: bool = False  # the last whole build succeeded: its pages and model are the ones to start from
    ask: Callable[[], None] | None = None  # asks the server for a rebuild (on_serve)
    _timer: threading.Timer | None = None

    def begin(self, folders: list[Path], skip: set[str]) -> None:
        """A whole build begins (on_config): what it reads, noted before it reads it."""
        self.cancel()
        self.folders, self.skip = folders, skip
        self.before = snapshot(folders, skip)
        self.shown = {}
        self.ready = False

    def changed(self) -> list[str] | None:
        """The files changed since the last whole build began; None when one was added or deleted."""
        if not self.ready or self.before is None:
            return None
        now = snapshot(self.folders, self.skip)
        if now.keys() != self.before.keys():
            return None
        return sorted(path for path, stat in now.items() if stat != self.before[path])

    def show(self, pages: list[Shown], files: tuple[Published, ...] = ()) -> bool:
        """Each page with its new article, and each file, all of them or none: False where a
        page does not hold its article once, as written."""
        texts = []
        for page in pages:
            try:
                text = Path(page.dest).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                return False
            if text.count(page.old) != 1:
                return False
            texts.append((page, text.replace(page.old, page.new)))
        for file in files:
            _put(file.dest, content=file.content, source=file.source)
        for page, text in texts:
            _put(page.dest, content=text.encode("utf-8"))
            self.shown[page.src_uri] = page.new
        self._schedule()
        return True

    def _schedule(self) -> None:
        self.cancel()
        self._timer = threading.Timer(CATCH_UP, self.catch_up)
        self._timer.daemon = True
        self._timer.start()

    def catch_up(self) -> None:
        """The whole rebuild the quick answer owes: the next build is whole."""
        self.ready = False
        if self.ask is not None:
            self.ask()

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None


def _put(dest: str, *, content: bytes | None = None, source: str | None = None) -> None:
    """A new file at ``dest``, renamed over the old one: the server reading it meanwhile reads
    either whole. ``source``: a cache entry, linked (never changed in place, memo.publish)."""
    temporary = f"{dest}.quick"
    if source is None:
        Path(temporary).write_bytes(content or b"")
    else:
        try:
            os.link(source, temporary)
        except OSError:  # another file system, or links refused
            shutil.copyfile(source, temporary)
    os.replace(temporary, dest)


def same_bytes(path: str, content: str | bytes | None) -> bool:
    """Whether the file at ``path`` holds ``content`` already."""
    data = content.encode("utf-8") if isinstance(content, str) else (content or b"")
    try:
        return os.path.getsize(path) == len(data) and Path(path).read_bytes() == data
    except OSError:
        return False


def same_front(old: str, new: str) -> bool:
    """Whether two generated pages' front matter says the same, their description aside: a
    metric's describes its chart's figures, and shows only in the page's head (the whole
    rebuild that follows writes it)."""
    before, after = block(old), block(new)
    if before is None or after is None or before.yaml == after.yaml:
        return before is not None and after is not None
    before, after = yaml.safe_load(before.yaml), yaml.safe_load(after.yaml)  # Backbone's own YAML (front_matter)
    if not isinstance(before, dict) or not isinstance(after, dict):
        return False
    return {**before, "description": None} == {**after, "description": None}
