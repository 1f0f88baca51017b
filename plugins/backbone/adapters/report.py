"""The annual report: content/reports/<year>.md becomes its page and reports/<year>.pdf.

A thin adapter: reading, assembling and typesetting live in ``backbone.report``. The
letter's page is the page that links the PDF; the report's cover is that page's preview.
"""

from __future__ import annotations

import html as htmllib

from babel.units import format_unit
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ..clock import build_date
from ..context import BuildContext
from ..metrics.source import ProjectFigures
from ..previews.tags import Picture, Preview, heading_text, meta_tags, og_locale
from ..render.urls import Linker
from ..report.assemble import Sources, assemble
from ..report.letter import FOLDER, Letter, check_references, letter_files, read_letters
from ..report.make import Made, check_printable, fonts_of, make, picture_for, roi_of
from ..report.typeset import CARD_SIZE
from .common import Feature, add_asset, reported
from .languages import site_languages

log = get_plugin_logger(__name__)


class ReportFeature(Feature):
    name = "report"

    def __init__(self, config):
        super().__init__(config)
        self.letters: list[Letter] = []  # the ones this build publishes
        self.made: dict[str, Made] = {}  # src_uri of the letter → its report, once made

    def has_data(self, ctx: BuildContext) -> bool:
        return bool(letter_files(ctx.docs_dir))

    def missing(self, ctx: BuildContext) -> str:
        return (
            f"the report is enabled but {ctx.rel(ctx.docs_dir)}/{FOLDER}/ has no letter; add one named for its year "
            f"(see docs/report.md) or set 'enabled: false' under 'report:' of the backbone plugin"
        )

    # After metrics, stories and learning (see PIPELINE): it features their ids.
    def configure(self, ctx: BuildContext, config: MkDocsConfig) -> None:
        language = ctx.project.identity.language if ctx.project and ctx.project.identity else None
        letters = read_letters(ctx.docs_dir, ctx.root, ctx.problems, site_languages(ctx), language)
        titles = {s.slug: s.title for s in ctx.catalog.published} if ctx.catalog is not None else None
        metrics = {mid: ctx.figures.key_figure(mid).title for mid in ctx.metric_ids} if ctx.figures else None
        published = {k: v for k, v in ctx.unpublished.items()}
        if ctx.catalog is not None:  # a draft shown by `mkdocs serve` is still no story for the report
            published.update(
                (s.slug, f"is a draft ('draft: true' in {s.file}): publish it first")
                for s in ctx.catalog.all
                if s.draft
            )
        check_references(letters, metrics, titles, published, ctx.problems)
        self.letters = [letter for letter in letters if ctx.serving or not letter.meta.draft]
        self._drafts = {letter.src_uri for letter in letters if letter not in self.letters}
        self.made = {}

    def files(self, ctx: BuildContext, files: Files, config: MkDocsConfig) -> None:
        for src_uri in self._drafts:  # a draft letter: only `mkdocs serve` shows it
            if (file := files.get_file_from_path(src_uri)) is not None:
                files.remove(file)
        if ctx.checking:  # `backbone check` typesets nothing, but says what the report cannot print
            for letter in self.letters:
                with reported():
                    src = sources(ctx)
                    check_printable(letter, assemble(letter, src), src, fonts_of(src))
            return
        for letter in self.letters:
            with reported():
                made = self.make(ctx, letter)
            add_asset(files, config, letter.pdf_path, source=made.compiled.pdf, cached=True)
            add_asset(files, config, card_path(letter), source=made.compiled.card, cached=True)
            self.made[letter.src_uri] = made
            log.info(f"report {letter.year}: {'typeset' if made.compiled.fresh else 'from the cache'}")

    def make(self, ctx: BuildContext, letter: Letter) -> Made:
        return make(letter, sources(ctx), ctx.cache("report"), ctx.cache("charts"), ctx.cache("images"))

    def page_content(self, ctx: BuildContext, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        made = self.made.get(page.file.src_uri)
        if made is None:
            return html
        link = Linker(page.file.src_uri, ctx.settings.use_directory_urls)
        size = _size(made.compiled.pdf.stat().st_size, ctx.formats)
        words = ctx.formats.words.gettext(
            "Download the annual report %(year)s (PDF, %(size)s)", year=str(made.letter.year), size=size
        )
        href = htmllib.escape(link.file(made.letter.pdf_path))
        banner = (
            f'<p class="bb-report"><a class="md-button md-button--primary" href="{href}" '
            f'type="application/pdf">{htmllib.escape(words)}</a></p>\n'
        )
        return banner + html

    def share_preview(self, ctx: BuildContext, context, *, page, config: MkDocsConfig, nav):
        """The report's cover as its page's preview card."""
        made = self.made.get(page.file.src_uri)
        if made is None or not ctx.settings.site_url or context.get("backbone_preview") is not None:
            return context
        ident, base = ctx.project.identity, ctx.settings.site_url.rstrip("/") + "/"
        alt = (
            f"{ident.name}: {made.data.content['words']['annual_report']} {made.letter.year}. {made.letter.meta.title}"
        )
        context["backbone_preview"] = meta_tags(
            Preview(
                title=heading_text(page.meta.get("title") or page.title or made.letter.meta.title),
                description=page.meta.get("description") or ident.purpose,
                url=base + page.url,
                site_name=ident.name,
                locale=og_locale(ident.language),
                picture=Picture(base + card_path(made.letter), *CARD_SIZE, alt),
            )
        )
        return context


def card_path(letter: Letter) -> str:
    return f"{FOLDER}/{letter.year}-cover.png"


def _size(size: int, fm) -> str:
    """'1.2 MB', '1,2 Mo', '840 kB': a file's size in the build's language (CLDR's unit names)."""
    if size >= 1_000_000:
        return format_unit(round(size / 1_000_000, 1), "digital-megabyte", length="short", locale=fm.locale)
    return format_unit(max(1, round(size / 1000)), "digital-kilobyte", length="short", locale=fm.locale)


def sources(ctx: BuildContext) -> Sources:
    """What the report is made of: the values the other features handed on."""
    figures = ctx.figures if isinstance(ctx.figures, ProjectFigures) else None
    settings = figures.settings if figures else None
    return Sources(
        project=ctx.project,
        figures=figures,
        roi=roi_of(figures, ctx.project),
        catalog=ctx.catalog,
        reviews=ctx.reviews,
        voices=ctx.voices,
        today=build_date(),
        site_url=ctx.site_url,
        docs_dir=ctx.docs_dir,
        tolerance=settings.tolerance if settings else 0.05,
        lag_days=settings.lag_days if settings else 90,
        picture=picture_for(ctx.cache("images")),
        formats=ctx.formats,
    )


def report_only(config_file, year: int, output=None, language: str | None = None):
    """`backbone report <year>`: the configuration and checks of a build, then this one PDF
    (charts drawn only where the cache lacks them); (path written, None) or (None, problems).
    ``language``: another of the site's languages than the first, whose report it is."""
    import shutil
    from pathlib import Path

    from mkdocs.config import load_config
    from mkdocs.exceptions import PluginError

    from ..problems import DataError

    config = load_config(str(config_file))
    config.plugins.on_startup(command="build", dirty=False)
    plugin = config.plugins.get("backbone")
    plugin.language = language  # as the build of that language sets it (adapters/languages.py)
    try:
        config = config.plugins.on_config(config)
    except PluginError as exc:
        return None, str(exc)
    finally:  # MkDocs may hand this plugin instance to the process's next build: it builds every language
        plugin.language = None
    ctx = plugin.ctx
    feature = plugin.features["report"]
    if failed := ctx.failed():
        return None, failed.report()
    if language and language not in (listed := site_languages(ctx) or (ctx.project.identity.language,)):
        return None, f"no report in '{language}': the site's languages are {', '.join(listed)} (data/identity.yml)"
    letter = next((x for x in getattr(feature, "letters", []) if x.year == year), None)
    if "report" not in plugin.on or letter is None:
        return None, f"no report for {year}: write {ctx.rel(ctx.docs_dir)}/{FOLDER}/{year}.md (see docs/report.md)"
    try:
        made = feature.make(ctx, letter)
    except DataError as exc:
        return None, exc.report()
    target = Path(output) if output else Path(config.site_dir) / letter.pdf_path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    shutil.copyfile(made.compiled.pdf, target)
    target.chmod(0o644)
    return target, None
