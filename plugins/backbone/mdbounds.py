"""Bounds on the work a Markdown text can ask of Python-Markdown, checked before it renders.

Python-Markdown reads some mistakes again and again. For each '[' its link, image and
reference patterns look for the matching ']' (and after '](' for the matching ')'); for each
run of '`' its code pattern looks for a run as long: one never closed sends the search to
the end of the paragraph, so a story of unclosed '[' took minutes. Its HTML reader does the
same for each '<tag' or '<![CDATA[' never closed, to the end of the whole text. Lists nested
some 250 levels deep overflow its recursion.

``problems`` measures that extra reading without doing it, in one pass: the characters read
again for each bracket never closed or nested inside another, each code mark never closed,
each tag never closed. A well-formed text reads nothing again, however many links it has (each
']' or '>' ends one search), so long pages with many links are untouched. Over the bound, the
text is refused with the line of the first mistake and what to change there; the count stops
as soon as the bound is passed, so a 5 MB bomb is refused in a fraction of a second.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from markdown import inlinepatterns

from .fences import in_code
from .problems import Problem, thousands

REREAD_MAX = 100_000  # characters read again per text: well under a second of Python-Markdown
DEPTH_MAX = 100  # lists and quotes inside each other; Python-Markdown's recursion fails at 250-450

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_TICKS = re.compile(r"`+")
_SYNTAX = re.compile(r"[\\\[\]()]")
_TAG_START = re.compile(r"<(?:[A-Za-z]|!\[)")  # a start tag, CDATA or a declaration read as a comment
_CONTAINERS = re.compile(r"(?:[ \t]|(?:[-*+]|\d{1,9}[.)])(?=[ \t])|>)*")  # indentation, list items, quotes
_MARKER = re.compile(r"[-*+>]|\d{1,9}[.)]")
_TICK_LENGTHS = 16  # shorter openings a regular expression tries for one run of '`' (code uses 1 to 3)
# Python-Markdown 3.11 finds the end of code by a loop of its own, earlier versions by a regular expression
_FINDS_SPANS = hasattr(inlinepatterns.BacktickInlineProcessor, "find_code_spans")
_PREFIX_MAX = 4_000  # characters of a line enough to find DEPTH_MAX levels (each takes at most 40)


class _Over(Exception):
    """The bound is passed: counting further would only cost time."""


@dataclass
class _Cost:
    """Characters read again for one kind of mistake, and where the first one is."""

    what: str
    budget: "_Budget"
    chars: int = 0
    count: int = 0
    first: int = -1  # offset in the text

    def add(self, chars: int, where: int) -> None:
        self.chars += chars
        self.count += 1
        if self.first < 0 or where < self.first:
            self.first = where
        self.budget.spend(chars)


class _Budget:
    def __init__(self):
        self.left = REREAD_MAX

    def spend(self, chars: int) -> None:
        self.left -= chars
        if self.left < 0:
            raise _Over


def problems(text: str, rel: str, first_line: int = 1, field: str = "", fences: bool = True) -> list[Problem]:
    """The problem with ``text`` (a Markdown body starting at line ``first_line`` of ``rel``),
    if rendering it would read too much again or nest too deep; ``fences``: whether ```
    blocks are code (MkDocs' pages) or text (Backbone's snippets)."""
    why = problem(text, fences)
    if why is None:
        return []
    line, message = why
    return [Problem(rel, first_line + line, field, message)]


def problem(text: str, fences: bool = True) -> tuple[int, str] | None:
    """(line offset of the first mistake, what to change) if rendering ``text`` costs too
    much, else None: for a Markdown field of a data file, located at the field."""
    prose = _without_fences(text) if fences and ("```" in text or "~~~" in text) else text
    if depth := _too_deep(prose):
        line, levels = depth
        return line, (
            f"{thousands(levels)} lists or quotes open inside each other at the start of this line "
            f"(each 4 spaces, '-', '1.' or '>'), more than the {DEPTH_MAX} Backbone renders; "
            "remove what is not meant at its start"
        )
    budget = _Budget()
    costs = {what: _Cost(what, budget) for what in ("bracket", "paren", "tick", "tag")}
    try:
        _tag_cost(prose, costs["tag"])
        _block_costs(prose, costs)
    except _Over:
        pass
    else:
        return None
    worst = max(costs.values(), key=lambda c: c.chars)
    first = min(c.first for c in costs.values() if c.first >= 0)
    return text.count("\n", 0, first), f"from this line on, {_message(worst)}"


def _message(cost: _Cost) -> str:
    read = f"Markdown would read more than {thousands(REREAD_MAX)} characters again, more than Backbone allows"
    return {
        "bracket": f"'[' are never closed by ']', or are nested inside each other: {read}; "
        "close each '[' with ']', write '\\[' for a bracket that is only text, or start new paragraphs",
        "paren": f"links '](…' are never closed by ')': {read}; close each link's address with ')', "
        "or write '\\(' for a bracket that is only text",
        "tick": f"'`' start code that no '`' as long closes: {read}; close each piece of code with "
        "as many '`' as opened it, or write '\\`' for one that is only text",
        "tag": f"'<' start HTML tags that are never closed by '>': {read}; "
        "write '&lt;' for a '<' that is only text, or close each tag with '>'",
    }[cost.what]


def _without_fences(text: str) -> str:
    """``text`` with its fenced code blocks blanked out (same length and lines): Markdown reads
    no link or tag inside them."""
    lines = text.split("\n")
    return "\n".join(" " * len(line) if code else line for line, code in zip(lines, in_code(lines)))


def _too_deep(text: str) -> tuple[int, int] | None:
    """(line offset, levels) of the first line that opens DEPTH_MAX lists or quotes inside
    each other at its start (4 columns of indentation, '-', '1.' or '>' each), else None."""
    for number, line in enumerate(text.split("\n")):
        if len(line) < DEPTH_MAX:
            continue  # too short: each level takes at least one character
        if not line.strip():
            continue  # only spaces: a blank line (or code blanked out) opens nothing
        prefix = _CONTAINERS.match(line, 0, _PREFIX_MAX).group()
        levels = len(_MARKER.findall(prefix)) + prefix.expandtabs(4).count(" ") // 4
        if levels >= DEPTH_MAX:
            return number, levels
    return None


def _tag_cost(text: str, cost: _Cost) -> None:
    """What the HTML reader reads again: a tag never closed searches to the end of the text,
    and then the next one does; only the last of them reads the rest just once."""
    last_gt, last_cdata_end = text.rfind(">"), text.rfind("]]>")
    previous = -1
    for match in _TAG_START.finditer(text, min(last_gt, last_cdata_end) + 1):
        start = match.start()
        if start > (last_cdata_end if text.startswith("<![CDATA[", start) else last_gt):
            if previous >= 0:
                cost.add(len(text) - previous, previous)
            previous = start


def _block_costs(text: str, costs: dict) -> None:
    """What the inline patterns read again, paragraph by paragraph (Python-Markdown searches
    within one block; a run of lines between blank lines holds at least that block)."""
    start = 0
    for gap in [*_BLANK_LINE.finditer(text), None]:
        end = gap.start() if gap else len(text)
        block = text[start:end]
        if "`" in block:
            block = _code_blanked(block, start, costs["tick"])
        if "[" in block:
            _bracket_costs(block, start, costs["bracket"], costs["paren"])
        start = gap.end() if gap else end


def _code_blanked(block: str, offset: int, cost: _Cost) -> str:
    """The block with its code spans blanked out (their brackets are code, never links), as
    the installed Python-Markdown finds them, and the cost of its searches that fail: each
    reads to the end of the block (``_Runs`` follows the search run by run)."""
    runs = _Runs(block)
    spans = []
    pos, index = 0, 0
    while True:
        while index < len(runs.starts) and runs.ends[index] <= pos:
            index += 1
        if index == len(runs.starts):
            break
        q = max(pos, runs.starts[index])
        found = runs.search(q, index, cost, offset)
        if found is None:
            pos = q + 2 * (runs.ends[index] - q) if _FINDS_SPANS else q + 1  # where each resumes
            continue
        spans.append((q, found))
        pos = found
    if not spans:
        return block
    parts, last = [], 0
    for start, end in spans:
        code = block[start:end]
        parts += [block[last:start], re.sub(r"[^\n]", " ", code) if "\n" in code else " " * len(code)]
        last = end
    return "".join(parts) + block[last:]


class _Runs:
    """The runs of '`' of one block (not escaped ones), found by length in O(log n)."""

    def __init__(self, block: str):
        self.length = len(block)
        self.starts, self.ends = [], []
        for match in _TICKS.finditer(block):
            start = match.start() + block.startswith("\\", match.start() - 1)  # '\`' is a backtick as text
            if start < match.end():
                self.starts.append(start)
                self.ends.append(match.end())
        self.by_length: dict[int, list[int]] = {}
        for index, (start, end) in enumerate(zip(self.starts, self.ends)):
            self.by_length.setdefault(end - start, []).append(index)
        self.longest_after = [0] * (len(self.starts) + 1)  # the longest run after each
        for index in range(len(self.starts) - 1, -1, -1):
            self.longest_after[index] = max(self.longest_after[index + 1], self.ends[index] - self.starts[index])

    def next_of_length(self, length: int, after: int) -> int | None:
        """The index of the first run after the run ``after`` that is ``length`` long."""
        same = self.by_length.get(length, [])
        at = bisect.bisect_right(same, after)
        return same[at] if at < len(same) else None

    def search(self, q: int, index: int, cost: _Cost, offset: int) -> int | None:
        """Where the code opened at ``q`` (inside run ``index``) ends, or None; failed reads are
        spent. Python-Markdown 3.11 looks for a run as long as the rest of this one, else pairs
        with the longest shorter run after it; earlier versions (a regular expression) try each
        shorter opening in turn, each reading to the end in vain."""
        ticks = self.ends[index] - q
        if _FINDS_SPANS:
            closer = self.next_of_length(ticks, index)
            if closer is not None:
                return self.ends[closer]
            cost.add(self.length - self.ends[index], offset + q)
            longest = self.longest_after[index + 1]
            if 0 < longest < ticks:
                return self.ends[self.next_of_length(longest, index)]
            return None
        for length in range(ticks, max(0, ticks - _TICK_LENGTHS), -1):
            closer = self.next_of_length(length, index)
            if closer is not None:
                return self.ends[closer]
            cost.add(self.length - q, offset + q)
        return None


def _bracket_costs(block: str, offset: int, brackets: _Cost, parens: _Cost) -> None:
    end = len(block)
    opened: list[int] = []  # '[' not closed yet
    opened_sum = 0  # of their positions: what the '[' above the first have read so far is known
    targets: list[int] = []  # '(' not closed yet in a link's address; -1 - position for its '](' itself
    escaped = -1  # the position a backslash makes text
    for match in _SYNTAX.finditer(block):
        i, c = match.start(), match.group()
        if i == escaped:
            continue
        if c == "\\":
            escaped = i + 1
        elif c == "[":
            opened.append(i)
            opened_sum += i
            # every '[' above the first is nested or never closed: it reads at least this far
            if len(opened) > 1 and (len(opened) - 1) * i - (opened_sum - opened[0]) > brackets.budget.left:
                brackets.add(brackets.budget.left + 1, offset + opened[1])
        elif c == "]" and opened:
            start = opened.pop()
            opened_sum -= start
            if opened:  # nested: read again for each '[' around it
                brackets.add(i - start, offset + start)
            if block.startswith("(", i + 1):
                targets.append(-1 - (i + 1))
                escaped = i + 1  # that '(' is the mark itself
        elif c == "(" and targets:
            targets.append(i)
        elif c == ")" and targets:
            targets.pop()
    for start in opened:  # each searches to the end of its block
        brackets.add(end - start, offset + start)
    for mark in targets:
        if mark < 0:
            parens.add(end + 1 + mark, offset - 1 - mark)
