"""Sharing: Open Graph and Twitter tags, plain share links, the embed snippet and citation.

No third-party script, no tracker: every share link is an ordinary link to the
network's own share page, filled with the story's permalink and summary.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from markupsafe import escape

from ..previews import tags
from ..previews.tags import Picture, Preview, og_locale
from ..render.formats import Formats
from .model import Cards, Placed


def _q(text: str) -> str:
    return quote(text, safe="")


def preview(placed: Placed, cards: Cards, site_name: str, language: str = "en") -> Preview:
    """The story's link preview: its card, and the article's dates, author and tags."""
    story, card = placed.story, cards.card
    extra = [("property", "article:published_time", story.meta.date)]
    if story.meta.updated:
        extra.append(("property", "article:modified_time", story.meta.updated))
    extra += [("property", "article:author", story.author)]
    extra += [("property", "article:tag", tag) for tag in story.meta.tags]
    picture = Picture(placed.absolute(card.path), card.width, card.height, card.alt) if card else None
    return Preview(
        story.title, story.summary, placed.url, site_name, og_locale(language), picture, "article", tuple(extra)
    )


def meta_tags(placed: Placed, cards: Cards, site_name: str, language: str = "en") -> str:
    """The <meta> tags for the page head, as HTML (escaped; the canonical link comes from the theme)."""
    return tags.html(tags.meta_tags(preview(placed, cards, site_name, language)))


def share_links(placed: Placed, site_name: str, fm: Formats) -> list[dict]:
    """(network, label, href) for each share button; plain links only."""
    story = placed.story
    url, text = placed.url, story.summary
    body = f"{story.summary}\n\n{placed.url}"
    return [
        dict(
            network="linkedin",
            label="LinkedIn",
            href="https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url}),
        ),
        dict(
            network="bluesky",
            label="Bluesky",
            href="https://bsky.app/intent/compose?" + urlencode({"text": f"{text} {url}"}),
        ),
        dict(network="x", label="X", href="https://x.com/intent/post?" + urlencode({"text": text, "url": url})),
        dict(
            network="facebook",
            label="Facebook",
            href="https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
        ),
        dict(
            network="whatsapp", label="WhatsApp", href="https://wa.me/?" + urlencode({"text": f"{story.title}: {url}"})
        ),
        dict(
            network="email",
            label=fm.words.gettext("Email"),
            href=f"mailto:?subject={_q(story.title + ' — ' + site_name)}&body={_q(body)}",
        ),
    ]


def citation(placed: Placed, site_name: str, fm: Formats) -> str:
    """A citation line for reports and funding applications."""
    story = placed.story
    when = fm.date(story.date)
    return f"{story.author}, “{story.title}”, {site_name}, {when}. {placed.url}"


def embed_snippet(placed: Placed, cards: Cards, site_name: str, primary: str, fm: Formats) -> str:
    """A small, self-contained HTML card (inline styles, absolute URLs) linking back.

    Returned as plain text: the page shows it as code, escaped, in a text box."""
    story, card = placed.story, cards.card
    figure = story.headline
    image = ""
    if card:
        image = (
            f'<img src="{escape(placed.absolute(card.path))}" alt="{escape(card.alt)}" '
            f'width="600" height="315" style="display:block;width:100%;height:auto;border:0">'
        )
    number = ""
    if figure:
        number = (
            '<p style="margin:0 0 6px;font-size:14px;color:#444">'
            f'<strong style="font-size:22px;color:{escape(primary)}">'
            f"{escape(figure.text)}</strong> {escape(figure.title)}, {escape(figure.period_label)}</p>"
        )
    read = fm.words.gettext("Read the story →")
    html = (
        f'<div style="max-width:600px;border:1px solid #ddd;border-radius:8px;overflow:hidden;'
        f'font-family:Arial,Helvetica,sans-serif;background:#fff">'
        f'<a href="{escape(placed.url)}" style="color:inherit;text-decoration:none">{image}'
        f'<div style="padding:12px 16px">'
        f'<p style="margin:0 0 6px;font-size:18px;font-weight:bold;color:#111">{escape(story.title)}</p>'
        f"{number}"
        f'<p style="margin:0 0 6px;font-size:14px;color:#333">{escape(story.summary)}</p>'
        f'<p style="margin:0;font-size:12px;color:{escape(primary)}">{escape(site_name)} · {escape(read)}</p>'
        f"</div></a></div>"
    )
    return html
