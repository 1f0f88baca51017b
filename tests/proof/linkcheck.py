"""An offline link checker for a built static site.

Every .html file is parsed with lxml; each href, src, srcset, poster and data (and
<link> of any rel: stylesheets, icons, feeds, canonical) is resolved against the page.
Links to this site (relative, root-relative, or absolute under ``site_url``) must name a
file that exists in the build (a folder means its index.html) and, with a #fragment, an
element with that id (or a named anchor) in the target page. Other schemes and hosts are
outside the site and are not fetched: a build and its check need no network.

Why not a PyPI checker: linkchecker and similar fetch over HTTP and need a server;
this walks the files directly, understands site_url, and is small enough to read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
from lxml import etree

ATTRIBUTES = ("href", "src", "poster", "data")
SKIP_SCHEMES = {"mailto", "tel", "data", "javascript", "sms", "geo"}


@dataclass(frozen=True, order=True)
class Broken:
    page: str  # site-relative file of the page holding the link
    link: str  # the link as written
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.link} → {self.reason}"


def links_of(doc) -> list[str]:
    """Every URL a page refers to, in document order."""
    found: list[str] = []
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue  # comments, processing instructions
        for attr in ATTRIBUTES:
            value = element.get(attr)
            if value is not None and not (element.tag == "a" and attr == "data"):
                found.append(value.strip())
        srcset = element.get("srcset")
        if srcset:
            found.extend(part.strip().split()[0] for part in srcset.split(",") if part.strip())
    return found


class SiteChecker:
    def __init__(self, site: Path, site_url: str):
        self.site = Path(site).resolve()
        base = urlsplit(site_url if site_url.endswith("/") else site_url + "/")
        self.host = base.netloc
        self.base_path = base.path  # "/" or "/project/"

    def check(self) -> list[Broken]:
        broken: list[Broken] = []
        for page in sorted(self.site.rglob("*.html")):
            broken.extend(self.check_page(page))
        for xml in sorted(self.site.rglob("*.xml")):
            broken.extend(self.check_urls(xml, xml_links(xml)))
        for index in sorted(self.site.rglob("search_index.json")):
            # Search results link to these locations, relative to the site root.
            locations = [self.base_path + doc["location"] for doc in json.loads(index.read_text("utf-8"))["docs"]]
            broken.extend(self.check_urls(index, locations))
        return sorted(set(broken))

    def check_urls(self, file: Path, urls: list[str]) -> list[Broken]:
        rel = file.relative_to(self.site).as_posix()
        page_url = self.base_path + rel
        return [Broken(rel, url, reason) for url in urls if (reason := self.problem(page_url, url))]

    def check_page(self, page: Path) -> list[Broken]:
        return self.check_urls(page, links_of(_parse(page)))

    def problem(self, page_url: str, link: str) -> str | None:
        if not link:
            return "empty link"
        parts = urlsplit(link)
        if parts.scheme in SKIP_SCHEMES:
            return None
        if parts.scheme in ("http", "https") or link.startswith("//"):
            if parts.netloc != self.host:
                return None  # another site: not fetched (offline check)
            link = (
                parts.path
                + (f"?{parts.query}" if parts.query else "")
                + (f"#{parts.fragment}" if parts.fragment else "")
            )
        elif parts.scheme:
            return f"unknown scheme '{parts.scheme}:'"
        target = urlsplit(urljoin(page_url, link))
        path = unquote(target.path)
        if not path.startswith(self.base_path):
            return f"outside the site (its base path is {self.base_path})"
        site_path = path[len(self.base_path) :]
        file = self.resolve(site_path)
        if file is None:
            return f"no such file in the build ({site_path or '/'})"
        if target.fragment and file.suffix == ".html":
            fragment = unquote(target.fragment)
            if fragment not in ids_of(file):
                return f"no element with id '{fragment}' in {file.relative_to(self.site).as_posix()}"
        return None

    def resolve(self, site_path: str) -> Path | None:
        candidate = (self.site / site_path).resolve()
        try:
            candidate.relative_to(self.site)
        except ValueError:
            return None
        if candidate.is_dir():
            candidate = candidate / "index.html"
            # A folder link must end in '/' or relative links inside it break.
            if not (site_path == "" or site_path.endswith("/")):
                return None
        return candidate if candidate.is_file() else None


@lru_cache(maxsize=4096)
def _parse(page: Path):
    return lxml.html.fromstring(page.read_bytes())


@lru_cache(maxsize=4096)
def ids_of(page: Path) -> frozenset[str]:
    doc = _parse(page)
    ids = {e.get("id") for e in doc.iter() if isinstance(e.tag, str) and e.get("id")}
    ids |= {e.get("name") for e in doc.iter("a") if e.get("name")}
    return frozenset(ids)


def xml_links(file: Path) -> list[str]:
    """URLs in a sitemap (<loc>) or a feed (RSS <link>, Atom <link href>, enclosures)."""
    tree = etree.parse(str(file), etree.XMLParser(resolve_entities=False, no_network=True))
    urls = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        if name in ("loc", "link") and element.text and element.text.strip():
            urls.append(element.text.strip())
        for attr in ("href", "url"):
            if name in ("link", "enclosure", "content") and element.get(attr):
                urls.append(element.get(attr).strip())
    return urls


def check_site(site: Path, site_url: str) -> list[Broken]:
    return SiteChecker(site, site_url).check()
