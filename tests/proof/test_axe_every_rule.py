"""axe-core, every rule it runs by default (WCAG A/AA and best practices), at both widths, on a
page of each kind of the demo: not one violation, whatever its impact (issue #17, item 11).

test_accessibility.py fails on serious and critical violations of every browser page; this
one holds a page of each kind to the moderate and minor ones too (landmark-unique, region,
heading-order...). One browser context per width, reused from page to page: ~1 s a page.
"""

from __future__ import annotations

import pytest
from browsing import opened
from pages import WIDTHS, url_of
from test_accessibility import readable

pytestmark = pytest.mark.browser

# A representative page of each kind the demo publishes.
KINDS: dict[str, str] = {
    "home": "",
    "scorecard": "scorecard/",
    "metrics index": "metrics/",
    "metric": "metrics/jobs-placed/",
    "partners index": "partners/",
    "partner": "partners/city-of-riverbend/",
    "governance": "governance/",
    "stories index": "stories/",
    "story": "stories/night-bus-to-eastgate/",
    "learning": "learning/",
    "review": "learning/2025-03-winter-hiring-after-action-review/",
    "voices": "voices/",
    "brand kit": "brand/",
    "feeds": "feeds/",
    "impact": "impact/",
}


@pytest.mark.parametrize("width", WIDTHS)
def test_no_axe_violation_of_any_impact(browser, server, axe_script, width):
    found, regions = {}, {}
    with opened(browser, server, KINDS["home"], width) as (page, _):
        for kind, path in KINDS.items():
            response = page.goto(server + url_of(path), wait_until="networkidle")
            assert response is not None and response.status == 200, path
            page.add_script_tag(path=str(axe_script))
            result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
            assert len(result["passes"]) + len(result["violations"]) > 10, f"axe checked almost nothing on {path}"
            if result["violations"]:
                found[f"{kind} (/{path}) at {width}px"] = readable(result["violations"])
            names = page.eval_on_selector_all("[role=region]", "els => els.map(el => el.getAttribute('aria-label'))")
            regions[path] = names
    assert not found, "\n".join(f"{where}:\n{text}" for where, text in found.items())
    # the tables that scroll at this width are regions named by their caption or heading
    for path, names in regions.items():
        assert None not in names and len(names) == len(set(names)), (path, names)
        assert not any(name.startswith("Table (") for name in names), (path, names)
    if width < 600:
        assert any(name.startswith("Table: ") for name in regions["governance/"]), regions["governance/"]
