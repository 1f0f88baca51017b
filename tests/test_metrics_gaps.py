"""A missing figure is recorded with its reason and shown as missing: in charts, sparklines,
tables, the CSV download and citations; no line or change ever bridges it."""

from __future__ import annotations

import csv
import io
import re

from lxml import etree
from metrics_helpers import build, metrics_project
from test_metrics_validation import replace

CLINIC = "data/metrics/clinic-visits.yml"
CSV = "data/metrics/voucher-spend.csv"
PROSE = "content/notes/figures.md"
SVG = "{http://www.w3.org/2000/svg}"
WHY = "The survey was not run"


def gap_project(tmp_path):
    """The metrics fixture with Q3 2023 of clinic visits, Q1 2024 of City Hall's part and
    March 2024 of voucher spend (a CSV series) recorded as missing."""
    project = metrics_project(tmp_path)
    replace(
        project,
        CLINIC,
        '{period: 2023-Q3, value: 125, note: "Summer closure"}',
        f'{{period: 2023-Q3, value: null, note: "{WHY}"}}',
    )
    replace(
        project,
        CLINIC,
        "    - {period: 2024-Q1, value: 50}",
        "    - {period: 2023-Q4, value: 45}\n    - {period: 2024-Q1, value: null, note: Office closed}",
    )
    replace(project, CSV, "2024-03,1250.25,", "2024-03,,Till system down")
    replace(project, PROSE, "{{metric:clinic-visits@2023-Q3}}", "{{metric:clinic-visits@2023-Q4}}")
    return project


def subpaths(svg: bytes, gid: str) -> int:
    """How many separate strokes the line with this id draws (each starts with a move)."""
    group = etree.fromstring(svg).find(f".//{SVG}g[@id='{gid}']")
    assert group is not None, f"no {gid} in the chart"
    stroke = group.find(f"{SVG}path")  # the line itself; its marker's shape sits in <defs>
    return len(re.findall(r"M", stroke.get("d")))


def test_gaps_break_lines_and_are_shown(tmp_path):
    built = build(gap_project(tmp_path))
    assert built.error is None, built.error
    site = built.site
    # the turn-the-curve chart: the actual line in two strokes, the gap marked and named
    curve = (site / "metrics/clinic-visits/clinic-visits.svg").read_bytes()
    assert subpaths(curve, "actual-line") == 2
    root = etree.fromstring(curve)
    assert root.find(f".//{SVG}g[@id='actual-gap-0']") is not None
    assert "No figure for this period" in "".join(root.itertext())
    assert "No figure for Q3 2023." in root.find(f"{SVG}desc").text
    # the partner chart: City Hall's line breaks at its gap
    partners = (site / "metrics/clinic-visits/clinic-visits-partners.svg").read_bytes()
    assert subpaths(partners, "partner-1-line") == 2
    # the CSV download keeps the missing rows, empty, with their reasons
    rows = {
        r["period"]: r
        for r in csv.DictReader(io.StringIO((site / "metrics/clinic-visits/clinic-visits.csv").read_text()))
    }
    assert rows["2023-Q3"]["value"] == "" and rows["2023-Q3"]["note"] == WHY
    assert rows["2024-Q1"]["city-hall"] == "" and rows["2024-Q1"]["city-hall note"] == "Office closed"
    assert rows["2023-Q4"]["city-hall note"] == ""
    spend = {
        r["period"]: r
        for r in csv.DictReader(io.StringIO((site / "metrics/voucher-spend/voucher-spend.csv").read_text()))
    }
    assert spend["2024-03"]["value"] == "" and spend["2024-03"]["note"] == "Till system down"
    # the tables say "no figure" with the reason; the change after the gap is not bridged
    page = built.html("metrics/clinic-visits/index.html")
    table = {
        tr.th.get_text(): [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        for tr in page.select("table.bb-numbers tbody tr")
    }
    assert table["Q3 2023"][0] == "no figure" and table["Q3 2023"][-1] == WHY
    assert table["Q4 2023"][1] == "no figure for the previous period"
    breakdown = {
        tr.th.get_text(): [td.get_text() for td in tr.find_all("td")]
        for tr in page.select("table.bb-breakdown tbody tr")
    }
    assert breakdown["Q1 2024"][0] == "no figure (Office closed)"
    spend_page = built.html("metrics/voucher-spend/index.html")
    assert "Till system down" in spend_page.select_one("table.bb-numbers").get_text()
    # the sparkline: two strokes and a hollow ring where the figure is missing
    tile = next(
        svg for svg in built.html("scorecard/index.html").select("svg.bb-spark") if "Clinic visits" in svg["aria-label"]
    )
    assert len(tile.find_all("polyline")) == 2
    assert tile.select_one("circle.bb-spark__gap").title.get_text() == "no figure for Q3 2023"
    # the partner page's figure is its latest figure, not the gap
    assert "40 in Q2 2024" in built.html("partners/city-hall/index.html").get_text(" ")


def test_citing_a_gap_gives_the_reason_and_the_neighbours(tmp_path):
    project = gap_project(tmp_path)
    replace(project, PROSE, "{{metric:clinic-visits@2023-Q4}}", "{{metric:clinic-visits@2023-Q3}}")
    built = build(project)
    assert (
        f"{PROSE}:6 (metric:clinic-visits@2023-Q3): metric 'clinic-visits' has no figure for 2023-Q3 ({WHY}); "
        "the nearest periods with figures are 2023-Q2 and 2023-Q4"
    ) in built.error


def test_change_across_a_gap_is_not_cited(tmp_path):
    project = gap_project(tmp_path)
    replace(project, PROSE, "{{metric:clinic-visits@2023-Q4}}", "{{metric:clinic-visits@2023-Q4.change}}")
    built = build(project)
    assert (
        f"metric 'clinic-visits' has no figure for 2023-Q3, the period '.change' compares 2023-Q4 with ({WHY})"
        in built.error
    )


def test_an_unknown_period_suggests_neighbours_in_time(tmp_path):
    project = metrics_project(tmp_path)
    replace(project, CLINIC, '  - {period: 2023-Q3, value: 125, note: "Summer closure"}\n', "")
    built = build(project)
    # 2023-Q3 is inside the series' range: the suggestion is the quarters either side, not '2023-Q2' alone
    assert (
        "metric 'clinic-visits' has no figure for 2023-Q3; the nearest periods with figures are 2023-Q2 and 2023-Q4"
        in built.error
    )


def test_a_story_claiming_a_gap_gets_the_reason(tmp_path):
    project = gap_project(tmp_path)
    project.write(
        "content/stories/2024-01-10-survey.md",
        '---\ntitle: The survey\ndate: "2024-01-10"\n'
        'summary: "Why the third quarter has no figure."\nmetrics: [clinic-visits@2023-Q3]\n---\n\nBody.\n',
    )
    built = build(project)
    assert (
        f"(metrics[0]): metric 'clinic-visits' has no figure for 2023-Q3 ({WHY}); "
        "the nearest periods with figures are 2023-Q2 and 2023-Q4"
    ) in built.error


def test_a_gap_at_the_baseline_or_a_partner_without_figures(tmp_path):
    project = metrics_project(tmp_path)
    replace(project, CLINIC, "series:\n", 'series:\n  - {period: 2022-Q4, value: null, note: "Not run"}\n')
    assert (
        "(series): 2022-Q4 is the baseline period, whose figure is 100: it cannot also be missing"
        in build(project).error
    )
    project = metrics_project(tmp_path / "only-gaps")
    replace(
        project,
        CLINIC,
        "    - {period: 2024-Q1, value: 50}\n    - {period: 2024-Q2, value: 40}",
        "    - {period: 2024-Q1, value: null, note: Closed}",
    )
    built = build(project)
    assert built.error is None, built.error
    rows = built.html("metrics/clinic-visits/index.html").select("table.bb-breakdown tbody tr")
    assert [td.get_text() for td in rows[0].find_all("td")][0] == "no figure (Closed)"


def _strokes(svg: bytes) -> tuple[str, list[list[tuple[float, float]]], float]:
    """The actual line's colour, its strokes as lists of (x, y) in the SVG's units, and the
    SVG's width in those units."""
    root = etree.fromstring(svg)
    path = root.find(f".//{SVG}g[@id='actual-line']/{SVG}path")
    colour = re.search(r"stroke:\s*(#[0-9a-f]{6})", path.get("style")).group(1)
    strokes = [
        [tuple(map(float, pair)) for pair in re.findall(r"([\d.]+) ([\d.]+)", part)]
        for part in re.split(r"(?=M)", path.get("d"))
        if part.strip()
    ]
    return colour, strokes, float(root.get("viewBox").split()[2])


def _inked(png, colour: str, box: tuple[int, int, int, int]) -> int:
    """How many pixels of ``box`` (left, top, right, bottom) are near ``colour``."""
    target = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    crop = png.convert("RGB").crop(box)
    return sum(
        1
        for y in range(crop.height)
        for x in range(crop.width)
        if sum(abs(a - b) for a, b in zip(crop.getpixel((x, y)), target)) < 60
    )


def test_the_slide_png_breaks_its_line_at_the_gap(tmp_path):
    """The slide (1920×1080) is drawn from the same figure as the SVG: between the figures on
    each side of the gap there is no ink of the line's colour, while between two neighbouring
    figures there is (the check can see a line)."""
    from PIL import Image

    built = build(gap_project(tmp_path))
    assert built.error is None, built.error
    folder = built.site / "metrics/clinic-visits"
    colour, strokes, width = _strokes((folder / "clinic-visits.svg").read_bytes())
    assert len(strokes) == 2
    with Image.open(folder / "clinic-visits-1920x1080.png") as png:
        scale = png.width / width

        def between(a, b, margin=24):  # the band from one figure to the next, past their markers
            (x0, y0), (x1, y1) = a, b
            return (
                round(x0 * scale) + margin,
                round(min(y0, y1) * scale) - 6,
                round(x1 * scale) - margin,
                round(max(y0, y1) * scale) + 6,
            )

        assert _inked(png, colour, between(strokes[0][-1], strokes[1][0])) == 0, "the line bridges the gap"
        assert _inked(png, colour, between(strokes[1][0], strokes[1][1])) > 20, "no line where there are figures"
