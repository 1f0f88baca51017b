"""Every hostile SVG of tests/fixtures/hostile-svg, once cleaned, opened in headless Chromium.

Each cleaned file is served from 127.0.0.1 and opened on its own, as a top-level document
(what a visitor gets from a logo's download link): no dialog opens, the page stays where it
is, and the only request is for the file itself. Requests to anywhere else are recorded and
aborted, so nothing leaves the machine. The same check run on a raw file sees its alert and
its off-site request, so a check that saw nothing is not a blind one.

A file the cleaner judges costly to draw (``drawing_cost``) is opened in a tab of its own,
closed after it: Chromium paints it after its load event, for up to minutes at a full
window (tests/fixtures/hostile-svg/cost-*), and a tab still painting one file delays the
next file's load past the timeout.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browsing import served as serving

from backbone.svgsafe import SvgError, clean, drawing_cost

pytestmark = pytest.mark.browser

CORPUS = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "hostile-svg").glob("*.svg"))
CLEANABLE = [p for p in CORPUS if not p.stem.startswith("refused-")]
COSTLY = 100  # drawing_cost's work per pixel: the corpus has files at 0-13, then 545 and up


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The corpus on 127.0.0.1: cleaned/NAME.svg as Backbone publishes it, raw/NAME.svg as sent."""
    folder = tmp_path_factory.mktemp("svg")
    (folder / "cleaned").mkdir()
    (folder / "raw").mkdir()
    for path in CORPUS:
        (folder / "raw" / path.name).write_bytes(path.read_bytes())
        try:
            (folder / "cleaned" / path.name).write_bytes(clean(path.read_bytes()))
        except SvgError:
            pass
    with serving(folder) as url:
        yield url


class Tab:
    """One tab for the whole corpus but its costly files (a new tab per file cost half a
    second each): what the file now open did, recorded by handlers set once."""

    def __init__(self, browser, origin: str):
        self.context = browser.new_context()
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.places: list[str] = []
        # nothing but the local server is reached: anything else is noted, then aborted
        self.page.route(
            "**/*", lambda route: route.continue_() if route.request.url.startswith(origin) else route.abort()
        )
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("framenavigated", lambda frame: frame == self.page.main_frame and self.places.append(frame.url))

    def visit(self, url: str, leaves: bool = False) -> tuple[list[str], list[str], list[str]]:
        """``url`` opened as the tab's document: (dialogs, requests, main-frame URLs it went to).
        A file that ``leaves`` is waited for until the tab has gone elsewhere (the aborted
        request's error page), which a busy machine can delay past the short wait, and which
        would then interrupt the next visit."""
        self.dialogs, self.requests, self.places = [], [], []
        # 'load' waits for every subresource the file asks for; a refresh of 0 seconds
        # starts within the next few milliseconds, so a short wait after it sees it too.
        self.page.goto(url, wait_until="load")
        self.page.wait_for_timeout(150)
        for _ in range(200 if leaves else 0):
            if any(place != url for place in self.places):
                break
            self.page.wait_for_timeout(50)
        return list(self.dialogs), list(self.requests), list(self.places)


@pytest.fixture(scope="module")
def tab(browser, served):
    tab = Tab(browser, served)
    yield tab
    tab.context.close()


@pytest.mark.parametrize("path", CLEANABLE, ids=[p.stem for p in CLEANABLE])
def test_a_cleaned_svg_opened_on_its_own_runs_nothing_and_fetches_nothing(browser, tab, served, path):
    url = f"{served}cleaned/{path.name}"
    if drawing_cost(clean(path.read_bytes())).work > COSTLY:
        alone = Tab(browser, served)
        try:
            dialogs, requests, places = alone.visit(url)
        finally:
            alone.context.close()  # its renderer goes, and with it the painting still under way
    else:
        dialogs, requests, places = tab.visit(url)
    fetched = [r for r in requests if not r.startswith("data:image/")]
    assert dialogs == [], f"{path.name} opened a dialog: {dialogs}"
    assert fetched == [url], f"{path.name} requested {fetched}"
    assert set(places) == {url}, f"{path.name} went to {places}"


def test_the_check_sees_what_a_raw_file_does(tab, served):
    dialogs, _, _ = tab.visit(f"{served}raw/script.svg")
    assert dialogs == ["1"]
    _, requests, _ = tab.visit(f"{served}raw/xhtml-img-src.svg")
    assert "https://evil.example/t.png" in requests
    _, requests, places = tab.visit(f"{served}raw/xhtml-meta-refresh.svg", leaves=True)
    assert any("evil.example" in place for place in places + requests), (places, requests)
    _, requests, _ = tab.visit(f"{served}raw/xml-stylesheet-after-root.svg")  # F9: after </svg>, still fetched
    assert "https://evil.example/after.css" in requests, requests
