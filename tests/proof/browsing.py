"""Opening one page of the served site in headless Chromium and recording what went wrong."""

from __future__ import annotations

import functools
import http.server
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

RUN_AXE = """async (leftOut) => {
  const rules = axe.getRules().map(r => r.ruleId).filter(id => !leftOut.includes(id));
  const result = await axe.run(document, {runOnly: {type: 'rule', values: rules}, resultTypes: ['violations']});
  return {engine: result.testEngine.name, rules: rules.length, checked: result.passes.length + result.violations.length,
          violations: result.violations};
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


@contextmanager
def opened(browser, server: str, path: str, width: int, clipboard: bool = False):
    """A fresh context at ``width`` (phone height for 390px), the page loaded and idle."""
    height = 844 if width < 600 else 900
    context = browser.new_context(
        viewport={"width": width, "height": height},
        permissions=["clipboard-read", "clipboard-write"] if clipboard else [],
        # Touch and mobile layout for the phone width, as a phone browser would report.
        is_mobile=width < 600,
        has_touch=width < 600,
        device_scale_factor=1,
    )
    page = context.new_page()
    log = PageLog()
    page.on("console", lambda m: m.type == "error" and log.console_errors.append(f"{m.text} ({m.location.get('url')})"))
    page.on("pageerror", lambda e: log.console_errors.append(f"uncaught: {e}"))
    page.on("request", lambda r: log.requests.append(r.url))
    page.on("requestfailed", lambda r: log.failed_requests.append(f"{r.url}: {r.failure}"))
    page.on("response", lambda r: r.status >= 400 and log.failed_requests.append(f"{r.url}: HTTP {r.status}"))
    try:
        response = page.goto(server + url_of(path), wait_until="networkidle")
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
