"""Every character the report prints must be in one of its fonts: a PDF/A embeds each glyph it
shows, and Typst refuses the whole file when no font has one, naming only the first and no
file. An emoji or a name in another script anywhere the report prints (a partner's name, a
metric's title, a featured story) is found here first, all at once, at the line that holds it.

`backbone check` asks every time; a build only when Typst refused the report, so a report
that prints asks nothing. The fonts' character maps are read with fontTools (matplotlib's own
dependency), as the cards read them (drawing/fonts.py).
"""

from __future__ import annotations

from pathlib import Path

from ..drawing.fonts import charmap, drawn
from ..located import named, texts, where
from ..problems import Problem


def unprintable(content: dict, fonts: tuple[Path, ...]) -> list[str]:
    """The characters of ``content``'s texts that none of ``fonts`` has, in order of code point."""
    covered = frozenset().union(*(charmap(path) for path in fonts))
    found = {c for text in texts(content) for c in text if ord(c) not in covered and drawn(c)}
    return sorted(found)


def problems(chars: list[str], content: dict, families: tuple[str, ...], roots: list[Path], root: Path, letter: str):
    """One located message for each line that holds characters the report cannot print; for
    a character no file shows (a word of a translation), one at the letter."""
    located = where(chars, content, roots, root)
    fonts = ", ".join(families)
    found = [Problem(rel, line, "", _message(here, fonts)) for (rel, line), here in sorted(located.items())]
    elsewhere = [c for c in chars if not any(c in here for here in located.values())]
    if elsewhere:
        found.append(Problem(letter, 0, "", _message(elsewhere, fonts)))
    return found


def _message(chars: list[str], fonts: str) -> str:
    shown = named(chars)
    it = "it" if len(chars) == 1 else "them"
    return (
        f"{shown} cannot be printed in the annual report: none of its fonts ({fonts}) has {it}. "
        f"Remove {it} from the text, or put a font file that has {it} (.ttf or .otf: Noto Emoji for "
        f"emoji; Noto Sans SC, JP, KR, Arabic or Devanagari for those scripts) in data/brand/fonts/: "
        "the report falls back to it"
    )
