"""The content feature: what the site trusts, sanitises and publishes of content/.

Everything in content/ is untrusted unless site_config.yml names it under ``trusted:`` (see
backbone.trust): authors' own pages are sanitised like stories, every title is text, only
files of safe kinds that a page uses are published (backbone.publish), and no file is read
or published through a symbolic link, found before MkDocs walks the docs folder.
"""

from __future__ import annotations

import html as htmllib
import os
import posixpath
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files

from .. import inputs, publish
from ..context import BuildContext
from ..frontmatter import block
from ..inputs import Tree, rel_of
from ..problems import DataError, Problem
from ..references import REMOTE_WHY
from ..render import sanitise
from ..render.html import theme_text
from ..render.markdown import Rendered, link_problems, render
from .common import Feature, show_model_page, site_files
from .languages import check_translated_pages

log = get_plugin_logger(__name__)


class ContentFeature(Feature):
    """Links refused, what is published from content/, authors' pages sanitised, titles as text."""

    name = "content"
    without_project = True  # a link or an untrusted script is a problem whatever the data

    def __init__(self, config):
        super().__init__(config)
        self.trees: list[Tree] = []  # the docs and data folders, walked without following links
        self.content: dict[str, str] = {}  # src_uri → dest_uri of each file of the docs folder that is no page
        self.bodies: dict[str, Rendered] = {}  # src_uri → an author's page, rendered once by the core
        self.names: set[str] = set()  # the last names of those files
        self.used: set[str] = set()  # the site paths the pages written in content/ show or link to

    def refuse_links(self, ctx: BuildContext, config: MkDocsConfig) -> None:
        """Every symbolic link in the docs and data folders is a problem, found before MkDocs
        walks the docs folder (its walk follows links: one to '/' would walk the whole disk)."""
        self.trees = walked(ctx)
        links = sorted({link for tree in self.trees for link in tree.links})
        ctx.links = [rel_of(link, ctx.root) for link in links]
        ctx.problems += [
            Problem(
                rel,
                0,
                "",
                f"this {'folder' if os.path.isdir(link) else 'file'} {inputs.link_refusal(link, link, ctx.root)}",
            )
            for rel, link in zip(ctx.links, links)
        ]

    def page_paths(self, ctx: BuildContext) -> list[str]:
        """The Markdown pages of the docs folder, as MkDocs names them, from the walk that found
        no link is followed (neither dotfiles nor what lies behind a link)."""
        docs = os.path.abspath(ctx.docs_dir)
        paths = (Path(os.path.relpath(path, docs)) for tree in self.trees for path in tree.files)
        return sorted(
            path.as_posix()
            for path in paths
            if path.suffix.lower() in (".md", ".markdown")
            and path.parts[0] != ".."
            and not any(part.startswith(".") for part in path.parts)
        )

    def keep_to_what_is_published(self, ctx: BuildContext, files: Files, config: MkDocsConfig) -> None:
        """Of the docs folder's own files: dotfiles and the data folder are never published; a
        file that takes a theme file's address, or an untrusted page, script or stylesheet, is
        a problem; the rest are published if a page uses them (leave_out_unused)."""
        docs = os.path.abspath(config.docs_dir)
        # No link is left below either folder (refuse_links), so paths compare by name.
        data = os.path.relpath(os.path.realpath(ctx.data_dir), os.path.realpath(docs))
        data = None if data == ".." or data.startswith(".." + os.sep) else Path(data).as_posix()
        self.content, self.used = {}, set()
        for file in list(files):
            path = file.abs_src_path
            if file.generated_by or not path or not Path(path).is_relative_to(docs):
                continue
            if publish.is_hidden(file.src_uri) or (data and (data == "." or file.src_uri.startswith(data + "/"))):
                files.remove(file)
                continue
            if file.is_documentation_page():
                continue
            if any(os.path.isfile(os.path.join(folder, file.src_uri)) for folder in config.theme.dirs):
                ctx.problems.append(Problem(rel_of(Path(path), ctx.root), 0, "", publish.theme_problem(file.src_uri)))
            elif why := publish.file_problem(file.src_uri, ctx.trusted(file.src_uri)):
                ctx.problems.append(Problem(rel_of(Path(path), ctx.root), 0, "", why))
            self.content[file.src_uri] = file.dest_uri
        self.names = {posixpath.basename(dest) for dest in self.content.values()}
        unmatched = ctx.trusted.unmatched(f.src_uri for f in files if f.abs_src_path and not f.generated_by)
        ctx.warnings += [
            f"{Path(config.config_file_path or 'site_config.yml').name} (trusted): '{pattern}' names no file of "
            f"{rel_of(Path(docs), ctx.root)}/, so it trusts nothing{near}"
            for pattern, near in unmatched
        ]

    def check(self, ctx: BuildContext, files: Files, config: MkDocsConfig) -> None:
        """What every page of content/ points at: pictures on other sites, kinds not published."""
        for file in files.documentation_pages(inclusion=lambda level: True):
            if file.generated_by or not file.abs_src_path:
                continue
            feature_page = file.src_uri in ctx.feature_pages
            if feature_page and not self.content:
                continue  # its feature checks its pictures; no file of content/ it could link to
            try:
                text = file.content_string
            except (OSError, UnicodeDecodeError):
                continue  # reported by the feature that reads the page, or by MkDocs
            body, offset = publish.body_lines(text)
            ctx.problems += publish.page_problems(
                ctx.rel(Path(file.abs_src_path)),
                file.src_uri,
                body,
                offset,
                trusted=ctx.trusted,
                in_docs=self.content.__contains__,
                feature_checks_pictures=feature_page,
            )
        check_translated_pages(ctx, files)

    def render_pages(self, ctx: BuildContext, files: Files, config: MkDocsConfig) -> None:
        """Every author's own page (the home, about…), rendered once by the core with the site's
        Markdown, its figures written in and its links resolved against every file of the site,
        generated pages included: a broken link or a missing picture is a located problem of the
        files phase, which `backbone check` runs too. MkDocs renders nothing of these pages."""
        site, self.bodies = site_files(files, config), {}
        for file in files.documentation_pages(inclusion=lambda level: True):
            if file.generated_by or not file.abs_src_path or file.src_uri in ctx.feature_pages:
                continue
            try:
                text = file.content_string
            except (OSError, UnicodeDecodeError):
                continue  # reported by the check of every page's front matter
            found = block(text)
            skip, body = (found.above, found.body) if found else (0, text)
            rel, markdown = ctx.rel(Path(file.abs_src_path)), body
            if ctx.figures_in_text is not None:
                markdown, problems = ctx.figures_in_text(file.src_uri, body, rel, skip + 1)
                ctx.problems += problems
            rendered = self.bodies[file.src_uri] = render(markdown, file.src_uri, file.url, ctx.markdown, site)
            if file.inclusion.is_included() or ctx.serving:
                ctx.warnings += link_problems(rendered, rel, body, skip + 1)

    def page_marker(self, ctx: BuildContext, markdown: str, *, page, config: MkDocsConfig, files: Files) -> str:
        """An author's page was rendered by the core (render_pages): MkDocs renders nothing."""
        return "" if page.file.src_uri in self.bodies else markdown

    def show_page(self, ctx: BuildContext, html: str, *, page, config: MkDocsConfig, files: Files) -> str:
        """An author's page, as the model holds it (the core's render, render_pages)."""
        if page.file.src_uri not in self.bodies:
            return html
        return show_model_page(page, ctx.model.pages[page.file.src_uri])

    def sanitise_page(self, ctx: BuildContext, html: str, *, page, config: MkDocsConfig, files: Files) -> str:
        """An author's own page (the home, about…) is sanitised like a story unless the site
        trusts it; stories and reviews are sanitised by their features, Backbone's own pages
        are made of escaped data."""
        file = page.file
        if file.generated_by or not file.abs_src_path or file.src_uri in ctx.feature_pages:
            return html
        if ctx.trusted(file.src_uri):
            _refuse_remote_pictures(ctx, page, html)
            return html
        return sanitise.page_html(html, reserved=THEME_IDS)

    def note_used(self, ctx: BuildContext, html: str, *, page, config: MkDocsConfig, files: Files) -> str:
        """What a page written in content/ shows or links to, once every plugin has made its
        HTML (drafts are rendered in `mkdocs serve` only). Backbone's own pages show what it
        drew (cards, charts), never a file of content/ by itself."""
        if self.content and html and not page.file.generated_by:
            self.used |= publish.used_paths(html, page.file.url, self.names, _site_path(ctx))
        return html

    def leave_out_unused(self, ctx: BuildContext, env, *, config: MkDocsConfig, files: Files):
        """Once every page is rendered (MkDocs copies the files right after this event): the
        files of the docs folder that no page shows or links to are not published."""
        if not self.content:
            return env
        site_path, names, used = _site_path(ctx), self.names, set(self.used)
        for name in [*config.extra_css, *(str(script) for script in config.extra_javascript)]:
            used.add(name)
            file = files.get_file_from_path(name)
            if file is not None and name.endswith(".css") and file.abs_src_path:
                with open(file.abs_src_path, encoding="utf-8", errors="replace") as css:
                    used |= publish.used_paths(css.read(), file.url, names, site_path)
        unused = publish.left_out(self.content.items(), used, ctx.trusted)
        for src_uri in unused:
            if (file := files.get_file_from_path(src_uri)) is not None:
                files.remove(file)
        if unused:
            names = [rel_of(Path(config.docs_dir) / src, ctx.root) for src in unused]
            shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
            log.info(
                f"{len(unused)} file{'s' if len(unused) != 1 else ''} of {rel_of(Path(config.docs_dir), ctx.root)}/ "
                f"that no page uses {'were' if len(unused) != 1 else 'was'} left out of the site: {shown}"
            )
        return env

    def titles_as_text(self, ctx: BuildContext, html: str, *, page, config: MkDocsConfig, files: Files) -> str:
        title_as_text(page)
        return html


def _site_path(ctx: BuildContext) -> str:
    """The site's path below its host, with its last '/' ('/' without a site_url)."""
    path = urlsplit(ctx.settings.site_url or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def title_as_text(page) -> None:
    """The page's title as text escaped once, whatever it came from, before any page is
    written: the navigation of every page prints every title raw, and the theme's <title>
    runs it through striptags, which turns '&lt;' back into '<' (theme/main.html does not).

    A title from the front matter was escaped at page_markdown (Markup). One MkDocs took from
    the first heading is HTML with its tags stripped and its entities kept ('A &amp; B'),
    read as the heading reads; one from the file name or the nav of site_config.yml is text."""
    title = page.title
    if title is None or isinstance(title, Markup):
        return
    from_heading = (
        "title" not in vars(page) and "title" not in page.meta and title == getattr(page, "_title_from_render", None)
    )
    page.title = theme_text(htmllib.unescape(title) if from_heading else str(title))


def nav_as_text(nav):
    """Section and link titles of the navigation as text (a folder's name becomes a section's)."""

    def walk(items):
        for item in items:
            if not item.is_page and item.title is not None and not isinstance(item.title, Markup):
                item.title = theme_text(item.title)
            if item.children:
                walk(item.children)

    walk(nav.items)
    return nav


def walked(ctx: BuildContext) -> list[Tree]:
    """The docs and data folders, walked without following a link (one when either holds the other)."""
    docs, data = ctx.docs_dir, ctx.data_dir
    if Path(os.path.abspath(data)).is_relative_to(os.path.abspath(docs)):
        return [inputs.walk(docs)]
    if Path(os.path.abspath(docs)).is_relative_to(os.path.abspath(data)):
        return [inputs.walk(data)]
    return [inputs.walk(docs), inputs.walk(data)]


# The ids of the theme around an author's page (mkdocs-material's own all start with '__').
THEME_IDS = frozenset({"bb-search-meta"})


def _refuse_remote_pictures(ctx: BuildContext, page, html: str) -> None:
    """A trusted page keeps its HTML, but not a picture from another site that the scan of
    its Markdown could not see (one an extension wrote): located as the scan would have."""
    for ref in publish.remote_pictures(html, pictures_only=True):
        text = page.file.content_string
        line = next((i for i, line in enumerate(text.split("\n"), 1) if ref.target in line), 0)
        raise PluginError(
            DataError(
                [
                    Problem(
                        ctx.rel(Path(page.file.abs_src_path)),
                        line,
                        "",
                        f"the picture '{ref.target}' is on another site: {REMOTE_WHY}; {publish.REMOTE_FIX}",
                    )
                ]
            ).report()
        )
