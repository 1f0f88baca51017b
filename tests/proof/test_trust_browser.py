"""Authors' pages in headless Chromium: nothing an untrusted page wrote runs (issue 21, F2-F5).

One visit of the about page covers three findings: its body (handlers, script, iframe srcdoc,
a meta refresh, a style with an off-site url), its title from the first heading (which closed
<title>), and the navigation, which lists a page whose file name is markup. A second visit
opens the `mkdocs serve` problem page while identity.yml is broken: a hostile front-matter
title, and no font fetched from Google. No dialog fires, no request leaves the site.
"""

from __future__ import annotations

import pytest
from browsing import goto, served
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from support import FIXTURES, make_project

pytestmark = pytest.mark.browser

NAME = "<img src=x onerror=alert('name')>"
ABOUT = r"""# About \</title\>\<script\>alert('heading')\</script\>

Hello <b onclick="alert('click')">bold</b> <script>alert('script')</script>
<img src="x" onerror="alert('img')">
<iframe srcdoc="<script>parent.alert('srcdoc')</script>"></iframe>
<meta http-equiv="refresh" content="0;url=https://evil.example/">
<style>body { background: url(https://evil.example/t.png) }</style>
<svg><animate onbegin="alert('svg')" attributeName="x" dur="1s"/></svg>
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("trust-browser")
    project = make_project(tmp, FIXTURES / "minimal")
    project.write(f"content/{NAME}.md", "Plain words.\n")
    project.write("content/about.md", ABOUT)
    built = project.build()
    assert built.error is None, built.error

    broken = make_project(tmp / "broken", FIXTURES / "minimal")
    broken.edit("data/identity.yml", lambda d: d.pop("name"))
    broken.write("content/about.md", "---\ntitle: \"</title><script>alert('title')</script>\"\n---\n\nText.\n")
    config = load_config(str(broken.path("site_config.yml")), site_dir=str(tmp / "preview"))
    config.plugins.on_startup(command="serve", dirty=False)
    mkdocs_build(config, serve_url="http://127.0.0.1:8000/")
    return built.site, tmp / "preview"


def visit(browser, folder, path: str):
    """What the page at ``path`` did: dialogs, requests, its title and its final address."""
    with served(folder) as server:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        dialogs, requests = [], []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("request", lambda request: requests.append(request.url))
        try:
            goto(page, server + path)
            page.wait_for_timeout(300)  # a meta refresh of 0 s, an animation's onbegin
            seen = {
                "title": page.title(),
                "url": page.url,
                "nav": page.eval_on_selector_all(".md-nav__link", "els => els.map(e => e.textContent.trim())"),
            }
        finally:
            context.close()
    return dialogs, [url for url in requests if not url.startswith(server)], seen


def test_an_untrusted_page_and_its_titles_run_nothing(browser, hostile):
    site, _ = hostile
    dialogs, elsewhere, seen = visit(browser, site, "about/")
    assert dialogs == []
    assert elsewhere == []
    assert seen["url"].endswith("/about/")  # no refresh took the reader away
    assert seen["title"].startswith(r"About \</title>\<script>alert('heading')\</script>")
    assert NAME in seen["nav"]


def test_the_serve_problem_page_runs_nothing_and_fetches_nothing(browser, hostile):
    _, preview = hostile
    dialogs, elsewhere, seen = visit(browser, preview, "about/")
    assert dialogs == []
    assert elsewhere == []  # no font from Google while identity.yml is broken
    assert seen["title"].startswith("</title><script>alert('title')</script>")
