"""The final-page cache: a page whose theme rendering has the same inputs as last time reuses it.

The theme's rendering of a page (material's templates over the page, the navigation and
the configuration) is repeated for every page on every build, and `mkdocs serve` rebuilds
the whole site on every save. So the rendered template of each page is kept in the cache,
named by a digest of everything the template reads:

- the page: its URL and file, title, HTML, table of contents, front matter, edit and
  canonical links, its neighbours and ancestors in the navigation;
- the page's context: every value MkDocs and the plugins' on_page_context put in it
  (Backbone's link preview and feed links, the relative base URL...), except the build
  date, which no template of the theme reads;
- the chrome, once a build: the whole navigation (titles and URLs), every page's title and
  URL, the MkDocs configuration (the plugins' options included; not site_dir), the Jinja globals
  (the brand), every file of the theme's folders (name, size, modification time), the
  versions of MkDocs, Material, Jinja and MarkupSafe, Backbone's own code and the build's
  language.

A value that cannot be written down exactly (an object with no readable value) turns the
cache off for that page, or for the build when it is in the chrome: the page is rendered,
never guessed. On a hit the theme's main template extends ``backbone-cached.html``
instead of material's base, which prints the kept text: Jinja does not render the page's
blocks. A build keeps the rendering in the cache folder (``pages/<key>.html``); `mkdocs
serve`, which shows drafts, keeps each page's latest rendering in memory only, so nothing
of a draft is written to the cache. The page's entries of material's search index are kept
beside it: on a hit the
search leaves the page out (its front matter says ``search: exclude`` while the search
reads it) and the kept entries are added at the same place of the index. Every plugin's
on_page_context and on_post_page still run, on the same values as in a clean build, so
the page written is the same bytes. The entry is written from the rendered template
before any on_post_page.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import os
from collections.abc import Mapping
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePath

from jinja2.defaults import DEFAULT_NAMESPACE
from markupsafe import Markup

from .. import __version__, memo
from ..clock import build_date
from ..settings import Settings

CACHED = "backbone_cached"  # the context value theme/main.html prints instead of rendering
PACKAGES = ("mkdocs", "mkdocs-material", "jinja2", "markupsafe")
SKIPPED = {"nav", "pages", "config", "page", "build_date_utc"}  # digested apart, or read by no template
# `mkdocs serve` (one process) keeps each page's latest rendering here, never on disk: the
# preview shows drafts, and nothing of a draft is left in the cache (docs/security.md).
# (the cache folder: one per project, language, src_uri) → (key, the rendered template, its
# search entries as JSON or None)
SERVED: dict[tuple[Path, str | None, str], tuple[str, str, str | None]] = {}


class Undigestable(Exception):
    """A value that cannot be written down exactly: the page is rendered, not looked up."""


_FLAT = frozenset({str, Markup, int, float, bool, type(None)})  # Markup: written as its text, as below


def plain(value):
    """``value`` as JSON data that changes whenever it does, else Undigestable."""
    kind = type(value)
    if kind in _FLAT:
        return value
    if kind is list or kind is tuple:  # a page's meta tags, its feeds' links: most of what it digests
        return list(value) if all([type(v) in _FLAT for v in value]) else [plain(v) for v in value]
    if isinstance(value, (bool, int, float, str)):  # subclasses: an enum's member, a string type
        return value
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(json.dumps(plain(v), sort_keys=True) for v in value)
    if isinstance(value, Mapping):
        return {"{}": sorted([_key(k), v if type(v) in _FLAT else plain(v)] for k, v in value.items())}
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {type(value).__qualname__: fields}
    if hasattr(value, "model_dump"):  # pydantic
        return {type(value).__qualname__: plain(value.model_dump())}
    if callable(value) and hasattr(value, "__qualname__"):  # a function named in the configuration
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    shown = repr(value)
    if type(value).__repr__ is object.__repr__ or " at 0x" in shown:
        raise Undigestable(type(value).__qualname__)
    return {type(value).__qualname__: shown}


def _key(key) -> str:
    return _text_key(key) if type(key) is str else json.dumps(plain(key), sort_keys=True)


@lru_cache(maxsize=4096)
def _text_key(key: str) -> str:  # the few keys every page's context repeats ('title', 'href')
    return json.dumps(key)


def digest_of(value) -> str:
    return memo.digest(json.dumps(plain(value), sort_keys=True, ensure_ascii=False))


@lru_cache(maxsize=1)
def code() -> str:
    """Backbone's own files (code, templates, catalogs) and the versions of what renders the
    theme: a change to either misses."""
    package = Path(__file__).resolve().parents[1]
    files = sorted(str(p) for p in package.rglob("*") if "__pycache__" not in p.parts and p.is_file())
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            versions.append(f"{name}=?")
    return memo.key(memo.code_digest(*files), __version__, *versions)


def outputs_salt(settings: Settings) -> str:
    """What every output a one-off build keeps on disk is also made from (kept.store, the
    e-mails' Shelf): Backbone's code, the installed packages, every setting, the build date."""
    return memo.key(code(), memo.installed(), settings.digest(), build_date().isoformat())


@lru_cache(maxsize=1)
def _installed_themes() -> tuple[Path, ...]:
    """The folders of the packages whose versions ``code()`` names (mkdocs-material's templates
    and MkDocs' own): their version stands for their files, which pip alone changes."""
    import material
    import mkdocs

    return tuple(Path(module.__file__).resolve().parent for module in (material, mkdocs))


def theme_files(dirs) -> str:
    """Every file of the theme's folders, by name, size and modification time, but for the
    folders of installed packages (mkdocs-material's icons: stat'ed on every rebuild, they cost
    more than the rest of the key)."""
    h = hashlib.sha256()
    for folder in dirs:
        h.update(f"\0{folder}".encode())
        if any(Path(folder).resolve().is_relative_to(package) for package in _installed_themes()):
            continue
        for root, subdirs, names in os.walk(folder):
            subdirs.sort()
            for name in sorted(names):
                path = os.path.join(root, name)
                st = os.stat(path)
                h.update(f"\0{os.path.relpath(path, folder)}\0{st.st_size}\0{st.st_mtime_ns}".encode())
    return h.hexdigest()


def settings(config) -> dict:
    """The MkDocs configuration as the templates read it: the plugins by name and options."""
    # site_dir: where the page is written, which no template prints (a warm build into
    # another folder reuses the pages)
    values = {k: v for k, v in config.items() if k not in ("plugins", "theme", "site_dir")}
    for name, plugin in config.plugins.items():
        if not hasattr(plugin, "config"):  # a `hooks:` module: what it does to a page cannot be written down
            raise Undigestable(f"hooks module {name}")
    values["plugins"] = [[name, dict(plugin.config)] for name, plugin in config.plugins.items()]
    theme = config.theme
    values["theme"] = [theme.name, list(theme.dirs), sorted(theme.static_templates), str(theme.locale), dict(theme)]
    return values


def environment(env) -> dict:
    """The Jinja globals the plugins and the theme added (the brand)."""
    return {k: v for k, v in env.globals.items() if k not in DEFAULT_NAMESPACE}


def navigation(nav, files) -> list:
    """The whole navigation and every page's title and address: what any page's chrome shows."""

    def item(node) -> list:
        children = [item(child) for child in getattr(node, "children", None) or ()]
        return [type(node).__name__, node.title, getattr(node, "url", None), children]

    pages = [[f.src_uri, f.url, f.page.title if f.page else None] for f in files]
    return [[item(node) for node in nav.items], pages, nav.homepage.url if nav.homepage else None]


def toc(items) -> list:
    return [[t.title, t.id, t.level, toc(t.children)] for t in items]


def page_values(page, context, content: str) -> list:
    """What the template and the search read of this page and its context."""
    near = [[p.url, p.title] if p else None for p in (page.previous_page, page.next_page)]
    values = [
        page.file.src_uri,
        page.file.dest_uri,
        page.url,
        page.canonical_url,
        page.edit_url,
        page.title,
        page.is_homepage,
        memo.digest(content),  # its digest: written down as JSON, the whole HTML cost more
        toc(page.toc),
        page.meta,
        near,
        [[a.title, getattr(a, "url", None)] for a in page.ancestors],
    ]
    values.append({k: v for k, v in context.items() if k not in SKIPPED})
    return values


def search_index(config):
    """mkdocs-material's search index, whose entries a cached page gives back; None without it."""
    for plugin in config.plugins.values():
        if type(plugin).__module__.startswith("material.plugins.search") and hasattr(plugin, "search_index"):
            if plugin.config.enabled and isinstance(getattr(plugin.search_index, "entries", None), list):
                return plugin.search_index
    return None


class PageCache:
    """One build's look-ups: ``start`` once the environment is made; ``look_up`` each page
    once Backbone's on_page_context steps have run, before the search indexes it; ``indexed``
    after it has; ``keep`` each rendered template, before any on_post_page."""

    def __init__(self, folder: Path, serving: bool, language: str | None):
        self.folder = folder
        self.serving = serving  # `mkdocs serve` shows drafts: their pages are kept in memory only
        self.language = language
        self.chrome: str | None = None  # None: this build does not use the cache
        self.started = False
        self.env = ""
        self.search = None  # material's search index
        self.misses: dict[str, tuple[str, int]] = {}  # src_uri → (its key, the index's entries before it)
        self.found: dict[str, str] = {}  # src_uri → the search entries of a page rendered, as JSON
        self.hits: dict[str, tuple[object, list]] = {}  # src_uri → (its own 'search' front matter, its entries)
        self.keys: dict[str, str] = {}  # src_uri → the key of its latest look-up

    def start(self, env, config) -> None:
        try:
            self.env = digest_of([environment(env), settings(config), self.language])
        except Undigestable:
            self.env = ""
        self.theme = theme_files(config.theme.dirs)
        self.search = search_index(config)

    def _chrome(self, nav, files) -> str | None:
        if not self.started:
            self.started = True
            if self.env:
                try:
                    self.chrome = memo.key(code(), self.env, self.theme, digest_of(navigation(nav, files)))
                except Undigestable:
                    self.chrome = None
        return self.chrome

    def look_up(self, context, page, nav, content: str) -> None:
        """``content``: the page's whole HTML (the search is about to read a shorter one)."""
        chrome = self._chrome(nav, context["pages"])
        if chrome is None:
            return
        try:
            key = memo.key(chrome, digest_of(page_values(page, context, content)))
        except Undigestable:
            return
        self.keys[page.file.src_uri] = key
        kept = self._kept(page, key)
        if kept is not None and (self.search is None or kept[1] is not None):
            text, entries = kept
            context[CACHED] = Markup(text)
            if self.search is not None:  # the search leaves the page out: its entries are given back
                self.hits[page.file.src_uri] = (page.meta.get("search"), json.loads(entries))
                page.meta["search"] = {"exclude": True}
            return
        self.misses[page.file.src_uri] = (key, len(self.search.entries) if self.search is not None else 0)

    def indexed(self, page) -> None:
        """After the search's on_page_context: a cached page's entries given back in its place,
        a rendered page's entries noted to be kept."""
        uri = page.file.src_uri
        if uri in self.hits:
            search, entries = self.hits.pop(uri)
            if search is None:
                del page.meta["search"]
            else:
                page.meta["search"] = search
            self.search.entries.extend(entries)
        elif uri in self.misses and self.search is not None:
            self.found[uri] = json.dumps(self.search.entries[self.misses[uri][1] :], ensure_ascii=False)

    def keep(self, output: str, page) -> None:
        key, _ = self.misses.pop(page.file.src_uri, (None, 0))
        if key is None:
            return
        entries = self.found.pop(page.file.src_uri, "[]") if self.search is not None else None
        if self.serving:
            SERVED[(self.folder, self.language, page.file.src_uri)] = (key, output, entries)
            return
        try:
            if entries is not None:
                memo.write_atomic(memo.entry(self.folder, key, ".json"), entries)
            memo.write_atomic(memo.entry(self.folder, key, ".html"), output)
        except OSError:
            pass  # a read-only cache still builds, without keeping pages

    def _kept(self, page, key: str) -> tuple[str, str | None] | None:
        """The page's rendering and search entries (JSON) kept under ``key``, or None."""
        if self.serving:
            found = SERVED.get((self.folder, self.language, page.file.src_uri))
            return found[1:] if found is not None and found[0] == key else None
        html, entries = memo.entry(self.folder, key, ".html"), memo.entry(self.folder, key, ".json")
        if not memo.in_cache(html):
            return None
        try:
            text = html.read_text(encoding="utf-8")
            return text, entries.read_text(encoding="utf-8") if memo.in_cache(entries) else None
        except (OSError, UnicodeDecodeError):
            return None
