"""The logo on cards, drawn from its SVG by resvg (Pillow cannot read SVG).

resvg draws the whole of static SVG — paths with arcs, gradients, clipping, masks,
transforms, text — without Cairo or any system library. The SVG is cleaned first
(``backbone.svgsafe``: nothing that runs or fetches; resvg would read an image file
the SVG names), and text is set in the fonts the cards use, never the machine's: the
same logo gives the same pixels everywhere.
"""

from __future__ import annotations

import io
import math
from pathlib import Path

import resvg_py
from lxml import etree
from PIL import Image, ImageOps

from .. import images
from ..svgsafe import SVG_NS, SvgError, _box, _parser, clean, drawing_cost

BUDGET = 2_000_000  # microseconds: the canvas's pixels times the drawing's work per pixel
MAX_WIDTH = 4096  # pixels: a wider drawing is not drawn (the card shows the name)


def intrinsic_size(path: Path) -> tuple[int, int] | None:
    """Width and height of a picture or logo file in CSS pixels (an SVG's from its viewBox,
    else its width and height): the page keeps its room before it loads. None when it cannot
    be read (the page then shows it without)."""
    if path.suffix.lower() != ".svg":
        try:
            return images.display_size(path)
        except Exception:  # checked when the data was loaded: never a reason to fail the build
            return None
    try:
        root = etree.fromstring(clean(path.read_bytes()), _parser())
    except (SvgError, etree.XMLSyntaxError, ValueError, OSError):
        return None
    _, _, width, height = _box(root)
    if not (math.isfinite(width) and math.isfinite(height)) or width <= 0 or height <= 0:
        return None
    scale = max(1.0, 1.0 / min(width, height))  # a 0.5 × 0.5 viewBox is still 1 × 1 pixel or more
    return max(1, round(width * scale)), max(1, round(height * scale))


def rasterise(svg: bytes, height: int, fonts: dict[str, str]) -> Image.Image | None:
    """The SVG drawn ``height`` pixels tall (RGBA), or None if it cannot be read or shows nothing.
    A costly drawing comes back shorter (the cards resize the logo to their own size)."""
    try:
        cleaned = clean(svg)
        text, height = _drawable(cleaned, height)
    except (SvgError, ValueError):  # ValueError: a file in an encoding resvg cannot take
        return None
    if height < 1:
        return None
    try:
        png = resvg_py.svg_to_bytes(
            svg_string=text,
            height=height,
            skip_system_fonts=True,
            font_files=sorted(fonts.values()),
            font_family="DejaVu Sans",
            sans_serif_family="DejaVu Sans",
        )
    except ValueError:
        return None
    except BaseException as exc:  # resvg's own panic (pyo3's PanicException is a BaseException)
        if type(exc).__name__ != "PanicException":
            raise
        return None
    image = Image.open(io.BytesIO(png)).convert("RGBA")
    return image if image.getchannel("A").getbbox() else None


def _drawable(cleaned: bytes, height: int) -> tuple[str, int]:
    """The text resvg draws, and the height that keeps it within ``BUDGET`` and ``MAX_WIDTH``."""
    cost = drawing_cost(cleaned)
    pixels = BUDGET / max(cost.work, 1e-6)
    height = min(height, math.isqrt(int(pixels / cost.aspect)), int(MAX_WIDTH / cost.aspect))
    root = etree.fromstring(cleaned, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    morphology = root.findall(f".//{{{SVG_NS}}}feMorphology")
    for element in morphology:  # what radius 0 means: the input passed through (resvg is slow on "0" too)
        kept = {
            attr: element.get(attr)
            for attr in ("in", "result", "x", "y", "width", "height")
            if element.get(attr) is not None
        }
        element.tag = f"{{{SVG_NS}}}feOffset"
        element.attrib.clear()
        element.attrib.update(kept)
    return (etree.tostring(root, encoding="unicode") if morphology else cleaned.decode("utf-8")), height


def load_logo(path: Path, height: int, fonts: dict[str, str], max_width: int = MAX_WIDTH) -> Image.Image | None:
    """A logo file (SVG or raster) as an RGBA image ``height`` pixels tall, or narrower than
    ``max_width`` and then shorter: a logo thousands of times wider than tall costs a few
    thousand pixels, never millions (a raster logo was checked when the data was loaded,
    ``backbone.images``, and is turned upright as published). A raster file without
    transparency (a chart's slide) comes back RGB: the same pixels, resized in three channels."""
    if path.suffix.lower() == ".svg":
        return rasterise(path.read_bytes(), height, fonts)
    with Image.open(path, formats=list(images.FORMATS)) as image:
        width, tall = fitted(images.display_size_of(image), height, max_width)
        side = max(width, tall)  # either way up: the EXIF orientation is applied after decoding
        image.draft("RGB", (side, side))  # a large JPEG is decoded at a reduced scale
        image = ImageOps.exif_transpose(image)
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
        return image.resize((width, tall), Image.LANCZOS, reducing_gap=3.0)


def fitted(size: tuple[int, int], height: int, max_width: int) -> tuple[int, int]:
    """``size`` scaled to ``height`` pixels tall, or to ``max_width`` wide if that is narrower."""
    width, tall = size
    scale = min(height / tall, max_width / width)
    return max(1, round(width * scale)), max(1, round(tall * scale))
