"""Hostile text in data and content files stays text in every page, the search index and brand.css.

Each test builds a real site with values written to break out (tags, quotes, entities,
javascript: links), parses the output with real parsers (lxml, json, tinycss2) and checks
both halves of the promise: nothing the input wrote is live, and its words still read as typed.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
import tinycss2
from bs4 import BeautifulSoup
from metrics_helpers import build as build_metrics
from metrics_helpers import metrics_project
from stories_helpers import build as build_stories
from stories_helpers import with_stories

IMG = "<img src=x onerror=alert(1)>"
BREAK = '"><script>alert(2)</script>'
HOSTILE = f"R&D {IMG} {BREAK} javascript:alert(3) &amp; 'q'"

REVIEW = """---
title: {title}
kind: appreciative-inquiry
date: "2024-11-05"
participants: [harbour-clinic]
---

## Strengths

Neighbours <script>alert(4)</script> trust the <a href="javascript:alert(5)">clinic</a>.
<iframe src="javascript:alert(7)"></iframe><base href="https://evil.example/">

## Conditions behind them

<meta http-equiv="refresh" content="0;url=https://evil.example/">It has <b onclick="alert(6)">been</b> open.

## How to repeat them

Keep <img src=x.png onerror=alert(7)> the same faces. <div id="__search" data-copy-scope>x</div>
"""


def soup_of(text: str) -> BeautifulSoup:
    return BeautifulSoup(text, "lxml")


def live(soup: BeautifulSoup) -> list[str]:
    """Every element or attribute in ``soup`` that hostile input could have written."""
    found = []
    for tag in soup.find_all(True):
        found += [f"{tag.name}[{name}]" for name in tag.attrs if name.lower().startswith("on")]
        found += [
            f"{tag.name}[{name}]"
            for name in ("href", "src", "action")
            if str(tag.get(name, "")).strip().lower().startswith("javascript:")
        ]
        if tag.name in ("iframe", "base", "object", "embed") or (tag.name == "meta" and tag.has_attr("http-equiv")):
            found.append(tag.name)
        if tag.name == "script" and "alert(" in tag.get_text():
            found.append("script")
        if tag.name == "img" and tag.get("src") == "x":
            found.append("img[src=x]")
    return found


def pages(site) -> dict[str, BeautifulSoup]:
    return {
        p.relative_to(site).as_posix(): soup_of(p.read_text(encoding="utf-8")) for p in sorted(site.rglob("*.html"))
    }


def assert_inert(site) -> None:
    bad = {rel: found for rel, soup in pages(site).items() if (found := live(soup))}
    assert bad == {}


def with_search(project) -> None:
    project.edit("site_config.yml", lambda d: d["plugins"].insert(0, "search"))


# Item 1 and 3: what Backbone hands the theme (site name, descriptions, page titles).


def test_site_name_and_page_descriptions_stay_text_on_every_page(minimal):
    logo_file = 'logo" onerror="alert(4)&amp;.svg'  # the theme prints the logo's path raw in src and href
    shutil.copy(minimal.path("data/brand/logo.svg"), minimal.path(f"data/brand/{logo_file}"))

    def identity(d):
        d["name"] = HOSTILE
        d["purpose"] = f"Purpose {BREAK}"
        d["social"][0]["handle"] = f"@hb {IMG}"
        d["short_name"] = f"HB {IMG}"  # social links are named by it, the network and not the handle
        d["logo"] = d["favicon"] = f"brand/{logo_file}"

    minimal.edit("data/identity.yml", identity)
    minimal.edit("data/partners.yml", lambda d: d["partners"][0].update(role=f"Convenes {BREAK} {IMG}"))
    minimal.write("content/about.md", f"---\ntitle: 'About {IMG} &amp;'\ndescription: '{BREAK}'\n---\n\nText.\n")
    built = minimal.build()
    assert built.error is None, built.error
    assert_inert(built.site)

    home = built.html("index.html")
    assert home.title.get_text() == HOSTILE
    logo = home.select_one("a.md-logo")
    assert logo["title"] == HOSTILE and logo["aria-label"] == HOSTILE  # |e in one, raw in the other
    assert home.select_one(".md-header__topic .md-ellipsis").get_text().strip() == HOSTILE
    assert home.find("meta", attrs={"name": "description"})["content"] == f"Purpose {BREAK}"
    assert home.select_one(".md-social__link")["title"] == f"HB {IMG} on LinkedIn"
    assert home.find("meta", property="og:title")["content"] == HOSTILE
    assert home.find("meta", property="og:description")["content"] == f"Purpose {BREAK}"
    assert home.select_one("a.md-logo img")["src"] == f"assets/brand/{logo_file}"
    assert home.select_one("link[rel=icon]")["href"] == f"assets/brand/{logo_file}"

    partner = soup_of(built.text("partners/city-hall/index.html"))
    assert (
        partner.find("meta", attrs={"name": "description"})["content"] == f"Harbour City Hall: Convenes {BREAK} {IMG}"
    )
    about = soup_of(built.text("about/index.html"))
    assert about.title.get_text() == f"About {IMG} &amp; - {HOSTILE}"
    assert about.find("meta", attrs={"name": "description"})["content"] == BREAK
    assert about.find("meta", property="og:title")["content"] == f"About {IMG} &amp;"  # escaped once, as the <title>
    assert about.find("meta", attrs={"name": "twitter:description"})["content"] == BREAK


# Items 4 and 6: a review's title and body; the search index.


@pytest.fixture
def hostile_review(minimal):
    minimal.write("content/learning/2024-11-x.md", REVIEW.format(title=json.dumps(f"Review {IMG} {BREAK} R&D &amp;")))
    minimal.write("content/tagged.md", f"---\ntags: ['{IMG}', 'R&D']\n---\n\n# Tagged\n\nText.\n")
    with_search(minimal)
    return minimal


def test_review_title_and_body_are_text_and_sanitised(hostile_review):
    built = hostile_review.build()
    assert built.error is None, built.error
    assert_inert(built.site)
    page = soup_of(built.text("learning/2024-11-x/index.html"))
    title = f"Review {IMG} {BREAK} R&D &amp;"
    assert page.title.get_text() == f"{title} - Harbour Health Alliance"
    assert page.select_one("article h1").get_text() == title
    body = page.select_one("article")
    assert "Neighbours" in body.get_text() and "clinic" in body.get_text()
    assert not body.find(attrs={"data-copy-scope": True}) and not body.find(id="__search")


def test_search_index_titles_cannot_become_markup(hostile_review):
    built = hostile_review.build()
    assert built.error is None, built.error
    index = json.loads(built.text("search/search_index.json"))
    titles = [entry["title"] for entry in index["docs"]]
    # mkdocs-material inserts result titles as HTML: parsed so, they must hold no element.
    parsed = [BeautifulSoup(t, "html.parser") for t in titles]
    assert [t for t, p in zip(titles, parsed) if p.find(True)] == []
    shown = [p.get_text() for p in parsed]
    assert f"Review {IMG} {BREAK} R&D &amp;" in shown
    tags = [BeautifulSoup(tag, "html.parser") for entry in index["docs"] for tag in entry.get("tags", [])]
    assert [tag.get_text() for tag in tags if not tag.find(True)] == [IMG, "R&D"]
    assert not [e for e in index["docs"] if re.search(r"<(script|img|iframe)", e["text"])]


# Item 7: a metric title cited in prose.


def test_cited_metric_title_is_text_in_html_and_markdown(tmp_path):
    project = metrics_project(tmp_path)
    title = f"Visits {IMG} [site](javascript:alert(8)) *loud* # &amp;"
    path = project.path("data/metrics/clinic-visits.yml")
    path.write_text(
        path.read_text(encoding="utf-8").replace("title: Clinic visits", f"title: {json.dumps(title)}"),
        encoding="utf-8",
    )
    project.write(
        "content/cited.md",
        "# Cited\n\n{{ metric:clinic-visits.title }}\n\n| a |\n|---|\n| {{ metric:clinic-visits.title }} |\n",
    )
    built = build_metrics(project)
    assert built.error is None, built.error
    assert_inert(built.site)
    page = soup_of(built.text("cited/index.html"))
    article = page.select_one("article")
    assert [p.get_text() for p in article.find_all("p")] == [title]
    assert article.select_one("td").get_text() == title
    assert not article.select("p a, p em, td a, td em, article h1 ~ h1")
    metric = soup_of(built.text("metrics/clinic-visits/index.html"))
    assert metric.title.get_text().startswith(title + " - ")


# Item 9: the reuse kit finds its own elements; a body can never carry the page's ids.

PLANTED = """
<p id="kit-embed-value">&lt;script src="https://evil.example/x.js"&gt;&lt;/script&gt;</p>
<span id="kit-citation-value">attacker citation</span>
<span id="kit-permalink-value">https://evil.example/</span>
<span id="use-this-story">x</span><span id="__drawer">y</span>
<div data-copy-scope><span data-copy-value="kit-embed-value">planted</span></div>
"""


def test_story_body_cannot_pose_as_the_reuse_kit(tmp_path):
    project = with_stories(tmp_path)
    story = project.path("content/stories/food-vouchers.md")
    story.write_text(story.read_text(encoding="utf-8") + PLANTED, encoding="utf-8")
    built = build_stories(project)
    assert built.error is None, built.error
    page = soup_of(built.text("stories/food-vouchers/index.html"))
    ids = [tag["id"] for tag in page.find_all(id=True)]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
    body = page.select_one(".bb-story-body")
    assert "attacker citation" in body.get_text()  # the words stay, the ids go
    assert not body.find(id=re.compile(r"^(kit-|use-this-story$|__)"))
    assert not body.find(attrs={"data-copy-scope": True}) and not body.find(attrs={"data-copy-value": True})
    kit = page.select_one("section.bb-kit[data-copy-scope]")
    for button in kit.select("[data-copy-target]"):
        targets = kit.find_all(attrs={"data-copy-value": button["data-copy-target"]})
        assert len(targets) == 1 and targets[0]["id"] == button["data-copy-target"]
    # The script looks inside the button's scope, never up the page by id.
    script = (built.site / "assets/backbone/backbone.js").read_text(encoding="utf-8")
    assert "getElementById" not in script and 'closest("[data-copy-scope]")' in script


# Item 10: fonts are font names, written quoted into brand.css.


def test_fonts_that_are_not_font_names_are_refused_where_they_are(minimal):
    evil = "x; } body { background-image: url(https://evil.example/t.png) } a {"
    minimal.edit("data/identity.yml", lambda d: d.update(fonts={"text": evil, "code": "'Fira Code', </style>"}))
    built = minimal.build()
    assert built.error is not None and not (built.site / "assets/backbone/brand.css").exists()
    lines = minimal.path("data/identity.yml").read_text(encoding="utf-8").splitlines()
    text_line = next(n for n, line in enumerate(lines, 1) if "evil.example/t.png" in line)
    assert f"data/identity.yml:{text_line} (fonts.text): '{evil}' is not a font name" in built.error
    assert "(fonts.code): '</style>' is not a font name" in built.error
    assert "e.g. '\"Source Sans 3\", Arial, sans-serif'" in built.error


def test_font_names_are_written_quoted_into_brand_css(minimal):
    minimal.edit(
        "data/identity.yml",
        lambda d: d.update(fonts={"text": "Source Sans 3, 'Noto Sans JP',system-ui", "code": '"Fira Code", monospace'}),
    )
    built = minimal.build()
    assert built.error is None, built.error
    css = built.text("assets/backbone/brand.css")
    rules = [r for r in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)]
    assert [r.type for r in rules] == ["qualified-rule"] * 3  # nothing but Backbone's own rules
    root = {
        d.lower_name: d
        for d in tinycss2.parse_declaration_list(rules[0].content, skip_comments=True, skip_whitespace=True)
    }
    families = [t for t in root["--md-text-font-family"].value if t.type not in ("whitespace", "literal")]
    assert [(t.type, t.value) for t in families] == [
        ("string", "Source Sans 3"),
        ("string", "Noto Sans JP"),
        ("ident", "system-ui"),
    ]
    assert tinycss2.serialize(root["--md-code-font-family"].value).strip() == '"Fira Code", monospace'
    assert not re.search(r"url\(|@import|expression", css)
