"""examples/bilingual's Spanish pages in headless Chromium (issue 25 item 5): every check the
demo's pages pass (no console error or failed request, nothing fetched elsewhere, no sideways
scrolling, axe-core's every rule), the Nu HTML Checker on every Spanish file, and the switcher,
clicked, leading to the same page in English."""

from __future__ import annotations

import pytest
from browsing import goto, opened, served
from pages import url_of
from test_browser import axe_problems, page_problems
from test_html_valid import is_material_toggle_autocomplete, vnu

pytestmark = pytest.mark.browser

SPANISH_PAGES = ["es/", "es/about/", "es/stories/one-front-door/", "es/partners/", "es/scorecard/"]


@pytest.fixture(scope="module")
def bilingual_server(bilingual_site):
    with served(bilingual_site.site) as url:
        yield url


def test_the_spanish_pages_pass_the_browser_and_axe_checks(browser, bilingual_server, axe_script):
    problems = {}
    with opened(browser, bilingual_server, SPANISH_PAGES[0], 1280, axe=axe_script) as (page, log):
        for path in SPANISH_PAGES:
            log.clear()
            response = goto(page, bilingual_server + url_of(path))
            assert response is not None and response.status == 200, path
            assert page.evaluate("document.documentElement.lang") == "es"
            if found := page_problems(page, log, bilingual_server, 1280) + axe_problems(page):
                problems[path] = found
    assert not problems, problems


def test_the_switcher_leads_to_the_same_page_in_english(browser, bilingual_server):
    with opened(browser, bilingual_server, "es/stories/one-front-door/", 1280) as (page, _):
        page.hover(".md-header__option .md-select")
        page.click("a.md-select__link[hreflang=en]")
        page.wait_for_load_state("networkidle")
        assert page.url == bilingual_server + "stories/one-front-door/"
        assert page.evaluate("document.documentElement.lang") == "en"


def test_the_spanish_files_are_valid_html(bilingual_site, vnu_jar):
    files = sorted((bilingual_site.site / "es").rglob("*.html"))
    assert len(files) > 10
    errors = [m for m in vnu(vnu_jar, files) if m["type"] != "info" and not is_material_toggle_autocomplete(m)]
    assert not errors, [(m["url"].rsplit("/site/", 1)[-1], m.get("lastLine"), m["message"]) for m in errors[:20]]
