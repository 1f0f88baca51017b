"""Feed entries from stories and reviews, and the set of feeds a site offers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import images
from ..learning.model import KINDS
from ..learning.reviews import Review
from ..project import Project
from ..render.formats import Formats
from ..render.sanitise import portable_html
from ..render.urls import page_url
from ..stories.model import Cards, Placed, Story, tag_label
from .model import Entry, Feed, Image, tag_uri

UTC = dt.timezone.utc


def _moment(day: dt.date) -> dt.datetime:
    """Front matter gives days: an entry is dated at midnight UTC of that day."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=UTC)


def story_id(story: Story, site_url: str) -> str:
    """Stable across rebuilds, title edits and renames: the story's first slug and date."""
    first_slug = story.meta.aliases[0] if story.meta.aliases else story.slug
    return tag_uri(site_url, story.date, f"stories/{first_slug}")


def story_entry(
    placed: Placed,
    cards: Cards,
    content_html: str | None,
    project: Project,
    site_url: str,
    published: Callable[[str], Path],
) -> Entry:
    """``content_html``: the page's sanitised body with absolute URLs (None: not rendered)."""
    story = placed.story
    names = [project.partners[p].name for p in story.partners if p in project.partners]
    body = (content_html or f"<p>{_escape(story.summary)}</p>") + pull_quote(placed)
    return Entry(
        id=story_id(story, site_url),
        url=placed.url,
        title=story.title,
        summary=story.summary,
        content_html=body,
        published=_moment(story.date),
        updated=_moment(story.updated or story.date),
        author=story.author,
        categories=tuple(tag_label(t) for t in story.tags) + tuple(names),
        image=story_image(placed, published) or card_image(cards, site_url, published),
    )


# The pictures a feed reader, a newsletter tool and an e-mail client all show.
MIME = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp"}


def story_image(placed: Placed, published: Callable[[str], Path]) -> Image | None:
    """The story's own picture as published (its length is the published file's), or None
    when it has none or it is an SVG, which feed readers and mail clients do not show.
    ``published``: the file whose bytes the site publishes at a site path (a cache entry or
    the author's file), read before anything is written."""
    path, image = placed.image_path, placed.story.meta.image
    kind = MIME.get(Path(path).suffix.lower()) if path else None
    if kind is None or image is None:
        return None
    file = published(path)
    width, height = images.display_size(file)
    return Image(placed.absolute(path), file.stat().st_size, kind, width, height, image.alt)


def card_image(cards: Cards, site_url: str, published: Callable[[str], Path]) -> Image | None:
    card = cards.card
    if card is None:
        return None
    return Image(
        site_url + card.path, published(card.path).stat().st_size, "image/png", card.width, card.height, card.alt
    )


def pull_quote(placed: Placed) -> str:
    """The story's pull quote as the page shows it, for the feed's content; sanitised and
    made absolute like the body it follows."""
    quote = placed.story.meta.quote
    if quote is None:
        return ""
    who = _escape(quote.name) + (f", {_escape(quote.role)}" if quote.role else "")
    html = f"\n<figure><blockquote><p>{_escape(quote.text)}</p></blockquote><figcaption>— {who}</figcaption></figure>"
    return portable_html(html, placed.url)


def review_entry(review: Review, html: str, project: Project, site_url: str, page_path: str, fm: Formats) -> Entry:
    meta = review.meta
    month = fm.month(meta.date.year, meta.date.month)  # the summary is for people; the dates stay RFC 3339
    names = [project.partners[p].name for p in meta.participants if p in project.partners]
    return Entry(
        id=tag_uri(site_url, meta.date, f"learning/{review.slug}"),
        url=site_url + page_path,
        title=meta.title,
        summary=meta.summary
        or fm.words.gettext(
            "%(kind)s of %(month)s with %(names)s.",
            kind=fm.words.gettext(KINDS[meta.kind]),
            month=month,
            names=", ".join(names),
        ),
        content_html=html,
        published=_moment(meta.date),
        updated=_moment(meta.date),
        author=project.identity.short_name,
        categories=(fm.words.gettext(KINDS[meta.kind]), *names),
    )


@dataclass(frozen=True)
class FeedSpec:
    """A feed before its entries are known (they need the rendered pages)."""

    key: str
    title: str
    description: str
    home_path: str  # site path of the page the feed follows


def newest(entries: list[Entry], limit: int) -> tuple[Entry, ...]:
    return tuple(sorted(entries, key=lambda e: (e.published, e.id), reverse=True)[:limit])


def make_feed(
    spec: FeedSpec, entries: list[Entry], project: Project, site_url: str, limit: int, icon: str | None
) -> Feed:
    return Feed(
        key=spec.key,
        title=spec.title,
        description=spec.description,
        home_url=site_url + spec.home_path,
        base_url=site_url,
        language=project.identity.language,
        entries=newest(entries, limit),
        icon=site_url + icon if icon else None,
    )


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def plan(
    project: Project,
    catalog,
    layout,
    directory_urls: bool,
    *,
    learning: bool,
    per_tag: bool,
    per_partner: bool,
    fm: Formats,
) -> list[tuple[str, FeedSpec]]:
    """The feeds to publish, as (group heading, spec), in the order the feeds page lists them."""
    short, name = project.identity.short_name, project.identity.name
    w = fm.words
    specs = [
        (
            w.gettext("Everything"),
            FeedSpec(
                "stories",
                w.gettext("%(short)s: stories", short=short),
                w.gettext("Every story of %(name)s", name=name),
                page_url(layout.index_src, directory_urls),
            ),
        )
    ]
    if learning:
        specs.append(
            (
                w.gettext("Everything"),
                FeedSpec(
                    "learning",
                    w.gettext("%(short)s: learning reviews", short=short),
                    w.gettext("What %(short)s learns from its work", short=short),
                    page_url("learning/index.md", directory_urls),
                ),
            )
        )
    if per_tag:
        for tag in catalog.tags():
            label = tag_label(tag)
            specs.append(
                (
                    w.gettext("By tag"),
                    FeedSpec(
                        f"tags/{tag}",
                        w.gettext("%(short)s: stories tagged ‘%(tag)s’", short=short, tag=label),
                        w.gettext("Stories of %(name)s tagged ‘%(tag)s’", name=name, tag=label),
                        page_url(layout.tag_src(tag), directory_urls),
                    ),
                )
            )
    if per_partner:
        for pid, partner in project.partners.items():
            if catalog.by_partner.get(pid):
                specs.append(
                    (
                        w.gettext("By partner"),
                        FeedSpec(
                            f"partners/{pid}",
                            w.gettext("%(short)s: stories with %(partner)s", short=short, partner=partner.name),
                            w.gettext("Stories of %(name)s with %(partner)s", name=name, partner=partner.name),
                            page_url(f"partners/{pid}.md", directory_urls),
                        ),
                    )
                )
    return specs


def stories_for(spec: FeedSpec, catalog) -> list[Story]:
    """The published stories a feed carries, newest first."""
    kind, _, key = spec.key.partition("/")
    stories = {
        "stories": catalog.stories,
        "tags": catalog.by_tag.get(key, []),
        "partners": catalog.by_partner.get(key, []),
    }[kind]
    return [s for s in stories if not s.draft]
