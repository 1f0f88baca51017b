"""backbone/learning: reviews, the action tracker and the community's voice."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page

from ..clock import build_date
from ..learning import pages
from ..learning.reviews import Review, check_references, read_reviews
from ..learning.tracker import track
from ..learning.voices import check_voices, published, published_actions, read_voices
from ..problems import DataError
from ..render import sanitise
from ..render.urls import Linker
from .common import add_page, project_of, reported

log = get_plugin_logger(__name__)


class LearningConfig(Config):
    folder = c.Type(str, default="learning")
    """Folder of the reviews, inside the docs folder."""
    voices = c.Type(bool, default=True)
    """Publish /voices/ from data/voices.yml (consented quotes only)."""


class LearningPlugin(BasePlugin[LearningConfig]):
    def __init__(self):
        self.reviews: list[Review] = []  # published reviews, for feeds and other features
        self._by_src: dict[str, Review] = {}
        self.serving = False

    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.project = project_of(config, "backbone/learning")
        self.tracked = []
        config.plugins["backbone/identity"].partner_sections.append(self._partner_section)
        return config

    @event_priority(-50)  # after the stories and metrics plugins know their ids
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        project = self.project
        docs = Path(config.docs_dir)
        problems: list = []
        reviews = read_reviews(docs / self.config.folder, docs, project.root, problems)
        voices, source = read_voices(project.data_dir, project.root, problems) if self.config.voices else (None, None)
        metrics = _plugin_ids(config, "backbone/metrics", lambda p: p.figures.metric_ids())
        stories = _plugin_ids(config, "backbone/stories", lambda p: p.story_slugs())
        unpublished = config.plugins["backbone/stories"].unpublished() if stories is not None else None
        check_references(reviews, list(project.partners), metrics, stories, problems, unpublished)
        if voices is not None and source is not None:
            actions, drafts = published_actions(reviews, self.serving)
            check_voices(voices, source, actions, metrics, stories, problems, unpublished, drafts)
        with reported():
            if problems:
                raise DataError(problems)

        for review in reviews:
            file = files.get_file_from_path(review.src_uri)
            if review.meta.draft and not self.serving:
                files.remove(file)
            else:
                file.inclusion = InclusionLevel.NOT_IN_NAV
        self.reviews = [r for r in reviews if self.serving or not r.meta.draft]
        self._by_src = {r.src_uri: r for r in self.reviews}
        self.today = build_date()
        self.tracked = track(self.reviews, self.today)
        urls = config.use_directory_urls
        add_page(files, config, pages.learning_index(self.reviews, self.tracked, urls))
        add_page(files, config, pages.actions_page(self.tracked, project.partners, self.today, urls))
        if voices is not None:
            shown = published(voices)
            if shown.withheld:
                log.info(f"data/voices.yml: {shown.withheld} quote(s) without consent left out; they are never published")
            add_page(files, config, pages.voices_page(shown, self.tracked, project.partners, self.today, urls), edit="../data/voices.yml")
        return files

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        review = self._by_src.get(page.file.src_uri)
        if review is None:
            return html
        link = Linker(review.src_uri, config.use_directory_urls)
        banner = '<p class="bb-draft" role="note">Draft: not published</p>' if review.meta.draft else ""
        head = pages.review_header(review, self.project.partners, link)
        tail = pages.review_actions(review, self.tracked, self.project.partners, link, self.today)
        # Reviews are content like stories: the same sanitiser, and none of the page's own ids.
        body = sanitise.page_html(html, reserved=sanitise.ids_in(head + tail))
        return banner + head + body + tail

    def _partner_section(self, project, partner, link: Linker) -> str:
        return pages.partner_actions(partner, self.tracked, project.partners, link, self.today)


def _plugin_ids(config: MkDocsConfig, name: str, get) -> list[str] | None:
    plugin = config.plugins.get(name)
    return sorted(get(plugin)) if plugin is not None else None
