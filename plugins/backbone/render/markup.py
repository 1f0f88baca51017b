"""Markdown snippets from content files, rendered and sanitised for embedding in generated pages."""

from __future__ import annotations

import markdown

from .sanitise import snippet_html


def markdown_html(text: str) -> str:
    """Markdown → HTML with the story bodies' allow-list (no script, no event handlers,
    no javascript: links, no style) and no ids: it sits among Backbone's own sections."""
    return snippet_html(markdown.markdown(text, extensions=["tables"], output_format="html"))
