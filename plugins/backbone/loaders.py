"""The whole project, read with every feature loader: for callers that want all of it (``backbone
check``, the scaffolds, tests, benchmarks). The build passes only the loaders of the features
that are on to ``project.read_project``."""

from __future__ import annotations

from pathlib import Path

from .metrics.load import load_metrics
from .problems import DataError, Problem
from .project import FeatureLoader, Project, read_project


def feature_loaders() -> list[FeatureLoader]:
    """Every feature loader."""
    return [load_metrics]


def load_project(
    root: Path, data_dir: Path | str = "data", cache_dir: Path | None = None, loaders: list[FeatureLoader] | None = None
) -> Project:
    """The validated project; DataError with every problem of every file. ``loaders``:
    the feature loaders to run (default: all of them)."""
    problems: list[Problem] = []
    project = read_project(root, data_dir, cache_dir, feature_loaders() if loaders is None else loaders, problems)
    if problems:
        raise DataError(problems)
    return project
