"""Fixtures shared by every test: the minimal fixture partnership and the demo site."""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Callable
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


def built_once(tmp_path_factory, name: str, build: Callable[[Path], Built]) -> Built:
    """``build(folder)``, run by one test process of this run: the other xdist workers wait for
    it, then read the same site (a session's sites are only read), rather than each drawing the
    same charts into the same cache folder at once."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    record = shared / f"{name}.built.json"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not record.exists():
            folder = shared / name
            folder.mkdir()
            made = build(folder)
            made_record = {"site": str(made.site), "warnings": made.warnings, "error": made.error}
            record.write_text(json.dumps(made_record), encoding="utf-8")
    found = json.loads(record.read_text(encoding="utf-8"))
    return Built(Path(found["site"]), found["warnings"], found["error"])


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Built:
    """The demo partnership at the repository root, built once with --strict (its drawings then
    in the repository's .cache/, for the tests that copy the demo: ``demo_cache``)."""
    built = built_once(
        tmp_path_factory, "demo", lambda folder: Project(ROOT).build(strict=True, site_dir=folder / "site")
    )
    assert built.error is None, built.error
    assert built.warnings == []
    return built


@pytest.fixture(scope="session")
def demo_cache(demo_site) -> Path:
    """The demo's cache folder, filled: a copy of the demo seeds its own from it (``seed_cache``)."""
    return ROOT / ".cache"


@pytest.fixture(scope="session")
def bilingual_site(tmp_path_factory) -> Built:
    """examples/bilingual (English at /, Spanish at /es/), built once with --strict."""
    folder = ROOT / "examples" / "bilingual"
    built = built_once(
        tmp_path_factory, "bilingual", lambda tmp: Project(folder).build(strict=True, site_dir=tmp / "site")
    )
    assert built.error is None, built.error
    assert built.warnings == []
    return built


@pytest.fixture(scope="session")
def longnames_site(tmp_path_factory) -> Built:
    """The long-names partnership (tests/fixtures/longnames: pounds, nine long official names, a
    mid-grey muted colour), built once with --strict."""

    def build(tmp: Path) -> Built:
        return make_project(tmp, FIXTURES / "longnames").build(strict=True, site_dir=tmp / "site")

    built = built_once(tmp_path_factory, "longnames", build)
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
