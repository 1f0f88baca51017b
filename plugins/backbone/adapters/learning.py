"""The learning feature: reviews, the action tracker and the community's voice."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page

from .. import frontmatter
from ..about.partners import partner_page_uri
from ..checks import Declared
from ..clock import build_date
from ..context import BuildContext
from ..inputs import read_text
from ..learning import pages
from ..learning.reviews import (
    Review,
    check_references,
    read_reviews,
    reader_headings,
    section_key,
    section_titles,
    split_sections,
)
from ..learning.tracker import track
from ..learning.voices import check_voices, published, published_actions, read_voices
from ..problems import counted
from ..render import sanitise
from ..render.markdown import Rendered, link_problems, render
from ..render.urls import Linker
from .common import Feature, add_page, show_model_page, site_files
from .languages import site_languages

log = get_plugin_logger(__name__)


class LearningFeature(Feature):
    name = "learning"
    without_project = True  # reviews and voices are checked on their own too

    def __init__(self, config):
        super().__init__(config)
        self.reviews: list[Review] = []  # every review read, drafts too
        self.bodies: dict[str, tuple[Rendered, str]] = {}  # src_uri → (its Markdown rendered, its page body)
        self._by_src: dict[str, Review] = {}
        self.voices = None
        self.tracked = []
        self.titles: dict[str, str] = {}  # metric id or story slug → its title, for readers

    def has_data(self, ctx: BuildContext) -> bool:
        folder = ctx.docs_dir / self.config.folder
        voices = self.config.voices and (ctx.data_dir / "voices.yml").is_file()
        return voices or (folder.is_dir() and any(folder.glob("*.md")))

    def missing(self, ctx: BuildContext) -> str:
        return (
            f"learning is enabled but there is no review in {ctx.rel(ctx.docs_dir)}/{self.config.folder}/ "
            "and no data/voices.yml; "
            "add one with `backbone new review` or set 'enabled: false' under 'learning:' of the backbone plugin"
        )

    # After metrics and stories (see PIPELINE): the reviews and voices name their ids.
    def configure(self, ctx: BuildContext, config: MkDocsConfig) -> None:
        """Every review's front matter and data/voices.yml, read and checked now; without the
        data (a broken partners.yml), their own syntax and fields only."""
        problems = ctx.problems
        self.fm = ctx.formats  # how dates are written on the pages this feature adds to others
        failed_actions: set[str] = set()  # declared by reviews whose front matter has problems
        folder = ctx.docs_dir / self.config.folder
        self.reviews = read_reviews(
            folder, ctx.docs_dir, ctx.root, problems, failed_actions, site_languages(ctx), ctx.formats.words
        )
        ctx.feature_pages.update(review.src_uri for review in self.reviews)
        voices, source = read_voices(ctx.data_dir, ctx.root, problems) if self.config.voices else (None, None)
        if ctx.project is None:
            return
        project = ctx.project
        self.titles = _titles(ctx)
        # by id with their titles: a title written in place of an id is answered with the id; an id
        # whose file has problems is declared all the same (checks.Declared): no "unknown" for it
        metrics = None
        if ctx.metric_ids is not None:
            metrics = Declared({mid: self.titles.get(mid, mid) for mid in ctx.metric_ids}, ctx.figures.broken_ids())
        stories = None
        if ctx.story_slugs is not None:
            stories = Declared({slug: self.titles.get(slug, slug) for slug in ctx.story_slugs}, ctx.broken_stories)
        check_references(self.reviews, project.partners, metrics, stories, problems, ctx.unpublished)
        if voices is not None and source is not None:
            shown, drafts = published_actions(self.reviews, ctx.serving)
            actions = Declared(dict.fromkeys(shown), failed_actions)
            check_voices(voices, source, actions, metrics, stories, problems, ctx.unpublished, drafts)
        self.voices = voices
        ctx.voices = published(voices) if voices is not None else None
        ctx.reviews = [r for r in self.reviews if ctx.serving or not r.meta.draft]
        self._by_src = {r.src_uri: r for r in ctx.reviews}
        self.today = build_date()
        self.tracked = track(ctx.reviews, self.today)

    def files(self, ctx: BuildContext, files: Files, config: MkDocsConfig) -> None:
        project, urls = ctx.project, ctx.settings.use_directory_urls
        if ctx.page_languages:  # a site in several languages: each review in this build's words
            ctx.reviews = [in_language(ctx, review, files) for review in ctx.reviews]
            self._by_src = {r.src_uri: r for r in ctx.reviews}
            self.tracked = track(ctx.reviews, self.today)
        self._sections(ctx, urls)
        for review in self.reviews:
            file = files.get_file_from_path(review.src_uri)
            if file is None:
                continue
            if review.src_uri not in self._by_src:
                files.remove(file)  # a draft: only `mkdocs serve` shows it
            else:
                file.inclusion = InclusionLevel.NOT_IN_NAV
        add_page(files, config, ctx, pages.learning_index(ctx.reviews, self.tracked, urls, ctx.formats))
        add_page(files, config, ctx, pages.actions_page(self.tracked, project.partners, self.today, urls, ctx.formats))
        if self.voices is not None:
            shown = published(self.voices)
            if shown.withheld:
                log.info(
                    f"data/voices.yml: {counted(shown.withheld, 'quote')} without consent left out; "
                    f"{'it is' if shown.withheld == 1 else 'they are'} never published"
                )
            add_page(
                files,
                config,
                ctx,
                pages.voices_page(shown, self.tracked, project.partners, self.today, urls, ctx.formats, self.titles),
                edit="../data/voices.yml",
            )

    def render_bodies(self, ctx: BuildContext, files: Files, config: MkDocsConfig) -> None:
        """Each review's page body, made once: its Markdown rendered by the core with the site's
        Markdown (as stories' are), between the review's header and its actions. Its page and
        its feed entry read this one HTML."""
        site = site_files(files, config)
        base = (ctx.settings.site_url or "").rstrip("/") + "/"
        self.bodies = {}
        ctx.review_html = {}
        for review in ctx.reviews:
            file = files.get_file_from_path(review.src_uri)
            if file is None:
                continue
            text, problems = review.body, []
            if ctx.page_languages.get(review.src_uri, ctx.project.identity.language) == ctx.project.identity.language:
                # its section headings in the page's language (an untranslated review stays whole)
                text = reader_headings(text, review.meta.kind, ctx.formats.words)
            if ctx.figures_in_text is not None:
                text, problems = ctx.figures_in_text(review.src_uri, text, review.rel, review.body_line)
            body = render(text, review.src_uri, file.url, ctx.markdown, site)
            ctx.problems += problems
            ctx.warnings += link_problems(body, review.rel, review.body, review.body_line)
            html = self._page_body(ctx, review, body.html, config)
            self.bodies[review.src_uri] = (body, html)
            ctx.review_html[review.src_uri] = sanitise.portable_html(html, base + file.url)

    def _page_body(self, ctx: BuildContext, review: Review, html: str, config: MkDocsConfig) -> str:
        link = Linker(review.src_uri, ctx.settings.use_directory_urls)
        draft = ctx.formats.words.gettext("Draft: not published")
        banner = f'<p class="bb-draft" role="note">{draft}</p>' if review.meta.draft else ""
        head = pages.review_header(review, ctx.project.partners, link, ctx.formats, self.titles)
        tail = pages.review_actions(review, self.tracked, ctx.project.partners, link, self.today, ctx.formats)
        # Reviews are content like stories: the same sanitiser, and none of the page's own ids.
        trusted = ctx.trusted(review.src_uri)  # a review only the backbone team can change keeps its HTML
        body = html if trusted else sanitise.page_html(html, reserved=sanitise.ids_in(head + tail))
        return banner + head + body + tail

    def page_meta(self, ctx: BuildContext, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A review's body was rendered by the core: MkDocs renders nothing of it."""
        return "" if page.file.src_uri in self._by_src else markdown

    def page_content(self, ctx: BuildContext, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A review's page, as the model holds it (made in the files phase)."""
        if page.file.src_uri not in self.bodies:
            return html
        return show_model_page(page, ctx.model.pages[page.file.src_uri])

    def _sections(self, ctx: BuildContext, directory_urls: bool) -> None:
        """Each partner's actions, for its page."""
        project = ctx.project
        for partner in project.partners.values():
            link = Linker(partner_page_uri(partner.id), directory_urls)
            html = pages.partner_actions(partner, self.tracked, project.partners, link, self.today, ctx.formats)
            ctx.partner_sections.setdefault(partner.id, {})["learning"] = html


def in_language(ctx: BuildContext, review: Review, files: Files) -> Review:
    """``review`` as this build's language reads it: where its page is read from a translation
    (``review.es.md``, see adapters/languages.py), that file's title, body and sections, with the
    original's facts (participants, actions, dates: the translators' checks hold them equal)."""
    file = files.get_file_from_path(review.src_uri)
    if file is None or not file.abs_src_path:
        return review
    path = Path(file.abs_src_path)
    if path.resolve() == (ctx.root / review.rel).resolve():
        return review
    found = frontmatter.block(read_text(path, ctx.root, ctx.rel(path)))
    if found is None:
        return review
    try:
        meta = yaml.safe_load(found.yaml)  # already read within the limits by the translators' checks
    except yaml.YAMLError:
        meta = None
    title = meta.get("title") if isinstance(meta, dict) else None
    line = found.above + 1
    named = section_titles(review.meta.kind, ctx.formats.words)  # its headings: English, or its own language's
    found_sections = {
        named.get(section_key(heading)): text for heading, (_, text) in split_sections(found.body, line).items()
    }
    sections = {section: text for section, text in found_sections.items() if section in review.sections}
    changed = {"body": found.body, "body_line": line, "rel": ctx.rel(path), "sections": review.sections | sections}
    if isinstance(title, str) and title.strip():
        changed["meta"] = review.meta.model_copy(update={"title": title.strip()})
    return dataclasses.replace(review, **changed)


def _titles(ctx: BuildContext) -> dict[str, str]:
    """The title of each metric (by id) and story (by slug) a review or a quote may name:
    readers see names, not ids."""
    titles = {mid: ctx.figures.key_figure(mid).title for mid in ctx.metric_ids or []} if ctx.figures else {}
    if ctx.catalog is not None:
        titles.update((story.slug, story.title) for story in ctx.catalog.all)
    return titles
