"""Opening one page of the served site in headless Chromium and recording what went wrong."""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pages import url_of


class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".svg": "image/svg+xml"}

    def log_message(self, *args):  # keep pytest's output readable
        pass


@contextmanager
def served(folder: Path | str):
    """``folder`` served on a free port of 127.0.0.1: yields the base URL."""
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


class _InFlight:
    """The page's requests not yet answered (its workers' included), as playwright reports them."""

    def __init__(self, page):
        self.page, self.pending = page, set()
        # playwright marks each handler it is given, which a bound builtin cannot carry
        page.on("request", lambda request: self.pending.add(request))
        page.on("requestfinished", lambda request: self.pending.discard(request))
        page.on("requestfailed", lambda request: self.pending.discard(request))

    def quiet(self, still_ms: int = 150, most_ms: int = 15_000) -> None:
        """Returns once no request has been open for ``still_ms`` (or after ``most_ms``)."""
        still = waited = 0
        while still < still_ms and waited < most_ms:
            self.page.wait_for_timeout(25)
            waited += 25
            still = 0 if self.pending else still + 25


def settle(page) -> None:
    """Wait until what the page's scripts fetch after it loaded (search index, pictures) has
    arrived or failed: playwright's "networkidle" waits a fixed half second after the last
    request, which over hundreds of page visits was most of the browser checks' time."""
    tracker = getattr(page, "_bb_in_flight", None)
    if tracker is None:
        tracker = page._bb_in_flight = _InFlight(page)
    tracker.quiet()
    transitions_ended(page)


# The whole page in each screenshot, not the screen: five times the cost (BACKBONE_FULL_SCREENSHOTS=1).
FULL_PAGE = bool(os.environ.get("BACKBONE_FULL_SCREENSHOTS"))


def screenshot(page, path: Path) -> None:
    """What a reader sees on opening the page (the whole page with ``FULL_PAGE``) as a PNG at
    ``path``. For the whole page, Chromium stretches the window to the page's height, and the
    theme answers the resize with transitions (its tabs fade back in one after another): they
    are let finish, so that what is checked next is what a reader is left with (axe once read
    a tab's colour halfway through its fade)."""
    page.screenshot(path=str(path), full_page=FULL_PAGE)
    transitions_ended(page)


def transitions_ended(page) -> None:
    """Returns once every CSS transition and finite animation running has ended."""
    page.evaluate(
        """() => Promise.all(document.getAnimations()
            .filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
            .map(a => a.finished.catch(() => null)))"""
    )


def goto(page, url: str):
    """``page.goto(url)``, loaded and settled; returns the response."""
    if getattr(page, "_bb_in_flight", None) is None:
        page._bb_in_flight = _InFlight(page)
    response = page.goto(url, wait_until="load")
    settle(page)
    return response


@dataclass
class PageLog:
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def clear(self) -> None:
        """Before the next page of the same context."""
        self.console_errors.clear()
        self.failed_requests.clear()
        self.requests.clear()


# axe-core: every rule it has, but AAA's enhanced (7:1) contrast (see test_browser.py)
AXE_LEFT_OUT = {"color-contrast-enhanced"}

# The colour pairs come from every element color-contrast looked at (passed, failed or not
# sure): axe computes what a reader sees, translucency and opacity included.
RUN_AXE = """async (leftOut) => {
  const rules = axe.getRules().map(r => r.ruleId).filter(id => !leftOut.includes(id));
  const result = await axe.run(document, {runOnly: {type: 'rule', values: rules},
                                          resultTypes: ['violations', 'passes', 'incomplete']});
  const pairs = new Set();
  for (const kind of ['passes', 'violations', 'incomplete'])
    for (const rule of result[kind].filter(r => r.id === 'color-contrast'))
      for (const node of rule.nodes)
        for (const check of [...node.any, ...node.all, ...node.none])
          if (check.data && check.data.fgColor && check.data.bgColor) pairs.add(check.data.fgColor + ' ' + check.data.bgColor);
  return {engine: result.testEngine.name, rules: rules.length, checked: result.passes.length + result.violations.length,
          violations: result.violations, pairs: [...pairs]};
}"""


def readable(violations: list[dict]) -> str:
    """axe-core's violations as lines a person reads: rule, impact, where, why."""
    lines = []
    for v in violations:
        lines.append(f"- [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:8]:
            lines.append(f"    at {' '.join(node['target'])}")
            lines.extend(f"       {line}" for line in node["failureSummary"].splitlines()[1:3])
        if len(v["nodes"]) > 8:
            lines.append(f"    ... and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


def slug(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"


# Every layout shift of the page so far, without recent input (what CLS adds up), from the
# browser's buffer of entries. The observer also asks for the paint entries, which every page
# shown has: the browser hands over both buffers in one call, so the answer always comes.
LAYOUT_SHIFT_JS = """() => new Promise(done => {
  const describe = s => !s.node || s.node.nodeType !== 1 ? '#text'
    : s.node.tagName.toLowerCase() + (typeof s.node.className === 'string' && s.node.className ? '.' + s.node.className : '');
  const observer = new PerformanceObserver(list => {
    const shifts = list.getEntries().filter(e => e.entryType === 'layout-shift' && !e.hadRecentInput);
    observer.disconnect();
    done(shifts.map(e => ({value: e.value, sources: e.sources.map(describe)})));
  });
  observer.observe({type: 'layout-shift', buffered: true});
  observer.observe({type: 'paint', buffered: true});
})"""

# Resolves once the browser has painted the page's content (its first contentful paint), and
# one frame more: a change to the layout after that is a shift a reader sees.
PAINTED_JS = """() => new Promise(done => {
  const painted = () => performance.getEntriesByType('paint').some(e => e.name === 'first-contentful-paint');
  const wait = () => painted() ? requestAnimationFrame(() => requestAnimationFrame(() => done())) : setTimeout(wait, 20);
  wait();
})"""


class LatePictures:
    """Requests matching ``pattern`` held back until the page has been laid out and painted, then
    let through: the pictures arrive late, as on a slow network, and whatever they push down
    shows as a layout shift. Held by the page's own progress, not by a delay."""

    def __init__(self, page, pattern: str):
        self.page, self.held, self.release = page, [], False
        page.route(pattern, self._hold)

    def _hold(self, route) -> None:
        if self.release:
            route.continue_()
        else:
            self.held.append(route)

    def goto(self, url: str):
        self.release = False
        response = self.page.goto(url, wait_until="domcontentloaded")
        self.page.evaluate(PAINTED_JS)
        if self.held:
            # playwright evaluates as a user gesture, and on a phone the browser marks a shift within
            # half a second of one as following input, which CLS leaves out: let it age first
            self.page.wait_for_timeout(600)
        self.release = True
        while self.held:
            self.held.pop().continue_()
        settle(self.page)
        return response


@contextmanager
def opened(browser, server: str, path: str, width: int, clipboard: bool = False, axe: Path | None = None):
    """A fresh context at ``width`` (phone height for 390px), the page loaded and idle; with
    ``axe``, axe-core loaded into every page as it opens (Chromium compiles it once, where
    adding it to each page after it loaded cost a fifth of a second a page)."""
    height = 844 if width < 600 else 900
    context = browser.new_context(
        viewport={"width": width, "height": height},
        permissions=["clipboard-read", "clipboard-write"] if clipboard else [],
        # Touch and mobile layout for the phone width, as a phone browser would report.
        is_mobile=width < 600,
        has_touch=width < 600,
        device_scale_factor=1,
    )
    if axe is not None:
        context.add_init_script(path=str(axe))
    page = context.new_page()
    log = PageLog()
    page.on("console", lambda m: m.type == "error" and log.console_errors.append(f"{m.text} ({m.location.get('url')})"))
    page.on("pageerror", lambda e: log.console_errors.append(f"uncaught: {e}"))
    page.on("request", lambda r: log.requests.append(r.url))
    page.on("requestfailed", lambda r: log.failed_requests.append(f"{r.url}: {r.failure}"))
    page.on("response", lambda r: r.status >= 400 and log.failed_requests.append(f"{r.url}: HTTP {r.status}"))
    try:
        response = goto(page, server + url_of(path))
        assert response is not None and response.status == 200, f"{path}: HTTP {response and response.status}"
        yield page, log
    finally:
        context.close()


OVERFLOW_JS = """() => {
  // The page's own width against the window's, and the outermost elements that stick out
  // on the right (off-canvas drawers sit on the left and do not make a page scroll).
  const width = document.documentElement.clientWidth;
  const out = el => el.getBoundingClientRect().right > width + 1 && getComputedStyle(el).visibility !== 'hidden';
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const wide = [...document.querySelectorAll('body *')]
    .filter(el => out(el) && !(el.parentElement && out(el.parentElement)))
    .map(el => `${name(el)} (right edge ${Math.round(el.getBoundingClientRect().right)}px)`);
  return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 10)};
}"""


LAYOUT_JS = """(clipping) => {
  // Words a line break cut in two: each word's text as the browser lays it out, on more than one
  // line. Web addresses, file names and e-mail addresses may break anywhere (they must, on a
  // phone); a hyphen or a slash is a place to break. Then the scroll regions that hide part of
  // their table, when nothing should (clipping: the desktop width).
  const broken = [];
  const root = document.querySelector('.md-content') || document.body;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const word = /[^\\s\\-\\u2010\\u2013\\/]+[\\-\\u2010\\u2013\\/]?/g;
  for (let node; (node = walker.nextNode()); ) {
    const el = node.parentElement;
    if (!el || el.closest('.bb-sr-only, script, style') || !el.getClientRects().length) continue;
    const addresses = [...node.data.matchAll(/\\S+/g)].filter(m => /[\\/@]|\\w\\.\\w/.test(m[0]))
      .map(m => [m.index, m.index + m[0].length]);
    for (const m of node.data.matchAll(word)) {
      if (m[0].length < 2 || addresses.some(([a, b]) => m.index >= a && m.index < b)) continue;
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (lines.size > 1) broken.push(m[0] + ' (in ' + el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') + ')');
    }
  }
  const clipped = !clipping ? [] : [...root.querySelectorAll('.bb-scroll')]
    .filter(el => el.scrollWidth > el.clientWidth + 1)
    .map(el => `${el.getAttribute('aria-label')} (${el.scrollWidth}px of table in ${el.clientWidth}px)`);
  return {broken: broken.slice(0, 20), clipped};
}"""
