"""The demo site, and the long-names partnership, in headless Chromium at desktop and phone widths.

Every page: no console error, no failed request, no horizontal scrolling, no word broken
across two lines, no table hiding a column at desktop width, and no axe-core violation of any
impact (every rule axe has, experimental, best-practice and AAA ones included, bar AAA's
enhanced 7:1 contrast: the build holds brand colours to AA, 4.5:1, the level laws cite,
EN 301 549 and Section 508; W3C itself advises against requiring AAA of whole sites). Every
colour pair axe measures is one the build's table of drawn pairs holds (identity/drawn.py).
Copy buttons put the right text on the clipboard; downloads are served with the bytes of the
built file. A screenshot of every page at every width is kept in test-artifacts/screenshots/
(of the whole page with BACKBONE_FULL_SCREENSHOTS=1).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import yaml
from browsing import (
    AXE_LEFT_OUT,
    LAYOUT_JS,
    LAYOUT_SHIFT_JS,
    OVERFLOW_JS,
    RUN_AXE,
    LatePictures,
    goto,
    opened,
    readable,
    screenshot,
    slug,
)
from bs4 import BeautifulSoup
from pages import BROWSER_PAGES, COPY_BUTTON_PAGES, DOWNLOAD_PAGES, LONGNAMES_PAGES, WIDTHS, url_of
from support import FIXTURES, ROOT

from backbone.identity import brand
from backbone.identity.model import Identity

pytestmark = pytest.mark.browser

DOWNLOAD_SUFFIXES = (".png", ".svg", ".csv", ".pdf", ".zip", ".xlsx", ".json", ".xml", ".ics")


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_loads_cleanly_fits_the_screen_and_passes_axe(browser, server, screenshots, axe_script, width):
    """One visit a page, in one browser context a width (as a reader goes from page to page,
    with the theme's files cached): the page's screenshot, then every check of the page.
    Every page's problems are listed together."""
    problems: dict[str, list[str]] = {}
    regions: dict[str, list] = {}
    colours: set[tuple[str, str]] = set()
    with opened(browser, server, BROWSER_PAGES[0], width, axe=axe_script) as (page, log):
        for path in BROWSER_PAGES:
            log.clear()
            response = goto(page, server + url_of(path))
            assert response is not None and response.status == 200, f"{path}: HTTP {response and response.status}"
            screenshot(page, screenshots / f"{slug(path)}-{width}.png")
            found = page_problems(page, log, server, width)
            found += axe_problems(page, colours)
            if found:
                problems[f"/{path} at {width}px"] = found
            regions[path] = page.eval_on_selector_all(
                "[role=region], section[aria-label], section[aria-labelledby]",
                "els => els.map(el => el.getAttribute('aria-label') ?? el.getAttribute('aria-labelledby'))",
            )
    assert not problems, "\n".join(f"{where}:\n" + "\n".join(found) for where, found in problems.items())
    assert not_drawn(colours, ROOT) == [], "axe measured colour pairs the table of drawn pairs lacks"
    # every region is named, once a page; the tables that scroll are named by their caption or heading
    for path, names in regions.items():
        assert None not in names and len(names) == len(set(names)), (path, names)
        assert not any(name.startswith("Table (") for name in names), (path, names)


def page_problems(page, log, server: str, width: int) -> list[str]:
    """No console error, no failed request, nothing fetched from elsewhere, no sideways scrolling,
    no word broken across lines, and at desktop width no table that hides a column behind a
    sideways scroll of its own."""
    layout = page.evaluate(OVERFLOW_JS)
    foreign = [url for url in log.requests if not url.startswith(server) and not url.startswith("data:")]
    found = [f"console error: {e}" for e in log.console_errors] + [f"failed request: {r}" for r in log.failed_requests]
    found += [f"fetched from outside the site: {url}" for url in foreign]
    if layout["scroll"] > layout["width"]:
        found.append(
            f"scrolls sideways at {width}px ({layout['scroll']}px of content in {layout['width']}px); "
            f"elements past the edge: {layout['wide']}"
        )
    words = page.evaluate(LAYOUT_JS, width >= 1000)
    found += [f"a word broken across two lines: {word}" for word in words["broken"]]
    found += [f"a table hides part of itself at {width}px: {region}" for region in words["clipped"]]
    return found


def axe_problems(page, colours: set | None = None) -> list[str]:
    """axe-core, every rule it has but AAA's 7:1 contrast: not one violation, whatever its impact;
    ``colours`` collects the (text, background) pairs its contrast rule measured. The page was
    opened with axe-core loaded (``opened(..., axe=axe_script)``)."""
    assert page.evaluate("() => typeof axe === 'object'"), "axe-core is not loaded: open with opened(..., axe=)"
    result = page.evaluate(RUN_AXE, sorted(AXE_LEFT_OUT))
    assert result["engine"] == "axe-core" and result["rules"] > 90, result["rules"]
    assert result["checked"] > 10, "axe checked almost nothing: is the page empty?"
    if colours is not None:
        colours.update(tuple(pair.split()) for pair in result["pairs"])
    return [readable(result["violations"])] if result["violations"] else []


def not_drawn(measured: set[tuple[str, str]], root) -> list[tuple[str, str]]:
    """The measured pairs the build's table of drawn pairs lacks (axe rounds a blend to within
    one step of a channel), for the partnership whose data is under ``root``."""
    ident = Identity.model_validate(yaml.safe_load((root / "data" / "identity.yml").read_text(encoding="utf-8")))
    table = brand.drawn_colours(ident)

    def near(a: str, b: str) -> bool:
        return all(abs(int(a[i : i + 2], 16) - int(b[i : i + 2], 16)) <= 1 for i in (1, 3, 5))

    assert len(measured) > 5, f"axe measured almost no colours: {measured}"
    return sorted(pair for pair in measured if not any(near(pair[0], fg) and near(pair[1], bg) for fg, bg in table))


@pytest.mark.parametrize("width", WIDTHS)
def test_long_official_names_lay_out_and_nothing_shifts(browser, longnames_server, screenshots, axe_script, width):
    """The long-names partnership (nine official names such as 'Northumbria and Tyneside
    University School of Public Health and Nutrition', pounds, a mid-grey muted colour): every
    check of the demo's pages, every colour pair axe measures in the table of drawn pairs, and
    no layout shift (CLS below 0.1, the 'good' mark) though the story's picture arrives late."""
    server = longnames_server
    problems: dict[str, list[str]] = {}
    colours: set[tuple[str, str]] = set()
    with opened(browser, server, LONGNAMES_PAGES[0], width, axe=axe_script) as (page, log):
        late = LatePictures(page, "**/stories/images/**")
        for path in LONGNAMES_PAGES:
            log.clear()
            response = late.goto(server + url_of(path))
            assert response is not None and response.status == 200, f"{path}: HTTP {response and response.status}"
            if path == "about/":  # backbone.js names an author's table that scrolls, and only then
                named = page.eval_on_selector_all(
                    ".md-typeset__scrollwrap[role=region]", "els => els.map(el => el.ariaLabel)"
                )
                assert named == (["Table: Who signed, and when (scrolls sideways)"] if width < 600 else []), named
            shifts = page.evaluate(LAYOUT_SHIFT_JS)
            screenshot(page, screenshots / f"longnames-{slug(path)}-{width}.png")
            found = page_problems(page, log, server, width) + axe_problems(page, colours)
            score = sum(shift["value"] for shift in shifts)
            if score >= 0.1:
                found.append(f"layout shift {score:.3f} (CLS), moved: {[s['sources'] for s in shifts]}")
            if found:
                problems[f"/{path} at {width}px"] = found
    assert not problems, "\n".join(f"{where}:\n" + "\n".join(found) for where, found in problems.items())
    assert not_drawn(colours, FIXTURES / "longnames") == [], "axe measured colour pairs the table lacks"


def spread(items: list, most: int) -> list:
    """At most ``most`` of ``items``: the first, the last, and evenly between."""
    if len(items) <= most:
        return items
    step = (len(items) - 1) / (most - 1)
    return [items[round(i * step)] for i in range(most)]


def expected_copy(soup: BeautifulSoup, button) -> str:
    """What backbone.js should copy, worked out from the built HTML (not from the browser)."""
    if button.has_attr("data-copy-text"):
        return button["data-copy-text"]
    scope = button.find_parent(attrs={"data-copy-scope": True})
    target = scope and scope.find(attrs={"data-copy-value": button["data-copy-target"]})
    assert target is not None, f"copy button points at nothing in its scope: '{button['data-copy-target']}'"
    if target.name in ("input", "textarea"):
        return target.get("value", "") if target.name == "input" else target.get_text()
    return target.get_text().strip()


SAID_JS = """el => {
  el.bbSaid = [];
  new MutationObserver(() => el.bbSaid.push(el.textContent)).observe(el, {childList: true, characterData: true, subtree: true});
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", sorted(COPY_BUTTON_PAGES))
def test_copy_buttons_put_the_right_text_on_the_clipboard(browser, server, demo_site, path, width):
    soup = demo_site.html(url_of(path))
    buttons = soup.select("[data-copy-target], [data-copy-text]")
    assert len(buttons) >= COPY_BUTTON_PAGES[path], (
        f"{path}: expected {COPY_BUTTON_PAGES[path]}+ copy buttons, found {len(buttons)}"
    )
    with opened(browser, server, path, width, clipboard=True) as (page, log):
        handles = page.query_selector_all("[data-copy-target], [data-copy-text]")
        assert len(handles) == len(buttons)
        # one handler serves every button: at desktop width up to a dozen, from the first to the
        # last (the feeds page has sixty alike); at phone width the first and the last
        pairs = spread(list(zip(buttons, handles)), 12 if width >= 600 else 2)
        for button, handle in pairs:
            page.evaluate("() => navigator.clipboard.writeText('sentinel: nothing copied yet')")
            label = handle.inner_text()
            handle.scroll_into_view_if_needed()
            # the button says "Copied" for two seconds only, which a busy machine's polling can
            # miss: an observer records every text the button takes, as it takes it
            page.evaluate(SAID_JS, handle)
            # pressed from the keyboard, as a keyboard user does: a mouse click at the button's
            # place could land on the theme's floating "back to top" button while it slides in
            handle.focus()
            page.keyboard.press("Enter")
            page.wait_for_function("el => el.bbSaid.length > 0", arg=handle, polling=50, timeout=10_000)
            said = page.evaluate("el => el.bbSaid", handle)
            assert said[0] == "Copied", f"{path}: the button said {said} after '{label}'"
            copied = page.evaluate("() => navigator.clipboard.readText()")
            assert copied == expected_copy(soup, button), f"{path}: button {button} copied {copied!r}"
        assert log.console_errors == []


def test_brand_kit_copies_the_boilerplate_of_identity_yml(browser, server, demo_site):
    """The right text is the partnership's own words, exactly as in data/identity.yml."""
    identity = yaml.safe_load((ROOT / "data" / "identity.yml").read_text(encoding="utf-8"))
    with opened(browser, server, "brand/", 1280, clipboard=True) as (page, _):
        copied = {}
        for key in ("short", "medium", "long"):
            page.click(f"[data-copy-target='bb-boilerplate-{key}']")
            page.wait_for_function(
                f"() => document.querySelector(\"[data-copy-target='bb-boilerplate-{key}']\").textContent === 'Copied'"
            )
            copied[key] = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == {key: " ".join(identity["boilerplate"][key].split()) for key in copied}


@pytest.mark.parametrize("path", sorted(DOWNLOAD_PAGES))
def test_downloads_are_served_with_the_built_bytes(browser, server, demo_site, path):
    with opened(browser, server, path, 1280) as (page, _):
        links = page.eval_on_selector_all(
            "a[href]", "els => els.map(a => ({href: a.href, download: a.hasAttribute('download')}))"
        )
        wanted = [
            link
            for link in links
            if link["download"] or urlsplit(link["href"]).path.lower().endswith(DOWNLOAD_SUFFIXES)
        ]
        wanted = [link for link in wanted if link["href"].startswith(server)]
        assert len(wanted) >= DOWNLOAD_PAGES[path], (
            f"{path}: expected {DOWNLOAD_PAGES[path]}+ downloads, found {wanted}"
        )
        for link in wanted:
            rel = urlsplit(link["href"]).path.lstrip("/")
            built = (demo_site.site / rel).read_bytes()
            response = page.request.get(link["href"])
            assert response.status == 200, f"{path}: {rel} answered HTTP {response.status}"
            assert response.body() == built, f"{path}: {rel} is not the built file"
            assert not response.headers.get("content-type", "").startswith("text/html"), rel
            if link["download"]:
                # A real click: the browser must treat it as a download, not navigate.
                with page.expect_download() as event:
                    page.click(
                        f"a[href='{page.evaluate('h => new URL(h).pathname', link['href'])}'], a[download][href$='{rel.rsplit('/', 1)[-1]}']"
                    )
                assert open(event.value.path(), "rb").read() == built


# Lists drawn as grids or rows, on the pages that carry them: the theme's rule for every list
# (display: flow-root) once outweighed Backbone's and stacked them in one column.
SIDE_BY_SIDE = [
    ("scorecard/", ".bb-scorecard"),  # the tiles
    ("partners/", ".bb-grid--partners"),  # the directory's cards
    ("stories/night-bus-to-eastgate/", ".bb-grid"),  # the key figures
    ("stories/night-bus-to-eastgate/", ".bb-share__links"),  # the share links
]

TOPS_JS = """sel => [...document.querySelector(sel).children].slice(0, 2).map(el => Math.round(el.getBoundingClientRect().top))"""


@pytest.mark.parametrize(("path", "selector"), SIDE_BY_SIDE)
def test_lists_of_cards_and_links_stand_side_by_side_on_a_desktop(browser, server, path, selector):
    with opened(browser, server, path, 1280) as (page, _):
        tops = page.evaluate(TOPS_JS, selector)
    assert len(tops) == 2 and tops[0] == tops[1], f"{path}: the first two items of {selector} start at {tops}"
