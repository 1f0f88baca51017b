"""Each picture of a page offered at the widths it is published in (``backbone.renditions``).

An ``<img>`` whose address is a picture of the site becomes

    <picture><source type="image/webp" srcset="…-480.webp 480w, …" sizes="…">
    <img src="…" srcset="…-480.jpg 480w, …" sizes="…" width="1680" height="1120" alt="…"></picture>

so a browser fetches the narrowest file that is sharp at the picture's width on its screen,
in WebP if it reads WebP, and reserves the picture's place before it arrives (``width`` and
``height``: nothing moves while it loads). The page's HTML is otherwise left byte for byte:
only the ``<img>`` tags themselves are found (by Python's HTML tokenizer, so text, comments,
code and scripts that merely hold ``<img`` are not) and replaced, their other attributes kept.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Mapping
from html import escape, unescape
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from ..renditions import COLUMN, Picture
from .urls import is_remote, relative

REPLACED = {"src", "srcset", "sizes", "width", "height"}


def sizes(width: int) -> str:
    """How wide the picture is drawn: the window's width on a narrow screen, then its own width
    or the column's, whichever is narrower (an overestimate by the page's margins at most)."""
    widest = min(width, COLUMN)
    return f"(max-width: {widest}px) 100vw, {widest}px"


def responsive(html: str, page_url: str, pictures: Mapping[str, Picture]) -> str:
    """``html`` of the page at ``page_url`` with each of its ``pictures`` (by site path) offered
    at every published width."""
    if not pictures or not any(_picture_of(src, page_url, pictures) for src in _sources(html)):
        return html  # most pages show no picture of the site: their HTML is not tokenized
    found = _ImgTags()
    found.feed(html)
    found.close()
    if not found.tags:
        return html
    starts = _line_starts(html)
    out, done = [], 0
    for (line, column), text, attrs in found.tags:
        picture = _picture_of(dict(attrs).get("src"), page_url, pictures)
        if picture is None or "srcset" in dict(attrs):  # an author's own srcset is left as written
            continue
        start = starts[line - 1] + column
        out += [html[done:start], markup(picture, attrs, page_url)]
        done = start + len(text)
    return "".join(out + [html[done:]]) if out else html


def markup(picture: Picture, attrs: list[tuple[str, str | None]], page_url: str) -> str:
    """The ``<picture>`` (or, for a picture with one format, the ``<img>``) for ``picture``."""

    def srcset(copies) -> str:
        return ", ".join(f"{relative(page_url, copy.path)} {copy.width}w" for copy in copies)

    fit = sizes(picture.width)
    kept = "".join(_attr(name, value) for name, value in attrs if name not in REPLACED)
    img = (
        f'<img src="{escape(relative(page_url, picture.src))}"'
        + (f' srcset="{escape(srcset(picture.own))}" sizes="{fit}"' if len(picture.own) > 1 else "")
        + f' width="{picture.width}" height="{picture.height}"{kept}>'
    )
    if not picture.webp:
        return img
    return f'<picture><source type="image/webp" srcset="{escape(srcset(picture.webp))}" sizes="{fit}">{img}</picture>'


def _attr(name: str, value: str | None) -> str:
    return f" {name}" if value is None else f' {name}="{escape(value)}"'


def _picture_of(src: str | None, page_url: str, pictures: Mapping[str, Picture]) -> Picture | None:
    """The picture a page's ``src`` shows, if it is one of ``pictures``."""
    if not src or is_remote(src) or src.startswith(("/", "#", "data:")):
        return None
    path = unquote(urlsplit(src).path)
    return pictures.get(posixpath.normpath(posixpath.join(posixpath.dirname(page_url), path))) if path else None


# An <img> tag, its quoted values read whole, and the address of its src: a quick look at
# whether a page may show a picture of the site. Only the tokenizer decides what a tag is (a
# '<img' inside a comment, a script or an attribute's value is none).
_IMG = re.compile(r"""<img\b(?:[^>"']|"[^"]*"|'[^']*')*>""", re.I)
_SRC = re.compile(r"""\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)


def _sources(html: str) -> Iterator[str]:
    for tag in _IMG.finditer(html):
        if src := _SRC.search(tag.group(0)):
            yield unescape(next(value for value in src.groups() if value is not None))


def _line_starts(text: str) -> list[int]:
    """Where each line of ``text`` starts, as HTMLParser counts lines (at '\\n' only)."""
    starts, at = [0], text.find("\n")
    while at != -1:
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return starts


class _ImgTags(HTMLParser):
    """Every ``<img>`` start tag outside a ``<picture>``: (position, its exact text, its attributes)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[tuple[int, int], str, list]] = []
        self._in_picture = 0  # an author's own <picture> keeps its <img> as written

    def handle_starttag(self, tag, attrs):
        if tag == "img" and not self._in_picture:
            self.tags.append((self.getpos(), self.get_starttag_text(), attrs))
        elif tag == "picture":
            self._in_picture += 1

    def handle_startendtag(self, tag, attrs):
        if tag == "img" and not self._in_picture:
            self.tags.append((self.getpos(), self.get_starttag_text(), attrs))

    def handle_endtag(self, tag):
        if tag == "picture" and self._in_picture:
            self._in_picture -= 1
