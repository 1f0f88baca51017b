"""The learning loop: reviews with their sections, the action tracker, and consented voices."""

from __future__ import annotations

import datetime as dt
import re

import pytest

AAR = """---
title: Winter triage line
kind: after-action-review
date: "2025-03-20"
summary: The triage line's first winter.
participants: [city-hall, harbour-clinic]
actions:
  - id: aar-1
    what: Text patients their call-back time
    owner: harbour-clinic
    due: "2025-05-31"
    status: done
    done_on: "2025-05-12"
  - id: aar-2
    what: Add a Saturday shift
    owner: city-hall
    due: "2025-09-30"
    status: open
  - id: aar-3
    what: Print leaflets in four languages
    owner: dockside-foods
    due: "2026-03-31"
    status: open
  - id: aar-4
    what: Move the line to the hospital
    owner: city-hall
    due: "2025-06-30"
    status: dropped
---

## What we expected

Two hundred calls a week.

## What happened

Three hundred calls a week.

## Why

Word of mouth.

## What we sustain

- Nurses answering the phone themselves
- The shared call log

## What we change

Add a Saturday shift.
"""

AI = """---
title: What makes our clinics work
kind: appreciative-inquiry
date: "2024-11-05"
participants: [harbour-clinic]
---

## Strengths

Neighbours trust the walk-in clinic.

## Conditions behind them

It has been open for twenty years.

## How to repeat them

Keep the same faces at the desk.
"""

VOICES = """quotes:
  - id: q-callback
    text: "Just tell me when you will call back."
    who: Patient, harbour district
    date: "2025-02-26"
    channel: focus-group
    consent: "yes"
    actions: [aar-1]
  - id: q-private
    text: "Please never repeat what I said about my landlord and the mould."
    who: Tenant, 31
    date: "2025-02-27"
    channel: interview
    consent: "no"
surveys:
  - id: contact-2025
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


@pytest.fixture
def learning(minimal, monkeypatch):
    minimal.write("content/learning/2025-03-winter.md", AAR)
    minimal.write("content/learning/2024-11-clinics.md", AI)
    minimal.write("data/voices.yml", VOICES)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2025, 7, 1, tzinfo=dt.timezone.utc).timestamp())))
    return minimal


def states(built) -> dict[str, str]:
    soup = built.html("learning/actions/index.html")
    return {tr["id"]: tr.select_one(".bb-state").get_text() for tr in soup.select("table.bb-actions tbody tr")}


@pytest.mark.parametrize(
    "day, expected",
    [
        ("2025-07-01", {"aar-1": "Done", "aar-2": "Open", "aar-3": "Open", "aar-4": "Dropped"}),
        ("2025-09-30", {"aar-1": "Done", "aar-2": "Open", "aar-3": "Open", "aar-4": "Dropped"}),  # due today: not late
        ("2025-10-01", {"aar-1": "Done", "aar-2": "Overdue", "aar-3": "Open", "aar-4": "Dropped"}),
        ("2026-04-02", {"aar-1": "Done", "aar-2": "Overdue", "aar-3": "Overdue", "aar-4": "Dropped"}),
    ],
)
def test_tracker_states_on_fixed_dates(learning, monkeypatch, day, expected):
    when = dt.datetime.fromisoformat(day).replace(tzinfo=dt.timezone.utc)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(when.timestamp())))
    built = learning.build()
    assert built.error is None, built.error
    assert states(built) == expected
    soup = built.html("learning/actions/index.html")
    headings = [h2["id"] for h2 in soup.select("article h2")]
    assert headings == [s for s in ("overdue", "open", "done", "dropped") if s.capitalize() in expected.values()]


def test_overdue_counts_days_late(learning, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2025, 10, 10, tzinfo=dt.timezone.utc).timestamp())))
    built = learning.build()
    row = built.html("learning/actions/index.html").find("tr", id="aar-2")
    assert "Overdue by 10 days" in row.get_text(" ", strip=True).replace("Overdue by", "Overdue by")


def test_strengths_come_first(learning):
    built = learning.build()
    soup = built.html("learning/index.html")
    assert [h2["id"] for h2 in soup.select("article h2")] == ["strengths", "reviews"]
    strengths = [s.get_text(" ", strip=True) for s in soup.select(".bb-strength")]
    assert "Nurses answering the phone themselves" in strengths[0]  # newest review first
    assert "Neighbours trust the walk-in clinic." in strengths[1]
    reviews = [a.get_text() for a in soup.select(".bb-review-list h3 a")]
    assert reviews == ["Winter triage line", "What makes our clinics work"]


def test_review_page_has_header_actions_and_stays_out_of_nav(learning):
    built = learning.build()
    page = built.html("learning/2025-03-winter/index.html")
    assert "After-action review" in page.select_one(".bb-review-head").get_text()
    assert [tr["id"] for tr in page.select("#actions ~ section table tr[id]")] == ["aar-1", "aar-2", "aar-3", "aar-4"]
    nav = built.html("index.html").select_one("nav.md-nav--primary")
    assert "2025-03-winter" not in str(nav)


def test_partner_page_lists_its_actions(learning):
    built = learning.build()
    page = built.html("partners/city-hall/index.html")
    rows = [tr.td.get_text() for tr in page.select("#actions ~ section table tbody tr")]
    assert rows == ["Add a Saturday shift", "Move the line to the hospital"]


def test_voices_page_quotes_surveys_and_responses(learning):
    built = learning.build()
    soup = built.html("voices/index.html")
    assert soup.select_one("#q-callback") is not None
    said = soup.select_one(".bb-ysww")
    assert "Just tell me when you will call back." in said.get_text() and "Done" in said.get_text()
    chart = soup.select_one("#survey-contact-2025 svg")
    assert chart["role"] == "img"
    assert chart.find("title").get_text() == "How should we contact you?"
    assert "Text message: 30 (75%)" in chart.find("desc").get_text()
    cells = [[td.get_text() for td in tr.find_all("td")] for tr in soup.select("#survey-contact-2025 table tbody tr")]
    assert cells == [["Text message", "30", "75%"], ["Phone call", "10", "25%"]]


def test_a_quote_without_consent_appears_nowhere(learning):
    built = learning.build()
    assert built.error is None, built.error
    secret = "my landlord and the mould"
    files = [p for p in built.site.rglob("*") if p.is_file()]
    assert len(files) > 20
    for path in files:
        data = path.read_bytes()
        assert secret.encode() not in data, path
        assert b"q-private" not in data, path
    assert (built.site / "voices/index.html").is_file()


def replace(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


BAD = {
    "unknown kind": (
        "content/learning/2025-03-winter.md",
        lambda t: replace(t, "kind: after-action-review", "kind: after-action"),
        "content/learning/2025-03-winter.md:3 (kind): expected one of",
    ),
    "missing section": (
        "content/learning/2025-03-winter.md",
        lambda t: replace(t, "## Why\n", "## Reasons\n"),
        "content/learning/2025-03-winter.md:39: this after-action-review needs a section '## Why' with some text "
        "(found '## Reasons', which an after-action-review does not have)",
    ),
    "unknown participant": (
        "content/learning/2024-11-clinics.md",
        lambda t: replace(t, "[harbour-clinic]", "[harbor-clinic]"),
        "content/learning/2024-11-clinics.md:5 (participants[0]): unknown partner 'harbor-clinic' (partners are listed in data/partners.yml); did you mean 'harbour-clinic'?",
    ),
    "unknown owner": (
        "content/learning/2025-03-winter.md",
        lambda t: replace(t, "owner: dockside-foods", "owner: dockside"),
        "(actions[2].owner): unknown partner 'dockside' (partners are listed in data/partners.yml); did you mean 'dockside-foods'?",
    ),
    "malformed due date": (
        "content/learning/2025-03-winter.md",
        lambda t: replace(t, '"2025-09-30"', '"2025-09-31"'),
        "content/learning/2025-03-winter.md:17 (actions[1].due): expected a date written YYYY-MM-DD, got '2025-09-31'",
    ),
    "duplicate action id": (
        "content/learning/2025-03-winter.md",
        lambda t: replace(t, "id: aar-3", "id: aar-2"),
        "(actions[2].id): duplicate action id 'aar-2'",
    ),
    "consent missing": (
        "data/voices.yml",
        lambda t: replace(t, '    consent: "no"\n', ""),
        "data/voices.yml:9 (quotes[1]): the required field 'consent' is missing",
    ),
    "consent unclear": (
        "data/voices.yml",
        lambda t: replace(t, 'consent: "no"', "consent: maybe"),
        "data/voices.yml:14 (quotes[1].consent): expected one of 'yes' or 'no', got 'maybe'",
    ),
    "unknown action": (
        "data/voices.yml",
        lambda t: replace(t, "actions: [aar-1]", "actions: [aar-9]"),
        "data/voices.yml:8 (quotes[0].actions[0]): unknown action 'aar-9'",
    ),
    "unconsented response": (
        "data/voices.yml",
        lambda t: replace(t, "  - quote: q-callback", "  - quote: q-private"),
        "(you_said_we_did[0].quote): quote 'q-private' has no consent to be published",
    ),
    "not front matter": (
        "content/learning/2024-11-clinics.md",
        lambda t: replace(t, "---\ntitle", "title"),
        "content/learning/2024-11-clinics.md:1: a review starts with front matter between two '---' lines",
    ),
}


@pytest.mark.parametrize("name", BAD)
def test_bad_learning_input(learning, name):
    rel, change, expected = BAD[name]
    learning.write(rel, change(learning.path(rel).read_text()))
    built = learning.build()
    assert built.error is not None and expected in built.error, built.error


def test_metrics_cited_without_the_metrics_plugin_is_explained(learning):
    learning.write(
        "content/learning/2024-11-clinics.md", replace(AI, "participants:", "metrics: [visits]\nparticipants:")
    )
    built = learning.build()
    assert "(metrics): this review names metrics, but metrics are off (no data/metrics/ folder)" in built.error


def in_french(project) -> None:
    project.edit("data/identity.yml", lambda identity: identity.update(language="fr"))


def test_a_review_may_head_its_sections_in_the_sites_language(learning):
    """A French site's review headed in French, as its team writes: an accent left out, a
    keyboard's apostrophe, capitals, and one heading still in English. Each section is found;
    the page shows every heading in French, and its strengths lead /learning/."""
    in_french(learning)
    text = AAR
    for old, new in (
        ("## What we expected", "## Ce que nous attendions"),
        ("## What happened", "## Ce qui s'est passe"),
        ("## What we sustain", "## CE QUE NOUS MAINTENONS"),
        ("## What we change", "## Ce que nous changeons"),
    ):
        text = replace(text, old, new)
    learning.write("content/learning/2025-03-winter.md", text)
    built = learning.build()
    assert built.error is None, built.error
    page = built.html("learning/2025-03-winter/index.html")
    assert [h2.get_text(strip=True) for h2 in page.select("article h2")][:5] == [
        "Ce que nous attendions",
        "Ce qui s’est passé",
        "Pourquoi",
        "Ce que nous maintenons",
        "Ce que nous changeons",
    ]
    strengths = [s.get_text(" ", strip=True) for s in built.html("learning/index.html").select(".bb-strength")]
    assert "Nurses answering the phone themselves" in strengths[0]


def test_a_missing_section_is_named_in_the_sites_language(learning):
    in_french(learning)
    learning.write("content/learning/2025-03-winter.md", replace(AAR, "## Why\n", "## Raisons\n"))
    learning.write("content/learning/2024-11-clinics.md", replace(AI, "## Strengths", "<!-- no heading -->"))
    built = learning.build()
    assert (
        "content/learning/2025-03-winter.md:39: this after-action-review needs a section '## Pourquoi' with some "
        "text (found '## Raisons', which an after-action-review does not have)" in built.error
    )
    assert (
        "this appreciative-inquiry needs a section '## Forces' with some text; an appreciative-inquiry has: "
        "Forces, Les conditions qui les rendent possibles, Comment les reproduire" in built.error
    )


@pytest.mark.parametrize(
    "written, heading",
    [
        ("Ce qui s’est passé", "ce qui s'est passe"),
        ("Lo que esperábamos", "LO QUE ESPERABAMOS"),
        ("Gegenmaßnahmen", "gegenmassnahmen"),
        ("What we expected", "What we expected:"),
    ],
)
def test_a_heading_is_found_whatever_its_case_accents_and_punctuation(written, heading):
    from backbone.learning.reviews import section_key

    assert section_key(written) == section_key(heading)


def test_scaffolded_review_is_a_draft_that_builds_and_is_not_published(learning):
    from backbone.learning.scaffold import new_review

    name, text = new_review("premortem", 'The "summer" school', dt.date(2025, 6, 2))
    assert name == "2025-06-02-the-summer-school.md"
    assert text.startswith("---\n# A premortem.")
    learning.write(f"content/learning/{name}", text)
    built = learning.build()
    assert built.error is None, built.error
    assert not (built.site / "learning/2025-06-02-the-summer-school").exists()

    # published, it must be complete: every section, and who took part
    published = text.replace("draft: true", "draft: false")
    learning.write(f"content/learning/{name}", published)
    built = learning.build()
    for section in ("The imagined failure", "Causes", "Mitigations"):
        assert f"needs a section '## {section}' with some text" in built.error
    assert f"content/learning/{name}:8 (participants): needs at least 1 entry" in built.error

    filled = published.replace("participants: []", "participants: [city-hall]")
    for prompt in ("It is a year from now", "What caused the failure?", "What do we do now"):
        filled = filled.replace(f"<!-- {prompt}", f"Filled in.\n<!-- {prompt}")
    learning.write(f"content/learning/{name}", filled)
    built = learning.build()
    assert built.error is None, built.error
    assert (
        "Premortem"
        in built.html("learning/2025-06-02-the-summer-school/index.html").select_one(".bb-review-head").get_text()
    )


def test_a_draft_review_is_still_checked_for_its_syntax_and_references(learning):
    from backbone.learning.scaffold import new_review

    name, text = new_review("after-action-review", "Half written", dt.date(2025, 6, 2), partner="city-hal")
    assert text.startswith("---\n# An after-action review.")
    learning.write(f"content/learning/{name}", text)
    built = learning.build()
    assert (
        "(participants[0]): unknown partner 'city-hal' (partners are listed in data/partners.yml); did you mean 'city-hall'?"
        in built.error
    )
    assert "needs a section" not in built.error


@pytest.mark.parametrize(
    "partner", ["x", "northfield-council", "a-partner-id-of-19c", "city-of-riverbend-workforce-board"]
)
def test_a_scaffolded_reviews_comments_stay_comments_whatever_the_partner_id(partner):
    """`participants: [x]# partner ids` (no space before '#') is not a YAML comment."""
    import yaml

    from backbone.learning.scaffold import new_review

    _, text = new_review("after-action-review", "Any", dt.date(2025, 6, 2), partner=partner)
    line = next(line for line in text.splitlines() if line.startswith("participants:"))
    assert re.fullmatch(rf"participants: \[{re.escape(partner)}\] +# partner ids from data/partners.yml", line), line
    assert yaml.safe_load(text.split("---")[1])["participants"] == [partner]


def test_new_review_command_writes_the_sections(learning, capsys):
    from backbone.cli import main

    config = str(learning.path("site_config.yml"))
    assert (
        main(["new", "review", "appreciative-inquiry", "Our best quarter", "--date", "2025-06-02", "-f", config]) == 0
    )
    path = learning.path("content/learning/2025-06-02-our-best-quarter.md")
    text = path.read_text()
    for section in ("## Strengths", "## Conditions behind them", "## How to repeat them"):
        assert section in text
    assert (
        main(["new", "review", "appreciative-inquiry", "Our best quarter", "--date", "2025-06-02", "-f", config]) == 1
    )
    assert "already exists" in capsys.readouterr().err


def test_new_review_writes_the_headings_in_the_sites_language_and_builds_once_filled(learning):
    from backbone.cli import main

    in_french(learning)
    config = str(learning.path("site_config.yml"))
    assert main(["new", "review", "progress-review", "Point d’automne", "--date", "2025-06-02", "-f", config]) == 0
    path = learning.path("content/learning/2025-06-02-point-d-automne.md")
    text = path.read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## Où nous en sommes", "## Ce qui fonctionne", "## Ce qui demande de l’attention"]
    filled = text.replace("draft: true", "draft: false").replace("-->", "-->\nÉcrit.")
    path.write_text(filled, encoding="utf-8")
    built = learning.build()
    assert built.error is None, built.error


def test_check_reports_review_problems_without_building(learning, capsys):
    from backbone.cli import main

    learning.write("content/learning/2025-03-winter.md", replace(AAR, "## Why\n", "## Reasons\n"))
    code = main(["check", "-f", str(learning.path("site_config.yml"))])
    err = capsys.readouterr().err
    assert code == 1
    assert "content/learning/2025-03-winter.md:39: this after-action-review needs a section '## Why'" in err
    assert not (learning.root / "site").exists(), "check builds nothing"


def test_a_review_naming_an_unpublished_story_says_why_it_is_not_there(tmp_path, monkeypatch):
    """A draft or a story dated after the build is not 'unknown': the message says what it is."""
    from stories_helpers import build, with_stories

    project = with_stories(tmp_path)
    review = replace(AI, "participants:", "stories: [secret-plan, far-future, food-voucher]\nparticipants:")
    project.write("content/learning/2024-11-clinics.md", review)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2025, 7, 1, tzinfo=dt.timezone.utc).timestamp())))
    error = build(project).error
    assert (
        "content/learning/2024-11-clinics.md:5 (stories[0]): story 'secret-plan' is a draft "
        "('draft: true' in content/stories/secret-plan.md), so it is not on the site"
    ) in error
    assert (
        "(stories[1]): story 'far-future' is dated 2999-01-01, after the build date (2025-07-01), "
        "so it is not on the site yet (content/stories/far-future.md)"
    ) in error
    assert (
        "(stories[2]): unknown story 'food-voucher' (stories are listed in content/stories/); did you mean 'food-vouchers'?"
    ) in error


def test_a_review_cannot_show_a_picture_from_another_site(learning):
    """No opt-in for reviews: the picture would tell its site who reads the review."""
    body = replace(AAR, "## Why\n", "## Why\n\n![pixel](https://tracker.example/p.gif)\n\n")
    learning.write("content/learning/2025-03-winter.md", body)
    line = body.split("\n").index("![pixel](https://tracker.example/p.gif)") + 1
    built = learning.build()
    assert (
        f"content/learning/2025-03-winter.md:{line}: the picture 'https://tracker.example/p.gif' is on another site"
        in built.error
    ), built.error
    assert "download the picture into the site's folders and link it by name" in built.error


def test_a_remote_picture_no_scan_sees_never_reaches_the_page(learning):
    """The sanitiser's backstop: alt text over two lines hides the picture from the line scan."""
    learning.write(
        "content/learning/2025-03-winter.md",
        replace(AAR, "## Why\n", "## Why\n\n![a pixel\nover two lines](https://tracker.example/p.gif)\n\n"),
    )
    built = learning.build()
    assert built.error is None, built.error
    page = built.text("learning/2025-03-winter/index.html")
    assert "tracker.example" not in page


def test_reviews_and_voices_name_metrics_and_stories_by_their_titles(demo_site):
    """Readers see 'Young adults starting a job', not 'jobs-placed' (issue #17, names not ids)."""
    head = demo_site.html("learning/2025-03-winter-hiring-after-action-review/index.html").select_one(".bb-review-head")
    names = [a.get_text() for a in head.select("a")]
    assert "Young adults starting a job" in names, names
    assert "The night bus that filled the late shift" in names, names
    for named in ("jobs-placed", "job-retention-12m", "night-bus-to-eastgate", "small-firm-big-difference"):
        assert named not in names
    voices = demo_site.html("voices/index.html")
    story_names = [a.get_text() for a in voices.select('a[href*="stories/"]')]
    assert "The night bus that filled the late shift" in story_names, story_names
    assert "night-bus-to-eastgate" not in story_names
    # survey periods as every other page writes a period
    answers = [p.get_text() for p in voices.select("p.bb-muted") if "answers" in p.get_text()]
    assert answers and any("Q2 2024" in a for a in answers) and not any("2024-Q2" in a for a in answers), answers
