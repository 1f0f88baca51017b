"""The Nu HTML Checker (vnu) on every built HTML file and on Backbone's own stylesheets."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from pages import VNU_GLOBS, VNU_PAGES, url_of

# mkdocs-material's base.html puts autocomplete="off" on its two hidden checkboxes
# (#__drawer, #__search) so that Firefox does not restore them as checked on back/forward,
# which would reopen the drawer or search. HTML allows autocomplete only on text-like inputs,
# so vnu reports it. The fix would be a copy of material's whole base.html to maintain, for
# an attribute that is harmless; we filter exactly this message on exactly those inputs.
MATERIAL_TOGGLE_AUTOCOMPLETE = re.compile(r"^Attribute “autocomplete” is only allowed when the input type is ")
MATERIAL_TOGGLE = re.compile(
    r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" id="__(drawer|search)" autocomplete="off">'
)


def is_material_toggle_autocomplete(message: dict) -> bool:
    return bool(
        MATERIAL_TOGGLE_AUTOCOMPLETE.match(message["message"]) and MATERIAL_TOGGLE.search(message.get("extract", ""))
    )


def vnu(jar, files) -> list[dict]:
    run = subprocess.run(
        ["java", "-jar", str(jar), "--format", "json", "--errors-only", "--also-check-css", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    try:
        return json.loads(run.stderr)["messages"]  # vnu writes its JSON report to stderr
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"vnu did not report (exit {run.returncode}):\n{run.stderr[-2000:]}", pytrace=False)


@pytest.fixture(scope="session")
def vnu_messages(vnu_jar, demo_site):
    site = demo_site.site
    files = sorted(site.rglob("*.html")) + sorted({f for glob in VNU_GLOBS for f in site.glob(glob)})
    files += sorted((site / "assets" / "backbone").glob("*.css"))
    return files, vnu(vnu_jar, sorted(set(files)))


def test_listed_pages_are_validated(demo_site, vnu_messages):
    files, _ = vnu_messages
    for path in VNU_PAGES:
        assert demo_site.site / url_of(path) in files, path
    assert len(files) > 30


def test_no_html_or_css_errors_but_the_documented_material_one(demo_site, vnu_messages):
    _, messages = vnu_messages
    errors = [m for m in messages if m["type"] != "info" and not is_material_toggle_autocomplete(m)]
    shown = "\n".join(
        f"{m['url'].split(str(demo_site.site))[-1]}:{m.get('lastLine', '?')}: {m['message']}\n    {m.get('extract', '').strip()[:160]}"
        for m in errors[:40]
    )
    assert not errors, f"the Nu HTML Checker found {len(errors)} errors:\n{shown}"


def test_the_material_filter_matches_only_that_message(vnu_jar, tmp_path):
    """The filter is exact: the same attribute on our own checkbox is still an error."""
    page = tmp_path / "page.html"
    page.write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>'
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
        '<input type="checkbox" id="ours" autocomplete="off"><label for="ours">x</label>'
        '<label for="nothing">dangling</label></body></html>',
        encoding="utf-8",
    )
    messages = vnu(vnu_jar, [page])
    kept = [m["message"] for m in messages if not is_material_toggle_autocomplete(m)]
    assert len(messages) == 3
    assert len(kept) == 2 and "autocomplete" in kept[0] + kept[1] and any("“for”" in k for k in kept)
