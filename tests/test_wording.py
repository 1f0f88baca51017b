"""Messages that teach (#22 item 2): YAML's errors where the slip is, with the line to write
instead; "did you mean" only for a real neighbour; counts that agree with their nouns; no
stray punctuation. Tables of cases, then one site that shows the same lines reach the author.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from metrics_helpers import fixed_date, metrics_project

from backbone.adapters.check import check_site
from backbone.adapters.stories import stale_claims_head
from backbone.identity.model import Voice
from backbone.problems import DataError, Problem, close_match, counted
from backbone.schema import validate
from backbone.sources import parse_yaml

GOV = "data/governance.yml"


def yaml_problem(text: str, rel: str = GOV) -> str:
    with pytest.raises(DataError) as caught:
        parse_yaml(text, rel)
    assert len(caught.value.problems) == 1, caught.value.problems
    return str(caught.value.problems[0])


def long_governance(quote_line: str) -> str:
    """A governance file of 72 lines whose line 17 is ``quote_line``."""
    bodies = []
    for i in range(9):
        bodies += [
            f"  - id: body-{i}",
            f"    name: Body {i}",
            "    kind: working-group",
            "    purpose: Runs one thing.",
            "    members: [city-hall]",
            "    cadence: Monthly",
            "    parent: board",
            "",
        ]
    lines = ["bodies:", *bodies][:72]
    lines[16] = quote_line
    return "\n".join(lines) + "\n"


YAML_CASES = {
    "a quote never closed is reported where it opens, not at the end of the file": (
        long_governance('    purpose: "Runs the shared triage line'),
        f'{GOV}:17: the quote (") at column 14 is never closed, so YAML reads the rest of the file as one text; '
        'close it at the end of the value: purpose: "Runs the shared triage line"',
    ),
    "a quote left open that runs on to a later quote": (
        'name: "Harbour Health\nshort_name: "Harbour"\n',
        f'{GOV}:1: the quote (") at column 7 is not closed on its line, so YAML reads on to the next ", on line 2, '
        'as one text; close it at the end of the value: name: "Harbour Health"',
    ),
    "an apostrophe inside single quotes": (
        "tagline: 'Harbour's health, together'\n",
        f"{GOV}:1: the value starts with ', and YAML ends it at the next ', so the text after that is left over; "
        "write the whole value in quotes, with a ' inside it doubled or in the other kind of quotes: "
        'tagline: "Harbour\'s health, together"',
    ),
    "a quoted word at the start of a value": (
        'decisions:\n  - rule: "Consent" of the board\n',
        f'{GOV}:2: the value starts with ", and YAML ends it at the next ", so the text after that is left over; '
        'write the whole value in quotes, with a " inside it doubled or in the other kind of quotes: '
        "- rule: '\"Consent\" of the board'",
    ),
    "a colon and a space inside a value": (
        "tagline: Health: together\n",
        f"{GOV}:1: the value of 'tagline' has a colon and a space (column 16), which YAML reads as the start of "
        "another 'key: value'; put the whole value in quotes: tagline: 'Health: together'",
    ),
    "a value that starts with @": (
        "handle: @harbour\n",
        f"{GOV}:1: a value that starts with @ cannot be read: YAML reserves @; put the value in quotes: "
        "handle: '@harbour'",
    ),
    "a value that starts with *": (
        "rule: *All* members agree\n",
        f"{GOV}:1: a value that starts with * is read as an alias (a reference to a value named with &), not as "
        "text; put the value in quotes: rule: '*All* members agree'",
    ),
    "a value that starts with [": (
        "name: [Draft] Board\nkind: board\n",
        f"{GOV}:1: a value that starts with [ is read as a list, not as text; put the value in quotes: "
        "name: '[Draft] Board'",
    ),
    "a list that is never closed": (
        "members: [city-hall, harbour-clinic\ncadence: Monthly\n",
        f"{GOV}:1: the '[' at column 10 is never closed: end the list with ']' on the same line, like "
        "[city-hall, harbour-clinic]; or, if the value is text that starts with '[', put it in quotes",
    ),
    "a tab used for indenting": (
        "bodies:\n\t- id: board\n",
        f"{GOV}:2: a tab (column 1) is used for indenting: YAML indents with spaces only; replace the tab with "
        "spaces, as many as the lines around it use",
    ),
    "a list item that lost its dash": (
        "bodies:\n  - id: board\n    name: Board\n  id: clinics\n",
        f"{GOV}:4: this line lines up with the items of the list that starts on line 2 ('- '), but does not start "
        "with '- ' itself: begin a new item with '- ', or indent the line under the item it belongs to",
    ),
    "a list item among key: value lines": (
        "bodies:\n  name: Board\n  - id: board\n",
        f"{GOV}:3: a list item ('- ', column 3) among the 'key: value' lines that start on line 2: a value is "
        "either 'key: value' lines or '- ' items, not both; indent the items under a key of their own",
    ),
    "a key indented under a value": (
        "name: Board\n  kind: board\n",
        f"{GOV}:2: 'kind' is indented more than 'name' on the line above, which already has a value, so YAML "
        "reads it as more of that value; indent 'kind' with as many spaces as the entries beside it",
    ),
    "text left over after a list": (
        "members: [city-hall, harbour-clinic]*\n",
        f"{GOV}:1: '*' is left over after the closing ']': remove it, or, if the whole value is text, put it in "
        "quotes: members: '[city-hall, harbour-clinic]*'",
    ),
    "a stray bracket inside {...}": (
        "decisions:\n  - {decision: Budget, body {: board}\n",
        f"{GOV}:2: inside {{...}} YAML expected ',' or '}}' at column 29 ('{{' found); check the commas and colons "
        "there, and put a value that holds a comma, colon or bracket in quotes",
    ),
    "a line that is no key and no item": (
        "name: Board\nkind\ncadence: Monthly\n",
        f"{GOV}:2: 'kind' is neither 'key: value' nor a '- ' list item: add the ':' after the key, or start the "
        "line with '- ', or join it to the line above if it is more of that value",
    ),
    "a backslash inside double quotes in {...}": (
        'decisions:\n  - {decision: Budget, rule: "2\\3 of the board"}\n',
        f'{GOV}:2: inside "..." a backslash starts an escape like \\n (column 30); to keep a backslash, put the '
        "value in single quotes instead: - {decision: Budget, rule: '2\\3 of the board'}",
    ),
    "a backslash inside double quotes": (
        'logo: "brand\\logo.svg"\n',
        f'{GOV}:1: inside "..." a backslash starts an escape like \\n (column 7); to keep a backslash, put the '
        "value in single quotes instead: logo: 'brand\\logo.svg'",
    ),
}


@pytest.mark.parametrize("name", YAML_CASES)
def test_yaml_errors_say_where_and_how(name):
    text, expected = YAML_CASES[name]
    assert yaml_problem(text) == expected
    assert_punctuated(expected)


@pytest.mark.parametrize(
    "item, fix",
    [
        ('Say "organise": we write UK English.', "- 'Say \"organise\": we write UK English.'"),
        ("Write: short sentences", "- 'Write: short sentences'"),
        ("Don't: use jargon", '- "Don\'t: use jargon"'),
    ],
)
def test_a_colon_in_a_list_item_says_to_quote_it(item, fix):
    source = parse_yaml(f"do:\n  - {item}\ndont:\n  - Use jargon\n", "data/identity.yml")
    _, problems = validate(Voice, source)
    assert [str(p) for p in problems] == [
        "data/identity.yml:2 (do[0]): expected text, but the colon and space in it make YAML read 'key: value'; "
        f"put the whole text in quotes: {fix}"
    ]


@pytest.mark.parametrize(
    "word, choices, meant",
    [
        ("northfield-council", ["gateshead-council", "newcastle-council"], None),  # only '-council' in common
        ("jobs-placd", ["jobs-placed", "jobs-kept"], "jobs-placed"),
        ("titel", ["title", "tags"], "title"),  # two letters swapped: one slip
        ("Summary", ["summary", "title"], "summary"),  # capitals do not count
        ("2024-Q5", ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"], None),  # four as near: none suggested
        ("grow", ["growth", "latest", "sum"], "growth"),  # the start of one choice
        ("dockside", ["city-hall", "dockside-foods"], "dockside-foods"),
        ("city", ["city-council", "city-hall"], None),  # the start of two
        ("x", ["y", "z"], None),  # one letter is no slip of another
        ("paretners", ["partners", "governance"], "partners"),
        ("home-visit", ["home-visits", "wait-days"], "home-visits"),
        ("days-to-vist", ["days-to-visit"], "days-to-visit"),
        ("transport", ["triage", "transit-passes"], None),
    ],
)
def test_did_you_mean_only_for_a_near_neighbour(word, choices, meant):
    assert close_match(word, choices) == meant


@pytest.mark.parametrize(
    "count, noun, text",
    [
        (0, "problem", "0 problems"),
        (1, "problem", "1 problem"),
        (2, "problem", "2 problems"),
        (1, "story", "1 story"),
        (4, "story", "4 stories"),
        (1_200, "quote", "1,200 quotes"),
        (1, "entry", "1 entry"),
        (3, "entry", "3 entries"),
        (2, "status", "2 statuses"),
        (2, "day", "2 days"),
    ],
)
def test_counts_agree_with_their_nouns(count, noun, text):
    assert counted(count, noun) == text


def problem(file: str, line: int = 1) -> Problem:
    return Problem(file, line, "", "something is wrong")


@pytest.mark.parametrize(
    "problems, warnings, head",
    [
        ([problem("a.yml")], [], "Backbone found 1 problem in 1 file; nothing was built:"),
        ([problem("a.yml"), problem("a.yml", 2)], [], "Backbone found 2 problems in 1 file; nothing was built:"),
        ([problem("a.yml"), problem("b.yml")], ["low contrast"], "Backbone found 2 problems in 2 files; nothing"),
    ],
)
def test_the_report_counts_problems_and_files(problems, warnings, head):
    report = DataError(problems, warnings).report()
    assert report.startswith(head)
    if warnings:
        assert "\nand 1 warning:\n  low contrast" in report


def claims(*files: str) -> list:
    return [SimpleNamespace(story=SimpleNamespace(file=file)) for file in files]


@pytest.mark.parametrize(
    "found, head",
    [
        (claims("a.md"), "1 claim in 1 story cites an older period than the newest"),
        (claims("a.md", "a.md"), "2 claims in 1 story cite an older period than the newest"),
        (claims("a.md", "a.md", "b.md", "b.md"), "4 claims in 2 stories cite an older period than the newest"),
    ],
)
def test_stale_claims_count_claims_and_stories(found, head):
    assert stale_claims_head(found) == head


def assert_punctuated(message: str) -> None:
    """No punctuation after a question mark, no doubled marks, none after a space."""
    for wrong in ("?;", "?,", "?.", "?:", ";;", ",,", " ;", " ,", ";.", ":;"):
        assert wrong not in message, (wrong, message)
    assert not re.search(r"(?<!\.)\.\.(?!\.)", message), message
    assert not message.rstrip().endswith((";", ",", ":")), message


def test_a_site_with_slips_reads_as_sentences(tmp_path):
    """The same messages reach the author from a real site, each with its fix, punctuated."""
    project = metrics_project(tmp_path)
    text = project.path("data/governance.yml").read_text(encoding="utf-8")
    project.write("data/governance.yml", text.replace("    cadence: Monthly", '    cadence: "Monthly'))
    identity = project.path("data/identity.yml").read_text(encoding="utf-8")
    do = "  do: [Lead with people, Cite the figure]"
    assert do in identity
    project.write("data/identity.yml", identity.replace(do, '  do:\n    - Say "organise": we write UK English.'))
    notes = project.path("content/notes/figures.md").read_text(encoding="utf-8")
    project.write(
        "content/notes/figures.md",
        notes.replace("{{ roi:city-hall.share }}", "{{ roi:city-hal.share }}").replace(
            "{{ metric:clinic-visits.progress }}", "{{ metric:clinic-visits.progres }}"
        ),
    )
    with fixed_date():
        errors, _, _ = check_site(project.path("site_config.yml"))
    lines = [line.strip() for error in errors for line in error.split("\n") if line.startswith("  ")]
    gov_line = text.split("\n").index("    cadence: Monthly") + 1
    do_line = identity.split("\n").index(do) + 2
    assert lines == [
        "content/notes/figures.md:8 (metric:clinic-visits.progres): unknown attribute '.progres': use one of value, "
        "change, year_change, baseline_change, target, target_period, progress, baseline, period, status, title; "
        "did you mean 'progress'?",
        "content/notes/figures.md:10 (roi:city-hal.share): unknown ROI 'city-hal': use 'collective' or a partner "
        "with contributions in data/investments.yml; did you mean 'city-hall'?",
        f'{GOV}:{gov_line}: the quote (") at column 14 is never closed, so YAML reads the rest of the file as one '
        'text; close it at the end of the value: cadence: "Monthly"',
        f"data/identity.yml:{do_line} (voice.do[0]): expected text, but the colon and space in it make YAML read "
        "'key: value'; put the whole text in quotes: - 'Say \"organise\": we write UK English.'",
    ]
    for line in lines:
        assert_punctuated(line.split(": ", 1)[1])
