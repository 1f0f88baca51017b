"""The impact page (/impact/): tables in a stated order, and ROI over an explicit window with a
valuation rule per metric (sum, growth, latest) that never bridges a missing figure."""

from __future__ import annotations

import pytest
from metrics_helpers import build, metrics_project

INVEST = "data/investments.yml"


def text(node) -> str:
    return " ".join(node.get_text(" ").split())


def first_cells(table) -> list[str]:
    return [text(tr.th) for tr in table.tbody.find_all("tr")]


@pytest.fixture(scope="module")
def ordered(tmp_path_factory):
    """Short names that sort the other way round from the full names, and a tie in contributions."""
    project = metrics_project(tmp_path_factory.mktemp("order"))

    def names(d):
        d["partners"][0]["short_name"] = "Town Hall"  # Harbour City Hall
        d["partners"][1]["short_name"] = "Clinic"  # Harbour Community Clinic

    project.edit("data/partners.yml", names)
    # City Hall €12,000 in money ties with the clinic's 300 hours × €40; Dockside Foods gives €21,000
    project.edit(INVEST, lambda d: d["contributions"][0].update(money=12000, staff_hours=0, in_kind=0))
    built = build(project)
    assert built.error is None, built.error
    return built.html("impact/index.html")


def test_partner_table_is_by_contribution_then_by_the_name_shown(ordered):
    table = ordered.find("table", class_="bb-roi-partners")
    assert text(table.caption) == "Largest contribution first"
    assert first_cells(table) == ["Dockside Foods", "Clinic", "Town Hall"]  # the tie goes by 'Clinic' < 'Town Hall'
    totals = [text(tr.find_all("td")[5]) for tr in table.tbody.find_all("tr")]
    assert totals == ["€21,000", "€12,000", "€12,000"]


def test_every_table_on_the_page_states_its_order(ordered):
    inputs = ordered.find("table", class_="bb-roi-inputs")
    assert first_cells(inputs) == ["Dockside Foods", "Clinic", "Town Hall"]
    assert "largest contribution first" in text(inputs.caption)
    sectors = ordered.find("table", class_="bb-roi-sectors")
    assert text(sectors.caption) == "Largest contribution first"
    assert first_cells(sectors) == [
        "Private sector",
        "Public sector",
        "Civil society",
    ]  # 21,000, then the 12,000 tie in the partnership's order of sectors (public, private, civil)
    outcomes = ordered.find("table", class_="bb-roi-outcomes")
    assert text(outcomes.caption) == "Largest value first"


# -- the core: the window and the three valuation rules, with gaps --------------------------------

from backbone.metrics import periods  # noqa: E402
from backbone.metrics.model import Metric, MetricFile, Point, Valuation  # noqa: E402
from backbone.metrics.roi import explain, value_outcome  # noqa: E402
from backbone.metrics.window import Window, spanning  # noqa: E402
from backbone.render.formats import formats_for  # noqa: E402

P = periods.parse


def window(first: str, last: str) -> Window:
    return Window(P(first), P(last), stated=True)


def stock(series, baseline=("2022-Q4", 40)) -> Metric:
    """Childcare seats, a quarterly stock; a value of None is a recorded gap with its reason."""
    spec = MetricFile.model_validate(
        dict(
            title="Childcare seats",
            question="how-much",
            description="d",
            unit="count",
            polarity="higher",
            baseline=dict(period=baseline[0], value=baseline[1]),
            series=[],
            source="s",
        )
    )
    points = [Point(P(p), v, None if v is not None else f"no count in {p}") for p, v in series]
    return Metric("childcare-seats", "x.yml", spec, "quarter", Point(P(baseline[0]), baseline[1]), None, points)


SEATS = [("2023-Q1", 44), ("2023-Q2", None), ("2023-Q3", 50), ("2023-Q4", 52), ("2024-Q1", 55), ("2024-Q2", 58)]


def rule(name: str, per_unit: float = 1000) -> Valuation:
    return Valuation(metric="childcare-seats", value_per_unit=per_unit, source="s", assumption="a", valuation=name)


def words(o) -> str:
    english = formats_for("en")
    return explain(o, english.number, english)


def test_window_holds_whole_periods_only():
    w = window("2024-Q3", "2025-Q4")
    assert w.holds(P("2025")) and w.holds(P("2024-07")) and not w.holds(P("2024"))
    assert w.cuts(P("2024")) and not w.cuts(P("2023")) and not w.cuts(P("2026-Q1"))
    assert [p.text for p in w.periods("year")] == ["2025"]
    assert len(w.periods("month")) == 18 and w.label == "Q3 2024 to Q4 2025"
    assert spanning([P("2026"), P("2022-Q2"), P("2024")]).label == "Q2 2022 to 2026"


def test_sum_adds_the_window_and_names_the_gap_it_skips():
    o = value_outcome(rule("sum"), stock(SEATS), window("2023", "2023"))
    assert (o.units, o.value, o.counted, len(o.span)) == (146, 146_000, 3, 4)  # 44 + 50 + 52; Q2 is a gap
    assert words(o) == (
        "the figures of 3 quarters from Q1 2023 to Q4 2023 add up to 146; 1 of the 4 quarters in the window "
        "has no figure and adds nothing: Q2 2023 (no count in 2023-Q2)"
    )
    # a window reaching past the figures says which quarters were never reported
    o = value_outcome(rule("sum"), stock(SEATS), window("2024", "2024"))
    assert o.units == 113 and "Q3 2024 (not reported), Q4 2024 (not reported)" in words(o)


def test_growth_is_end_minus_the_period_before_the_window():
    o = value_outcome(rule("growth", 9000), stock(SEATS), window("2023", "2023"))
    assert (o.units, o.value) == (12, 108_000)  # 52 at Q4 2023 minus 40 at the baseline, Q4 2022
    assert words(o) == "52 in Q4 2023 minus 40 in Q4 2022 (the baseline) = 12"
    o = value_outcome(rule("growth"), stock(SEATS), window("2024-Q1", "2024-Q2"))
    assert o.units == 6 and words(o) == "58 in Q2 2024 minus 52 in Q4 2023 (the period before the window) = 6"
    # summing a stock would have counted the same seats in every quarter: 44 + 50 + 52 = 146
    assert value_outcome(rule("sum"), stock(SEATS), window("2023", "2023")).units == 146


def test_growth_needs_both_ends_and_never_bridges_a_gap():
    gap_at_end = [*SEATS[:3], ("2023-Q4", None)]
    o = value_outcome(rule("growth"), stock(gap_at_end), window("2023", "2023"))
    assert o.units is None and o.value == 0 and not o.valued  # not 50 (Q3), the neighbour
    assert (
        words(o)
        == "not valued: growth needs a figure at both ends of the window (no figure for Q4 2023 (no count in 2023-Q4))"
    )
    o = value_outcome(rule("growth"), stock(SEATS), window("2023-Q3", "2023-Q4"))  # starts after the Q2 gap
    assert not o.valued and "no figure for Q2 2023 (no count in 2023-Q2)" in words(o)
    o = value_outcome(rule("growth"), stock(SEATS), window("2024", "2024"))  # ends where nothing is reported yet
    assert not o.valued and "Q4 2024 (not reported)" in words(o)


def test_latest_is_the_newest_figure_in_the_window_and_says_what_follows_it():
    o = value_outcome(rule("latest"), stock(SEATS), window("2023", "2023"))
    assert o.units == 52 and words(o) == "the newest figure in the window, 52 in Q4 2023"
    o = value_outcome(rule("latest"), stock([*SEATS[:3], ("2023-Q4", None)]), window("2023", "2023"))
    assert o.units == 50 and words(o).endswith(
        "later periods in the window have no figure: Q4 2023 (no count in 2023-Q4)"
    )
    o = value_outcome(rule("latest"), stock(SEATS), window("2025", "2025"))
    assert not o.valued and words(o).startswith("not valued: no period in the window has a figure")


def test_without_a_window_each_rule_counts_from_the_baseline():
    o = value_outcome(rule("growth"), stock(SEATS), Window(None, None, False))
    assert o.units == 18 and words(o) == "58 in Q2 2024 minus 40 in Q4 2022 (the baseline) = 18"
    assert value_outcome(rule("sum"), stock(SEATS), Window(None, None, False)).units == 44 + 50 + 52 + 55 + 58


# -- the built impact page: the window and the rules, stated in words -------------------------------

SEATS_FILE = """title: Childcare seats
question: how-much
description: Childcare seats open to parents in the programme at the end of the quarter.
unit: count
polarity: higher
baseline: {period: 2022-Q4, value: 40}
series:
  - {period: 2023-Q1, value: 44}
  - {period: 2023-Q2, value: null, note: "The nursery census was not run"}
  - {period: 2023-Q3, value: 50}
  - {period: 2023-Q4, value: 52}
  - {period: 2024-Q1, value: 55}
source: Nursery census
"""


@pytest.fixture(scope="module")
def windowed(tmp_path_factory):
    """2023 only: Dockside Foods' 2024 contribution is outside; clinic visits (a flow, one quarter
    missing) are summed, childcare seats (a stock, a gap inside) valued by their growth."""
    project = metrics_project(tmp_path_factory.mktemp("window"))
    project.write("data/metrics/childcare-seats.yml", SEATS_FILE)
    visits = project.path("data/metrics/clinic-visits.yml")
    visits.write_text(
        visits.read_text().replace(
            "{period: 2023-Q1, value: 110}",
            '{period: 2023-Q1, value: null, note: "Register lost in a flood <script>alert(1)</script>"}',
        )
    )

    def invest(d):
        d["window"] = {"from": 2023, "to": 2023}
        d["valuations"][0]["valuation"] = "sum"
        d["valuations"].append(
            dict(
                metric="childcare-seats",
                value_per_unit=9000,
                valuation="growth",
                source="Council cost model",
                assumption="A seat keeps one parent in work for a year.",
            )
        )

    project.edit(INVEST, invest)
    project.write(
        "content/notes/window.md",
        "# Window\n\nOur return of {{ roi:collective }} covers {{ roi:collective.window }}; City Hall's, {{ roi:city-hall.window }}.\n",
    )
    built = build(project)
    assert built.error is None, built.error
    return built


def test_the_window_can_be_cited(windowed):
    assert "Our return of 5.0 : 1 covers 2023; City Hall's, 2023." in text(
        windowed.html("notes/window/index.html").find(class_="md-content")
    )


def test_impact_page_states_the_window_and_counts_only_inside_it(windowed):
    page = windowed.html("impact/index.html")
    stated = text(page.find(class_="bb-roi-window"))
    assert stated.startswith("Window: 2023, the period the partnership chose.")
    assert "Not counted: 1 contribution outside the window (2024), worth €21,000." in stated
    totals = text(page.find(class_="bb-impact__totals"))
    # invested: City Hall €17,000 + the clinic €12,000; value: (120 + 125 + 130) × €100 + (52 − 40) × €9,000
    assert "Resources invested €29,000" in totals and "Value created €145,500" in totals and "5.0 : 1" in totals
    assert first_cells(page.find("table", class_="bb-roi-partners")) == [
        "Harbour City Hall",
        "Harbour Community Clinic",
    ]
    inputs = {
        text(tr.th) + " " + text(tr.find_all("td")[0]): text(tr.find_all("td")[6])
        for tr in page.find("table", class_="bb-roi-inputs").tbody.find_all("tr")
    }
    assert inputs["Dockside Foods 2024"] == "No: outside the window" and inputs["Harbour City Hall 2023"] == "Yes"


def test_each_outcome_says_its_rule_and_its_gaps(windowed):
    page = windowed.html("impact/index.html")
    rows = {
        text(tr.th): [text(td) for td in tr.find_all("td")]
        for tr in page.find("table", class_="bb-roi-outcomes").tbody.find_all("tr")
    }
    assert rows["Childcare seats"] == ["Growth, Q4 2022 to Q4 2023", "12", "€9,000", "€108,000"]
    assert rows["Clinic visits"] == [
        "Sum of 3 quarters, Q2 2023 to Q4 2023 (1 without a figure)",
        "375",
        "€100",
        "€37,500",
    ]
    howto = text(page.find(id="how-we-calculated-this"))
    assert "Window : 2023, the period the partnership chose." in howto
    rules = [text(li) for li in page.find("ul", class_="bb-roi-rules").find_all("li")]
    assert rules == [
        "Childcare seats ( growth ): 52 in Q4 2023 minus 40 in Q4 2022 (the baseline) = 12; × €9,000 = €108,000.",
        "Clinic visits ( sum ): the figures of 3 quarters from Q2 2023 to Q4 2023 add up to 375; 1 of the 4 quarters in the window"
        " has no figure and adds nothing: Q1 2023 (Register lost in a flood <script>alert(1)</script>); × €100 = €37,500.",
    ]
    assert page.find("script", string="alert(1)") is None  # a note is text wherever the rule is spelled out
    csv_rows = windowed.text("impact/contributions.csv").splitlines()
    # text quoted, figures bare (render.csvfile)
    assert csv_rows[0].endswith(',"in_window"') and '"dockside-foods","2024",21000,0,0,0,21000,"no"' in csv_rows


def test_partner_pages_say_what_the_window_leaves_out(windowed):
    dockside = text(windowed.html("partners/dockside-foods/index.html").find(id="contributions").find_next("p"))
    assert dockside.startswith(
        "Its contributions, 2024 (€21,000), lie outside 2023, the window the partnership measures its return over"
    )
    city = text(windowed.html("partners/city-hall/index.html").find(id="contributions").find_next("p"))
    assert city == "Counted over 2023, the window the partnership measures its return over."


def test_a_growth_end_without_a_figure_is_not_valued_and_said(tmp_path):
    project = metrics_project(tmp_path)
    project.write("data/metrics/childcare-seats.yml", SEATS_FILE)
    project.edit(
        INVEST,
        lambda d: (
            d.update(window={"from": "2023-Q3", "to": "2024-Q2"}),
            d.update(contributions=[dict(partner="city-hall", period="2024-Q1", money=5000)]),
            d["valuations"].append(
                dict(metric="childcare-seats", value_per_unit=9000, valuation="growth", source="s", assumption="a")
            ),
        ),
    )
    built = build(project)
    assert built.error is None, built.error
    page = built.html("impact/index.html")
    row = [
        text(td)
        for td in page.find("table", class_="bb-roi-outcomes")
        .find("a", string="Childcare seats")
        .find_parent("tr")
        .find_all("td")
    ]
    assert row == ["Not valued", "–", "€9,000", "not valued"]
    rule_text = next(text(li) for li in page.select("ul.bb-roi-rules li") if li.get_text().startswith("Childcare"))
    # not 55 − 50: the window starts after Q2 2023 (a gap) and ends at Q2 2024 (not reported)
    assert rule_text == (
        "Childcare seats ( growth ): not valued: growth needs a figure at both ends of the window "
        "(no figure for Q2 2023 (The nursery census was not run), Q2 2024 (not reported))."
    )
    assert "1 outcome not valued: see below" in text(page.find(class_="bb-impact__totals"))


# -- bad windows and rules: located messages that say the fix ---------------------------------------

from backbone.loaders import load_project  # noqa: E402
from backbone.problems import DataError  # noqa: E402


def problems(project) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_project(project.root, "data")
    return [str(p) for p in caught.value.problems]


def line_of(project, needle: str) -> int:
    return next(n for n, line in enumerate(project.path(INVEST).read_text().splitlines(), 1) if needle in line)


def test_window_running_backwards(tmp_path):
    project = metrics_project(tmp_path)
    project.edit(INVEST, lambda d: d.update(window={"from": 2024, "to": 2022}))
    assert problems(project) == [
        f"{INVEST}:{line_of(project, 'to: 2022')} (window.to): the window ends (2022) before it starts (2024); put the earlier period under 'from'"
    ]


def test_window_cutting_a_contribution_or_a_metric(tmp_path):
    project = metrics_project(tmp_path)
    project.edit(INVEST, lambda d: d.update(window={"from": "2023-08", "to": "2024-Q4"}))
    found = problems(project)
    assert (
        f"{INVEST}:{line_of(project, 'partner: city-hall') + 1} (contributions[0].period): the window (August 2023 to Q4 2024) cuts through 2023, this contribution's period: a contribution counts whole or not at all; let the window start with 2023 or 2024 ('from'), or record this contribution by shorter periods"
        in found
    )
    assert (
        f"{INVEST}:{line_of(project, 'metric: clinic-visits')} (valuations[0].metric): 'clinic-visits' has quarterly figures, and the window (August 2023 to Q4 2024) cuts through Q3 2023: a figure counts whole or not at all; let the window start with 2023-Q3 or 2023-Q4 ('from')"
        in found
    )


def test_window_missing_every_contribution_and_bad_rules(tmp_path):
    project = metrics_project(tmp_path)

    def bad(d):
        d["window"] = {"from": 2030, "till": 2031}
        d["valuations"][0]["valuation"] = "grow"

    project.edit(INVEST, bad)
    found = problems(project)
    assert any("(window.till): unknown field 'till'; expected one of: from, to" in p for p in found), found
    assert any("(window): the required field 'to' is missing" in p for p in found), found
    assert any(
        "(valuations[0].valuation): expected one of 'sum', 'growth' or 'latest', got 'grow'; did you mean 'growth'?"
        in p
        for p in found
    ), found
    project.edit(
        INVEST, lambda d: (d.update(window={"from": 2030, "to": 2031}), d["valuations"][0].update(valuation="sum"))
    )
    assert problems(project) == [
        f"{INVEST}:{line_of(project, 'window:')} (window): no contribution lies inside the window (2030 to 2031); the contributions run from 2023 to 2024: set 'from' and 'to' to the periods the value should be set against"
    ]


def test_old_count_key_is_renamed_in_the_message(tmp_path):
    project = metrics_project(tmp_path)
    project.edit(INVEST, lambda d: d["valuations"][0].update(count="latest"))
    assert problems(project) == [
        f"{INVEST}:{line_of(project, 'count: latest')} (valuations[0].count): 'count' is now called 'valuation': write 'valuation: latest' instead (sum adds every figure in the window, growth takes the rise over the window, latest the newest figure in it); `backbone upgrade` renames it in every valuation"
    ]


def money_value(cell: str) -> float:
    return float(cell.replace("€", "").replace(",", ""))


def test_demo_sets_money_against_value_over_the_final_years(demo_site):
    page = demo_site.html("impact/index.html")
    assert text(page.find(class_="bb-roi-window")).startswith("Window: 2022 to 2025, the period the partnership chose.")
    partners = page.find("table", class_="bb-roi-partners").tbody.find_all("tr")
    totals = [money_value(text(tr.find_all("td")[5])) for tr in partners]
    assert totals == sorted(totals, reverse=True) and len(totals) == 12
    rows = {
        text(tr.th): [text(td) for td in tr.find_all("td")]
        for tr in page.find("table", class_="bb-roi-outcomes").tbody.find_all("tr")
    }
    assert rows["Employers hiring through the partnership"][:2] == [
        "Growth, Q4 2021 to Q4 2025",
        "41",
    ]  # 55 − 14, a stock
    assert rows["Young adults starting a job"][0] == "Sum of 16 quarters, Q1 2022 to Q4 2025"
    counted = {
        text(tr.find_all("td")[0]): text(tr.find_all("td")[6])
        for tr in page.find("table", class_="bb-roi-inputs").tbody.find_all("tr")
    }
    assert counted == {"2022": "Yes", "2023": "Yes", "2024": "Yes", "2025": "Yes", "2026": "No: outside the window"}
