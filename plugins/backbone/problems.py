"""Problems found in a partnership's files, worded for the person who fixes them."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable


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
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" ({self.field})" if self.field else ""
        return f"{where}{field}: {self.message}"


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
            lines += [f"and {len(self.warnings)} warning{'s' if len(self.warnings) != 1 else ''}:", *(f"  {w}" for w in self.warnings)]
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


class ProblemList(list):
    """A list of problems with a helper to raise them all at once."""

    def add(self, file: str, line: int, field: str, message: str) -> None:
        self.append(Problem(file, line, field, message))

    def raise_if_any(self) -> None:
        if self:
            raise DataError(self)
