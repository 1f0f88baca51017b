"""Every hostile SVG of tests/fixtures/hostile-svg, once cleaned, opened in headless Chromium.

Each cleaned file is served from 127.0.0.1 and opened on its own, as a top-level document
(what a visitor gets from a logo's download link): no dialog opens, the page stays where it
is, and the only request is for the file itself. Requests to anywhere else are recorded and
aborted, so nothing leaves the machine. The same check run on a raw file sees its alert and
its off-site request, so a check that saw nothing is not a blind one.
"""

from __future__ import annotations

import functools
import http.server
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from backbone.svgsafe import SvgError, clean

pytestmark = pytest.mark.browser

CORPUS = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "hostile-svg").glob("*.svg"))
CLEANABLE = [p for p in CORPUS if not p.stem.startswith("refused-")]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".svg": "image/svg+xml"}

    def log_message(self, *args):
        pass


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
    handler = functools.partial(_Quiet, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.fixture(scope="module")
def context(browser):
    context = browser.new_context()
    yield context
    context.close()


@contextmanager
def visit(context, url: str):
    """``url`` opened in a fresh tab: (dialogs, requests, main-frame URLs it went to)."""
    dialogs, requests, places = [], [], []
    page = context.new_page()
    # nothing but the local server is reached: anything else is noted, then aborted
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url.split("/raw/")[0].split("/cleaned/")[0])
               else route.abort())
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: requests.append(request.url))
    page.on("framenavigated", lambda frame: frame == page.main_frame and places.append(frame.url))
    try:
        page.goto(url, wait_until="networkidle")
        yield dialogs, requests, places
    finally:
        page.close()


@pytest.mark.parametrize("path", CLEANABLE, ids=[p.stem for p in CLEANABLE])
def test_a_cleaned_svg_opened_on_its_own_runs_nothing_and_fetches_nothing(context, served, path):
    url = f"{served}cleaned/{path.name}"
    with visit(context, url) as (dialogs, requests, places):
        fetched = [r for r in requests if not r.startswith("data:image/")]
    assert dialogs == [], f"{path.name} opened a dialog: {dialogs}"
    assert fetched == [url], f"{path.name} requested {fetched}"
    assert set(places) == {url}, f"{path.name} went to {places}"


def test_the_check_sees_what_a_raw_file_does(context, served):
    with visit(context, f"{served}raw/script.svg") as (dialogs, _, _):
        assert dialogs == ["1"]
    with visit(context, f"{served}raw/xhtml-img-src.svg") as (_, requests, _):
        assert "https://evil.example/t.png" in requests
    with visit(context, f"{served}raw/xhtml-meta-refresh.svg") as (_, _, places):
        places_seen = list(places)
    assert any("evil.example" in place for place in places_seen) or len(places_seen) > 1, places_seen
