"""Markdown snippets from content files, rendered and sanitised for embedding in generated pages."""

from __future__ import annotations

import markdown
import nh3


def markdown_html(text: str) -> str:
    """Markdown → HTML with anything unsafe (script, event handlers, javascript: links) removed."""
    return nh3.clean(markdown.markdown(text, extensions=["tables"], output_format="html"))


def portable_html(html: str, base_url: str) -> str:
    """HTML that works outside the site (feeds, email): sanitised, every link and image absolute.

    nh3 drops scripts with their content, event handlers and javascript: URLs, and
    resolves relative href/src against the page's absolute URL.
    """
    return nh3.clean(
        html,
        clean_content_tags={"script", "style"},
        url_relative=("rewrite_with_base", base_url),
    )
