"""How the logo reads on the primary colour (the header, the brand kit's dark tile),
measured from the drawn logo rather than from what its file says.

The logo is drawn as the cards draw it (``drawing.svg``: resvg for an SVG, Pillow for a
picture), laid on the primary colour, and the colour covering most of what it draws is
compared with the primary colour as WCAG 2.1 compares graphics (1.4.11 non-text contrast,
3:1). A blue wordmark on a dark blue header measures about 1:1; the same wordmark in white, 8:1.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageStat

from .. import images, memo, svgsafe
from ..drawing import fonts as drawing_fonts
from ..drawing import svg as drawing_svg
from .brand import GRAPHIC_MINIMUM, contrast

HEIGHT = 96  # pixels: thin strokes still count, and it is drawn in a few milliseconds
VISIBLE = 128  # alpha: a pixel at least half covered is the drawing; fainter ones are its smoothed edges
LEVELS = 5  # bits dropped per channel: a gradient or an edge's shading falls in one family of colours


@dataclass(frozen=True)
class LogoContrast:
    """The colour covering most of the drawn logo, seen on the primary colour."""

    colour: str
    share: float  # of the logo's drawn area
    primary: str

    @property
    def ratio(self) -> float:
        return contrast(self.colour, self.primary)

    @property
    def readable(self) -> bool:
        return self.ratio >= GRAPHIC_MINIMUM

    def as_text(self) -> str:
        return f"{self.colour} {self.share:.4f} {self.primary}"

    @classmethod
    def from_text(cls, text: str) -> LogoContrast | None:
        if not text:
            return None
        colour, share, primary = text.split()
        return cls(colour, float(share), primary)


def main_colour(logo: Image.Image, under: str) -> tuple[str, float] | None:
    """The colour most of ``logo`` shows when laid on ``under``, and the share of its drawn
    area that colour's family covers; None if it draws nothing.

    Pillow's own operations over whole images (point, composite, getcolors, ImageStat), never
    a Python loop over pixels: the cost is that of a few passes in C whatever the logo."""
    logo = logo.convert("RGBA")
    seen = Image.alpha_composite(Image.new("RGBA", logo.size, under), logo).convert("RGB")
    drawn = logo.getchannel("A").point(lambda alpha: 255 if alpha >= VISIBLE else 0)
    # Each pixel's family: its channels with the low LEVELS bits cleared; the pixels not
    # drawn become a colour no family has (an odd value in every channel).
    families = Image.composite(seen.point(lambda c: c >> LEVELS << LEVELS), Image.new("RGB", logo.size, _NONE), drawn)
    counts = [(count, rgb) for count, rgb in families.getcolors(1 + (256 >> LEVELS) ** 3) if rgb != _NONE]
    if not counts:
        return None
    count, family = max(counts, key=lambda item: (item[0], [-c for c in item[1]]))
    members = Image.new("L", logo.size, 255)
    for channel, value in zip(families.split(), family):
        members = ImageChops.multiply(members, channel.point(lambda c, value=value: 255 if c == value else 0))
    mean = (round(c) for c in ImageStat.Stat(seen, mask=members).mean)
    return "#" + "".join(f"{c:02x}" for c in mean), count / sum(n for n, _ in counts)


_NONE = (1, 1, 1)  # not a family: families have their low bits cleared


def measure(path: Path, primary: str, fonts: dict[str, str]) -> LogoContrast | None:
    """The logo file at ``path`` on the primary colour; None for a file that cannot be drawn
    (its problem is reported where the data is checked)."""
    if not path.is_file() or (path.suffix.lower() in images.SUFFIXES and images.problem(path)):
        return None
    logo = drawing_svg.load_logo(path, HEIGHT, fonts)
    found = main_colour(logo, primary) if logo is not None else None
    return LogoContrast(found[0], found[1], primary) if found else None


def on_primary(path: Path, primary: str, cache: Path | None) -> LogoContrast | None:
    """``measure``, kept in ``cache`` by the digest of the logo's bytes: a warm build never draws it."""
    try:
        digest = memo.content_digest(path)
    except OSError:
        return None  # reported where the data is checked
    salt = memo.code_digest(__file__, drawing_svg.__file__, svgsafe.__file__, packages=("pillow", "resvg_py"))
    keep = memo.DiskMemo(cache, salt) if cache else memo.direct
    # drawn as the cards draw it: in their fonts, for a logo with text
    text = keep(
        "contrast",
        f"{digest} {primary}",
        lambda _: found.as_text() if (found := measure(path, primary, drawing_fonts.fonts())) else "",
    )
    return LogoContrast.from_text(text)


def reversed_example(logo: str) -> str:
    """Where a reversed logo would sit beside ``logo``: brand/logo.svg → brand/logo-reversed.svg."""
    stem, suffix = posixpath.splitext(logo)
    return f"{stem}-reversed{suffix}"


def advice(logo: str, found: LogoContrast) -> str:
    """What is wrong and the fix, for the build's warning (the team that edits the data)."""
    return (
        f"{_why(found)}; add a reversed logo (the same logo in white or a light colour) beside 'logo:' in "
        f"data/identity.yml, e.g. 'logo_reversed: {reversed_example(logo)}'"
    )


def kit_advice(found: LogoContrast) -> str:
    """What is wrong and what to do, for the brand kit's readers (partners who use the logo)."""
    return f"{_why(found)}; on the primary colour, use the logo in white or a light colour"


def _why(found: LogoContrast) -> str:
    return (
        f"the logo's main colour {found.colour} has a contrast of {found.ratio:.2f}:1 on the primary colour "
        f"{found.primary}, and a logo needs {GRAPHIC_MINIMUM:g}:1 to be seen there (WCAG 1.4.11)"
    )
