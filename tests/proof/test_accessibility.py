"""axe-core in headless Chromium, every rule it has, on every browser page at both widths:
not one violation, whatever its impact (issue #17, item 11).

Every rule means axe's whole set, experimental, best-practice and AAA ones included, with
one exception: AAA's enhanced contrast (7:1, ``color-contrast-enhanced``). The build holds
brand colours to AA (4.5:1), the level laws cite (EN 301 549, Section 508); W3C itself
advises against requiring AAA of whole sites. One browser context per width, reused from
page to page: about a second a page.
"""

from __future__ import annotations

import pytest
from browsing import opened
from pages import AXE_PAGES, WIDTHS, url_of

pytestmark = pytest.mark.browser

LEFT_OUT = {"color-contrast-enhanced"}

RUN_AXE = """async (leftOut) => {
  const rules = axe.getRules().map(r => r.ruleId).filter(id => !leftOut.includes(id));
  const result = await axe.run(document, {runOnly: {type: 'rule', values: rules}, resultTypes: ['violations']});
  return {engine: result.testEngine.name, rules: rules.length, checked: result.passes.length + result.violations.length,
          violations: result.violations};
}"""


def readable(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:8]:
            lines.append(f"    at {' '.join(node['target'])}")
            lines.extend(f"       {line}" for line in node["failureSummary"].splitlines()[1:3])
        if len(v["nodes"]) > 8:
            lines.append(f"    ... and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


@pytest.mark.parametrize("width", WIDTHS)
def test_no_axe_violation_of_any_impact(browser, server, axe_script, width):
    found, regions = {}, {}
    with opened(browser, server, AXE_PAGES[0], width) as (page, _):
        for path in AXE_PAGES:
            response = page.goto(server + url_of(path), wait_until="networkidle")
            assert response is not None and response.status == 200, path
            page.add_script_tag(path=str(axe_script))
            result = page.evaluate(RUN_AXE, sorted(LEFT_OUT))
            assert result["engine"] == "axe-core" and result["rules"] > 90, result["rules"]
            assert result["checked"] > 10, f"axe checked almost nothing on /{path}: is the page empty?"
            if result["violations"]:
                found[f"/{path} at {width}px"] = readable(result["violations"])
            regions[path] = page.eval_on_selector_all("[role=region]", "els => els.map(el => el.getAttribute('aria-label') ?? el.getAttribute('aria-labelledby'))")
    assert not found, "axe-core:\n" + "\n".join(f"{where}:\n{text}" for where, text in found.items())
    # every region is named, once a page; the tables that scroll are named by their caption or heading
    for path, names in regions.items():
        assert None not in names and len(names) == len(set(names)), (path, names)
        assert not any(name.startswith("Table (") for name in names), (path, names)
    if width < 600:
        assert any(name.startswith("Table: ") for name in regions["governance/"]), regions["governance/"]
