"""The logo on cards, drawn from its SVG by resvg (Pillow cannot read SVG).

resvg draws the whole of static SVG — paths with arcs, gradients, clipping, masks,
transforms, text — without Cairo or any system library. The SVG is cleaned first
(``backbone.svgsafe``: nothing that runs or fetches; resvg would read an image file
the SVG names), and text is set in the fonts the cards use, never the machine's: the
same logo gives the same pixels everywhere.
"""

from __future__ import annotations

import io
from pathlib import Path

import resvg_py
from PIL import Image, ImageOps

from .. import images
from ..svgsafe import SvgError, clean


def rasterise(svg: bytes, height: int, fonts: dict[str, str]) -> Image.Image | None:
    """The SVG drawn ``height`` pixels tall (RGBA), or None if it cannot be read or shows nothing."""
    try:
        png = resvg_py.svg_to_bytes(
            svg_string=clean(svg).decode("utf-8"), height=height,
            skip_system_fonts=True, font_files=sorted(fonts.values()),
            font_family="DejaVu Sans", sans_serif_family="DejaVu Sans",
        )
    except (SvgError, ValueError):
        return None
    image = Image.open(io.BytesIO(png)).convert("RGBA")
    return image if image.getchannel("A").getbbox() else None


def load_logo(path: Path, height: int, fonts: dict[str, str]) -> Image.Image | None:
    """A logo file (SVG or raster) as an RGBA image ``height`` pixels tall; a raster logo
    was checked when the data was loaded (``backbone.images``), and is turned upright as published."""
    if path.suffix.lower() == ".svg":
        return rasterise(path.read_bytes(), height, fonts)
    with Image.open(path, formats=list(images.FORMATS)) as image:
        image = ImageOps.exif_transpose(image).convert("RGBA")
        width = max(1, round(image.width * height / image.height))
        return image.resize((width, height), Image.LANCZOS)
