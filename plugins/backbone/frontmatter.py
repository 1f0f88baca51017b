"""Front matter of Markdown files: the one splitter every reader uses (pages, stories, reviews,
letters, citations), read with line numbers that match the file.

The block is found with the very pattern MkDocs reads it with (``mkdocs.utils.meta.YAML_RE``):
a first line of '---', YAML, a line of '---' or '...'. Backbone then checks and locates what
MkDocs will read, and a story's own fields come from the same lines the page shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .problems import DataError, Problem
from .sources import Source, parse_yaml, read_text, relpath

FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)
_OPENING = re.compile(r"---[ \t]*")
_CLOSING = re.compile(r"(?:---|\.\.\.)[ \t]*")


@dataclass(frozen=True)
class Block:
    """A Markdown text split at its front matter."""

    yaml: str  # the lines between the '---' lines
    body: str  # everything after the closing line
    above: int  # lines above the body: the body's first line is line ``above + 1`` of the file


def block(text: str) -> Block | None:
    """The front matter of ``text`` as MkDocs reads it, or None when MkDocs sees none."""
    match = FRONT_MATTER.match(text)
    if not match:
        return None
    return Block(match.group(1), text[match.end() :], text.count("\n", 0, match.end()))


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
    text = text.lstrip("\ufeff")
    ends = text.endswith("\n")
    found = block(text if ends else text + "\n")  # a file may end on its closing line
    if found is not None:
        return found.yaml, found.body if ends else found.body[:-1], found.above + 1
    lines = text.split("\n", 2)
    if not _OPENING.fullmatch(lines[0]):
        raise DataError([Problem(rel, 1, "", f"{what} starts with front matter between two '---' lines ({needs}...)")])
    if len(lines) > 1 and _CLOSING.fullmatch(lines[1]):  # nothing between the lines: no block for MkDocs either
        return "", lines[2] if len(lines) > 2 else "", 3
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
