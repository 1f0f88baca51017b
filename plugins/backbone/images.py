"""Raster pictures (PNG, JPEG, GIF, WebP) from data and content files.

Every picture Backbone reads or publishes is checked once, when its file is loaded
(``problem``): it must open with Pillow as one of four formats, match its suffix, and
stay under the limits below, so a renamed text file or a decompression bomb ends in a
message instead of a traceback or a build that eats the machine's memory.

What is published is a copy without metadata (``published``): EXIF (camera, GPS,
names, dates), XMP and comments are dropped, the EXIF orientation is applied to the
pixels first, and only the colour profile is kept. The copy is written the same way
every time and kept in a cache named by the digest of the original's bytes, so an
unchanged picture is never encoded twice.
"""

from __future__ import annotations

import io
import warnings
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageOps, ImageSequence, JpegImagePlugin

from .memo import code_digest, digest, ensure, entry, key
from .problems import thousands

# Suffixes by the format Pillow names; no other decoder of Pillow is ever run on a file.
FORMATS = {"PNG": (".png",), "JPEG": (".jpg", ".jpeg"), "GIF": (".gif",), "WEBP": (".webp",)}
SUFFIXES = {suffix for suffixes in FORMATS.values() for suffix in suffixes}
MAX_PIXELS = 40_000_000  # width × height (× frames): a 6000 × 6000 photo is 36 million
# Width and height each: a picture a few pixels tall but 20,000 wide holds few pixels, yet
# every drawing of it at a card's or a header's height would be millions of pixels wide.
MAX_SIDE = 12_000
MAX_BYTES = 20_000_000  # 20 MB: a good 6000-px JPEG is 5 to 15 MB
FIX = "export it again as PNG or JPEG at most 6000 px wide"

# Pillow warns above this many pixels and refuses above twice as many; Backbone turns
# the warning into a refusal too (see open_checked), so the limit is MAX_PIXELS exactly.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


class ImageError(Exception):
    """A picture that cannot be published; the message says why and how to fix it."""


def open_checked(source) -> Image.Image:
    """Open (headers only) as one of FORMATS; ImageError for anything else or too big.

    A phone's JPEG may be a multi-picture file (MPO: the photo, then a depth map or a second
    view); Pillow opens it as "MPO". It is the JPEG its first picture is (``kind``), and only
    that picture is ever read or published."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(source, formats=list(FORMATS))
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ImageError(f"the picture has more than {MAX_PIXELS // 1_000_000} million pixels; {FIX}") from None
    except (OSError, SyntaxError, ValueError, EOFError):  # UnidentifiedImageError is an OSError
        raise ImageError(
            f"this file is not a PNG, JPEG, GIF or WebP picture (is it another kind of file, renamed?); {FIX}"
        ) from None


def _not_too_large(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ImageError(
            f"the file is {size / 1e6:.1f} MB; pictures may have at most {MAX_BYTES // 1_000_000} MB; {FIX}"
        )


def format_of(image: Image.Image) -> str:
    """The format of FORMATS an opened picture is published as: an MPO is its first JPEG."""
    return "JPEG" if image.format == "MPO" else image.format


def frame_count(image: Image.Image) -> int:
    """How many pictures of the file are published: every frame of an animation, the first of an MPO."""
    return 1 if image.format == "MPO" else getattr(image, "n_frames", 1)


def inspect(path: Path) -> tuple[str, tuple[int, int]]:
    """(format, size) of a picture within every limit, read from its header alone; ImageError otherwise."""
    path = Path(path)
    _not_too_large(path)
    with open_checked(path) as image:
        try:
            frames = frame_count(image)
        except (OSError, SyntaxError, ValueError, EOFError):
            raise ImageError(f"the picture is damaged; {FIX}") from None
        kind, (width, height) = format_of(image), image.size
    if max(width, height) > MAX_SIDE:
        raise ImageError(
            f"the picture is {width} × {height} pixels; pictures may be at most {thousands(MAX_SIDE)} pixels "
            f"wide and {thousands(MAX_SIDE)} tall; {FIX}"
        )
    if width * height * frames > MAX_PIXELS:
        many = f"{frames} frames of {width} × {height}" if frames > 1 else f"{width} × {height}"
        raise ImageError(
            f"the picture has {many} pixels, more than the {MAX_PIXELS // 1_000_000} million allowed; {FIX}"
        )
    suffix = path.suffix.lower()
    if suffix not in FORMATS[kind]:
        raise ImageError(
            f"this is a {_NAMES[kind]} picture named '{suffix}': rename it to end in "
            f"'{FORMATS[kind][0]}' (and change the links to it), or {FIX}"
        )
    return kind, (width, height)


_NAMES = {"PNG": "PNG", "JPEG": "JPEG", "GIF": "GIF", "WEBP": "WebP"}


def problem(path: Path) -> str | None:
    """What is wrong with the picture at ``path``, or None (the loaders' check)."""
    try:
        inspect(path)
    except ImageError as exc:
        return str(exc)
    return None


def display_size(path: Path) -> tuple[int, int]:
    """Width and height as published: turned by the EXIF orientation, as ``published`` turns it.
    Kept while the file is unchanged: reading a PNG's orientation decodes the whole picture,
    which each rebuild of the preview would otherwise do again for every picture."""
    stat = Path(path).stat()
    return _display_size(str(path), (stat.st_size, stat.st_mtime_ns, stat.st_ino))


@lru_cache(maxsize=4096)
def _display_size(path: str, _stamp: tuple[int, int, int]) -> tuple[int, int]:
    with open_checked(Path(path)) as image:
        return display_size_of(image)


def display_size_of(image: Image.Image) -> tuple[int, int]:
    """The size of an opened picture once turned upright by its EXIF orientation."""
    width, height = image.size
    turned = image.getexif().get(0x0112) in (5, 6, 7, 8)  # orientations that swap the sides
    return (height, width) if turned else (width, height)


# --- the published copy -----------------------------------------------------


def _code() -> str:
    """This code and Pillow's version: a change to either encodes every picture again."""
    return code_digest(__file__, packages=("pillow",))


def published(path: Path, cache_dir: Path) -> Path:
    """The copy of ``path`` without metadata: from the cache, or checked, encoded and cached.

    The entry's name carries the digest and the suffix, so a hit is a file that passed
    ``inspect`` under this very name and code: it is not opened again.
    """
    path = Path(path)
    _not_too_large(path)  # before reading it whole
    data = path.read_bytes()
    found = entry(cache_dir, key(_code(), digest(data)), path.suffix.lower(), "image")

    def make() -> bytes:
        inspect(path)
        return stripped(data)

    ensure(found, make)  # read-only: published by hard link
    return found


def stripped(data: bytes) -> bytes:
    """The picture re-encoded without metadata, turned upright; the same bytes every time."""
    out = io.BytesIO()
    try:
        with open_checked(io.BytesIO(data)) as image:
            if frame_count(image) > 1:
                _save_animation(image, format_of(image), out, data)
            else:
                _save_still(image, format_of(image), out, data)
    except ImageError:
        raise
    except (OSError, SyntaxError, ValueError, EOFError) as exc:  # truncated or corrupt pixel data
        raise ImageError(f"the picture is damaged ({exc}); {FIX}") from None
    return out.getvalue()


def _options(image: Image.Image, kind: str, data: bytes) -> dict:
    """What is kept of the original: the colour profile, transparency and the JPEG quality."""
    options: dict = {"format": kind}
    if image.info.get("icc_profile"):
        options["icc_profile"] = image.info["icc_profile"]
    if kind in ("PNG", "GIF") and image.info.get("transparency") is not None:
        options["transparency"] = image.info["transparency"]
    if kind == "JPEG":
        # The original's quantisation tables and chroma subsampling: as sharp as it was,
        # and about as small, without a quality setting to choose.
        options["qtables"] = image.quantization
        sampling = JpegImagePlugin.get_sampling(image)
        if sampling != -1:
            options["subsampling"] = sampling
    if kind == "WEBP":
        lossless = webp_lossless(data)
        options.update(lossless=lossless, quality=100 if lossless else 90, method=4)
    return options


def webp_lossless(data: bytes) -> bool:
    """Whether a WebP file's (first) picture is lossless: its 'VP8L' chunk, not 'VP8 '."""
    pos = 12  # after 'RIFF', the size and 'WEBP'
    while pos + 8 <= len(data):
        kind, size = data[pos : pos + 4], int.from_bytes(data[pos + 4 : pos + 8], "little")
        if kind in (b"VP8L", b"VP8 "):
            return kind == b"VP8L"
        # a frame of an animation holds its picture's chunks after a 16-byte header
        pos += 8 + 16 if kind == b"ANMF" else 8 + size + (size & 1)
    return False


def _bare(image: Image.Image) -> Image.Image:
    """``image`` with no metadata left for an encoder to copy from ``info``."""
    image.info = {}
    return image


def _save_still(image: Image.Image, kind: str, out: io.BytesIO, data: bytes) -> None:
    options = _options(image, kind, data)
    upright = ImageOps.exif_transpose(image)  # a copy, turned as the EXIF orientation says
    _bare(upright).save(out, optimize=False, **options)


def _save_animation(image: Image.Image, kind: str, out: io.BytesIO, data: bytes) -> None:
    options = _options(image, kind, data)
    options.pop("transparency", None)  # frames after the first are RGB(A): transparency is in the pixels
    frames, durations, disposal = [], [], []
    for frame in ImageSequence.Iterator(image):
        durations.append(frame.info.get("duration", 100))
        disposal.append(getattr(frame, "disposal_method", 0))
        frames.append(_bare(frame.convert("RGBA")))
    extra = {"disposal": disposal} if kind == "GIF" else {}
    frames[0].save(
        out,
        save_all=True,
        append_images=frames[1:],
        duration=durations,
        loop=image.info.get("loop", 0),
        optimize=False,
        **options,
        **extra,
    )
