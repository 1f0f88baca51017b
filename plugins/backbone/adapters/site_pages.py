"""The site-wide page hooks: what every page of the docs folder gets, whatever feature made it.

Files that lead out of the project refused before MkDocs opens them; every page's front
matter, pictures and SVGs checked; page text escaped for the theme (the one boundary);
generated HTML swapped in; the search index given a page's searchable part only; a page's
HTML let go once written; the caches pruned after the build. Split from the identity
feature, which only reads the identity and dresses the theme.
"""

from __future__ import annotations

import copy
import logging
import os
from functools import partial
from pathlib import Path
from types import MethodType

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.meta import get_data

from .. import images, kept, memo, svgsafe
from ..context import BuildContext
from ..frontmatter import block
from ..inputs import rel_of
from ..page_meta import docs_problems, front_matter_problems, page_templates
from ..problems import Problem
from ..render.html import THEME_META, theme_text
from ..render.search import searchable
from ..spool import Spooled
from ..theme_icons import ThemeIcons
from .common import GENERATED, Feature
from .pagecache import PageCache

log = get_plugin_logger(__name__)


class SitePagesFeature(Feature):
    """Site-wide page hooks (on in every build). ``config``: the plugin's whole configuration."""

    name = "pages"
    without_project = True  # its page checks need no data

    def __init__(self, config):
        super().__init__(config)
        self._full_content: dict[str, str] = {}  # a page's HTML while the search indexes a shorter one
        self._cache: PageCache | None = None  # the final-page cache, once the environment is made
        self._empty: dict[str, str] = {}  # Markdown of no Markdown ('' or the generated marker) → its HTML
        # each page's text → its Markdown and front matter, as the check parsed them: the page
        # phase takes them from here rather than parse a thousand stories' front matter again
        self._parsed: dict[str, tuple[str, dict]] = {}
        self._reader = partial(_read_source, parsed=self._parsed)  # Page.read_source, bound to a page
        self._packed: dict[str, Spooled] = {}  # src_uri → a page's HTML between MkDocs' two loops

    def configure(self, ctx: BuildContext, config: MkDocsConfig) -> None:
        self.templates = page_templates(config.theme.dirs)  # what 'template:' may name
        self.icons = ThemeIcons(config.theme.dirs)  # and 'icon:'
        self._packed = {}  # a page `--dirty` left unwritten is not the next build's

    def refuse_unsafe_files(self, ctx: BuildContext, files: Files, config: MkDocsConfig) -> None:
        """Files of the docs folder that lead out of the project, or are no ordinary file, are
        problems, and leave the build at once: MkDocs must never open them (a pipe would
        block it), not even to show the problem list in `mkdocs serve`."""
        docs = Path(os.path.abspath(config.docs_dir))  # the theme's own files are trusted: not checked
        found = [
            (path, rel_of(path, ctx.root), f)
            for f in files
            if f.abs_src_path
            and not f.generated_by
            and not f.inclusion.is_excluded()
            and (path := Path(f.abs_src_path)).is_relative_to(docs)
        ]
        problems = docs_problems([(path, rel) for path, rel, _ in found], ctx.root)
        refused = {p.file for p in problems}
        for _, rel, file in found:
            if rel in refused:
                files.remove(file)
        ctx.problems += problems

    def check(self, ctx: BuildContext, files: Files, config: MkDocsConfig) -> None:
        """The pages' own pictures and SVGs, and the front matter of every page."""
        _clean_svgs_of(files, config, ctx)
        _check_pictures_of(files, config, ctx)
        for file in files.documentation_pages(inclusion=lambda level: True):
            if file.generated_by or not file.abs_src_path:
                continue
            ctx.problems += page_front_matter_problems(file, ctx, self.templates, self.icons, self._parsed)

    # MkDocs reads and renders every page of every build, and `mkdocs serve` rebuilds them all
    # on every save: a thousand stories' pages and every generated page have front matter to
    # parse and no Markdown left to render (Backbone made their HTML). Each page's front matter
    # is parsed again only when its text changed (kept.made; the page gets its own copy), and
    # the Markdown of no Markdown is converted once a build, by the first page that has it.
    def known_source(self, ctx: BuildContext, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        # one bound method each (a partial, its arguments and a bound method were six objects
        # a page, for every page of the site, until the build ends)
        page.read_source = MethodType(self._reader, page)
        page.render = MethodType(self._render, page)
        return page

    def _render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        text = page.markdown
        if text is None or text.strip() not in ("", GENERATED):
            return Page.render(page, config, files)
        found = self._empty.get(text)
        if found is None:
            Page.render(page, config, files)
            plain = not page.toc.items and not page._title_from_render and not page.present_anchor_ids
            if plain and not page.links_to_anchors:  # as MkDocs leaves it for such a page
                self._empty[text] = page.content
            return None
        page.content = found
        page.toc = get_toc([])
        page._title_from_render = None
        page.present_anchor_ids = set()
        if PAGES_LOG.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = {}
        return None

    def escape_for_theme(self, ctx: BuildContext, markdown: str, *, page, config: MkDocsConfig, files: Files) -> str:
        # The one boundary for page text: generated pages, stories and authors' own pages alike.
        for key in THEME_META:
            if page.meta.get(key) is not None:
                page.meta[key] = theme_text(page.meta[key])
        # The search index carries a page's tags, and the search UI shows them as HTML.
        if isinstance(page.meta.get("tags"), list):
            page.meta["tags"] = [theme_text(tag) if isinstance(tag, str) else tag for tag in page.meta["tags"]]
        return markdown

    def swap_generated(self, ctx: BuildContext, html: str, *, page, config: MkDocsConfig, files: Files) -> str:
        # the model's HTML of each page Backbone generated (adapters/model.py)
        found = ctx.model.pages.get(page.file.src_uri)
        if found is None or not found.generated or found.body is None:
            return html
        if html.strip() == GENERATED:  # the usual case: the model's own string, not a copy
            return found.body  # every page holds its content until it is written: no copies
        return html.replace(GENERATED, found.body, 1)

    # MkDocs renders every page before it writes the first (its two loops), so it holds every
    # page's HTML at once in between: a thousand stories' and two hundred metric tables'. From
    # the last on_page_content to the page's own on_page_context they are held in the build's
    # spool instead (spool.py), a page that is the model's as the model's own place there. Another
    # plugin reading page.content in on_env sees an empty text; at every other event, its HTML.
    def pack_content(self, ctx: BuildContext, html: str, *, page, config: MkDocsConfig, files: Files) -> str:
        if not html:
            return html
        found = ctx.model.pages.get(page.file.src_uri) if ctx.model is not None else None
        if found is not None and found.html is not None and found.html.text() == html:
            self._packed[page.file.src_uri] = found.html
        else:
            self._packed[page.file.src_uri] = ctx.spool.put(html)
        return ""

    def unpack_content(self, ctx: BuildContext, context, *, page, config: MkDocsConfig, nav):
        packed = self._packed.pop(page.file.src_uri, None)
        if packed is not None:
            page.content = packed.text()
        return context

    # The search plugin reads page.content in its on_page_context; the theme renders it after
    # every on_page_context. So the page is shortened just before the indexer and given back
    # just after it: the index never parses the share kit, related stories or tables.
    def hide_from_search(self, ctx: BuildContext, context, *, page, config: MkDocsConfig, nav):
        short = searchable(page.content or "")
        if short is not page.content and page.content:
            self._full_content[page.file.src_uri] = page.content
            page.content = short
        return context

    def restore_after_search(self, ctx: BuildContext, context, *, page, config: MkDocsConfig, nav):
        full = self._full_content.pop(page.file.src_uri, None)
        if full is not None:
            page.content = full
        return context

    # The final-page cache (pagecache.py): its chrome once the environment is made, each page
    # looked up once Backbone's on_page_context steps have run and before the search reads
    # it, its search entries given back or noted after, and the rendered template kept
    # before any plugin's on_post_page reads it.
    def start_page_cache(self, ctx: BuildContext, env, *, config: MkDocsConfig, files: Files):
        if not ctx.checking:
            self._cache = PageCache(ctx.cache("pages"), ctx.serving, ctx.language)
            self._cache.start(env, config)
        return env

    def cached_page(self, ctx: BuildContext, context, *, page, config: MkDocsConfig, nav):
        if self._cache is not None:
            content = self._full_content.get(page.file.src_uri, page.content)
            self._cache.look_up(context, page, nav, content)
        return context

    def page_key(self, src_uri: str) -> str | None:
        """The final-page key of the page's latest look-up in this build, if it has one."""
        return self._cache.keys.get(src_uri) if self._cache is not None else None

    def cached_entries(self, ctx: BuildContext, context, *, page, config: MkDocsConfig, nav):
        if self._cache is not None:
            self._cache.indexed(page)
        return context

    def keep_page(self, ctx: BuildContext, output: str, *, page, config: MkDocsConfig) -> str:
        if self._cache is not None:
            self._cache.keep(output, page)
        return output

    def release_page(self, ctx: BuildContext, output: str, *, page, config: MkDocsConfig) -> str:
        # MkDocs keeps every page's HTML until the build ends; nothing reads it after this
        # event, and a thousand stories held a lot of memory that way.
        if page.file.src_uri in ctx.own_pages:
            page.content = None
        return output

    # After the e-mail worker is done: a cache kept in CI otherwise grows by every chart,
    # card and e-mail any build ever made.
    def prune_caches(self, ctx: BuildContext, *, config: MkDocsConfig) -> None:
        days = self.config.cache_days
        if days <= 0:
            return
        removed = [memo.prune(folder, days) for folder in sorted(ctx.caches)]
        files, size = sum(f for f, _ in removed), sum(b for _, b in removed)
        if files:
            log.info(
                f"removed {files} cache entr{'y' if files == 1 else 'ies'} ({size / 1e6:.1f} MB) "
                f"no build had used for {days} days"
            )


PAGES_LOG = logging.getLogger("mkdocs.structure.pages")  # MkDocs' own, which Page.render reads


def _read_source(page: Page, config: MkDocsConfig, *, parsed: dict[str, tuple[str, dict]]) -> None:
    """``Page.read_source`` (MkDocs 1.6), its front matter parsed again only when the text changed
    (``parsed``: as the check of every page's front matter parsed it, this build)."""
    source = config.plugins.on_page_read_source(page=page, config=config)
    if source is None:
        try:
            source = page.file.content_string
        except OSError:
            PAGES_LOG.error(f"File not found: {page.file.src_path}")
            raise
        except ValueError:
            PAGES_LOG.error(f"Encoding error reading file: {page.file.src_path}")
            raise
    found = parsed.pop(source, None)
    if found is None:
        found = kept.made("page source", page.file.src_uri, source, lambda: get_data(source))
    markdown, meta = found
    page.markdown, page.meta = markdown, copy.deepcopy(meta)  # the page's hooks change its meta


def page_front_matter_problems(file, ctx: BuildContext, templates, icons=None, parsed=None) -> list[Problem]:
    """A front matter MkDocs could not read, or a theme key of the wrong type, located
    (file:line) before anything is built instead of a traceback while rendering the page.
    ``parsed``: where each text's Markdown and front matter are left for the page phase."""
    try:
        text = file.content_string
    except (OSError, UnicodeDecodeError):
        return []  # reported by the feature that reads the page, or by MkDocs
    if block(text) is None:
        return []
    rel = ctx.rel(Path(file.abs_src_path))
    try:
        # parsed again only when the text changed (a rebuild of `mkdocs serve`); only read here
        found = kept.made("page front matter", rel, text, lambda: get_data(text))
    except Exception:  # MkDocs drops a front matter it cannot read: located below
        found = ("", {})
    else:
        if parsed is not None:
            parsed[text] = found
    meta = found[1]
    return front_matter_problems(rel, text, meta, templates, icons)


def _clean_svgs_of(files: Files, config: MkDocsConfig, ctx: BuildContext) -> None:
    """SVGs among the pages' own files (story images, pictures in content/) are published
    cleaned like the logos, a linked one too (one that leads out of the project was refused
    by refuse_unsafe_files); one that cannot be read or a compressed SVG is a problem of the
    build, every such file named."""
    root = Path(config.config_file_path).resolve().parent
    problems = []
    for file in [
        f for f in files if f.src_uri.lower().endswith((".svg", ".svgz")) and f.abs_src_path and not f.generated_by
    ]:
        name = Path(os.path.relpath(file.abs_src_path, root)).as_posix()  # as the author sees it
        path = Path(file.abs_src_path).resolve()
        if file.src_uri.lower().endswith(".svgz"):
            problems.append(
                Problem(
                    name,
                    0,
                    "",
                    "a compressed SVG (.svgz) is not published, as it cannot be cleaned "
                    "where it is served; save it as a plain .svg",
                )
            )
            continue
        try:
            cleaned = svgsafe.clean(path.read_bytes())
        except svgsafe.SvgError as exc:
            problems.append(Problem(name, exc.line, "", f"{exc}; {exc.fix}"))
            continue
        files.remove(file)
        files.append(File.generated(config, file.src_uri, content=cleaned))
    ctx.problems += problems


def _check_pictures_of(files: Files, config: MkDocsConfig, ctx: BuildContext) -> None:
    """Pictures among the pages' own files (story images, pictures in content/) are checked
    like the logos, every file that cannot be published named; the pictures feature
    publishes them, without metadata and at the widths pages need."""
    docs = Path(config.docs_dir).resolve()
    for file in [
        f for f in files if Path(f.src_uri).suffix.lower() in images.SUFFIXES and f.abs_src_path and not f.generated_by
    ]:
        path = Path(file.abs_src_path).resolve()
        if path.is_relative_to(docs) and (wrong := images.problem(path)):
            ctx.problems.append(Problem(ctx.rel(path), 0, "", wrong))
