"""Site URLs computed the way MkDocs does, so generated HTML can link relatively."""

from __future__ import annotations

import posixpath
import re

# Read as browsers read an address: tabs and line breaks inside it are dropped, so are
# spaces and control characters around it, and '\\' counts as '/'.
_IGNORED = re.compile(r"[\t\n\r]")
_REMOTE = re.compile(r"^(?:(?:https?|ftps?|wss?):|[/\\]{2})", re.I)


def is_remote(target: str) -> bool:
    """An address on another site: 'https://…', '//host/…' (entities already decoded)."""
    return bool(_REMOTE.match(_IGNORED.sub("", target).strip("\x00- ")))


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """'partners/city-hall.md' → 'partners/city-hall/' ('partners/city-hall.html' without
    directory URLs); '' for the home page ('index.html')."""
    stem, _ = posixpath.splitext(src_uri)
    name = posixpath.basename(stem)
    parent = posixpath.dirname(stem)
    if name in ("index", "README"):
        if not directory_urls:  # MkDocs links the file itself: a folder opens nothing from disk
            return posixpath.join(parent, "index.html")
        return f"{parent}/" if parent else ""
    if not directory_urls:
        return f"{stem}.html"
    return f"{stem}/"


def relative(from_url: str, to: str) -> str:
    """A relative href from the page at ``from_url`` to the site path ``to``.

    Both are clean site paths ('a/b/', 'a/x.png', '' for the root), so the common
    leading folders are counted directly: posixpath.relpath normalises both through
    abspath, and it is called for every link of every page.
    """
    here = from_url.split("/")[:-1]  # folders of the page: 'a/b/' and 'a/b/c.html' → ['a', 'b']
    there = to.split("/")  # folders of the target, then its file name ('' for a folder)
    common = 0
    for mine, theirs in zip(here, there[:-1]):
        if mine != theirs:
            break
        common += 1
    return "../" * (len(here) - common) + "/".join(there[common:]) or "./"


class Linker:
    """Relative links for one page."""

    def __init__(self, src_uri: str, directory_urls: bool = True):
        self.directory_urls = directory_urls
        self.url = page_url(src_uri, directory_urls)

    def page(self, src_uri: str) -> str:
        return relative(self.url, page_url(src_uri, self.directory_urls))

    def file(self, path: str) -> str:
        return relative(self.url, path)

    __call__ = page
