"""`mkdocs serve` never loses the page being edited (issue 24 item 4): while a file has a problem,
every address of the site — generated pages and stories included — shows the escaped problem
list, before any build succeeded (addresses told from what was read) and after one (the last
good build's addresses); fixing the file brings the page back by itself."""

from __future__ import annotations

import os
import subprocess
import sys
from urllib.parse import urljoin

import lxml.html
from metrics_helpers import BUILD_DATE, metrics_project
from support import ROOT, Project, make_project
from test_preview_and_ci import fetch, free_port, wait_for

from backbone.cli import main as backbone

STORY = """---
title: The night bus & "the tram"
slug: night-bus
date: "2024-05-20"
summary: "A bus at night."
partners: [city-hall]
author: Dana Kim
---

The bus runs at night.
"""

# generated pages, a partner's and a metric's page, and a story at its slug's address
ADDRESSES = ("scorecard/", "metrics/", "metrics/wait-days/", "impact/", "partners/", "partners/city-hall/")
STORY_PAGES = ("stories/", "stories/night-bus/")
# pages of each kind whose title and navigation a problem page keeps
SHOWN = ("scorecard/", "partners/city-hall/", "stories/night-bus/", "team/")


def _break(project) -> None:
    project.edit("data/governance.yml", lambda d: d["bodies"][0].update(chair="nobody<b>"))


def _fix(project) -> None:
    project.edit("data/governance.yml", lambda d: d["bodies"][0].update(chair="city-hall"))


def _all_show_problems(home: str) -> bool:
    pages = [fetch(home + address) or "" for address in (*ADDRESSES, *STORY_PAGES)]
    return all("bb-problems" in page and "nobody&lt;b&gt;" in page and "nobody<b>" not in page for page in pages)


def _around(page: str) -> tuple[str, str]:
    """(the page's title, its navigation's text): what a problem page keeps of the page."""
    doc = lxml.html.fromstring(page)
    nav = doc.xpath('//nav[contains(@class, "md-nav--primary")]')
    return doc.findtext(".//title"), " ".join(nav[0].text_content().split()) if nav else ""


def _styles_served(home: str) -> bool:
    """The stylesheets and script every page links, the brand's included, are there to fetch."""
    page = lxml.html.fromstring(fetch(home + "partners/"))
    linked = page.xpath('//link[@rel="stylesheet"]/@href | //script/@src')
    ours = {urljoin(home + "partners/", ref).split("?")[0] for ref in linked if "assets/backbone/" in ref}
    return len(ours) > 3 and all(fetch(url) is not None for url in ours)


def _serving(project) -> tuple[subprocess.Popen, str]:
    """`mkdocs serve` on ``project``, on a free port: (the server, its home address)."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", "site_config.yml", "-a", f"127.0.0.1:{port}"],
        cwd=project.root,
        env={**os.environ, "SOURCE_DATE_EPOCH": BUILD_DATE},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return server, f"http://127.0.0.1:{port}/"


def test_every_address_shows_the_problems_and_comes_back(tmp_path):
    project = metrics_project(tmp_path)
    project.write("content/stories/2024-05-20-night-bus.md", STORY)
    project.write("content/team.md", '# Parks & "Recreation"\n\nWho we are.\n')  # a title from its heading
    _break(project)
    server, home = _serving(project)
    try:
        # no build has succeeded yet: the addresses come from what could be read
        assert wait_for(lambda: _all_show_problems(home), 90), [(a, bool(fetch(home + a))) for a in ADDRESSES]
        assert _styles_served(home)
        first = {address: _around(fetch(home + address)) for address in SHOWN}
        _fix(project)
        assert wait_for(lambda: "bb-problems" not in (fetch(home + "stories/night-bus/") or "bb-problems"), 90)
        assert "The bus runs at night." in fetch(home + "stories/night-bus/")
        assert "bb-problems" not in (fetch(home + "scorecard/") or "bb-problems")
        good = {address: _around(fetch(home + address)) for address in SHOWN}
        # before: the navigation and the titles a good build gives, not MkDocs' tree of files
        assert first == good
        # broken again: the last good build's addresses, each with its title and the site's navigation
        _break(project)
        assert wait_for(lambda: _all_show_problems(home), 90), "an address was lost"
        assert {address: _around(fetch(home + address)) for address in good} == good
        assert _styles_served(home)
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_before_a_good_build_a_page_made_only_with_its_data_file_stays_out_of_the_navigation(tmp_path):
    # a new site without investments.yml, and without a nav of its own: no Impact page
    assert backbone(["new", "site", str(tmp_path / "site")]) == 0
    project = Project(tmp_path / "site")
    project.path("data/investments.yml").unlink()
    chair = project.load("data/governance.yml")["bodies"][0]["chair"]
    project.edit("data/governance.yml", lambda d: d["bodies"][0].update(chair="nobody"))
    server, home = _serving(project)
    try:
        assert wait_for(lambda: "bb-problems" in (fetch(home + "scorecard/") or ""), 90)
        first = _around(fetch(home + "scorecard/"))
        project.edit("data/governance.yml", lambda d: d["bodies"][0].update(chair=chair))
        assert wait_for(lambda: "bb-problems" not in (fetch(home + "scorecard/") or "bb-problems"), 90)
        good = _around(fetch(home + "scorecard/"))
        assert "Scorecard" in good[1] and "Impact" not in good[1]
        assert first == good
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_a_site_in_two_languages_keeps_both_after_a_save(tmp_path):
    # the data models kept between rebuilds lost the mark of texts given per language: the
    # first save stopped `mkdocs serve` on the Spanish metric page's English title, a traceback
    project = make_project(tmp_path, ROOT / "examples" / "bilingual")
    server, home = _serving(project)
    try:
        assert wait_for(lambda: "Ayuntamiento" in (fetch(home + "es/partners/") or ""), 90)
        about = project.path("content/about.md")
        about.write_text(about.read_text(encoding="utf-8") + "\nWe meet every month.\n", encoding="utf-8")
        assert wait_for(lambda: "We meet every month." in (fetch(home + "about/") or ""), 90)
        assert wait_for(lambda: "Niños listos" in (fetch(home + "es/metrics/children-ready-for-school/") or ""), 30)
        assert "Ayuntamiento" in fetch(home + "es/partners/")
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_a_saved_change_of_the_sites_languages_checks_the_data_again(tmp_path):
    # a partner's name in English only: fine while English is the site's first language, a
    # problem once Spanish is. The models kept between rebuilds were validated under the old
    # languages: the preview listed every other problem of the clean build, not this one.
    project = make_project(tmp_path, ROOT / "examples" / "bilingual")
    partners = project.path("data/partners.yml")
    text = partners.read_text(encoding="utf-8")
    partners.write_text(text.replace("es: Centro Familiar de Northfield}", "}").replace(", }", "}"), encoding="utf-8")
    server, home = _serving(project)
    try:
        assert wait_for(lambda: "Northfield Family Centre" in (fetch(home + "partners/") or ""), 90)
        identity = project.path("data/identity.yml")
        identity.write_text(
            identity.read_text(encoding="utf-8").replace("languages: [en, es]", "languages: [es, en]"), encoding="utf-8"
        )
        assert wait_for(lambda: "bb-problems" in (fetch(home + "partners/") or ""), 90)
        page = fetch(home + "partners/")
        assert "data/partners.yml:24 (partners[1].name): no text in es" in page, page
    finally:
        server.terminate()
        server.wait(timeout=20)
