"""Preview cards (1200×630 PNG) of the pages that are not stories: the site (home page and
every page without a card of its own), the scorecard, each metric (its chart) and each partner.

Drawn as the stories' cards are (``backbone.drawing``): the same palette canvas, fonts,
logo chip and brand band, so every card of a site looks alike. Each card is a plain
``PreviewSpec``; its digest (every input that shapes the pixels: texts, colours, the bytes of
the logo and of the chart or partner logo it shows, the drawing code, Pillow's version) names
the cached PNG, so an unchanged page is never drawn twice. Missing cards are drawn in
parallel processes (``background.draw_all``); the bytes carry no date or metadata.
"""

from __future__ import annotations

import io
import zlib
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image

from ..drawing import cache
from ..drawing.band import Brand, brand_band
from ..drawing.canvas import Canvas, Drawn, Flat, flatten
from ..drawing.fit import figure_font, fit
from ..drawing.fonts import card_font, falling_back_to, fonts, fonts_digest
from ..drawing.svg import load_logo
from ..memo import code_digest, key
from ..render.numbers import Squeezable
from ..textfit import ellipsize

SIZE = (1200, 630)
PAD = 72
BAND = 500  # where the brand band starts: the cards of stories keep it there too
CARDS_A_JOB = 8
# A figure is shrunk within these sizes, then shown in compact form ("$1.23B"), never cut:
# "$1,234,5…" would misquote it.
FIGURE_SIZES = range(96, 39, -4)
TILE_FIGURE_SIZES = range(72, 31, -4)


@dataclass(frozen=True)
class Tile:
    """A figure on the scorecard's card."""

    figure: Squeezable  # "387 people"
    label: str  # "Young adults starting a job"
    period: str  # "Q3 2026"


@dataclass(frozen=True)
class PreviewSpec:
    kind: str  # "site", "scorecard", "metric" or "partner"
    title: str
    subtitle: str  # the tagline, a partner's role, a metric's period and status
    brand: Brand
    figure: Squeezable | None = None  # a metric's latest figure
    tiles: tuple[Tile, ...] = ()  # the scorecard's headline figures
    picture: str | None = None  # a metric's slide PNG or a partner's logo, drawn on the card
    picture_digest: str | None = None  # the sha256 of its bytes: the cache key, wherever it is

    def texts(self) -> tuple[str, ...]:
        """Every text the card may show (a figure in each of its forms)."""
        figures = [self.figure, *(tile.figure for tile in self.tiles)]
        words = [self.title, self.subtitle, *(form for f in figures if f for form in f.forms)]
        words += [word for tile in self.tiles for word in (tile.label, tile.period)]
        return tuple(text for text in words if text) + self.brand.texts()

    def digest(self) -> str:
        data = asdict(self)
        data["brand"].pop("logo")  # paths: the cache key holds the files' bytes instead
        data["brand"].pop("fonts")
        data.pop("picture")
        return key(previews_code(), fonts_digest(), params=data)


def previews_code() -> str:
    """This module and the drawing code it draws with (with Pillow's and resvg's versions)."""
    return code_digest(__file__) + cache.drawing_code()


# --- drawing ----------------------------------------------------------------


def drawing(spec: PreviewSpec, paint: bool = True) -> Canvas:
    """The card, drawn on a canvas that also records every text (``paint=False``: laid out only)."""
    card = Canvas(SIZE, spec.brand.background, paint)
    card.rectangle((0, 0, 16, SIZE[1]), spec.brand.primary)
    with falling_back_to(spec.brand.fonts):
        {"site": _site, "scorecard": _scorecard, "metric": _metric, "partner": _partner}[spec.kind](card, spec)
        brand_band(card, spec.brand, BAND, PAD, 72, 34)
    return card


def layout(spec: PreviewSpec) -> list[Drawn]:
    """What the card shows, as the drawing code decided: each text, its size and its box."""
    return drawing(spec, paint=False).drawn


def draw(spec: PreviewSpec) -> bytes:
    out = io.BytesIO()
    drawing(spec).finish().save(out, format="PNG", compress_level=6, compress_type=zlib.Z_RLE)  # as the stories'
    return out.getvalue()


def _lines(
    card: Canvas,
    spec: PreviewSpec,
    text: str,
    weight: str,
    x: int,
    y: int,
    width: int,
    most: int,
    sizes: range,
    colour: str,
    bottom: int = BAND - 28,
    role: str = "title",
) -> int:
    """``text`` wrapped in ``width`` at the largest size that fits ``most`` lines, never below
    ``bottom`` (the last line kept ends with '…'); the y below it."""
    if not text:
        return y
    font, lines = fit(text, weight, width, most, sizes)
    height = round(font.size * 1.18)
    if y + len(lines) * height > bottom:
        kept = max(0, (bottom - y) // height)
        lines = lines[:kept]
        if lines:
            lines[-1] = ellipsize(lines[-1] + " …", font.getlength, width)
    for line in lines:
        card.text((x, y), line, font, colour, under=spec.brand.background, role=role)
        y += round(font.size * 1.18)
    return y


def _site(card: Canvas, spec: PreviewSpec) -> None:
    b = spec.brand
    y = _lines(card, spec, spec.title, "bold", PAD, 64, SIZE[0] - 2 * PAD, 3, range(72, 43, -4), b.text)
    _subtitle(card, spec, y + 24, 4)


def _subtitle(card: Canvas, spec: PreviewSpec, y: int, most: int) -> None:
    """The card's subtitle across its whole width, in at most ``most`` lines."""
    width, sizes = SIZE[0] - 2 * PAD, range(36, 25, -2)
    _lines(card, spec, spec.subtitle, "regular", PAD, y, width, most, sizes, spec.brand.muted, role="subtitle")


def _scorecard(card: Canvas, spec: PreviewSpec) -> None:
    b = spec.brand
    y = _lines(card, spec, spec.title, "bold", PAD, 56, SIZE[0] - 2 * PAD, 1, range(60, 35, -4), b.text)
    tiles = spec.tiles[:3]
    if not tiles:
        _subtitle(card, spec, y + 24, 3)
        return
    gap = 24
    width = (SIZE[0] - 2 * PAD - gap * (len(tiles) - 1)) // len(tiles)
    top, bottom = y + 28, BAND - 44
    # each figure in the form it fits in (compact only where the full one fits at no size), and
    # every figure at the size the widest of them fits: the tiles read as one row
    fitted = [figure_font(t.figure, width - 48, TILE_FIGURE_SIZES) for t in tiles]
    font = min((f for f, _ in fitted), key=lambda f: f.size)
    for i, (tile, (_, figure)) in enumerate(zip(tiles, fitted)):
        x = PAD + i * (width + gap)
        card.rectangle((x, top, x + width, bottom), b.primary, radius=14)
        card.text((x + 24, top + 24), figure, font, b.primary_text, under=b.primary, role="figure")
        label_y = top + 28 + round(font.size * 1.18)
        label_font, label_lines = fit(tile.label, "regular", width - 48, 3, range(26, 17, -2))
        for line in label_lines:
            card.text((x + 24, label_y), line, label_font, b.primary_text, under=b.primary, role="label")
            label_y += round(label_font.size * 1.18)
        small = card_font("regular", 20)
        card.text(
            (x + 24, bottom - 20),
            ellipsize(tile.period, small.getlength, width - 48),
            small,
            b.primary_text,
            under=b.primary,
            anchor="lb",
            role="period",
        )


CHART_BOX = (500, 48, SIZE[0] - 40, BAND - 40)  # the chart's room on a metric's card


def _metric(card: Canvas, spec: PreviewSpec) -> None:
    b = spec.brand
    left = CHART_BOX[0] - PAD - 28
    chart = _picture(spec, CHART_BOX[2] - CHART_BOX[0], CHART_BOX[3] - CHART_BOX[1], b.background)
    if chart is None:
        left = SIZE[0] - 2 * PAD
    y = _lines(card, spec, spec.title, "bold", PAD, 56, left, 4, range(48, 29, -2), b.text)
    if spec.figure:
        font, figure = figure_font(spec.figure, left, FIGURE_SIZES)
        card.text((PAD, y + 20), figure, font, b.primary, under=b.background, role="figure")
        y += 20 + round(font.size * 1.18)
    _lines(card, spec, spec.subtitle, "regular", PAD, y + 8, left, 3, range(28, 19, -2), b.muted, role="subtitle")
    if chart is not None:
        x = CHART_BOX[0] + (CHART_BOX[2] - CHART_BOX[0] - chart.width) // 2
        card.paste(chart, (x, CHART_BOX[1] + (CHART_BOX[3] - CHART_BOX[1] - chart.height) // 2))


def _partner(card: Canvas, spec: PreviewSpec) -> None:
    b = spec.brand
    x = PAD
    logo = _picture(spec, 300, 220, b.background)
    if logo is not None:
        card.paste(logo, (PAD, 64 + (220 - logo.height) // 2))
        x = PAD + logo.width + 48
    y = _lines(card, spec, spec.title, "bold", x, 64, SIZE[0] - x - PAD, 3, range(64, 35, -4), b.text)
    _lines(
        card,
        spec,
        spec.subtitle,
        "regular",
        x,
        y + 20,
        SIZE[0] - x - PAD,
        4,
        range(32, 21, -2),
        b.muted,
        role="subtitle",
    )


def _picture(spec: PreviewSpec, width: int, height: int, under: str) -> Flat | None:
    """The spec's chart or logo, fitted in width × height and flattened onto ``under``."""
    if not spec.picture:
        return None
    return _fitted(spec.picture, spec.picture_digest, width, height, under)


@lru_cache(maxsize=8)
def _fitted(path: str, digest: str | None, width: int, height: int, under: str) -> Flat | None:
    # one resize to the box (two, the second from an SVG drawn ``height`` tall, where it is wider)
    image = load_logo(Path(path), height, fonts(), max_width=width)
    if image is None:  # an SVG that draws nothing
        return None
    if image.width > width:
        image = image.resize((width, max(1, round(image.height * width / image.width))), Image.LANCZOS)
    return flatten(image, under)


# --- cache and parallel drawing --------------------------------------------


def ensure(specs: list[PreviewSpec], cache_dir: Path, workers: int = 0) -> tuple[list[Path], int]:
    """The cached PNG of each spec, drawing the missing ones as story cards are (one cache,
    one way of drawing in parallel); returns (paths, number drawn)."""
    return cache.ensure(specs, cache_dir, draw, workers, prefix="preview", chunksize=CARDS_A_JOB)
