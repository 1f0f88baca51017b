"""How the logo reads on the primary colour (the header, the brand kit's dark tile),
measured from the drawn logo rather than from what its file says.

The logo is drawn as the cards draw it (``stories.svg``: resvg for an SVG, Pillow for a
picture), laid on the primary colour, and the colour covering most of what it draws is
compared with the primary colour as WCAG 2.1 compares graphics (1.4.11 non-text contrast,
3:1). A blue wordmark on a dark blue header measures about 1:1; the same wordmark in white, 8:1.
"""

from __future__ import annotations

import posixpath
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from .. import images, memo
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
    area that colour's family covers; None if it draws nothing."""
    logo = logo.convert("RGBA")
    seen = Image.alpha_composite(Image.new("RGBA", logo.size, under), logo).convert("RGB")
    pixels = seen.tobytes()
    drawn = [
        tuple(pixels[3 * i : 3 * i + 3]) for i, alpha in enumerate(logo.getchannel("A").tobytes()) if alpha >= VISIBLE
    ]
    if not drawn:
        return None
    families = Counter((r >> LEVELS, g >> LEVELS, b >> LEVELS) for r, g, b in drawn)
    family, count = families.most_common(1)[0]
    members = [rgb for rgb in drawn if tuple(c >> LEVELS for c in rgb) == family]
    mean = (round(sum(rgb[i] for rgb in members) / len(members)) for i in range(3))
    return "#" + "".join(f"{c:02x}" for c in mean), count / len(drawn)


def measure(path: Path, primary: str, fonts: dict[str, str]) -> LogoContrast | None:
    """The logo file at ``path`` on the primary colour; None for a file that cannot be drawn
    (its problem is reported where the data is checked)."""
    from ..stories.svg import load_logo  # resvg: loaded only by a build that measures

    if not path.is_file() or (path.suffix.lower() in images.SUFFIXES and images.problem(path)):
        return None
    logo = load_logo(path, HEIGHT, fonts)
    found = main_colour(logo, primary) if logo is not None else None
    return LogoContrast(found[0], found[1], primary) if found else None


def on_primary(path: Path, primary: str, cache: Path | None) -> LogoContrast | None:
    """``measure``, kept in ``cache`` by the digest of the logo's bytes: a warm build never draws it."""
    from ..stories.cards import fonts  # the fonts the cards draw a logo's text in

    try:
        digest = memo.content_digest(path)
    except OSError:
        return None  # reported where the data is checked
    here = Path(__file__).parent
    salt = memo.code_digest(
        __file__,
        str(here.parent / "stories" / "svg.py"),
        str(here.parent / "svgsafe.py"),
        packages=("pillow", "resvg_py"),
    )
    keep = memo.DiskMemo(cache, salt) if cache else memo.direct
    text = keep(
        "contrast",
        f"{digest} {primary}",
        lambda _: found.as_text() if (found := measure(path, primary, fonts())) else "",
    )
    return LogoContrast.from_text(text)


def reversed_example(logo: str) -> str:
    """Where a reversed logo would sit beside ``logo``: brand/logo.svg → brand/logo-reversed.svg."""
    stem, suffix = posixpath.splitext(logo)
    return f"{stem}-reversed{suffix}"


def advice(logo: str, found: LogoContrast) -> str:
    """What is wrong and the fix, for the brand kit and the build's warning."""
    return (
        f"the logo's main colour {found.colour} has a contrast of {found.ratio:.2f}:1 on the primary colour "
        f"{found.primary}, and a logo needs {GRAPHIC_MINIMUM:g}:1 to be seen there (WCAG 1.4.11); add a reversed "
        f"logo (the same logo in white or a light colour) beside 'logo:' in data/identity.yml, e.g. "
        f"'logo_reversed: {reversed_example(logo)}'"
    )
