"""RSS, Atom and JSON Feed documents, read back with feedparser and json."""

from __future__ import annotations

import datetime as dt
import json

import feedparser
import pytest

from backbone.feeds.formats import WRITERS, atom, json_feed, rss
from backbone.feeds.model import Entry, Feed, Image, tag_uri
from backbone.render.sanitise import portable_html

UTC = dt.timezone.utc
SITE = "https://harbour.example.org/"


def entry(slug: str, day: int, **extra) -> Entry:
    published = dt.datetime(2025, 3, day, tzinfo=UTC)
    html = portable_html(
        '<p>See <a href="../other/">the other story</a> and <img src="images/a.png" alt="A chart">'
        '<script>alert(1)</script><a href="javascript:alert(2)">x</a></p>',
        f"{SITE}stories/{slug}/",
    )
    values = dict(
        id=tag_uri(SITE, published.date(), f"stories/{slug}"),
        url=f"{SITE}stories/{slug}/",
        title=f"Story {slug}",
        summary=f"Summary of {slug}",
        content_html=html,
        published=published,
        updated=published + dt.timedelta(days=1),
        author="Amira Haddad",
        categories=("employers", "city-hall"),
        image=Image(f"{SITE}stories/{slug}/card.png", 48213, alt=f"Card of {slug}"),
    )
    values.update(extra)
    return Entry(**values)


@pytest.fixture
def feed() -> Feed:
    return Feed(
        key="stories",
        title="Harbour Health: stories",
        description="Stories of the alliance",
        home_url=f"{SITE}stories/",
        base_url=SITE,
        language="en",
        entries=(entry("b", 20), entry("a", 3)),
        icon=f"{SITE}assets/brand/mark.png",
    )


@pytest.mark.parametrize("write", [rss, atom], ids=["rss", "atom"])
def test_xml_feeds_carry_every_field(feed, write):
    parsed = feedparser.parse(write(feed))
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.feed.title == "Harbour Health: stories"
    assert parsed.feed.link == f"{SITE}stories/"
    assert parsed.feed.updated_parsed[:3] == (2025, 3, 21), "the newest entry's date, not the clock"
    assert [e.title for e in parsed.entries] == ["Story b", "Story a"], "newest first"
    first = parsed.entries[0]
    assert first.link == f"{SITE}stories/b/"
    assert first.id == "tag:harbour.example.org,2025-03-20:stories/b"
    assert first.published == ("Thu, 20 Mar 2025 00:00:00 +0000" if write is rss else "2025-03-20T00:00:00+00:00")
    assert first.author == "Amira Haddad"
    assert [t.term for t in first.tags] == ["employers", "city-hall"]
    assert first.summary == "Summary of b"
    html = first.content[0].value
    assert f'href="{SITE}stories/other/"' in html and f'src="{SITE}stories/b/images/a.png"' in html
    assert "<script" not in html and "javascript:" not in html
    assert first.media_content[0]["url"] == f"{SITE}stories/b/card.png"
    assert first.media_content[0]["medium"] == "image"
    assert first.enclosures[0]["href"] == f"{SITE}stories/b/card.png"
    assert first.enclosures[0]["length"] == "48213" and first.enclosures[0]["type"] == "image/png"


def test_atom_entry_updated_date(feed):
    first = feedparser.parse(atom(feed)).entries[0]
    assert first.updated == "2025-03-21T00:00:00+00:00"


def test_json_feed_has_the_required_fields(feed):
    document = json.loads(json_feed(feed))
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["title"] and document["feed_url"] == f"{SITE}feeds/stories.json"
    item = document["items"][0]
    assert item["id"] == "tag:harbour.example.org,2025-03-20:stories/b"
    assert item["url"] == f"{SITE}stories/b/"
    assert item["date_published"] == "2025-03-20T00:00:00+00:00"
    assert item["image"] == f"{SITE}stories/b/card.png"
    assert item["authors"] == [{"name": "Amira Haddad"}]
    assert "<script" not in item["content_html"]


def test_same_feed_same_bytes_and_no_trace_of_the_clock(feed):
    old = Feed(
        **{
            **feed.__dict__,
            "entries": tuple(
                Entry(
                    **{
                        **e.__dict__,
                        "published": e.published.replace(year=2019),
                        "updated": e.updated.replace(year=2019),
                    }
                )
                for e in feed.entries
            ),
        }
    )
    first = {ext: write(old) for ext, write in WRITERS.items()}
    assert {ext: write(old) for ext, write in WRITERS.items()} == first
    this_year = str(dt.date.today().year).encode()
    for ext, data in first.items():
        assert this_year not in data, f"the {ext} feed carries the build time"


def test_an_empty_feed_is_still_valid(feed):
    empty = Feed(**{**feed.__dict__, "entries": ()})
    for write in (rss, atom):
        assert not feedparser.parse(write(empty)).bozo
    assert json.loads(json_feed(empty))["items"] == []
