"""A partnership with stories: the minimal fixture plus tests/fixtures/stories."""

from __future__ import annotations

import shutil
from pathlib import Path

from support import FIXTURES, Project, make_project
from fakes import FakeMetricsPlugin

STORIES = FIXTURES / "stories"


def with_stories(tmp_path: Path, *, metrics: bool = True, config: dict | None = None) -> Project:
    project = make_project(tmp_path, FIXTURES / "minimal")
    shutil.copytree(STORIES / "content", project.root / "content", dirs_exist_ok=True)

    def add_plugin(site):
        entry = {"backbone/stories": config} if config else "backbone/stories"
        site["plugins"].append(entry)

    project.edit("site_config.yml", add_plugin)
    return project


def build(project: Project, *, metrics: bool = True, **kwargs):
    plugins = {"backbone/metrics": FakeMetricsPlugin()} if metrics else None
    return project.build(plugins=plugins, **kwargs)
