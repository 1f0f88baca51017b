"""The pictures of the pages, published fit for the web (``backbone.renditions``) and offered
to browsers at every width (``backbone.render.pictures``).

Each picture of the docs folder still published once the drafts' are left out (PNG, JPEG,
GIF or WebP, checked by the identity feature's check) is replaced by its copy of at most
``renditions.LARGEST`` pixels wide, and its narrower and WebP copies join it; every page's
``<img>`` of one of them becomes a ``<picture>`` with ``srcset`` and ``sizes``.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .. import images, memo, renditions
from ..context import BuildContext
from ..problems import Problem
from ..render.pictures import responsive
from .common import Feature, add_asset

log = get_plugin_logger(__name__)


class PicturesFeature(Feature):
    name = "pictures"
    without_project = True  # the pages' pictures need no data file

    def files(self, ctx: BuildContext, files: Files, config: MkDocsConfig) -> None:
        docs, cache = Path(config.docs_dir).resolve(), ctx.cache("pictures")
        planned, problems = [], []
        for file in [f for f in files if _is_picture(f.src_uri) and f.abs_src_path and not f.generated_by]:
            path = Path(file.abs_src_path).resolve()
            if not path.is_relative_to(docs):
                continue
            try:
                digest = memo.digest(path.read_bytes())  # at most images.MAX_BYTES: checked
                planned.append(renditions.plan(file.src_uri, path, digest, cache))
            except images.ImageError as exc:
                problems.append(Problem(ctx.rel(path), 0, "", str(exc)))
            except (OSError, SyntaxError, ValueError, EOFError) as exc:  # pixels damaged past the header
                problems.append(Problem(ctx.rel(path), 0, "", f"the picture is damaged ({exc}); {images.FIX}"))
        failed, encoded = renditions.ensure(planned)
        problems += [Problem(ctx.rel(Path(p.source)), 0, "", failed[p.src]) for p in planned if p.src in failed]
        if problems:
            ctx.problems += problems  # with every other problem of the files phase (see PIPELINE)
            return
        ctx.pictures = {}
        for made in planned:
            if made.src in ctx.draft_pictures:  # `mkdocs serve` shows a draft: its copies are not kept
                ctx.draft_entries.update(copy.entry for copy in made.copies())
            picture = ctx.pictures[made.src] = renditions.lighter(made)
            for copy in picture.copies():
                add_asset(files, config, copy.path, source=Path(copy.entry), cached=True)
        if planned:
            log.info(
                f"{len(planned)} picture{'s' if len(planned) != 1 else ''} of the pages published at their widths: "
                f"{encoded} encoded, {len(planned) - encoded} from the cache"
            )

    def page_content(self, ctx: BuildContext, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return responsive(html, page.url, ctx.pictures)


def _is_picture(src_uri: str) -> bool:
    return Path(src_uri).suffix.lower() in images.SUFFIXES
