"""The fonts every card is drawn in: DejaVu Sans, shipped with matplotlib (a runtime dependency),
so no font is ever downloaded and the same text gives the same pixels on every machine."""

from __future__ import annotations

from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from PIL import ImageFont

from ..memo import content_digest, digest


@lru_cache(maxsize=1)
def fonts() -> dict[str, str]:
    """The regular and bold font files, found without importing matplotlib (which would cost
    the build process memory it never uses)."""
    folder = Path(find_spec("matplotlib").submodule_search_locations[0]) / "mpl-data" / "fonts" / "ttf"
    return {"regular": str(folder / "DejaVuSans.ttf"), "bold": str(folder / "DejaVuSans-Bold.ttf")}


@lru_cache(maxsize=1)
def fonts_digest() -> str:
    """The digest of the font files, an input of every card's cache key."""
    return digest("\0".join(f"{name}={content_digest(path)}" for name, path in sorted(fonts().items())))


def card_font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    return _cached_font(fonts()[weight], size)


@lru_cache(maxsize=256)
def _cached_font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)
