"""`backbone check`: the build's own checks, without building.

It runs the build's configuration and checking phases with the same code (the plugin's
PIPELINE), then the files phase without drawing and MkDocs' own navigation checks, so it
prints exactly the lines a build prints: data, front matter of every page, citations,
reviews, voices, contrast, draft bodies and nav references.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import NamedTuple

from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError
from mkdocs.structure.files import get_files
from mkdocs.structure.nav import get_navigation

from ..terminal import SHOW_CONTROLS, visible
from .languages import follow, language_settings, other_languages


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        if record.levelno >= logging.WARNING or record.name.startswith("mkdocs.plugins.backbone"):
            self.records.append(record)


def check_site(config_file: Path) -> tuple[list[str], list[str], list[str]]:
    """(errors, warnings, notes) of the project whose configuration is ``config_file``."""
    handler = _Collect()
    handler.addFilter(SHOW_CONTROLS)  # what it prints echoes file names: control characters shown
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(min(previous or logging.INFO, logging.INFO))
    errors: list[str] = []
    try:
        config = load_config(str(config_file))
        config.plugins.on_startup(command="build", dirty=False)
        plugin = config.plugins.get("backbone")
        if plugin is not None:
            plugin.checking = True  # MkDocs keeps plugin instances between loads: unset after
        try:
            _check(config)
            # a site in several languages: each other language's, as the build makes it next
            ctx = plugin.ctx if plugin is not None else None
            for tag in other_languages(ctx):
                other = load_config(str(config_file), **language_settings(config, tag))
                follow(other.plugins["backbone"], ctx, tag)
                other.plugins["backbone"].checking = True
                _check(other)
        finally:
            if plugin is not None:
                plugin.checking = False
                plugin.language = plugin.read_once = plugin.said_once = None
    except (PluginError, ConfigurationError, Abort) as exc:
        errors.append(visible(str(exc), lines=True))
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
    warnings = [r.getMessage() for r in handler.records if r.levelno >= logging.WARNING and r.levelno < logging.ERROR]
    errors = [
        r.getMessage() for r in handler.records if r.levelno >= logging.ERROR and r.getMessage() not in errors
    ] + errors
    notes = [r.getMessage() for r in handler.records if r.levelno < logging.WARNING]
    return errors, warnings, notes


def _check(config) -> None:
    """One language's configuration, files and navigation phases, as its build runs them."""
    config = config.plugins.on_config(config)
    files = get_files(config)
    files.add_files_from_theme(config.theme.get_env(), config)
    files = config.plugins.on_files(files, config=config)
    get_navigation(files, config)  # MkDocs' warnings of nav references


def docs_dir(config_file: Path) -> Path:
    return Path(load_config(str(config_file)).docs_dir)


class SiteFacts(NamedTuple):
    """What a scaffold starts from; None for each that the site's data cannot give (no
    metrics, or data that does not load yet)."""

    metric: str | None = None  # the first headline metric
    partner: str | None = None  # the first partner
    language: str | None = None  # the site's language (data/identity.yml)


def site_facts(config_file: Path) -> SiteFacts:
    """The site's facts a scaffold starts from (``SiteFacts``)."""
    from ..loaders import load_project
    from ..metrics.source import headline
    from ..problems import DataError

    config = load_config(str(config_file))
    plugin = config.plugins.get("backbone")
    data_dir = plugin.config.data_dir if plugin is not None else "data"
    try:
        project = load_project(Path(config_file).resolve().parent, data_dir)
    except DataError:
        return SiteFacts()
    data = project.extras.get("metrics")
    first = headline(data.metrics.values()) if data else []
    language = project.identity.language if project.identity is not None else None
    return SiteFacts(first[0].id if first else None, next(iter(project.partners), None), language)
