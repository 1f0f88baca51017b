"""Sanitising story and review HTML with nh3 (an allow-list HTML cleaner, the Rust 'ammonia').

Two lists: the page keeps classes and ids (the theme styles them); e-mail and
feeds get plain structure with absolute URLs, and never an SVG image. No list
allows a data- attribute: Backbone's scripts find their elements by those
(``data-copy-scope``), so a body can never pose as one of them.
"""

from __future__ import annotations

import re
from typing import Collection
from urllib.parse import urljoin

import nh3
from lxml import html as lxml_html

from .urls import is_remote

_TEXT = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "small",
    "sub",
    "sup",
    "mark",
    "abbr",
    "cite",
    "q",
    "blockquote",
    "code",
    "pre",
    "kbd",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "a",
    "img",
    "figure",
    "figcaption",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "caption",
    "span",
    "div",
}
_ATTRS = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
# the page also keeps a chart's disclosure ("The numbers behind the chart") and its
# scroll region (a named <section>), which a keyboard reaches and a screen reader names
_PAGE_TAGS = _TEXT | {"h1", "details", "summary", "section"}
_PAGE_ATTRS = {tag: set(_ATTRS.get(tag, ())) | {"class", "id"} for tag in _PAGE_TAGS}
_PAGE_ATTRS["img"] |= {"loading"}
_PAGE_ATTRS["div"] |= {"role", "tabindex", "aria-label"}
_PAGE_ATTRS["section"] |= {"tabindex", "aria-label"}
_ROLES = {"region"}
_SCHEMES = {"http", "https", "mailto"}


def _fetched_elsewhere(tag: str, attr: str, value: str) -> bool:
    """A picture's address on another site. The loaders refuse those with a located message;
    this keeps any they could not see (an extension's output) from reaching a reader."""
    return tag == "img" and attr == "src" and is_remote(value)


def page_html(html: str, reserved: Collection[str] = (), remote_pictures: bool = False) -> str:
    """A story or review body as shown on the site: no script, no event handlers, no style,
    no picture from another site unless ``remote_pictures``.

    An id of the page around it (``reserved``: Backbone's own, and mkdocs-material's
    ``__`` ones) is dropped from the body: the first element with an id wins, so a
    body must never carry one ahead of the page's own."""

    def own_ids(tag: str, attr: str, value: str) -> str | None:
        if attr == "id" and (value in reserved or value.startswith("__")):
            return None
        if (attr == "role" and value not in _ROLES) or (attr == "tabindex" and value != "0"):
            return None  # a body may mark a scroll region, never pose as a control
        return None if not remote_pictures and _fetched_elsewhere(tag, attr, value) else value

    return nh3.clean(
        html, tags=_PAGE_TAGS, attributes=_PAGE_ATTRS, url_schemes=_SCHEMES, link_rel=None, attribute_filter=own_ids
    )


def snippet_html(html: str) -> str:
    """Text from a data or content file shown inside a page of Backbone's: as page_html, no ids."""
    return nh3.clean(
        html,
        tags=_TEXT,
        attributes=_ATTRS | {t: _ATTRS.get(t, set()) | {"class"} for t in _TEXT},
        url_schemes=_SCHEMES,
        link_rel=None,
        attribute_filter=lambda tag, attr, value: None if _fetched_elsewhere(tag, attr, value) else value,
    )


def ids_in(html: str) -> set[str]:
    """The ids of Backbone's own HTML (rendered from its templates, so quoted with ")."""
    return set(re.findall(r'\bid="([^"]+)"', html))


def portable_html(html: str, base_url: str, remote_pictures: bool = False) -> str:
    """For feeds and e-mail: the allow-list above without classes, every URL absolute, no
    picture from another site unless ``remote_pictures``."""

    def absolute(tag: str, attr: str, value: str) -> str | None:
        if not remote_pictures and _fetched_elsewhere(tag, attr, value):
            return None
        if attr in ("href", "src"):
            return urljoin(base_url, value)
        return value

    clean = nh3.clean(
        _portable_charts(html),
        tags=_TEXT,
        attributes=_ATTRS,
        url_schemes=_SCHEMES,
        link_rel=None,
        attribute_filter=absolute,
    )
    # Mail clients do not show SVG: keep the words of such an image, not the image.
    return re.sub(r'<img\b[^>]*?src="[^"]*\.svg(?:[?#][^"]*)?"[^>]*?>', _alt_text, clean)


_CHART = '//figure[contains(concat(" ", normalize-space(@class), " "), " bb-chart--embed ")]'


def _portable_charts(html: str) -> str:
    """Each embedded chart once, as mail clients and feed readers show it: its slide PNG
    (named by the chart's title), its sentence, then its link; then its table of numbers.

    On the page the SVG's alt and the caption both hold the sentence, and the table sits in
    a <details>: outside a browser that read the sentence twice and left the summary as a
    stray line."""
    if "bb-chart--embed" not in html:
        return html
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    for figure in root.xpath(_CHART):
        img = figure.find(".//img")
        if img is not None and img.get("data-png"):
            img.set("src", img.get("data-png"))
            img.set("alt", f"Chart: {img.get('data-title') or 'the figures below'}")
        elif img is not None:
            img.drop_tree()  # the caption says what it showed
        link = figure.find(".//figcaption/a")
        if link is not None:  # the link on a line of its own, after the sentence
            link.addprevious(lxml_html.Element("br"))
        numbers = figure.getnext()
        if numbers is not None and numbers.tag == "details" and (table := numbers.find(".//table")) is not None:
            table.tail = numbers.tail
            numbers.getparent().replace(numbers, table)
    return lxml_html.tostring(root, encoding="unicode").removeprefix("<div>").removesuffix("</div>")


def _alt_text(match: re.Match) -> str:
    alt = re.search(r'alt="([^"]*)"', match.group(0))
    return f"<em>{alt.group(1)}</em>" if alt and alt.group(1) else ""
