"""The feeds feature: RSS, Atom and JSON Feed of the stories (all, per tag, per partner) and reviews."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ..background import Worker
from ..context import BuildContext
from ..feeds.formats import WRITERS, write_feeds
from ..feeds.page import feeds_page
from ..feeds.sources import make_feed, plan, review_entry, stories_for, story_entry
from ..problems import Problem
from ..render.urls import page_url
from ..stories.model import NO_CARDS
from .common import Feature, add_page

MIME = {"rss": "application/rss+xml", "atom": "application/atom+xml", "json": "application/feed+json"}
LABEL = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}
FEW_FEEDS = 12  # this many feeds are written in the build's own process: a worker costs more to start


class FeedsFeature(Feature):
    """RSS, Atom and JSON Feed of the stories (all, per tag, per partner) and reviews."""

    name = "feeds"

    def __init__(self, config):
        super().__init__(config)
        self._worker: Worker | None = None  # writes the feeds; one per build, from the files step
        self._job = None  # its job, once the feeds are sent
        self._sent: list = []  # (key, model output) of each feed sent to it

    def has_data(self, ctx: BuildContext) -> bool:
        return ctx.story_slugs is not None  # feeds are made of the stories

    def missing(self, ctx: BuildContext) -> str:
        return "feeds are enabled but stories are off; feeds are made of the stories: add one with `backbone new story`"

    # After stories and learning (see PIPELINE).
    def configure(self, ctx: BuildContext, config: MkDocsConfig) -> None:
        # option problems join the one list (with the data's), as every problem does
        if self.config.limit < 1:
            ctx.problems.append(
                Problem(
                    ctx.config_name,
                    0,
                    "feeds.limit",
                    f"'limit' is how many entries each feed carries; it must be 1 or more, not {self.config.limit}",
                )
            )
        if not ctx.settings.site_url:
            ctx.problems.append(
                Problem(
                    ctx.config_name,
                    0,
                    "site_url",
                    "site_url is required for the feeds, because feed readers and newsletter tools need absolute "
                    f"addresses. Add it to {ctx.config_name}, e.g. 'site_url: https://partnership.example.org/'",
                )
            )
        self.site_url = (ctx.settings.site_url or "").rstrip("/") + "/"

    def files(self, ctx: BuildContext, files: Files, config: MkDocsConfig) -> None:
        catalog = ctx.catalog
        learning = self.config.learning and ctx.reviews is not None
        self.specs = plan(
            ctx.project,
            catalog,
            ctx.story_layout,
            ctx.settings.use_directory_urls,
            learning=learning,
            per_tag=self.config.per_tag,
            per_partner=self.config.per_partner,
            fm=ctx.formats,
        )
        self.reviews = {r.src_uri: r for r in ctx.reviews if not r.meta.draft} if learning else {}
        counts = {
            spec.key: min(
                self.config.limit, len(self.reviews if spec.key == "learning" else stories_for(spec, catalog))
            )
            for _, spec in self.specs
        }
        add_page(
            files,
            config,
            ctx,
            feeds_page(
                self.specs,
                counts,
                self.site_url,
                ctx.project.identity.name,
                ctx.settings.use_directory_urls,
                ctx.formats,
            ),
        )
        self.by_home = {}
        for _, spec in self.specs:
            self.by_home.setdefault(spec.home_path, []).append(spec)
        self.close()
        if not ctx.checking:
            self._worker, self._job = Worker(standing="feeds" if ctx.serving else None), None

    def feed_links(self, ctx: BuildContext, context, *, page: Page, config: MkDocsConfig, nav):
        """Every page links the main feed; tag and partner pages also their own."""
        main = self.specs[0][1]
        own = [spec for spec in self.by_home.get(page.url, []) if spec is not main]
        context["backbone_feeds"] = [
            dict(type=MIME[ext], title=f"{spec.title} ({LABEL[ext]})", href=f"{self.site_url}feeds/{spec.key}.{ext}")
            for spec in [main, *own]
            for ext in WRITERS
        ]
        return context

    def send(self, ctx: BuildContext, files: Files, config: MkDocsConfig) -> None:
        """Every feed, as the model holds it, to the worker that writes their files while the
        theme renders the pages (see PIPELINE)."""
        if self._worker is None:
            return
        # in the preview, only the feeds its folder does not hold (written.py); a few here
        self._sent = [
            (key, output)
            for key, output in ctx.model.feeds.items()
            if not ctx.written.holds(f"feed:{key}", output.digest, output.dest_uris)[0]
        ]
        if len(self._sent) <= FEW_FEEDS:
            self._worker.run_here()
        if self._sent:
            feeds = [(key, output.value) for key, output in self._sent]
            self._job = self._worker.submit(write_feeds, str(config.site_dir), feeds)

    def feeds(self, ctx: BuildContext, files: Files, config: MkDocsConfig) -> list:
        """Each feed's key and values, for the model (adapters/model.py): the bodies, cards and
        channel picture are all known by the end of the files phase."""
        project, site_url = ctx.project, self.site_url
        published = ctx.catalog.published
        entries = {
            s.slug: story_entry(
                ctx.story_places[s.slug],
                ctx.story_cards.get(s.slug, NO_CARDS),
                ctx.story_html.get(s.slug),
                project,
                site_url,
                lambda path: _published(files, config, path),
            )
            for s in published
        }
        # the light-background logo as a PNG where previews publish one (RSS 2.0 takes no SVG;
        # feed readers show it on white, so never the reversed logo)
        icon = ctx.channel_image or ctx.assets.icon
        feeds = []
        for _, spec in self.specs:
            if spec.key == "learning":
                chosen = [
                    review_entry(
                        r,
                        ctx.review_html.get(uri, ""),
                        project,
                        site_url,
                        page_url(uri, ctx.settings.use_directory_urls),
                        ctx.formats,
                    )
                    for uri, r in sorted(self.reviews.items())
                ]
            else:
                chosen = [entries[s.slug] for s in stories_for(spec, ctx.catalog)]
            feeds.append((spec.key, make_feed(spec, chosen, project, site_url, self.config.limit, icon)))
        return feeds

    def write(self, ctx: BuildContext, *, config: MkDocsConfig) -> None:
        try:
            if self._job is not None:
                self._job.result()
                for key, output in self._sent:
                    ctx.written.wrote(f"feed:{key}", output.digest)
        finally:
            self.close()

    def close(self, ctx: BuildContext | None = None, **_) -> None:
        if self._worker is not None:
            self._worker.close()
            self._worker = None


def _published(files: Files, config: MkDocsConfig, path: str) -> Path:
    """The file whose bytes the site publishes at ``path``: its cache entry or the author's file."""
    file = files.get_file_from_path(path)
    return Path(file.abs_src_path) if file is not None and file.abs_src_path else Path(config.docs_dir) / path
