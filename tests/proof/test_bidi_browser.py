"""A right-to-left override left open in a partner's name reverses nothing after it (F14).

The minimal partnership's first partner is named with an unclosed U+202E (RIGHT-TO-LEFT
OVERRIDE). Every page that sets that name inline is opened in headless Chromium, and each
word printed after it is measured where the browser draws it: its first letter must be
left of its last, as it reads. Without isolation the override runs to the end of the
paragraph and draws "Harbour Community Clinic" as "cinilC ytinummoC ruobraH".
"""

from __future__ import annotations

import pytest
from browsing import goto, served

pytestmark = pytest.mark.browser

EVIL = "\u202eEvil Corp"
# Words printed after the name somewhere on each page: the next partner in a list of
# members, a table's next column, a chart's sentence.
AFTER = ("Clinic", "Contributes")
PAGES = ("governance/", "partners/", "partners/city-hall/", "impact/", "metrics/clinic-visits/")

# For each text node holding ``word``: where its first and last letters are drawn.
DRAWN = """(word) => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  const box = (node, at) => { range.setStart(node, at); range.setEnd(node, at + 1); return range.getBoundingClientRect(); };
  while (walker.nextNode()) {
    const node = walker.currentNode;
    for (let i = node.data.indexOf(word); i >= 0; i = node.data.indexOf(word, i + 1)) {
      const first = box(node, i), last = box(node, i + word.length - 1);
      if (!first.width || !last.width || Math.abs(first.top - last.top) > 2) continue;  // hidden, or wrapped
      found.push({first: first.left, last: last.left, text: node.data.slice(0, 80)});
    }
  }
  return found;
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from support import FIXTURES, make_project

    project = make_project(tmp_path_factory.mktemp("bidi"), FIXTURES / "metrics")
    project.edit("data/partners.yml", lambda d: d["partners"][0].update(name=EVIL))
    built = project.build()
    assert built.error is None, built.error
    return built.site


@pytest.mark.parametrize("path", PAGES)
def test_words_after_an_open_override_read_left_to_right(browser, site, path):
    assert EVIL in (site / path / "index.html").read_text(encoding="utf-8"), f"{path} does not show the name"
    with served(site) as server:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            page = context.new_page()
            goto(page, server + path)
            drawn = [d for word in AFTER for d in page.evaluate(DRAWN, word)]
        finally:
            context.close()
    assert drawn, f"{path}: none of {AFTER} is drawn"
    reversed_ = [d["text"] for d in drawn if d["first"] >= d["last"]]
    assert not reversed_, f"{path}: drawn right to left after the name: {reversed_}"
