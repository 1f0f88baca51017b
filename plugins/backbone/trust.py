"""Which files of the docs folder a site trusts: the few its backbone team alone can change.

Everything in content/ is untrusted by default: soon editors who never touch git will change
pages through a browser. A site names, under ``trusted:`` of the backbone plugin, the files
whose raw HTML it trusts (``trusted: [index.md, about.md]``): paths or globs relative to the
docs folder, where ``*`` and ``?`` stay inside one folder and ``**`` crosses folders (a
pattern ending in ``/`` means everything below that folder). Nothing else is trusted.
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import PurePosixPath
from typing import Iterable

from .problems import did_you_mean


def _regex(pattern: str) -> re.Pattern:
    """A glob as a regular expression over a whole docs-relative path."""
    if pattern.endswith("/"):
        pattern += "**"
    parts = re.split(r"(\*\*/?|\*|\?)", pattern)
    glob = {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}
    return re.compile("".join(glob.get(part, re.escape(part)) for part in parts))


def pattern_problem(pattern: object) -> str | None:
    """Why ``pattern`` cannot name files of the docs folder, or None."""
    if not isinstance(pattern, str) or not pattern.strip():
        return f"expected the path of a file in the docs folder, such as 'about.md', got {pattern!r}"
    path = PurePosixPath(pattern)
    if "\\" in pattern or path.is_absolute() or ".." in path.parts or re.match(r"[A-Za-z]:", pattern):
        return (
            f"'{pattern}' is not a path inside the docs folder: write it from the docs folder, with '/' and "
            "without '..' (e.g. 'about.md' or 'embeds/*.html')"
        )
    return None


class Trust:
    """The files a site trusts, by their path in the docs folder (``src_uri``)."""

    def __init__(self, patterns: Iterable[str] = ()):
        self.patterns = [p for p in patterns if pattern_problem(p) is None]

    @cached_property
    def _matcher(self) -> re.Pattern | None:
        if not self.patterns:
            return None
        return re.compile("|".join(f"(?:{_regex(p).pattern})" for p in self.patterns))

    def __call__(self, src_uri: str) -> bool:
        return self._matcher is not None and self._matcher.fullmatch(src_uri) is not None

    def unmatched(self, src_uris: Iterable[str]) -> list[tuple[str, str]]:
        """(pattern, a near name or '') of each pattern that names no file: a typo trusts nothing."""
        names = list(src_uris)
        found = []
        for pattern in self.patterns:
            regex = _regex(pattern)
            if not any(regex.fullmatch(name) for name in names):
                found.append((pattern, did_you_mean(pattern, names)))
        return found
