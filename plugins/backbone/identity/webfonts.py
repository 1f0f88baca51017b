"""The brand's own fonts on the site's pages, served by the site itself.

A family of data/brand/fonts/ that identity.yml's ``fonts.text`` or ``fonts.code`` names is
published with the site: each of its files as WOFF (the same font, compressed), with an
@font-face rule in brand.css. Every reader then sees the brand's font, and no page asks a
font service for it. Only a file whose licence, as written in the file, lets anyone publish
it: a font bought for print still sets the report and the cards, and stays off the web.
The folder's other families (for emoji, another script) stay off the pages too: there the
reader's own fonts show what the brand's font lacks, in colour for emoji.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..drawing.fonts import file_digest, stamp
from ..memo import code_digest, ensure, entry, key

FOLDER = "assets/backbone/fonts"  # beside brand.css, which links them as fonts/<name>
# What a licence says of itself in the file's name table (its description, its address):
# each of these lets anyone publish the font, converted to WOFF, with a site. Whole phrases
# and addresses: a licence that only compares itself to one of them is not it.
OPEN_LICENCES = {
    "SIL Open Font Licence": ("licensed under the sil open font license", "openfontlicense.org", "scripts.sil.org/ofl"),
    "Apache License": ("licensed under the apache license", "apache.org/licenses/"),
    "Ubuntu Font Licence": ("ubuntu font licence", "font.ubuntu.com/ufl"),
    "Bitstream Vera licence": ("bitstream vera fonts copyright",),
}
_LICENCE_NAMES = (13, 14)  # the name table's licence description and licence address


@dataclass(frozen=True)
class Face:
    """One font file of a family the brand names, as the site publishes it."""

    family: str  # as brand.css names it: the name of identity.yml's stack, quoted
    weight: str  # "400"; "100 900" for a variable font
    style: str  # normal, italic
    source: Path
    dest_uri: str  # the WOFF file in the site


@dataclass(frozen=True)
class _Read:
    """What a font file says of itself."""

    families: tuple[str, ...]  # a collection (.ttc) holds several fonts
    weight: str
    style: str
    licence: str  # the name table's licence entries, as written


def web_faces(paths: tuple[Path, ...], stacks: tuple[str, ...], root: Path) -> tuple[tuple[Face, ...], list[str]]:
    """The faces to publish from the site's font files ``paths``, for the CSS font ``stacks``
    (identity.yml's text and code fonts); and a note for each file of a named family that is
    not published, saying why. A file no font (a located problem already) is passed over."""
    named = {name.strip('"').casefold(): name for stack in stacks for name in _names(stack)}
    faces, notes = [], []
    for path in paths:
        try:
            read = _read(path, *stamp(path))
        except Exception:  # fontTools raises its own kinds: drawing.fonts.font_problems says it
            continue
        family = next((named[f.casefold()] for f in read.families if f.casefold() in named), None)
        if family is None:
            continue
        where = path.relative_to(root).as_posix()
        if path.suffix.lower() == ".ttc":
            notes.append(
                f"{where}: a font collection (.ttc) is used by the report, the cards and the charts, and browsers "
                f"cannot read one: to show {family} on the site's pages, put its .ttf or .otf files in the folder"
            )
        elif not _open(read.licence):
            notes.append(
                f"{where}: not published with the site: its licence, as written in the file, is none Backbone "
                f"knows to let anyone publish a font ({', '.join(OPEN_LICENCES)}). The report, the cards and the "
                "charts still use it; the site's pages show the next font of identity.yml's fonts the reader has. "
                "If your licence allows it on the web, see docs/reference.md#the-brands-fonts"
            )
        else:
            name = f"{_slug(path.stem)}-{file_digest(path)[:10]}.woff"  # a new file, a new address
            faces.append(Face(family, read.weight, read.style, path, f"{FOLDER}/{name}"))
    return tuple(faces), notes


def css(faces: tuple[Face, ...]) -> str:
    """The @font-face rules of ``faces``, for brand.css (in FOLDER's parent). Text is shown at
    once in the next font of the stack, and in the brand's as soon as it arrives."""
    return "".join(
        "@font-face {\n"
        f"  font-family: {face.family};\n"
        f'  src: url("fonts/{face.dest_uri.rpartition("/")[2]}") format("woff");\n'
        f"  font-weight: {face.weight};\n"
        f"  font-style: {face.style};\n"
        "  font-display: swap;\n"
        "}\n"
        for face in faces
    )


def woff(face: Face, cache_dir: Path) -> Path:
    """The face's file as WOFF, from the cache or converted now (its tables as they are, each
    compressed: the same bytes every time)."""
    found = entry(cache_dir, key(_code(), file_digest(face.source)), ".woff", "font")

    def make() -> bytes:
        from fontTools.ttLib import TTFont

        font = TTFont(face.source, lazy=True, recalcBBoxes=False, recalcTimestamp=False)
        font.flavor = "woff"
        out = io.BytesIO()
        font.save(out, reorderTables=False)
        return out.getvalue()

    ensure(found, make)  # read-only: published by hard link
    return found


def _names(stack: str) -> list[str]:
    # identity.yml's stacks are rebuilt when read: each name quoted, the generic families not
    return [part.strip() for part in stack.split(",") if part.strip().startswith('"')]


def _open(licence: str) -> bool:
    said = " ".join(licence.casefold().split())
    return any(marker in said for markers in OPEN_LICENCES.values() for marker in markers)


def _slug(stem: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", stem.casefold()).strip("-") or "font"


@lru_cache(maxsize=64)
def _read(path: Path, size: int, mtime_ns: int, inode: int) -> _Read:
    """What ``path`` says of itself, read once a process while the file is unchanged."""
    from fontTools.ttLib import TTCollection, TTFont

    fonts = TTCollection(path).fonts if path.suffix.lower() == ".ttc" else [TTFont(path, lazy=True)]
    font = fonts[0]
    names = font["name"]
    # the typographic family (16) holds a family's every weight; the older one (1) names some apart
    families = tuple(dict.fromkeys(str(f["name"].getDebugName(16) or f["name"].getDebugName(1)) for f in fonts))
    os2 = font["OS/2"] if "OS/2" in font else None
    axes = {axis.axisTag: axis for axis in font["fvar"].axes} if "fvar" in font else {}
    if "wght" in axes:
        weight = f"{round(axes['wght'].minValue)} {round(axes['wght'].maxValue)}"
    else:
        weight = str(min(max(os2.usWeightClass if os2 else 400, 1), 1000))
    italic = (os2 is not None and os2.fsSelection & 1) or font["head"].macStyle & 2
    licence = "\n".join(str(names.getDebugName(i) or "") for i in _LICENCE_NAMES)
    return _Read(families, weight, "italic" if italic else "normal", licence)


@lru_cache(maxsize=1)
def _code() -> str:
    return code_digest(__file__, packages=("fonttools",))
