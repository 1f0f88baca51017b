"""Front matter of Markdown files, read with line numbers that match the file."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .problems import DataError, Problem
from .sources import Source, parse_yaml, read_text, relpath

_FENCE = re.compile(r"^---[ \t]*$")


@dataclass
class Document:
    """A Markdown file: its front matter (located like a data file) and its body."""

    source: Source
    body: str
    body_line: int  # the file line on which the body starts

    @property
    def meta(self) -> dict:
        return self.source.data


def split(text: str, rel: str, what: str = "a page", needs: str = "title") -> tuple[str, str, int]:
    """(front matter YAML, body, the body's first line) of a Markdown file's text; a DataError
    when the '---' lines are missing. ``what`` and ``needs`` word the message for its reader."""
    lines = text.lstrip("\ufeff").splitlines(keepends=True)
    if not lines or not _FENCE.match(lines[0].rstrip("\n")):
        raise DataError([Problem(rel, 1, "", f"{what} starts with front matter between two '---' lines ({needs}...)")])
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index].rstrip("\n")):
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    raise DataError([Problem(rel, 1, "", "the front matter is not closed: add a line with '---' after the last field")])


def parse(text: str, rel: str, what: str = "a page", needs: str = "title") -> Document:
    """Split and parse the front matter (lines as in the file); raise DataError naming the file
    and line. The body is returned as written: its own checks are the caller's."""
    front, body, body_line = split(text, rel, what, needs)
    if not front.strip():
        raise DataError([Problem(rel, 1, "", f"the front matter is empty: {what} needs at least {needs}")])
    try:
        source = parse_yaml(front, rel)
    except DataError as exc:
        # parse_yaml counts from the first line after '---': shift by one.
        raise DataError([_shift(p, 1) for p in exc.problems]) from None
    if not isinstance(source.data, dict):
        raise DataError([Problem(rel, 2, "", f"the front matter must be a mapping of 'key: value' lines ({needs}...)")])
    source.lines = {path: line + 1 for path, line in source.lines.items()}
    return Document(source, body, body_line)


def read(path: Path, root: Path, what: str = "a page", needs: str = "title") -> Document:
    rel = relpath(path, root)
    return parse(read_text(path, root, rel), rel, what, needs)


def _shift(problem: Problem, by: int) -> Problem:
    if problem.line == 0:
        return Problem(
            problem.file, 0, problem.field, problem.message.replace("the file is empty", "the front matter is empty")
        )
    return Problem(problem.file, problem.line + by, problem.field, problem.message)
