"""Front matter of Markdown files, read with line numbers that match the file."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .problems import DataError, Problem
from .sources import Source, parse_yaml, read_text, relpath, unprintable_lines

_FENCE = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)


@dataclass
class Document:
    """A Markdown file: its front matter (located like a data file) and its body."""

    source: Source
    body: str
    body_line: int  # the file line on which the body starts

    @property
    def meta(self) -> dict:
        return self.source.data


def parse(text: str, rel: str) -> Document:
    """Split and parse the front matter; raise DataError naming the file and line."""
    text = text.lstrip("\ufeff")
    match = _FENCE.match(text)
    if not match:
        raise DataError([Problem(rel, 1, "", "the file must start with front matter between two '---' lines")])
    inner = match.group(1) or ""
    try:
        source = parse_yaml(inner, rel)
    except DataError as exc:
        # parse_yaml counts from the first line after '---': shift by one.
        raise DataError([_shift(p, 1) for p in exc.problems]) from None
    if not isinstance(source.data, dict):
        raise DataError([Problem(rel, 2, "", "the front matter must be 'key: value' lines, not a list or a single value")])
    source.lines = {path: line + 1 for path, line in source.lines.items()}
    body_line = text[: match.end()].count("\n") + 1
    body = text[match.end():]
    if problems := unprintable_lines(body, rel, body_line):
        raise DataError(problems)
    return Document(source, body, body_line)


def read(path: Path, root: Path) -> Document:
    rel = relpath(path, root)
    return parse(read_text(path, root, rel), rel)


def _shift(problem: Problem, by: int) -> Problem:
    if problem.line == 0:
        return Problem(problem.file, 0, problem.field, problem.message.replace("the file is empty", "the front matter is empty"))
    return Problem(problem.file, problem.line + by, problem.field, problem.message)
