"""The demo partnership's stories, built --strict with the real metrics plugin."""

from __future__ import annotations

import json

import yaml
from PIL import Image
from support import ROOT


def series(metric: str) -> dict[str, float]:
    data = yaml.safe_load((ROOT / f"data/metrics/{metric}.yml").read_text())
    return {str(point["period"]): point["value"] for point in data["series"]}


def test_every_demo_story_is_published_with_its_card(demo_site):
    for path in sorted((ROOT / "content/stories").glob("*.md")):
        slug = path.stem
        draft = "draft: true" in path.read_text()
        assert (demo_site.site / f"stories/{slug}/index.html").is_file() != draft, slug
        if not draft:
            soup = demo_site.html(f"stories/{slug}/index.html")
            assert (
                soup.find("meta", property="og:image")["content"]
                == f"https://riverbendworks.example.org/stories/{slug}/card.png"
            )
            with Image.open(demo_site.site / f"stories/{slug}/card.png") as card:
                assert card.size == (1200, 630)


def test_demo_alias_and_claimed_figures(demo_site):
    redirect = demo_site.html("stories/forklift-story/index.html")
    assert (
        redirect.find("link", rel="canonical")["href"]
        == "https://riverbendworks.example.org/stories/from-food-bank-to-forklift/"
    )
    soup = demo_site.html("stories/three-hundred-a-quarter/index.html")
    claimed = series("jobs-placed")["2025-Q3"]  # the story claims jobs-placed@2025-Q3
    assert soup.select_one(".bb-figure__value").get_text() == f"{claimed:,.0f}"
    assert "Stories" in [a.get_text(strip=True) for a in demo_site.html("index.html").select(".md-tabs a")]


def test_search_indexes_stories_without_their_share_kit(demo_site):
    """The reuse kit, share buttons, related stories, key figures, partner lists and tables of
    figures repeat across pages: they stay on the pages but out of the search index, where
    they would bury the stories (and the metric and partner pages they point to)."""
    docs = json.loads(demo_site.text("search/search_index.json"))["docs"]
    story = [d for d in docs if d["location"].startswith("stories/three-hundred-a-quarter/")]
    assert story and "cost-benefit model" in " ".join(d["text"] for d in story)  # the story itself is found
    repeated = (
        "Embed on your website",
        "Share this story",
        "Related stories",
        "Use this story",
        "Key figures",
        "The partners behind this story",
    )
    stories = [d for d in docs if d["location"].startswith("stories/")]
    assert not [d["location"] for d in stories if any(r in d["title"] or r in d["text"] for r in repeated)]
    excluded = ("#use-this-story", "#related-stories", "#key-figures", "#story-partners")
    assert not [d["location"] for d in docs if d["location"].endswith(excluded)]
    metric = [d for d in docs if d["location"].startswith("metrics/jobs-placed/")]
    assert metric and "Period by period" not in " ".join(d["text"] for d in metric)
    # ... while the pages themselves still show all of it
    page = demo_site.html("stories/three-hundred-a-quarter/index.html")
    assert page.select_one(".bb-kit[data-search-exclude] textarea") is not None
    assert page.select_one(".bb-key-figures[data-search-exclude] .bb-figure__value") is not None
    assert page.select_one(".bb-story-partners[data-search-exclude] a[href]") is not None
    assert demo_site.html("metrics/jobs-placed/index.html").select_one("[data-search-exclude] table.bb-numbers")


def test_the_docs_links_to_generated_pages_lead_to_pages_of_the_demo(demo_site):
    """docs/stories.md shows how to link to every page Backbone makes, from a story and from a
    page at the top of content/ (issue 22 item 9): each link, resolved as MkDocs resolves it,
    names a page or file the demo publishes."""
    import posixpath
    import re

    from backbone.render.urls import page_url

    doc = (ROOT / "docs/stories.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| [^|]+ \| `\[[^\]]+\]\(([^)]+)\)` \| `\(([^)]+)\)` \|$", doc, re.M)
    assert len(rows) >= 18
    for from_story, from_top in rows:
        target = posixpath.normpath(posixpath.join("stories", from_story))
        assert target == posixpath.normpath(from_top), (from_story, from_top)
        built = page_url(target) + "index.html" if target.endswith(".md") else target
        assert (demo_site.site / built).is_file(), f"{from_story} → {built}"
