"""The site's logo where a size or a PNG is needed: the header's width and height, the feeds' image.

The header logo is drawn 1.2rem tall by the theme; its width and height attributes (its
intrinsic size, or its viewBox's) let the browser keep its room before it loads. RSS 2.0
takes a GIF, JPEG or PNG of at most 144 pixels wide as a channel's image, never an SVG:
the logo is rasterised once (resvg for an SVG), fitted in 144×144 and cached by digest.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from ..drawing.fonts import fonts
from ..drawing.svg import intrinsic_size, load_logo  # noqa: F401  (intrinsic_size: the header logo's)
from ..memo import code_digest, digest, ensure, entry, key

CHANNEL_MAX = 144  # pixels: RSS 2.0's largest channel image width (its height may be 400)


def channel_png(path: Path) -> bytes | None:
    """The logo as a PNG of at most 144 × 144 pixels (transparent where the logo is), or None
    when it draws nothing."""
    image = load_logo(path, CHANNEL_MAX, fonts())
    if image is None:
        return None
    if image.width > CHANNEL_MAX:
        image = image.resize((CHANNEL_MAX, max(1, round(image.height * CHANNEL_MAX / image.width))), Image.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)  # Pillow writes no date or metadata of its own
    return out.getvalue()


def cached_channel_png(path: Path, cache_dir: Path) -> Path | None:
    """``channel_png`` kept in ``cache_dir`` under the digest of the logo's bytes and this code."""
    code = code_digest(__file__, packages=("pillow", "resvg_py"))
    target = entry(cache_dir, key(code, digest(path.read_bytes())), ".png", "logo")
    return None if ensure(target, lambda: channel_png(path)) is None else target
