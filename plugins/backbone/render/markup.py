"""Markdown snippets from content files, rendered and sanitised for embedding in generated pages."""

from __future__ import annotations

from html import escape

import markdown

from .. import mdbounds
from .sanitise import snippet_html


def markdown_html(text: str) -> str:
    """Markdown → HTML with the story bodies' allow-list (no script, no event handlers,
    no javascript: links, no style) and no ids: it sits among Backbone's own sections.

    Every text given here was checked where it was read (its file's bounds, mdbounds); one
    that would still cost too much is shown as plain text rather than hang the build."""
    if mdbounds.problem(text, fences=False):
        return "".join(f"<p>{escape(part)}</p>" for part in text.split("\n\n"))
    return snippet_html(markdown.markdown(text, extensions=["tables"], output_format="html"))
