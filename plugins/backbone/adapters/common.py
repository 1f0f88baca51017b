"""What every Backbone feature shares: the feature base, adding pages, images and assets."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc

from .. import images, memo, svgsafe
from ..context import BuildContext
from ..drawing.fonts import boxed, boxed_notes
from ..problems import DataError, Problem
from ..render.html import GeneratedPage
from ..render.markdown import SiteFiles, toc_tokens
from ..sitemodel import Page as ModelPage

# A generated page reaches MkDocs as front matter and this marker; its finished HTML is
# swapped in at on_page_content. Python-Markdown gains nothing from reading our HTML
# and took a large part of a warm build doing it (metric pages' large tables).
GENERATED = "<!-- backbone:generated -->"

log = get_plugin_logger(__name__)


def site_files(files: Files, config: MkDocsConfig) -> SiteFiles:
    """Where each file of the site is published, as plain data for the core's link resolution."""
    return SiteFiles({f.src_uri: f.url for f in files}, config.use_directory_urls)


def show_model_page(page, model: ModelPage) -> str:
    """A page whose body the model holds (a story, a review, an author's page), given to MkDocs'
    page as its own render would have: the toc, the title, the HTML returned."""
    page.toc = get_toc(toc_tokens(model.toc))
    page._title_from_render = model.title  # what Page.render sets; Page.title reads it
    return model.body


class Feature:
    """One capability of the single ``backbone`` plugin (metrics, stories...).

    The plugin calls its steps in the order of ``backbone.adapters.plugin.PIPELINE``, each
    with the build context; ``config`` is the feature's own sub-configuration.
    """

    name = ""
    # Whether the feature can do anything before the data loads: one that can still checks
    # its own files when identity.yml or partners.yml is broken (all problems at once).
    without_project = False
    # Whether its configuration step can run on a project that is not complete (identity.yml
    # or partners.yml has problems): it then checks its own files against whatever loaded,
    # and draws nothing (the build stops on those problems).
    on_partial_project = False

    def __init__(self, config):
        self.config = config

    def has_data(self, ctx: BuildContext) -> bool:
        """Whether the site has this capability's files; without them it is simply off."""
        return True

    def missing(self, ctx: BuildContext) -> str:
        """What to create when the capability is enabled explicitly but has no data."""
        return ""


@contextmanager
def reported():
    """Where the core may raise a DataError (drawing a chart, a card, a picture's copy): the
    pipeline adds its problems to the one list of the phase (BackbonePlugin._call)."""
    yield


def add_page(
    files: Files,
    config: MkDocsConfig,
    ctx: BuildContext,
    page: GeneratedPage,
    *,
    in_nav: bool = True,
    edit: str | None = None,
) -> File:
    """Add a generated page; bulk pages stay out of the navigation."""
    if files.get_file_from_path(page.src_uri) is not None:
        raise PluginError(
            f"content/{page.src_uri} is in the way: Backbone generates that page from data/. "
            f"Rename or move your file (the generated page takes its text from the data files)."
        )
    # as the model holds it (sitemodel.Page): spooled, not held in memory
    ctx.generated_html[page.src_uri] = ctx.spool.put(page.body)
    ctx.own_pages.add(page.src_uri)
    if in_nav:
        ctx.nav_sections.append(page.src_uri)
    file = File.generated(
        config,
        page.src_uri,
        content=page.markdown(GENERATED),
        inclusion=InclusionLevel.INCLUDED if in_nav else InclusionLevel.NOT_IN_NAV,
    )
    if edit:
        file.edit_uri = edit
    files.append(file)
    return file


def add_image(files: Files, config: MkDocsConfig, ctx: BuildContext, dest_uri: str, source: Path) -> None:
    """A partner's or the brand's image; an SVG is published cleaned (see backbone.svgsafe),
    a picture without its metadata (see backbone.images)."""
    if source.suffix.lower() == ".svg":
        add_asset(files, config, dest_uri, content=svgsafe.clean(source.read_bytes()))
    else:
        with reported():
            add_asset(files, config, dest_uri, source=bare_picture(ctx, source), cached=True)


def bare_picture(ctx: BuildContext, source: Path) -> Path:
    """The cached copy of the picture ``source`` without metadata; DataError naming the file."""
    try:
        return images.published(source, ctx.cache("images"))
    except images.ImageError as exc:
        raise DataError([Problem(Path(os.path.relpath(source, ctx.root)).as_posix(), 0, "", str(exc))]) from None


class CachedFile(File):
    """A file published from Backbone's cache (charts, cards): linked, not copied (memo.publish)."""

    def copy_file(self, dirty: bool = False) -> None:
        if self.abs_src_path is None or (dirty and not self.is_modified()):
            return super().copy_file(dirty)
        os.makedirs(os.path.dirname(self.abs_dest_path), exist_ok=True)
        memo.publish(self.abs_src_path, self.abs_dest_path)


def add_asset(
    files: Files,
    config: MkDocsConfig,
    dest_uri: str,
    *,
    source: Path | None = None,
    content: str | bytes | None = None,
    cached: bool = False,
) -> None:
    """A file of the site, from ``source`` or ``content``; ``cached``: ``source`` is a cache entry."""
    if files.get_file_from_path(dest_uri) is not None:
        files.remove(files.get_file_from_path(dest_uri))
    if source is not None:
        files.append((CachedFile if cached else File).generated(config, dest_uri, abs_src_path=str(source)))
    else:
        files.append(File.generated(config, dest_uri, content=content))


def say_boxed(ctx: BuildContext, specs: list) -> None:
    """An info line at each file and line whose text the cards of ``specs`` draw with an empty
    box for a letter no font has (not a warning: a --strict build may have no such font to add)."""
    if not specs:
        return
    texts = [text for spec in specs for text in spec.texts()]
    chars = boxed(texts, specs[0].brand.fonts)
    if not chars:
        return
    for note in boxed_notes(chars, texts, [ctx.data_dir, ctx.docs_dir], ctx.root):
        if ctx.once(note):
            log.info(note)
