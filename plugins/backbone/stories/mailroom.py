"""Story e-mails, written beside the page loop by a worker process.

A story's e-mail needs only its own page's HTML, and nothing in the site reads it. So
stories are handed over as their pages are rendered (``BATCH`` at a time), and a worker process renders,
inlines and writes its ``email.html`` and ``email.txt`` on a core the page loop leaves
idle: two new files a story, off the build's critical path.
The monthly digests follow once every story is in (see ``backbone.background``).

A one-off build also keeps each e-mail in the cache (``Shelf``), under the digest of what it is
written from, and publishes it into the site by hard link: the next build publishes the ones
it finds there itself, and starts no worker when it finds them all.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from .. import images, memo
from ..background import Worker
from ..memo import DiskMemo, Memo, direct
from ..render.urls import page_url
from .catalog import Catalog
from .email import MAIL_PICTURES, Mailer, MailPicture, digest_email, hero, memo_salt, size_warning, story_email
from .model import NO_CARDS, Cards, Placed
from .pages import Layout, month_label

# One story as the worker gets it: where it is, its cards and its page's sanitised body.
Letter = tuple[Placed, Cards, str]
Entries = tuple[str, str]  # an e-mail's HTML and text in the cache (Shelf)


@dataclass(frozen=True)
class Shelf:
    """Where a one-off build keeps its e-mails: ``folder``, each e-mail named by the digest of
    what it is written from and ``salt`` (Backbone's code, the installed packages, the
    settings, the build date, the pictures' copies for e-mails)."""

    folder: str
    salt: str

    def entries(self, digest: str) -> Entries:
        key = memo.key(self.salt, digest)
        return tuple(str(memo.entry(self.folder, key, suffix, "email")) for suffix in (".html", ".txt"))


def published(entries: Entries, site_dir: str, dests: tuple[str, str]) -> int | None:
    """Publish an e-mail kept in the cache at ``dests``: the size of its HTML in bytes, or None
    (nothing published) when the cache does not hold both of its files."""
    if not all([memo.in_cache(entry) for entry in entries]):
        return None
    for entry, dest in zip(entries, dests):
        path = os.path.join(site_dir, dest)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        memo.publish(entry, path)
    return os.path.getsize(entries[0])


@dataclass(frozen=True)
class Postage:
    """Everything writing an e-mail needs besides the story: sent once to the worker."""

    mailer: Mailer
    layout: Layout
    site_dir: str
    cache_dir: str | None = None
    docs_dir: str | None = None  # where the stories' pictures are, to size the e-mail's hero
    pictures: Mapping[str, MailPicture] = field(default_factory=dict)  # site path → its copy for e-mails

    def memo(self) -> Memo:
        return DiskMemo(Path(self.cache_dir), memo_salt()) if self.cache_dir else direct

    def story(
        self, placed: Placed, cards: Cards, content: str, memo: Memo, entries: Entries | None = None
    ) -> str | None:
        """Write one story's e-mail (kept in ``entries`` too); a warning when it is too large for Gmail."""
        html, text = story_email(
            placed, cards, content, self.mailer, memo, hero(placed, cards, self._picture(placed)), self.pictures
        )
        self._write(self.story_files(placed), (html, text), entries)
        return self.story_said(placed, html)

    def story_files(self, placed: Placed) -> tuple[str, str]:
        return tuple(self.layout.asset(placed.story.slug, name) for name in ("email.html", "email.txt"))

    def story_said(self, placed: Placed, html: str | int) -> str | None:
        return size_warning(f"{placed.story.file}: its e-mail ({self.story_files(placed)[0]})", html)

    def picture_key(self, placed: Placed) -> str:
        """What an e-mail reads of the story's picture beyond ``pictures`` (their copies, in the
        shelf's salt): the digest of the picture itself, when the e-mail shows it as it is."""
        path = placed.image_path
        if path in self.pictures or not (self.docs_dir and path and path.lower().endswith(MAIL_PICTURES)):
            return ""
        return memo.content_digest(Path(self.docs_dir) / path)

    def _picture(self, placed: Placed) -> MailPicture | None:
        """The story's picture as e-mails show it: its copy for e-mails, or the picture itself
        (checked when it was loaded), if a mail client can show it."""
        path = placed.image_path
        if path in self.pictures:
            return self.pictures[path]
        if not (self.docs_dir and path and path.lower().endswith(MAIL_PICTURES)):
            return None
        return MailPicture(path, *images.display_size(Path(self.docs_dir) / path))

    def digest(
        self, month: str, stories: list[tuple[Placed, Cards]], memo: Memo, entries: Entries | None = None
    ) -> str | None:
        index_url = self.mailer.site_url + page_url(self.layout.index_src, self.layout.directory_urls)
        html, text = digest_email(month, month_label(month, self.mailer.formats), stories, self.mailer, index_url, memo)
        self._write(self.digest_files(month), (html, text), entries)
        return self.digest_said(month, html)

    def digest_files(self, month: str) -> tuple[str, str]:
        return tuple(self.layout.digest(month, name) for name in ("email.html", "email.txt"))

    def digest_said(self, month: str, html: str | int) -> str | None:
        return size_warning(f"the newsletter of {month} ({self.digest_files(month)[0]})", html)

    def _write(self, rels: tuple[str, str], texts: tuple[str, str], entries: Entries | None) -> None:
        """The e-mail's files into the site; with ``entries``, kept in the cache and linked from there."""
        for rel, text, entry in zip(rels, texts, entries or (None, None)):
            path = Path(self.site_dir) / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if entry is None:
                path.unlink(missing_ok=True)  # a link to a cache entry: never written through
                path.write_text(text, encoding="utf-8", newline="\n")
            else:
                memo.write_atomic(entry, text, readonly=True)
                memo.publish(entry, str(path))


# Stories per job. Each job costs the build process's executor threads CPU on its one
# busy core (queueing, a wake-up, a result to collect) whatever its size: a job a story
# added up at a thousand stories; a job per 50 stories costs next to nothing.
BATCH = 50


class Mailroom:
    """Takes stories as their pages are rendered; ``close`` waits and returns the warnings."""

    def __init__(self, postage: Postage, *, background: bool = True, standing: bool = False):
        self._worker = Worker(_start, (postage,), background=background, standing="mail" if standing else None)
        self._batch = BATCH  # read here, so that a test may set the module's BATCH
        self._posted: set[str] = set()
        self._held: set[str] = set()  # stories whose e-mails the preview's folder holds (written.py)
        # where a one-off build keeps each e-mail it writes (Shelf): by slug, and 'digest:<month>'
        self.entries: dict[str, Entries] = {}
        self._pending: list[tuple[Placed, Cards, str, Entries | None]] = []
        self._jobs: list = []  # each: {slug: warning or None} of a batch
        self._digests: dict[str, object] = {}  # month → its job

    def hold(self, slug: str) -> None:
        """The folder holds this story's e-mail: written only should its month's digest need it."""
        self._held.add(slug)

    def here(self) -> None:
        """Write in this process (a few letters: no worker to start); before anything is posted."""
        self._worker.run_here()

    def post(self, placed: Placed, cards: Cards, content: str) -> None:
        """Write the e-mail of ``placed``'s story, with its cards and sanitised body."""
        slug = placed.story.slug
        if slug in self._posted:
            return
        self._posted.add(slug)
        self._pending.append((placed, cards, content, self.entries.get(slug)))
        if len(self._pending) >= self._batch:
            self._send()

    def _send(self) -> None:
        if self._pending:
            self._jobs.append(self._worker.submit(_stories, self._pending))
            self._pending = []

    def post_digests(
        self,
        catalog: Catalog,
        places: Mapping[str, Placed],
        cards: Mapping[str, Cards],
        content: Mapping[str, str],
        months: Mapping[str, list] | None,
    ) -> None:
        """Every story not posted nor held yet (with the body of its page, if rendered), then
        the digests of ``months`` (None: no newsletter), each with its stories."""

        def post(story) -> None:
            self.post(places[story.slug], cards.get(story.slug, NO_CARDS), content.get(story.slug, ""))

        for story in catalog:
            if story.slug not in self._held:
                post(story)
        for stories in (months or {}).values():
            for story in stories:
                post(story)  # the worker makes a digest of stories it was given
        self._send()
        self._digests = {
            month: self._worker.submit(_digest, month, [s.slug for s in stories], self.entries.get(f"digest:{month}"))
            for month, stories in (months or {}).items()
        }

    def close(self) -> tuple[dict[str, str | None], dict[str, str | None]]:
        """Wait for every e-mail: what each story's and each month's said (a warning or None)."""
        try:
            self._send()
            warnings: dict[str, str | None] = {}
            for job in self._jobs:
                warnings.update(job.result())
            return warnings, {month: job.result() for month, job in self._digests.items()}
        finally:
            self.abort()

    def abort(self) -> None:
        self._worker.close()


# --- in the worker ----------------------------------------------------------------------
_POSTAGE: Postage | None = None
_MEMO: Memo | None = None
_STORIES: dict[str, tuple[Placed, Cards]] = {}  # every story received, for the digests


def _start(postage: Postage) -> None:
    global _POSTAGE, _MEMO
    _POSTAGE, _MEMO = postage, postage.memo()
    _STORIES.clear()


def _stories(letters: list[tuple[Placed, Cards, str, Entries | None]]) -> dict[str, str | None]:
    warnings = {}
    for placed, cards, content, entries in letters:
        slug = placed.story.slug
        _STORIES[slug] = (placed, cards)
        warnings[slug] = _POSTAGE.story(placed, cards, content, _memo([placed]), entries)
    return warnings


def _digest(month: str, slugs: list[str], entries: Entries | None = None) -> str | None:
    stories = [_STORIES[slug] for slug in slugs]
    return _POSTAGE.digest(month, stories, _memo([placed for placed, _ in stories]), entries)


def _memo(places: list[Placed]) -> Memo:
    """The cache, unless a draft is in the e-mail (`mkdocs serve`): nothing of a draft is kept."""
    return direct if any(placed.story.draft for placed in places) else _MEMO
