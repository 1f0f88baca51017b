"""What a Markdown text points at: pictures and links in its Markdown and raw HTML, by line
(stories, reviews, metrics' notes, and every page of content/ through ``publish``).

Read from the Markdown, so that a problem is reported at its line when the stories are
loaded (and by ``backbone check``, which renders nothing); ``fetched`` reads rendered HTML
too, to catch a remote picture whatever Markdown extension wrote it.
"""

from __future__ import annotations

import html as entities
import posixpath
import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from . import fences
from .render.urls import is_remote

_CODE_SPAN = re.compile(r"(`+).*?\1")
# ![alt](target "title") and [text](target): the target up to a space or ')'.
# No '[' inside the inner brackets: a line of 40,000 '[' is then read in linear time, not quadratic.
_INLINE = re.compile(r"(!?)\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]\(\s*(?:<([^>\n]*)>|([^)\s]+))")
# ![alt][label], ![label][] and ![label]: a picture whose address is defined elsewhere.
_PICTURE_BY_LABEL = re.compile(r"!\[([^\[\]\n]*)\](?:\[([^\[\]\n]*)\])?")
_DEFINITION = re.compile(r"^ {0,3}\[([^\]\n]+)\]:\s*<?([^\s>]+)>?")
# A start tag, its quoted values read whole (a '>' or '<' may sit inside one); an unquoted '<'
# ends it, so that '<a <a <a …' is read in linear time.
_TAG = re.compile(
    r"""<([a-zA-Z][\w:-]*)((?:\s+[^\s"'<>=/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]+))?|\s*/)*)\s*>""", re.S
)
_ATTR = re.compile(r"""([^\s"'>/=]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
# Attributes whose address a browser or mail client fetches by itself when it shows the page.
FETCHED = {"src", "srcset", "poster", "data", "background", "lowsrc", "dynsrc"}


@dataclass(frozen=True)
class Reference:
    line: int  # 1-based, in the text given
    target: str
    picture: bool  # fetched to show the text (an image), rather than followed (a link)
    tag: str = field(default="", compare=False)  # the HTML element that names it ('img', 'script'), '' in Markdown
    attr: str = field(default="", compare=False)  # its attribute ('src', 'srcset', 'href')


def _label(text: str) -> str:
    return " ".join(text.lower().split())


def _without_code(text: str) -> list[str]:
    """The lines of ``text`` with code blocks and spans blanked: an example is not a reference."""
    lines = text.split("\n")
    return [
        "" if code else _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
        for line, code in zip(lines, fences.in_code(lines))
    ]


def _html(line: str, number: int) -> list[Reference]:
    found = []
    for tag in _TAG.finditer(line):
        element = tag.group(1).lower()
        for attr in _ATTR.finditer(tag.group(2) or ""):
            name = attr.group(1).lower()
            value = entities.unescape(next(v for v in attr.group(2, 3, 4) if v is not None))
            if name == "srcset":
                found += [
                    Reference(number, part.split()[0], True, element, name) for part in value.split(",") if part.split()
                ]
            elif name in FETCHED or name == "href":
                fetched = name in FETCHED or element in ("image", "link", "use")
                found.append(Reference(number, value.strip(), fetched, element, name))
    return found


def references(text: str) -> list[Reference]:
    """Every address a Markdown text points at, with its line and whether it is shown as a picture."""
    return list(_references(text))


# A story's body is scanned by several checks, on every build of `mkdocs serve`: each text once.
@lru_cache(maxsize=2048)
def _references(text: str) -> tuple[Reference, ...]:
    lines = _without_code(text)
    definitions = {}
    for number, line in enumerate(lines, 1):
        if match := _DEFINITION.match(line):
            definitions.setdefault(_label(match.group(1)), (number, match.group(2)))
    pictured = set()
    found = []
    for number, line in enumerate(lines, 1):
        for match in _INLINE.finditer(line):
            target = entities.unescape(match.group(2) or match.group(3) or "").strip()
            found.append(Reference(number, target, match.group(1) == "!"))
        for match in _PICTURE_BY_LABEL.finditer(_INLINE.sub("", line)):
            pictured.add(_label(match.group(2) or match.group(1)))
        found += _html(line, number)
    for label, (number, target) in definitions.items():
        found.append(Reference(number, entities.unescape(target), label in pictured))
    return tuple(sorted(found, key=lambda r: (r.line, r.target)))


def fetched(html: str) -> list[str]:
    """The addresses rendered HTML makes a reader fetch (pictures, media), in order."""
    return [ref.target for ref in _html(html, 0) if ref.picture]


def local_path(target: str, page_uri: str) -> str | None:
    """The docs-relative path a relative address of the page ``page_uri`` names, or None
    (remote, absolute, or only a fragment)."""
    if is_remote(target) or target.startswith(("/", "#")):
        return None
    path = unquote(urlsplit(target).path)
    if not path:
        return None
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page_uri), path))
    return None if resolved.startswith("..") else resolved


def remote_pictures(text: str) -> list[tuple[int, str]]:
    """(line in ``text``, address) of each picture the Markdown ``text`` shows from another site."""
    return [(ref.line, ref.target) for ref in references(text) if ref.picture and is_remote(ref.target)]


REMOTE_FIX = "download the picture into the site's folders and link it by name"
REMOTE_WHY = (
    "every reader's browser, mail client and feed reader would fetch it from there, telling that site who reads"
)
