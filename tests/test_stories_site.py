"""Stories in a real build: pages, sharing tags, cards, e-mails, drafts, aliases, sections."""

from __future__ import annotations

import multiprocessing
import os
import re
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from bs4 import BeautifulSoup
from fakes import FakeMetricsFeature
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from PIL import Image
from stories_helpers import build, with_stories
from support import backbone_options, every_worker, own_process

from backbone import background
from backbone.stories import mailroom

SITE = "https://harbour.example.org/"
PUBLISHED = {
    "triage-line": ("The triage line that emptied the waiting room", "2024-05-02"),
    "food-vouchers": ("Healthy meals for every family", "2024-03-10"),
    "city-data": ("What the city's data showed", "2024-05-20"),
}
UNPUBLISHED = ("secret-plan", "far-future")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = with_stories(tmp_path_factory.mktemp("stories"), config={"per_page": 2})
    metrics = FakeMetricsFeature()
    result = project.build(features={"metrics": metrics})
    assert result.error is None, result.error
    assert result.warnings == []
    result.metrics = metrics
    result.project = project
    return result


def meta(soup, key):
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


@pytest.mark.parametrize("slug", sorted(PUBLISHED))
def test_open_graph_and_twitter_tags(built, slug):
    title, date = PUBLISHED[slug]
    soup = built.html(f"stories/{slug}/index.html")
    url = f"{SITE}stories/{slug}/"
    summary = soup.select_one(".bb-story-summary").get_text()
    assert meta(soup, "og:title") == title
    assert meta(soup, "og:description") == summary and len(summary) <= 200
    assert meta(soup, "og:type") == "article"
    assert meta(soup, "og:url") == url
    assert soup.find("link", rel="canonical")["href"] == url
    assert meta(soup, "og:image") == f"{url}card.png"
    assert (meta(soup, "og:image:width"), meta(soup, "og:image:height")) == ("1200", "630")
    assert title in meta(soup, "og:image:alt")
    assert meta(soup, "article:published_time") == date
    assert meta(soup, "twitter:card") == "summary_large_image"
    assert meta(soup, "twitter:image") == f"{url}card.png"
    assert soup.find("meta", attrs={"name": "description"})["content"] == summary


@pytest.mark.parametrize("slug", sorted(PUBLISHED))
def test_cards_are_pngs_of_the_right_size(built, slug):
    for name, size in (("card.png", (1200, 630)), ("slide.png", (1920, 1080))):
        with Image.open(built.site / f"stories/{slug}/{name}") as image:
            assert image.format == "PNG"
            assert image.size == size


def test_story_page_parts(built):
    soup = built.html("stories/triage-line/index.html")
    assert soup.find("h1").get_text() == PUBLISHED["triage-line"][0]
    figures = [
        (
            li.select_one(".bb-figure__value").get_text(),
            li.select_one(".bb-figure__title").get_text(),
            li.select_one(".bb-figure__period").get_text(),
        )
        for li in soup.select(".bb-figure")
    ]
    # FakeFigures: people-helped 2024-Q2 = 150 after 120 (+25%); satisfaction latest = 74 after 71 (+4%)
    assert figures == [
        ("150", "People helped", "Q2 2024 · up 25% on Q1 2024"),
        ("74%", "Residents satisfied", "Q4 2024 · up 4% on Q3 2024"),
    ]
    assert soup.select_one(".bb-figure__title a")["href"] == "../../metrics/people-helped/"
    quote = soup.select_one(".bb-pull-quote")
    assert "a nurse could answer" in quote.blockquote.get_text() and "Ana Ruiz" in quote.figcaption.get_text()
    partners = [a["href"] for a in soup.select(".bb-story-partners__list a")]
    assert partners == ["../../partners/harbour-clinic/", "../../partners/city-hall/"]
    assert soup.select_one(".bb-story-partners__list img")["src"] == "../../assets/partners/city-hall.svg"
    assert soup.select_one(".bb-reading-time").get_text() == "1 min read"
    image = soup.select_one(".bb-story-image img")
    assert (image["src"], image["alt"], image["width"]) == (
        "../images/phone.png",
        "A phone on a desk in the clinic",
        "800",
    )
    assert (built.site / "stories/images/phone.png").is_file()
    # related: food-vouchers shares the 'clinics' tag; city-data shares a metric and a partner (ranks first)
    assert [a["href"] for a in soup.select(".bb-related a")] == ["../city-data/", "../food-vouchers/"]
    # the body's Markdown link is rewritten for the slug URL
    assert soup.select_one(".bb-story-body a")["href"] == "../../partners/"


def test_raw_html_is_sanitised_on_the_page(built):
    body = built.html("stories/triage-line/index.html").select_one(".bb-story-body")
    assert body.find("script") is None and "alert" not in body.get_text()
    assert all(not attr.startswith("on") for tag in body.find_all(True) for attr in tag.attrs)
    assert "Raw HTML stays safe." in body.get_text()


def test_share_links_are_plain_links(built):
    soup = built.html("stories/triage-line/index.html")
    url = f"{SITE}stories/triage-line/"
    links = {a.get_text(): a["href"] for a in soup.select(".bb-share__links a")}
    assert sorted(links) == ["Bluesky", "Email", "Facebook", "LinkedIn", "WhatsApp", "X"]
    assert parse_qs(urlparse(links["LinkedIn"]).query)["url"] == [url]
    assert parse_qs(urlparse(links["Facebook"]).query)["u"] == [url]
    assert parse_qs(urlparse(links["X"]).query)["url"] == [url]
    assert url in parse_qs(urlparse(links["Bluesky"]).query)["text"][0]
    assert url in parse_qs(urlparse(links["WhatsApp"]).query)["text"][0]
    mail = urlparse(links["Email"])
    assert mail.scheme == "mailto"
    fields = parse_qs(mail.query)
    assert fields["subject"][0].startswith(PUBLISHED["triage-line"][0]) and url in fields["body"][0]
    assert soup.select_one(".bb-share__copy")["data-copy-text"] == url
    for script in soup.find_all("script", src=True):
        assert not re.match(r"^(https?:)?//", script["src"]), script["src"]


def test_reuse_kit(built):
    soup = built.html("stories/triage-line/index.html")
    kit = soup.select_one(".bb-kit")
    assert kit.select_one("#kit-permalink-value")["value"] == f"{SITE}stories/triage-line/"
    embed = BeautifulSoup(kit.select_one("#kit-embed-value").get_text(), "html.parser")
    assert embed.find("a")["href"] == f"{SITE}stories/triage-line/"
    assert embed.find("img")["src"] == f"{SITE}stories/triage-line/card.png"
    assert embed.find("script") is None and embed.find("link") is None
    downloads = {a["href"]: a["download"] for a in kit.select("a[download]")}
    assert downloads == {"card.png": "triage-line-card.png", "slide.png": "triage-line-slide.png"}
    citation = kit.select_one("#kit-citation-value").get_text()
    assert (
        citation
        == f"Dana Kim, “The triage line that emptied the waiting room”, Harbour Health Alliance, May 2, 2024. {SITE}stories/triage-line/"
    )
    css = built.text("assets/backbone/stories.css")
    print_css = css[css.index("@media print") :]
    assert ".md-header" in print_css and ".bb-kit" in print_css and ".md-sidebar" in print_css


def email_urls(soup):
    for tag in soup.find_all(True):
        for attr in ("href", "src", "background", "action"):
            if tag.get(attr):
                yield tag.name, tag[attr]


@pytest.mark.parametrize(
    "rel", ["stories/triage-line/email.html", "stories/food-vouchers/email.html", "newsletter/2024-05/email.html"]
)
def test_email_rules(built, rel):
    raw = (built.site / rel).read_bytes()
    assert len(raw) < 102_000
    soup = BeautifulSoup(raw, "lxml")
    assert soup.find("script") is None
    assert soup.find("link") is None
    assert soup.find("style") is None
    for name, url in email_urls(soup):
        assert re.match(r"^(https://|mailto:)", url), (name, url)
    for image in soup.find_all("img"):
        assert image.get("alt"), image
        assert urlparse(image["src"]).path.endswith(".png"), image["src"]
    tables = soup.find_all("table")
    assert tables
    for table in tables:
        width = table.get("width", "100%")
        assert width == "100%" or int(width) <= 600, table.get("width")
        for px in re.findall(r"(?<![-\w])width:\s*(\d+)px", table.get("style", "")):
            assert int(px) <= 600
    for tag in soup.find_all(style=True):
        for px in re.findall(r"(?<![-\w])width:\s*(\d+)px", tag["style"]):
            assert int(px) <= 600
    assert soup.select_one(".preheader") is not None and soup.select_one(".preheader")["style"].startswith(
        "display: none"
    )


def test_story_email_content(built):
    soup = BeautifulSoup(built.text("stories/triage-line/email.html"), "lxml")
    assert soup.select_one(".preheader").get_text().startswith("One phone number for every clinic")
    assert soup.find("h1").get_text() == PUBLISHED["triage-line"][0]
    # the story's own picture is the hero (its card is for stories without one)
    hero = soup.find("img", class_="hero")
    assert (hero["src"], hero["alt"], hero["width"]) == (
        f"{SITE}stories/images/phone.png",
        "A phone on a desk in the clinic",
        "600",
    )
    assert "Raw HTML stays safe." in soup.get_text() and "alert" not in soup.get_text()
    # the body's relative link became absolute
    assert f"{SITE}partners/" in [a["href"] for a in soup.find_all("a")]


def test_plain_text_twin(built):
    text = built.text("stories/triage-line/email.txt")
    assert "<" not in text.replace("<", "", 0) or not re.search(r"<[a-z/][^>]*>", text)
    lines = text.splitlines()
    assert lines[0] == "THE TRIAGE LINE THAT EMPTIED THE WAITING ROOM"
    assert "* 150 — People helped, Q2 2024 (up 25% on Q1 2024)" in lines
    assert "Read about the partners" in text and f"({SITE}partners/)" in text
    assert f"Read it on the web: {SITE}stories/triage-line/" in lines
    assert "alert" not in text
    assert max(len(line) for line in lines) <= 80


def test_newsletter_digests(built):
    may = built.text("newsletter/2024-05/email.txt")
    assert may.splitlines()[0] == "HARBOUR HEALTH ALLIANCE: STORIES OF MAY 2024"
    # newest first: city-data (20 May) before triage-line (2 May)
    assert may.index("What the city's data showed") < may.index("The triage line")
    assert "Healthy meals" not in may
    soup = built.html("newsletter/index.html")
    months = [h2.get_text() for h2 in soup.select("article h2")]
    assert months == ["May 2024", "March 2024"]
    assert soup.select_one("#m-2024-05 + p a")["href"] == "2024-05/email.html"
    assert not (built.site / "newsletter/2024-04").exists()  # only the draft was in April


def test_drafts_and_future_stories_are_left_out(built):
    for slug in UNPUBLISHED:
        assert not (built.site / f"stories/{slug}").exists(), slug
    html = "".join(p.read_text(encoding="utf-8") for p in built.site.rglob("*.html"))
    html += "".join(p.read_text(encoding="utf-8") for p in built.site.rglob("*.txt"))
    for title in ("The secret plan", "A story from the future"):
        assert title not in html
    assert not (built.site / "stories/tags/secret").exists() and not (built.site / "stories/tags/future").exists()
    assert "secret-plan" not in built.text("sitemap.xml")


def test_index_is_paginated_and_out_of_the_navigation(built):
    first = built.html("stories/index.html")
    second = built.html("stories/page/2/index.html")
    assert [a.get_text() for a in first.select(".bb-story-item__title a")] == [
        "What the city's data showed",
        "The triage line that emptied the waiting room",
    ]
    assert [a.get_text() for a in second.select(".bb-story-item__title a")] == ["Healthy meals for every family"]
    assert first.select_one(".bb-pager a[rel=next]")["href"] == "page/2/"
    assert second.select_one(".bb-pager a[rel=prev]")["href"] == "../../"
    nav = " ".join(a.get("href", "") for a in built.html("index.html").select(".md-nav a"))
    assert "triage-line" not in nav and "tags/" not in nav and "page/2" not in nav


def test_tag_partner_and_metric_sections(built):
    tag = built.html("stories/tags/clinics/index.html")
    assert [a["href"] for a in tag.select(".bb-story-item__title a")] == ["../../triage-line/", "../../food-vouchers/"]
    partner = built.html("partners/city-hall/index.html")
    section = partner.find("h2", id="stories")
    assert section.get_text() == "Stories with Harbour City Hall"
    assert [a["href"] for a in partner.select(".bb-story-item__title a")] == [
        "../../stories/city-data/",
        "../../stories/triage-line/",
    ]
    assert (
        built.html("partners/dockside-foods/index.html").select(".bb-story-item__title a")[0]["href"]
        == "../../stories/food-vouchers/"
    )
    sections = built.metrics.metric_sections  # data: each metric page's sections, by metric id
    [section] = sections["people-helped"]
    html = BeautifulSoup(section, "html.parser")
    assert html.find("h2").get_text() == "Stories that cite this metric"
    assert [a["href"] for a in html.select("a") if a.get_text()] == [
        "../../stories/city-data/",
        "../../stories/triage-line/",
    ]
    assert sections["clinic-visits"] == [""]


def test_alias_redirects_to_the_current_address(built):
    soup = built.html("stories/phone-line/index.html")
    url = f"{SITE}stories/triage-line/"
    assert soup.find("link", rel="canonical")["href"] == url
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})["content"]
    assert refresh == f"0; url={url}"
    assert soup.find("a")["href"] == url


def test_stale_claims_page(built):
    soup = built.html("stories/claims/index.html")
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in soup.select("tbody tr")]
    # triage-line cites people-helped@2024-Q2; the newest period is 2024-Q4
    assert rows == [[PUBLISHED["triage-line"][0], "people-helped@2024-Q2", "Q4 2024"]]  # no file path on a page


def test_stale_claims_can_fail_the_build(tmp_path):
    project = with_stories(tmp_path, config={"stale_claims": "warn"})
    result = build(project)
    assert result.error is not None
    assert any(
        "content/stories/2024-05-02-triage-line.md: 'people-helped@2024-Q2' cites 2024-Q2, but 2024-Q4 is now available"
        in w
        for w in result.warnings
    )


def test_trusted_html_is_kept_on_the_page_but_never_in_email(tmp_path):
    project = with_stories(tmp_path)
    project.edit("site_config.yml", lambda d: backbone_options(d, trusted=["stories/2024-05-02-triage-line.md"]))
    other = project.path("content/stories/food-vouchers.md")
    other.write_text(other.read_text() + '\n<p onclick="steal()">Not trusted.</p>\n')
    result = build(project)
    assert result.error is None, result.error
    body = result.html("stories/triage-line/index.html").select_one(".bb-story-body")
    assert body.find("p", onclick=True) is not None
    other = result.html("stories/food-vouchers/index.html").select_one(".bb-story-body")
    assert "Not trusted." in other.get_text() and other.find(onclick=True) is None  # only the story it names
    email = result.text("stories/triage-line/email.html")
    assert "onclick" not in email and "<script" not in email


def test_site_url_is_required(tmp_path):
    project = with_stories(tmp_path)
    project.edit("site_config.yml", lambda d: d.pop("site_url"))
    result = build(project)
    assert "site_url is required once there are stories" in result.error


def test_metrics_claims_need_the_metrics_plugin(tmp_path):
    project = with_stories(tmp_path)
    result = build(project, metrics=False)
    assert (
        "content/stories/2024-05-02-triage-line.md:7 (metrics): this story cites metrics, but metrics are off (no data/metrics/ folder)"
        in result.error
    )
    for rel in ("2024-05-02-triage-line.md", "2024-05-20-city-data.md"):
        project.path(f"content/stories/{rel}").unlink()
    result = build(project, metrics=False)
    assert result.error is None, result.error
    assert (result.site / "stories/food-vouchers/card.png").is_file()


def test_serve_shows_drafts_with_a_banner(tmp_path):
    project = with_stories(tmp_path)
    config = load_config(str(project.path("site_config.yml")), site_dir=str(tmp_path / "preview"))
    config.plugins["backbone"].doubles = {"metrics": FakeMetricsFeature()}
    config.plugins.on_startup(command="serve", dirty=False)
    mkdocs_build(config, serve_url="http://127.0.0.1:8000/")
    for slug in UNPUBLISHED:
        soup = BeautifulSoup((tmp_path / f"preview/stories/{slug}/index.html").read_text(), "html.parser")
        assert "not published" in soup.select_one(".bb-draft").get_text()
    index = (tmp_path / "preview/stories/index.html").read_text()
    assert "The secret plan" in index


def test_identical_inputs_give_identical_cards(tmp_path):
    project = with_stories(tmp_path)
    first = build(project, site_dir=tmp_path / "one")
    cache = project.path(".cache/backbone/cards")
    before = sorted(p.name for p in cache.iterdir())
    second = build(project, site_dir=tmp_path / "two")
    assert sorted(p.name for p in cache.iterdir()) == before  # nothing new drawn
    # each site's cards are links to the read-only cache entries, not copies
    entries = {os.stat(p).st_ino: p for p in cache.glob("*.png")}
    for site in (first.site, second.site):
        card = site / "stories/triage-line/card.png"
        assert os.stat(card).st_ino in entries
    assert all(not os.stat(p).st_mode & 0o222 for p in entries.values())
    for slug in PUBLISHED:
        for name in ("card.png", "slide.png", "email.html", "email.txt", "index.html"):
            assert (first.site / f"stories/{slug}/{name}").read_bytes() == (
                second.site / f"stories/{slug}/{name}"
            ).read_bytes(), (slug, name)


def test_emails_are_reused_from_the_cache_until_their_story_changes(tmp_path):
    """The inlined HTML and plain text of an unchanged story come from .cache/backbone/emails,
    byte for byte what a fresh build writes; an edited story is inlined and converted again."""
    project = with_stories(tmp_path)
    first = build(project)
    assert first.error is None, first.error
    cache = project.path(".cache/backbone/emails")
    entries = sorted(cache.iterdir())
    assert any(p.name.startswith("inline-") for p in entries) and any(p.name.startswith("text-") for p in entries)
    story = "content/stories/2024-05-02-triage-line.md"
    before = {rel: first.text(rel) for rel in ("stories/triage-line/email.html", "stories/triage-line/email.txt")}

    again = build(project, site_dir=tmp_path / "again")
    assert {rel: again.text(rel) for rel in before} == before
    assert sorted(cache.iterdir()) == entries  # nothing computed anew

    text = project.path(story).read_text(encoding="utf-8")
    project.write(story, text.replace("most callers never", "most callers now never"))
    edited = build(project, site_dir=tmp_path / "edited")
    assert "most callers now never" in edited.text("stories/triage-line/email.txt")
    assert "most callers now never" in edited.text("stories/triage-line/email.html")
    assert len(list(cache.iterdir())) > len(entries)


def _emails(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("email.*"))}


def test_emails_are_the_same_without_a_worker_process(tmp_path, monkeypatch):
    """E-mails are written by a worker process beside the page loop; where none can be
    started, this process writes the same files."""
    project = with_stories(tmp_path)
    with every_worker():
        worker = build(project, site_dir=tmp_path / "worker")
    assert worker.error is None, worker.error

    def refuse(*args, **kwargs):
        raise OSError("no processes here")

    monkeypatch.setattr(background, "ProcessPoolExecutor", refuse)
    for kept in project.path(".cache/backbone/emails").glob("email-*"):
        kept.unlink()  # else the build publishes the e-mails the first one kept, and writes none
    here = build(project, site_dir=tmp_path / "here")
    assert here.error is None, here.error
    emails = _emails(worker.site)
    assert "stories/triage-line/email.html" in emails and "newsletter/2024-05/email.txt" in emails
    assert emails == _emails(here.site)


def test_an_email_too_large_for_gmail_is_a_warning(tmp_path):
    """Said by every build, the next one too, which publishes the e-mail the first kept."""
    project = with_stories(tmp_path)
    story = "content/stories/2024-05-02-triage-line.md"
    long = "\n\n".join(f"Paragraph {i} of a story that goes on and on about the triage line." for i in range(1500))
    project.write(story, project.path(story).read_text(encoding="utf-8") + "\n" + long + "\n")
    for site in ("first", "again"):
        result = build(project, site_dir=tmp_path / site)
        assert result.error is not None  # --strict
        assert any(
            f"{story}: its e-mail (stories/triage-line/email.html) is " in w and "Gmail clips e-mails over 102 KB" in w
            for w in result.warnings
        ), (site, result.warnings)


def test_a_build_publishes_the_emails_the_one_before_kept_and_starts_no_worker(tmp_path, monkeypatch):
    """A one-off build keeps each e-mail and newsletter in the cache and links it into the site
    (mailroom.Shelf). The next build publishes them from there, byte for byte, and writes none
    (no worker is started); a story edited has its e-mail and its month's newsletter written again."""
    written: list[str] = []
    stories, digest = mailroom._stories, mailroom._digest

    def refuse(*args, **kwargs):
        raise OSError("no processes here: the jobs run in this process, where they are counted")

    def counting_stories(letters):
        written.extend(placed.story.slug for placed, *_ in letters)
        return stories(letters)

    def counting_digest(month, slugs, entries=None):
        written.append(f"newsletter {month}")
        return digest(month, slugs, entries)

    project = with_stories(tmp_path)
    first = build(project, site_dir=tmp_path / "first")  # its pictures drawn by the drawing pool
    assert first.error is None, first.error
    email = first.site / "stories/triage-line/email.html"
    kept = {os.stat(p).st_ino for p in project.path(".cache/backbone/emails").glob("email-*.html")}
    assert os.stat(email).st_ino in kept, "a hard link to the cache's entry"
    monkeypatch.setattr(background, "ProcessPoolExecutor", refuse)
    monkeypatch.setattr(mailroom, "_stories", counting_stories)
    monkeypatch.setattr(mailroom, "_digest", counting_digest)
    again = build(project, site_dir=tmp_path / "again")
    assert again.error is None, again.error
    assert written == []
    assert _emails(again.site) == _emails(first.site)
    story = "content/stories/2024-05-02-triage-line.md"
    text = project.path(story).read_text(encoding="utf-8")
    project.write(story, text.replace("most callers never", "most callers now never"))
    edited = build(project, site_dir=tmp_path / "edited")
    assert edited.error is None, edited.error
    # its month's newsletter, and the stories the worker writes it from (May's, kept again as they were)
    may = {p.stem[len("2024-05-01-") :] for p in project.path("content/stories").glob("2024-05-*.md")}
    assert [w for w in written if w.startswith("newsletter")] == ["newsletter 2024-05"]
    assert "triage-line" in written and set(written) - {"newsletter 2024-05"} <= may
    assert "most callers now never" in edited.text("stories/triage-line/email.txt")
    assert "most callers now never" not in first.text("stories/triage-line/email.txt"), "its old link left as it was"


class _FailOnAStory(BasePlugin):
    """Stops the build on a story's page, after backbone/stories has handed its e-mail over."""

    def on_page_content(self, html, /, *, page, config, files):
        if page.file.src_uri.startswith("stories/") and "bb-story" in html:
            raise PluginError("stopped on purpose")
        return html


def test_emails_are_the_same_sent_one_story_at_a_time(tmp_path, monkeypatch):
    """Stories go to the worker in batches; a batch per story writes the same files."""
    project = with_stories(tmp_path)
    batched = build(project, site_dir=tmp_path / "batched")
    monkeypatch.setattr(mailroom, "BATCH", 1)
    single = build(project, site_dir=tmp_path / "single")
    assert batched.error is None and single.error is None
    emails = _emails(batched.site)
    assert "stories/triage-line/email.html" in emails and emails == _emails(single.site)


def test_a_failed_build_leaves_no_email_worker(tmp_path, monkeypatch):
    monkeypatch.setattr(mailroom, "BATCH", 1)  # the first story's page starts the worker
    project = with_stories(tmp_path)
    with every_worker():
        result = project.build(features={"metrics": FakeMetricsFeature()}, plugins={"test/fail": _FailOnAStory()})
    assert "stopped on purpose" in result.error
    assert multiprocessing.active_children() == []


def test_a_build_prunes_cache_entries_no_build_has_used_for_a_month(tmp_path):
    """Entries a build uses are dated by that use; those no build used for `cache_days`
    (30) are deleted, so a cache kept in CI does not grow with every card ever drawn."""
    project = with_stories(tmp_path)
    with own_process():  # each build as CI's, whose outputs come from the cache, not from memory
        assert build(project).error is None
    cache = project.path(".cache/backbone")
    month_ago = time.time() - 40 * 24 * 3600
    for path in cache.rglob("*"):
        if path.is_file():
            os.utime(path, (month_ago, month_ago))  # every entry, and the folders' prune stamps
    stray = cache / "cards" / f"social-{'ab' * 32}.png"  # a card of a story since rewritten
    stray.write_bytes(b"old card")
    os.utime(stray, (month_ago, month_ago))
    used = sorted(p for p in cache.rglob("*") if p.is_file() and p != stray and p.name != ".pruned")
    assert {p.parent.name for p in used} >= {"cards", "emails", "outputs"}
    # what the e-mails were made from (their inlined HTML and text) is not used once they are kept whole
    used = [p for p in used if not (p.parent.name == "emails" and p.name.startswith(("inline-", "text-")))]
    assert any(p.name.startswith("email-") for p in used)

    with own_process():
        again = build(project, site_dir=tmp_path / "again")
    assert again.error is None and not stray.exists()
    stale = [
        p.relative_to(cache).as_posix() for p in used if not (p.exists() and time.time() - p.stat().st_mtime < 3600)
    ]
    assert stale == [], stale  # dated today
    assert (again.site / "stories/triage-line/card.png").is_file()


def test_cache_days_zero_keeps_every_entry(tmp_path):
    project = with_stories(tmp_path)
    project.edit("site_config.yml", lambda d: backbone_options(d, cache_days=0))
    stray = project.path(".cache/backbone/cards") / f"social-{'ab' * 32}.png"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"old card")
    os.utime(stray, (0, 0))
    assert build(project).error is None and stray.exists()
