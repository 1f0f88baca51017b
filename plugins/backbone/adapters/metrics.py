"""The metrics feature: scorecard, metric pages, charts, live figures in prose, ROI."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ..about.partners import partner_page_uri
from ..clock import build_date
from ..context import BuildContext
from ..frontmatter import block
from ..metrics import roi as roi_core
from ..metrics.citations import Resolver, substitute
from ..metrics.figures import Settings
from ..metrics.load import INVESTMENTS, METRICS_DIR, load_metrics
from ..metrics.pages import MetricsSite, Output
from ..metrics.source import ProjectFigures
from ..problems import DataError
from ..render.urls import Linker
from .common import Feature, add_asset, add_page, reported

log = get_plugin_logger(__name__)


class MetricsFeature(Feature):
    name = "metrics"
    loader = staticmethod(load_metrics)  # reads data/metrics/ with the rest of the data
    on_partial_project = True  # its figures are what stories and pages cite, checked all the same

    def __init__(self, config):
        super().__init__(config)
        self.site: MetricsSite | None = None  # None while the project is not complete: nothing is drawn
        self.figures: ProjectFigures | None = None
        self.roi: roi_core.Roi | None = None

    def has_data(self, ctx: BuildContext) -> bool:
        return (ctx.data_dir / METRICS_DIR).is_dir() or (ctx.data_dir / INVESTMENTS).is_file()

    def missing(self, ctx: BuildContext) -> str:
        return (
            "metrics are enabled but data/metrics/ does not exist; add a metric file there (see docs/metrics.md) "
            "or set 'enabled: false' under 'metrics:' of the backbone plugin in site_config.yml"
        )

    def configure(self, ctx: BuildContext, config: MkDocsConfig) -> None:
        figures, roi = self.figures, self.roi = self._figures(ctx, ctx.project)
        ctx.figures, ctx.metric_ids = figures, sorted(figures.metric_ids())
        ctx.figures_in_text, self._directory_urls = self._figures_in_text, ctx.settings.use_directory_urls
        if not ctx.project.complete:
            return  # the citations are checked against the figures; the pages wait for the data
        self.site = self._site(ctx, ctx.project, figures, roi)
        ctx.warnings += self.site.warnings()

    def _figures(self, ctx: BuildContext, project) -> tuple[ProjectFigures, roi_core.Roi | None]:
        settings = Settings(self.config.tolerance, self.config.reporting_lag_days, build_date())
        figures = ProjectFigures(project, settings, ctx.settings.use_directory_urls, ctx.formats)
        return figures, roi_core.compute(project, figures.investments, figures.metrics) if figures.investments else None

    def _site(self, ctx: BuildContext, project, figures: ProjectFigures, roi) -> MetricsSite:
        return MetricsSite(
            project,
            figures,
            roi,
            directory_urls=ctx.settings.use_directory_urls,
            cache_dir=ctx.cache("charts"),
            workers=self.config.workers or None,
            headline_limit=self.config.headline_limit,
        )

    def check(self, ctx: BuildContext, files: Files, config: MkDocsConfig) -> None:
        """Every citation of every page, checked up front so all problems come at once."""
        for file in files.documentation_pages(inclusion=lambda level: True):
            if file.generated_by:
                continue
            text = file.content_string
            if "{{" not in text:
                continue
            found = block(text)
            skip, body = (found.above, found.body) if found else (0, text)
            _, found = substitute(
                body,
                self._resolver(file.src_uri, ctx.settings.use_directory_urls),
                self._rel(file, ctx, config),
                skip + 1,
            )
            ctx.problems += found

    def files(self, ctx: BuildContext, files: Files, config: MkDocsConfig) -> None:
        with reported():
            out = self.site.build(ctx.metric_sections, draw=not ctx.checking)
        for partner in ctx.project.partners.values():
            link = Linker(partner_page_uri(partner.id), ctx.settings.use_directory_urls)
            section = self.site.partner_section(ctx.project, partner, link)
            ctx.partner_sections.setdefault(partner.id, {})["metrics"] = section
        for page, in_nav, edit in out.pages:
            add_page(files, config, ctx, page, in_nav=in_nav, edit=edit)
        for dest, source, content in out.files:
            add_asset(files, config, dest, source=source, content=content, cached=True)
        if not ctx.checking:
            log.info(f"drew {out.drawn} of {out.charts} chart files (the rest came from the cache)")

    def pages_again(self, ctx: BuildContext, sections: dict[str, list[str]]) -> Output | None:
        """The metrics' pages and files made again from the metric files as they are now, the
        rest of the project as this build read it; None where they have a problem (the whole
        build reports it) or the site is in several languages. ``sections``: what other
        features add to each metric's page, as this build made them. The preview's first answer
        to a saved figure (adapters/quick.py); MetricsSite keeps what did not change."""
        if self.site is None or not ctx.project.complete or ctx.project.identity.languages:
            return None
        problems: list = []
        project = replace(ctx.project, extras=dict(ctx.project.extras))
        load_metrics(project, problems)
        if problems:
            return None
        figures, roi = self._figures(ctx, project)
        if sorted(figures.metric_ids()) != ctx.metric_ids:
            return None
        site = self._site(ctx, project, figures, roi)
        if site.warnings() != self.site.warnings():
            return None
        return site.build(sections, draw=True)

    def _figures_in_text(self, src_uri: str, text: str, file: str, first_line: int):
        if "{{" not in text:
            return text, []
        return substitute(text, self._resolver(src_uri, self._directory_urls), file, first_line)

    def _resolver(self, src_uri: str, directory_urls: bool) -> Resolver:
        link = Linker(src_uri, directory_urls)
        chart = (lambda mid: self.site.chart_embed(mid, link)) if self.site else (lambda mid: "")
        return Resolver(self.figures, self.roi, chart)

    @staticmethod
    def _rel(file, ctx: BuildContext, config: MkDocsConfig) -> str:
        return ctx.rel(Path(file.abs_src_path) if file.abs_src_path else Path(config.docs_dir) / file.src_uri)

    def figures_in_text(
        self, ctx: BuildContext, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if "{{" not in markdown:
            return markdown
        source = page.file.content_string
        offset = source[: len(source) - len(markdown)].count("\n") if source.endswith(markdown) else 0
        text, problems = substitute(
            markdown,
            self._resolver(page.file.src_uri, ctx.settings.use_directory_urls),
            self._rel(page.file, ctx, config),
            offset + 1,
        )
        if problems:
            raise PluginError(DataError(problems).report())
        return text
