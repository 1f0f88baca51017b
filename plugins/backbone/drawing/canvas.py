"""A palette image for flat designs: shapes in brand colours, text anti-aliased in steps.

A card has a handful of colours, yet drawn in RGB its PNG encoder tries five row
filters on every row of 1920×1080 pixels: most of a cold build at a thousand stories.
Drawn straight into a palette image it needs no filter search and no quantising
afterwards: each text is rendered as an 8-bit coverage mask (FreeType's anti-aliasing)
and mapped onto ``LEVELS`` blends between the text's colour and the flat colour under
it. The PNG is much faster to encode and smaller.

Every text drawn is also recorded (``drawn``): what the drawing code decided to show, where
and at what size, read back by tests (a figure is whole on every card) without reading pixels.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageColor, ImageDraw

from .fonts import Chained

LEVELS = 17  # anti-aliasing steps from the colour under a text to the text's colour
MAX_COLOURS = 256  # a PNG palette
LOGO_COLOURS = 64

RGB = tuple[int, int, int]


def rgb(colour: str | RGB) -> RGB:
    return tuple(colour[:3]) if isinstance(colour, tuple) else ImageColor.getrgb(colour)[:3]


@dataclass(frozen=True)
class Drawn:
    """One text as drawn on a canvas."""

    role: str  # what it is: "title", "figure", "label", "name", ...
    text: str
    size: int  # the font's size in pixels
    box: tuple[int, int, int, int]  # its ink's box (left, top, right, bottom) on the canvas


class Canvas:
    def __init__(self, size: tuple[int, int], background: str, paint: bool = True):
        """``paint=False`` lays out only: texts are measured and recorded, no pixel is drawn."""
        self.image = Image.new("P", size, 0)
        self._draw = ImageDraw.Draw(self.image)
        self.paint = paint
        self.drawn: list[Drawn] = []
        self._palette: list[RGB] = []
        self._index: dict[RGB, int] = {}
        self.index(background)  # index 0: what the image starts filled with

    @property
    def size(self) -> tuple[int, int]:
        return self.image.size

    def index(self, colour: str | RGB) -> int:
        """The palette index of ``colour``, added on first use."""
        key = rgb(colour)
        if key not in self._index:
            if len(self._palette) >= MAX_COLOURS:
                raise ValueError("a card uses more than 256 colours")
            self._index[key] = len(self._palette)
            self._palette.append(key)
        return self._index[key]

    def rectangle(self, box, colour: str, radius: int = 0) -> None:
        if not self.paint:
            return
        if radius:
            self._draw.rounded_rectangle(box, radius=radius, fill=self.index(colour))
        else:
            self._draw.rectangle(box, fill=self.index(colour))

    def text(self, xy, text: str, font: Chained, colour: str, under: str, anchor: str = "la", role: str = "") -> None:
        """``text`` in ``colour`` over the flat colour ``under`` (what the box already holds),
        each run in the font of ``font``'s that has its characters."""
        runs = font.runs(text)
        if len(runs) > 1:
            xy, anchor = _on_baseline(self._draw, xy, runs, anchor)
        boxes = [self._draw.textbbox(at, run, font=face, anchor=anchor) for face, run, at in _placed(xy, runs)]
        if not boxes:
            return
        left, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
        right, bottom = max(b[2] for b in boxes), max(b[3] for b in boxes)
        if right <= left or bottom <= top:
            return
        self.drawn.append(Drawn(role, "".join(run for _, run in runs), font.size, (left, top, right, bottom)))
        if not self.paint:
            return
        mask = Image.new("L", (right - left, bottom - top), 0)
        pen = ImageDraw.Draw(mask)
        for face, run, (x, y) in _placed(xy, runs):
            pen.text((x - left, y - top), run, font=face, fill=255, anchor=anchor)
        shades = Image.frombytes("P", mask.size, mask.point(self._ramp(rgb(under), rgb(colour))).tobytes())
        self.image.paste(shades, (left, top), mask.point(_INKED))

    def paste(self, flat: Flat, xy: tuple[int, int]) -> None:
        """An image made ready by ``flatten``."""
        if not self.paint:
            return
        lut = [self.index(colour) for colour in flat.colours] + [0] * (256 - len(flat.colours))
        self.image.paste(Image.frombytes("P", flat.size, flat.indices.point(lut).tobytes()), xy)

    def _ramp(self, under: RGB, colour: RGB) -> list[int]:
        steps = [self.index(_mix(under, colour, k / (LEVELS - 1))) for k in range(LEVELS)]
        return [steps[round(v * (LEVELS - 1) / 255)] for v in range(256)]

    def finish(self) -> Image.Image:
        self.image.putpalette([c for colour in self._palette for c in colour])
        return self.image


_INKED = [0] + [255] * 255  # where a text mask has any coverage


def _placed(xy, runs: list) -> list[tuple]:
    """Each run with the point it is drawn at: one after the other along the line."""
    x, y = xy
    placed = []
    for face, run in runs:
        placed.append((face, run, (round(x), y)))  # whole pixels: the mask is cut at them
        x += face.getlength(run)
    return placed


def _on_baseline(draw, xy, runs: list, anchor: str) -> tuple[tuple, str]:
    """Where runs in several fonts start, and their anchor: the left end of their common
    baseline (fonts' ascents differ, so any other vertical anchor would set each run apart)."""
    first = runs[0][0]
    width = sum(face.getlength(run) for face, run in runs)
    x = xy[0] - {"l": 0, "m": width / 2, "r": width}[anchor[0]]
    at_anchor = draw.textbbox((0, 0), "H", font=first, anchor="l" + anchor[1])[1]
    on_baseline = draw.textbbox((0, 0), "H", font=first, anchor="ls")[1]
    return (x, xy[1] + at_anchor - on_baseline), "ls"


def _mix(a: RGB, b: RGB, share: float) -> RGB:
    return tuple(round(x + (y - x) * share) for x, y in zip(a, b))


class Flat:
    """An image as raw palette indices and their colours, ready to paste on any canvas."""

    def __init__(self, indices: Image.Image, colours: list[RGB]):
        self.indices, self.colours, self.size = indices, colours, indices.size
        self.width, self.height = indices.size


def flatten(image: Image.Image, under: str) -> Flat:
    """An RGBA image (a logo) flattened onto the colour ``under``, in LOGO_COLOURS colours
    at most (worth caching: quantising costs more than drawing a card)."""
    flat = Image.new("RGB", image.size, rgb(under))
    flat.paste(image, mask=image.getchannel("A") if image.mode == "RGBA" else None)
    quantised = flat.quantize(LOGO_COLOURS, dither=Image.Dither.NONE)
    palette = quantised.getpalette()[: 3 * LOGO_COLOURS]
    colours = [tuple(palette[i : i + 3]) for i in range(0, len(palette), 3)]
    return Flat(Image.frombytes("L", quantised.size, quantised.tobytes()), colours)
