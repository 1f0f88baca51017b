"""Fenced code blocks in Markdown: the one scanner every reader uses (citations, the pictures a
text shows, review sections, the bounds on what Markdown reads again).

A block is what Python-Markdown's ``fenced_code`` extension (one of MkDocs' defaults) reads as
code: an opening line of three or more '`' or '~' at the start of the line, with at most a
language, ``{attributes}`` or ``hl_lines`` after it; then every line up to a closing line of the
very same fence. A fence never closed is no code block: Markdown reads what follows it as
text, so a citation is cited there, a picture is checked, and brackets count.

Linear in the text: each candidate closing line is found by its fence, not by searching again.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from typing import Sequence

# fenced_code's opening line (FencedBlockPreprocessor.FENCED_BLOCK_RE), read one line at a time
_OPENING = re.compile(
    r"(?P<fence>`{3,}|~{3,})[ ]*"
    r"(?:\{[^\n]*\}|(?:\.?[\w#.+-]*[ ]*)?(?:hl_lines=(?P<quote>\"|').*?(?P=quote)[ ]*)?)"
)
_RUN = re.compile(r"`{3,}|~{3,}")


def blocks(lines: Sequence[str]) -> list[tuple[int, int]]:
    """(opening, closing) line indexes of each fenced code block of ``lines``, in order."""
    closings = defaultdict(list)  # fence → the indexes of the lines that are that fence alone
    for index, line in enumerate(lines):
        if (run := _RUN.match(line)) and not line[run.end() :].strip(" "):
            closings[run.group()].append(index)
    found, index = [], 0
    while index < len(lines):
        opening = _OPENING.fullmatch(lines[index])
        if opening:
            candidates = closings.get(opening.group("fence"), [])
            after = bisect.bisect_right(candidates, index)
            if after < len(candidates):
                found.append((index, candidates[after]))
                index = candidates[after] + 1
                continue
        index += 1
    return found


def in_code(lines: Sequence[str]) -> list[bool]:
    """Whether each line is part of a fenced code block, its fence lines included."""
    inside = [False] * len(lines)
    for first, last in blocks(lines):
        inside[first : last + 1] = [True] * (last - first + 1)
    return inside
