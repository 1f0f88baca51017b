"""Link previews of every page (issue #17, item 11): Open Graph and Twitter tags, the cards they
show, unique landmark names, social links named by network, the feeds' PNG image, a sized logo.

Checked on the built demo site with real parsers: the HTML with BeautifulSoup, the cards and
the feeds' image with Pillow, the RSS with feedparser.
"""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from PIL import Image, ImageChops, ImageStat

from backbone.drawing.band import Brand
from backbone.drawing.fit import figure_font
from backbone.previews import cards
from backbone.previews.tags import og_locale
from backbone.render.numbers import Squeezable, squeezable

SITE_URL = "https://riverbendworks.example.org/"
OG = (
    "og:type",
    "og:site_name",
    "og:locale",
    "og:title",
    "og:description",
    "og:url",
    "og:image",
    "og:image:width",
    "og:image:height",
    "og:image:alt",
)
TWITTER = ("twitter:card", "twitter:title", "twitter:description", "twitter:image", "twitter:image:alt")


def themed_pages(site: Path) -> dict[str, BeautifulSoup]:
    """Every page the theme rendered (not e-mails, embeds or story aliases' redirects),
    by site path; 404.html has no address of its own to share."""
    found = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        text = path.read_text(encoding="utf-8")
        if rel == "404.html" or 'name="generator"' not in text:
            continue
        found[rel] = BeautifulSoup(text, "html.parser")
    return found


def meta(soup: BeautifulSoup, key: str) -> str | None:
    tag = soup.find("meta", property=key) or soup.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


def site_file(site: Path, url: str) -> Path:
    assert url.startswith(SITE_URL), url
    return site / urlsplit(url).path.lstrip("/")


def page_url(rel: str) -> str:
    return SITE_URL + rel.removesuffix("index.html")


@pytest.fixture(scope="module")
def pages(demo_site):
    found = themed_pages(demo_site.site)
    assert len(found) > 50  # every page of the demo, not a few
    return found


def test_every_page_has_open_graph_and_twitter_tags(demo_site, pages):
    missing = {rel: [k for k in OG + TWITTER if not meta(soup, k)] for rel, soup in pages.items()}
    assert {rel: keys for rel, keys in missing.items() if keys} == {}
    for rel, soup in pages.items():
        assert meta(soup, "og:url") == page_url(rel)
        assert meta(soup, "og:locale") == "en_US"  # Open Graph's form, not the page's 'en'
        assert meta(soup, "og:site_name") == "Riverbend Works Partnership"
        assert meta(soup, "twitter:card") == "summary_large_image"
        assert meta(soup, "twitter:image") == meta(soup, "og:image")
        assert meta(soup, "og:description") == soup.find("meta", attrs={"name": "description"})["content"]


def test_every_preview_image_is_a_1200_by_630_png(demo_site, pages):
    for url in sorted({meta(soup, "og:image") for soup in pages.values()}):
        with Image.open(site_file(demo_site.site, url)) as image:
            assert (image.format, image.size) == ("PNG", (1200, 630)), url
    sizes = {(meta(s, "og:image:width"), meta(s, "og:image:height")) for s in pages.values()}
    assert sizes == {("1200", "630")}


def test_home_scorecard_metrics_and_partners_have_cards_of_their_own(demo_site, pages):
    image = {rel: meta(soup, "og:image") for rel, soup in pages.items()}
    own = [
        "scorecard/index.html",
        "metrics/jobs-placed/index.html",
        "metrics/youth-unemployment-rate/index.html",
        "partners/city-of-riverbend/index.html",
        "partners/workforce-board/index.html",
    ]
    site_card = image["index.html"]
    assert len({image[rel] for rel in own} | {site_card}) == len(own) + 1
    assert image["about/index.html"] == image["governance/index.html"] == site_card  # no card of their own
    assert image["stories/night-bus-to-eastgate/index.html"] == SITE_URL + "stories/night-bus-to-eastgate/card.png"
    every_metric = [rel for rel in pages if rel.startswith("metrics/") and rel.count("/") == 2]
    assert len({image[rel] for rel in every_metric}) == len(every_metric) >= 10
    home = pages["index.html"]
    assert meta(home, "og:title") == "Riverbend Works Partnership"
    metric = pages["metrics/jobs-placed/index.html"]
    assert meta(metric, "og:title") == "Young adults starting a job"
    assert "387" in meta(metric, "og:image:alt")


def test_a_metric_card_draws_its_chart(demo_site, pages):
    """The chart's room on a metric's card holds the metric's slide PNG, scaled down: close to
    it pixel by pixel (the card keeps 64 of its colours), unlike a partner's card."""
    left, top, right, bottom = cards.CHART_BOX
    with Image.open(demo_site.site / "metrics/jobs-placed/jobs-placed-1920x1080.png") as slide:
        width = right - left
        height = round(slide.height * width / slide.width)
        chart = slide.convert("RGB").resize((width, height))
    y = top + (bottom - top - height) // 2

    def distance(rel):
        with Image.open(site_file(demo_site.site, meta(pages[rel], "og:image"))) as card:
            shown = card.convert("RGB").crop((left, y, right, y + height))
        return sum(ImageStat.Stat(ImageChops.difference(shown, chart)).mean) / 3

    own = distance("metrics/jobs-placed/index.html")
    assert own < 3
    assert distance("metrics/mentoring-hours/index.html") > 3 * own  # another metric's chart
    assert distance("partners/city-of-riverbend/index.html") > 3 * own


def test_tags_on_a_story_come_from_the_same_mechanism(pages):
    story = pages["stories/night-bus-to-eastgate/index.html"]
    assert meta(story, "og:type") == "article"
    assert meta(story, "article:published_time") == "2024-03-18"
    assert meta(story, "og:locale") == "en_US"
    assert len(story.find_all("meta", property="og:title")) == 1  # never twice


@pytest.mark.parametrize(
    "language, locale",
    [("en", "en_US"), ("fr", "fr_FR"), ("pt-BR", "pt_BR"), ("de", "de_DE"), ("zh-TW", "zh_TW"), ("nb", "nb_NO")],
)
def test_og_locale(language, locale):
    assert og_locale(language) == locale


def test_cards_are_deterministic_and_cached(tmp_path):
    brand = Brand("Harbour Health", "#1d4e89", "#f2a93b", "#1c2b2d", "#ffffff", "#ffffff", "#555555", None)
    spec = cards.PreviewSpec(
        "scorecard",
        "Scorecard",
        "The few numbers.",
        brand,
        tiles=(cards.Tile(Squeezable("1,204 people", "1.2K people"), "Clinic visits", "Q3 2026 · On track"),),
    )
    assert cards.draw(spec) == cards.draw(spec)
    paths, drawn = cards.ensure([spec], tmp_path)
    assert drawn == 1 and paths[0].name == f"preview-scorecard-{spec.digest()}.png"
    assert cards.ensure([spec], tmp_path) == (paths, 0)  # drawn once
    changed = cards.PreviewSpec("scorecard", "Scorecard", "The few numbers!", brand, tiles=spec.tiles)
    assert changed.digest() != spec.digest()


def test_landmark_names_are_unique_on_every_page(pages):
    """Named regions in the HTML (the JavaScript names scrolling tables: see the axe check)."""
    for rel, soup in pages.items():
        names = Counter(el["aria-label"] for el in soup.select("[role=region][aria-label], section[aria-label]"))
        assert [name for name, n in names.items() if n > 1] == [], rel
    groups = pages["metrics/index.html"].select("section.bb-scroll[aria-label]")
    assert len(groups) >= 3


def test_social_links_are_named_by_network(pages):
    links = pages["index.html"].select(".md-social a")
    assert [a["title"] for a in links] == [
        "Riverbend Works on LinkedIn",
        "Riverbend Works on Bluesky",
        "Riverbend Works website",
    ]


def test_header_logo_has_its_size(demo_site, pages):
    logo = pages["index.html"].select_one(".md-header a.md-logo img")
    assert (logo["width"], logo["height"]) == ("64", "64")  # data/brand/logo-mark.svg: viewBox 0 0 64 64
    assert logo["alt"] == ""  # its link is named by the site's name


def test_rss_channel_image_is_a_png(demo_site):
    feed = feedparser.parse((demo_site.site / "feeds" / "stories.rss").read_bytes())
    assert not feed.bozo
    url = feed.feed.image.href
    with Image.open(site_file(demo_site.site, url)) as image:
        assert image.format == "PNG"
        assert image.width <= 144 and image.height <= 400  # RSS 2.0's limits


def test_long_texts_stay_above_the_brand_band_and_figures_are_never_cut(tmp_path):
    """A 45-character partner name with a long role, and a long figure: every text ends above
    the band (the strip just above it stays bare), and the figure is drawn whole, in compact form
    where the full figure does not fit."""
    brand = Brand("Harbour Health", "#1d4e89", "#f2a93b", "#1c2b2d", "#ffffff", "#ffffff", "#555555", None)
    role = "Runs the summer jobs programme for six hundred young adults across nine neighbourhoods. " * 4
    partner = cards.PreviewSpec("partner", "Eastbrook Regional Parks Recreation Libraries", role, brand)
    metric = cards.PreviewSpec(
        "metric", "Spend " * 20, role, brand, figure=squeezable(1_234_567_890.12, "currency", 2, "USD")
    )
    for spec in (partner, metric):
        with Image.open(io.BytesIO(cards.draw(spec))) as card:
            strip = card.convert("RGB").crop((20, cards.BAND - 26, 1200, cards.BAND - 10))
            assert strip.getcolors() == [(strip.width * strip.height, (255, 255, 255))], spec.kind
    (figure,) = [d for d in cards.layout(metric) if d.role == "figure"]  # no chart: the card's width
    assert figure.text == "$1,234,567,890.12" and figure.box[2] <= cards.SIZE[0] - cards.PAD
    room = cards.CHART_BOX[0] - cards.PAD - 28  # the figure's room beside a chart
    font, text = figure_font(metric.figure, room, cards.FIGURE_SIZES)
    assert (text, font.size) == ("$1.23B", cards.FIGURE_SIZES[0])  # the full one fits at no size there


def test_a_metric_cards_chart_is_its_slide_resized_once(tmp_path):
    """The slide (1920 × 1080, no transparency) fitted in the card's chart box in one resize,
    as sharp as a single Lanczos pass makes it: not to the box's height first, then again to
    its width."""
    from PIL import ImageDraw

    from backbone.drawing.canvas import flatten

    slide = Image.new("P", (1920, 1080), 0)
    slide.putpalette([255, 255, 255, 30, 60, 140, 200, 80, 20] + [0] * 759)
    draw = ImageDraw.Draw(slide)
    for x in range(0, 1920, 37):
        draw.line([(x, 1080), (x + 400, 0)], fill=1 + x % 2, width=3)
    path = tmp_path / "chart-1920x1080.png"
    slide.save(path)
    width, height = cards.CHART_BOX[2] - cards.CHART_BOX[0], cards.CHART_BOX[3] - cards.CHART_BOX[1]
    cards._fitted.cache_clear()
    fitted = cards._fitted(str(path), "digest", width, height, "#ffffff")
    size = (width, round(1080 * width / 1920))
    once = flatten(slide.convert("RGB").resize(size, Image.LANCZOS), "#ffffff")
    assert fitted.size == size
    assert fitted.colours == once.colours and fitted.indices.tobytes() == once.indices.tobytes()
