"""Computed figures, checked against hand-computed values, as they appear on the built pages."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from metrics_helpers import build, metrics_project

from backbone.metrics import periods
from backbone.metrics.figures import Settings, compute, status
from backbone.metrics.model import Metric, MetricFile, Point, Points


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = metrics_project(tmp_path_factory.mktemp("figures"))
    built = build(project)
    assert built.error is None, built.error
    assert built.warnings == []
    return built


def tile(site, metric_id):
    return site.html("scorecard/index.html").find(id=metric_id)


def text(node) -> str:
    return " ".join(node.get_text(" ").split())


def test_scorecard_tiles_in_chosen_order(site):
    soup = site.html("scorecard/index.html")
    tiles = soup.select(".bb-tile")
    assert [t["id"] for t in tiles] == ["clinic-visits", "wait-days"]  # headline only, by 'order'
    assert tiles[0].find("a")["href"] == "../metrics/clinic-visits/"


def test_clinic_visits_hand_checked(site):
    # baseline 100 (2022-Q4), target 200 (2024-Q4), latest 160 (2024-Q2), previous 150, a year earlier 120
    t = text(tile(site, "clinic-visits"))
    assert "160 people in Q2 2024" in t
    assert "▲ up 10 (6.7%) on Q1 2024 (better)" in t
    assert "60% of the way to 200 by Q4 2024" in t  # (160-100)/(200-100)
    # expected on the path after 6 of 8 quarters: 175; shortfall 15 > 0.1×100 but ≤ 0.2×100
    assert "At risk" in t and "Stale" not in t
    page = text(site.html("metrics/clinic-visits/index.html").find(class_="bb-metric__facts"))
    assert "up 40 (33.3%) on Q2 2023" in page  # a year earlier
    assert "up 60 (60.0%) on Q4 2022" in page  # against the baseline
    assert "Expected on the straight path now: 175" in page


def test_lower_is_better_and_yearly(site):
    # baseline 30 (2020), target 20 (2025); latest 24 (2023), previous 28
    t = text(tile(site, "wait-days"))
    assert "24 in 2023" in t
    assert "▼ down 4 (14.3%) on 2022 (better)" in t  # falling is better here
    assert "On track" in t  # expected at 2023: 30 - 10×3/5 = 24
    assert "60% of the way to 20 by 2025" in t


def test_currency_csv_series_no_target_and_stale(site):
    page = site.html("metrics/voucher-spend/index.html")
    facts = text(page.find(class_="bb-metric__facts"))
    assert "€1,310.00" in facts
    assert "up €10.00 (0.8%) on April 2024" in facts
    assert "No target" in facts
    # built 2024-10-15 with a 90-day lag: June 2024 is due, May 2024 is the latest → stale
    assert "Stale: June 2024 is due" in facts
    health = text(site.html("scorecard/index.html").find(class_="bb-health"))
    assert "Meal voucher spend : latest May 2024, June 2024 is due (ask Dockside Foods)" in health
    assert "Metrics without a target Meal voucher spend" in health
    assert "Metrics without an owner Days to an appointment" in health


def test_period_table_and_csv(site):
    table = site.html("metrics/clinic-visits/index.html").find("table", class_="bb-numbers")
    rows = [
        [c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])] for tr in table.find("tbody").find_all("tr")
    ]
    assert rows[0] == ["Q4 2022", "100", "", "100", "Baseline"]
    assert rows[3] == ["Q3 2023", "125", "+5", "138", "Summer closure"]  # 137.5 on the path, shown rounded
    assert rows[-1] == ["Q2 2024", "160", "+10", "175", ""]
    data = list(csv.DictReader(io.StringIO(site.text("metrics/clinic-visits/clinic-visits.csv"))))
    assert data[0] == {
        "period": "2022-Q4",
        "value": "100",
        "note": "baseline",
        "target_path": "100",
        "city-hall": "",
        "harbour-clinic": "",
    }
    assert data[-2]["period"] == "2024-Q2" and data[-2]["city-hall"] == "40" and data[-2]["target_path"] == "175"
    assert data[-1] == {
        "period": "2024-Q4",
        "value": "",
        "note": "target",
        "target_path": "200",
        "city-hall": "",
        "harbour-clinic": "",
    }


def test_story_is_markdown_and_sanitised(site):
    story = site.html("metrics/clinic-visits/index.html").find(class_="bb-story")
    assert story.find("strong").get_text() == "evening"
    assert story.find("script") is None


def test_partner_pages_gain_metrics_and_contributions(site):
    clinic = text(site.html("partners/harbour-clinic/index.html").find(class_="md-content"))
    assert "Clinic visits : 160 people in Q2 2024" in clinic  # owns it
    assert "Clinic visits : 120 in Q2 2024 (75.0% of the total)" in clinic  # its breakdown share
    # 300 hours × €40 = €12,000 of €50,000 invested
    assert "In all, €12,000: 24.0% of everything the partners invested" in clinic
    city = text(site.html("partners/city-hall/index.html").find(class_="md-content"))
    assert "€17,000: 34.0%" in city and "€27,030" in city and "leverage is 2.9" in city


def test_impact_page(site):
    page = site.html("impact/index.html")
    totals = text(page.find(class_="bb-impact__totals"))
    # value: (110+120+125+130+150+160) visits × €100 = €79,500; invested €50,000
    assert "Resources invested €50,000" in totals and "Value created €79,500" in totals and "1.6 : 1" in totals
    howto = text(page.find(id="how-we-calculated-this"))
    assert "One visit saves one emergency call." in howto and "Harbour cost model" in howto
    assert "An hour is valued at €50" in howto
    assert len(page.find("table", class_="bb-roi-inputs").find("tbody").find_all("tr")) == 3
    sectors = {
        r.th.get_text(): [td.get_text() for td in r.find_all("td")]
        for r in page.find("table", class_="bb-roi-sectors").tbody.find_all("tr")
    }
    assert sectors == {
        "Public sector": ["€17,000", "34.0%"],
        "Private sector": ["€21,000", "42.0%"],
        "Civil society": ["€12,000", "24.0%"],
    }


def _metric(series, baseline=("2020", 100), target=("2030", 200), polarity="higher"):
    spec = MetricFile.model_validate(
        dict(
            title="T",
            question="how-much",
            description="d",
            unit="count",
            polarity=polarity,
            baseline=dict(period=baseline[0], value=baseline[1]),
            series=[],
            source="s",
        )
    )
    pts = [Point(periods.parse(p), v) for p, v in series]
    return Metric(
        "t",
        "x.yml",
        spec,
        "year",
        Point(periods.parse(baseline[0]), baseline[1]),
        Point(periods.parse(target[0]), target[1]) if target else None,
        pts,
    )


def test_a_metrics_repr_keys_its_whole_value_in_a_few_characters():
    # kept.py keys what is made of a metric by its repr: every point counts, and the text
    # held for each of hundreds of metrics stays short.
    series = [(str(year), year - 1900) for year in range(2021, 2061)]
    one = _metric(series)
    assert repr(one) == repr(_metric(series))
    assert repr(one) != repr(_metric(series[:-1] + [("2060", 161)]))  # the last figure
    assert repr(one) != repr(_metric(series, target=("2030", 201)))
    assert repr(one) != repr(_metric(series[:20] + [("2041", None)] + series[21:]))  # a gap
    assert len(repr(one)) < 100


def test_value_at_reads_the_series_then_the_baseline():
    metric = _metric([("2021", 110), ("2023", 130), ("2020", 105)])
    assert metric.value_at(periods.parse("2021")) == 110
    assert metric.value_at(periods.parse("2020")) == 105  # a series point wins over the baseline
    assert metric.value_at(periods.parse("2022")) is None  # a gap
    assert metric.value_at(periods.parse("2021-Q1")) is None  # another granularity, same year
    assert _metric([("2021", 110)]).value_at(periods.parse("2020")) == 100  # the baseline


@pytest.mark.parametrize(
    "value, expected",
    [
        (150, "on-track"),  # exactly on the path at 2025 (100 + 100×5/10)
        (145, "on-track"),  # 5 behind = tolerance × span
        (141, "at-risk"),  # 9 behind ≤ 2 × tolerance × span
        (139, "off-track"),  # 11 behind
        (260, "on-track"),  # ahead
    ],
)
def test_status_rule(value, expected):
    metric = _metric([("2025", value)])
    assert status(metric, periods.parse("2025"), value, 0.05) == expected


def test_status_lower_is_better_and_after_target():
    metric = _metric([("2032", 60)], baseline=("2020", 100), target=("2030", 50), polarity="lower")
    # past the target period the expected value is the target itself: 60 is 10 above 50, span 50
    assert status(metric, periods.parse("2032"), 60, 0.1) == "at-risk"
    assert status(metric, periods.parse("2032"), 55, 0.1) == "on-track"


def test_stale_rule_and_no_target():
    metric = _metric([("2022", 120), ("2023", 130)], target=None)
    f = compute(metric, Settings(today=dt.date(2025, 3, 31), lag_days=90))
    assert f.due.text == "2024" and f.stale and f.status == "no-target"  # 2024 ended 90 days before 31 March
    f = compute(metric, Settings(today=dt.date(2025, 3, 30), lag_days=90))
    assert f.due.text == "2023" and not f.stale
    assert f.previous.relative == pytest.approx(10 / 120)


def test_partners_listed_without_figures_yet_and_investments_without_contributions(tmp_path):
    # 'city-hall: []' is a placeholder a data lead writes before the figures arrive; with every
    # partner empty there is no breakdown to chart (this used to end in a TypeError), and an
    # investments file with valuations only has no contributions chart to link to
    import re

    project = metrics_project(tmp_path)
    visits = project.path("data/metrics/clinic-visits.yml")
    visits.write_text(
        re.sub(
            r"(?ms)^breakdown:\n.*?(?=^\S)", "breakdown:\n  city-hall: []\n  harbour-clinic: []\n", visits.read_text()
        )
    )
    investments = project.path("data/investments.yml")
    investments.write_text(re.sub(r"(?ms)^contributions:\n.*?(?=^\S)", "", investments.read_text()))
    project.path("content/notes/figures.md").unlink()  # it cites partners' ROI, which needs contributions
    built = build(project)
    assert built.error is None, built.error
    page = built.html("metrics/clinic-visits/index.html")
    assert page.find(id="partners") is None and page.find("table", class_="bb-breakdown") is None
    assert not (built.site / "metrics/clinic-visits/clinic-visits-partners.svg").exists()
    assert (
        built.html("metrics/clinic-visits/index.html").find("figure", class_="bb-chart") is not None
    )  # the curve stays
    impact = built.html("impact/index.html")
    assert impact.select('img[src$="contributions.svg"]') == []
    assert built.site.joinpath("impact/contributions.csv").is_file()

    # one partner with figures, one without: a column for the one that has them
    visits.write_text(
        visits.read_text().replace("  city-hall: []\n", "  city-hall:\n    - {period: 2024-Q1, value: 50}\n")
    )
    built = build(project)
    assert built.error is None, built.error
    header = [
        th.get_text(strip=True)
        for th in built.html("metrics/clinic-visits/index.html").select("table.bb-breakdown thead th")
    ]
    assert header == ["Period", "Harbour City Hall"]


def test_a_compact_series_reads_as_the_list_of_points_it_was_made_from():
    made = [
        Point(periods.parse("2023-Q1"), 12.5),
        Point(periods.parse("2023-Q2"), None, "The survey was not run"),
        Point(periods.parse("2023-Q3"), -0.0, "rounded"),
        Point(periods.parse("2023-Q4"), 1e15),
    ]
    held = Points(made)
    assert list(held) == made and held == made and len(held) == 4
    assert held[-1] == made[-1] and held[1].value is None and held[1].gap
    assert str(held[2].value) == "-0.0"  # the sign a CSV download writes is kept
    assert held[1:3] == made[1:3] and repr(held) == repr(made)  # kept.py keys a metric by its repr
    with pytest.raises(IndexError):
        held[4]
    assert not Points([]) and Points([]) == [] and repr(Points([])) == "[]"
    # what charts read of a series, made without a Point each, as they would read the points
    assert held.pairs() == [[p.period.ordinal, p.value] for p in made] and held.gaps() == [made[1]]
    assert held.has_figures() and not Points([made[1]]).has_figures()
