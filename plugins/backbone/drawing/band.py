"""The partnership's band at the bottom of every card: a chip with the logo, and the name (or
the short name where the name does not fit), in the brand's colours. Story cards and preview
cards draw it alike, so every card of a site looks alike."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image

from ..textfit import ellipsize
from .canvas import Canvas, Flat, flatten
from .fonts import card_font, fonts
from .svg import fitted, load_logo


@dataclass(frozen=True)
class Brand:
    name: str  # the partnership's name, printed on every card
    primary: str
    accent: str
    text: str
    background: str
    primary_text: str
    muted: str
    # The logo file (SVG or raster), rasterised by the process that draws: a warm build,
    # which draws nothing, never rasterises it.
    logo: str | None
    logo_digest: str | None = None  # the sha256 of its bytes, for the cards' digests
    short_name: str | None = None  # shown in the band when the name does not fit there
    # The site's own font files (data/brand/fonts/), for what DejaVu Sans lacks: paths, read by
    # the process that draws; the cache key is their digest.
    fonts: tuple[str, ...] = ()
    fonts_digest: str | None = None

    def texts(self) -> tuple[str, ...]:
        """What every card shows of the partnership, in words."""
        return (self.name,) + ((self.short_name,) if self.short_name else ())


LOGO_HEIGHT = 144  # rasterised once at this height, then resized to each card's
LOGO_RATIO = 8  # a logo is at most this many times as wide as the band's logo height (then shorter)


def _logo(brand: Brand, height: int) -> Flat | None:
    return _flat_logo(brand.logo, brand.logo_digest, height, brand.background) if brand.logo else None


@lru_cache(maxsize=4)
def _flat_logo(path: str, digest: str | None, height: int, under: str) -> Flat | None:
    """Rasterised, resized and flattened once per process and size, not once per card
    (``digest`` is in the key so that a logo replaced during ``mkdocs serve`` is read again)."""
    logo = load_logo(Path(path), LOGO_HEIGHT, fonts())
    if logo is None:  # an SVG that draws nothing: the card shows the name only
        return None
    width, height = fitted(logo.size, height, LOGO_RATIO * height)
    return flatten(logo.resize((width, height), Image.LANCZOS), under)


def brand_band(card: Canvas, brand: Brand, top: int, pad: int, logo_height: int, name_size: int):
    """The partnership's band from ``top`` to the bottom of ``card``: a chip with the logo, and its name."""
    w, h = card.size
    card.rectangle((0, top, w, h), brand.primary)
    card.rectangle((0, top - 10, w, top), brand.accent)
    x = pad
    logo = _logo(brand, logo_height)
    middle = (top + h) // 2
    if logo:
        chip = (x - 12, middle - logo_height // 2 - 10, x + logo.width + 12, middle + logo_height // 2 + 10)
        card.rectangle(chip, brand.background, radius=12)
        card.paste(logo, (x, middle - logo.height // 2))
        x += logo.width + 48
    font = card_font("bold", name_size)
    card.text(
        (x, middle),
        band_name(brand, font, w - x - pad),
        font,
        brand.primary_text,
        under=brand.primary,
        anchor="lm",
        role="name",
    )


def band_name(brand: Brand, font, width: float) -> str:
    """The name if it fits, else the short name (cut with '…' only if even that does not)."""
    if font.getlength(brand.name) <= width or not brand.short_name:
        return ellipsize(brand.name, font.getlength, width)
    return ellipsize(brand.short_name, font.getlength, width)
