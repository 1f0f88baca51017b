"""`mkdocs serve` rebuilds that leave what did not change in place, and equal a clean build.

A clean rebuild empties the site folder, then writes every page and copies or links every
picture, chart and card again: most of a rebuild's time once each page comes from the
final-page cache. MkDocs' own `--dirty` skips a page whose Markdown is older than its output,
which is wrong for Backbone: its pages are made of data (a partner's new name changes pages
whose Markdown did not change), and the files of a deleted page stay. So `mkdocs serve`
rebuilds without emptying the folder (``rebuilding_builder``: MkDocs' dirty build), and
Backbone decides what changed:

- a page is written again unless the file in the site folder was written, by this process,
  under the page's final-page key (pagecache.py: everything its template and the search
  read) and the same draft mark; an unchanged page's context is still made (every plugin's
  on_page_context runs, the search takes the page's kept entries in their place); only the
  template, on_post_page and the writing are skipped;
- a file copied or linked into the site is published again unless the site holds this very
  source (its path, size, modification time and inode);
- once the build is over, every file of the site folder that no listed file names and this
  build did not write is deleted (a deleted story's page, a removed tag's feed), and the
  folders left empty. "Written by this build": its status changed since the build began
  (ctime), and it is no hard link: Backbone links only listed files (its cached charts and
  cards), whose entries other links may share.

Only where every plugin is one whose effects are known (search and backbone); another
plugin may read every page as it renders, so its builds start from an empty folder as before.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from functools import partial

from mkdocs.commands import build as mkdocs_build
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import clean_directory

from ..written import Written

log = get_plugin_logger(__name__)

KNOWN_PLUGINS = {"search", "material/search", "backbone"}
MARKER = ".backbone-rebuild"  # written as the build begins: its ctime is the site folder's clock
DIRTY_WARNING = "A 'dirty' build is being performed"


def rebuilding_builder(builder: Callable, first: Callable[[], bool] | None = None) -> Callable | None:
    """`mkdocs serve`'s builder (MkDocs 1.6, serve.py), rebuilding without emptying the site
    folder; None where its shape is not that one, or with `--clean` (a build's pages only).
    ``first()``: whether a quicker answer than a rebuild was given (quick.py)."""
    code = getattr(builder, "__code__", None)
    if code is None:
        return None
    cells = dict(zip(code.co_freevars, builder.__closure__ or ()))
    try:
        get_config, serve_url, is_clean = (cells[n].cell_contents for n in ("get_config", "serve_url", "is_clean"))
    except (KeyError, ValueError):
        return None
    if is_clean or not callable(get_config):
        return None

    def rebuild(config=None) -> None:
        if config is None and first is not None and first():
            return
        log.info("Building documentation...")
        if config is None:
            config = get_config()
            config.site_url = serve_url
        mkdocs_build.build(config, serve_url=serve_url, dirty=True)

    return rebuild


class _QuietDirty(logging.Filter):
    """MkDocs' warning that a dirty build may be inaccurate: this one is not (see above)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)


def quiet_dirty_warning() -> None:
    logger = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, _QuietDirty) for f in logger.filters):
        logger.addFilter(_QuietDirty())


def file_source(path: str) -> tuple | None:
    """What names a published file's source: its path, size, modification time, inode."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (path, st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev)


class Unchanged:
    """One serve session's record of what its site folder holds, for the dirty rebuilds."""

    def __init__(self):
        self.pages: dict[str, tuple[str, bool]] = {}  # page's src_uri → (its key, a draft) of the file written
        self.published: dict[str, tuple] = {}  # a listed file's destination → its source as published
        self.recording = False  # this build notes what it writes (a serve build of known plugins)
        self.active = False  # this build leaves unchanged pages and files in place
        self.building = False  # MkDocs' page loop (is_modified is asked while reading the pages too)
        self.started_ns = 0
        self.context: tuple | None = None  # (nav, the pages, config) of the page loop
        self.page_key: Callable[[str], str | None] = lambda uri: None
        self.run_context: Callable | None = None
        self.written = Written()  # what its workers wrote (e-mails, feeds), by the digest of their inputs

    def start(self, config, *, serving: bool, dirty: bool) -> None:
        """As a build begins (on_pre_build). A clean build empties the folder (MkDocs does, next),
        as does a dirty one with a plugin whose effects are unknown."""
        self.recording = serving and set(config.plugins) <= KNOWN_PLUGINS
        self.active = self.building = False
        if not (dirty and self.recording):
            if dirty:
                clean_directory(config.site_dir)
            self.forget()
            self.written.start(config.site_dir, recording=self.recording, active=False)
            return
        quiet_dirty_warning()
        marker = os.path.join(config.site_dir, MARKER)
        os.makedirs(config.site_dir, exist_ok=True)
        with open(marker, "w", encoding="utf-8"):
            pass
        self.started_ns = os.stat(marker).st_ctime_ns
        os.unlink(marker)
        self.active = True
        self.written.start(config.site_dir, recording=True, active=True)

    def files(self, files: Files, page_key: Callable[[str], str | None], run_context: Callable) -> None:
        """Once the files are listed (the end of on_files): each page and file says itself
        whether it changed. ``page_key``: a page's final-page key once its context is made;
        ``run_context``: every plugin's on_page_context of a page, and whether the page cache
        holds its rendering."""
        self.page_key, self.run_context = page_key, run_context
        if not self.active:
            return
        for file in files:
            if file.is_documentation_page():
                file.is_modified = partial(self._page_modified, file)
            elif file.abs_src_path is not None:
                file.is_modified = partial(self._file_modified, file)

    def page_loop(self, nav, files: Files, config) -> None:
        """The page loop begins (on_env): what MkDocs' _build_page hands each page's context."""
        if self.active:
            self.building = True
            self.context = (nav, files.documentation_pages(inclusion=InclusionLevel.is_in_serve), config)

    def _file_modified(self, file: File) -> bool:
        dest = os.path.normpath(file.abs_dest_path)
        return not os.path.exists(dest) or self.published.get(dest) != file_source(file.abs_src_path)

    def _page_modified(self, file: File) -> bool:
        """Asked by MkDocs before reading a page (always yes), and before building it."""
        page, uri = file.page, file.src_uri
        if not self.building or page is None or uri not in self.pages or not os.path.exists(file.abs_dest_path):
            return True
        nav, pages, config = self.context
        context = mkdocs_build.get_context(nav, pages, config, page)
        cached, undo = self.run_context(context, page, config, nav)
        key = self.page_key(uri)
        if cached and key is not None and self.pages[uri] == (key, file.inclusion.is_excluded()):
            return False  # the search took its kept entries; the file holds this very page
        undo()  # MkDocs builds the page: the search indexes it then
        return True

    def page_written(self, page) -> None:
        """A page's file is written next (on_post_page): under which key."""
        if not self.recording:
            return
        key = self.page_key(page.file.src_uri)
        if key is None:
            self.pages.pop(page.file.src_uri, None)
        else:
            self.pages[page.file.src_uri] = (key, page.file.inclusion.is_excluded())

    def finish(self, files: Files, config, keep: set[str]) -> None:
        """The build is over (on_post_build, before other languages' builds): what is
        published noted, and, in a dirty build, what no build would have written deleted.
        ``keep``: top-level folders of the site other builds write (the other languages)."""
        if not self.recording:
            return
        listed = set()
        for file in files:
            if not file.inclusion.is_in_serve():
                continue
            dest = os.path.normpath(file.abs_dest_path)
            listed.add(dest)
            if not file.is_documentation_page() and file.abs_src_path is not None:
                self.published[dest] = file_source(file.abs_src_path)
        if self.active:
            self._sweep(config.site_dir, listed | self.written.kept, keep)
        self.active = self.building = False

    def _sweep(self, site_dir: str, listed: set[str], keep: set[str]) -> None:
        for root, folders, names in os.walk(site_dir):
            if root == site_dir:
                folders[:] = [f for f in folders if f not in keep]
            for name in names:
                path = os.path.normpath(os.path.join(root, name))
                if path in listed:
                    continue
                st = os.lstat(path)
                if st.st_nlink > 1 or st.st_ctime_ns < self.started_ns:
                    os.unlink(path)
        for root, _, _ in os.walk(site_dir, topdown=False):
            if root != site_dir and not os.listdir(root):
                os.rmdir(root)

    def forget(self) -> None:
        """A build failed, or the folder is emptied: the next one writes everything."""
        self.pages.clear()
        self.published.clear()
        self.written.forget()
