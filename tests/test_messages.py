"""Messages that teach (#17 item 10): each common slip gets its fix, in the author's own ids.

Every case builds a real site whose ids are none of the demo's, the starter's or the test
fixtures' ('parks-department', 'home-visits'), breaks one thing the way a person would, and
reads the message the build stops with: the file, the line and the fix must be in it.
"""

from __future__ import annotations

import re

import pytest
from metrics_helpers import build, metrics_project
from support import FIXTURES, ROOT

# the metrics fixture's ids → ids that appear in no example anywhere
RENAME = {
    "city-hall": "parks-department",
    "harbour-clinic": "home-care-league",
    "dockside-foods": "lakeside-grocers",
    "clinic-visits": "home-visits",
    "voucher-spend": "meal-vouchers",
    "wait-days": "days-to-visit",
    "clinics-wg": "care-circle",
}


def fresh_site(tmp_path):
    """The metrics fixture with every id renamed, so an example in a message that names the
    demo's (or a fixture's) ids cannot pass for the site's own."""
    project = metrics_project(tmp_path)
    for path in sorted(project.root.rglob("*"), reverse=True):  # files before their folders
        if path.is_file() and path.suffix in (".yml", ".md", ".csv", ".svg"):
            text = path.read_text(encoding="utf-8")
            for old, new in RENAME.items():
                text = text.replace(old, new)
            path.write_text(text, encoding="utf-8")
        if path.stem in RENAME:
            path.rename(path.with_name(RENAME[path.stem] + path.suffix))
    return project


def line_of(project, rel: str, needle: str) -> int:
    lines = project.path(rel).read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def failed(project) -> str:
    result = build(project)
    assert result.error is not None, "the build should stop"
    return result.error


@pytest.fixture
def site(tmp_path):
    return fresh_site(tmp_path)


def test_the_renamed_site_builds(site):
    built = build(site)  # so that each test below breaks one thing only
    assert built.error is None, built.error


def test_comma_inside_braces_says_quote_the_value(site):
    rel = "data/partners.yml"
    site.write(
        rel,
        site.path(rel).read_text()
        + "  - {id: parks-library, name: Parks, Recreation and Libraries, sector: public, role: Lends books, joined: 2022}\n",
    )
    line = line_of(site, rel, "parks-library")
    error = failed(site)
    assert (
        f"{rel}:{line} (partners[3].Recreation and Libraries): 'Recreation and Libraries' is the rest of the value of 'name': "
        'inside {...} a comma ends a value, so put the value in quotes: name: "Parks, Recreation and Libraries"'
    ) in error
    assert "unknown field" not in error


def test_comma_inside_braces_with_several_commas(site):
    rel = "data/metrics/home-visits.yml"
    site.write(
        rel,
        site.path(rel)
        .read_text()
        .replace('value: 125, note: "Summer closure"}', "value: 125, note: Closed in July, August, September}"),
    )
    error = failed(site)
    line = line_of(site, rel, "Closed in July")
    for key in ("August", "September"):
        assert f"{rel}:{line} (series[2].{key}): '{key}' is the rest of the value of 'note'" in error
    assert 'put the value in quotes: note: "Closed in July, August, September"' in error


def test_a_decimal_comma_or_thousands_separator_inside_braces_is_one_number_to_rewrite(site):
    """'{value: 110,5}' reads as 'value: 110' and a key '5': the one mistake is the figure's,
    said once at the figure, whether the comma was a decimal comma or a thousands separator."""
    rel = "data/metrics/home-visits.yml"
    text = site.path(rel).read_text()
    text = text.replace("{period: 2023-Q1, value: 110}", "{period: 2023-Q1, value: 110,05}")
    text = text.replace("target: {period: 2024-Q4, value: 200}", "target: {period: 2024-Q4, value: 1,200,000}")
    site.write(rel, text)
    error = failed(site)
    figure, target = line_of(site, rel, "110,05"), line_of(site, rel, "target:")
    assert (
        f"{rel}:{figure} (series[0].value): '110,05' is one number, but inside {{...}} a comma ends a value: "
        "write decimals with a point, as 110.05"
    ) in error
    assert (
        f"{rel}:{target} (target.value): '1,200,000' is one number, but inside {{...}} a comma ends a value: "
        "write it without the thousands separators, as 1200000"
    ) in error
    assert error.count("is one number") == 2 and "unknown field" not in error, error


def test_a_comma_before_digits_in_a_text_inside_braces_says_quote_the_value(site):
    rel = "data/metrics/home-visits.yml"
    site.write(rel, site.path(rel).read_text().replace('note: "Summer closure"}', "note: Closed weeks 27, 28}"))
    line = line_of(site, rel, "Closed weeks")
    assert (
        f"{rel}:{line} (series[2].28): '28' is the rest of the value of 'note': "
        'inside {...} a comma ends a value, so put the value in quotes: note: "Closed weeks 27, 28"'
    ) in failed(site)


def test_a_decimal_comma_in_a_text_inside_braces_says_quote_the_value(site):
    """'{note: 12,5}' splits as a figure's decimal comma does, but a note is text: the fix is
    the quotes, not a decimal point."""
    rel = "data/metrics/home-visits.yml"
    site.write(rel, site.path(rel).read_text().replace('note: "Summer closure"}', "note: 12,5}"))
    line = line_of(site, rel, "note: 12,5")
    error = failed(site)
    assert (
        f"{rel}:{line} (series[2].5): '5' is the rest of the value of 'note': "
        'inside {...} a comma ends a value, so put the value in quotes: note: "12,5"'
    ) in error
    assert "is one number" not in error, error


def test_partner_name_where_its_id_belongs(site):
    rel = "data/metrics/home-visits.yml"
    site.write(rel, site.path(rel).read_text().replace("owner: home-care-league", "owner: Harbour Community Clinic"))
    line = line_of(site, rel, "owner:")
    assert (
        f"{rel}:{line} (owner): 'Harbour Community Clinic' is the name of partner 'home-care-league'; "
        "use the id: 'home-care-league'"
    ) in failed(site)


def test_partner_name_in_governance(site):
    rel = "data/governance.yml"
    site.write(
        rel,
        site.path(rel)
        .read_text()
        .replace("members: [parks-department, home-care-league]", "members: [Harbour City Hall, home-care-league]"),
    )
    line = line_of(site, rel, "members: [Harbour City Hall")
    assert (
        f"{rel}:{line} (bodies[1].members[0]): 'Harbour City Hall' is the name of partner 'parks-department'; "
        "use the id: 'parks-department'"
    ) in failed(site)


def test_metric_title_where_its_id_belongs(site):
    rel = "data/investments.yml"
    site.write(rel, site.path(rel).read_text().replace("metric: home-visits", "metric: Clinic visits"))
    line = line_of(site, rel, "metric: Clinic visits")
    assert (
        f"{rel}:{line} (valuations[0].metric): 'Clinic visits' is the title of metric 'home-visits'; "
        "use the id: 'home-visits'"
    ) in failed(site)


def test_an_id_like_none_of_the_sites_is_answered_with_the_few_there_are(site):
    """An id written in the team's own words ('visitas-a-domicilio' for 'home-visits') is near
    no id: the site's few ids are listed, the one whose file has problems of its own too."""
    rel = "data/investments.yml"
    site.write(rel, site.path(rel).read_text().replace("metric: home-visits", "metric: visitas-a-domicilio"))
    wait = "data/metrics/days-to-visit.yml"
    site.write(wait, site.path(wait).read_text().replace("polarity: lower", "polarity: down"))
    line = line_of(site, rel, "metric: visitas-a-domicilio")
    assert (
        f"{rel}:{line} (valuations[0].metric): unknown metric 'visitas-a-domicilio' (metrics are listed in "
        "data/metrics/); the metrics are: days-to-visit, home-visits, meal-vouchers"
    ) in failed(site)


def test_id_in_capitals_in_a_citation(site):
    rel = "content/index.md"
    site.write(
        rel,
        site.path(rel).read_text()
        + "\nVisits: {{ metric:Home-Visits }}.\n\nChange: {{ metric:clinic visits@2024-Q1.change }}.\n\n{{ chart:Home-Visits }}\n",
    )
    error = failed(site)
    assert (
        f"{rel}:{line_of(site, rel, 'Visits: ')} (metric:Home-Visits): ids are lower-case: did you mean '{{{{ metric:home-visits }}}}'?"
        in error
    )
    assert (
        f"{rel}:{line_of(site, rel, 'Change: ')} (metric:clinic visits@2024-Q1.change): 'clinic visits' is the title of metric "
        "'home-visits'; use the id: '{{ metric:home-visits@2024-Q1.change }}'"
    ) in error
    assert "(chart:Home-Visits): ids are lower-case: did you mean '{{ chart:home-visits }}'?" in error
    assert "is not a citation" not in error


def test_semicolon_csv_is_one_message(site):
    rel = "data/metrics/meal-vouchers.csv"
    site.write(rel, "period;value;note\n2024-01;1200,50;New year drive\n2024-02;1100;\n")
    error = failed(site)
    assert (
        f"{rel}:1: this file uses semicolons (;) between columns; separate columns with commas, so that the first line "
        "reads period,value,note and write decimals with a point (12.5, not 12,5)"
    ) in error
    assert error.count(rel) == 1 and "unknown column" not in error and "is missing" not in error


def test_semicolon_csv_without_decimals(site):
    rel = "data/metrics/meal-vouchers.csv"
    site.write(rel, "period;value\n2024-01;1200\n")
    assert (
        f"{rel}:1: this file uses semicolons (;) between columns; separate columns with commas, so that the first line reads period,value,note (in a spreadsheet"
        in failed(site)
    )


def _example_ids() -> set[str]:
    """Every id of the demo, the starter and the test fixtures that could serve as an example
    (with a dash: one-word ids such as 'board' are ordinary words of the messages too)."""
    found = set()
    for folder in (ROOT, ROOT / "plugins/backbone/starter", *(p for p in FIXTURES.iterdir() if p.is_dir())):
        for path in [*(folder / "data").rglob("*.yml"), *(folder / "content").rglob("*.md")]:
            found.add(path.stem)
            text = path.read_text(encoding="utf-8")
            found.update(re.findall(r"^\s*-?\s*(?:id|slug):\s*([a-z0-9-]+)\s*$", text, re.M))
    return {i for i in found if "-" in i and not re.fullmatch(r"[0-9-]+.*", i)} - set(RENAME.values())


BROKEN = {  # the file, what is replaced, by what: slips that each stop the build with an example
    "partner id": ("data/partners.yml", "id: lakeside-grocers", "id: Lakeside Grocers"),
    "metric file name": ("data/metrics/wait-days.yml", None, None),
    "citations": (
        "content/index.md",
        "# Welcome",
        "# Welcome\n\n{{ metric:Days To Visit }} {{ metric:nope@x.y }} {{ roi:Parks-Department }}",
    ),
    "colour": ("data/identity.yml", None, None),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_examples_in_messages_are_the_sites_own(site, case):
    rel, old, new = BROKEN[case]
    if case == "metric file name":
        (site.path("data/metrics/days-to-visit.yml")).rename(site.path("data/metrics/Days To Visit.yml"))
    elif case == "colour":
        site.edit(rel, lambda d: d["colours"].update(primary="teal"))
    else:
        text = site.path(rel).read_text()
        assert old in text
        site.write(rel, text.replace(old, new, 1))
    error = failed(site)
    demo = sorted(i for i in _example_ids() if re.search(rf"(?<![a-z0-9-]){re.escape(i)}(?![a-z0-9-])", error))
    assert demo == [], f"{case}: the message names the demo's ids {demo}:\n{error}"
    expected = {
        "partner id": "'Lakeside Grocers' is not a valid id: use lower-case letters, digits and dashes, like 'lakeside-grocers'",
        "metric file name": "'Days To Visit' is not a valid metric id: name the file with lower-case letters, digits and dashes, like 'days-to-visit.yml'",
        "citations": "ids are lower-case: did you mean '{{ roi:parks-department }}'?",
        "citations ": "ids are lower-case, with dashes between words: did you mean '{{ metric:days-to-visit }}'?",
        "colour": "'teal' is not a colour",
    }
    assert expected[case] in error
    assert case != "citations" or expected["citations "] in error


def test_the_example_ids_are_found():
    ids = _example_ids()
    assert {"jobs-placed", "city-hall", "night-bus-to-eastgate", "steering-board"} <= ids
    assert not ids & set(RENAME.values())
