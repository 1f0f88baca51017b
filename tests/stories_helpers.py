"""A partnership with stories: the minimal fixture plus tests/fixtures/stories."""

from __future__ import annotations

import shutil
from pathlib import Path

from fakes import FakeMetricsFeature
from support import FIXTURES, Project, backbone_options, make_project

STORIES = FIXTURES / "stories"


def with_stories(tmp_path: Path, *, metrics: bool = True, config: dict | None = None) -> Project:
    project = make_project(tmp_path, FIXTURES / "minimal")
    shutil.copytree(STORIES / "content", project.root / "content", dirs_exist_ok=True)

    if config:
        project.edit("site_config.yml", lambda site: backbone_options(site, "stories", **config))
    return project


def build(project: Project, *, metrics: bool = True, **kwargs):
    features = {"metrics": FakeMetricsFeature()} if metrics else None
    return project.build(features=features, **kwargs)
