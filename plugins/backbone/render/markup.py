"""Markdown snippets from content files, rendered and sanitised for embedding in generated pages."""

from __future__ import annotations

import markdown
import nh3


def markdown_html(text: str) -> str:
    """Markdown → HTML with anything unsafe (script, event handlers, javascript: links) removed."""
    return nh3.clean(markdown.markdown(text, extensions=["tables"], output_format="html"))

