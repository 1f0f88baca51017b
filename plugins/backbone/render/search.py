"""What the site search indexes: a page without the boilerplate every story repeats.

Blocks between ``EXCLUDE_START`` and ``EXCLUDE_END`` (share buttons, the reuse kit,
related stories, tables of figures) also carry ``data-search-exclude``, which
mkdocs-material's indexer honours. The markers let an adapter hand the indexer a page
without those blocks at all: it skips parsing them, which on a site of many stories is
most of the HTML it would otherwise read, and the thousands of result entries such as
"Embed on your website" that would bury the stories themselves.
"""

from __future__ import annotations

EXCLUDE_START = "<!--bb:search-exclude-->"
EXCLUDE_END = "<!--/bb:search-exclude-->"


def searchable(html: str) -> str:
    """``html`` without its excluded blocks (the same string when it has none).

    Found with str.find rather than a lazy ``.*?`` regular expression, which stepped through
    every character of a block, on every page.
    """
    start = html.find(EXCLUDE_START)
    if start < 0:
        return html
    kept, at = [], 0
    while start >= 0:
        end = html.find(EXCLUDE_END, start)
        if end < 0:  # an unclosed block is left as it is
            break
        kept.append(html[at:start])
        at = end + len(EXCLUDE_END)
        start = html.find(EXCLUDE_START, at)
    kept.append(html[at:])
    return "".join(kept)
