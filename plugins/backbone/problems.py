"""Problems found in a partnership's files, worded for the person who fixes them."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

from .terminal import visible

ID_MAX = 64  # ids become folder names: far below any file system's 255


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one input file.

    ``file`` is relative to the project root so that the message matches what the
    author sees in their editor; ``line`` is 1-based (0 when the whole file is meant).
    """

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        """One line, whatever the file name, field or message echo: a control character a
        file put there is shown as its escape ('\\x1b'), never obeyed by the terminal."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" ({self.field})" if self.field else ""
        return visible(f"{where}{field}: {self.message}")


class DataError(Exception):
    """Raised with every problem found, so that authors fix them all in one go."""

    def __init__(self, problems: Iterable[Problem], warnings: Iterable[str] = ()):
        self.problems = sorted(set(problems))
        self.warnings = list(dict.fromkeys(warnings))  # shown with the problems, not counted
        super().__init__(self.report())

    def report(self) -> str:
        """Every problem, grouped by file (sorted by file, then line), under a true count."""
        files = len({p.file for p in self.problems})
        head = (
            f"Backbone found {counted(len(self.problems), 'problem')} in {counted(files, 'file')}; nothing was built:"
        )
        lines = [head, *(f"  {p}" for p in self.problems)]
        if self.warnings:
            lines += [
                f"and {counted(len(self.warnings), 'warning')}:",
                *(f"  {visible(w, lines=True)}" for w in self.warnings),
            ]
        return "\n".join(lines)


def plural(noun: str) -> str:
    """'partner' → 'partners', 'story' → 'stories', 'governance body' → 'governance bodies',
    'entry' → 'entries', 'day' → 'days'."""
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "i", "o", "u"):
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def counted(count: int, noun: str, many: str | None = None) -> str:
    """'1 problem', '2 problems', '0 problems', '1,200 stories': a count and its noun that agree.
    ``many``: the plural where it is not the noun's regular one ('person', 'people')."""
    return f"{thousands(count)} {noun if count == 1 else many or plural(noun)}"


def thousands(number: int) -> str:
    """A number in a message to the backbone team: '5,000'. Messages are English; what readers
    see is written in the site's language (render/formats.py)."""
    return f"{number:,}"


def close_match(word: object, choices: Iterable[str]) -> str | None:
    """The known spelling ``word`` is most likely a slip of, or None when none is near enough.

    Near enough: at most a quarter of the word's characters are wrong (each letter typed in,
    left out or replaced, or two neighbours swapped, counts one; capitals do not count), at
    least one in a word of three letters or more, and no other choice as near. Real slips are
    one or two such edits. A measure of the share of characters in common (difflib's ratio)
    suggested 'gateshead-council' for 'northfield-council': a shared part ('-council', 'jobs-')
    makes words look alike that have nothing else in common. Failing that, the one choice that
    begins with ``word`` ('grow': 'growth')."""
    if not isinstance(word, str) or not word:
        return None
    # imported on the first slip, not by every build (its C++ runtime is a few MB)
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    choices = sorted(set(choices))
    most = max(1, len(word) // 4) if len(word) > 2 else 0  # 'x' is no slip of 'y'; 'TOC' is of 'toc'
    found = process.extract(word, choices, scorer=OSA.distance, processor=str.casefold, score_cutoff=most, limit=2)
    if found:  # one nearest, or none: '2024-Q5' is as near to 2024-Q1 as to 2024-Q4
        return found[0][0] if len(found) == 1 or found[1][1] > found[0][1] else None
    # the start of a word ('grow' for 'growth', 'dockside' for 'dockside-foods'), when it starts only one
    start = word.casefold()
    longer = [choice for choice in choices if choice.casefold().startswith(start)] if len(start) >= 3 else []
    return longer[0] if len(longer) == 1 else None


def did_you_mean(word: object, choices: Iterable[str]) -> str:
    """A '; did you mean ...?' ending, or '' when nothing is near: it ends the message, so that
    no punctuation follows its question mark."""
    match = close_match(word, choices)
    return f"; did you mean '{match}'?" if match else ""


def id_like(text: str, fallback: str = "main-office") -> str:
    """``text`` spelt as an id ('Parks & Recreation' → 'parks-recreation'), to show the
    author their own value written by the rules; ``fallback`` when nothing of it is left.
    Examples in messages come from the author's site, never from the demo's."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:ID_MAX].rstrip("-")
    return slug or fallback


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


def _labels(named: object, what: str) -> list[tuple[str, str]]:
    """(word, text) of each name readers see for one item: a text given as is is a metric's or
    story's title, a partner's or body's name; an object gives its title, name and short name."""
    if isinstance(named, str):
        return [("title" if what in ("metric", "story") else "name", named)]
    found = [
        (word, getattr(named, attr, None))
        for word, attr in (("title", "title"), ("name", "name"), ("short name", "short_name"))
    ]
    return [(word, text) for word, text in found if isinstance(text, str) and text]


def id_fix(
    value: object,
    ids: Iterable[str],
    names: Mapping[str, object] | None = None,
    what: str = "",
    write: Callable[[str], str] = str,
) -> tuple[str, str] | None:
    """(the id meant, the fix) when ``value`` is not one of ``ids`` but plainly means one: the
    id in capitals ('Home-Visits'), or the title or name readers see ('Home visits').
    ``names`` maps each id to its title or name, or to an object with ``title``, ``name`` or
    ``short_name``; ``write`` spells the id as it is to be written (in a citation, say). None
    when nothing is recognised (a plain typo: see did_you_mean)."""
    if not isinstance(value, str):
        return None
    ids = set(ids)
    lower = value.strip().lower()
    if lower != value and lower in ids:
        return lower, f"ids are lower-case: did you mean '{write(lower)}'?"
    folded = _folded(value)
    for key, named in sorted((names or {}).items()):
        for word, text in _labels(named, what):
            if key in ids and _folded(text) == folded:
                return key, f"'{value}' is the {word} of {what} '{key}'; use the id: '{write(key)}'"
    if (dashed := id_like(value)) != value and dashed in ids:
        return dashed, f"ids are lower-case, with dashes between words: did you mean '{write(dashed)}'?"
    return None
