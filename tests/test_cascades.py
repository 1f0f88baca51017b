"""One message per mistake (#22 item 1): a mistake in one file is reported once, in that file.

A compiler does not report every use of a name whose declaration has an error: the
declaration still declares its name. Here a partner, metric, story or review whose file has
a problem still declares its id, so that the files naming it are not told it is "unknown";
and a problem in identity.yml or partners.yml never hides the problems of the other files.

Each case breaks a site whose files all name each other (partners, governance, metrics and
their CSV, investments, stories citing figures, a review, quotes, a page citing figures and
the return) and asserts the exact, complete list `backbone check` prints.
"""

from __future__ import annotations

import pytest
from metrics_helpers import fixed_date, metrics_project

from backbone.adapters.check import check_site
from backbone.problems import counted

CLINIC, CSV, INVEST = "data/metrics/clinic-visits.yml", "data/metrics/voucher-spend.csv", "data/investments.yml"
PARTNERS, GOVERNANCE, IDENTITY = "data/partners.yml", "data/governance.yml", "data/identity.yml"
EVENINGS, VOUCHERS = "content/stories/clinic-evenings.md", "content/stories/meal-vouchers.md"
REVIEW, VOICES = "content/learning/2024-07-progress.md", "data/voices.yml"

STORIES = {
    EVENINGS: """---
title: Evenings at the clinic
date: "2024-06-01"
summary: "Visits rose once the clinic opened in the evening."
partners: [harbour-clinic, city-hall]
metrics: [clinic-visits@2024-Q2]
author: Sam Lee
---

The clinic had {{ metric:clinic-visits@2024-Q2 }} visits; the return is {{ roi:collective }}.
""",
    VOUCHERS: """---
title: Vouchers for fresh food
date: "2024-05-01"
summary: "Dockside Foods funds vouchers for healthy meals."
partners: [dockside-foods]
metrics: [voucher-spend@2024-03]
author: Sam Lee
---

Families spent {{ metric:voucher-spend@2024-03 }} on fresh food.
""",
}
REVIEW_TEXT = """---
title: Half-year review
kind: progress-review
date: "2024-07-01"
participants: [city-hall, dockside-foods]
metrics: [clinic-visits, voucher-spend]
stories: [clinic-evenings, meal-vouchers]
actions:
  - id: evening-rota
    what: Keep the evening rota staffed
    owner: harbour-clinic
    due: "2024-12-31"
    status: open
---

## Where we are

More visits.

## What is working

The evening clinic.

## What needs attention

Vouchers in winter.
"""
VOICES_TEXT = """quotes:
  - id: q-evening
    text: "I can come after work now."
    who: Patient, harbour district
    date: "2024-06-20"
    channel: interview
    consent: "yes"
    metrics: [clinic-visits]
    stories: [clinic-evenings, meal-vouchers]
    actions: [evening-rota]
you_said_we_did:
  - quote: q-evening
    action: evening-rota
    summary: The evening rota stays.
"""


@pytest.fixture
def site(tmp_path):
    project = metrics_project(tmp_path)
    for rel, text in STORIES.items():
        project.write(rel, text)
    project.write(REVIEW, REVIEW_TEXT)
    project.write(VOICES, VOICES_TEXT)
    return project


def edit(project, rel: str, old: str, new: str) -> None:
    text = project.path(rel).read_text(encoding="utf-8")
    assert old in text, (rel, old)
    project.write(rel, text.replace(old, new, 1))


def reported(project) -> list[str]:
    """Every problem `backbone check` prints, in its order (each line without its indent)."""
    with fixed_date():
        errors, _, _ = check_site(project.path("site_config.yml"))
    lines = [line for error in errors for line in error.split("\n")]
    found = [line[2:] for line in lines if line.startswith("  ")]
    if found:  # the head counts exactly what is listed
        files = len({line.split(":")[0].split(" (")[0] for line in found})
        head = f"Backbone found {counted(len(found), 'problem')} in {counted(files, 'file')}; nothing was built:"
        assert head in lines, (head, lines)
    return found


def line_of(project, rel: str, needle: str) -> int:
    lines = project.path(rel).read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_the_site_is_fine(site):
    assert reported(site) == []  # so that each case below is its one mistake


def test_a_bad_figure_is_one_problem(site):
    """Stories, their citations, the review, a quote, the valuation and every citation of
    the page name 'clinic-visits': none is told it is unknown."""
    edit(site, CLINIC, "  - {period: 2024-Q2, value: 160}", "  - period: 2024-Q2\n    value: 889,600")
    line = line_of(site, CLINIC, "889,600")
    assert reported(site) == [
        f"{CLINIC}:{line} (series[5].value): expected a number, got '889,600': "
        "write it without the thousands separators, as 889600"
    ]


def test_a_bad_row_of_a_metric_csv_is_one_problem(site):
    edit(site, CSV, "2024-03,1250.25,", "2024-03,1250.25 EUR,")
    assert reported(site) == [
        f"{CSV}:4 (value): expected a number, got '1250.25 EUR': "
        "write the number alone, as 1250.25: the unit is set once, not with each figure"
    ]


def test_an_over_long_summary_is_one_problem(site):
    """The story still declares its slug: the review and the quote naming it are fine."""
    edit(site, EVENINGS, 'summary: "Visits rose', 'summary: "' + "Visits rose and rose. " * 10)
    assert reported(site) == [
        f"{EVENINGS}:4 (summary): the summary is the share text and may have at most 200 characters; "
        "it has 259: shorten it by 59"
    ]


def test_a_story_that_cannot_be_read_still_declares_its_slug(site):
    edit(site, VOUCHERS, "title: Vouchers for fresh food", "title: 'Vouchers for fresh food")
    assert reported(site) == [
        f"{VOUCHERS}:2: the quote (') at column 8 is never closed, so YAML reads the rest of the file as one text; "
        "close it at the end of the value: title: 'Vouchers for fresh food'"
    ]


def test_a_bad_colour_hides_neither_a_metric_typo_nor_a_bad_date(site):
    edit(site, IDENTITY, 'primary: "#1d4e89"', 'primary: "#1d4e8"')
    edit(site, EVENINGS, "metrics: [clinic-visits@2024-Q2]", "metrics: [clinic-visit@2024-Q2]")
    edit(site, VOUCHERS, 'date: "2024-05-01"', 'date: "2024-13-45"')
    colour = line_of(site, IDENTITY, "#1d4e8")
    assert reported(site) == [
        f"{EVENINGS}:6 (metrics[0]): unknown metric 'clinic-visit' (metrics are listed in data/metrics/); "
        "did you mean 'clinic-visits'?",
        f"{VOUCHERS}:3 (date): '2024-13-45' is not a date: write it as YYYY-MM-DD, like '2025-03-18'",
        f"{IDENTITY}:{colour} (colours.primary): '#1d4e8' is not a colour: write it as a hex code like '#0b5d5b'",
    ]


def test_a_metric_named_in_the_teams_words_is_answered_with_every_metric_the_site_has(site):
    """'visitas' is near no id: the story's message lists the site's metrics, the one whose
    file has a problem of its own among them (its own message says what is wrong with it)."""
    edit(site, EVENINGS, "metrics: [clinic-visits@2024-Q2]", "metrics: [visitas]")
    edit(site, "data/metrics/wait-days.yml", "polarity: lower", "polarity: down")
    found = reported(site)
    assert (
        f"{EVENINGS}:6 (metrics[0]): unknown metric 'visitas' (metrics are listed in data/metrics/); "
        "the metrics are: clinic-visits, voucher-spend, wait-days"
    ) in found
    assert len(found) == 2, found


def test_a_partner_with_a_bad_field_is_named_everywhere_without_a_message(site):
    """Governance, metrics, investments, stories and the review name 'harbour-clinic'."""
    edit(site, PARTNERS, "    sector: civil", "    sector: charity")
    line = line_of(site, PARTNERS, "charity")
    assert reported(site) == [
        f"{PARTNERS}:{line} (partners[1].sector): unknown sector 'charity': the sectors are 'public', "
        "'private' and 'civil', unless partners.yml declares its own under 'sectors:'"
    ]


def test_partners_that_cannot_be_read_hide_no_other_problem(site):
    """A structural error in partners.yml: partner ids cannot be judged, everything else is."""
    edit(site, PARTNERS, "  - id: harbour-clinic", "  id: harbour-clinic")
    edit(site, EVENINGS, "metrics: [clinic-visits@2024-Q2]", "metrics: [clinic-visits@2024-Q9]")
    edit(site, REVIEW, "stories: [clinic-evenings, meal-vouchers]", "stories: [clinic-evening, meal-vouchers]")
    edit(site, GOVERNANCE, "    body: board", "    body: bord")
    edit(site, VOICES, "    action: evening-rota", "    action: evening-rot")
    edit(site, INVEST, "  - metric: clinic-visits", "  - metric: clinic-visit")
    assert reported(site) == [
        f"{REVIEW}:7 (stories[0]): unknown story 'clinic-evening' (stories are listed in content/stories/); "
        "did you mean 'clinic-evenings'?",
        f"{EVENINGS}:6 (metrics[0]): metric 'clinic-visits' has no period '2024-Q9' "
        "(its periods run from 2022-Q4 to 2024-Q2)",
        f"{GOVERNANCE}:18 (decisions[0].body): unknown body 'bord' "
        "(bodies are listed in data/governance.yml, under 'bodies:'); did you mean 'board'?",
        f"{INVEST}:8 (valuations[0].metric): unknown metric 'clinic-visit' (metrics are listed in data/metrics/); "
        "did you mean 'clinic-visits'?",
        f"{PARTNERS}:10: this line lines up with the items of the list that starts on line 2 ('- '), but does not "
        "start with '- ' itself: begin a new item with '- ', or indent the line under the item it belongs to",
        f"{VOICES}:13 (you_said_we_did[0].action): unknown action 'evening-rot' "
        "(actions are listed in the reviews in content/learning/); did you mean 'evening-rota'?",
    ]


def test_a_review_with_a_bad_field_still_declares_its_actions(site):
    edit(site, REVIEW, "kind: progress-review", "kind: progress")
    assert reported(site) == [
        f"{REVIEW}:3 (kind): expected one of 'after-action-review', 'premortem', 'appreciative-inquiry' or "
        "'progress-review', got 'progress'; did you mean 'progress-review'?"
    ]


def test_investments_with_a_problem_silence_the_return_it_cannot_give(site):
    edit(site, INVEST, "hourly_value: 50", "hourly_value: fifty")
    assert reported(site) == [
        f"{INVEST}:2 (hourly_value): expected a number, got 'fifty': "
        "write a number like 120 or 12.5, without units or thousands separators"
    ]


def test_a_body_with_a_bad_field_hides_no_other_problem_of_governance(site):
    """The body with a bad kind still declares its id (the working group's parent, a decision and
    a workstream name it); the other entries are checked all the same."""
    edit(site, GOVERNANCE, "    kind: board", "    kind: bord")
    edit(site, GOVERNANCE, "    body: clinics-wg", "    body: clinics-gw")
    kind, body = line_of(site, GOVERNANCE, "kind: bord"), line_of(site, GOVERNANCE, "body: clinics-gw")
    assert reported(site) == [
        f"{GOVERNANCE}:{kind} (bodies[0].kind): expected one of 'board', 'working-group', 'backbone' or "
        "'advisory', got 'bord'; did you mean 'board'?",
        f"{GOVERNANCE}:{body} (decisions[1].body): unknown body 'clinics-gw' "
        "(bodies are listed in data/governance.yml, under 'bodies:'); did you mean 'clinics-wg'?",
    ]
