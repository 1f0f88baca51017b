"""Bad metric, CSV, investment and citation input stops the build with located, actionable messages."""

from __future__ import annotations

import pytest
from metrics_helpers import build, metrics_project

CLINIC = "data/metrics/clinic-visits.yml"
VOUCHERS = "data/metrics/voucher-spend.yml"
CSV = "data/metrics/voucher-spend.csv"
INVEST = "data/investments.yml"
PROSE = "content/notes/figures.md"

CASES = {
    "non-numeric value": (
        CLINIC,
        "value: 120}",
        "value: 12a}",
        f"{CLINIC}:11 (series[1].value): expected a number, got '12a': write a number like 120 or 12.5, without units or thousands separators",
    ),
    "duplicate period": (
        CLINIC,
        "2023-Q2, value: 120",
        "2023-Q1, value: 120",
        f"{CLINIC}:11 (series[1].period): duplicate period '2023-Q1' (also at series[0]); give each period once",
    ),
    "mixed granularities": (
        CLINIC,
        "2023-Q3, value: 125",
        "2023-07, value: 125",
        f"{CLINIC}:12 (series[2].period): '2023-07' is a monthly period but this metric is quarterly (its baseline is 2022-Q4); use one granularity per metric",
    ),
    "malformed period": (
        CLINIC,
        "2024-Q1, value: 150",
        "2024-Q5, value: 150",
        f"{CLINIC}:14 (series[4].period): '2024-Q5' is not a period: write YYYY (2025), YYYY-Qn (2025-Q3, n = 1 to 4) or YYYY-MM (2025-07)",
    ),
    "a quarter written as a French page writes it": (
        CLINIC,
        "2024-Q1, value: 150",
        "T1 2024, value: 150",
        f"{CLINIC}:14 (series[4].period): 'T1 2024' is not a period: write a quarter as 2024-Q1",
    ),
    "target before baseline": (
        CLINIC,
        "target: {period: 2024-Q4",
        "target: {period: 2022-Q1",
        f"{CLINIC}:7 (target.period): the target period 2022-Q1 is not after the baseline period 2022-Q4; a target must come after the baseline",
    ),
    "unknown owner": (
        CLINIC,
        "owner: harbour-clinic",
        "owner: harbor-clinic",
        f"{CLINIC}:24 (owner): unknown partner 'harbor-clinic' (partners are listed in data/partners.yml); did you mean 'harbour-clinic'?",
    ),
    "unknown breakdown partner": (
        CLINIC,
        "  city-hall:",
        "  city-hal:",
        f"{CLINIC}:17 (breakdown.city-hal): unknown partner 'city-hal' (partners are listed in data/partners.yml); did you mean 'city-hall'?",
    ),
    "unknown field": (
        CLINIC,
        "polarity: higher",
        "polarty: higher",
        f"{CLINIC}:5 (polarty): unknown field 'polarty'; did you mean 'polarity'?",
    ),
    "currency without code": (
        VOUCHERS,
        "currency: EUR\n",
        "",
        f"{VOUCHERS}:4 (unit): unit 'currency' needs the field 'currency' with an ISO code like 'EUR'",
    ),
    "csv bad value": (
        CSV,
        "2024-02,1100,",
        "2024-02,11OO,",
        f"{CSV}:3 (value): expected a number, got '11OO': write a number like 120 or 12.5, without units or thousands separators",
    ),
    "csv bad period": (CSV, "2024-03,1250.25,", "2024-3,1250.25,", f"{CSV}:4 (period): '2024-3' is not a period"),
    "csv duplicate period": (
        CSV,
        "2024-04,1300,",
        "2024-03,1300,",
        f"{CSV}:5 (period): duplicate period '2024-03' (also on line 4); give each period once",
    ),
    "csv unknown column": (
        CSV,
        "period,value,note",
        "period,value,notes",
        f"{CSV}:1 (notes): unknown column 'notes': the columns are period, value and an optional note; did you mean 'note'?",
    ),
    "csv missing file": (
        VOUCHERS,
        "series_csv: voucher-spend.csv",
        "series_csv: vouchers.csv",
        f"{VOUCHERS}:9 (series_csv): file not found: 'vouchers.csv' (looked for data/metrics/vouchers.csv)",
    ),
    "investment unknown partner": (
        INVEST,
        "partner: dockside-foods",
        "partner: dockside-food",
        f"{INVEST}:6 (contributions[2].partner): unknown partner 'dockside-food' (partners are listed in data/partners.yml); did you mean 'dockside-foods'?",
    ),
    "valuation unknown metric": (
        INVEST,
        "metric: clinic-visits",
        "metric: clinic-visit",
        f"{INVEST}:8 (valuations[0].metric): unknown metric 'clinic-visit' (metrics are listed in data/metrics/); did you mean 'clinic-visits'?",
    ),
    "citation unknown metric": (
        PROSE,
        "{{ metric:clinic-visits.target }}",
        "{{ metric:clinic-visit.target }}",
        f"{PROSE}:8 (metric:clinic-visit.target): unknown metric 'clinic-visit' (metrics are the files in data/metrics/); did you mean 'clinic-visits'?",
    ),
    "citation unknown period": (
        PROSE,
        "{{metric:clinic-visits@2023-Q3}}",
        "{{metric:clinic-visits@2021-Q3}}",
        f"{PROSE}:6 (metric:clinic-visits@2021-Q3): metric 'clinic-visits' has no figure for 2021-Q3: its figures run from 2022-Q4 to 2024-Q2; the nearest period with a figure is 2022-Q4",
    ),
    "gap without a note": (
        CLINIC,
        "{period: 2023-Q2, value: 120}",
        "{period: 2023-Q2, value: null}",
        f"{CLINIC}:11 (series[1].note): a missing figure needs a note saying why",
    ),
    "csv gap without a note": (
        CSV,
        "2024-02,1100,",
        "2024-02,,",
        f"{CSV}:3 (note): a missing figure needs a note saying why",
    ),
    "citation unknown attribute": (
        PROSE,
        "{{ metric:clinic-visits.progress }}",
        "{{ metric:clinic-visits.progres }}",
        f"{PROSE}:8 (metric:clinic-visits.progres): unknown attribute '.progres': use one of value, change, year_change, baseline_change, target, target_period, progress, baseline, period, status, title; did you mean 'progress'?",
    ),
    "chart citation with a period": (
        PROSE,
        "{{ chart:clinic-visits }}",
        "{{ chart:clinic-visits@2023-Q3 }}",
        f"{PROSE}:17 (chart:clinic-visits@2023-Q3): a chart shows a metric's whole curve: write '{{{{ chart:clinic-visits }}}}', without '@2023-Q3'",
    ),
    "remote picture in a metric's story": (
        CLINIC,
        "Visits rose once",
        "![pixel](https://tracker.example/p.gif) Visits rose once",
        f"{CLINIC}:28 (story): the picture 'https://tracker.example/p.gif' is on another site: every reader's browser, mail client and feed reader would fetch it from there, telling that site who reads; download the picture into the site's folders and link it by name",
    ),
    "citation unknown roi partner": (
        PROSE,
        "{{ roi:city-hall.share }}",
        "{{ roi:city-hal.share }}",
        f"{PROSE}:10 (roi:city-hal.share): unknown ROI 'city-hal': use 'collective' or a partner with contributions in data/investments.yml; did you mean 'city-hall'?",
    ),
}


def replace(project, rel, old, new):
    text = project.path(rel).read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    project.write(rel, text.replace(old, new, 1))


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_bad_input_is_reported(tmp_path, case):
    rel, old, new, message = CASES[case]
    project = metrics_project(tmp_path)
    replace(project, rel, old, new)
    built = build(project)
    assert built.error is not None, "the build should have stopped"
    assert message in built.error
    assert "Traceback" not in built.error
    assert not (built.site / "scorecard" / "index.html").exists()


def test_all_problems_at_once(tmp_path):
    project = metrics_project(tmp_path)
    replace(project, CLINIC, "value: 120}", "value: 12a}")
    replace(project, CSV, "2024-02,1100,", "2024-02,11OO,")
    replace(project, INVEST, "partner: dockside-foods", "partner: dockside-food")
    built = build(project)
    assert "Backbone found 3 problems in 3 files" in built.error
    for where in (f"{CLINIC}:11", f"{CSV}:3", f"{INVEST}:6"):
        assert where in built.error


def test_every_bad_citation_of_every_page_at_once(tmp_path):
    project = metrics_project(tmp_path)
    project.write("content/other.md", "# Other\n\nA {{ metric:wait-day }} and {{ chart:nope }}.\n")
    replace(project, PROSE, "{{ metric:clinic-visits.target }}", "{{ metric:clinic-visit.target }}")
    built = build(project)
    assert "Backbone found 3 problems in 2 files" in built.error
    assert (
        "content/other.md:3 (metric:wait-day): unknown metric 'wait-day' (metrics are the files in data/metrics/); did you mean 'wait-days'?"
        in built.error
    )
    assert "content/other.md:3 (chart:nope): unknown metric 'nope'" in built.error


def test_too_many_headline_metrics_warns(tmp_path):
    project = metrics_project(tmp_path)
    text = (
        project.path("site_config.yml")
        .read_text()
        .replace("  - backbone\n", "  - backbone:\n      metrics:\n        headline_limit: 1\n")
    )
    project.write("site_config.yml", text)
    built = build(project, strict=False)
    assert any(
        "When you measure everything, you measure nothing" in w and "2 metrics are marked 'headline: true'" in w
        for w in built.warnings
    )
    assert "When you measure everything" in built.text("scorecard/index.html")


def test_a_cached_metric_file_is_still_reported_at_its_line(tmp_path):
    """A warm build reads unchanged metric files from .cache/backbone/data; a problem found
    in one (here: a partner renamed in partners.yml) still names the file's line."""
    project = metrics_project(tmp_path)
    assert build(project).error is None
    cached = list(project.path(".cache/backbone/data").glob("*.json"))
    assert len(cached) >= 2  # every metric file of the fixture, parsed once
    replace(project, "data/partners.yml", "id: city-hall", "id: city-hal")
    replace(project, PROSE, "{{ roi:city-hall.share }}", "{{ roi:city-hal.share }}")
    built = build(project)
    assert built.error is not None
    assert (
        f"{CLINIC}:17 (breakdown.city-hall): unknown partner 'city-hall' (partners are listed in data/partners.yml); did you mean 'city-hal'?"
        in built.error
    )
    assert sorted(project.path(".cache/backbone/data").glob("*.json")) == sorted(cached)  # nothing parsed again


def test_a_cached_read_gives_the_same_values_and_finds_lines_on_demand(tmp_path):
    """The second read of an unchanged file comes from the cache without line numbers;
    the first line a message asks for parses the file again and is the right one."""
    from backbone.sources import read_yaml

    project = metrics_project(tmp_path)
    path, cache = project.path(CLINIC), tmp_path / "cache"
    fresh = read_yaml(path, project.root, cache)
    cached = read_yaml(path, project.root, cache)
    assert cached.lines is None and fresh.lines
    assert cached.data == fresh.data and cached.rel == fresh.rel == CLINIC
    assert cached.line(("breakdown", "city-hall")) == fresh.line(("breakdown", "city-hall")) == 17
    assert cached.lines == fresh.lines


def test_a_corrupt_cache_entry_is_parsed_again(tmp_path):
    project = metrics_project(tmp_path)
    assert build(project).error is None
    for entry in project.path(".cache/backbone/data").glob("*.json"):
        entry.write_text("{not json", encoding="utf-8")
    built = build(project)
    assert built.error is None
    assert "Clinic visits" in built.text("metrics/clinic-visits/index.html")
