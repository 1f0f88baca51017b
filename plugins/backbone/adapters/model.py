"""The site model, made from what the files phase made: MkDocs' files mapped onto the core's
frozen SiteModel (backbone.sitemodel), once per build, at the end of on_files."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from .. import memo
from ..about.partners import partner_page_uri
from ..context import BuildContext
from ..feeds import formats as feed_formats
from ..feeds import sources as feed_sources
from ..feeds.formats import WRITERS
from ..metrics.source import metric_src_uri
from ..settings import Settings
from ..sitemodel import Output, SiteModel, asset, feed, page, site_model
from ..stories import email, mailroom
from ..stories import site as story_site
from ..stories.model import NO_CARDS
from .common import Feature


def make_model(
    settings: Settings,
    ctx: BuildContext,
    features: dict[str, Feature],
    on: set[str],
    files: Files,
    config: MkDocsConfig,
) -> SiteModel:
    """The model of the site this build publishes (``on``: the features that are on)."""
    sections = _sections(ctx)
    pages = [
        _page(settings, ctx, features, on, file, sections.get(file.src_uri, ()))
        for file in files.documentation_pages(inclusion=lambda _: True)
    ]
    assets = [_asset(settings, file) for file in files if not file.is_documentation_page()]
    feeds = []
    if "feeds" in on:
        code = memo.code_digest(feed_formats.__file__, feed_sources.__file__)
        made = features["feeds"].feeds(ctx, files, config)
        feeds = [feed(key, value, code, WRITERS) for key, value in made]
    emails = _emails(settings, ctx, features["stories"]) if "stories" in on else []
    return site_model(settings, pages, assets, feeds, emails)


def _emails(settings: Settings, ctx: BuildContext, stories) -> list:
    """Each published story's e-mail (its HTML and text twin), with the digest of what it is
    written from: the story where it is placed, its cards, its sanitised body, the mailer."""
    code = memo.code_digest(email.__file__, mailroom.__file__)
    mailer = memo.digest(repr(story_site.mailer(ctx.project, settings.site_url)))
    made = []
    for story in stories.catalog.all:
        slug = story.slug
        if stories.catalog.by_slug.get(slug) is not story or slug not in stories.html:
            continue  # a draft in a build, or a slug another story has: no e-mail
        letter = (stories.places[slug], stories.cards.get(slug, NO_CARDS), stories.html[slug])
        inputs = (repr(letter[0]), repr(letter[1]), letter[2])
        dests = tuple(stories.layout.asset(slug, name) for name in ("email.html", "email.txt"))
        made.append(Output("email", dests, memo.key(code, mailer, *(memo.digest(i) for i in inputs)), letter))
    return made


def _sections(ctx: BuildContext) -> dict[str, tuple[tuple[str, str], ...]]:
    """The sections other features add to partner and metric pages, by the page's src_uri."""
    found = {partner_page_uri(pid): tuple(by.items()) for pid, by in ctx.partner_sections.items()}
    found.update(
        {metric_src_uri(mid): tuple(("stories", html) for html in htmls) for mid, htmls in ctx.metric_sections.items()}
    )
    return found


def _page(settings: Settings, ctx: BuildContext, features, on: set[str], file: File, sections) -> object:
    src = file.src_uri
    title, body, toc = None, ctx.generated_html.get(src), ()
    stories = features["stories"] if "stories" in on else None
    learning = features["learning"] if "learning" in on else None
    if stories is not None and (story := stories._by_src.get(src)) is not None and src in stories.pages:
        title, body, toc = story.title, stories.pages[src], stories.tocs[story.slug]
    elif learning is not None and src in learning.bodies:
        rendered, body = learning.bodies[src]
        title, toc = rendered.title, rendered.toc
    elif (rendered := features["content"].bodies.get(src)) is not None:
        title, body, toc = rendered.title, rendered.html, rendered.toc
    try:
        source = file.content_string
    except (OSError, UnicodeDecodeError):
        source = ""  # reported by the check of every page's front matter
    return page(
        settings,
        ctx.spool,
        src,
        file.url,
        file.dest_uri,
        source=source,
        title=title,
        body=body,
        toc=toc,
        sections=sections,
        generated=bool(file.generated_by),
    )


def _asset(settings: Settings, file: File):
    if file.abs_src_path is None:
        return asset(settings, file.dest_uri, content=file.content_bytes)
    return asset(settings, file.dest_uri, source=file.abs_src_path)
