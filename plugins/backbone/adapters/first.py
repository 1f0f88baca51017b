"""What the preview shows first of a save (quick.py): a story's page, a metric's pages and files.

Each answer is made from the last whole build (its context, model, features and files) and
the files as they are now, and is all or nothing: None of it is written unless every page
holds, once, the article the last build or answer wrote there.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from .. import kept
from ..context import BuildContext
from ..metrics.load import METRICS_DIR
from ..metrics.source import metric_src_uri
from ..render.pictures import responsive
from ..render.plaintext import without_controls
from .common import GENERATED, Feature
from .quick import Published, QuickPreview, Shown, same_bytes, same_front
from .unchanged import Unchanged, file_source

log = get_plugin_logger(__name__)


@dataclass(frozen=True)
class LastBuild:
    """What the last whole build left: its context (and model), features, files and site folder."""

    ctx: BuildContext
    features: dict[str, Feature]
    on: set[str]
    files: Files
    unchanged: Unchanged
    docs_dir: Path


def show_first(quick: QuickPreview, last: LastBuild, changed: list[str]) -> bool:
    """Whether the save that changed ``changed`` (paths) was answered: stories' texts alone,
    or metric files alone; anything else waits for the whole rebuild."""
    paths = [Path(path) for path in changed]
    if all(path.is_relative_to(last.docs_dir) for path in paths):
        return _stories_first(quick, last, [path.relative_to(last.docs_dir).as_posix() for path in paths])
    if "metrics" in last.on and all(path.parent == last.ctx.data_dir / METRICS_DIR for path in paths):
        return _metrics_first(quick, last)
    return False


def _stories_first(quick: QuickPreview, last: LastBuild, changed: list[str]) -> bool:
    ctx, stories = last.ctx, last.features["stories"]
    if "stories" not in last.on:
        return False
    shown = []
    for src_uri in changed:
        file, model = last.files.get_file_from_path(src_uri), ctx.model.pages.get(src_uri)
        made = stories.article(ctx, src_uri)
        if file is None or model is None or made is None or made[1] != model.toc:
            return False  # a heading changed: the page's contents in the sidebar too
        old = quick.shown.get(src_uri) or _article(ctx, model.body, file)
        shown.append(Shown(src_uri, file.abs_dest_path, old, _article(ctx, made[0], file)))
    if not quick.show(shown):
        return False
    for page in shown:
        last.unchanged.pages.pop(page.src_uri, None)  # the whole rebuild writes them again
    log.info(f"showing the new text of {', '.join(p.src_uri for p in shown)}; the whole site follows")
    return True


def _metrics_first(quick: QuickPreview, last: LastBuild) -> bool:
    """The metrics' pages and files whose figures changed (a metric's page, its charts and
    CSV, the scorecard), made again from the metric files as they are now."""
    ctx = last.ctx
    sections = {}  # what the stories add to each metric's page, as the build handed them over (their HTML)
    for mid in ctx.metric_ids:
        page = ctx.model.pages.get(metric_src_uri(mid))
        if page is not None and page.sections:
            sections[mid] = [Markup(html.text()) for _, html in page.sections]
    kept.keep(True)  # what did not change is made of what the last build kept
    try:
        out = last.features["metrics"].pages_again(ctx, sections)
    finally:
        kept.pause()
    if out is None:
        return False
    shown, urls = [], []
    for made, _, _ in out.pages:
        model, file = ctx.model.pages.get(made.src_uri), last.files.get_file_from_path(made.src_uri)
        if model is None or file is None or not same_front(file.content_string, made.markdown(GENERATED)):
            return False  # a new page, or a new title: the navigation
        old = quick.shown.get(made.src_uri) or _article(ctx, model.body, file)
        if (new := _article(ctx, made.body, file)) != old:
            shown.append(Shown(made.src_uri, file.abs_dest_path, old, new))
            urls.append(f"/{file.url}")
    published = []
    for dest, source, content in out.files:
        file = last.files.get_file_from_path(dest)
        if file is None:
            return False
        target = os.path.normpath(file.abs_dest_path)
        if source is not None and last.unchanged.published.get(target) != file_source(str(source)):
            published.append(Published(target, source=str(source)))
        elif source is None and not same_bytes(target, content):
            published.append(Published(target, content=content.encode() if isinstance(content, str) else content))
    if not quick.show(shown, tuple(published)):
        return False
    for page in shown:
        last.unchanged.pages.pop(page.src_uri, None)
    for file in published:
        last.unchanged.published.pop(file.dest, None)
    if urls:
        log.info(f"showing the new figures on {', '.join(urls)}; the whole site follows")
    return True


def _article(ctx: BuildContext, html: str, file: File) -> str:
    """A page's article as the page holds it: on_page_content's steps after the model's HTML
    is in (the pictures at their widths), on_post_page's last (no control character)."""
    return without_controls(responsive(html, file.url, ctx.pictures))
