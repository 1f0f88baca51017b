"""What the browser editor writes, Backbone reads: files saved by the real Decap CMS 3.16.3.

tests/fixtures/cms/saved/ holds files as decap-server wrote them through the editor's forms
(tests/proof/test_cms_browser.py does the same edits; its README says how they were made), and
before/ the files they were edited from. Decap writes its own YAML: keys in another order,
long strings folded, dates and periods unquoted, comments gone, a cleared field as '' and a
row left without its figure with no 'value' at all. Each sample is read by Backbone's own
loaders; each edit keeps the rest of its file's meaning; and Decap's forms of a mistake get
Backbone's located message.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from support import FIXTURES, ROOT

from backbone.adapters.check import check_site
from backbone.loaders import load_project
from backbone.partners.model import PartnersFile
from backbone.problems import Problem
from backbone.schema import validate
from backbone.sources import parse_yaml
from backbone.stories.load import read_story

SAVED = FIXTURES / "cms" / "saved"
BEFORE = FIXTURES / "cms" / "before"


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """The demo partnership with the saved files in place of its own."""
    root = tmp_path_factory.mktemp("cms-saved") / "site"
    for name in ("content", "data"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "site_config.yml", root)
    shutil.copytree(SAVED, root, dirs_exist_ok=True)
    return root


def load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_saved_files_check_without_a_problem(demo):
    errors, warnings, _ = check_site(demo / "site_config.yml")
    assert errors == [] and warnings == []


def test_each_edit_keeps_the_rest_of_its_file(demo):
    """Decap rewrote the whole file; read back, only the edit differs."""
    before, saved = load(BEFORE / "data/metrics/jobs-placed.yml"), load(SAVED / "data/metrics/jobs-placed.yml")
    assert saved == {**before, "series": [*before["series"], {"period": "2026-Q4", "value": 401}]}
    before, saved = load(BEFORE / "data/metrics/mentoring-hours.yml"), load(SAVED / "data/metrics/mentoring-hours.yml")
    gap = {"period": "2026-Q4", "note": "The mentoring database was moved; figures follow next quarter"}
    assert saved == {**before, "series": [*before["series"], gap]}
    before, saved = (
        load(BEFORE / "data/metrics/employers-hiring.yml"),
        load(SAVED / "data/metrics/employers-hiring.yml"),
    )
    cleared = {"period": "2026-Q3", "value": "", "note": "The employer survey moved to January"}
    assert saved == {**before, "series": [*before["series"][:-1], cleared]}
    before, saved = load(BEFORE / "data/partners.yml")["partners"], load(SAVED / "data/partners.yml")["partners"]
    clinic = {
        "id": "harbour-clinic",
        "name": "Harbour Community Clinic",
        "sector": "civil",
        "joined": "2026-05",
        "role": "Runs the walk-in clinic and the shared triage line",
    }
    assert saved == [{**before[0], "website": ""}, *before[1:], clinic]
    # what Decap changed that an author would not have: key order, comments, quoting
    text = (SAVED / "data/partners.yml").read_text(encoding="utf-8")
    assert text.startswith("partners:\n  - contact:") and "#" not in text.split("\n", 1)[0]


def test_the_loaders_read_what_decap_means(demo):
    project = load_project(demo)
    metrics = project.extras["metrics"].metrics
    jobs = metrics["jobs-placed"]
    assert (jobs.series[-1].period.text, jobs.series[-1].value) == ("2026-Q4", 401)
    gap = metrics["mentoring-hours"].series[-1]
    assert (gap.period.text, gap.value, gap.note) == ("2026-Q4", None, gap.note) and gap.note.startswith("The mentor")
    cleared = metrics["employers-hiring"].series[-1]
    assert (cleared.period.text, cleared.value) == ("2026-Q3", None)  # value: '' records the gap
    assert project.partners["city-of-riverbend"].website is None  # website: '' is no website
    assert project.partners["harbour-clinic"].joined == "2026-05"  # unquoted: text all the same
    assert metrics["jobs-placed"].breakdown["lindqvist-logistics"][0].value == 30  # the mapping survives


def test_the_stories_read_as_written(demo):
    project = load_project(demo)
    docs = demo / "content"
    problems: list[Problem] = []
    story, _ = read_story(docs / "stories/the-evening-class-that-b-opened-b-doors.md", project, docs, problems)
    assert problems == []
    assert story.meta.date == "2026-11-20" and story.meta.partners == ["lindqvist-logistics"]
    assert story.meta.metrics == ["jobs-placed"] and story.title == "The evening class that <b>opened</b> doors"
    story, _ = read_story(docs / "stories/cleared-fields-as-the-editor-saves-them.md", project, docs, problems)
    assert problems == []
    assert story.meta.quote is None and story.meta.partners == []  # quote: {text: ''} and partners: []
    assert "**bold**" in story.body and "\\- first item" in story.body


# Decap's forms of a mistake, each answered with one located message.
MISTAKES = [
    ("joined: ''", "partners[0].joined", "is not a date"),
    ("joined: 2026-13", "partners[0].joined", "is not a date"),
    ("website: 'www.clinic.example'", "partners[0].website", "must start with https://"),
    ("name: " + "x" * 10_000, "partners[0].name", "too long: shorten it to at most 120 characters; it has 10,000"),
    ("sector: ''", "partners[0].sector", "is empty"),
]


@pytest.mark.parametrize("line, field, message", MISTAKES)
def test_a_mistake_saved_by_a_form_gets_a_located_message(line, field, message):
    entry = {"id": "harbour-clinic", "name": "Clinic", "sector": "civil", "joined": "2024", "role": "Care"}
    text = "partners:\n  - " + "\n    ".join(
        [f"{k}: {v}" for k, v in entry.items() if k != line.split(":")[0]] + [line]
    )
    source = parse_yaml(text + "\n", "data/partners.yml")
    _, problems = validate(PartnersFile, source)
    assert len(problems) == 1, problems
    assert problems[0].field == field and message in problems[0].message
    assert problems[0].line == len(text.splitlines())  # the line the form wrote it on


@pytest.mark.parametrize(
    "value, read",
    [("401", 401), ("'401'", 401), ("'12.5'", 12.5), ("''", None), ("", None), ("null", None)],
)
def test_numbers_saved_as_text_and_cleared_figures(value, read):
    from backbone.metrics.model import PointIn

    source = parse_yaml(f"period: 2026-Q4\nvalue: {value}\nnote: why\n", "data/metrics/x.yml")
    point, problems = validate(PointIn, source)
    assert problems == [] and point.value == read


@pytest.mark.parametrize("value", ["'12 people'", "'1,240'", "'-'", "true"])
def test_text_that_is_no_number_is_still_refused(value):
    from backbone.metrics.model import PointIn

    source = parse_yaml(f"period: 2026-Q4\nvalue: {value}\n", "data/metrics/x.yml")
    _, problems = validate(PointIn, source)
    assert [p.field for p in problems] == ["value"] and "expected a number" in problems[0].message


def test_a_breakdown_as_the_editor_writes_it(tmp_path):
    """A list of {partner, series}: read as the mapping says; a partner named twice is one message."""
    from support import Project, make_project

    project: Project = make_project(tmp_path, FIXTURES / "metrics")
    metric = next(p for p in sorted((project.root / "data/metrics").glob("*.yml")))
    data = load(metric)
    partner = next(iter(load(project.root / "data/partners.yml")["partners"]))["id"]
    points = [{"period": p["period"], "value": 1} for p in data.get("series", [])[:2]]
    data["breakdown"] = [{"partner": partner, "series": points}]
    metric.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    loaded = load_project(project.root).extras["metrics"].metrics[metric.stem]
    assert [p.value for p in loaded.breakdown[partner]] == [1, 1]
    data["breakdown"].append({"partner": partner, "series": points})
    metric.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    errors, _, _ = check_site(project.root / "site_config.yml")
    assert len([e for e in errors if "listed twice in the breakdown" in e]) == 1, errors


def test_a_control_character_typed_into_a_form_is_a_located_message():
    """Decap escapes it in YAML ("\\x07"); the reader refuses it where it stands."""
    from backbone.problems import DataError

    text = 'partners:\n  - id: clinic\n    name: "Harbour\\x07 Clinic"\n    sector: civil\n'
    with pytest.raises(DataError) as caught:
        parse_yaml(text, "data/partners.yml")
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.field) == ("data/partners.yml", 3, "partners[0].name")
    assert "delete the character U+0007" in problem.message
