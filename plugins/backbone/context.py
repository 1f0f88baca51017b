"""The build context: what one build knows, made once in the configuration phase and
handed explicitly to every feature (see backbone.adapters.plugin for the order).

Features hand each other values through it (metric figures and sections, published
story slugs and why others are not, where each story is placed, its cards and body,
reviews, partner sections, published assets) instead of reaching into each other. Problems of every checking phase are collected
here and raised once, so that an author sees every problem of every file in one run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator
from contextlib import contextmanager

from .problems import DataError, Problem


@dataclass
class BuildContext:
    root: Path  # the folder of the configuration file
    docs_dir: Path
    data_dir: Path
    cache_root: Path
    directory_urls: bool = True
    site_url: str = ""
    serving: bool = False  # `mkdocs serve`: drafts are shown, problems become an error page
    checking: bool = False  # `backbone check`: nothing is drawn
    project: Any = None  # backbone.project.Project, once the data loaded
    loaders: list[Callable] = field(default_factory=list)  # feature loaders of the features that are on
    # -- what the checking phases found ------------------------------------------------
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # contrast, stale claims...: printed with the problems
    # -- values features hand each other --------------------------------------------------
    assets: Any = None  # backbone.identity pages' Assets: where logos are published
    figures: Any = None  # a FigureSource when metrics are on, else None
    metric_ids: list[str] | None = None  # None: metrics are off
    story_slugs: list[str] | None = None  # None: stories are off
    unpublished: dict[str, str] = field(default_factory=dict)  # slug → why it is not on the site
    catalog: Any = None  # the stories' Catalog, when stories are on
    story_layout: Any = None  # where the stories' pages go
    story_places: dict = field(default_factory=dict)  # slug → Placed: each story's page, picture, addresses
    story_cards: dict = field(default_factory=dict)  # slug → Cards, once drawn (none in `backbone check`)
    story_html: dict[str, str] = field(default_factory=dict)  # slug → sanitised body, absolute URLs, once rendered
    reviews: list | None = None  # the reviews this build publishes; None: learning is off
    partner_sections: list[Callable] = field(default_factory=list)  # sections of each partner page
    metric_sections: list[Callable] = field(default_factory=list)  # sections of each metric page
    generated_html: dict[str, str] = field(default_factory=dict)  # src_uri → HTML of each generated page
    own_pages: set[str] = field(default_factory=set)  # pages Backbone made: HTML let go once written
    nav_sections: list[str] = field(default_factory=list)  # src_uris of generated pages meant for the nav
    caches: set[Path] = field(default_factory=set)  # cache folders used, pruned after the build

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

    @contextmanager
    def collecting(self) -> Iterator[None]:
        """Keep the problems of a DataError for the one report instead of stopping now."""
        try:
            yield
        except DataError as exc:
            self.problems.extend(exc.problems)

    def failed(self) -> DataError | None:
        """Every problem found so far, with the warnings, as one error; None when all is well."""
        if not self.problems:
            return None
        return DataError(self.problems, warnings=self.warnings)
