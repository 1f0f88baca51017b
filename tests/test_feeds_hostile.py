"""Hostile names, titles and summaries in feeds and e-mails: shown as text, never markup;
control characters refused with a located message, and never a crash of the writers.

Every feed is read twice: raw (lxml, json), to assert the exact escaping, and with
feedparser, as a reader would (feedparser sanitises, so it alone proves nothing).
"""

from __future__ import annotations

import datetime as dt
import json

import feedparser
import lxml.html
import pytest
from lxml import etree
from stories_helpers import build, with_stories
from test_learning import AAR

from backbone.feeds.formats import atom, json_feed, rss
from backbone.feeds.model import Entry, Feed

HOSTILE = "<img src=x onerror=alert(1)> & \"q\" 's' &lt;b&gt; ]]> </script>"
ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC = "{http://purl.org/dc/elements/1.1/}creator"


def hostile(word: str) -> str:
    return f"{word.upper()}MARK {HOSTILE}"


def story(text: str, **fields) -> str:
    lines = "".join(f"{key}: {json.dumps(value)}\n" for key, value in fields.items())
    return f"---\n{lines}---\n\n{text}\n"


def hostile_project(tmp_path):
    project = with_stories(tmp_path)
    project.edit(
        "data/identity.yml",
        lambda d: (
            d.update(name=hostile("site"), short_name="SHORTMARK <img src=x onerror=alert(1)>")
            or d["boilerplate"].update(short=hostile("boiler"))
        ),
    )
    project.edit("data/partners.yml", lambda d: d["partners"][0].update(name=hostile("partner")))
    project.write(
        "content/stories/2024-05-09-hostile.md",
        story(
            '<p title="]]>">Body ]]> &lt;script&gt;</p>',
            title=hostile("title"),
            date="2024-05-09",
            summary=hostile("summary")[:200],
            author=hostile("author"),
            partners=["city-hall"],
            tags=["triage"],
            quote={"text": hostile("quote"), "name": hostile("quoted")},
        ),
    )
    review = AAR.replace("title: Winter triage line", f"title: {json.dumps(hostile('review'))}")
    review = review.replace("summary: The triage line's first winter.", f"summary: {json.dumps(hostile('gist'))}")
    project.write("content/learning/2025-03-winter.md", review)
    return project


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    result = build(hostile_project(tmp_path_factory.mktemp("hostile")))
    assert result.error is None, result.error
    return result.site


def elements(html: str) -> list[str]:
    """The elements an HTML reader would make of ``html`` (a fragment)."""
    return [el.tag for el in lxml.html.fragment_fromstring(html, create_parent="div").iter()][1:]


def markers(text: str) -> set[str]:
    return {w for w in text.split() if w.endswith("MARK")}


def xml(site, rel):
    return etree.parse(str(site / rel)).getroot()


@pytest.mark.parametrize("rel", ["feeds/stories.rss", "feeds/partners/city-hall.rss", "feeds/learning.rss"])
def test_rss_fields_that_readers_render_as_html_hold_only_text(site, rel):
    channel = xml(site, rel).find("channel")
    items = channel.findall("item")
    assert items
    # <description> is HTML: its text must parse to no element and read as the value.
    for description in [channel.find("description"), *(i.find("description") for i in items)]:
        assert elements(description.text) == [], description.text
    # Titles, authors and categories declare no type: '<' is an entity, so no reader makes a tag.
    for element in [
        channel.find("title"),
        *(e for i in items for e in (i.find("title"), i.find(DC), *i.findall("category")) if e is not None),
    ]:
        assert elements(element.text) == [], element.text
    shown = " ".join(
        lxml.html.fragment_fromstring(e.text, create_parent="div").text_content()
        for e in channel.iter()
        if e.text and "MARK" in e.text
    )
    assert HOSTILE in shown  # the words are all there, as text


def test_hostile_story_in_rss_atom_and_json(site):
    rss_item = next(i for i in xml(site, "feeds/stories.rss").iter("item") if "TITLEMARK" in i.find("title").text)
    assert (
        lxml.html.fragment_fromstring(rss_item.find("description").text, create_parent="div").text_content()
        == hostile("summary")[:200]
    )
    assert "<script" not in rss_item.find(CONTENT).text and 'title="]]&gt;"' in rss_item.find(CONTENT).text

    entry = next(
        e for e in xml(site, "feeds/stories.atom").iter(f"{ATOM}entry") if "TITLEMARK" in e.find(f"{ATOM}title").text
    )
    assert entry.find(f"{ATOM}title").get("type", "text") == "text" and entry.find(f"{ATOM}title").text == hostile(
        "title"
    )
    assert (
        entry.find(f"{ATOM}summary").get("type") == "text"
        and entry.find(f"{ATOM}summary").text == hostile("summary")[:200]
    )
    assert entry.find(f"{ATOM}content").get("type") == "html"
    assert "script" not in elements(entry.find(f"{ATOM}content").text)

    document = json.loads((site / "feeds/stories.json").read_text())
    item = next(i for i in document["items"] if "TITLEMARK" in i["title"])
    assert item["title"] == hostile("title") and item["summary"] == hostile("summary")[:200]
    assert item["authors"] == [{"name": hostile("author")}] and hostile("partner") in item["tags"]
    assert "script" not in elements(item["content_html"]) and "img" not in elements(item["content_html"])


@pytest.mark.parametrize("ext", ["rss", "atom"])
def test_feedparser_shows_the_words_and_no_element(site, ext):
    parsed = feedparser.parse(site / f"feeds/stories.{ext}")
    assert not parsed.bozo, parsed.bozo_exception
    entry = next(e for e in parsed.entries if "TITLEMARK" in e.title)
    for detail in (entry.title_detail, entry.summary_detail, parsed.feed.title_detail):
        value = detail.value
        shown = (
            lxml.html.fragment_fromstring(value, create_parent="div").text_content()
            if detail.type == "text/html"
            else value
        )
        assert "onerror=alert(1)>" in shown, (detail.type, value)
        if detail.type == "text/html":
            assert elements(value) == [], value


def test_emails_escape_every_value(site):
    for rel in ("stories/hostile/email.html", "newsletter/2024-05/email.html"):
        page = lxml.html.fromstring((site / rel).read_text())
        assert not page.xpath("//body//img[@onerror] | //script | //*[@onerror]"), rel
        text = page.text_content()
        for word in ("TITLEMARK", "SUMMARYMARK", "AUTHORMARK", "SITEMARK", "BOILERMARK"):
            assert f"{word} {HOSTILE}"[:60] in text, (rel, word)
    for rel in ("stories/hostile/email.txt", "newsletter/2024-05/email.txt"):
        text = (site / rel).read_text()
        assert "<img" not in text and "</script" not in text, rel
        assert "‹img src=x onerror=alert(1)>" in text


# --- control characters ----------------------------------------------------------------


@pytest.mark.parametrize(
    "rel, change, where",
    [
        (
            "content/stories/2024-05-02-triage-line.md",
            lambda t: t.replace("title: The triage", 'title: "Bell \\a The triage').replace(
                "waiting room\n", 'waiting room"\n', 1
            ),
            "content/stories/2024-05-02-triage-line.md:2 (title): delete the character U+0007",
        ),
        (
            "content/stories/2024-05-02-triage-line.md",
            lambda t: t.replace("share **one**", "share \x1b**one**"),
            "content/stories/2024-05-02-triage-line.md:21: delete the character U+001B at column 29 (a control character",
        ),
        (
            "data/partners.yml",
            lambda t: t.replace("name: Harbour City Hall", 'name: "Harbour \\x0c City Hall"'),
            "data/partners.yml:3 (partners[0].name): delete the character U+000C",
        ),
        (
            "data/identity.yml",
            lambda t: t.replace("name: Harbour Health Alliance", 'name: "Harbour \\uFFFE Health"'),
            "data/identity.yml:1 (name): delete the character U+FFFE (a non-character",
        ),
        (
            "content/learning/2025-03-winter.md",
            lambda t: t.replace("Two hundred calls", "Two \x07hundred calls"),
            "content/learning/2025-03-winter.md:33: delete the character U+0007 at column 5",
        ),
        (
            "content/learning/2025-03-winter.md",
            lambda t: t.replace("title: Winter triage line", 'title: "Winter \\x01 line"'),
            "content/learning/2025-03-winter.md:2 (title): delete the character U+0001",
        ),
    ],
)
def test_control_characters_are_refused_with_a_located_message(tmp_path, rel, change, where):
    project = with_stories(tmp_path)
    project.write("content/learning/2025-03-winter.md", AAR)
    project.write(rel, change(project.path(rel).read_text()))
    result = build(project)
    assert result.error is not None and where in result.error, result.error


def test_writers_never_crash_on_forbidden_characters_and_close_bidi_overrides():
    day = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
    nasty = "Bell\x07 \x00nul \ud800 \ufffe \u202eevil"
    entry = Entry(
        id="tag:x.org,2025-01-01:a",
        url="https://x.org/a/",
        title=nasty,
        summary=nasty,
        content_html=f"<p>{nasty}</p>",
        published=day,
        updated=day,
        author=nasty,
        categories=(nasty,),
    )
    feed = Feed("stories", nasty, nasty, "https://x.org/", "https://x.org/", "en", (entry,))
    for write in (rss, atom):
        root = etree.fromstring(write(feed))
        texts = [
            t for t in root.itertext() if "evil" in t and "<p>" not in t
        ]  # a body's bidi controls end with its paragraph
        assert len(texts) >= 5 and all(
            t.endswith("evil\u202c") and "\x07" not in t and "\x00" not in t for t in texts
        ), texts
    item = json.loads(json_feed(feed))["items"][0]
    assert item["title"] == "Bell nul   \u202eevil\u202c"
