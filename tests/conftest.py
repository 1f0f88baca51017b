"""Fixtures shared by every test: the minimal fixture partnership and the demo site."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support import FIXTURES, ROOT, Built, Project, make_project

# The suite runs a test on each core (xdist): a build's own worker processes would only take
# turns on those cores with the other tests, each after starting Python. Tests of the workers
# ask for them (support.every_worker, test_background.py).
os.environ.setdefault("BACKBONE_WORKERS", "1")


@pytest.fixture
def minimal(tmp_path: Path) -> Project:
    """The small fixture partnership in tests/fixtures/minimal."""
    return make_project(tmp_path, FIXTURES / "minimal")


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Built:
    """The demo partnership at the repository root, built once with --strict."""
    tmp = tmp_path_factory.mktemp("demo")
    project = Project(ROOT)
    built = project.build(strict=True, site_dir=tmp / "site")
    assert built.error is None, built.error
    assert built.warnings == []
    return built


@pytest.fixture(scope="session")
def bilingual_site(tmp_path_factory) -> Built:
    """examples/bilingual (English at /, Spanish at /es/), built once with --strict."""
    tmp = tmp_path_factory.mktemp("bilingual")
    built = Project(ROOT / "examples" / "bilingual").build(strict=True, site_dir=tmp / "site")
    assert built.error is None, built.error
    assert built.warnings == []
    return built


@pytest.fixture(scope="session")
def longnames_site(tmp_path_factory) -> Built:
    """The long-names partnership (tests/fixtures/longnames: pounds, nine long official names, a
    mid-grey muted colour), built once with --strict."""
    tmp = tmp_path_factory.mktemp("longnames")
    built = make_project(tmp, FIXTURES / "longnames").build(strict=True, site_dir=tmp / "site")
    assert built.error is None, built.error
    assert built.warnings == []
    return built


@pytest.fixture(autouse=True)
def _no_standing_workers():
    """A test that ran a preview's build in this process without ending it (no on_shutdown)
    leaves its standing e-mail and feed workers to no other test."""
    yield
    from backbone import background

    background.stop_standing()
