"""Problems found in a partnership's files, worded for the person who fixes them."""

from __future__ import annotations

import difflib
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
        count = len(self.problems)
        files = len({p.file for p in self.problems})
        head = (
            f"Backbone found {count} problem{'s' if count != 1 else ''} "
            f"in {files} file{'s' if files != 1 else ''}; nothing was built:"
        )
        lines = [head, *(f"  {p}" for p in self.problems)]
        if self.warnings:
            lines += [
                f"and {len(self.warnings)} warning{'s' if len(self.warnings) != 1 else ''}:",
                *(f"  {visible(w, lines=True)}" for w in self.warnings),
            ]
        return "\n".join(lines)


def close_match(word: object, choices: Iterable[str]) -> str | None:
    """The closest known spelling of ``word``, if one is close enough to suggest."""
    if not isinstance(word, str):
        return None
    matches = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: object, choices: Iterable[str]) -> str:
    """A '; did you mean ...?' suffix, or '' when nothing is close."""
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


class ProblemList(list):
    """A list of problems with a helper to raise them all at once."""

    def add(self, file: str, line: int, field: str, message: str) -> None:
        self.append(Problem(file, line, field, message))

    def raise_if_any(self) -> None:
        if self:
            raise DataError(self)
