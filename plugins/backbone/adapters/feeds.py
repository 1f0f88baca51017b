"""backbone/feeds: RSS, Atom and JSON Feed of the stories (all, per tag, per partner) and reviews."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ..background import Worker
from ..feeds.formats import WRITERS, write_feeds
from ..feeds.page import feeds_page
from ..feeds.sources import make_feed, plan, review_entry, stories_for, story_entry
from ..render.sanitise import portable_html
from ..render.urls import page_url
from .common import IDENTITY, add_page, project_of

MIME = {"rss": "application/rss+xml", "atom": "application/atom+xml", "json": "application/feed+json"}
LABEL = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}


class FeedsConfig(Config):
    limit = c.Type(int, default=20)
    """Entries in each feed, newest first."""
    per_tag = c.Type(bool, default=True)
    """A feed for each tag of the stories."""
    per_partner = c.Type(bool, default=True)
    """A feed for each partner that has stories."""
    learning = c.Type(bool, default=True)
    """A feed of the learning reviews (when backbone/learning is enabled)."""


class FeedsPlugin(BasePlugin[FeedsConfig]):
    _worker: Worker | None = None  # writes the feeds; one per build, from on_files
    _job = None  # its job, once the feeds are sent

    @event_priority(-20)  # after backbone/stories has read the stories
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.config.limit < 1:
            raise PluginError(f"backbone/feeds: 'limit' is how many entries each feed carries; it must be 1 or more, not {self.config.limit}")
        if not config.site_url:
            raise PluginError(
                "backbone/feeds: site_url is required, because feed readers and newsletter tools need absolute "
                "addresses. Add it to site_config.yml, e.g. 'site_url: https://partnership.example.org/'"
            )
        self.stories = config.plugins.get("backbone/stories")
        if self.stories is None:
            raise PluginError("backbone/feeds needs backbone/stories: list '- backbone/stories' before '- backbone/feeds' under 'plugins:'")
        self.project = project_of(config, "backbone/feeds")
        self.site_url = config.site_url.rstrip("/") + "/"
        self.learning = config.plugins.get("backbone/learning") if self.config.learning else None
        self.review_html: dict[str, str] = {}
        return config

    @event_priority(-60)  # after stories and learning know what they publish
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        catalog = self.stories.catalog
        self.specs = plan(
            self.project, catalog, self.stories.layout, config.use_directory_urls,
            learning=self.learning is not None, per_tag=self.config.per_tag, per_partner=self.config.per_partner,
        )
        self.reviews = {r.src_uri: r for r in self.learning.reviews if not r.meta.draft} if self.learning else {}
        counts = {spec.key: min(self.config.limit, len(self.reviews if spec.key == "learning" else stories_for(spec, catalog))) for _, spec in self.specs}
        add_page(files, config, feeds_page(self.specs, counts, self.site_url, self.project.identity.name, config.use_directory_urls))
        self.by_home = {}
        for _, spec in self.specs:
            self.by_home.setdefault(spec.home_path, []).append(spec)
        self._close()
        self._worker, self._job = Worker(), None
        return files

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri in self.reviews:
            self.review_html[page.file.src_uri] = portable_html(html, self.site_url + page.url)
        return html

    def on_page_context(self, context, /, *, page: Page, config: MkDocsConfig, nav):
        """Every page links the main feed; tag and partner pages also their own."""
        if self._job is None:
            # MkDocs has read every page and copied the cards: the feeds are complete, and a
            # worker process writes them while the theme renders the pages.
            self._send(config)
        main = self.specs[0][1]
        own = [spec for spec in self.by_home.get(page.url, []) if spec is not main]
        context["backbone_feeds"] = [
            dict(type=MIME[ext], title=f"{spec.title} ({LABEL[ext]})", href=f"{self.site_url}feeds/{spec.key}.{ext}")
            for spec in [main, *own]
            for ext in WRITERS
        ]
        return context

    def _send(self, config: MkDocsConfig) -> None:
        """Every feed, as data, to the worker that writes their files."""
        project, site_url = self.project, self.site_url
        published = self.stories.catalog.published
        entries = {s.slug: story_entry(s, project, site_url, Path(config.site_dir)) for s in published}
        icon = config.plugins[IDENTITY].assets.header_logo
        feeds = []
        for _, spec in self.specs:
            if spec.key == "learning":
                chosen = [
                    review_entry(r, self.review_html.get(uri, ""), project, site_url, page_url(uri, config.use_directory_urls))
                    for uri, r in sorted(self.reviews.items())
                ]
            else:
                chosen = [entries[s.slug] for s in stories_for(spec, self.stories.catalog)]
            feeds.append((spec.key, make_feed(spec, chosen, project, site_url, self.config.limit, icon)))
        self._job = self._worker.submit(write_feeds, str(config.site_dir), feeds)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        try:
            if self._job is None:  # a site without pages
                self._send(config)
            self._job.result()
        finally:
            self._close()

    def _close(self) -> None:
        if self._worker is not None:
            self._worker.close()
            self._worker = None

    def on_build_error(self, *, error: Exception) -> None:
        self._close()

    def on_shutdown(self) -> None:
        self._close()
