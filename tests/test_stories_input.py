"""Bad story files stop the build with messages naming file, line and field, all at once."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from stories_helpers import build, with_stories

from backbone.cli import main

FILE = "content/stories/2024-05-02-triage-line.md"
GOOD = """\
---
title: The triage line
date: "2024-05-02"
summary: "One phone number for every clinic."
partners: [harbour-clinic, city-hall]
metrics: [people-helped@2024-Q2]
image:
  src: images/phone.png
  alt: A phone
author: Dana Kim
---

Body.
"""

# name: (old text, new text, expected line, expected message after "<file>:<line>")
CASES = {
    "missing title": ("title: The triage line\n", "", 2, ": the required field 'title' is missing"),
    "missing date": ('date: "2024-05-02"\n', "", 2, ": the required field 'date' is missing"),
    "missing summary": (
        'summary: "One phone number for every clinic."\n',
        "",
        2,
        ": the required field 'summary' is missing",
    ),
    "unparsable date": (
        'date: "2024-05-02"',
        'date: "2024-13-02"',
        3,
        " (date): '2024-13-02' is not a date: write it as YYYY-MM-DD, like '2025-03-18'",
    ),
    "date in words": ('date: "2024-05-02"', "date: May 2nd", 3, " (date): 'May 2nd' is not a date"),
    "summary too long": (
        'summary: "One phone number for every clinic."',
        "summary: " + "x" * 205,
        4,
        " (summary): the summary is the share text and may have at most 200 characters; it has 205: shorten it by 5",
    ),
    "unknown partner": (
        "[harbour-clinic, city-hall]",
        "[harbour-clinic, city-hal]",
        5,
        " (partners[1]): unknown partner 'city-hal' (partners are listed in data/partners.yml); did you mean 'city-hall'?",
    ),
    "unknown metric": (
        "[people-helped@2024-Q2]",
        "[people-helpd@2024-Q2]",
        6,
        " (metrics[0]): unknown metric 'people-helpd' (metrics are listed in data/metrics/); did you mean 'people-helped'?",
    ),
    "unknown period": (
        "[people-helped@2024-Q2]",
        "[people-helped@2024-Q5]",
        6,
        " (metrics[0]): metric 'people-helped' has no period '2024-Q5' (its periods run from 2024-Q1 to 2024-Q4)",  # four periods as near: none suggested
    ),
    "bad claim": (
        "[people-helped@2024-Q2]",
        '["People helped"]',
        6,
        " (metrics[0]): 'People helped' is the title of metric 'people-helped'; use the id: 'people-helped'",
    ),
    "missing image": (
        "src: images/phone.png",
        "src: images/nope.png",
        8,
        " (image.src): file not found: 'images/nope.png' (looked for content/stories/images/nope.png)",
    ),
    "image without alt": ("  alt: A phone\n", "", 7, " (image): the required field 'alt' is missing"),
    "unknown field": (
        "author: Dana Kim",
        "author: Dana Kim\nauthr: Dana",
        11,
        " (authr): unknown field 'authr'; did you mean 'author'?",
    ),
    "bad principle": (
        "author: Dana Kim",
        "author: Dana Kim\nprinciple: 9",
        11,
        " (principle): input should be less than or equal to 6, got 9",
    ),
    "not a mapping": (
        GOOD[4 : GOOD.index("---\n\n")],
        "- a list\n- not a mapping\n",
        2,
        ": the front matter must be a mapping of 'key: value' lines",
    ),
    "malformed yaml": (
        "title: The triage line",
        "title: [The triage line",
        2,  # where the '[' opens, not where YAML noticed
        ": the '[' at column 8 is never closed: end the list with ']' on the same line, like [The triage line]; "
        "or, if the value is text that starts with '[', put it in quotes",
    ),
    "no front matter": (
        GOOD[: GOOD.index("\n\nBody")] + "\n",
        "",
        1,
        ": a story starts with front matter between two '---' lines",
    ),
    "unclosed front matter": ("---\n\nBody.", "\nBody.", 1, ": the front matter is not closed"),
}


@pytest.fixture
def project(tmp_path):
    project = with_stories(tmp_path)
    project.write(FILE, GOOD)
    return project


def test_good_story_builds(project):
    result = build(project)
    assert result.error is None, result.error


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_story_input(project, case):
    old, new, line, message = CASES[case]
    assert old in GOOD, case
    project.write(FILE, GOOD.replace(old, new, 1))
    result = build(project)
    assert result.error is not None, case
    assert f"{FILE}:{line}{message}" in result.error, result.error
    assert "Traceback" not in result.error
    assert not (result.site / "stories").exists()  # nothing half-built


def test_duplicate_slug(project):
    project.write("content/stories/another.md", GOOD.replace("author: Dana Kim", "slug: triage-line\nauthor: Dana Kim"))
    result = build(project)
    assert (
        "content/stories/another.md:10 (slug): duplicate slug 'triage-line': content/stories/2024-05-02-triage-line.md already uses it"
        in result.error
    )


def test_alias_may_not_take_another_storys_slug(project):
    project.write(
        "content/stories/another.md", GOOD.replace("author: Dana Kim", "aliases: [triage-line]\nauthor: Dana Kim")
    )
    result = build(project)
    assert "content/stories/another.md:10 (aliases[0]): duplicate slug 'triage-line'" in result.error


def test_reserved_slug(project):
    project.write("content/stories/tags.md", GOOD)
    assert "content/stories/tags.md:2: the slug 'tags' is used by Backbone itself" in build(project).error


def test_all_problems_of_all_stories_at_once(project):
    project.write(FILE, GOOD.replace("city-hall]", "city-hal]").replace('"2024-05-02"', '"2024-02-31"'))
    project.write("content/stories/other.md", GOOD.replace("title: The triage line\n", ""))
    error = build(project).error
    assert "Backbone found 3 problems in 2 files" in error
    assert f"{FILE}:3 (date): '2024-02-31' is not a date" in error
    assert f"{FILE}:5 (partners[1]): unknown partner 'city-hal'" in error
    assert "content/stories/other.md:2: the required field 'title' is missing" in error


def test_check_prints_the_build_messages(project, capsys):
    project.write(FILE, GOOD.replace("city-hall]", "city-hal]"))
    # without backbone/metrics in the configuration, the claim is reported too
    code = main(["check", "-f", str(project.path("site_config.yml"))])
    err = capsys.readouterr().err
    assert code == 1
    assert (
        f"{FILE}:5 (partners[1]): unknown partner 'city-hal' (partners are listed in data/partners.yml); did you mean 'city-hall'?"
        in err
    )
    assert f"{FILE}:6 (metrics): this story cites metrics, but metrics are off" in err
    build_error = build(project, metrics=False).error
    for line in err.splitlines():
        if line.startswith("  content/"):
            assert line in build_error


def test_markup_in_front_matter_is_text_everywhere(project):
    nasty = 'A <b>bold</b> "move" & <script>alert(1)</script>'
    text = GOOD.replace("title: The triage line", f"title: '{nasty}'").replace(
        "author: Dana Kim", "author: 'Dana\" onload=\"x()'"
    )
    project.write(FILE, text)
    result = build(project)
    assert result.error is None, result.error
    soup = result.html("stories/triage-line/index.html")
    assert soup.find("script", string=lambda s: s and "alert(1)" in s) is None
    assert soup.find("b") is None
    assert soup.find("h1").get_text() == nasty
    assert soup.find("meta", property="og:title")["content"] == nasty
    assert soup.find("meta", attrs={"name": "author"})["content"] == 'Dana" onload="x()'
    assert not soup.find_all(attrs={"onload": True})
    email = BeautifulSoup(result.text("stories/triage-line/email.html"), "lxml")
    assert email.find("script") is None and email.find("b") is None
    assert email.find("h1").get_text() == nasty
