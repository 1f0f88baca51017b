"""`backbone check` is the build without writing (issue 24 item 5): a broken Markdown link in an
author's page, a missing picture in a story's body, each found by both with the same file, line
and message; links to generated pages work in the forms authors write."""

from __future__ import annotations

import pytest
from metrics_helpers import build, fixed_date, metrics_project

from backbone.adapters.check import check_site

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


def _listed(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.startswith("  content/")]


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    project = metrics_project(tmp_path_factory.mktemp("check"))
    project.write("content/about.md", ABOUT)
    project.write("content/stories/night-bus.md", STORY)
    return project


def test_check_and_build_list_the_same_problems(broken):
    built = build(broken)
    with fixed_date():
        errors, _, _ = check_site(broken.path("site_config.yml"))
    from_build, from_check = _listed(built.error or ""), _listed("\n".join(errors))
    assert from_build == from_check
    assert from_build == [
        "content/about.md:3 (link): the link 'missing-page.md' leads to no page or file of the site (read from "
        "this file's folder as missing-page.md); write the path from this file to a page, e.g. "
        "'../partners/<id>.md' (docs/stories.md lists how to link to each page Backbone makes)",
        "content/stories/night-bus.md:11 (picture): the picture 'images/nowhere.png' is not in the docs folder "
        "(read from this file's folder as stories/images/nowhere.png); put the picture there or correct its path",
    ]


def test_links_to_generated_pages_in_both_forms(broken, tmp_path):
    fixed = metrics_project(tmp_path)
    fixed.write("content/about.md", ABOUT.replace(" and [a page that is gone](missing-page.md)", ""))
    fixed.write("content/stories/night-bus.md", STORY.replace("![A bus](images/nowhere.png)", ""))
    built = build(fixed)
    assert built.error is None, built.error
    about = [a["href"] for a in built.html("about/index.html").select("article a") if "City" in a.get_text()]
    assert about == ["../partners/city-hall/"]
    story = built.html("stories/night-bus/index.html").select(".bb-story-body a")
    assert [a["href"] for a in story] == ["../../partners/city-hall/", "../../partners/city-hall/"]
    with fixed_date():
        errors, _, _ = check_site(fixed.path("site_config.yml"))
    assert errors == []
