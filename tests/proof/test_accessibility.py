"""axe-core in headless Chromium: no serious or critical violation, the theme's own included."""

from __future__ import annotations

import pytest
from browsing import opened
from pages import AXE_PAGES, WIDTHS

pytestmark = pytest.mark.browser

FAILING_IMPACTS = {"serious", "critical"}


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
@pytest.mark.parametrize("path", AXE_PAGES)
def test_no_serious_or_critical_axe_violations(browser, server, axe_script, path, width):
    with opened(browser, server, path, width) as (page, _):
        page.add_script_tag(path=str(axe_script))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    assert result["testEngine"]["name"] == "axe-core"
    assert len(result["passes"]) + len(result["violations"]) > 10, "axe checked almost nothing: is the page empty?"
    failing = [v for v in result["violations"] if v["impact"] in FAILING_IMPACTS]
    assert not failing, f"axe-core on {path} at {width}px:\n{readable(failing)}"
