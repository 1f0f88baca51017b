"""What the site search indexes: a page without the boilerplate every story repeats.

Blocks between ``EXCLUDE_START`` and ``EXCLUDE_END`` (share buttons, the reuse kit,
related stories, tables of figures) also carry ``data-search-exclude``, which
mkdocs-material's indexer honours. The markers let an adapter hand the indexer a page
without those blocks at all: it skips parsing them, which on a site of 1,000 stories
is most of the HTML it would otherwise read, and 7,000 result entries such as
"Embed on your website" that would bury the stories themselves.
"""

from __future__ import annotations

import re

EXCLUDE_START = "<!--bb:search-exclude-->"
EXCLUDE_END = "<!--/bb:search-exclude-->"
_BLOCK = re.compile(re.escape(EXCLUDE_START) + r".*?" + re.escape(EXCLUDE_END), re.S)


def searchable(html: str) -> str:
    """``html`` without its excluded blocks (the same string when it has none)."""
    return _BLOCK.sub("", html) if EXCLUDE_START in html else html
