"""Every character the report prints must be in one of its fonts: a PDF/A embeds each glyph it
shows, and Typst refuses the whole file when no font has one, naming only the first and no
file. An emoji or a name in another script anywhere the report prints (a partner's name, a
metric's title, a featured story) is found here first, all at once, at the line that holds it.

`backbone check` asks every time; a build only when Typst refused the report, so a report
that prints asks nothing. The fonts' character maps are read with fontTools (matplotlib's own
dependency), as the cards read them (drawing/fonts.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .. import inputs
from ..drawing.fonts import charmap, drawn
from ..problems import Problem

SHOWN = 6  # characters named in one message: a name in another script has dozens
_TRIM = "\"'`*_~,:;.!?()[]{}<>#|-"  # YAML's and Markdown's marks around a word


def unprintable(content: dict, fonts: tuple[Path, ...]) -> list[str]:
    """The characters of ``content``'s texts that none of ``fonts`` has, in order of code point."""
    covered = frozenset().union(*(charmap(path) for path in fonts))
    found = {c for text in texts(content) for c in text if ord(c) not in covered and drawn(c)}
    return sorted(found)


def texts(value) -> Iterator[str]:
    """Every text of the report's content, at any depth."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from texts(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from texts(item)


def where(chars: list[str], content: dict, roots: list[Path], root: Path) -> dict[tuple[str, int], list[str]]:
    """(file, line) → the characters of ``chars`` written there, in the data and Markdown files
    under ``roots``. A line counts where the word holding the character is part of a text the
    report prints: a story that is not in the report may hold the same emoji."""
    printed = [text for text in texts(content) if any(c in text for c in chars)]
    found: dict[tuple[str, int], list[str]] = {}
    for path in _files(roots, root):
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue  # the file's own reader names it
        rel = path.relative_to(root).as_posix()
        for number, line in enumerate(lines, 1):
            here = [c for c in chars if c in line and _printed_word(line, c, printed)]
            if here:
                found[(rel, number)] = sorted(here, key=line.index)  # as they are read
    return found


def _files(roots: list[Path], root: Path) -> list[Path]:
    suffixes = {".yml", ".yaml", ".csv", ".md", ".markdown"}
    return sorted(
        path
        for folder in roots
        if folder.is_dir()
        for path in folder.rglob("*")
        if path.suffix.lower() in suffixes and path.is_file() and inputs.refusal(path, root) is None
    )


def _printed_word(line: str, c: str, printed: list[str]) -> bool:
    """Whether the word of ``line`` holding ``c`` is in a printed text: with a word beside it
    where it is one character (an emoji alone is in many texts)."""
    words = line.split()
    for i, word in enumerate(words):
        core = word.strip(_TRIM)
        if c not in core:
            continue
        phrases = [core] if len(core) > 1 else []
        if i > 0:
            phrases.append(f"{words[i - 1].lstrip(_TRIM)} {core}")
        if i + 1 < len(words):
            phrases.append(f"{core} {words[i + 1].rstrip(_TRIM)}")
        if any(phrase in text for phrase in phrases for text in printed):
            return True
    return False


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
    shown = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in chars[:SHOWN])
    if len(chars) > SHOWN:
        shown += f" and {len(chars) - SHOWN} more"
    it = "it" if len(chars) == 1 else "them"
    return (
        f"{shown} cannot be printed in the annual report: none of its fonts ({fonts}) has {it}. "
        f"Remove {it} from the text, or put a font file that has {it} (.ttf or .otf: Noto Emoji for "
        f"emoji; Noto Sans SC, JP, KR, Arabic or Devanagari for those scripts) in data/brand/fonts/: "
        "the report falls back to it"
    )
