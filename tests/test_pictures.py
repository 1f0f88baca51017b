"""Pictures fit for the web (issue 22 item 8): each picture of the pages published at a few
widths in its own format and in WebP, never wider than a page needs, offered with srcset,
sizes, width and height; cards and e-mails use the resized copies; a draft leaves nothing
in the cache after `mkdocs serve`. Real builds, every file read back with Pillow, every page
parsed."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from fakes import FakeMetricsFeature
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from PIL import Image
from stories_helpers import build, with_stories
from support import FIXTURES, make_project

from backbone import renditions
from backbone.adapters.check import check_site
from backbone.render.pictures import responsive, sizes
from backbone.stories import cards

STORY = "content/stories/2024-05-02-triage-line.md"
SITE = "https://harbour.example.org/"
ORIGINAL = (2700, 1800)  # the photo as the camera stored it (lying on its side: shown 1800 × 2700)
SHOWN = (1800, 2700)
RED, BLUE = (220, 20, 20), (30, 60, 200)


def photo() -> bytes:
    """A camera's JPEG: stored lying on its side (EXIF orientation 6), with GPS and a maker.
    Shown upright, its top half is red and its bottom half blue."""
    upright = Image.new("RGB", SHOWN, RED)
    upright.paste(BLUE, (0, SHOWN[1] // 2, SHOWN[0], SHOWN[1]))
    stored = upright.transpose(Image.Transpose.ROTATE_90)
    assert stored.size == ORIGINAL
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "SpyCam"
    exif.get_ifd(0x8825)[2] = (51.0, 30.0, 0.0)
    out = io.BytesIO()
    stored.save(out, "JPEG", quality=95, exif=exif)
    return out.getvalue()


def replace(project, rel: str, old: str, new: str) -> None:
    text = project.path(rel).read_text(encoding="utf-8")
    assert old in text
    project.write(rel, text.replace(old, new, 1))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The stories fixture: the camera's photo as the triage line's picture and in an author's
    page two folders deep; the fixture's 800-px PNG drawing in the story's body. The cards'
    specs are recorded as they are drawn."""
    project = with_stories(tmp_path_factory.mktemp("pictures"))
    specs = []
    ensure = cards.ensure

    def recording(wanted, *args, **kwargs):
        specs.extend(wanted)
        return ensure(wanted, *args, **kwargs)

    data = photo()
    project.path("content/stories/images/photo.jpg").write_bytes(data)
    replace(project, STORY, "src: images/phone.png", "src: images/photo.jpg")
    replace(project, STORY, "The harbour's clinics", "![The phone](images/phone.png)\n\nThe harbour's clinics")
    project.write(
        "content/about/team/index.md",
        '# Our team\n\n![The team at work](../../stories/images/photo.jpg "At the harbour")\n\n'
        '`<img src="../../stories/images/photo.jpg">` is how HTML shows it.\n',
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cards, "ensure", recording)
        result = build(project)
    assert result.error is None, result.error
    result.project, result.original, result.specs = project, data, specs
    return result


def candidates(tag, page: str, site: Path) -> list[tuple[Path, int]]:
    """(file, width descriptor) of each candidate of a srcset, resolved from the page's address."""
    found = []
    for item in tag["srcset"].split(","):
        url, descriptor = item.split()
        path = urlsplit(urljoin(SITE + page, url)).path.lstrip("/")
        found.append((site / path, int(descriptor.rstrip("w"))))
    return found


def read(path: Path) -> Image.Image:
    image = Image.open(path)
    image.load()
    return image


def test_the_storys_picture_is_offered_at_every_width_in_both_formats(built):
    page = "stories/triage-line/"
    picture = built.html(page + "index.html").select_one(".bb-story-image picture")
    source, img = picture.find("source"), picture.find("img")
    assert source["type"] == "image/webp" and source["sizes"] == img["sizes"] == sizes(1680)
    assert (img["width"], img["height"]) == ("1680", "2520"), "the largest copy's size: its place is kept"
    assert img["alt"] == "A phone on a desk in the clinic"
    for tag, kind in ((source, "WEBP"), (img, "JPEG")):
        found = candidates(tag, page, built.site)
        assert [width for _, width in found] == list(renditions.WIDTHS)
        for path, width in found:
            image = read(path)
            assert (image.format, image.size) == (kind, (width, round(width * 1.5)))
            assert dict(image.getexif()) == {}, path  # no camera, no GPS
            rgb = image.convert("RGB")
            top, bottom = rgb.getpixel((width // 2, 10)), rgb.getpixel((width // 2, image.height - 10))
            assert top[0] > 180 > top[2] and bottom[2] > 160 > bottom[0], "upright: red above blue"
    assert urljoin(SITE + page, img["src"]) == SITE + "stories/images/photo.jpg"


def test_the_original_is_never_published(built):
    """Its own address holds the largest copy, 1680 pixels wide; no file of the site is the
    original or as heavy."""
    own = read(built.site / "stories/images/photo.jpg")
    assert (own.format, own.size) == ("JPEG", (1680, 2520))
    assert dict(own.getexif()) == {}
    heaviest = max(p.stat().st_size for p in built.site.rglob("*") if p.suffix in (".jpg", ".webp"))
    assert heaviest < len(built.original)
    pages_pictures = [
        *(built.site / "assets/backbone/pictures").rglob("*.*"),
        *(built.site / "stories/images").iterdir(),
    ]
    assert len(pages_pictures) > 8 and max(read(p).width for p in pages_pictures) <= renditions.LARGEST


def test_every_picture_of_every_page_is_offered_so(built):
    """An author's page two folders deep (title and alt kept, a picture in code untouched),
    and a drawing in a story's body."""
    page = "about/team/"
    html = built.text(page + "index.html")
    soup = BeautifulSoup(html, "html.parser")
    img = soup.select_one(".md-content picture img")
    assert (img["alt"], img["title"]) == ("The team at work", "At the harbour")
    assert all(path.is_file() for path, _ in candidates(img, page, built.site))
    assert all(path.is_file() for path, _ in candidates(img.find_previous("source"), page, built.site))
    assert '<code>&lt;img src="../../stories/images/photo.jpg"&gt;</code>' in html
    body = built.html("stories/triage-line/index.html").select_one(".bb-story-body")
    drawing = body.select_one("img[alt='The phone']")
    assert (drawing["width"], drawing["height"]) == ("800", "500")
    assert read(built.site / "stories/images/phone.png").size == (800, 500)


def test_a_narrower_copy_is_published_only_if_it_is_lighter(tmp_path):
    """A flat drawing made smaller gains the shades of its smoothed edges: each copy kept is
    lighter than every wider one, and WebP only if lighter than the picture's own format."""
    drawing = Image.new("RGB", (1200, 800), (255, 255, 255))
    for x in range(0, 1200, 40):
        drawing.paste((0, 90, 90), (x, 0, x + 13, 800))
    path = tmp_path / "stripes.png"
    drawing.save(path)
    planned = renditions.plan("pages/stripes.png", path, "0" * 64, tmp_path / "cache")
    assert renditions.ensure([planned], workers=1) == ({}, 1)
    kept = renditions.lighter(planned)
    for copies in (kept.own, kept.webp):
        weights = [Path(c.entry).stat().st_size for c in copies]
        assert weights == sorted(weights) and len(set(weights)) == len(weights)
    assert kept.own[-1].path == "pages/stripes.png" and kept.own[-1].width == 1200
    assert renditions.ensure([planned], workers=1) == ({}, 0), "cached: nothing encoded again"


def test_the_card_shows_the_resized_copy(built):
    photos = {Path(spec.photo).name for spec in built.specs if getattr(spec, "photo", None)}
    assert len(photos) == 1 and photos.pop().startswith("picture-"), "the copy in the cache, not the original"
    card_photo = next(Path(spec.photo) for spec in built.specs if getattr(spec, "photo", None))
    assert read(card_photo).size == (1680, 2520)
    assert card_photo.read_bytes() == (built.site / "stories/images/photo.jpg").read_bytes()


def test_e_mails_show_one_jpeg_or_png_of_a_sensible_width(built):
    mail = BeautifulSoup(built.text("stories/triage-line/email.html"), "html.parser")
    hero = mail.select_one("img.hero")
    assert hero["src"].startswith(SITE) and (hero["width"], hero["height"]) == ("600", "900")
    image = read(built.site / urlsplit(hero["src"]).path.lstrip("/"))
    assert (image.format, image.width) == ("JPEG", 1260), "the narrowest copy twice as wide as the e-mail"
    drawing = mail.select_one("img[alt='The phone']")
    assert drawing["src"] == SITE + "stories/images/phone.png"
    assert (drawing["width"], drawing["height"]) == ("552", "345"), "sized to the column"
    assert "<picture" not in str(mail) and "webp" not in str(mail)


# --- the markup alone -------------------------------------------------------------


def _picture(src: str, widths=(480, 840), webp=True) -> renditions.Picture:
    def copy(path, width, fmt):
        return renditions.Copy(path, width, width // 2, fmt, "")

    own = tuple(copy(f"x/{w}.png", w, "PNG") for w in widths[:-1]) + (copy(src, widths[-1], "PNG"),)
    return renditions.Picture(src, own, tuple(copy(f"x/{w}.webp", w, "WEBP") for w in widths) if webp else (), "")


@pytest.mark.parametrize(
    ("page", "src"),
    [("", "images/a.png"), ("news/", "../images/a.png"), ("news/today.html", "../images/a.png")],
)
def test_img_tags_become_pictures_wherever_the_page_is(page, src):
    html = f'<p>Look <img alt="A &amp; B" src="{src}" width="9" class="wide">!</p>\n<p>after</p>'
    out = responsive(html, page, {"images/a.png": _picture("images/a.png")})
    soup = BeautifulSoup(out, "html.parser")
    img = soup.select_one("p > picture > img")
    assert (img["src"], img["alt"], img["class"], img["width"]) == (src, "A & B", ["wide"], "840")
    prefix = src.removesuffix("images/a.png")
    assert img["srcset"] == f"{prefix}x/480.png 480w, {src} 840w"
    assert soup.select_one("source")["srcset"] == f"{prefix}x/480.webp 480w, {prefix}x/840.webp 840w"
    assert out.startswith("<p>Look <picture>") and out.endswith("</picture>!</p>\n<p>after</p>")


def test_what_is_not_a_picture_of_the_site_is_left_byte_for_byte():
    pictures = {"images/a.png": _picture("images/a.png")}
    html = (
        '<pre><code>&lt;img src="images/a.png"&gt;</code></pre>\n'
        '<!-- <img src="images/a.png"> -->\n'
        '<picture><source srcset="images/a.png"><img src="images/a.png" alt="own"></picture>\n'
        '<img src="images/a.png" srcset="images/a.png 2x" alt="own srcset">\n'
        '<img src="images/other.png" alt="not published">\n'
        '<img src="https://example.org/images/a.png" alt="remote">\n'
        '<img src="data:image/png;base64,AAAA" alt="inline">'
    )
    assert responsive(html, "", pictures) == html


def test_a_picture_with_one_width_and_no_webp_is_a_sized_img():
    out = responsive('<img src="a.png" alt="">', "", {"a.png": _picture("a.png", widths=(300,), webp=False)})
    assert out == '<img src="a.png" width="300" height="150" alt="">'


# --- drafts leave nothing in the cache ------------------------------------------


SECRET = "Marker-of-the-secret-plan-7731"


def test_a_draft_leaves_nothing_in_the_cache_after_serve(tmp_path):
    """`mkdocs serve` shows a draft, its picture, card and e-mail; once it has built, no file of
    the cache holds the draft's words, card or picture (issue 22 item 9)."""
    project = with_stories(tmp_path)
    Image.effect_noise((900, 600), 40).convert("RGB").save(project.path("content/stories/images/secret.jpg"))
    draft = "content/stories/secret-plan.md"
    replace(project, draft, "draft: true", "draft: true\nimage:\n  src: images/secret.jpg\n  alt: The plan")
    replace(project, draft, "---\n\nNot ready yet.\n", f"---\n\nNot ready yet.\n\n{SECRET} in the body.\n")
    config = load_config(str(project.path("site_config.yml")), site_dir=str(tmp_path / "preview"))
    config.plugins["backbone"].doubles = {"metrics": FakeMetricsFeature()}
    config.plugins.on_startup(command="serve", dirty=False)
    mkdocs_build(config, serve_url="http://127.0.0.1:8000/")
    config.plugins.on_shutdown()
    preview = tmp_path / "preview"
    shown = [
        preview / "stories/secret-plan/card.png",
        preview / "stories/images/secret.jpg",
        *[p for p in (preview / "assets/backbone/pictures").rglob("secret-*")],
    ]
    assert all(p.is_file() for p in shown) and len(shown) >= 3, "serve shows the draft, its card and its copies"
    assert SECRET in (preview / "stories/secret-plan/email.html").read_text()
    assert SECRET in (preview / "stories/secret-plan/email.txt").read_text()
    drafts = {p.read_bytes() for p in shown}
    cache = [p for p in project.path(".cache").rglob("*") if p.is_file()]
    assert cache, "the published stories are cached"
    for entry in cache:
        data = entry.read_bytes()
        assert data not in drafts, entry
        assert SECRET.encode() not in data, entry
    published = build(project, site_dir=tmp_path / "site")  # a build reuses what serve kept
    assert published.error is None, published.error


def test_a_picture_replaced_under_its_name_is_measured_again(tmp_path):
    """A picture's size is kept between builds of one process (the preview's rebuilds) while its
    file is unchanged: saved over with another picture, the next build sizes and copies the new one
    (the page's copies, its width and height, the feed's)."""
    project = with_stories(tmp_path)
    page = "stories/triage-line/index.html"
    for size in ((800, 500), (600, 900)):
        Image.new("RGB", size, BLUE).save(project.path("content/stories/images/phone.png"))
        result = build(project, site_dir=tmp_path / "site")
        assert result.error is None, result.error
        img = result.html(page).select_one(".bb-story-image img")
        assert (int(img["width"]), int(img["height"])) == size
        assert [width for _, width in candidates(img, "stories/triage-line/", result.site)] == [480, size[0]]
        feed = feedparser.parse(result.text("feeds/stories.rss"))
        shown = [m for e in feed.entries for m in e.get("media_content", []) if m["url"].endswith("/phone.png")]
        assert [(int(m["width"]), int(m["height"])) for m in shown] == [size], "the feed's picture"


def test_a_picture_damaged_past_its_header_is_a_located_message(tmp_path):
    """Its header reads; its pixels end early: the build names the file when it makes the
    copies, without a traceback, and `backbone check` (decoding it too) says the same line."""
    project = make_project(tmp_path, FIXTURES / "minimal")
    whole = photo()
    project.path("content/pictures").mkdir(parents=True)
    project.path("content/pictures/cut.jpg").write_bytes(whole[: len(whole) // 3])
    result = project.build()
    assert result.error is not None
    assert "content/pictures/cut.jpg: the picture is damaged" in result.error, result.error
    assert "Traceback" not in result.error
    # `backbone check` decodes it too (the build without writing): the same line
    errors, _, _ = check_site(project.path("site_config.yml"))
    line = next(line for line in result.error.split("\n") if "cut.jpg: the picture is damaged" in line)
    assert line in "\n".join(errors).split("\n"), errors


def _grey16() -> Image.Image:
    return Image.new("I;16", (1000, 40), 13 * 257)  # 16-bit grey: 13 of 255


MODES = {  # the picture, the RGBA its copies show in the middle
    "16-bit grey PNG": (_grey16, ".png", (13, 13, 13, 255)),
    "grey JPEG": (lambda: Image.new("L", (1000, 40), 128), ".jpg", (128, 128, 128, 255)),
    "grey with alpha": (lambda: Image.new("LA", (1000, 40), (200, 128)), ".png", (200, 200, 200, 128)),
    "one bit": (lambda: Image.new("1", (1000, 40), 1), ".png", (255, 255, 255, 255)),
    "palette GIF": (lambda: Image.new("RGB", (1000, 40), (0, 128, 0)).quantize(4), ".gif", (0, 128, 0, 255)),
}


@pytest.mark.parametrize("name", MODES)
def test_every_kind_of_pixel_keeps_its_colour_in_every_copy(tmp_path, name):
    make, suffix, colour = MODES[name]
    path = tmp_path / f"picture{suffix}"
    make().save(path)
    planned = renditions.plan(f"p/picture{suffix}", path, "1" * 64, tmp_path / "cache")
    assert renditions.ensure([planned], workers=1) == ({}, 1)
    assert [c.width for c in planned.own] == [480, 840, 1000]
    for copy in planned.copies():
        image = read(Path(copy.entry))
        if image.mode.startswith("I"):  # as a browser shows 16 bits (Pillow's own conversion clips)
            image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
        shown = image.convert("RGBA").getpixel((copy.width // 2, copy.height // 2))
        assert all(abs(a - b) <= 3 for a, b in zip(shown, colour)), (copy.width, copy.format, shown)


def test_a_gif_wider_than_the_largest_copy_keeps_its_colours_and_transparency(tmp_path):
    image = Image.new("RGBA", (2000, 20), (0, 0, 0, 0))
    image.paste((0, 128, 0, 255), (0, 0, 1000, 20))
    image.save(tmp_path / "wide.gif")
    planned = renditions.plan("p/wide.gif", tmp_path / "wide.gif", "2" * 64, tmp_path / "cache")
    assert renditions.ensure([planned], workers=1) == ({}, 1)
    largest = planned.own[-1]
    assert (largest.path, largest.format, largest.width) == ("p/wide.gif", "GIF", 1680)
    assert {c.format for c in planned.own[:-1]} == {"PNG"}, "narrower copies need no palette"
    for copy in planned.copies():
        shown = read(Path(copy.entry)).convert("RGBA")
        assert shown.getpixel((5, copy.height // 2)) == (0, 128, 0, 255), copy
        assert shown.getpixel((copy.width - 5, copy.height // 2))[3] == 0, copy


def test_an_img_written_inside_an_attribute_stays_text():
    """'<img' in an attribute's value (a sanitiser keeps '<' there) is no tag: replacing it
    would end the attribute early and let the rest of its value become attributes."""
    html = '<a href="#" title="<img src=images/a.png> onmouseover=alert(1) x">link</a>'
    assert responsive(html, "", {"images/a.png": _picture("images/a.png")}) == html
