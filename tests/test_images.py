"""Pictures from data and content files: checked when loaded, published without metadata,
never fetched from other sites, and a draft's pictures kept out of the site."""

from __future__ import annotations

import io
import os
import struct
import zlib

import pytest
from PIL import Image, ImageCms
from PIL.PngImagePlugin import PngInfo
from stories_helpers import build, with_stories

from backbone.adapters.check import check_site
from backbone.references import Reference, is_remote, references

STORY = "content/stories/2024-05-02-triage-line.md"
DRAFT = "content/stories/secret-plan.md"
FIX = "export it again as PNG or JPEG at most 6000 px wide"
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


# --- pictures made for the tests ---------------------------------------------


def photo() -> bytes:
    """A 60 × 30 JPEG, left third blue, the rest red, stored lying on its side: the EXIF
    orientation 6 says 'turn it 90° clockwise'. Camera, author, GPS, comment, XMP and a colour profile."""
    image = Image.new("RGB", (60, 30), (255, 0, 0))
    image.paste((0, 0, 255), (0, 0, 20, 30))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation
    exif[0x010F] = "SpyCam"  # make
    exif[0x013B] = "Ann Author"  # artist
    exif.get_ifd(0x8825)[2] = (51.0, 30.0, 0.0)  # GPS latitude
    out = io.BytesIO()
    image.save(
        out,
        "JPEG",
        exif=exif,
        comment=b"taken at Ann's house",
        xmp=b"<x:xmpmeta>Ann</x:xmpmeta>",
        icc_profile=SRGB,
        quality=95,
    )
    return out.getvalue()


def tagged_png() -> bytes:
    """A small PNG with text, XMP and EXIF chunks."""
    info = PngInfo()
    info.add_text("Author", "Ann Author")
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>Ann</x:xmpmeta>")
    exif = Image.Exif()
    exif[0x013B] = "Ann Author"
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 128, 0)).save(out, "PNG", pnginfo=info, exif=exif)
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb() -> bytes:
    """67 bytes that claim 20,000 × 20,000 pixels (1.2 GB decoded)."""
    header = struct.pack(">IIBBBBB", 20_000, 20_000, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(b"")) + _chunk(b"IEND", b"")


def hairline() -> bytes:
    """116 bytes of PNG: 20,000 × 1 pixels (F10: a logo that drew 2.9 million pixels wide, MemoryError)."""
    out = io.BytesIO()
    Image.new("RGB", (20_000, 1), (0, 0, 0)).save(out, "PNG")
    return out.getvalue()


def oversized() -> bytes:
    """A valid 8 × 8 PNG padded past 20 MB (readers ignore what follows the end)."""
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "PNG")
    return out.getvalue() + b"\0" * 20_100_000


HOSTILE = {
    "not a picture": (lambda: b"this is a text file\n", "this file is not a PNG, JPEG, GIF or WebP picture"),
    "bomb": (bomb, "the picture has more than 40 million pixels"),
    "wrong suffix": (photo, "this is a JPEG picture named '.png': rename it to end in '.jpg'"),
    "too large a file": (oversized, "the file is 20.1 MB; pictures may have at most 20 MB"),
    "too wide": (
        hairline,
        "the picture is 20000 × 1 pixels; pictures may be at most 12,000 pixels wide and 12,000 tall",
    ),
}


def put(project, rel: str, data: bytes) -> None:
    target = project.path(rel)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def replace(project, rel: str, old: str, new: str) -> None:
    text = project.path(rel).read_text(encoding="utf-8")
    assert old in text
    project.write(rel, text.replace(old, new, 1))


# --- hostile files: a located message, in the build and in `backbone check` ----


def _identity_logo(project, data):
    put(project, "data/brand/logo.png", data)
    project.edit("data/identity.yml", lambda d: d.update(logo="brand/logo.png"))
    return "data/identity.yml:5 (logo): 'brand/logo.png': "


def _partner_logo(project, data):
    put(project, "data/partners/city-hall.png", data)
    project.edit("data/partners.yml", lambda d: d["partners"][0].update(logo="partners/city-hall.png"))
    return "data/partners.yml:5 (partners[0].logo): 'partners/city-hall.png': "


def _story_image(project, data):
    put(project, "content/stories/images/phone.png", data)
    return f"{STORY}:11 (image.src): 'images/phone.png': "


def _body_picture(project, data):
    put(project, "content/stories/images/street.png", data)
    replace(project, STORY, "The harbour's clinics", "![The street](images/street.png)\n\nThe harbour's clinics")
    return f"{STORY}:21: picture 'images/street.png': "


def _content_picture(project, data):
    put(project, "content/pictures/street.png", data)  # shown by no story: checked as it is published
    return "content/pictures/street.png: "


PLACES = {
    "identity logo": _identity_logo,
    "partner logo": _partner_logo,
    "story image": _story_image,
    "picture in a story body": _body_picture,
    "picture in content/": _content_picture,
}


@pytest.mark.parametrize("kind", HOSTILE)
@pytest.mark.parametrize("place", PLACES)
def test_a_hostile_picture_is_a_located_message(tmp_path, place, kind):
    make, what = HOSTILE[kind]
    project = with_stories(tmp_path)
    where = PLACES[place](project, make())
    result = build(project)
    assert result.error is not None, "the build should have stopped"
    assert f"{where}{what}" in result.error
    assert FIX in result.error
    assert "Traceback" not in result.error


@pytest.mark.parametrize("place", ["story image", "picture in content/"])
def test_backbone_check_reports_a_hostile_picture_too(tmp_path, place):
    project = with_stories(tmp_path, metrics=False)
    # `backbone check` reads site_config.yml alone: no metrics to cite (the lines stay put)
    replace(project, STORY, "metrics: [people-helped@2024-Q2, satisfaction]", "# no metrics")
    replace(project, "content/stories/2024-05-20-city-data.md", "metrics: [people-helped]", "# no metrics")
    where = PLACES[place](project, bomb())
    errors, _, _ = check_site(project.path("site_config.yml"))
    assert any(f"{where}the picture has more than 40 million pixels" in e for e in errors), errors


# --- what is published: no metadata, upright, the same bytes, made once --------


@pytest.fixture
def pictured(tmp_path):
    """The stories site with a photo as the story's image and in its body, and a PNG
    partner logo, each full of metadata."""
    project = with_stories(tmp_path)
    put(project, "content/stories/images/photo.jpg", photo())
    replace(project, STORY, "src: images/phone.png", "src: images/photo.jpg")
    put(project, "content/stories/images/tagged.png", tagged_png())
    replace(project, STORY, "The harbour's clinics", "![A tagged picture](images/tagged.png)\n\nThe harbour's clinics")
    put(project, "data/partners/city-hall.png", tagged_png())
    project.edit("data/partners.yml", lambda d: d["partners"][0].update(logo="partners/city-hall.png"))
    return project


def _no_metadata(image: Image.Image) -> None:
    assert dict(image.getexif()) == {}
    assert not {"exif", "xmp", "comment", "Author", "XML:com.adobe.xmp"} & set(image.info), image.info


def test_published_pictures_have_no_metadata_and_stand_upright(pictured):
    result = build(pictured)
    assert result.error is None, result.error
    with Image.open(result.site / "stories/images/photo.jpg") as image:
        _no_metadata(image)
        assert image.info.get("icc_profile") == SRGB  # the colour profile stays
        assert image.size == (30, 60)  # turned a quarter clockwise: the blue third is on top
        assert image.convert("RGB").getpixel((15, 8))[2] > 200
        assert image.convert("RGB").getpixel((15, 50))[0] > 200
    for rel in ("stories/images/tagged.png", "assets/partners/city-hall.png"):
        with Image.open(result.site / rel) as image:
            _no_metadata(image)
            assert image.convert("RGB").getpixel((4, 4)) == (0, 128, 0)
    img = result.html("stories/triage-line/index.html").select_one(".bb-story-image img")
    assert (img["width"], img["height"]) == ("30", "60")  # the size as published


def _exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x013B] = "Ann Author"
    exif.get_ifd(0x8825)[2] = (51.0, 30.0, 0.0)
    return exif


def _animated_gif() -> bytes:
    frames = [Image.new("RGB", (8, 8), colour) for colour in ((255, 0, 0), (0, 0, 255))]
    out = io.BytesIO()
    frames[0].save(
        out, "GIF", save_all=True, append_images=frames[1:], duration=[70, 90], loop=0, comment=b"Ann's house"
    )
    return out.getvalue()


def _lossless_webp() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (8, 8), (0, 128, 0, 200)).save(
        out, "WEBP", lossless=True, exif=_exif(), xmp=b"<x:xmpmeta>Ann</x:xmpmeta>"
    )
    return out.getvalue()


def _palette_png() -> bytes:
    image = Image.new("P", (8, 8), 0)
    image.putpalette([0, 128, 0, 255, 255, 255])
    out = io.BytesIO()
    image.save(out, "PNG", transparency=0, exif=_exif())  # index 0 is see-through
    return out.getvalue()


# name: (bytes, frames, the RGBA of pixel (4, 4) in each frame)
FORMATS = {
    "animated.gif": (_animated_gif, [(255, 0, 0, 255), (0, 0, 255, 255)]),
    "lossless.webp": (_lossless_webp, [(0, 128, 0, 200)]),
    "palette.png": (_palette_png, [(0, 128, 0, 0)]),
}


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_keeps_its_frames_and_pixels_and_loses_its_metadata(minimal, name):
    make, pixels = FORMATS[name]
    put(minimal, f"content/pictures/{name}", make())
    minimal.write("content/pictures.md", f"# Pictures\n\n![A picture](pictures/{name})\n")  # a page shows it
    result = minimal.build()
    assert result.error is None, result.error
    with Image.open(result.site / "pictures" / name) as image:
        assert getattr(image, "n_frames", 1) == len(pixels)
        seen = []
        for frame in range(len(pixels)):
            image.seek(frame)
            _no_metadata(image)
            seen.append(image.convert("RGBA").getpixel((4, 4)))
        assert seen == pixels
        if name == "animated.gif":
            assert image.info.get("duration") == 90 and image.info.get("loop") == 0


def test_pictures_are_encoded_once_and_the_same_every_time(pictured):
    first = build(pictured)
    assert first.error is None, first.error
    entries = sorted(pictured.path(".cache/backbone").glob("*/*-*.*"))
    pictures = [p for p in entries if p.name.startswith(("image-", "picture-"))]
    assert {".jpg", ".png", ".webp"} <= {p.suffix for p in pictures}
    published = sorted(
        p
        for p in first.site.rglob("*")
        if p.suffix in (".jpg", ".png", ".webp")
        and ("pictures" in p.parts or p.parent == first.site / "stories/images")
    )
    assert published and {p.stat().st_ino for p in published} <= {p.stat().st_ino for p in pictures}, (
        "linked from the cache, not copied"
    )
    stamps = {p: p.stat().st_mtime_ns for p in pictures}
    again = build(pictured, site_dir=pictured.root / "again")
    for path in published:
        assert (again.site / path.relative_to(first.site)).read_bytes() == path.read_bytes()
    assert {p: p.stat().st_mtime_ns for p in pictures} == stamps  # nothing encoded again


def phone_mpo() -> bytes:
    """A phone's JPEG as some phones write it: a multi-picture file (MPO), the photo (60 × 30,
    stored on its side, with GPS) and a second, smaller picture after it (Pillow: 'MPO')."""
    photo_ = Image.new("RGB", (60, 30), (255, 0, 0))
    photo_.paste((0, 0, 255), (0, 0, 20, 30))
    out = io.BytesIO()
    photo_.save(out, "MPO", save_all=True, append_images=[Image.new("RGB", (16, 8), (0, 255, 0))], exif=_exif_turned())
    return out.getvalue()


def _exif_turned() -> Image.Exif:
    exif = _exif()
    exif[0x0112] = 6
    return exif


def test_a_phones_multi_picture_jpeg_is_published_as_the_jpeg_it_is(tmp_path):
    """F16: `KeyError: 'MPO'`. As a story's picture and as the logo: the first picture, upright,
    one frame, no metadata and no trace of the second picture."""
    project = with_stories(tmp_path)
    data = phone_mpo()
    with Image.open(io.BytesIO(data)) as original:
        assert (original.format, original.n_frames) == ("MPO", 2)
    put(project, "content/stories/images/phone.jpg", data)
    replace(project, STORY, "src: images/phone.png", "src: images/phone.jpg")
    put(project, "data/brand/logo.jpg", data)
    project.edit("data/identity.yml", lambda d: d.update(logo="brand/logo.jpg"))
    result = build(project)
    assert result.error is None, result.error
    published = (result.site / "stories/images/phone.jpg").read_bytes()
    assert b"MPF\0" not in published  # the multi-picture index is gone with the second picture
    with Image.open(io.BytesIO(published)) as image:
        assert (image.format, getattr(image, "n_frames", 1), image.size) == ("JPEG", 1, (30, 60))
        _no_metadata(image)
        assert image.convert("RGB").getpixel((15, 8))[2] > 200  # turned upright: the blue third on top
    kit = result.html("brand/index.html")
    assert kit.select_one(".bb-logo-contrast") is not None, "the logo's contrast was measured"


# --- remote pictures ----------------------------------------------------------


REMOTE_BODY = (
    "The harbour's clinics share\n\n![pixel](https://tracker.example/p.gif)\n\n"
    '<img alt="also" src="https://tracker.example/q.gif">\n\n[a link is fine](https://example.org/)\n\nThe harbour\'s clinics'
)


def test_remote_pictures_in_a_story_are_refused(tmp_path):
    project = with_stories(tmp_path)
    replace(project, STORY, "The harbour's clinics", REMOTE_BODY)
    result = build(project)
    assert result.error is not None
    fix = "download the picture into the story's folder and link it by name"
    assert f"{STORY}:23: the picture 'https://tracker.example/p.gif' is on another site" in result.error
    assert f"{STORY}:25: the picture 'https://tracker.example/q.gif' is on another site" in result.error
    assert fix in result.error
    assert "example.org" not in result.error


def test_a_remote_picture_the_markdown_scan_misses_is_refused_as_rendered(tmp_path):
    project = with_stories(tmp_path)
    # alt text over two lines: the line-by-line scan does not see it, the rendered page does
    replace(
        project,
        STORY,
        "The harbour's clinics",
        "![a pixel\nover two lines](https://tracker.example/p.gif)\n\nThe harbour's clinics",
    )
    result = build(project)
    assert result.error is not None
    assert f"{STORY}:22: the picture 'https://tracker.example/p.gif' is on another site" in result.error


def test_remote_pictures_are_warnings_where_the_site_allows_them(tmp_path):
    project = with_stories(tmp_path, config={"remote_images": True})
    replace(project, STORY, "The harbour's clinics", REMOTE_BODY)
    strict = build(project, strict=True)
    assert strict.error is not None  # --strict fails on the warnings
    result = build(project, strict=False, site_dir=project.root / "lenient")
    assert result.error is None, result.error
    remote = [w for w in result.warnings if "is on another site" in w]
    assert len(remote) == 2
    assert all(STORY in w and "remote_images is on" in w for w in remote)
    page = result.html("stories/triage-line/index.html")
    assert page.find("img", src="https://tracker.example/p.gif") is not None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("![a](https://t.example/a.gif)", [Reference(1, "https://t.example/a.gif", True)]),
        ("x\n![a](<//t.example/a.gif> 'title')", [Reference(2, "//t.example/a.gif", True)]),
        ("![a][pic]\n\n[pic]: https://t.example/a.gif", [Reference(3, "https://t.example/a.gif", True)]),
        ("![pic]\n\n[PIC]: https://t.example/a.gif", [Reference(3, "https://t.example/a.gif", True)]),
        ("[pic]\n\n[pic]: https://t.example/", [Reference(3, "https://t.example/", False)]),
        ('<img src="&#104;ttps://t.example/a.gif">', [Reference(1, "https://t.example/a.gif", True)]),
        (
            '<img srcset="a.png 1x, https://t.example/b.png 2x">',
            [Reference(1, "a.png", True), Reference(1, "https://t.example/b.png", True)],
        ),
        ('<video poster="https://t.example/p.png"></video>', [Reference(1, "https://t.example/p.png", True)]),
        ("```\n![a](https://t.example/a.gif)\n```\n`![b](https://t.example/b.gif)`", []),
        ("[a link](https://example.org/)", [Reference(1, "https://example.org/", False)]),
    ],
)
def test_references_finds_every_form_of_picture(text, expected):
    assert references(text) == expected


@pytest.mark.parametrize(
    "target", ["https://t.example/a", "HTTP://t.example/a", "//t.example/a", "/\\t.example/a", " ht\ttps://t.example/a"]
)
def test_addresses_of_other_sites_are_remote(target):
    assert is_remote(target)


@pytest.mark.parametrize(
    "target", ["images/a.png", "../a.png", "/a.png", "#top", "mailto:a@b.example", "data:image/png;base64,AA"]
)
def test_local_addresses_are_not_remote(target):
    assert not is_remote(target)


# --- a draft's pictures --------------------------------------------------------


def test_a_drafts_pictures_are_not_published(tmp_path):
    project = with_stories(tmp_path)
    for name in ("secret.png", "plan.png", "shared.png"):
        put(project, f"content/stories/images/{name}", tagged_png())
    replace(project, DRAFT, "draft: true", "draft: true\nimage:\n  src: images/secret.png\n  alt: The plan")
    replace(
        project,
        DRAFT,
        "Not ready yet.\n",
        "Not ready yet.\n\n![plan](images/plan.png)\n\n![shared](images/shared.png)\n",
    )
    replace(project, STORY, "The harbour's clinics", "![shared](images/shared.png)\n\nThe harbour's clinics")
    put(project, "content/stories/images/about.png", tagged_png())  # shown by a page, not a story
    replace(project, DRAFT, "Not ready yet.\n", "Not ready yet.\n\n![about](images/about.png)\n")
    project.write("content/about.md", "# About\n\n![about](stories/images/about.png)\n")
    result = build(project)
    assert result.error is None, result.error
    images = result.site / "stories/images"
    assert not (images / "secret.png").exists()
    assert not (images / "plan.png").exists()
    assert (images / "shared.png").is_file()  # a published story shows it too
    assert (images / "about.png").is_file()  # so does a page
    assert (images / "phone.png").is_file()
    assert not os.path.exists(result.site / "stories/secret-plan")
