"""`backbone check` is the build without writing (issue 24 item 5): a broken Markdown link in an
author's page, a missing picture in a story's body, each found by both with the same file, line
and message; links to generated pages work in the forms authors write."""

from __future__ import annotations

import pytest
from metrics_helpers import build, fixed_date, metrics_project
from support import ROOT, make_project

from backbone.adapters.check import check_site
from backbone.adapters.plugin import OWNER, PIPELINE, BackbonePlugin

ABOUT = """# About us

Read [the notes](notes/figures.md) and [a page that is gone](missing-page.md).

Meet [City Hall](partners/city-hall/index.md) and [again](partners/city-hall.md).
"""

STORY = """---
title: The night bus
date: "2024-05-20"
summary: "A bus at night."
partners: [city-hall]
author: Dana Kim
---

The bus runs at night.

![A bus](images/nowhere.png)

Run by [City Hall](../partners/city-hall/index.md) and [again](../partners/city-hall.md).
"""


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    project = metrics_project(tmp_path_factory.mktemp("check"))
    project.write("content/about.md", ABOUT)
    project.write("content/stories/night-bus.md", STORY)
    return project


def test_check_and_build_list_the_same_warnings(broken):
    built = build(broken)  # --strict: it fails on these warnings
    assert "Aborted with 2 warnings in strict mode" in (built.error or ""), built.error
    with fixed_date():
        _, warnings, _ = check_site(broken.path("site_config.yml"))
    assert built.warnings == warnings
    assert warnings == [
        "backbone: content/about.md:3 (link): the link 'missing-page.md' leads to no page or file of the site (read from "
        "this file's folder as missing-page.md); write the path from this file to a page, e.g. "
        "'../partners/<id>.md' (docs/stories.md lists how to link to each page Backbone makes)",
        "backbone: content/stories/night-bus.md:11 (picture): the picture 'images/nowhere.png' is not in the docs folder "
        "(read from this file's folder as stories/images/nowhere.png); put the picture there or correct its path",
    ]


def test_check_runs_every_language_of_the_site_as_the_build_does(tmp_path):
    # examples/bilingual, its Spanish story with a link to nothing: only the Spanish build reads it
    project = make_project(tmp_path, ROOT / "examples" / "bilingual")
    story = project.path("content/stories/one-front-door.es.md")
    story.write_text(story.read_text(encoding="utf-8") + "\nVea [la página](../nowhere.md).\n", encoding="utf-8")
    built = project.build()
    assert "Aborted with 1 warnings in strict mode" in (built.error or ""), built.error
    # in the same process, after a build: the data models kept from it still say which texts
    # are given per language (the Spanish check localized nothing and stopped on a metric's title)
    _, warnings, _ = check_site(project.path("site_config.yml"))
    assert warnings == built.warnings
    assert [w.split(": the link")[0] for w in warnings] == ["backbone: content/stories/one-front-door.es.md:20 (link)"]


def test_links_to_generated_pages_in_both_forms(broken, tmp_path, monkeypatch):
    fixed = metrics_project(tmp_path)
    fixed.write("content/about.md", ABOUT.replace(" and [a page that is gone](missing-page.md)", ""))
    fixed.write("content/stories/night-bus.md", STORY.replace("![A bus](images/nowhere.png)", ""))
    monkeypatch.setattr(BackbonePlugin, "trace", [])
    built = build(fixed)
    assert built.error is None, built.error
    _each_step_once_in_order(BackbonePlugin.trace)
    about = [a["href"] for a in built.html("about/index.html").select("article a") if "City" in a.get_text()]
    assert about == ["../partners/city-hall/"]
    story = built.html("stories/night-bus/index.html").select(".bb-story-body a")
    assert [a["href"] for a in story] == ["../../partners/city-hall/", "../../partners/city-hall/"]
    with fixed_date():
        errors, warnings, _ = check_site(fixed.path("site_config.yml"))
    assert errors == [] and warnings == []


def _each_step_once_in_order(trace: list) -> None:
    """The steps of the once-a-build phases ran once each, in the table's order: every step of
    each feature that took part (a feature takes part from its configuration step on)."""
    on = {OWNER[function] for function in trace}
    assert {"identity", "content", "metrics", "stories", "feeds", "partners", "pictures"} <= on, on
    for phase in ("config", "guard", "check", "files", "model", "post_build"):
        steps = PIPELINE[phase]
        ran = [function for function in trace if function in steps]
        expected = [function for function in steps if OWNER[function] in on]
        assert ran == expected, (phase, [f.__qualname__ for f in ran], [f.__qualname__ for f in expected])
