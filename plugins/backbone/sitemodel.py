"""The site model: one frozen value of the whole site, made once the project is read and
checked and the files phase has made what it makes.

Every page (its address, title, body and table of contents where the core renders them,
its sections), every published file (assets) and every output (feeds, charts, cards, CSV
downloads, pictures, the report), each with the digest of its inputs under the one
cache-key recipe, ``memo.key``: the same inputs give the same digest, and a change to any
of them gives another (tests/test_sitemodel.py). Frozen dataclasses, tuples and
MappingProxyType: nothing reading it can change it, and nothing is filled in later.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType

from . import memo
from .settings import Settings
from .spool import Spool, Spooled


def _code() -> str:
    """The code whose change changes every digest: this module's."""
    return memo.code_digest(__file__)


@dataclass(frozen=True)
class Page:
    src_uri: str
    url: str
    dest_uri: str
    title: str | None  # None: the engine's (the first heading, the file's name)
    # Where the build's spool (spool.py) holds the HTML made by the core (generated pages,
    # stories, reviews, authors' pages); None: the engine's. The model holds every page the
    # whole build: in memory, even as UTF-8, a thousand stories' pages took 20 MiB.
    html: Spooled | None
    toc: tuple  # the toc tokens of a body the core rendered, frozen (render.markdown.Rendered.toc)
    sections: tuple[tuple[str, Spooled], ...]  # (feature, HTML in the spool) other features add to the page, in order
    generated: bool  # made by Backbone from the data, not an author's file
    digest: str  # of its inputs: its source text, its body, title, toc, sections, address, the settings

    @property
    def body(self) -> str | None:
        """The page's HTML, read again each time: hold it no longer than needed."""
        return None if self.html is None else self.html.text()


@dataclass(frozen=True)
class Asset:
    """A published file that is not a page: ``content`` made in memory, or ``source`` on disk
    (an author's file, or a cache entry named by its key)."""

    dest_uri: str
    kind: str  # the cache folder it comes from (charts, cards, pictures...), 'csv', or 'file'
    source: str | None
    content_digest: str | None  # of ``content`` when made in memory

    @cached_property
    def digest(self) -> str:
        """Of its bytes: a cache entry's key where this build made or found it (``memo.made``),
        else its bytes hashed on first reading (authors' files are not read until asked)."""
        if self.content_digest is not None:
            return self.content_digest
        return memo.content_digest(self.source) if self.source else memo.digest(b"")


@dataclass(frozen=True)
class Output:
    """A file the build writes from the model (a feed in its three formats, a chart...)."""

    kind: str  # 'feed', 'charts', 'cards', 'csv', 'pictures', 'report', ...
    dest_uris: tuple[str, ...]
    digest: str  # of its inputs
    value: object = None  # what its writer writes it from, where the model holds it (a feed: feeds.model.Feed)


@dataclass(frozen=True)
class SiteModel:
    settings: Settings
    pages: Mapping[str, Page]  # src_uri → page
    assets: Mapping[str, Asset]  # dest_uri → file
    feeds: Mapping[str, Output]  # feed key → its files and the Feed the worker writes them from
    emails: Mapping[str, Output]  # a story's e-mail, by its HTML file

    def outputs(self) -> Mapping[str, Output]:
        """Every output by its first file: the feeds, and the assets the build made (charts,
        cards, pictures, CSV downloads, the report), each with its digest."""
        made = {a.dest_uri: Output(a.kind, (a.dest_uri,), a.digest) for a in self.assets.values() if a.kind != "file"}
        feeds = {o.dest_uris[0]: o for o in self.feeds.values()}
        return MappingProxyType({**made, **feeds, **self.emails})


def page(
    settings: Settings,
    spool: Spool,
    src_uri: str,
    url: str,
    dest_uri: str,
    *,
    source: str = "",
    title: str | None = None,
    body: str | Spooled | None = None,
    toc: tuple = (),
    sections: Iterable[tuple[str, str]] = (),
    generated: bool = False,
) -> Page:
    """One page of the model, with the digest of everything it is made from. ``body``: its
    HTML, already spooled (a thousand pages are never held at once), or as text, put in
    ``spool``."""
    if isinstance(body, str):
        body = spool.put(body)
    data = body.read() if body is not None else None
    # HTML (Markup, a str) taken as it is: str() of it would be a copy
    sections = tuple((str(feature), html if isinstance(html, str) else str(html)) for feature, html in sections)
    digest = memo.key(
        _code(),
        settings.digest(),
        memo.digest(source),
        memo.digest(data if data is not None else "\0none"),
        memo.digest(repr(toc)),
        params=[src_uri, url, dest_uri, title, generated, [list(s) for s in sections]],
    )
    # spooled like the body: a partner's or a metric's page lists hundreds of stories
    held = tuple((feature, spool.put(html)) for feature, html in sections)
    return Page(src_uri, url, dest_uri, title, body, toc, held, generated, digest)


def asset(settings: Settings, dest_uri: str, *, source: str | None = None, content: bytes | str | None = None) -> Asset:
    """One published file of the model, its kind told from where it comes from."""
    if content is not None:
        kind = "csv" if dest_uri.endswith(".csv") else "file"
        return Asset(dest_uri, kind, None, memo.digest(content))
    kind = "file"
    if source:
        cache = os.path.abspath(settings.cache_root)
        path = os.path.abspath(source)
        if path.startswith(cache + os.sep):  # the cache's folder it is in: charts, cards, pictures...
            kind = path[len(cache) + 1 :].split(os.sep, 1)[0]
    return Asset(dest_uri, kind, source, None)


def feed(key: str, value, code: str, formats: Iterable[str]) -> Output:
    """A feed (its file in each format) with the digest of the values it is written from
    (``value``: frozen dataclasses, whose repr is their whole content) and of ``code``."""
    dests = tuple(f"feeds/{key}.{ext}" for ext in formats)
    return Output("feed", dests, memo.key(code, memo.digest(repr(value))), value)


def site_model(
    settings: Settings,
    pages: Iterable[Page],
    assets: Iterable[Asset],
    feeds: Iterable[Output],
    emails: Iterable[Output] = (),
) -> SiteModel:
    return SiteModel(
        settings,
        MappingProxyType({p.src_uri: p for p in pages}),
        MappingProxyType({a.dest_uri: a for a in assets}),
        MappingProxyType({o.dest_uris[0].removeprefix("feeds/").rsplit(".", 1)[0]: o for o in feeds}),
        MappingProxyType({o.dest_uris[0]: o for o in emails}),
    )
