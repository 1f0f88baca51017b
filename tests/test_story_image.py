"""A story's picture travels: into its social card (a photo panel beside the title, the brand's
band kept whole) and into its feed items (media:content, enclosure, JSON Feed image), with
the pull quote joining the feed content. Read back with Pillow, feedparser, lxml and json."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from lxml import etree
from PIL import Image, ImageOps
from stories_helpers import STORIES, build, with_stories

from backbone.drawing.band import Brand
from backbone.render.numbers import Squeezable
from backbone.stories import cards

ROOT = Path(__file__).resolve().parent.parent
BRAND = Brand(
    "Harbour Health Alliance",
    "#1d4e89",
    "#f4a259",
    "#1a1a1a",
    "#ffffff",
    "#ffffff",
    "#555555",
    str(ROOT / "data/brand/logo.svg"),
    "0" * 64,
)
PANEL = (700, 0, 1200, 490)  # where the social card shows the picture
PHONE = STORIES / "content/stories/images/phone.png"
RED, GREEN, BLUE = (220, 20, 20), (20, 160, 60), (30, 60, 200)


def picture(path: Path, size=(1600, 800), **save) -> Path:
    """A wide picture: red edges left and right, a green middle with a blue square at its centre."""
    image = Image.new("RGB", size, RED)
    w, h = size
    image.paste(GREEN, (w // 5, 0, w - w // 5, h))
    image.paste(BLUE, (w // 2 - 60, h // 2 - 60, w // 2 + 60, h // 2 + 60))
    image.save(path, **save)
    return path


def social(path: Path | None, figure=(Squeezable("150"), "People helped, Q2 2024"), brand=BRAND) -> Image.Image:
    spec = cards.CardSpec(
        "social",
        "The triage line that emptied the waiting room",
        *figure,
        brand,
        photo=str(path) if path else None,
        photo_digest="1" * 64 if path else None,
    )
    return Image.open(io.BytesIO(cards.draw(spec)))


def panel(card: Image.Image) -> Image.Image:
    return card.convert("RGB").crop(PANEL)


# --- the social card --------------------------------------------------------


def test_the_panel_is_the_picture_cropped_to_fit_not_squashed(tmp_path):
    source = picture(tmp_path / "wide.png")
    card = social(source)
    assert (card.format, card.size) == ("PNG", (1200, 630))
    shown = panel(card)
    expected = ImageOps.fit(Image.open(source).convert("RGB"), (500, 490), Image.LANCZOS)
    assert shown.tobytes() == expected.tobytes()
    colours = {colour for _, colour in shown.getcolors(1 << 20)}
    assert RED not in colours, "the wide picture's sides are cropped away, not squeezed in"
    assert shown.getpixel((250, 245)) == BLUE and shown.getpixel((5, 245)) == GREEN


def test_the_brand_stays_whole_and_the_title_on_plain_background(tmp_path):
    card = social(picture(tmp_path / "wide.png")).convert("RGB")
    assert card.getpixel((600, 600)) == (0x1D, 0x4E, 0x89) and card.getpixel((1150, 600)) == (0x1D, 0x4E, 0x89)
    assert card.getpixel((950, 495)) == (0xF4, 0xA2, 0x59), "the accent line runs under the picture too"
    chip = {card.getpixel((x, 565)) for x in range(72, 140)}
    assert len(chip) > 3, "the logo keeps its colours on its chip"
    column = {card.getpixel((x, y)) for x in range(72, 660) for y in range(40, 480)}
    assert (0x1A, 0x1A, 0x1A) in column and (0x1D, 0x4E, 0x89) in column, "title and figure drawn"
    assert not column & {RED, GREEN, BLUE}, "no picture under the text"


def test_a_card_without_picture_is_unchanged(tmp_path):
    plain = social(None)
    assert plain.mode == "P"  # the flat card, drawn in a palette as before
    rgb = plain.convert("RGB")
    assert {rgb.getpixel((x, 245)) for x in range(1000, 1190)} == {(0xFF, 0xFF, 0xFF)}
    assert cards.draw(cards.CardSpec("social", "A title", None, None, BRAND)) == cards.draw(
        cards.CardSpec("social", "A title", None, None, BRAND, photo=None, photo_digest=None)
    )


def test_photo_cards_are_deterministic_and_keyed_by_the_pictures_bytes(tmp_path):
    source = picture(tmp_path / "wide.jpg", quality=90)
    spec = cards.CardSpec(
        "social", "A title", Squeezable("338"), "Jobs, Q3 2025", BRAND, photo=str(source), photo_digest="1" * 64
    )
    assert cards.draw(spec) == cards.draw(spec)
    moved = dataclasses.replace(spec, photo="/elsewhere/wide.jpg")
    other = dataclasses.replace(spec, photo_digest="2" * 64)
    assert spec.digest() == moved.digest() != other.digest()
    assert spec.digest() != dataclasses.replace(spec, photo=None, photo_digest=None).digest()


def test_the_picture_is_shown_upright_as_published(tmp_path):
    """A camera's JPEG stored on its side with an EXIF orientation: the card turns it upright."""
    upright = Image.new("RGB", (600, 900), RED)
    upright.paste(BLUE, (0, 450, 600, 900))  # red above blue
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # as the camera wrote it
    exif = Image.Exif()
    exif[0x0112] = 6  # "turn 90° clockwise to show"
    path = tmp_path / "camera.jpg"
    stored.save(path, quality=95, exif=exif)
    shown = panel(social(path))
    top, bottom = shown.getpixel((250, 20)), shown.getpixel((250, 470))
    assert top[0] > 180 and top[2] < 80 and bottom[2] > 160 and bottom[0] < 80, (top, bottom)


def test_a_transparent_picture_sits_on_the_cards_background(tmp_path):
    image = Image.new("RGBA", (500, 490), (0, 0, 0, 0))
    image.paste((30, 60, 200, 255), (200, 200, 300, 300))
    image.save(tmp_path / "mark.png")
    shown = panel(social(tmp_path / "mark.png"))
    assert shown.getpixel((10, 10)) == (255, 255, 255) and shown.getpixel((250, 245)) == BLUE


def test_an_svg_picture_is_drawn_to_cover_the_panel(tmp_path):
    svg = tmp_path / "tall.svg"
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 400">'
        '<rect width="100" height="400" fill="#1e3cc8"/></svg>'
    )
    shown = panel(social(svg))
    assert {colour for _, colour in shown.getcolors(1 << 20)} == {BLUE}, "covers the panel: nothing of the background"
    empty = tmp_path / "empty.svg"
    empty.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    assert social(empty).mode == "P", "a picture that draws nothing: the card without it"


def test_a_picture_that_cannot_be_read_leaves_the_card_without_it(tmp_path):
    """Checked when the story is loaded; should it change or vanish before its card is drawn,
    the card is drawn without it rather than stopping the build with a traceback."""
    broken = tmp_path / "broken.png"
    broken.write_bytes(picture(tmp_path / "whole.png").read_bytes()[:200])
    assert social(broken).mode == "P" and social(tmp_path / "gone.jpg").mode == "P"


def test_a_6000_px_photo_fills_the_panel(tmp_path):
    """A 6000-px JPEG is decoded at a reduced scale (Pillow's draft mode); the panel still
    shows the picture, not a blur of its corner."""
    source = picture(tmp_path / "big.jpg", size=(6000, 3000), quality=85)
    shown = panel(social(source))
    assert shown.getpixel((250, 245))[2] > 160 and shown.getpixel((5, 245))[1] > 120


# --- the social card in a real build ----------------------------------------


def camera_jpeg(path: Path) -> Path:
    """A 300×200 JPEG stored on its side (EXIF orientation 6): shown and published 200×300."""
    stored = Image.new("RGB", (300, 200), GREEN)
    exif = Image.Exif()
    exif[0x0112] = 6
    stored.save(path, quality=90, exif=exif)
    return path


MAP_STORY = """---
title: The harbour map
date: "2024-04-01"
summary: "Where the clinics are."
tags: [maps]
image:
  src: images/map.svg
  alt: A map of the harbour's clinics
author: Sam Lee
---

Every clinic on one map.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The stories fixture, with a hyphenated tag on the triage line, a camera's JPEG on the
    vouchers story and an SVG picture on a fourth; 'city-data' has no picture."""
    project = with_stories(tmp_path_factory.mktemp("storyimage"))
    stories = project.path("content/stories")
    triage = stories / "2024-05-02-triage-line.md"
    triage.write_text(triage.read_text().replace("tags: [triage, clinics]", "tags: [triage, walk-in-clinics]"))
    camera_jpeg(stories / "images/market.jpg")
    vouchers = stories / "food-vouchers.md"
    vouchers.write_text(
        vouchers.read_text().replace(
            "author: Sam Lee",
            "image:\n  src: images/market.jpg\n  alt: Fresh vegetables at the harbour market\nauthor: Sam Lee",
        )
    )
    (stories / "images/map.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20"><rect width="40" height="20" fill="#1e3cc8"/></svg>'
    )
    (stories / "2024-04-01-harbour-map.md").write_text(MAP_STORY)
    result = build(project)
    assert result.error is None, result.error
    assert result.warnings == []
    result.project = project
    return result


def test_the_built_card_shows_the_storys_picture(built):
    with Image.open(built.site / "stories/triage-line/card.png") as card:
        assert card.size == (1200, 630)
        expected = ImageOps.fit(Image.open(PHONE).convert("RGB"), (500, 490), Image.LANCZOS)
        assert panel(card).tobytes() == expected.tobytes()
    with Image.open(built.site / "stories/city-data/card.png") as plain:  # no image: the card as before
        assert plain.mode == "P"
        assert {plain.convert("RGB").getpixel((x, 245)) for x in range(1000, 1190)} == {(0xFF, 0xFF, 0xFF)}
    soup = built.html("stories/triage-line/index.html")
    alt = soup.find("meta", attrs={"property": "og:image:alt"})["content"]
    assert "A phone on a desk in the clinic" in alt


def test_a_new_picture_redraws_the_card(tmp_path):
    project = with_stories(tmp_path)
    first = build(project, site_dir=tmp_path / "one")
    assert first.error is None, first.error
    picture(project.path("content/stories/images/phone.png"))
    second = build(project, site_dir=tmp_path / "two")
    assert second.error is None, second.error
    with Image.open(second.site / "stories/triage-line/card.png") as card:
        assert panel(card).getpixel((250, 245)) == BLUE
    assert (first.site / "stories/city-data/card.png").read_bytes() == (
        second.site / "stories/city-data/card.png"
    ).read_bytes()


# --- the feeds ----------------------------------------------------------------

SITE = "https://harbour.example.org/"
MEDIA = "http://search.yahoo.com/mrss/"
ATOM = "http://www.w3.org/2005/Atom"
QUOTE = "We stopped sending people across town for a question a nurse could answer."
PICTURES = {  # story: (address, published file, type, width, height)
    "triage-line": ("stories/images/phone.png", "image/png", 800, 500),
    "food-vouchers": ("stories/images/market.jpg", "image/jpeg", 200, 300),
}


def rss_items(built) -> dict[str, etree._Element]:
    root = etree.parse(str(built.site / "feeds/stories.rss")).getroot()
    return {item.findtext("link").split("/")[-2]: item for item in root.iter("item")}


@pytest.mark.parametrize("slug", sorted(PICTURES))
def test_rss_items_carry_the_storys_picture(built, slug):
    path, kind, width, height = PICTURES[slug]
    size = (built.site / path).stat().st_size
    item = rss_items(built)[slug]
    media = item.find(f"{{{MEDIA}}}content")  # directly under <item>, in the Media RSS namespace
    assert media.attrib == {
        "url": SITE + path,
        "type": kind,
        "medium": "image",
        "fileSize": str(size),
        "width": str(width),
        "height": str(height),
    }
    enclosure = item.find("enclosure")
    assert enclosure.attrib == {"url": SITE + path, "length": str(size), "type": kind}
    entry = next(e for e in feedparser.parse(built.site / "feeds/stories.rss").entries if e.link.endswith(f"/{slug}/"))
    assert entry.enclosures[0]["href"] == SITE + path and int(entry.enclosures[0]["length"]) == size
    assert entry.media_content[0]["url"] == SITE + path


def test_the_pictures_alt_text_goes_with_it(built):
    """Media RSS's media:description (plain text) under media:content, in RSS and Atom."""
    item = rss_items(built)["triage-line"]
    description = item.find(f"{{{MEDIA}}}content/{{{MEDIA}}}description")
    assert (description.get("type"), description.text) == ("plain", "A phone on a desk in the clinic")
    card = rss_items(built)["city-data"].find(f"{{{MEDIA}}}content/{{{MEDIA}}}description")
    assert card.text.startswith("What the city's data showed."), "a card says what it shows too"
    root = etree.parse(str(built.site / "feeds/stories.atom")).getroot()
    texts = [d.text for d in root.iter(f"{{{MEDIA}}}description")]
    assert "A phone on a desk in the clinic" in texts and "Fresh vegetables at the harbour market" in texts


def test_atom_entries_link_the_picture_as_an_enclosure(built):
    root = etree.parse(str(built.site / "feeds/stories.atom")).getroot()
    for slug, (path, kind, _, _) in PICTURES.items():
        entry = next(
            e for e in root.iter(f"{{{ATOM}}}entry") if e.find(f"{{{ATOM}}}link").get("href").endswith(f"/{slug}/")
        )
        enclosure = entry.find(f"{{{ATOM}}}link[@rel='enclosure']")
        assert enclosure.attrib == {
            "href": SITE + path,
            "rel": "enclosure",
            "type": kind,
            "length": str((built.site / path).stat().st_size),
        }
    parsed = feedparser.parse(built.site / "feeds/stories.atom")
    assert not parsed.bozo
    triage = next(e for e in parsed.entries if e.link.endswith("/triage-line/"))
    assert triage.enclosures[0]["href"] == SITE + "stories/images/phone.png"


def test_json_feed_items_carry_the_picture(built):
    items = {i["url"].split("/")[-2]: i for i in json.loads((built.site / "feeds/stories.json").read_text())["items"]}
    for slug, (path, kind, _, _) in PICTURES.items():
        assert items[slug]["image"] == SITE + path
        assert items[slug]["attachments"] == [
            {"url": SITE + path, "mime_type": kind, "size_in_bytes": (built.site / path).stat().st_size}
        ]
    assert items["city-data"]["image"] == SITE + "stories/city-data/card.png", "no picture: the card"
    assert items["harbour-map"]["image"] == SITE + "stories/harbour-map/card.png", "an SVG: its card, which shows it"


def test_the_svg_picture_is_on_its_card(built):
    with Image.open(built.site / "stories/harbour-map/card.png") as card:
        assert panel(card).getpixel((250, 245)) == BLUE


def test_the_pull_quote_joins_the_feed_content(built):
    rss = rss_items(built)["triage-line"].findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    atom = (
        next(e for e in feedparser.parse(built.site / "feeds/stories.atom").entries if e.link.endswith("/triage-line/"))
        .content[0]
        .value
    )
    items = json.loads((built.site / "feeds/stories.json").read_text())["items"]
    json_html = next(i for i in items if i["url"].endswith("/triage-line/"))["content_html"]
    for html in (rss, atom, json_html):
        soup = BeautifulSoup(html, "html.parser")
        quote = soup.find("blockquote")
        assert quote is not None and quote.get_text(strip=True) == QUOTE
        assert soup.find("figcaption").get_text(strip=True) == "— Ana Ruiz, Head nurse, Harbour Community Clinic"
        assert html.index("nurse answers") < html.index(QUOTE), "after the story, as on the page"
    food = next(i for i in items if i["url"].endswith("/food-vouchers/"))["content_html"]
    assert "<blockquote" not in food  # no quote, none made up


def test_a_quote_is_text_never_markup(tmp_path):
    project = with_stories(tmp_path)
    story = project.path("content/stories/2024-05-02-triage-line.md")
    story.write_text(
        story.read_text().replace(QUOTE, "Fish & chips <img src=x onerror=alert(1)> <a href=javascript:x>now</a>")
    )
    result = build(project)
    assert result.error is None, result.error
    item = next(
        i
        for i in json.loads((result.site / "feeds/stories.json").read_text())["items"]
        if i["url"].endswith("/triage-line/")
    )
    soup = BeautifulSoup(item["content_html"], "html.parser")
    assert (
        soup.find("blockquote").get_text() == "Fish & chips <img src=x onerror=alert(1)> <a href=javascript:x>now</a>"
    )
    assert soup.find("img") is None and not soup.find_all("a", href=lambda h: h and h.startswith("javascript"))


def test_feeds_name_tags_in_words(built):
    parsed = feedparser.parse(built.site / "feeds/stories.rss")
    triage = next(e for e in parsed.entries if e.link.endswith("/triage-line/"))
    terms = [t.term for t in triage.tags]
    assert "walk in clinics" in terms and "walk-in-clinics" not in terms
    assert "Harbour Community Clinic" in terms and "harbour-clinic" not in terms  # partners by name
    tag_feed = feedparser.parse(built.site / "feeds/tags/walk-in-clinics.rss")
    assert tag_feed.feed.title.endswith("stories tagged ‘walk in clinics’")
    page = built.html("feeds/index.html").get_text(" ")
    assert "tagged ‘walk in clinics’" in page and "tagged walk-in-clinics" not in page
    # the pages read as the feeds do: the tag page, its story's kicker, the stories index
    tag_page = built.html("stories/tags/walk-in-clinics/index.html")
    assert tag_page.h1.get_text(strip=True) == "Stories tagged ‘walk in clinics’"
    assert "tagged walk in clinics" in tag_page.get_text(" ", strip=True)
    kicker = built.html("stories/triage-line/index.html").select_one(".bb-story-kicker").get_text(" ", strip=True)
    assert "walk in clinics" in kicker and "walk-in-clinics" not in kicker
    for path in (built.site / "feeds").rglob("*.*"):
        text = path.read_text()
        assert "2024-Q2" not in text, path  # periods read 'Q2 2024' wherever a feed shows one


def test_a_cache_entry_is_known_by_the_digest_it_was_made_under_and_any_other_file_by_its_bytes(tmp_path):
    """A warm build keys cards on the charts it publishes without reading them: the build
    computed the digest each was made under. A file's name is never a key (F17)."""
    import hashlib

    from backbone.memo import content_digest, made

    chart = tmp_path / ("c" * 64 + ".png")
    chart.write_bytes(b"a chart")
    made(chart, "d" * 64)
    assert content_digest(chart) == "d" * 64
    for name in ("a" * 64 + ".png", "image-" + "b" * 64 + ".jpg", "logo.png"):
        own = tmp_path / name
        own.write_bytes(b"a partner's logo")
        assert content_digest(own) == hashlib.sha256(b"a partner's logo").hexdigest()
