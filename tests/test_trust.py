"""Everything in content/ is untrusted unless site_config.yml names it (issue 21, items 1-3).

One hostile partnership is built once (the metrics fixture, so that charts and figures cited
in prose are on an author's page, without `nav:` as `backbone new site` makes it) and read
with real parsers: authors' pages are sanitised like stories (F2), titles from a file name,
a folder name or a first heading are text everywhere the theme prints them (F3, F4), and
only what a page uses is published from content/ (F1, F18). A second build holds every
mistake of those kinds at once: each is one located message, all in one run.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from metrics_helpers import build, fixed_date
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from PIL import Image
from support import FIXTURES, backbone_options, make_project

NAME = "<img src=x onerror=alert(1)>"  # a page's file name (F3)
FOLDER = "<svg onload=alert(8)>"  # a folder's name: a section of the navigation
HEADING = r"About \</title\>\<script\>alert(4)\</script\>"  # a first heading (F4)
HEADING_TEXT = r"About \</title>\<script>alert(4)\</script>"  # as the page's own <h1> reads
BODY = """
Hello <b onclick="alert(2)">bold</b> <script>alert(3)</script>
<iframe srcdoc="<script>alert(5)</script>"></iframe>
<form action="https://evil.example/"><input name="q"><button>Go</button></form>
<meta http-equiv="refresh" content="0;url=https://evil.example/">
<style>body { background: url(https://evil.example/t.png) }</style>
<a href="javascript:alert(6)">a link</a> <svg onload="alert(9)"></svg>
<div id="__search">x</div> <div id="bb-search-meta">y</div>

## A heading <img src=x onerror=alert(7)>

![A picture a page shows](img/used.png) ![A diagram](img/diagram.svg)

[The report](files/report.pdf), [the figures](files/figures.csv), [a trusted page](embed/widget.html).
"""
TRUSTED = """# Trusted

<div class="widget"><button type="button" onclick="document.title='ran'">Go</button></div>
<form action="search/"><input name="q" aria-label="Search"></form>
"""
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><script>alert(10)</script><rect width="4" height="4"/></svg>'


def picture(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (8, 8), (200, 40, 40)).save(path)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("trust"), FIXTURES / "metrics")

    def config(site):
        site.pop("nav")
        site["plugins"].insert(0, "search")
        backbone_options(site, trusted=["trusted.md", "embed/*.html"])

    project.edit("site_config.yml", config)
    project.write(f"content/{NAME}.md", "Plain words.\n")
    project.write(f"content/{FOLDER}/page.md", "---\ntitle: In a folder\n---\n\nWords.\n")
    project.write("content/about.md", f"# {HEADING}\n{BODY}")
    project.write("content/index.md", "---\ntemplate: home.html\n---\n# Welcome\n\n<img src=x onerror=alert(11)>Hi.\n")
    project.write("content/trusted.md", TRUSTED)
    picture(project.path("content/img/used.png"))
    picture(project.path("content/img/unused.png"))
    project.write("content/img/diagram.svg", SVG)
    project.write("content/files/report.pdf", "%PDF-1.4\n%%EOF\n")
    project.write("content/files/figures.csv", "period,value\n2024,1\n")
    project.write("content/files/orphan.pdf", "%PDF-1.4\n%%EOF\n")
    project.write("content/notes.txt", "left out\n")
    project.write("content/.env", "TOKEN=secret\n")
    project.write("content/embed/widget.html", "<!doctype html><title>Widget</title><p>Trusted widget.</p>\n")
    with Notes() as notes:
        built = build(project)
    assert built.error is None, built.error
    built.notes = notes.lines
    return built


class Notes(logging.Handler):
    """The INFO lines of Backbone's content feature (what was left out of the site)."""

    name = "mkdocs.plugins.backbone.adapters.content"

    def __init__(self):
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage())

    def __enter__(self):
        logger = logging.getLogger(self.name)
        self._level = logger.level
        logger.setLevel(logging.INFO)
        logger.addHandler(self)
        return self

    def __exit__(self, *exc):
        logger = logging.getLogger(self.name)
        logger.removeHandler(self)
        logger.setLevel(self._level)


def soup(built, rel: str) -> BeautifulSoup:
    return BeautifulSoup(built.text(rel), "lxml")


def pages(built) -> dict[str, BeautifulSoup]:
    return {
        p.relative_to(built.site).as_posix(): BeautifulSoup(p.read_text(), "lxml") for p in built.site.rglob("*.html")
    }


def planted(page: BeautifulSoup) -> list[str]:
    """Everything on a page that the hostile input could have made live."""
    found = []
    for tag in page.find_all(True):
        found += [f"{tag.name}[{a}]" for a in tag.attrs if a.lower().startswith("on")]
        found += [f"{tag.name}[{a}]" for a in ("href", "src", "action") if "javascript:" in str(tag.get(a, ""))]
        if tag.name == "iframe" or (tag.name == "meta" and tag.has_attr("http-equiv")):
            found.append(tag.name)
        if tag.name in ("form", "style") and "evil.example" in str(tag):  # the theme has its own
            found.append(tag.name)
        if tag.name == "script" and "alert(" in tag.get_text():
            found.append("script")
    return found


# F3, F4: titles from a file name, a folder name and a first heading are text.


def test_titles_from_names_and_headings_are_text_on_every_page(hostile):
    for rel, page in pages(hostile).items():
        if rel == "trusted/index.html":
            continue  # raw HTML it trusts (below)
        assert planted(page) == [], rel
        assert page.title is not None and not page.head.title.find(True), rel
    home = soup(hostile, "index.html")
    links = [a.get_text(" ", strip=True) for a in home.select(".md-nav--primary .md-nav__link")]
    assert NAME in links and HEADING_TEXT in links, links
    assert FOLDER in [label.get_text(" ", strip=True) for label in home.select(".md-nav--primary label")]
    about = soup(hostile, "about/index.html")
    assert about.title.get_text() == f"{HEADING_TEXT} - Harbour Health Alliance"
    assert about.select_one("article h1").get_text() == HEADING_TEXT
    assert about.find("meta", property="og:title")["content"] == HEADING_TEXT
    assert soup(hostile, f"{NAME}/index.html").title.get_text() == f"{NAME} - Harbour Health Alliance"


def test_search_index_titles_are_text(hostile):
    docs = json.loads(hostile.text("search/search_index.json"))["docs"]
    titles = [BeautifulSoup(doc["title"], "html.parser") for doc in docs]
    assert [t for t in titles if t.find(True)] == []
    assert {NAME, HEADING_TEXT} <= {t.get_text() for t in titles}


# F2: authors' own pages are sanitised like stories.


def test_an_authors_page_is_sanitised_like_a_story(hostile):
    about = soup(hostile, "about/index.html")
    article = about.select_one("article")
    assert planted(article) == [] and not article.find("svg")
    assert "bold" in article.get_text() and "a link" in article.get_text()
    assert not article.find(id="__search") and not article.find(id="bb-search-meta")
    # the heading's picture keeps its address, without its handler
    assert [img["src"] for img in article.find_all("img")] == ["x", "../img/used.png", "../img/diagram.svg"]
    home = soup(hostile, "index.html").select_one("article")
    assert planted(home) == [] and "Hi." in home.get_text()


def test_backbones_own_markup_survives_on_an_authors_page(hostile):
    article = soup(hostile, "notes/figures/index.html").select_one("article")
    assert "Latest: 160; in Q3 2023: 125." in article.get_text()
    chart = article.select_one("figure.bb-chart--embed")
    img = chart.find("img")
    assert img["src"].endswith("clinic-visits.svg") and img["width"] == "800" and img["alt"].startswith("Clinic visits")
    assert chart.select_one("figcaption a")["href"] == "../../metrics/clinic-visits/"
    region = article.select_one("details.bb-chart__numbers section.bb-scroll")
    assert region["tabindex"] == "0" and region["aria-label"]
    assert article.select_one("table.bb-numbers caption").get_text() == "Clinic visits"


def test_a_trusted_page_keeps_its_html(hostile):
    article = soup(hostile, "trusted/index.html").select_one("article")
    assert article.select_one("div.widget button")["onclick"] == "document.title='ran'"
    assert article.select_one("form")["action"] == "search/"


# F1, F18: only what a page uses is published from content/.


def test_only_what_a_page_uses_is_published(hostile):
    site = hostile.site
    for rel in ("img/used.png", "img/diagram.svg", "files/report.pdf", "files/figures.csv", "embed/widget.html"):
        assert (site / rel).is_file(), rel
    for rel in ("img/unused.png", "files/orphan.pdf", "notes.txt", ".env"):
        assert not (site / rel).exists(), rel
    assert "<script" not in (site / "img/diagram.svg").read_text()  # untrusted: cleaned
    assert (
        "backbone: 3 files of content/ that no page uses were left out of the site: content/files/orphan.pdf, "
        "content/img/unused.png, content/notes.txt"
    ) in hostile.notes


# Every mistake of these kinds at once, each one located.

TRACKER = "https://evil.example/t.png"


def test_every_mistake_is_one_located_message_in_one_run(tmp_path, capsys):
    project = make_project(tmp_path, FIXTURES / "minimal")
    project.edit("site_config.yml", lambda site: backbone_options(site, trusted=["trusted.md", "trustd.md", "../x.md"]))
    bundle = next(Path(__import__("material").__file__).parent.glob("templates/assets/javascripts/bundle.*.min.js"))
    project.write(f"content/assets/javascripts/{bundle.name}", bundle.read_text() + "\nalert(1);\n")
    project.write("content/stories/images/promo.html", "<script>alert(2)</script>\n")
    project.write("content/report.xhtml", '<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(3)</script></html>')
    project.write("content/tracker.md", f"# Tracker\n\nText.\n\n![]({TRACKER})\n")
    project.write("content/trusted.md", f'# Trusted\n\n<img src="{TRACKER}" alt="">\n')
    project.write("content/links.md", "---\ntitle: Links\n---\n\n[Notes](notes.docx)\n")
    project.write("content/notes.docx", "PK")
    expected = [
        f"content/assets/javascripts/{bundle.name}: this file has the address of one of the theme's own files "
        f"(assets/javascripts/{bundle.name}) and would replace it on every page; rename it or move it to another "
        "folder",
        "content/links.md:5: 'notes.docx' is a kind of file the site does not publish (.docx); publish documents as "
        "PDF and tables as CSV, or name the file under 'trusted:' in site_config.yml if only your backbone team can "
        "change it",
        f"content/report.xhtml: {ACTIVE}",
        f"content/stories/images/promo.html: {ACTIVE}",
        f"content/tracker.md:5: the picture '{TRACKER}' is on another site: {REMOTE}",
        f"content/trusted.md:3: the picture '{TRACKER}' is on another site: {REMOTE}",
        "site_config.yml (trusted[2]): '../x.md' is not a path inside the docs folder: write it from the docs folder, "
        "with '/' and without '..' (e.g. 'about.md' or 'embeds/*.html')",
        # a warning: a misspelt name trusts nothing
        "site_config.yml (trusted): 'trustd.md' names no file of content/, so it trusts nothing; did you mean "
        "'trusted.md'?",
    ]
    built = project.build()
    assert built.error is not None
    assert "Backbone found 7 problems in 7 files" in built.error, built.error
    for line in expected:
        assert line in built.error, built.error
    from backbone.cli import main

    assert main(["check", "-f", str(project.path("site_config.yml"))]) == 1
    err = capsys.readouterr().err
    for line in expected:
        assert line in err, err


ACTIVE = (
    "a web page, script or stylesheet in content/ would run with the site's own rights in every reader's browser, "
    "so Backbone publishes one only when site_config.yml trusts it; write the page in Markdown instead, or name "
    "the file under 'trusted:' in site_config.yml if only your backbone team can change it"
)
REMOTE = (
    "every reader's browser, mail client and feed reader would fetch it from there, telling that site who reads; "
    "download the picture into the site's folders and link it by name"
)


# F5: the `mkdocs serve` error page.


def test_the_serve_error_page_prints_titles_as_text_and_loads_nothing_off_site(tmp_path):
    project = make_project(tmp_path, FIXTURES / "minimal")
    project.edit("data/identity.yml", lambda d: d.pop("name"))  # identity fails: the theme is not dressed
    project.write("content/about.md", '---\ntitle: "</title><script>alert(1)</script>"\n---\n\nText.\n')
    project.write(f"content/{NAME}.md", "Plain words.\n")
    config = load_config(str(project.path("site_config.yml")), site_dir=str(tmp_path / "preview"))
    config.plugins.on_startup(command="serve", dirty=False)
    mkdocs_build(config, serve_url="http://127.0.0.1:8000/")
    for rel in ("index.html", "about/index.html", f"{NAME}/index.html"):
        text = (tmp_path / "preview" / rel).read_text()
        page = BeautifulSoup(text, "lxml")
        assert planted(page) == [], rel
        assert "data/identity.yml" in page.select_one(".bb-problems").get_text()
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text, rel
    about = BeautifulSoup((tmp_path / "preview/about/index.html").read_text(), "lxml")
    assert about.title.get_text().startswith("</title><script>alert(1)</script>")
    assert about.select_one("article h1").get_text() == "</title><script>alert(1)</script>"


# Item 1: stories.trust_html still works, with a warning naming 'trusted:'.


def test_trust_html_is_deprecated_for_trusted(tmp_path):
    from stories_helpers import build as build_stories
    from stories_helpers import with_stories

    project = with_stories(tmp_path, config={"trust_html": True})
    story = project.path("content/stories/food-vouchers.md")
    story.write_text(story.read_text() + '\n<div class="raw" onclick="go()">raw</div>\n')
    with fixed_date():
        built = build_stories(project, strict=False)
    assert built.error is None, built.error
    assert [w for w in built.warnings if "trust_html" in w] == [
        "backbone: site_config.yml (stories.trust_html): trust_html is deprecated: it trusts the raw HTML of every story, so "
        "anyone who can change a story could run script on the site; name the few files only your backbone team can "
        "change under 'trusted:' of the backbone plugin instead (see docs/security.md)"
    ]
    page = BeautifulSoup(built.text("stories/food-vouchers/index.html"), "lxml")
    assert page.select_one(".bb-story-body div.raw")["onclick"] == "go()"


def test_nothing_of_a_data_folder_inside_the_docs_folder_is_published(tmp_path):
    project = make_project(tmp_path, FIXTURES / "minimal")
    project.path("data").rename(project.path("content/data"))
    project.edit("site_config.yml", lambda site: backbone_options(site, data_dir="content/data"))
    project.write("content/data/notes.md", "# Notes of the backbone team\n")
    built = project.build()
    assert built.error is None, built.error
    assert (built.site / "partners/city-hall/index.html").is_file()  # the data is read
    assert not (built.site / "data").exists()  # and none of its files is published
