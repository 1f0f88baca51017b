"""The Open Graph and Twitter tags of a page, from one plain ``Preview``.

One mechanism for every page: a story hands its article tags as ``extra``; every other page
is described by its title, description and card. Values come back escaped exactly once
(``theme_text``), so the theme prints them through ``|e`` without escaping them twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from babel.core import get_global
from markupsafe import Markup

from ..render.html import theme_text

Tag = tuple[str, str, Markup]  # (attribute, key, escaped value): <meta property="og:title" content="...">


@dataclass(frozen=True)
class Picture:
    url: str  # absolute: a network's crawler fetches it from anywhere
    width: int
    height: int
    alt: str


@dataclass(frozen=True)
class Preview:
    title: str
    description: str
    url: str  # the page's absolute address
    site_name: str
    locale: str  # Open Graph's form, 'en_US' (see og_locale)
    picture: Picture | None = None
    kind: str = "website"  # og:type: 'article' for a story
    extra: tuple[tuple[str, str, str], ...] = ()  # (attribute, key, value) after the og: tags (article:*)


@lru_cache(maxsize=16)  # once per build, not once per page
def og_locale(language: str) -> str:
    """The site's language as Open Graph writes a locale: 'en' → 'en_US', 'pt-BR' → 'pt_BR',
    'fr' → 'fr_FR'. A bare language takes its most likely territory (Unicode CLDR's likely
    subtags, as babel ships them); one CLDR does not know stays as written, with '_'."""
    parts = language.replace("-", "_").split("_")
    base = parts[0].lower()
    region = next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
    if region is None:
        likely = get_global("likely_subtags").get(base, "")
        region = next((p for p in likely.split("_")[1:] if len(p) == 2 and p.isalpha()), None)
    return f"{base}_{region}" if region else base


def heading_text(title: object) -> object:
    """A title MkDocs took from a page's first heading is HTML ('A &amp; <em>B</em>'): as text
    ('A & B'), to be escaped once. Metadata the theme already escaped (Markup) stays as it is."""
    return title if isinstance(title, Markup) else Markup(str(title)).striptags()


def meta_tags(preview: Preview) -> list[Tag]:
    """The page's tags, in the order the Open Graph protocol lists them."""
    p, pic = preview, preview.picture
    tags = [
        ("property", "og:type", p.kind),
        ("property", "og:site_name", p.site_name),
        ("property", "og:locale", p.locale),
        ("property", "og:title", p.title),
        ("property", "og:description", p.description),
        ("property", "og:url", p.url),
    ]
    if pic:
        tags += [
            ("property", "og:image", pic.url),
            ("property", "og:image:type", "image/png"),
            ("property", "og:image:width", str(pic.width)),
            ("property", "og:image:height", str(pic.height)),
            ("property", "og:image:alt", pic.alt),
        ]
    tags += list(p.extra)
    tags += [
        ("name", "twitter:card", "summary_large_image" if pic else "summary"),
        ("name", "twitter:title", p.title),
        ("name", "twitter:description", p.description),
    ]
    if pic:
        tags += [("name", "twitter:image", pic.url), ("name", "twitter:image:alt", pic.alt)]
    return [(attr, key, theme_text(value)) for attr, key, value in tags]


def html(tags: list[Tag]) -> str:
    """The tags as HTML, for a page written without the theme."""
    return "".join(f'<meta {attr}="{key}" content="{value}">\n' for attr, key, value in tags)
