"""The build context: what one build knows, made once in the configuration phase and
handed explicitly to every feature (see backbone.adapters.plugin for the order).

Features hand each other values through it (metric figures and sections, published
story slugs and why others are not, where each story is placed, its cards and body,
reviews, partner sections, published assets) instead of reaching into each other.
Problems of every checking phase are collected here and raised once, so that an author
sees every problem of every file in one run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .problems import DataError, Problem
from .render.formats import Formats, formats_for
from .render.markdown import MarkdownSetup
from .settings import Settings
from .spool import Spool, Spooled
from .trust import Trust
from .written import NOTHING, Written

if TYPE_CHECKING:  # the types only: the context imports no feature, so any feature may import it
    from .about.assets import Assets
    from .figures_api import FigureSource
    from .learning.reviews import Review
    from .learning.voices import PublishedVoices
    from .project import FeatureLoader, Project
    from .renditions import Picture
    from .sitemodel import SiteModel
    from .stories.catalog import Catalog
    from .stories.model import Cards, Placed
    from .stories.pages import Layout


@dataclass
class BuildContext:
    root: Path  # the folder of the configuration file (the fields up to `language` copy `settings`)
    docs_dir: Path
    data_dir: Path
    cache_root: Path
    directory_urls: bool = True
    site_url: str = ""
    serving: bool = False  # `mkdocs serve`: drafts are shown, problems become an error page
    checking: bool = False  # `backbone check`: nothing is drawn
    config_name: str = "site_config.yml"  # the configuration file's name: where option problems are
    trusted: Trust = field(default_factory=Trust)  # the files of the docs folder whose raw HTML the site trusts
    project: Project | None = None  # once the data loaded: its texts in this build's language
    project_read: Project | None = None  # the data as read, every language's texts in it (shared by the builds)
    language: str | None = None  # a build after the default language's: its language (adapters/languages.py)
    # the info lines said so far by this site's build, its other languages' builds included
    said: set[str] = field(default_factory=set)
    page_languages: dict[str, str] = field(default_factory=dict)  # a page's src_uri → the language its text is in
    # how figures, dates and periods are written for readers: the site's language, from
    # identity.yml once it is read (one build writes one language)
    formats: Formats = field(default_factory=lambda: formats_for("en"))
    markdown: MarkdownSetup = field(default_factory=MarkdownSetup)  # the site's Markdown configuration
    settings: Settings | None = None  # the build's settings as the adapter took them from the engine
    loaders: list[FeatureLoader] = field(default_factory=list)  # feature loaders of the features that are on
    # -- what the checking phases found ------------------------------------------------
    problems: list[Problem] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # symbolic links in the docs and data folders, refused
    warnings: list[str] = field(default_factory=list)  # contrast, stale claims...: printed with the problems
    # -- values features hand each other --------------------------------------------------
    assets: Assets | None = None  # where the logos are published
    channel_image: str | None = None  # the feeds' PNG logo, where previews publish one
    figures: FigureSource | None = None  # None: metrics are off
    metric_ids: list[str] | None = None  # None: metrics are off
    story_slugs: list[str] | None = None  # None: stories are off
    broken_stories: frozenset[str] = frozenset()  # slugs of story files with problems of their own
    unpublished: dict[str, str] = field(default_factory=dict)  # slug → why it is not on the site
    catalog: Catalog | None = None  # None: stories are off
    story_layout: Layout | None = None  # where the stories' pages go
    story_places: dict[str, Placed] = field(
        default_factory=dict
    )  # slug → Placed: each story's page, picture, addresses
    story_cards: dict[str, Cards] = field(default_factory=dict)  # slug → Cards, once drawn (none in `backbone check`)
    story_html: dict[str, str] = field(default_factory=dict)  # slug → sanitised body, absolute URLs, rendered once
    # a body's figures written in, for the core's Markdown: (src_uri, text, file, first line) →
    # (text, problems); set by metrics (None: metrics are off, a citation is left as written)
    figures_in_text: Callable[[str, str, str, int], tuple[str, list[Problem]]] | None = None
    review_html: dict[str, str] = field(default_factory=dict)  # src_uri → sanitised body, absolute URLs
    reviews: list[Review] | None = None  # the reviews this build publishes; None: learning is off
    voices: PublishedVoices | None = None  # the consented quotes only; None: voices are off
    # the sections other features add to each partner's page (partner id → feature → HTML,
    # shown in PARTNER_SECTIONS' order) and each metric's page (metric id → HTML): data,
    # computed in each feature's files step, before the pages that show them are made
    partner_sections: dict[str, dict[str, str]] = field(default_factory=dict)
    metric_sections: dict[str, list[str]] = field(default_factory=dict)
    spool: Spool = field(default_factory=Spool)  # the build's pages, held on disk (spool.py)
    generated_html: dict[str, Spooled] = field(default_factory=dict)  # src_uri → HTML of each generated page
    own_pages: set[str] = field(default_factory=set)  # pages Backbone made: HTML let go once written
    feature_pages: set[str] = field(default_factory=set)  # stories, reviews: their features sanitise their bodies
    nav_sections: list[str] = field(default_factory=list)  # src_uris of generated pages meant for the nav
    model: SiteModel | None = None  # the site, frozen: made once at the end of the files phase
    written: Written = NOTHING  # `mkdocs serve`: what its site folder holds of the workers' outputs
    caches: set[Path] = field(default_factory=set)  # cache folders used, pruned after the build
    pictures: dict[str, Picture] = field(default_factory=dict)  # site path → the picture at its widths
    draft_pictures: set[str] = field(default_factory=set)  # docs paths only drafts show (`mkdocs serve`)
    draft_entries: set[str] = field(default_factory=set)  # cache files made of drafts: deleted after the build

    @classmethod
    def from_settings(cls, settings: Settings, **values) -> BuildContext:
        """The context of one build, its first fields read from the build's ``settings``."""
        return cls(
            root=settings.root,
            docs_dir=settings.docs_dir,
            data_dir=settings.data_dir,
            cache_root=settings.cache_root,
            directory_urls=settings.use_directory_urls,
            site_url=settings.site_url,
            serving=settings.serving,
            checking=settings.checking,
            config_name=settings.config_name,
            markdown=settings.markdown,
            language=settings.language,
            settings=settings,
            **values,
        )

    def once(self, line: str) -> bool:
        """Whether ``line`` is new to the site's build (each language's build may find it again)."""
        new = line not in self.said
        self.said.add(line)
        return new

    def cache(self, name: str) -> Path:
        """The cache subfolder ``name`` (charts, cards...), pruned after the build."""
        path = self.cache_root / name
        self.caches.add(path)
        return path

    def rel(self, path: Path) -> str:
        """A path as the author sees it, from the project folder."""
        try:
            return Path(path).resolve().relative_to(self.root).as_posix()
        except ValueError:
            return Path(path).as_posix()

    def failed(self) -> DataError | None:
        """Every problem found so far, with the warnings, as one error; None when all is well.
        A refused link is one problem: nothing is said of what lies behind it, or twice."""
        if not self.problems:
            return None
        behind = tuple(f"{link}/" for link in self.links)
        problems = [p for p in self.problems if p.file in self.links or not p.file.startswith(behind)]
        return DataError(list(dict.fromkeys(problems)), warnings=self.warnings)
