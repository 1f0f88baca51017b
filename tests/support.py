"""Test helpers: copy a fixture partnership into tmp_path, build it for real, parse the output.

A plain module (not conftest.py) so that tests in every folder import it by one name."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@contextmanager
def own_process() -> Iterator[None]:
    """Builds as `mkdocs build` runs each in a process of its own: new plugin instances (MkDocs
    keeps them between loads in one process), nothing kept in memory from another build (the
    bodies rendered, the outputs made); only the cache folder carries over."""
    from backbone.render import markdown

    plugins = MkDocsConfig.plugins.plugin_cache
    MkDocsConfig.plugins.plugin_cache = {}
    markdown._rendered.clear()
    try:
        yield
    finally:
        MkDocsConfig.plugins.plugin_cache = plugins


@contextmanager
def every_worker() -> Iterator[None]:
    """Builds that draw and write with a worker process for each kind of output, however small
    the site (a small one's few are made in the build's own process) and whatever the machine
    or ``BACKBONE_WORKERS`` (the suite sets 1: conftest.py)."""
    import pytest

    from backbone.adapters import feeds, stories
    from backbone.drawing import cache
    from backbone.metrics import charts

    with pytest.MonkeyPatch.context() as forced:
        forced.setenv("BACKBONE_WORKERS", "2")
        for module in (charts, cache):
            forced.setattr(module, "HERE_BELOW", 1)
        forced.setattr(stories, "FEW_LETTERS", -1)
        forced.setattr(feeds, "FEW_FEEDS", -1)
        yield


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.warnings: list[str] = []
        self.errors: list[str] = []

    def emit(self, record):
        (self.errors if record.levelno >= logging.ERROR else self.warnings).append(record.getMessage())


@dataclass
class Built:
    site: Path
    warnings: list[str] = field(default_factory=list)
    error: str | None = None

    def html(self, rel: str) -> BeautifulSoup:
        return BeautifulSoup((self.site / rel).read_text(encoding="utf-8"), "html.parser")

    def text(self, rel: str) -> str:
        return (self.site / rel).read_text(encoding="utf-8")


@dataclass
class Project:
    """A partnership project in a temporary folder."""

    root: Path

    def path(self, rel: str) -> Path:
        return self.root / rel

    def write(self, rel: str, text: str) -> None:
        target = self.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def load(self, rel: str):
        return yaml.safe_load(self.path(rel).read_text(encoding="utf-8"))

    def dump(self, rel: str, data) -> None:
        self.write(rel, yaml.safe_dump(data, sort_keys=False, allow_unicode=True))

    def edit(self, rel: str, change) -> None:
        """Load a YAML file, let ``change`` mutate it, write it back."""
        data = self.load(rel)
        change(data)
        self.dump(rel, data)

    def build(
        self,
        strict: bool = True,
        site_dir: Path | None = None,
        plugins: dict | None = None,
        features: dict | None = None,
        **settings,
    ) -> Built:
        """Build for real; ``features`` replaces features of the backbone plugin by name (test
        doubles such as fakes.FakeMetricsFeature), ``plugins`` adds other plugin objects by name,
        ``settings`` override the configuration file's (``use_directory_urls=False``)."""
        site = site_dir or self.root / "site"
        handler = _Collect()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(handler)
        result = Built(site)
        try:
            config = load_config(str(self.root / "site_config.yml"), site_dir=str(site), strict=strict, **settings)
            # as `mkdocs build` does: plugins learn the command (MkDocs reuses plugin
            # instances between loads in one process, so a previous `serve` would linger)
            config.plugins.on_startup(command="build", dirty=False)
            for name, plugin in (plugins or {}).items():
                config.plugins[name] = plugin
            config.plugins["backbone"].doubles = dict(features or {})
            build(config)
        except (PluginError, Abort) as exc:
            # MkDocs logs a plugin's error, then aborts with a generic message.
            result.error = "\n".join([*handler.errors, str(exc)])
        finally:
            logger.removeHandler(handler)
        result.warnings = handler.warnings
        return result


def backbone_options(site: dict, feature: str | None = None, **options) -> None:
    """Set options of the backbone plugin in a loaded site_config.yml (``feature``: of its
    sub-configuration, e.g. ``backbone_options(d, "stories", per_page=2)``)."""
    plugins = site["plugins"]
    index = next(i for i, p in enumerate(plugins) if p == "backbone" or (isinstance(p, dict) and "backbone" in p))
    entry = plugins[index] if isinstance(plugins[index], dict) else {"backbone": {}}
    entry["backbone"] = entry["backbone"] or {}
    target = entry["backbone"].setdefault(feature, {}) if feature else entry["backbone"]
    target.update(options)
    plugins[index] = entry


def make_project(tmp_path: Path, fixture: str) -> Project:
    root = tmp_path / "project"
    shutil.copytree(fixture, root, ignore=shutil.ignore_patterns("site", ".cache"))
    return Project(root)


def seed_cache(cache: Path, project: Path) -> None:
    """``project``'s .cache/ as a user's next build has it: what the copy changes is made again,
    the rest is found there. Hard links: an entry is written whole to a new file and renamed,
    never changed in place."""
    shutil.copytree(cache, project / ".cache", copy_function=os.link, dirs_exist_ok=True)


# A review of examples/bilingual and its Spanish translation (review.es.md beside it).
BILINGUAL_REVIEW = """---
title: Autumn 2026 progress review
kind: progress-review
date: "2026-10-15"
participants: [northfield-council, family-centre]
actions:
  - id: pr-2026-10-1
    what: Open a second drop-in on the east side
    owner: family-centre
    due: "2027-04-30"
    status: open
---

## Where we are

Two in three children now start school ready to learn.

## What is working

The health visitors' clinic at the drop-in.

## What needs attention

Families on the east side rarely reach the drop-in.
"""

# Its translator headed one section in Spanish, and left two in English: both are found.
BILINGUAL_REVIEW_ES = (
    BILINGUAL_REVIEW.replace("title: Autumn 2026 progress review", "title: Revisión de avances, otoño de 2026")
    .replace(
        "Two in three children now start school ready to learn.", "Dos de cada tres niños empiezan la escuela listos."
    )
    .replace("## What is working", "## Lo que funciona")
    .replace("The health visitors' clinic at the drop-in.", "La consulta de las enfermeras en el centro.")
)
