"""Link previews of every page: the cards, the Open Graph and Twitter tags, the sized logo.

A thin adapter: what each page shows is planned and drawn in ``backbone.previews``; here the
cards are published, each page is handed its tags (the theme's main.html prints them), the
header logo its size, and the feeds their PNG image.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files

from ..context import BuildContext
from ..metrics.pages import asset as metric_asset
from ..metrics.source import ProjectFigures
from ..previews import cards, logo
from ..previews.site import CHANNEL_IMAGE, SITE, plan
from ..previews.tags import Picture, Preview, heading_text, meta_tags, og_locale
from ..stories.site import card_brand
from .common import Feature, add_asset, reported, say_boxed

log = get_plugin_logger(__name__)


class PreviewsFeature(Feature):
    name = "previews"

    def __init__(self, config):
        super().__init__(config)
        self.pictures: dict[str | None, Picture] = {}  # src_uri (None: the site's card) → its card
        self.drawn = 0

    def files(self, ctx: BuildContext, files: Files, config: MkDocsConfig) -> None:
        self.pictures = {}
        if not ctx.settings.site_url:  # a card is shared by its absolute address only
            return
        project, base = ctx.project, ctx.settings.site_url.rstrip("/") + "/"
        charts = {
            mid: Path(f.abs_src_path)
            for mid in ctx.metric_ids or ()
            if (f := files.get_file_from_path(metric_asset(mid, "png"))) and f.abs_src_path
        }
        # the metrics feature's own figures (a test's stand-in has no metrics to draw)
        figures = ctx.figures if isinstance(ctx.figures, ProjectFigures) else None
        planned = [
            p
            for p in plan(project, card_brand(project), figures, charts)
            if p.src_uri is SITE or files.get_file_from_path(p.src_uri) is not None
        ]
        say_boxed(ctx, [p.spec for p in planned])
        if ctx.checking:  # `backbone check` draws nothing: it has said what the cards would lack
            return
        with reported():
            paths, self.drawn = cards.ensure([p.spec for p in planned], ctx.cache("cards"))
        for p, path in zip(planned, paths):
            add_asset(files, config, p.site_path, source=path, cached=True)
            self.pictures[p.src_uri] = Picture(base + p.site_path, *cards.SIZE, p.alt)
        log.info(
            f"{self.drawn} preview card{'s' if self.drawn != 1 else ''} drawn, "
            f"{len(planned) - self.drawn} from the cache"
        )
        self._channel_image(ctx, files, config)

    def _channel_image(self, ctx: BuildContext, files: Files, config: MkDocsConfig) -> None:
        """The logo as a PNG, for the feeds' <image> (RSS 2.0 takes no SVG)."""
        with reported():
            png = logo.cached_channel_png(_icon_file(ctx), ctx.cache("cards"))
        if png is not None:
            add_asset(files, config, CHANNEL_IMAGE, source=png, cached=True)
            ctx.channel_image = CHANNEL_IMAGE

    def preview(self, ctx: BuildContext, context, *, page, config: MkDocsConfig, nav):
        """The page's tags, for the theme (a story's own are set by the stories feature)."""
        if context.get("backbone_preview") is not None or not ctx.settings.site_url:
            return context
        ident = ctx.project.identity
        title = ident.name if page.is_homepage else heading_text(page.meta.get("title") or page.title or ident.name)
        picture = self.pictures.get(page.file.src_uri) or self.pictures.get(SITE)
        context["backbone_preview"] = meta_tags(
            Preview(
                title=title,
                description=page.meta.get("description") or config.site_description or ident.purpose,
                url=ctx.settings.site_url.rstrip("/") + "/" + page.url,
                site_name=ident.name,
                locale=og_locale(ident.language),
                picture=picture,
            )
        )
        return context

    def env(self, ctx: BuildContext, env, *, config: MkDocsConfig, files: Files):
        """The header logo's width and height, for the theme's partials/logo.html."""
        if isinstance(env.globals.get("backbone"), dict):
            env.globals["backbone"]["logo_size"] = logo.intrinsic_size(_header_logo_file(ctx))
        return env


def _header_logo_file(ctx: BuildContext) -> Path:
    """The file the header shows, on the primary colour (in Assets.header_logo's order)."""
    ident = ctx.project.identity
    return ctx.project.asset(ident.mark or ident.logo_reversed or ident.favicon or ident.logo)


def _icon_file(ctx: BuildContext) -> Path:
    """The logo for light backgrounds, a feed reader's (in Assets.icon's order): never the reversed one."""
    ident = ctx.project.identity
    return ctx.project.asset(ident.mark or ident.favicon or ident.logo)
