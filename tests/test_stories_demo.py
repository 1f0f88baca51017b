"""The demo partnership's stories build --strict (metrics from DemoFigures until backbone/metrics is merged)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from conftest import ROOT, Project
from fakes import DemoFigures, FakeMetricsPlugin


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    site = tmp_path_factory.mktemp("demo") / "site"
    built = Project(ROOT).build(site_dir=site, plugins={"backbone/metrics": FakeMetricsPlugin(DemoFigures(ROOT / "data/metrics"))})
    assert built.error is None, built.error
    assert built.warnings == []
    return built


def test_every_demo_story_is_published_with_its_card(demo):
    stories = sorted(p.stem for p in (ROOT / "content/stories").glob("*.md"))
    for slug in stories:
        draft = "draft: true" in (ROOT / f"content/stories/{slug}.md").read_text()
        assert (demo.site / f"stories/{slug}/index.html").is_file() != draft, slug
        if not draft:
            soup = demo.html(f"stories/{slug}/index.html")
            assert soup.find("meta", property="og:image")["content"] == f"https://riverbendworks.example.org/stories/{slug}/card.png"
            with Image.open(demo.site / f"stories/{slug}/card.png") as card:
                assert card.size == (1200, 630)


def test_demo_alias_and_figures(demo):
    redirect = demo.html("stories/forklift-story/index.html")
    assert redirect.find("link", rel="canonical")["href"] == "https://riverbendworks.example.org/stories/from-food-bank-to-forklift/"
    soup = demo.html("stories/three-hundred-a-quarter/index.html")
    # data/metrics/jobs-placed.yml: 2025-Q3 = 338
    assert soup.select_one(".bb-figure__value").get_text() == "338"
    assert "Stories" in [a.get_text(strip=True) for a in demo.html("index.html").select(".md-tabs a")]
