"""Where a text of the site is written: the file and line of data/ or content/ that hold the
characters a reader's copy cannot show (the annual report's PDF, the cards). Only where the
word holding a character is part of a text that is shown: a story left out may hold the same
emoji."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from . import inputs

SHOWN = 6  # characters named in one message: a name in another script has dozens
_TRIM = "\"'`*_~,:;.!?()[]{}<>#|-"  # YAML's and Markdown's marks around a word


def named(chars: list[str]) -> str:
    """``'北' (U+5317), '田' (U+7530)``, and how many more past SHOWN."""
    shown = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in chars[:SHOWN])
    return shown + (f" and {len(chars) - SHOWN} more" if len(chars) > SHOWN else "")


def texts(value) -> Iterator[str]:
    """Every text of ``value``, at any depth."""
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
    under ``roots``, where the word holding the character is part of a text of ``content``."""
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
