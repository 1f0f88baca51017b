"""What is published from the docs folder: only what a page uses, of kinds safe to serve.

MkDocs publishes every file of the docs folder byte for byte, and a file there replaces the
theme's own file of the same name. Everything in content/ is untrusted (see trust.py), so:

- pictures (cleaned SVGs among them), PDF and CSV documents and fonts are published when a
  page shows or links to them (or a trusted stylesheet uses them); the rest are left out;
- a web page, script or stylesheet (.html, .js, .css…) runs with the site's rights in every
  reader's browser: one that is not trusted is a problem, wherever it is;
- any other kind is published only when trusted; a page linking to one is a problem;
- no file of the docs folder may take the address of one of the theme's own files;
- a trusted file is published whether or not a page uses it (CNAME, robots.txt).

The pages' Markdown is read in the checking phase (so `backbone check` says it all, with
lines); what the rendered pages use is read once every page is rendered.
"""

from __future__ import annotations

import posixpath
import re
from typing import Callable, Collection, Iterable
from urllib.parse import unquote, urljoin, urlsplit

from . import images
from .frontmatter import block
from .problems import Problem
from .references import REMOTE_WHY, Reference, local_path, references
from .render.urls import is_remote

PICTURES = images.SUFFIXES | {".svg"}
DOCUMENTS = {".pdf", ".csv"}
FONTS = {".woff", ".woff2", ".ttf", ".otf"}
PUBLISHED = PICTURES | DOCUMENTS | FONTS
# Read by a browser as a document, a script or a style of the site's own origin.
ACTIVE = {".html", ".htm", ".xhtml", ".xht", ".shtml", ".xml", ".xsl", ".xslt", ".js", ".mjs", ".cjs", ".css"}
ACTIVE |= {".wasm", ".swf"}

TRUST_FIX = "name the file under 'trusted:' in site_config.yml if only your backbone team can change it"
ACTIVE_WHY = (
    "a web page, script or stylesheet in content/ would run with the site's own rights in every reader's browser, "
    f"so Backbone publishes one only when site_config.yml trusts it; write the page in Markdown instead, or {TRUST_FIX}"
)
REMOTE_FIX = "download the picture into the site's folders and link it by name"
# What a trusted page may still not show from another site: the pictures (tracking pixels).
PICTURE_TAGS = {"", "img", "image", "source", "input", "picture"}
PICTURE_ATTRS = {"srcset", "poster", "background", "lowsrc", "dynsrc"}


def suffix(path: str) -> str:
    return posixpath.splitext(path)[1].lower()


def is_hidden(src_uri: str) -> bool:
    """A dotfile, or a file in a dot-folder (.env, .git/): never published."""
    return any(part.startswith(".") for part in src_uri.split("/"))


def file_problem(src_uri: str, trusted: bool) -> str | None:
    """Why the file ``src_uri`` of the docs folder may not be published at all, or None."""
    if suffix(src_uri) in ACTIVE and not trusted:
        return ACTIVE_WHY
    return None


def theme_problem(src_uri: str) -> str:
    return (
        f"this file has the address of one of the theme's own files ({src_uri}) and would replace it on every "
        "page; rename it or move it to another folder"
    )


def body_lines(text: str) -> tuple[str, int]:
    """The Markdown body of a page's source and the number of lines above it."""
    found = block(text)
    return (found.body, found.above) if found else (text, 0)


def remote_pictures(body: str, pictures_only: bool) -> list[Reference]:
    """Pictures (and, unless ``pictures_only``, anything else fetched) from another site."""
    return [
        ref
        for ref in references(body)
        if ref.picture
        and is_remote(ref.target)
        and (not pictures_only or ref.tag in PICTURE_TAGS or ref.attr in PICTURE_ATTRS)
    ]


def page_problems(
    rel: str,
    src_uri: str,
    body: str,
    offset: int,
    *,
    trusted: Callable[[str], bool],
    in_docs: Callable[[str], bool],
    feature_checks_pictures: bool,
) -> list[Problem]:
    """Problems of what the page ``src_uri`` (shown to the author as ``rel``) points at: a picture
    on another site (a tracker, trusted page or not), a file of a kind the site does not publish."""
    problems = []
    if not feature_checks_pictures:  # stories and reviews say it themselves
        for ref in remote_pictures(body, pictures_only=trusted(src_uri)):
            problems.append(
                Problem(
                    rel,
                    ref.line + offset,
                    "",
                    f"the picture '{ref.target}' is on another site: {REMOTE_WHY}; {REMOTE_FIX}",
                )
            )
    seen = set()
    for ref in references(body):
        path = local_path(ref.target, src_uri)
        if path is None or path in seen or not in_docs(path) or trusted(path):
            continue
        seen.add(path)
        kind = suffix(path)
        if kind in PUBLISHED or kind in ACTIVE or kind in (".md", ".markdown"):
            continue  # published; an active file is a problem of its own
        what = f"({kind})" if kind else "(a file without a suffix)"
        problems.append(
            Problem(
                rel,
                ref.line + offset,
                "",
                f"'{ref.target}' is a kind of file the site does not publish {what}; publish documents as PDF and "
                f"tables as CSV, or {TRUST_FIX}",
            )
        )
    return problems


# Every attribute value, and every url() of CSS: what names a file is told by its name below.
_VALUE = re.compile(r"""=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>=]+))""")
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)""", re.I)


def used_paths(html: str, page_url: str, names: Collection[str], site_path: str = "/") -> set[str]:
    """The site paths (unquoted, from the site's root, no leading '/') that rendered HTML or
    CSS at ``page_url`` shows or links to, among files whose last name is in ``names``.

    Every attribute value is looked at (a srcset's too, by its commas), and only one that
    ends with such a name is resolved: a page of 1,000 links costs a scan, not 1,000 joins.
    Reading a name in an alt text as a use only keeps a file that could have been left out:
    this decides what is left out, never what is allowed."""
    found = set()
    base = urljoin("https://site.invalid" + site_path, page_url)
    values = [m for match in _VALUE.finditer(html) for m in match.groups() if m]
    if "url(" in html or "URL(" in html:
        values += [m for match in _CSS_URL.finditer(html) for m in match.groups() if m]
    for value in values:
        for part in value.split(","):
            words = part.split()
            if not words:
                continue
            target = words[0].replace("&amp;", "&")
            name = unquote(target.partition("#")[0].partition("?")[0].rsplit("/", 1)[-1])
            if name not in names or is_remote(target):
                continue
            path = unquote(urlsplit(urljoin(base, target)).path)
            if path.startswith(site_path):
                found.add(path[len(site_path) :])
    return found


def left_out(content: Iterable[tuple[str, str]], used: Collection[str], trusted: Callable[[str], bool]) -> list[str]:
    """The src_uris of ``content`` (src_uri, published path) that no page uses and that are not trusted."""
    return sorted(src for src, dest in content if dest not in used and not trusted(src))
