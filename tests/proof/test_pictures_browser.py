"""A story's photo in headless Chromium: the browser picks a copy sharp enough for the screen
and no heavier (a phone at 1× does not fetch the largest), in WebP, and keeps the picture's
place before any byte of it arrives (no layout shift)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browsing import served
from PIL import Image
from stories_helpers import build, with_stories

from backbone import renditions

pytestmark = pytest.mark.browser

STORY = "content/stories/2024-05-02-triage-line.md"
SIZE = (2000, 1250)


def photo(path: Path) -> None:
    """Photo-like pixels (gradients and grain), so that every narrower copy is lighter."""
    grain = Image.effect_noise(SIZE, 48)
    Image.merge("RGB", [Image.linear_gradient("L").resize(SIZE), Image.radial_gradient("L").resize(SIZE), grain]).save(
        path, quality=90
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = with_stories(tmp_path_factory.mktemp("pictures-browser"))
    photo(project.path("content/stories/images/photo.jpg"))
    text = project.path(STORY).read_text()
    project.write(STORY, text.replace("src: images/phone.png", "src: images/photo.jpg"))
    built = build(project)
    assert built.error is None, built.error
    with served(built.site) as url:
        yield url


CHOSEN = """() => {
  const img = document.querySelector('.bb-story-image img');
  const box = img.getBoundingClientRect();
  return {src: img.currentSrc, width: box.width, height: box.height, complete: img.complete};
}"""


@pytest.mark.parametrize(("width", "scale"), [(390, 1), (390, 3), (1280, 1), (1920, 2)])
def test_the_browser_fetches_a_copy_sharp_enough_and_no_heavier(browser, site, width, scale):
    context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=scale)
    try:
        page = context.new_page()
        page.goto(site + "stories/triage-line/", wait_until="networkidle")
        shown = page.evaluate(CHOSEN)
    finally:
        context.close()
    chosen = urlsplit(shown["src"]).path
    assert chosen.endswith(".webp"), f"Chromium reads WebP: {chosen}"
    fetched = int(chosen.rsplit("-", 1)[1].removesuffix(".webp"))
    needed = shown["width"] * scale
    assert fetched >= min(needed, renditions.LARGEST), f"{fetched} px for {needed:.0f} device pixels: blurred"
    narrower = [w for w in renditions.WIDTHS if w < fetched]
    assert not narrower or narrower[-1] < needed, f"{fetched} px fetched where {narrower[-1]} px was enough"


def test_the_pictures_place_is_kept_before_it_loads(browser, site):
    """The picture's bytes are held back: the page lays out with its box already its height."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    held = []
    try:
        page = context.new_page()
        page.route("**/*.{webp,jpg}", lambda route: held.append(route))  # not answered while measured
        page.goto(site + "stories/triage-line/", wait_until="domcontentloaded")
        page.wait_for_function("() => document.fonts.status === 'loaded'")
        shown = page.evaluate(CHOSEN)
    finally:
        context.close()
    assert held and not shown["complete"], "the picture had not arrived"
    assert shown["width"] > 300
    assert shown["height"] == pytest.approx(shown["width"] * SIZE[1] / SIZE[0], abs=1.5)
