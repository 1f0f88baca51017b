"""The fonts every card is drawn in: DejaVu Sans, shipped with matplotlib (a runtime dependency),
so no font is ever downloaded and the same text gives the same pixels on every machine.

DejaVu Sans has no emoji and no Chinese, Japanese, Korean or Indian script. For the characters
it lacks, a card falls back, run by run, to the site's own font files in data/brand/fonts/
(which the annual report falls back to as well); a symbol no font has (an emoji) is left out
of the card rather than drawn as a box. The fonts' character maps are read with fontTools,
once a process for each file while it is unchanged, and only for a text beyond what DejaVu
Sans surely has.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from PIL import ImageFont

from .. import inputs
from ..located import named, where
from ..memo import content_digest, digest
from ..problems import Problem

FONTS_DIR = "brand/fonts"  # in the data folder: the site's own font files
SUFFIXES = (".ttf", ".otf", ".ttc")
# What DejaVu Sans has in both weights (tests/test_fonts.py reads its character maps): a text
# made only of these needs no character map.
_SURE = re.compile(r"[\u0000-\u02e9\u2000-\u2064]*")
# controls, format characters (joiners, marks of direction) and spaces: nothing to draw
_NOT_DRAWN = {"Cc", "Cf", "Zs", "Zl", "Zp"}
_SELECTORS = (range(0xFE00, 0xFE10), range(0xE0100, 0xE01F0))  # an emoji's or a glyph's variant
_SYMBOLS = ("So", "Sk")  # an emoji: left out of a card when no font has it, where a letter shows a box
# the font files a card falls back to while it is drawn (falling_back_to), each with its stamp:
# a file saved again under its name while `mkdocs serve` runs is read again
_FALLBACKS: ContextVar[tuple[tuple[str, tuple | None], ...]] = ContextVar("card_fallbacks", default=())


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


def card_font(weight: str, size: int) -> Chained:
    return _chained(((fonts()[weight], None), *_FALLBACKS.get()), size)


@lru_cache(maxsize=512)  # fitting a text tries every size of its slot, for every card
def _chained(files: tuple[tuple[str, tuple | None], ...], size: int) -> Chained:
    return Chained(files, size)


@contextmanager
def falling_back_to(paths: tuple[str, ...]) -> Iterator[None]:
    """The cards drawn meanwhile fall back to ``paths`` (a site's own font files)."""
    token = _FALLBACKS.set(tuple((path, stamp(Path(path))) for path in paths))
    try:
        yield
    finally:
        _FALLBACKS.reset(token)


class Chained:
    """A card font: each run of a text in the first of its fonts that has the run's characters."""

    def __init__(self, files: tuple[tuple[str, tuple | None], ...], size: int):
        self.paths, self.size = tuple(path for path, _ in files), size
        self.fonts = tuple(_cached_font(path, size, mark) for path, mark in files)

    def runs(self, text: str) -> list[tuple[ImageFont.FreeTypeFont, str]]:
        """``text`` in runs, each with its font; a symbol no font has left out."""
        if _SURE.fullmatch(text):
            return [(self.fonts[0], text)] if text else []
        maps = [charmap(Path(path)) for path in self.paths]
        runs: list[list] = []
        left_out = False  # a symbol no font has was just left out
        for c in text:
            if left_out and (not drawn(c) or (c == " " and (not runs or runs[-1][1].endswith(" ")))):
                continue  # what went with it: its variant selector, a joiner, one of two spaces
            which = next((k for k, found in enumerate(maps) if ord(c) in found), None)
            if which is None and drawn(c) and unicodedata.category(c) in _SYMBOLS:
                left_out = True  # an emoji no font has: left out, not drawn as a box
                continue
            if which is None:  # a joiner or a space stays with its run; a letter shows DejaVu's box
                which = runs[-1][0] if runs and not drawn(c) else 0
            left_out = False
            if runs and runs[-1][0] == which:
                runs[-1][1] += c
            else:
                runs.append([which, c])
        if left_out and runs:  # the text ended on it
            runs[-1][1] = runs[-1][1].rstrip(" ")
        return [(self.fonts[which], run) for which, run in runs if run]

    def getlength(self, text: str) -> float:
        if _SURE.fullmatch(text):  # fitting a text measures it again and again
            return self.fonts[0].getlength(text)
        return sum(font.getlength(run) for font, run in self.runs(text))


def beyond_dejavu(text: str) -> bool:
    """Whether ``text`` has a character DejaVu Sans lacks (in either weight)."""
    if _SURE.fullmatch(text):
        return False
    found = charmap(Path(fonts()["regular"])) & charmap(Path(fonts()["bold"]))
    return any(ord(c) not in found and drawn(c) for c in text)


def boxed(texts: Iterable[str], paths: tuple[str, ...]) -> list[str]:
    """The letters of ``texts`` that no card font has (DejaVu Sans in both weights, then the
    site's own files ``paths``), in order of code point: a card draws DejaVu's empty box for
    each. A symbol no font has is left out of the card, and not counted."""
    beyond = [text for text in texts if not _SURE.fullmatch(text)]
    if not beyond:
        return []
    covered = charmap(Path(fonts()["regular"])) & charmap(Path(fonts()["bold"]))
    covered = covered.union(*(charmap(Path(path)) for path in paths))
    return sorted(
        {
            c
            for text in beyond
            for c in text
            if ord(c) not in covered and drawn(c) and unicodedata.category(c) not in _SYMBOLS
        }
    )


def boxed_notes(chars: list[str], texts: list[str], roots: list[Path], root: Path) -> list[str]:
    """One line for each file and line of ``roots`` whose text (one of ``texts``) holds letters
    of ``chars``; one more for those no file shows (a month's name in the site's language)."""
    located = where(chars, texts, roots, root)
    notes = [f"{rel}:{line}: {_boxed(here)}" for (rel, line), here in sorted(located.items())]
    elsewhere = [c for c in chars if not any(c in here for here in located.values())]
    return notes + ([f"a text Backbone writes (a date, a figure's words): {_boxed(elsewhere)}"] if elsewhere else [])


def _boxed(chars: list[str]) -> str:
    it = "it" if len(chars) == 1 else "them"
    return (
        f"{named(chars)} cannot be drawn on the site's cards (link previews, slides): none of their fonts "
        f"has {it}, so a card shows an empty box in {'its' if it == 'it' else 'their'} place. Put a font "
        f"file that has {it} (.ttf or .otf: Noto Sans SC, JP, KR, Thai or Devanagari for those scripts) in "
        "data/brand/fonts/: the cards fall back to it"
    )


def own_fonts(folder: Path | None, root: Path) -> tuple[Path, ...]:
    """The site's own font files in ``folder``, by name (links and the like refused)."""
    if folder is None or not folder.is_dir():
        return ()
    return tuple(
        p for p in sorted(folder.iterdir()) if p.suffix.lower() in SUFFIXES and inputs.refusal(p, root) is None
    )


def font_problems(folder: Path, root: Path) -> list[Problem]:
    """One problem for each file of ``folder`` that is no font a card, a chart or the report
    can read (read now, once a process while unchanged: a card would stop on it later)."""
    found = []
    for path in own_fonts(folder, root):
        try:
            charmap(path)
            _cached_font(str(path), 12, stamp(path))
        except Exception as exc:  # fontTools and FreeType each raise their own kinds
            why = (str(exc) or type(exc).__name__).splitlines()[0][:80]
            found.append(
                Problem(
                    path.relative_to(root).as_posix(),
                    0,
                    "",
                    f"this is not a font Backbone can read ({why}): put the font's .ttf or .otf file here, "
                    "or remove it",
                )
            )
    return found


def fonts_key(paths: tuple[Path, ...]) -> str | None:
    """The digest of the bytes of ``paths``, read again only when a file changed (a font for
    Chinese weighs megabytes, and every build asks)."""
    if not paths:
        return None
    return digest(" ".join(file_digest(path) for path in paths))


def file_digest(path: Path) -> str:
    """The digest of a font file's bytes, read again only when the file changed."""
    return _file_digest(path, *stamp(path))


def stamp(path: Path) -> tuple[int, int, int]:
    """What changes when a file is saved again under its name: size, mtime, inode."""
    found = path.stat()
    return found.st_size, found.st_mtime_ns, found.st_ino


@lru_cache(maxsize=32)
def _file_digest(path: Path, size: int, mtime_ns: int, inode: int) -> str:
    return content_digest(path)


def drawn(c: str) -> bool:
    """Whether ``c`` needs a glyph: not a control, a joiner, a space or a variant selector."""
    return unicodedata.category(c) not in _NOT_DRAWN and not any(ord(c) in r for r in _SELECTORS)


def charmap(path: Path) -> frozenset[int]:
    """The code points ``path``'s font (every font of a collection) has, as the file is now."""
    return _charmap(path, *stamp(path))


@lru_cache(maxsize=32)
def _charmap(path: Path, size: int, mtime_ns: int, inode: int) -> frozenset[int]:
    from fontTools.ttLib import TTCollection, TTFont  # only for a text beyond the sure range

    fonts = TTCollection(path).fonts if path.suffix.lower() == ".ttc" else [TTFont(path, lazy=True)]
    return frozenset(point for font in fonts for point in (font.getBestCmap() or {}))


@lru_cache(maxsize=256)
def _cached_font(path: str, size: int, mark: tuple | None = None) -> ImageFont.FreeTypeFont:  # mark: its stamp
    return ImageFont.truetype(path, size)
