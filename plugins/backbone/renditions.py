"""Pictures fit for the web: each picture of the pages published at a few widths, in its own
format and in WebP, never wider than a page needs.

A page's column is at most ``COLUMN`` CSS pixels wide (mkdocs-material's, measured in
Chromium from 390 to 3,000 pixels wide: 826 at most), so no screen needs a picture wider
than twice that (``LARGEST``, for screens of two device pixels per CSS pixel). A picture is
published:

- at its own address, at most ``LARGEST`` pixels wide, in its own format: links, feeds,
  cards and e-mails that name the picture get a file of a sensible size, never a 5 MB original;
- at each of ``WIDTHS`` narrower than that, in its own format and in WebP, under
  ``assets/backbone/pictures/`` (``render/pictures.py`` offers them to browsers with
  ``srcset``, ``sizes`` and ``<picture>``).

Every copy is made from the picture as ``images`` publishes it (checked, upright, without
metadata, the colour profile kept), once per build in the drawing pool, and kept in the cache
under a digest of the original's bytes, the width, the format and this code: a warm build
encodes nothing. An animation is published whole, as before, at its own address only.
"""

from __future__ import annotations

import io
import os
import posixpath
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageOps

from . import images, memo

COLUMN = 840  # CSS pixels: the widest column mkdocs-material gives a page (826), rounded up
WIDTHS = (480, COLUMN, 3 * COLUMN // 2, 2 * COLUMN)  # the largest: the column on a 2× screen
LARGEST = WIDTHS[-1]
FOLDER = "assets/backbone/pictures"
SUFFIX = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp"}
GRAPHIC_COLOURS = 4096  # a PNG or GIF of at most this many colours is a drawing: WebP keeps it lossless


@dataclass(frozen=True)
class Copy:
    """One published file of a picture: where it is in the site, its size and format."""

    path: str  # site path
    width: int
    height: int
    format: str  # as FORMATS names it: JPEG, PNG, GIF, WEBP
    entry: str  # its file in the cache


@dataclass(frozen=True)
class Picture:
    """A picture of the pages as published: ``own`` in its format, narrowest first (the last
    is at the picture's own address), and ``webp`` at the same widths (none for a WebP or an
    animation)."""

    src: str  # its own address (site path), where the largest copy in its format is
    own: tuple[Copy, ...]
    webp: tuple[Copy, ...]
    source: str  # the original file, read by the process that encodes
    animated: bool = False

    @property
    def width(self) -> int:
        return self.own[-1].width

    @property
    def height(self) -> int:
        return self.own[-1].height

    def copies(self) -> tuple[Copy, ...]:
        return self.own + self.webp

    def for_mail(self, width: int) -> Copy:
        """The narrowest copy in a format every mail client shows (its own, if not WebP) at
        least twice ``width``, else the largest: sharp on a phone, and no heavier than that."""
        for copy in self.own:
            if copy.width >= 2 * width:
                return copy
        return self.own[-1]


def _code() -> str:
    return memo.code_digest(__file__, images.__file__, packages=("pillow",))


def _stem(src: str) -> str:
    """The file's name as a safe part of a new one: 'Night bus (1).png' → 'Night-bus-1'."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", posixpath.splitext(posixpath.basename(src))[0]).strip("-")
    return stem[:60] or "picture"


@lru_cache(maxsize=4096)
def _read(source: str, digest: str) -> tuple[str, int, tuple[int, int]]:
    """The picture's format, frames and upright size, by its bytes' digest: read once a
    process, as a PNG's orientation is read only by decoding the whole picture."""
    with images.open_checked(Path(source)) as image:
        return images.format_of(image), images.frame_count(image), images.display_size_of(image)


def plan(src: str, source: Path, digest: str, cache_dir: Path) -> Picture:
    """Which copies the picture at site path ``src`` gets (``source``: its file, checked by
    ``images.inspect``; ``digest``: the sha256 of its bytes). ImageError if it cannot be read."""
    kind, frames, (width, height) = _read(str(source), digest)
    code = _code()

    def copy(path: str, w: int, fmt: str) -> Copy:
        h = max(1, round(height * w / width))
        entry = memo.entry(cache_dir, memo.key(code, digest, params=[w, h, fmt]), SUFFIX[fmt], "picture")
        return Copy(path, w, h, fmt, str(entry))

    if frames > 1:
        return Picture(src, (copy(src, width, kind),), (), str(source), animated=True)
    largest = min(width, LARGEST)
    widths = [w for w in WIDTHS if w < largest] + [largest]
    folder = f"{FOLDER}/{digest[:16]}/{_stem(src)}"
    narrow = "PNG" if kind == "GIF" else kind  # a still GIF's narrower copies: PNG, with no palette to fit
    own = tuple(
        copy(src, w, kind) if w == largest else copy(f"{folder}-{w}{SUFFIX[narrow]}", w, narrow) for w in widths
    )
    webp = () if kind == "WEBP" else tuple(copy(f"{folder}-{w}.webp", w, "WEBP") for w in widths)
    return Picture(src, own, webp, str(source))


def lighter(picture: Picture) -> Picture:
    """``picture`` with only the copies that save bytes, once encoded: a narrower copy that
    is not lighter than a wider one is left out (a flat drawing made smaller gains the shades
    of its smoothed edges and can weigh more), and WebP altogether if its widest copy is not
    lighter than the picture's own. The widest copy in its own format always stays."""
    own, webp = _lighter(picture.own), _lighter(picture.webp)
    if webp and _bytes(webp[-1]) >= _bytes(own[-1]):
        webp = ()
    return replace(picture, own=own, webp=webp)


def _lighter(copies: tuple[Copy, ...]) -> tuple[Copy, ...]:
    kept = list(copies[-1:])
    for copy in reversed(copies[:-1]):
        if _bytes(copy) < _bytes(kept[-1]):
            kept.append(copy)
    return tuple(reversed(kept))


def _bytes(copy: Copy) -> int:
    return os.stat(copy.entry).st_size


def ensure(pictures: list[Picture], workers: int = 0) -> tuple[dict[str, str], int]:
    """Encode every copy not in the cache yet, a picture a job, in the drawing pool (``workers``
    processes; 0: one per core, at most 8); returns what went wrong by the picture's site path
    (pixel data damaged past its header), and how many pictures were encoded."""
    jobs = [([copy.entry for copy in p.copies()], p) for p in sorted(pictures, key=lambda p: p.src)]
    made = memo.ensure_all(jobs, _encoded, workers)
    return {picture.src: problem for picture, problem in made if problem}, len(made)


def _encoded(picture: Picture) -> list[bytes]:
    """The bytes of every copy of ``picture``, in its order; Unmade if its pixels cannot be read."""
    try:
        data = Path(picture.source).read_bytes()
        if picture.animated:
            return [images.stripped(data)]
        encoded = {copy.entry: value for copy, value in _copies(picture, data)}
    except images.ImageError as exc:
        raise memo.Unmade(str(exc)) from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:  # truncated or corrupt pixel data
        raise memo.Unmade(f"the picture is damaged ({exc}); {images.FIX}") from None
    return [encoded[copy.entry] for copy in picture.copies()]


def _copies(picture: Picture, data: bytes):
    """(copy, bytes) of every copy, from one decoding of the picture."""
    largest = picture.own[-1]
    with images.open_checked(io.BytesIO(data)) as image:
        kind, full = images.format_of(image), images.display_size_of(image)
        if full[0] == largest.width:  # not made smaller: the original's own encoding, without metadata
            yield largest, images.stripped(data)
        turned = full != image.size  # stored on its side: the EXIF orientation turns it after decoding
        # a large JPEG is decoded at a reduced scale, never below the largest copy
        image.draft("RGB", (largest.height, largest.width) if turned else (largest.width, largest.height))
        # the profile describes RGB pixels only if the picture was RGB (not grey, not CMYK)
        profile = image.info.get("icc_profile") if image.mode in ("RGB", "RGBA", "P", "PA") else None
        upright = _web_mode(ImageOps.exif_transpose(image))
    lossless = kind == "WEBP" and images.webp_lossless(data)
    graphic = kind in ("PNG", "GIF") and upright.getcolors(GRAPHIC_COLOURS) is not None
    # Widest first, each from the one before: a few quick steps down instead of every
    # width from the full picture (as sharp to the eye, and much quicker).
    sized = {}
    for width, height in sorted({(c.width, c.height) for c in picture.copies()}, reverse=True):
        upright = sized[width] = upright if upright.width == width else _resized(upright, (width, height))
    for copy in picture.copies():
        if copy is largest and full[0] == largest.width:
            continue
        yield copy, _save(sized[copy.width], copy.format, profile, lossless=lossless or graphic)


def _web_mode(image: Image.Image) -> Image.Image:
    """RGB, or RGBA where the picture has transparency: modes every encoder and browser takes."""
    if image.mode in ("RGB", "RGBA"):
        return image
    if image.mode.startswith("I"):  # 16-bit grey: Pillow's conversion would clip it to white
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    see_through = image.mode in ("LA", "PA", "RGBa", "La") or "transparency" in image.info
    return image.convert("RGBA" if see_through else "RGB")


def _resized(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    # reducing_gap: a quick reduction by whole factors first, then Lanczos; fast and as sharp
    return image.resize(size, Image.LANCZOS, reducing_gap=3.0)


def _save(image: Image.Image, fmt: str, profile: bytes | None, *, lossless: bool) -> bytes:
    """The same bytes every time for the same pixels; no metadata but the colour profile."""
    out = io.BytesIO()
    options: dict = {"icc_profile": profile} if profile else {}
    if fmt == "JPEG":
        image = image.convert("RGB")  # a JPEG has no transparency (not reached: JPEGs have none)
        image.save(out, "JPEG", quality=85, optimize=True, progressive=True, **options)
    elif fmt == "PNG":
        image.save(out, "PNG", optimize=False, compress_level=9, **options)
    elif fmt == "GIF":  # a still GIF wider than LARGEST: its palette made again from the resized pixels
        _gif(image).save(out, "GIF", optimize=False, **({"transparency": 255} if image.mode == "RGBA" else {}))
    else:
        quality = {"lossless": True, "quality": 80} if lossless else {"quality": 82, "alpha_quality": 100}
        image.save(out, "WEBP", method=4, exact=False, **quality, **options)
    return out.getvalue()


def _gif(image: Image.Image) -> Image.Image:
    """A palette of the picture's colours; where it is see-through (RGBA), the last index,
    which GIF's one transparent colour names."""
    colours = image.convert("RGB").quantize(255 if image.mode == "RGBA" else 256, dither=Image.Dither.NONE)
    if image.mode == "RGBA":
        clear = image.getchannel("A").point(lambda alpha: 255 if alpha < 128 else 0)
        colours.paste(255, mask=clear)
    return colours
