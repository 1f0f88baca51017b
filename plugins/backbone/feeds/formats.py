"""Write a Feed as RSS 2.0 and Atom 1.0 (feedgen) and as JSON Feed 1.1.

What each field carries (readers differ, so each field says what it is), each escaped once:
- Atom and JSON Feed: titles, names, tags, the subtitle and summaries are plain text, and
  declared so (Atom type="text", the default; JSON strings): 'Tyne & Wear' is written
  'Tyne &amp; Wear' in the XML, once.
- RSS declares no type for titles, names and tags, and its <description> (the channel's
  and each item's) is HTML by definition, and many readers render every one of them as
  HTML. They carry ``html_text``: read as HTML they are exactly the value ('<' an entity,
  '&' one only where HTML would decode a reference), and 'Tyne & Wear' still reads right
  to a reader that takes them as text.
- Bodies: HTML sanitised by render.sanitise.portable_html, declared as HTML (RSS
  content:encoded, Atom type="html", JSON Feed "content_html").
- A picture's Media RSS <media:description type="plain">: plain text.
Every value loses the characters XML forbids and has its bidi controls closed (plaintext).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree  # feedgen's own XML library

from ..render.plaintext import html_text, plain, printable
from .model import Entry, Feed

if TYPE_CHECKING:
    from feedgen.feed import FeedGenerator

GENERATOR = "Backbone"
ATOM = "http://www.w3.org/2005/Atom"
MEDIA = "http://search.yahoo.com/mrss/"


def _generator(feed: Feed, ext: str) -> FeedGenerator:
    # imported where feeds are written (the feeds' worker), not by every build's own process
    from feedgen.feed import FeedGenerator

    fg = FeedGenerator()
    fg.load_extension("media", rss=True, atom=True)
    fg.load_extension("dc", rss=True, atom=False)  # RSS's <author> needs an e-mail: use dc:creator
    fg.id(feed.url(ext))
    text = html_text if ext == "rss" else plain
    fg.title(text(feed.title))
    # feedgen keeps one value for Atom's <subtitle> and RSS's <description>: each format
    # gets its own (an HTML-escaped subtitle read "Tyne &amp;amp; Wear" in Atom)
    fg.subtitle(text(feed.description))
    fg.language(feed.language)
    fg.generator(GENERATOR)
    fg.link(href=feed.url(ext), rel="self")
    fg.link(href=feed.home_url, rel="alternate")  # last: RSS takes its <link> from it
    if feed.icon:
        fg.logo(feed.icon)
        fg.icon(feed.icon)
    fg.updated(feed.updated)
    fg.lastBuildDate(feed.updated)  # feedgen would otherwise stamp the clock
    for entry in feed.entries:  # already newest first; append keeps that order
        _add(fg, entry, text)
    return fg


def _add(fg: FeedGenerator, entry: Entry, text) -> None:
    fe = fg.add_entry(order="append")
    fe.id(entry.id)
    fe.guid(entry.id, permalink=False)
    fe.title(text(entry.title))
    fe.link(href=entry.url, rel="alternate")
    fe.published(entry.published)
    fe.updated(entry.updated)
    fe.author(name=plain(entry.author))
    fe.dc.dc_creator(text(entry.author))
    fe.summary(plain(entry.summary), type="text")  # Atom
    fe.description(html_text(entry.summary))  # RSS, where it is HTML (Atom's content comes next)
    # Escaped text, not CDATA: a body may hold "]]>", which no CDATA section can.
    fe.content(printable(entry.content_html))
    for term in entry.categories:
        fe.category(term=text(term))
    if entry.image:
        fe.enclosure(entry.image.url, str(entry.image.length), entry.image.type)
        # Directly under <item>, where Mailchimp's *|RSSITEM:IMAGE|* looks for it.
        fe.media.content(
            url=entry.image.url,
            type=entry.image.type,
            medium="image",
            fileSize=str(entry.image.length),
            width=str(entry.image.width),
            height=str(entry.image.height),
            group=None,
        )


def rss(feed: Feed) -> bytes:
    root = etree.fromstring(_generator(feed, "rss").rss_str(pretty=True))
    _describe_images(root.find("channel").findall("item"), feed)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _describe_images(elements, feed: Feed) -> None:
    """Each entry's image with its alt text, as Media RSS's media:description (feedgen has
    no field for it): a reader that shows the picture can say what it shows."""
    for element, entry in zip(elements, feed.entries):
        media = element.find(f"{{{MEDIA}}}content")
        if entry.image and entry.image.alt and media is not None:
            description = etree.SubElement(media, f"{{{MEDIA}}}description", type="plain")
            description.text = plain(entry.image.alt)


def atom(feed: Feed) -> bytes:
    fg = _generator(feed, "atom")
    # Atom declares the body as type="html"; RSS's content:encoded is HTML by definition.
    for fe in fg.entry():
        fe.content(fe.content()["content"], type="html")
    return _mend_atom_links(fg.atom_str(pretty=True), feed)


def _mend_atom_links(document: bytes, feed: Feed) -> bytes:
    """feedgen 1.0 drops rel, type and length from entry links in Atom: put them back.

    Each entry has its permalink first and, when it has a card, the card second.
    """
    root = etree.fromstring(document)
    _describe_images(root.findall(f"{{{ATOM}}}entry"), feed)
    for element, entry in zip(root.findall(f"{{{ATOM}}}entry"), feed.entries):
        links = element.findall(f"{{{ATOM}}}link")
        links[0].attrib.update({"rel": "alternate", "type": "text/html"})
        if entry.image:
            links[1].attrib.update({"rel": "enclosure", "type": entry.image.type, "length": str(entry.image.length)})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def json_feed(feed: Feed) -> bytes:
    items = []
    for e in feed.entries:
        item = {
            "id": e.id,
            "url": e.url,
            "title": plain(e.title),
            "summary": plain(e.summary),
            "content_html": printable(e.content_html),
            "date_published": e.published.isoformat(),
            "date_modified": e.updated.isoformat(),
            "authors": [{"name": plain(e.author)}],
            "tags": [plain(t) for t in e.categories],
        }
        if e.image:
            item["image"] = e.image.url
            item["attachments"] = [{"url": e.image.url, "mime_type": e.image.type, "size_in_bytes": e.image.length}]
        items.append(item)
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": plain(feed.title),
        "description": plain(feed.description),
        "home_page_url": feed.home_url,
        "feed_url": feed.url("json"),
        "language": feed.language,
        "items": items,
    }
    if feed.icon:
        document["icon"] = document["favicon"] = feed.icon
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


WRITERS = {"rss": rss, "atom": atom, "json": json_feed}


def write_feeds(site_dir: str, feeds: list[tuple[str, Feed]]) -> None:
    """Write each feed as feeds/<key>.rss, .atom and .json under ``site_dir``."""
    for key, feed in feeds:
        stem = Path(site_dir) / "feeds" / key  # "all", "tags/jobs", "partners/city-hall"
        stem.parent.mkdir(parents=True, exist_ok=True)
        for ext, write in WRITERS.items():
            stem.with_name(f"{stem.name}.{ext}").write_bytes(write(feed))
