"""Names, not ids (#17 item 6, web pages): a reader sees a metric's title, a partner's or a
body's name, a story's title, and periods written one way ('Q2 2026', never '2026-Q2').

The demo is built for real and the text a reader sees on every page (not code, addresses,
attributes or the copy-and-paste embed code) is searched for raw ids and ISO-style periods.
E-mails and feeds are checked with their own tests.
"""

from __future__ import annotations

import re

import yaml
from bs4 import BeautifulSoup
from support import ROOT

from backbone.metrics import periods
from backbone.render.formats import formats_for

# What a reader does not read as prose: code, the embed code to copy, scripts and styles.
NOT_READ = ["code", "pre", "script", "style", "template", "textarea"]
ISO_PERIOD = re.compile(r"(?<![\w-])\d{4}-(?:Q[1-4]|0[1-9]|1[0-2])(?![\w-])")


def _ids() -> set[str]:
    """The demo's ids a reader must not see: metrics, partners, bodies, workstreams and story
    slugs. Tags are left out: a story's tags are labels its author writes as they are shown."""
    data = ROOT / "data"
    found = {p.stem for p in (data / "metrics").glob("*.yml")}
    found |= {p["id"] for p in yaml.safe_load((data / "partners.yml").read_text())["partners"]}
    governance = yaml.safe_load((data / "governance.yml").read_text())
    found |= {b["id"] for b in governance["bodies"]} | {w["id"] for w in governance.get("workstreams", [])}
    found |= {p.stem for p in (ROOT / "content/stories").glob("*.md")}
    tags = set()
    for story in (ROOT / "content/stories").glob("*.md"):
        meta = yaml.safe_load(story.read_text().split("---")[1])
        tags |= set(meta.get("tags", []))
    return found - tags


def visible_text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for element in soup(NOT_READ):
        element.decompose()
    return " ".join(soup.get_text(" ").split())


def test_pages_name_things_and_write_periods_one_way(demo_site):
    ids = _ids()
    id_pattern = re.compile(
        r"(?<![\w#/.@-])(" + "|".join(map(re.escape, sorted(ids, key=len, reverse=True))) + r")(?![\w/.@-])"
    )
    found = {}
    pages = [p for p in demo_site.site.rglob("*.html") if not p.name.startswith("email")]
    assert len(pages) > 50
    for page in pages:
        text = visible_text(page.read_text(encoding="utf-8"))
        hits = {m.group(0) for m in ISO_PERIOD.finditer(text)} | {m.group(1) for m in id_pattern.finditer(text)}
        if hits:
            found[page.relative_to(demo_site.site).as_posix()] = sorted(hits)
    assert found == {}


def test_the_scan_sees_what_it_looks_for():
    # the page scan is only as good as these: an id and a raw period in prose are caught
    assert ISO_PERIOD.search(visible_text("<p>Newest period 2026-Q3</p>"))
    assert not ISO_PERIOD.search(visible_text("<p>(action aar-2025-03-1) <code>jobs-placed@2025-Q3</code></p>"))
    assert {"jobs-placed", "city-of-riverbend", "steering-board", "night-bus-to-eastgate"} <= _ids()


def test_one_period_format():
    english = formats_for("en")
    assert [periods.label_of(t, english) for t in ("2026-Q2", "2026-07", "2026", "spring 2026")] == [
        "Q2 2026",
        "July 2026",
        "2026",
        "spring 2026",
    ]


# A path to a data or content file, as the build's messages name them ('data/investments.yml').
FILE_PATH = re.compile(r"(?<![\w/])(?:data|content)/[\w./-]*\.(?:ya?ml|csv|md)\b")


def test_no_page_prints_a_data_files_path(demo_site):
    """Readers are told where a figure comes from in words ('the period the partnership chose'),
    never 'as set in data/investments.yml' or 'Data file: data/metrics/….yml' (issue 22).
    Code and attributes a reader sees count too; the repository's edit links do not."""
    for path in sorted(demo_site.site.rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag in soup(["script", "style", "template"]):
            tag.decompose()
        shown = [soup.get_text(" ")] + [tag.get(name, "") for tag in soup.find_all(True) for name in ("alt", "title")]
        found = [match.group(0) for text in shown for match in FILE_PATH.finditer(text)]
        assert not found, f"{path.relative_to(demo_site.site)}: {found}"
