"""Social cards (1200×630) and slide-sized fact cards (1920×1080), drawn with Pillow.

Each card is described by a plain ``CardSpec``; its digest (of every input that
shapes the pixels: the font and logo bytes, the drawing code and Pillow's version)
names the cached PNG in ``.cache/backbone/cards``, so an unchanged story is never
drawn twice. Missing cards are drawn in parallel processes. Output is deterministic: no metadata, no
timestamps.

A figure is drawn whole (``figure_font``): shrunk within its slot's sizes, or in CLDR's compact
notation when the full figure fits at none of them, never cut with "…". Titles and labels may
be cut; the partnership's name in the band gives way to its short name first.
"""

from __future__ import annotations

import io
import zlib
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageOps

from .. import images
from ..drawing import cache
from ..drawing.band import Brand, brand_band
from ..drawing.canvas import Canvas, Drawn
from ..drawing.fit import figure_font, fit, line_height
from ..drawing.fonts import card_font, falling_back_to, fonts, fonts_digest
from ..drawing.svg import rasterise
from ..memo import code_digest, key
from ..render.numbers import Squeezable
from ..textfit import ellipsize

SOCIAL = (1200, 630)
SLIDE = (1920, 1080)


@dataclass(frozen=True)
class CardSpec:
    kind: str  # "social" or "slide"
    title: str
    figure: Squeezable | None  # "338"; "£1,064,800", or "£1.06M" where that does not fit
    figure_label: str | None  # "Young adults starting a job"
    brand: Brand
    # The story's picture (a social card shows it in a panel), read only by the process that
    # draws; the cache key is its digest, as for the logo.
    photo: str | None = None
    photo_digest: str | None = None
    figure_period: str | None = None  # "Q3 2025": after the label, never cut

    @property
    def label(self) -> tuple[str, str]:
        """The figure's label and its period's part of it, kept whole: ('Jobs, Q3 2025', ', Q3 2025')."""
        if not self.figure_label:
            return self.figure_period or "", self.figure_period or ""
        period = f", {self.figure_period}" if self.figure_period else ""
        return self.figure_label + period, period

    def digest(self) -> str:
        return _digest(self)

    def texts(self) -> tuple[str, ...]:
        """Every text the card may show (a figure in each of its forms)."""
        figure = self.figure.forms if self.figure else ()
        words = (self.title, *figure, self.figure_label, self.figure_period)
        return tuple(text for text in words if text) + self.brand.texts()

    @property
    def size(self) -> tuple[int, int]:
        return SOCIAL if self.kind == "social" else SLIDE


@lru_cache(maxsize=8192)  # by the spec's value: a rebuild asks again for every card of every story
def _digest(spec: CardSpec) -> str:
    data = asdict(spec)
    data["brand"].pop("logo")  # a path: the cache key is the file's bytes, wherever it is
    data["brand"].pop("fonts")
    data.pop("photo")
    return key(code_digest(__file__) + cache.drawing_code(), fonts_digest(), params=data)


# --- drawing ----------------------------------------------------------------


def drawing(spec: CardSpec, paint: bool = True) -> tuple[Image.Image, list[Drawn]]:
    """The card and the texts drawn on it; ``paint=False`` lays the texts out only."""
    with falling_back_to(spec.brand.fonts):
        return _drawing(spec, paint)


def _drawing(spec: CardSpec, paint: bool) -> tuple[Image.Image, list[Drawn]]:
    if spec.kind == "slide":
        return _slide(spec, paint)
    photo = photo_panel(spec.photo, PHOTO_SIZE, spec.brand.background) if spec.photo and paint else None
    if spec.photo and (photo is not None or not paint):
        return _social_with_photo(spec, photo, paint)
    return _social(spec, paint)


def layout(spec: CardSpec) -> list[Drawn]:
    """What the card shows, as the drawing code decided: each text, its size and its box."""
    return drawing(spec, paint=False)[1]


def draw(spec: CardSpec) -> bytes:
    image, _ = drawing(spec)
    out = io.BytesIO()
    # A palette image of flat colour: zlib's run-length strategy is nearly as small as the
    # default and much faster (level 9 would be much slower for a little less).
    # A photograph (RGB) compresses better with the default strategy and row filters.
    strategy = zlib.Z_RLE if image.mode == "P" else zlib.Z_DEFAULT_STRATEGY
    image.save(out, format="PNG", compress_level=6, compress_type=strategy)
    return out.getvalue()


# The sizes a figure may shrink to in each slot before its compact form is tried: below them
# it would no longer read as the card's headline.
SOCIAL_FIGURE = range(112, 63, -8)
PHOTO_FIGURE = range(96, 55, -8)
SLIDE_FIGURE = range(320, 119, -20)


def _social(spec: CardSpec, paint: bool = True) -> tuple[Image.Image, list[Drawn]]:
    b = spec.brand
    w, h = SOCIAL
    pad = 72
    card = Canvas(SOCIAL, b.background, paint)
    card.rectangle((0, 0, 16, h), b.primary)
    band = h - 130
    title_box = 250 if spec.figure else band - 110
    lines_max = 3 if spec.figure else 5
    font, lines = fit(spec.title, "bold", w - 2 * pad, lines_max, range(64, 39, -4))
    while len(lines) * line_height(font) > title_box and len(lines) > 1:
        lines = lines[:-1]
        lines[-1] = ellipsize(lines[-1] + " …", font.getlength, w - 2 * pad)
    y = 60
    for line in lines:
        card.text((pad, y), line, font, b.text, under=b.background, role="title")
        y += line_height(font)
    if spec.figure:
        fy = 60 + title_box + 20
        big, number = figure_font(spec.figure, 520, SOCIAL_FIGURE)
        # the largest size's line box, whatever the size drawn: the label stays where it was
        top = fy + (line_height(card_font("bold", SOCIAL_FIGURE[0])) - line_height(big)) // 2
        card.text((pad, top), number, big, b.primary, under=b.background, role="figure")
        nx = pad + round(big.getlength(number)) + 36
        label_font, label_lines = fit(spec.label[0], "regular", w - nx - pad, 2, range(34, 23, -2), spec.label[1])
        ly = fy + 20
        for line in label_lines:
            card.text((nx, ly), line, label_font, b.muted, under=b.background, role="label")
            ly += line_height(label_font)
    brand_band(card, b, band, pad, 72, 34)
    return card.finish(), card.drawn


# --- the story's picture on the social card ---------------------------------

# The picture fills the right of the card above the brand's band, which stays whole: the
# logo, the name and the colours read as on every card, the title stays on the plain
# background.
PHOTO_SIZE = (500, 490)  # 630 - the band (130) - its accent line (10)


def photo_panel(path: str, size: tuple[int, int], under: str) -> Image.Image | None:
    """The picture at ``path`` cropped to fill ``size`` around its centre (RGB; transparency
    on the colour ``under``), or None for an SVG that draws nothing or a file that cannot be
    read now (it was checked when the story was loaded: the card then goes without it)."""
    try:
        picture = _svg_picture(path, size) if path.lower().endswith(".svg") else _raster_picture(path, size)
    except (OSError, SyntaxError, ValueError, EOFError):  # UnidentifiedImageError is an OSError
        return None
    if picture is None:
        return None
    flat = Image.new("RGB", picture.size, under)
    flat.paste(picture, mask=picture.getchannel("A"))
    return ImageOps.fit(flat, size, Image.LANCZOS, centering=(0.5, 0.5))


def _raster_picture(path: str, size: tuple[int, int]) -> Image.Image:
    """Turned upright as published; a JPEG is decoded at the smallest scale that still covers
    ``size`` (a 6000-px photo costs a fraction of its full decode)."""
    with Image.open(path, formats=list(images.FORMATS)) as image:
        image.draft("RGB", size)
        return ImageOps.exif_transpose(image).convert("RGBA")


def _svg_picture(path: str, size: tuple[int, int]) -> Image.Image | None:
    """Drawn tall enough that its width covers the panel too (no blurry upscale)."""
    data = Path(path).read_bytes()
    picture = rasterise(data, size[1], fonts())
    if picture is not None and picture.width < size[0]:
        picture = rasterise(data, -(-size[1] * size[0] // picture.width), fonts()) or picture
    return picture


def _social_with_photo(
    spec: CardSpec, photo: Image.Image | None, paint: bool = True
) -> tuple[Image.Image, list[Drawn]]:
    """Title and figure in a column on the left, the picture on the right, the band below."""
    b = spec.brand
    w, h = SOCIAL
    pad = 72
    band = h - 130
    column = w - PHOTO_SIZE[0] - pad - 48
    card = Canvas(SOCIAL, b.background, paint)
    card.rectangle((0, 0, 16, h), b.primary)
    lines_max = 3 if spec.figure else 6
    font, lines = fit(spec.title, "bold", column, lines_max, range(56, 35, -4))
    y = 56
    for line in lines:
        card.text((pad, y), line, font, b.text, under=b.background, role="title")
        y += line_height(font)
    if spec.figure:
        big, number = figure_font(spec.figure, column, PHOTO_FIGURE)
        card.text((pad, y + 20), number, big, b.primary, under=b.background, role="figure")
        label_font, label_lines = fit(spec.label[0], "regular", column, 2, range(30, 21, -2), spec.label[1])
        ly = y + 20 + line_height(big) + 4
        for line in label_lines:
            card.text((pad, ly), line, label_font, b.muted, under=b.background, role="label")
            ly += line_height(label_font)
    brand_band(card, b, band, pad, 72, 34)
    if photo is None:  # laid out only
        return card.finish(), card.drawn
    # A photograph has more colours than a palette holds: this card alone is RGB.
    image = card.finish().convert("RGB")
    image.paste(photo, (w - PHOTO_SIZE[0], 0))
    return image, card.drawn


def _slide(spec: CardSpec, paint: bool = True) -> tuple[Image.Image, list[Drawn]]:
    b = spec.brand
    w, h = SLIDE
    pad = 120
    card = Canvas(SLIDE, b.background, paint)
    band = h - 200
    if spec.figure:
        font, number = figure_font(spec.figure, w - 2 * pad, SLIDE_FIGURE)
        card.text((pad, 130), number, font, b.primary, under=b.background, role="figure")
        text, keep = spec.label if spec.figure_label or spec.figure_period else (spec.title, "")
        label_font, label_lines = fit(text, "regular", w - 2 * pad, 2, range(72, 39, -4), keep)
        y = 130 + line_height(font) + 40
        role = "label"
    else:
        label_font, label_lines = fit(spec.title, "bold", w - 2 * pad, 4, range(120, 59, -8))
        y = 160
        role = "title"
    for line in label_lines:
        card.text((pad, y), line, label_font, b.text, under=b.background, role=role)
        y += line_height(label_font)
    brand_band(card, b, band, pad, 110, 54)
    return card.finish(), card.drawn


def ensure(specs: list[CardSpec], cache_dir: Path, workers: int = 0) -> tuple[list[Path], int]:
    """The cached PNG of each spec, drawing the missing ones; returns (paths, number drawn)."""
    return cache.ensure(specs, cache_dir, draw, workers)
