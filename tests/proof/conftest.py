"""Fixtures for the proof checks: the demo site served on 127.0.0.1, headless Chromium, tools."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from browsing import served
from support import FIXTURES, Project  # noqa: F401  (used by the proof tests)

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("BACKBONE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NODE_MODULES = ROOT / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
HTML_VALIDATE = NODE_MODULES / "html-validate" / "bin" / "html-validate.mjs"
ARTIFACTS = Path(os.environ.get("BACKBONE_TEST_ARTIFACTS", ROOT / "test-artifacts"))


def require(condition: bool, what: str, fix: str) -> None:
    """Fail (never skip) when a tool the proof needs is missing, saying how to install it."""
    if not condition:
        pytest.fail(f"{what} is missing: {fix} (bash .ci/install does all of it)", pytrace=False)


@pytest.fixture(scope="session")
def server(demo_site):
    """The built demo site on a free port of 127.0.0.1, for the whole session."""
    with served(demo_site.site) as url:
        yield url


@pytest.fixture(scope="session")
def longnames_server(longnames_site):
    """The long-names partnership (tests/fixtures/longnames) on a free port of 127.0.0.1."""
    with served(longnames_site.site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    require(CHROMIUM.is_file(), f"Chromium ({CHROMIUM})", "apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Python playwright is missing: pip install -e '.[test]'", pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    require(AXE.is_file(), f"axe-core ({AXE.relative_to(ROOT)})", "run 'npm ci' in the repository")
    return AXE


@pytest.fixture(scope="session")
def vnu_jar() -> Path:
    require(VNU.is_file(), f"the Nu HTML Checker ({VNU.relative_to(ROOT)})", "run 'npm ci' in the repository")
    require(shutil.which("java") is not None, "Java", "apt-get install default-jre-headless")
    return VNU


@pytest.fixture(scope="session")
def html_validate_bin() -> Path:
    require(
        HTML_VALIDATE.is_file(), f"html-validate ({HTML_VALIDATE.relative_to(ROOT)})", "run 'npm ci' in the repository"
    )
    require(shutil.which("node") is not None, "Node.js", "apt-get install nodejs")
    return HTML_VALIDATE


@pytest.fixture(scope="session")
def screenshots() -> Path:
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
