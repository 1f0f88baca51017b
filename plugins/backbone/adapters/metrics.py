"""backbone/metrics: scorecard, metric pages, charts, live figures in prose, ROI."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ..metrics import roi as roi_core
from ..metrics.citations import Resolver, front_matter_lines, substitute
from ..clock import build_date
from ..metrics.figures import Settings
from ..metrics.pages import MetricSection, MetricsSite
from ..metrics.source import ProjectFigures
from ..problems import DataError
from ..render.urls import Linker
from ..sources import relpath
from .common import IDENTITY, add_asset, add_page, cache_folder, project_of, reported

log = get_plugin_logger(__name__)
NAME = "backbone/metrics"


class MetricsConfig(Config):
    tolerance = c.Type(float, default=0.05)
    """How far behind the straight path (as a share of |target − baseline|) still counts as on track."""
    reporting_lag_days = c.Type(int, default=90)
    """Days after a period ends before its figure is due (for the stale flag)."""
    headline_limit = c.Type(int, default=7)
    """More headline metrics than this gives a warning."""
    cache_dir = c.Type(str, default=".cache/backbone/charts")
    """Chart cache, relative to the configuration file's folder (cache it in CI)."""
    workers = c.Type(int, default=0)
    """Processes drawing charts; 0 = every core."""


class MetricsPlugin(BasePlugin[MetricsConfig]):
    def __init__(self):
        self.figures: ProjectFigures | None = None
        self.site: MetricsSite | None = None
        self.metric_sections: list[MetricSection] = []  # other features add sections to metric pages
        self.charts_drawn = 0
        self.charts_total = 0

    @event_priority(50)  # after identity loads the data, before features that read the figures
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        project = project_of(config, NAME)
        settings = Settings(self.config.tolerance, self.config.reporting_lag_days, build_date())
        self.figures = ProjectFigures(project, settings, config.use_directory_urls)
        roi = roi_core.compute(project, self.figures.investments, self.figures.metrics) if self.figures.investments else None
        self.site = MetricsSite(
            project, self.figures, roi, directory_urls=config.use_directory_urls, cache_dir=cache_folder(config, self.config.cache_dir),
            workers=self.config.workers or None, headline_limit=self.config.headline_limit,
        )
        self.metric_sections = []
        config.plugins[IDENTITY].partner_sections.append(self.site.partner_section)
        for warning in self.site.warnings():
            log.warning(warning)
        return config

    @event_priority(-50)  # after other plugins added their pages and metric sections
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        with reported():
            self._check_citations(files, config)
            if getattr(self, "checking", False):  # `backbone check`: nothing to draw
                return files
            out = self.site.build(self.metric_sections)
        for page, in_nav, edit in out.pages:
            add_page(files, config, page, in_nav=in_nav, edit=edit)
        for dest, source, content in out.files:
            add_asset(files, config, dest, source=source, content=content, cached=True)
        self.charts_drawn, self.charts_total = out.drawn, out.charts
        log.info(f"drew {out.drawn} of {out.charts} chart files (the rest came from {self.config.cache_dir})")
        return files

    def _resolver(self, src_uri: str, config: MkDocsConfig) -> Resolver:
        link = Linker(src_uri, config.use_directory_urls)
        return Resolver(self.figures, self.site.roi, lambda mid: self.site.chart_embed(mid, link))

    def _check_citations(self, files: Files, config: MkDocsConfig) -> None:
        """Every citation of every page, checked up front so all problems come at once."""
        problems = []
        root = Path(config.config_file_path).resolve().parent
        for file in files.documentation_pages():
            text = file.content_string
            if "{{" not in text:
                continue
            skip = front_matter_lines(text)
            body = "\n".join(text.split("\n")[skip:])
            _, found = substitute(body, self._resolver(file.src_uri, config), self._rel(file, root, config), skip + 1)
            problems += found
        if problems:
            raise DataError(problems)

    @staticmethod
    def _rel(file, root: Path, config: MkDocsConfig) -> str:
        if file.abs_src_path:
            return relpath(Path(file.abs_src_path), root)
        return relpath(Path(config.docs_dir) / file.src_uri, root)

    @event_priority(90)  # figures are in the text before other plugins read it
    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if "{{" not in markdown:
            return markdown
        source = page.file.content_string
        offset = source[: len(source) - len(markdown)].count("\n") if source.endswith(markdown) else 0
        root = Path(config.config_file_path).resolve().parent
        text, problems = substitute(markdown, self._resolver(page.file.src_uri, config), self._rel(page.file, root, config), offset + 1)
        if problems:
            raise PluginError(DataError(problems).report())
        return text
