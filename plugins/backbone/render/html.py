"""Jinja2 rendering with autoescaping on: text from data files can never become markup."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import jinja2
import yaml
from markupsafe import Markup, escape


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("backbone", "templates"),
        # Our templates are package code, not site files: no stat() of each one per render.
        auto_reload=False,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["thousands"] = lambda n: f"{n:,}"
    return env


def render(template: str, **context) -> str:
    html = environment().get_template(template).render(**context)
    # Markdown treats an HTML block as raw only while it has no blank lines.
    return re.sub(r"\n\s*\n", "\n", html).strip() + "\n"


# Page metadata the theme prints; theme_text escapes each of them (adapters/identity.py).
THEME_META = ("title", "description", "author", "subtitle", "status")


def theme_text(value: object) -> Markup:
    """Text for the theme (mkdocs-material), HTML-escaped exactly once.

    The theme's Jinja does not autoescape: it prints ``config.site_name`` raw in
    ``<title>`` and an ``aria-label``, but through ``|e`` in a ``title`` attribute.
    Escaped text wrapped as Markup reads right in both: raw it is already escaped, and
    ``|e`` leaves Markup as it is. Also what its search indexes: result titles are HTML.
    """
    return value if isinstance(value, Markup) else escape(str(value))


@dataclass
class GeneratedPage:
    """A page the site gets without a Markdown file of its own."""

    src_uri: str
    title: str
    body: str
    meta: dict = field(default_factory=dict)

    def markdown(self, body: str | None = None) -> str:
        """The page as a Markdown file: front matter, then ``body`` (default: the HTML)."""
        meta = {"title": self.title, **self.meta}
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=True, width=1000)
        return f"---\n{front}---\n\n{self.body if body is None else body}"
