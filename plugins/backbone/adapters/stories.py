"""backbone/stories: vignettes as pages, cards, a reuse kit, e-mails and newsletter digests.

A thin adapter: loading, checking, drawing and rendering live in ``backbone.stories``.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ..problems import DataError
from ..render.urls import Linker
from ..render import sanitise
from ..stories import pages, share
from ..stories import site as story_site
from ..stories.catalog import Catalog
from ..stories.load import load_stories, remote_pictures, remote_problem
from ..stories.references import fetched, is_remote
from ..stories.mailroom import Mailroom, Postage
from ..stories.model import Story
from .common import IDENTITY, add_asset, add_page, cache_folder, project_of, reported

log = get_plugin_logger(__name__)
METRICS = "backbone/metrics"


class StoriesConfig(Config):
    folder = c.Type(str, default="stories")
    """Folder of the story files inside docs_dir; also their URL prefix (/stories/<slug>/)."""
    per_page = c.Type(int, default=12)
    """Stories per page of the index."""
    related = c.Type(int, default=3)
    """Related stories shown under each story."""
    future = c.Type(bool, default=False)
    """Publish stories dated in the future (by default they wait for their date)."""
    trust_html = c.Type(bool, default=False)
    """Show raw HTML of stories unsanitised on the page (e-mail and feeds are always sanitised)."""
    stale_claims = c.Choice(("info", "warn", "error"), default="info")
    """How to report a claim of a period when a newer one exists: in the log, as a warning, or as an error."""
    cache_dir = c.Type(str, default=".cache/backbone/cards")
    """Where drawn cards are kept between builds (relative to the configuration file)."""
    email_cache_dir = c.Type(str, default=".cache/backbone/emails")
    """Where inlined e-mail HTML and plain text are kept between builds."""
    workers = c.Type(int, default=0)
    """Processes drawing cards (0: one per CPU, at most 8)."""
    newsletter = c.Type(bool, default=True)
    """Publish monthly digests at /newsletter/."""
    remote_images = c.Type(bool, default=False)
    """Let story bodies show pictures from other sites (each one a warning): by default they are
    refused, because every reader's browser, mail client and feed reader would fetch them there."""


class StoriesPlugin(BasePlugin[StoriesConfig]):
    def __init__(self):
        self.serving = False
        self.catalog: Catalog | None = None
        self.layout: pages.Layout | None = None
        self.cards_drawn = 0
        self.mailroom: Mailroom | None = None
        self._by_src: dict[str, Story] = {}
        self._remote: set[tuple[str, str]] = set()  # (story file, address) of remote pictures seen

    def story_slugs(self) -> list[str]:
        """Published slugs, for other features that link to stories."""
        return self.catalog.story_slugs() if self.catalog else []

    def unpublished(self) -> dict[str, str]:
        """Why each story that is not on this build's site is left out, by slug."""
        return self.catalog.unpublished(story_site.today()) if self.catalog else {}

    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"

    @event_priority(-10)  # after backbone/metrics has built its figures
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        project = project_of(config, "backbone/stories")
        metrics = config.plugins.get(METRICS)
        figures = getattr(metrics, "figures", None) if metrics is not None else None
        if self.config.per_page < 1:
            raise PluginError("backbone/stories: per_page must be 1 or more")
        with reported():
            stories = load_stories(
                project, Path(config.docs_dir), figures,
                folder=self.config.folder, today=story_site.today(), future=self.config.future,
            )
        self._remote = self._check_remote(stories)
        if stories and not config.site_url:
            raise PluginError(
                "backbone/stories: site_url is required once there are stories, because cards, share links "
                "and e-mails need absolute addresses. Add it to site_config.yml, e.g. 'site_url: https://partnership.example.org/'"
            )
        self.layout = pages.Layout(self.config.folder, config.use_directory_urls)
        story_site.place(stories, self.layout, config.site_url or "")
        self.catalog = Catalog(stories, include_drafts=self.serving)
        self._by_src = {s.src_uri: s for s in self.catalog.all}
        config.plugins[IDENTITY].own_pages.update(self._by_src)
        self._report_claims()
        config.plugins[IDENTITY].partner_sections.append(self._partner_section)
        if metrics is not None and hasattr(metrics, "metric_sections"):
            metrics.metric_sections.append(self._metric_section)
        return config

    def _check_remote(self, stories: list[Story]) -> set[tuple[str, str]]:
        """Refuse pictures from other sites, or warn of each one where the site allows them;
        returns (story file, address) of each."""
        allowed = self.config.remote_images
        found = remote_pictures(stories)
        problems = [remote_problem(story, line, url, allowed) for story, line, url in found]
        if problems and not allowed:
            raise PluginError(DataError(problems).report())
        for problem in problems:
            log.warning(str(problem))
        return {(story.file, url) for story, _, url in found}

    def _check_rendered(self, story: Story, html: str) -> None:
        """A remote picture the Markdown scan missed (written by an extension, say) is
        refused or warned of as the scan would have."""
        for url in fetched(html):
            if not is_remote(url) or (story.file, url) in self._remote:
                continue
            self._remote.add((story.file, url))
            lines = story.body.split("\n")
            line = next((story.body_line + i for i, text in enumerate(lines) if url in text), story.body_line)
            problem = remote_problem(story, line, url, self.config.remote_images)
            if not self.config.remote_images:
                raise PluginError(DataError([problem]).report())
            log.warning(str(problem))

    def _report_claims(self) -> None:
        claims = self.catalog.stale_claims()
        if not claims:
            return
        head = f"{len(claims)} stor{'y cites' if len(claims) == 1 else 'ies cite'} an older period than the newest (see /{self.config.folder}/claims/):"
        text = "\n".join([head, *(f"  {claim}" for claim in claims)])
        if self.config.stale_claims == "error":
            raise PluginError(text)
        (log.warning if self.config.stale_claims == "warn" else log.info)(text)

    def _partner_section(self, project, partner, link: Linker) -> str:
        stories = self.catalog.by_partner.get(partner.id, [])
        return pages.story_list_section(stories, link, f"Stories with {partner.label}", "stories")

    def _metric_section(self, metric_id: str, link: Linker) -> str:
        stories = self.catalog.by_metric.get(metric_id, [])
        return pages.story_list_section(stories, link, "Stories that cite this metric", "stories")

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        project = project_of(config, "backbone/stories")
        layout, catalog = self.layout, self.catalog
        for file in list(files):
            story = self._by_src.get(file.src_uri)
            if story is None:
                continue
            # Out of the navigation; drafts only in `mkdocs serve` (MkDocs' own draft level).
            file.inclusion = InclusionLevel.DRAFT if story.draft else InclusionLevel.NOT_IN_NAV
            file.dest_uri = story.page_path + "index.html" if config.use_directory_urls else story.page_path
            file.url = story.page_path
            file.abs_dest_path = os.path.normpath(os.path.join(file.dest_dir, file.dest_uri))
        if not self.serving:
            self._leave_out_draft_pictures(files)
        if getattr(self, "checking", False):  # `backbone check`: nothing to draw
            return files
        with reported():
            made, self.cards_drawn = story_site.draw_cards(catalog, project, layout, cache_folder(config, self.config.cache_dir), self.config.workers)
        log.info(f"{self.cards_drawn} card{'s' if self.cards_drawn != 1 else ''} drawn, {len(made) - self.cards_drawn} from the cache")
        for site_path, cached in sorted(made.items()):
            add_asset(files, config, site_path, source=cached, cached=True)
        for page in pages.index_pages(catalog, layout, self.config.per_page, project.identity.name):
            add_page(files, config, page, in_nav=page.src_uri == layout.index_src)
        for page in pages.tag_pages(catalog, layout):
            add_page(files, config, page, in_nav=False)
        add_page(files, config, pages.claims_page(catalog.stale_claims(), layout), in_nav=False)
        if self.config.newsletter:
            add_page(files, config, pages.newsletter_page(catalog, layout, project.identity.name), in_nav=False)
        for alias, story in sorted(catalog.aliases().items()):
            html = pages.redirect_html(story.url, story.title)
            files.append(File.generated(config, f"{layout.folder}/{alias}/index.html", content=html))
        self._open_mailroom(project, config)
        return files

    def _leave_out_draft_pictures(self, files: Files) -> None:
        """A draft's pictures are not published until a published page shows or links to them."""
        def others():
            for file in files.documentation_pages():
                if file.src_uri not in self._by_src and not file.generated_by:
                    try:
                        yield file.src_uri, file.content_string
                    except (OSError, UnicodeDecodeError):
                        continue  # reported when the page itself is read

        left_out = story_site.draft_pictures(self.catalog.all, others())
        for path in sorted(left_out):
            if (file := files.get_file_from_path(path)) is not None:
                files.remove(file)
        if left_out:
            log.info(f"{len(left_out)} picture{'s' if len(left_out) != 1 else ''} shown only by draft stories left out of the site")

    def _open_mailroom(self, project, config: MkDocsConfig) -> None:
        """Start the e-mail worker now: it gets each story as soon as its page is rendered."""
        self._close_mailroom()  # one left by a failed build of `mkdocs serve`
        postage = Postage(
            story_site.mailer(project, config.site_url or ""), self.layout, str(Path(config.site_dir)),
            str(cache_folder(config, self.config.email_cache_dir)),
        )
        self.mailroom = Mailroom(postage)

    def _close_mailroom(self) -> None:
        if self.mailroom is not None:
            self.mailroom.abort()
            self.mailroom = None

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        story = self._by_src.get(page.file.src_uri)
        if story is not None:
            # Escaped for the theme by backbone/identity, with every page's.
            page.meta["title"] = story.title
            page.meta["description"] = story.summary
            page.meta["author"] = story.author
        return markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        story = self._by_src.get(page.file.src_uri)
        if story is None:
            return html
        project = project_of(config, "backbone/stories")
        self._check_rendered(story, html)
        # Feeds and e-mails always get the sanitised body with absolute URLs.
        story.content_html = sanitise.portable_html(html, story.url, remote_pictures=self.config.remote_images)
        if self.mailroom is not None and self.catalog.by_slug.get(story.slug) is story:
            self.mailroom.post(story)
        link = Linker(self.layout.story_src(story.slug), config.use_directory_urls)
        size = None
        if story.image_path:
            size = story_site.image_size(Path(config.docs_dir) / story.image_path)
        note = None
        if story.draft:
            note = "This story is not published: it is a draft or dated in the future. Only `mkdocs serve` shows it."
        top = pages.story_top(story, link, self.layout, image_size=size, serve_note=note)
        bottom = pages.story_bottom(
            story, link, self.layout, self.catalog, project=project,
            partner_logos=config.plugins[IDENTITY].assets.partner_logos, related=self.config.related,
        )
        # The body never carries an id of the page's own (the reuse kit's, the headings').
        body = html if self.config.trust_html else sanitise.page_html(html, reserved=sanitise.ids_in(top + bottom), remote_pictures=self.config.remote_images)
        return f'<article class="bb-story">\n{top}<div class="bb-story-body">\n{body}\n</div>\n{bottom}</article>\n'

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        story = self._by_src.get(page.file.src_uri)
        if story is None:
            return output
        ident = project_of(config, "backbone/stories").identity
        tags = share.meta_tags(story, ident.name, ident.language)
        return output.replace("</head>", tags + "</head>", 1)

    # The digests go to the e-mail worker first, so that it writes them while the feeds
    # are built; the warnings are collected last.
    @event_priority(50)
    def _send_digests(self, *, config: MkDocsConfig) -> None:
        if self.mailroom is not None:
            self.mailroom.post_digests(self.catalog, self.config.newsletter)

    @event_priority(-100)
    def _collect_mail(self, *, config: MkDocsConfig) -> None:
        if self.mailroom is None:
            return
        mailroom, self.mailroom = self.mailroom, None
        for warning in mailroom.close(self.catalog):
            log.warning(warning)

    on_post_build = CombinedEvent(_send_digests, _collect_mail)

    def on_build_error(self, *, error: Exception) -> None:
        self._close_mailroom()

    def on_shutdown(self) -> None:
        self._close_mailroom()
