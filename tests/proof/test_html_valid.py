"""The Nu HTML Checker (vnu) on every built HTML file and on Backbone's own stylesheets; html-validate's
recommended rules on every page of the demo and of the long-names partnership."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

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


# -- html-validate: stricter than the standard (semantics, accessibility, deprecated markup) ------

# Its recommended rules, but those only mkdocs-material's own templates break (each is named, with
# its reason, in docs/testing.md): tests/proof/htmlvalidate.json.
HTML_VALIDATE_CONFIG = Path(__file__).with_name("htmlvalidate.json")


def html_validate(binary, files) -> list[tuple[str, str, int, str]]:
    """(file, rule, line, message) of every problem html-validate reports in ``files``."""
    run = subprocess.run(
        ["node", str(binary), "--config", str(HTML_VALIDATE_CONFIG), "--formatter", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    try:
        report = json.loads(run.stdout or "[]")
    except json.JSONDecodeError:
        pytest.fail(f"html-validate did not report (exit {run.returncode}):\n{run.stderr[-2000:]}", pytrace=False)
    if run.returncode not in (0, 1) or (run.returncode == 1 and not report):
        pytest.fail(f"html-validate failed (exit {run.returncode}):\n{run.stderr[-2000:]}", pytrace=False)
    return [(f["filePath"], m["ruleId"], m["line"], m["message"]) for f in report for m in f["messages"]]


def web_pages(site: Path) -> list[Path]:
    """Every page of a built site; e-mails are written for mail clients (inline styles, layout
    tables), which html-validate's rules for the web rightly refuse."""
    return sorted(p for p in site.rglob("*.html") if p.name != "email.html")


def test_html_validate_finds_nothing_on_any_page(html_validate_bin, demo_site, longnames_site):
    files = web_pages(demo_site.site) + web_pages(longnames_site.site)
    assert len(files) > 60
    found = html_validate(html_validate_bin, files)
    shown = "\n".join(f"{file}:{line}: [{rule}] {message}" for file, rule, line, message in found[:40])
    assert not found, f"html-validate found {len(found)} problems:\n{shown}"


def test_html_validate_runs_the_recommended_rules(html_validate_bin, tmp_path):
    """The checker is live: what it found on Backbone's pages before (a div posing as a region, an
    inline style) is still reported on a page of our own."""
    page = tmp_path / "page.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>'
        '<div role="region" aria-label="Numbers">1</div><p style="color: red">x</p></body></html>\n',
        encoding="utf-8",
    )
    rules = {rule for _, rule, _, _ in html_validate(html_validate_bin, [page])}
    assert rules == {"prefer-native-element", "no-inline-style"}, rules
