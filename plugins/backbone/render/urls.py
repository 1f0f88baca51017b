"""Site URLs computed the way MkDocs does, so generated HTML can link relatively."""

from __future__ import annotations

import posixpath


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """'partners/city-hall.md' → 'partners/city-hall/' (or '.html'); '' for the home page."""
    stem, _ = posixpath.splitext(src_uri)
    name = posixpath.basename(stem)
    parent = posixpath.dirname(stem)
    if name in ("index", "README"):
        return f"{parent}/" if parent else ""
    if not directory_urls:
        return f"{stem}.html"
    return f"{stem}/"


def relative(from_url: str, to: str) -> str:
    """A relative href from the page at ``from_url`` to the site path ``to``."""
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    target_dir_slash = to.endswith("/") or to == ""
    rel = posixpath.relpath("/" + to, "/" + base)
    if target_dir_slash and rel != ".":
        rel += "/"
    return "./" if rel == "." else rel


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
