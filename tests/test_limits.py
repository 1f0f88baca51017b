"""Stated limits and values that used to crash the build end in located messages.

A table of cases against the core (a patch to one file → the exact message, file, line and
field), then one real build per family of files proving the wiring, in the build and in
`backbone check` alike."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import FIXTURES, make_project

import backbone.metrics  # noqa: F401  (registers the metrics loader with load_project)
from backbone.identity.languages import language_tag
from backbone.learning.reviews import read_reviews
from backbone.learning.voices import check_voices, published_actions, read_voices
from backbone.loaders import load_project
from backbone.problems import DataError
from backbone.stories.load import load_stories

PARTNERS, IDENTITY, GOVERNANCE = "data/partners.yml", "data/identity.yml", "data/governance.yml"
CLINIC, CSV = "data/metrics/clinic-visits.yml", "data/metrics/voucher-spend.csv"
STORY = "content/stories/food-vouchers.md"
REVIEW, VOICES = "content/learning/2025-03-winter.md", "data/voices.yml"
LONG = "Harbour " * 300  # 2,400 characters, 2,399 once trimmed

REVIEW_TEXT = """---
title: Winter triage line
kind: progress-review
date: "2025-03-20"
participants: [city-hall]
draft: true
actions:
  - id: aar-1
    what: Text patients their call-back time
    owner: city-hall
    due: "2025-05-31"
    status: open
---

## Where we are

Calls answered.

## What is working

The call log.

## What needs attention

Saturdays.
"""

VOICES_TEXT = """quotes:
  - id: q-callback
    text: "Just tell me when you will call back."
    who: Patient, harbour district
    date: "2025-02-26"
    channel: focus-group
    consent: "yes"
surveys:
  - id: contact
    question: How should we contact you?
    period: 2025-Q1
    options:
      - {label: Text message, count: 30}
      - {label: Phone call, count: 10}
you_said_we_did:
  - quote: q-callback
    action: aar-1
    summary: Call-back times now go out by text.
"""

# name: (fixture, file, old text, new text, the exact problem)
CASES = {
    # --- lengths -----------------------------------------------------------------------
    "partner name": (
        "minimal",
        PARTNERS,
        "name: Harbour City Hall",
        f"name: {LONG}",
        f"{PARTNERS}:3 (partners[0].name): too long: shorten it to at most 120 characters; it has 2,399",
    ),
    "partner short name": (
        "minimal",
        PARTNERS,
        "name: Dockside Foods",
        "name: Dockside Foods\n    short_name: " + "D" * 41,
        f"{PARTNERS}:18 (partners[2].short_name): too long: shorten it to at most 40 characters; it has 41",
    ),
    "partner role": (
        "minimal",
        PARTNERS,
        "role: Funds healthy-meal vouchers",
        "role: " + "x" * 601,
        f"{PARTNERS}:20 (partners[2].role): too long: shorten it to at most 600 characters; it has 601",
    ),
    "partner id": (
        "minimal",
        PARTNERS,
        "id: dockside-foods",
        "id: " + "d" * 65,
        f"{PARTNERS}:16 (partners[2].id): this id is too long: shorten it to at most 64 characters; it has 65",
    ),
    "site name": (
        "minimal",
        IDENTITY,
        "name: Harbour Health Alliance",
        f"name: {LONG}",
        f"{IDENTITY}:1 (name): too long: shorten it to at most 120 characters; it has 2,399",
    ),
    "tagline": (
        "minimal",
        IDENTITY,
        "tagline: Healthier streets, together",
        "tagline: " + "t" * 201,
        f"{IDENTITY}:3 (tagline): too long: shorten it to at most 200 characters; it has 201",
    ),
    "purpose": (
        "minimal",
        IDENTITY,
        "purpose: Cut",
        "purpose: " + "p" * 600 + " Cut",
        f"{IDENTITY}:4 (purpose): too long: shorten it to at most 600 characters; it has 676",
    ),
    "free text": (
        "minimal",
        IDENTITY,
        "long: Harbour",
        "long: " + "l" * 5_000 + " Harbour",
        f"{IDENTITY}:20 (boilerplate.long): too long: shorten it to at most 5,000 characters; it has 5,380",
    ),
    "body name": (
        "minimal",
        GOVERNANCE,
        "name: Alliance Board",
        f"name: {LONG}",
        f"{GOVERNANCE}:3 (bodies[0].name): too long: shorten it to at most 120 characters; it has 2,399",
    ),
    "metric title": (
        "metrics",
        CLINIC,
        "title: Clinic visits",
        "title: " + "Clinic visits " * 150,
        f"{CLINIC}:1 (title): too long: shorten it to at most 200 characters; it has 2,099",
    ),
    "metric tags": (
        "metrics",
        CLINIC,
        "tags: [access]",
        "tags: [" + ", ".join(f"t{i}" for i in range(21)) + "]",
        f"{CLINIC}:27 (tags): too many entries: keep at most 20; it has 21",
    ),
    "story title": (
        "stories",
        STORY,
        "title: Healthy meals for every family",
        "title: " + "Healthy meals " * 150,
        f"{STORY}:2 (title): too long: shorten it to at most 200 characters; it has 2,099",
    ),
    "story tags": (
        "stories",
        STORY,
        "tags: [food, clinics]",
        "tags: [" + ", ".join(f"t{i}" for i in range(3_000)) + "]",
        f"{STORY}:6 (tags): too many entries: keep at most 20; it has 3,000",
    ),
    "story aliases": (
        "stories",
        STORY,
        "tags: [food",
        "aliases: [" + ", ".join(f"a{i}" for i in range(21)) + "]\ntags: [food",
        f"{STORY}:6 (aliases): too many entries: keep at most 20; it has 21",
    ),
    "story author": (
        "stories",
        STORY,
        "author: Sam Lee",
        f"author: {LONG}",
        f"{STORY}:7 (author): too long: shorten it to at most 120 characters; it has 2,399",
    ),
    "empty story title": (
        "stories",
        STORY,
        "title: Healthy meals for every family",
        'title: " "',
        f"{STORY}:2 (title): is empty: write at least 1 character",
    ),
    "review title": (
        "learning",
        REVIEW,
        "title: Winter triage line",
        "title: " + "w" * 201,
        f"{REVIEW}:2 (title): too long: shorten it to at most 200 characters; it has 201",
    ),
    "survey count": (
        "learning",
        VOICES,
        "count: 30",
        "count: 1" + "0" * 400,
        f"{VOICES}:13 (surveys[0].options[0].count): input should be less than or equal to 1000000000, got 1{'0' * 56}...",
    ),
    # --- values that crashed the build ---------------------------------------------------
    "month 13": (
        "minimal",
        PARTNERS,
        "joined: 2021-03",
        'joined: "2024-13"',
        f"{PARTNERS}:7 (partners[0].joined): '2024-13' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, like '2024', '2024-03' or '2024-03-18'",
    ),
    "month 00": (
        "minimal",
        PARTNERS,
        "joined: 2021-03",
        'joined: "2024-00"',
        f"{PARTNERS}:7 (partners[0].joined): '2024-00' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, like '2024', '2024-03' or '2024-03-18'",
    ),
    "29 February": (
        "minimal",
        PARTNERS,
        "joined: 2021-03",
        'joined: "2023-02-29"',
        f"{PARTNERS}:7 (partners[0].joined): '2023-02-29' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, like '2024', '2024-03' or '2024-03-18'",
    ),
    "huge number": (
        "metrics",
        CLINIC,
        "value: 120}",
        "value: 1" + "0" * 400 + "}",
        f"{CLINIC}:11 (series[1].value): a number of 401 digits is out of range: figures must lie between "
        "-1,000,000,000,000,000 and 1,000,000,000,000,000; check the value",
    ),
    "huge number in a CSV": (
        "metrics",
        CSV,
        "2024-02,1100,",
        "2024-02,1e400,",
        f"{CSV}:3 (value): the number inf is out of range: figures must lie between "
        "-1,000,000,000,000,000 and 1,000,000,000,000,000; check the value",
    ),
    "arabic digits": (
        "metrics",
        CLINIC,
        "2023-Q2, value: 120",
        "٢٠٢٣-Q1, value: 120",
        f"{CLINIC}:11 (series[1].period): '٢٠٢٣-Q1' is not a period: write its digits as 0 to 9, like '2023-Q1'",
    ),
    "year 0": (
        "metrics",
        CLINIC,
        "2023-Q2, value: 120",
        "0000-Q2, value: 120",
        f"{CLINIC}:11 (series[1].period): '0000-Q2' is not a period: its year must be from 1900 to 2199",
    ),
    "draft action in voices": (
        "learning",
        VOICES,
        "",
        "",
        f"{VOICES}:17 (you_said_we_did[0].action): action 'aar-1' is in {REVIEW}, a draft review, which is not "
        "published; publish the review (remove 'draft: true') or name another action",
    ),
    "mailto with cc": (
        "minimal",
        PARTNERS,
        "website: https://city.example.org",
        "website: mailto:a@city.example.org?cc=b@evil.example",
        f"{PARTNERS}:6 (partners[0].website): 'mailto:a@city.example.org?cc=b@evil.example' is not a plain e-mail link: "
        "write one address after mailto:, like 'mailto:info@example.org', with nothing after it "
        "(no '?cc=', '?subject=' or second address)",
    ),
    "two addresses": (
        "minimal",
        IDENTITY,
        "email: hello@harbourhealth.example.org",
        "email: hello@harbourhealth.example.org,b@evil.example",
        f"{IDENTITY}:22 (contact.email): 'hello@harbourhealth.example.org,b@evil.example' is not an e-mail address: "
        "write one plain address, like 'info@example.org'",
    ),
    "reserved alias": (
        "stories",
        STORY,
        "tags: [food",
        "aliases: [old-vouchers, claims]\ntags: [food",
        f"{STORY}:6 (aliases[1]): the alias 'claims' is used by Backbone itself (claims, images, index, page, tags); remove it or choose another",
    ),
    "alias is the slug": (
        "stories",
        STORY,
        "tags: [food",
        "aliases: [food-vouchers]\ntags: [food",
        f"{STORY}:6 (aliases[0]): the alias 'food-vouchers' is this story's own slug; remove it (aliases are former addresses)",
    ),
    "alias twice": (
        "stories",
        STORY,
        "tags: [food",
        "aliases: [old, old]\ntags: [food",
        f"{STORY}:6 (aliases[1]): the alias 'old' is listed twice (also at aliases[0]); keep one",
    ),
}


def project_for(tmp_path: Path, fixture: str):
    if fixture == "metrics":
        return make_project(tmp_path, FIXTURES / "metrics")
    project = make_project(tmp_path, FIXTURES / "minimal")
    if fixture == "stories":
        shutil.copytree(FIXTURES / "stories" / "content", project.root / "content", dirs_exist_ok=True)
    if fixture == "learning":
        project.write(REVIEW, REVIEW_TEXT)
        project.write(VOICES, VOICES_TEXT)
    return project


def core_problems(project, fixture: str) -> list[str]:
    """What the core reports for the project: the data files, then the stories or reviews."""
    problems = []
    try:
        loaded = load_project(project.root)
    except DataError as exc:
        return [str(p) for p in exc.problems]
    docs = project.root / "content"
    if fixture == "stories":
        try:
            load_stories(loaded, docs, None)
        except DataError as exc:
            problems += exc.problems
    if fixture == "learning":
        reviews = read_reviews(docs / "learning", docs, project.root, problems)
        voices, source = read_voices(loaded.data_dir, project.root, problems)
        if voices is not None:
            actions, drafts = published_actions(reviews, serving=False)
            check_voices(voices, source, actions, None, None, problems, None, drafts)
    return [str(p) for p in problems]


@pytest.mark.parametrize("name", CASES)
def test_each_limit_and_bad_value_is_one_located_message(tmp_path, name):
    fixture, rel, old, new, expected = CASES[name]
    project = project_for(tmp_path, fixture)
    text = project.path(rel).read_text(encoding="utf-8")
    assert old in text
    project.write(rel, text.replace(old, new, 1))
    # the patched file's problems (other stories cite metrics this core run does not load)
    assert [p for p in core_problems(project, fixture) if p.startswith(f"{rel}:")] == [expected]


def test_a_draft_reviews_actions_are_known_while_serving(tmp_path):
    project = project_for(tmp_path, "learning")
    reviews = read_reviews(project.root / "content/learning", project.root / "content", project.root, [])
    assert published_actions(reviews, serving=True) == (["aar-1"], {})


@pytest.mark.parametrize(
    "written, tag",
    [
        ("en-GB", "en-GB"),
        ("pt-br", "pt-BR"),
        ("EN", "en"),
        ("en_GB", "en-GB"),
        ("es-419", "es-419"),
        ("zh-hant-tw", "zh-Hant-TW"),
    ],
)
def test_a_language_is_a_bcp_47_tag_in_its_usual_case(written, tag):
    assert language_tag(written) == tag


@pytest.mark.parametrize(
    "written, expected",
    [
        ("English", "did you mean 'en'?"),
        ("British English", "did you mean 'en-GB'?"),
        ("Spansh", "did you mean 'es'?"),
        ("fre", "did you mean 'fr'?"),  # an older code CLDR reads as French
        ("en-XX", "did you mean 'en'?"),  # no such region
        ("../../base", "such as 'en', 'en-GB'"),  # never a file name the theme would load
    ],
)
def test_a_language_cldr_does_not_know_is_refused_with_the_tag_meant(written, expected):
    with pytest.raises(ValueError) as refused:
        language_tag(written)
    assert str(refused.value).startswith(f"'{written}' is not a language Backbone knows: write its BCP 47 tag")
    assert expected in str(refused.value)


# --- real builds: each family of files, wired into the build and `backbone check` ---------


def check(project) -> tuple[int, str]:
    import contextlib
    import io

    from backbone.cli import main

    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["check", "-f", str(project.path("site_config.yml"))])
    return code, err.getvalue()


def test_build_and_check_refuse_a_language_that_is_no_tag(minimal):
    minimal.write(IDENTITY, minimal.path(IDENTITY).read_text() + "language: ../../base\n")
    expected = f"{IDENTITY}:26 (language): '../../base' is not a language Backbone knows"
    built = minimal.build()
    assert built.error is not None and expected in built.error, built.error
    code, err = check(minimal)
    assert code == 1 and expected in err and "Traceback" not in err


def test_build_and_check_refuse_month_13_and_a_long_name(minimal):
    minimal.write(
        PARTNERS,
        minimal.path(PARTNERS)
        .read_text()
        .replace("joined: 2021-03", 'joined: "2024-13"')
        .replace("name: Dockside Foods", f"name: {LONG}"),
    )
    built = minimal.build()
    assert built.error is not None, "the build should stop"
    assert f"{PARTNERS}:7 (partners[0].joined): '2024-13' is not a date" in built.error
    assert (
        f"{PARTNERS}:17 (partners[2].name): too long: shorten it to at most 120 characters; it has 2,399" in built.error
    )
    code, err = check(minimal)
    assert code == 1 and "'2024-13' is not a date" in err and "it has 2,399" in err


def test_build_refuses_a_400_digit_figure(tmp_path):
    from metrics_helpers import build

    project = make_project(tmp_path, FIXTURES / "metrics")
    project.write(CLINIC, project.path(CLINIC).read_text().replace("value: 120}", "value: 1" + "0" * 400 + "}"))
    built = build(project)
    assert (
        built.error is not None
        and f"{CLINIC}:11 (series[1].value): a number of 401 digits is out of range" in built.error
    )


def test_build_refuses_a_reserved_alias_and_3000_tags(tmp_path):
    from stories_helpers import build, with_stories

    project = with_stories(tmp_path)
    text = project.path(STORY).read_text()
    project.write(
        STORY,
        text.replace(
            "tags: [food, clinics]", "aliases: [tags]\ntags: [" + ", ".join(f"t{i}" for i in range(3_000)) + "]"
        ),
    )
    built = build(project)
    assert built.error is not None, "the build should stop"
    assert f"{STORY}:7 (tags): too many entries: keep at most 20; it has 3,000" in built.error
    # the tag limit is checked with the other fields; once within it, the alias is reported
    project.write(STORY, text.replace("tags: [food, clinics]", "aliases: [tags]\ntags: [food]"))
    built = build(project)
    assert f"{STORY}:6 (aliases[0]): the alias 'tags' is used by Backbone itself" in built.error


def test_build_refuses_voices_citing_a_draft_reviews_action(learning_project):
    built = learning_project.build()
    assert built.error is not None, "the build should stop"
    assert f"{VOICES}:17 (you_said_we_did[0].action): action 'aar-1' is in {REVIEW}, a draft review" in built.error


def test_serving_shows_the_draft_review_and_its_action(learning_project):
    """`mkdocs serve` shows drafts: there the same voices file is fine."""
    from mkdocs.config import load_config

    config = load_config(str(learning_project.path("site_config.yml")))
    config.plugins.on_startup(command="serve", dirty=False)
    config.plugins.on_config(config)
    from mkdocs.structure.files import get_files

    config.plugins.on_files(get_files(config), config=config)  # no DataError
    assert config.plugins["backbone"].broken is None


@pytest.fixture
def learning_project(minimal, monkeypatch):
    import datetime as dt

    minimal.write(REVIEW, REVIEW_TEXT)
    minimal.write(VOICES, VOICES_TEXT)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2025, 7, 1, tzinfo=dt.timezone.utc).timestamp())))
    return minimal
