"""Feeds in a real build: every feed read back with feedparser, discovery links, the feeds page."""

from __future__ import annotations

import json

import feedparser
import pytest
from stories_helpers import build, with_stories
from support import backbone_options, every_worker

from backbone import background

SITE = "https://harbour.example.org/"


def with_feeds(tmp_path, feeds_config=None):
    project = with_stories(tmp_path)
    if feeds_config:
        project.edit("site_config.yml", lambda d: backbone_options(d, "feeds", **feeds_config))
    return project


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = with_feeds(tmp_path_factory.mktemp("feeds"))
    with every_worker():  # written by the worker, as a larger site's are
        result = build(project)
    assert result.error is None, result.error
    assert result.warnings == []
    result.project = project
    return result


def feed_files(built):
    return sorted(
        p.relative_to(built.site).as_posix() for p in (built.site / "feeds").rglob("*") if p.suffix in (".rss", ".atom")
    )


def test_every_xml_feed_parses_without_bozo(built):
    files = feed_files(built)
    assert "feeds/stories.rss" in files and "feeds/stories.atom" in files
    assert any(f.startswith("feeds/tags/") for f in files) and any(f.startswith("feeds/partners/") for f in files)
    for rel in files:
        parsed = feedparser.parse(built.site / rel)
        assert not parsed.bozo, (rel, parsed.bozo_exception)
        assert parsed.entries, rel


@pytest.mark.parametrize("ext", ["rss", "atom"])
def test_story_entry_fields(built, ext):
    parsed = feedparser.parse(built.site / f"feeds/stories.{ext}")
    dates = [e.published_parsed for e in parsed.entries]
    assert dates == sorted(dates, reverse=True), "newest first"
    entry = next(e for e in parsed.entries if e.link == f"{SITE}stories/triage-line/")
    assert entry.title == "The triage line that emptied the waiting room"
    assert entry.id.startswith("tag:harbour.example.org,2024-05-02:stories/")
    assert entry.published_parsed[:3] == (2024, 5, 2) and ("+0000" in entry.published or "+00:00" in entry.published)
    assert entry.author
    terms = [t.term for t in entry.tags]
    assert terms and any(t[0].isupper() for t in terms), "tags and partner names"
    assert entry.summary
    html = entry.content[0].value
    assert "<script" not in html and "onerror" not in html
    for url in __import__("re").findall(r'(?:href|src)="([^"]+)"', html):
        assert url.startswith(("https://", "mailto:")), url
    assert entry.media_content[0]["url"] == f"{SITE}stories/images/phone.png"  # the story's picture
    enclosure = entry.enclosures[0]
    assert enclosure["type"] == "image/png"
    assert int(enclosure["length"]) == (built.site / "stories/images/phone.png").stat().st_size


def test_drafts_and_future_stories_never_appear(built):
    for path in (built.site / "feeds").rglob("*"):
        if path.is_file():
            text = path.read_text()
            assert "secret-plan" not in text and "far-future" not in text, path


def test_json_feed_required_fields(built):
    document = json.loads((built.site / "feeds/stories.json").read_text())
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["title"] and document["items"]
    for item in document["items"]:
        assert item["id"] and item["url"].startswith(SITE)
        assert item["content_html"] and item["date_published"].endswith("+00:00")


def test_feeds_are_linked_from_every_page(built):
    for rel in ("index.html", "partners/index.html", "stories/triage-line/index.html"):
        links = built.html(rel).find_all("link", rel="alternate")
        hrefs = {link["href"] for link in links}
        assert {f"{SITE}feeds/stories.rss", f"{SITE}feeds/stories.atom", f"{SITE}feeds/stories.json"} <= hrefs, rel
        assert {link["type"] for link in links} >= {
            "application/rss+xml",
            "application/atom+xml",
            "application/feed+json",
        }


def test_tag_and_partner_pages_link_their_own_feeds(built):
    tag = sorted((built.site / "feeds/tags").glob("*.rss"))[0].stem
    hrefs = {link["href"] for link in built.html(f"stories/tags/{tag}/index.html").find_all("link", rel="alternate")}
    assert f"{SITE}feeds/tags/{tag}.rss" in hrefs
    partner = sorted((built.site / "feeds/partners").glob("*.rss"))[0].stem
    hrefs = {link["href"] for link in built.html(f"partners/{partner}/index.html").find_all("link", rel="alternate")}
    assert f"{SITE}feeds/partners/{partner}.atom" in hrefs
    hrefs = {link["href"] for link in built.html("index.html").find_all("link", rel="alternate")}
    assert not any("/tags/" in h or "/partners/" in h for h in hrefs)


def test_feeds_page_lists_every_feed_with_copy_buttons(built):
    soup = built.html("feeds/index.html")
    buttons = {b["data-copy-text"] for b in soup.select("button[data-copy-text]")}
    for rel in feed_files(built):
        assert SITE + rel in buttons, rel
    assert "RSS-to-email" in soup.get_text() or "RSS to email" in soup.get_text()


def test_rebuild_gives_identical_feeds(built, tmp_path):
    again = build(built.project, site_dir=tmp_path / "again")
    assert again.error is None
    for path in (built.site / "feeds").rglob("*"):
        if path.is_file():
            assert (tmp_path / "again" / path.relative_to(built.site)).read_bytes() == path.read_bytes(), path


def test_limit_caps_the_entries(tmp_path):
    built = build(with_feeds(tmp_path, {"limit": 1}))
    assert built.error is None, built.error
    assert len(feedparser.parse(built.site / "feeds/stories.rss").entries) == 1


@pytest.mark.parametrize(
    "change, message",
    [
        (
            lambda d: backbone_options(d, "feeds", limit=-5),
            "'limit' is how many entries each feed carries; it must be 1 or more, not -5",
        ),
        (lambda d: d.pop("site_url"), "site_url is required"),
    ],
)
def test_bad_configuration(tmp_path, change, message):
    project = with_feeds(tmp_path)
    project.edit("site_config.yml", change)
    built = build(project)
    assert built.error is not None and message in built.error, built.error


def test_feeds_are_the_same_without_a_worker_process(built, tmp_path, monkeypatch):
    """A worker process writes the feeds while the theme renders the pages; where none can
    be started, this process writes the same files."""

    def refuse(*args, **kwargs):
        raise OSError("no processes here")

    monkeypatch.setattr(background, "ProcessPoolExecutor", refuse)
    here = build(built.project, site_dir=tmp_path / "here")
    assert here.error is None, here.error
    feeds = {p.relative_to(built.site).as_posix(): p.read_bytes() for p in sorted((built.site / "feeds").rglob("*.*"))}
    assert "feeds/stories.json" in feeds and "feeds/tags/clinics.rss" in feeds
    assert feeds == {
        p.relative_to(here.site).as_posix(): p.read_bytes() for p in sorted((here.site / "feeds").rglob("*.*"))
    }
