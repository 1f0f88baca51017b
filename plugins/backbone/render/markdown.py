"""Markdown rendered by the core, once, with the site's own Markdown configuration.

Stories' and reviews' bodies are rendered here rather than by the engine, so that their page,
their feed entries, their e-mail and the search index read one HTML made before any page is
rendered (nothing is gathered as a side effect of rendering). The configuration is plain data
the adapter hands over (MkDocs' ``markdown_extensions`` and ``mdx_configs``: the defaults toc,
tables and fenced_code with the site's own), so a body renders as the engine would render it.

Relative links and pictures are resolved here as MkDocs resolves them (a link to a source file
becomes a link to its page or copy, relative to the page), against a plain map of the site's
files, generated pages included; a link to a generated page works in both forms authors write
('../partners/<id>.md' and '../partners/<id>/index.md'). A link to nothing is a located
problem, so that `backbone check` finds it with the build's own words.
"""

from __future__ import annotations

import copy
import hashlib
import json
import posixpath
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from urllib.parse import unquote, urlsplit

import markdown
from markdown.extensions.toc import remove_fnrefs, render_inner_html
from markdown.treeprocessors import Treeprocessor

from .. import kept
from ..problems import Problem
from .urls import relative

AMP_SUBSTITUTE = "\u0002amp\u0003"  # Python-Markdown's stand-in for '&' inside e-mail addresses


@dataclass(frozen=True)
class MarkdownSetup:
    """The site's Markdown configuration, as plain data (one per build)."""

    extensions: tuple = ("toc", "tables", "fenced_code")  # names, as MkDocs' config lists them
    configs: Mapping = field(default_factory=lambda: MappingProxyType({}))

    def digest(self) -> str:
        names = [e if isinstance(e, str) else f"{type(e).__module__}.{type(e).__qualname__}" for e in self.extensions]
        text = json.dumps([names, {k: self.configs[k] for k in sorted(self.configs)}], default=repr, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class SiteFiles:
    """Where each file of the site is published: source path → site URL ('partners/x/',
    'stories/images/a.jpg'), generated pages included; and whether URLs are folders."""

    urls: Mapping[str, str]
    directory_urls: bool = True

    @cached_property
    def digest(self) -> str:
        """Of every address: a body's links are resolved against all of them."""
        text = json.dumps([self.directory_urls, sorted(self.urls.items())])
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class BrokenLink:
    """A relative link or picture in a body that points at no file of the site."""

    target: str  # as written
    resolved: str  # the docs path it was read as
    picture: bool = False  # an <img>'s src, not a link


@dataclass(frozen=True)
class Rendered:
    """One body, rendered: its HTML, the toc tokens the engine's table of contents is made
    from, the title of its first heading (None without an <h1> first), its broken links."""

    html: str
    toc: tuple = ()
    title: str | None = None
    broken: tuple[BrokenLink, ...] = ()


def _tuples(data):
    return tuple(_tuples(v) for v in data) if isinstance(data, list) else data


# A rendered body in the disk store of one-off builds (kept.store): JSON, its tuples back as tuples.
RENDERED = kept.Codec(
    lambda r: [r.html, r.toc, r.title, [[b.target, b.resolved, b.picture] for b in r.broken]],
    lambda d: Rendered(d[0], _tuples(d[1]), d[2], tuple(BrokenLink(*b) for b in d[3])),
)


def _target_uri(src_uri: str, path: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path).lstrip("/"))


def _alternates(target: str) -> list[str]:
    """The other form of a page's path: 'partners/x.md' ↔ 'partners/x/index.md'."""
    if not target.endswith(".md"):
        return []
    stem = target[: -len(".md")]
    if posixpath.basename(stem) == "index":
        parent = posixpath.dirname(stem)
        return [f"{parent}.md"] if parent else []
    return [f"{stem}/index.md"]


def resolve(
    url: str, src_uri: str, page_url: str, files: SiteFiles, picture: bool = False
) -> tuple[str, BrokenLink | None]:
    """A link as the page at ``page_url`` (made from ``src_uri``) should write it, and the
    broken link it is when it points at nothing. Links to other sites, absolute links,
    links within the page and links without a file extension are left as written (as MkDocs
    leaves them)."""
    scheme, netloc, path, query, anchor = urlsplit(url)
    if scheme or netloc or url.startswith(("/", "\\")) or AMP_SUBSTITUTE in url or not path:
        return url, None
    path = unquote(path)
    target = _target_uri(src_uri, path)
    if posixpath.normpath(path) == ".":
        target = src_uri
    found = files.urls.get(target)
    if found is None:
        found = next((files.urls[a] for a in _alternates(target) if a in files.urls), None)
    if found is None:
        if not posixpath.splitext(path)[-1]:
            return url, None  # 'unrecognized' to MkDocs: a folder, a route; left as is
        return url, BrokenLink(url, target, picture)
    link = relative(_clean(page_url), _clean(found))
    if query:
        link += f"?{query}"
    if anchor:
        link += f"#{anchor}"
    return link, None


def _clean(url: str) -> str:
    """A site path as relative() reads it: MkDocs writes the home page's URL './'."""
    return "" if url in ("./", ".") else url


class _Links(Treeprocessor):
    def __init__(self, md, src_uri: str, page_url: str, files: SiteFiles):
        super().__init__(md)
        self.src_uri, self.page_url, self.files = src_uri, page_url, files
        self.broken: list[BrokenLink] = []

    def run(self, root):
        for element in root.iter():
            key = "href" if element.tag == "a" else "src" if element.tag == "img" else None
            if key is None or element.get(key) is None:
                continue
            link, broken = resolve(element.get(key), self.src_uri, self.page_url, self.files, key == "src")
            element.set(key, link)
            if broken is not None:
                self.broken.append(broken)
        return root


class _Title(Treeprocessor):
    title: str | None = None

    def run(self, root):
        for element in root:
            if element.tag == "h1":
                self.title = heading_text(element, self.md)
            break
        return root


def heading_text(element, md: markdown.Markdown) -> str:
    """A heading's text as MkDocs takes a page's title from it (mkdocs.utils.rendering):
    without its permalink or footnote marks, a picture by its alt text, tags stripped."""
    element = copy.deepcopy(element)
    if len(element) and element[-1].tag == "a" and element[-1].get("class") == "headerlink":
        del element[-1]
    element = remove_fnrefs(element)
    for parent in element.findall(".//img[@alt]/.."):
        carry = ""
        for child in reversed(parent):
            if child.tag == "img" and child.get("alt"):
                carry = child.get("alt") + (child.tail or "") + carry
                parent.remove(child)
            elif carry:
                child.tail, carry = (child.tail or "") + carry, ""
        if carry:
            parent.text = (parent.text or "") + carry
    return _strip_tags(render_inner_html(element, md))


def _strip_tags(text: str) -> str:
    while (start := text.find("<!--")) != -1 and (end := text.find("-->", start)) != -1:
        text = text[:start] + text[end + 3 :]
    while (start := text.find("<")) != -1 and (end := text.find(">", start)) != -1:
        text = text[:start] + text[end + 1 :]
    return " ".join(text.split())


_local = threading.local()


def _converter(setup: MarkdownSetup) -> markdown.Markdown:
    """One Markdown instance per configuration and thread, reset between bodies."""
    cache = getattr(_local, "converters", None)
    if cache is None:
        cache = _local.converters = {}
    key = setup.digest()
    md = cache.get(key)
    if md is None:
        md = cache[key] = markdown.Markdown(extensions=list(setup.extensions), extension_configs=dict(setup.configs))
    return md


# The bodies rendered for the last set of the site's addresses, by the digest of all they are
# made of: a rebuild of `mkdocs serve` that adds or removes no file renders only what changed.
# One generation is kept (a new set of addresses starts a new one): nothing is kept stale. A
# one-off build keeps none (``kept.keeping``): each body is rendered once, and its HTML is
# the model's to hold, not this module's until the process ends.
_rendered: dict[str, Rendered] = {}
_generation: list[str] = [""]
_lock = threading.Lock()


def render(text: str, src_uri: str, page_url: str, setup: MarkdownSetup, files: SiteFiles) -> Rendered:
    """``text`` (Markdown, figures already written in) as the page at ``page_url`` shows it;
    the same inputs (text, page, Markdown configuration, the site's addresses) give the one
    result made before."""
    key = hashlib.sha256("\0".join((setup.digest(), files.digest, src_uri, page_url, text)).encode()).hexdigest()
    with _lock:
        if _generation[0] != files.digest:
            _rendered.clear()
            _generation[0] = files.digest
        found = _rendered.get(key)
    if found is None:
        found = kept.on_disk("body", key, lambda: _render(text, src_uri, page_url, setup, files), RENDERED)
        if kept.keeping():
            with _lock:
                _rendered[key] = found
    return found


def _render(text: str, src_uri: str, page_url: str, setup: MarkdownSetup, files: SiteFiles) -> Rendered:
    md = _converter(setup)
    md.reset()
    links = _Links(md, src_uri, page_url, files)
    title = _Title(md)
    md.treeprocessors.register(links, "backbone_links", 0)  # where MkDocs resolves its own
    md.treeprocessors.register(title, "backbone_title", 1)
    try:
        html = md.convert(text)
    finally:
        md.treeprocessors.deregister("backbone_links")
        md.treeprocessors.deregister("backbone_title")
    toc = _frozen(getattr(md, "toc_tokens", []))
    return Rendered(html, toc, title.title, tuple(links.broken))


def _frozen(tokens) -> tuple:
    """The toc tokens as nested tuples of (key, value) pairs: kept in a frozen model."""
    return tuple(tuple((k, _frozen(v) if k == "children" else v) for k, v in sorted(token.items())) for token in tokens)


def toc_tokens(frozen: tuple) -> list[dict]:
    """The toc tokens back as the dicts an engine's table of contents is made from."""
    return [{k: toc_tokens(v) if k == "children" else v for k, v in token} for token in frozen]


def link_problems(rendered: Rendered, file: str, body: str, body_line: int) -> list[str]:
    """Each broken link of a rendered body, located on the first line of ``body`` (which
    starts on ``body_line`` of ``file``) that writes it: warnings, as MkDocs' own are (a
    --strict build and `backbone check` fail on them; a preview shows the page)."""
    lines = body.split("\n")
    problems = []
    for link in rendered.broken:
        line = next((body_line + i for i, text in enumerate(lines) if link.target in text), body_line)
        problems.append(str(Problem(file, line, "picture" if link.picture else "link", _broken(link))))
    return problems


def _broken(link: BrokenLink) -> str:
    if link.picture:
        return (
            f"the picture '{link.target}' is not in the docs folder (read from this file's folder as "
            f"{link.resolved}); put the picture there or correct its path"
        )
    return (
        f"the link '{link.target}' leads to no page or file of the site (read from this file's folder as "
        f"{link.resolved}); write the path from this file to a page, e.g. '../partners/<id>.md' "
        "(docs/stories.md lists how to link to each page Backbone makes)"
    )
