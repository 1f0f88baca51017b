"""Every internal link, image, download, feed and sitemap entry of the built site resolves."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from linkcheck import check_site

SITE_URL = "https://riverbendworks.example.org/"


def test_every_internal_link_of_the_demo_site_resolves(demo_site):
    broken = check_site(demo_site.site, SITE_URL)
    assert not broken, "broken links:\n" + "\n".join(map(str, broken))


@pytest.mark.usefixtures("demo_cache")  # built from the demo's drawings, not drawing them again
def test_a_demo_site_built_without_directory_urls_links_files_not_folders(tmp_path):
    # use_directory_urls: false is for sites opened from disk (a zip sent to a funder),
    # where a link to a folder opens nothing: every internal link must name its file.
    from linkcheck import _parse, links_of
    from support import ROOT, Project

    built = Project(ROOT).build(strict=True, site_dir=tmp_path / "site", use_directory_urls=False)
    assert built.error is None and built.warnings == []
    assert not check_site(built.site, SITE_URL)
    folders = sorted(
        (page.relative_to(built.site).as_posix(), link)
        for page in built.site.rglob("*.html")
        for link in links_of(_parse(page))
        if not urlsplit(link).scheme and urlsplit(link).path.endswith(("/", "."))
    )
    assert folders == []
    assert (built.site / "metrics/jobs-placed.html").is_file()  # the pages are files, so links can be


def test_the_demo_site_has_many_links_to_check(demo_site):
    # Guards against a checker that finds nothing (e.g. a parser that reads no attributes).
    from linkcheck import _parse, links_of

    count = sum(len(links_of(_parse(page))) for page in demo_site.site.rglob("*.html"))
    assert count > 500


def write(root, rel, text):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def tiny(tmp_path):
    """A hand-made site under a sub-path, with one good link of each kind."""
    site = tmp_path / "site"
    write(
        site,
        "index.html",
        """<!doctype html><title>x</title>
        <a href="about/">a</a> <a href="about/#team">b</a> <a href="#top" id="top">c</a>
        <img src="img/logo.svg" srcset="img/logo.svg 1x, img/logo@2x.svg 2x" alt="">
        <a href="https://example.org/sub/about/">d</a> <a href="/sub/img/logo.svg">e</a>
        <a href="https://elsewhere.example.com/nothing">f</a> <a href="mailto:x@example.org">g</a>
        <link rel="alternate" type="application/rss+xml" href="feed.xml">""",
    )
    write(site, "about/index.html", '<!doctype html><title>x</title><h2 id="team">Team</h2><a href="../">home</a>')
    write(site, "img/logo.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>")
    write(site, "img/logo@2x.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>")
    write(
        site,
        "feed.xml",
        "<rss><channel><link>https://example.org/sub/</link>"
        "<item><link>https://example.org/sub/about/</link></item></channel></rss>",
    )
    write(
        site,
        "sitemap.xml",
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://example.org/sub/about/</loc></url></urlset>",
    )
    return site


def test_a_site_with_only_good_links_passes(tiny):
    assert check_site(tiny, "https://example.org/sub/") == []


BREAKAGES = {
    "missing page": ('<a href="team/">x</a>', "team/", "no such file in the build (team/)"),
    "missing fragment": (
        '<a href="about/#board">x</a>',
        "about/#board",
        "no element with id 'board' in about/index.html",
    ),
    "missing image": ('<img src="img/none.png" alt="">', "img/none.png", "no such file in the build (img/none.png)"),
    "missing srcset candidate": (
        '<img src="img/logo.svg" srcset="img/logo@3x.svg 3x" alt="">',
        "img/logo@3x.svg",
        "no such file",
    ),
    "missing stylesheet": ('<link rel="stylesheet" href="css/x.css">', "css/x.css", "no such file"),
    "site_url-absolute": (
        '<a href="https://example.org/sub/nope/">x</a>',
        "https://example.org/sub/nope/",
        "no such file in the build (nope/)",
    ),
    "root-relative outside base": ('<a href="/other/">x</a>', "/other/", "outside the site"),
    "folder without slash": ('<a href="about">x</a>', "about", "no such file in the build (about)"),
    "escapes the site": ('<a href="../../etc/passwd">x</a>', "../../etc/passwd", "outside the site"),
}


@pytest.mark.parametrize("html, link, reason", BREAKAGES.values(), ids=BREAKAGES.keys())
def test_each_kind_of_broken_link_is_reported(tiny, html, link, reason):
    write(tiny, "extra.html", f"<!doctype html><title>x</title><p>{html}")
    broken = check_site(tiny, "https://example.org/sub/")
    assert len(broken) == 1, broken
    assert broken[0].page == "extra.html"
    assert reason in broken[0].reason


def test_broken_feed_and_sitemap_entries_are_reported(tiny):
    write(tiny, "feed.xml", "<rss><channel><item><link>https://example.org/sub/gone/</link></item></channel></rss>")
    write(
        tiny,
        "sitemap.xml",
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://example.org/sub/old/</loc></url></urlset>",
    )
    assert [(b.page, b.link) for b in check_site(tiny, "https://example.org/sub/")] == [
        ("feed.xml", "https://example.org/sub/gone/"),
        ("sitemap.xml", "https://example.org/sub/old/"),
    ]
