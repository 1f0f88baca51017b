"""Live figures in prose: values, changes, targets, ROI and charts; code and escapes untouched."""

from __future__ import annotations

import pytest
from metrics_helpers import build, metrics_project

from backbone.metrics.citations import substitute


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    project = metrics_project(tmp_path_factory.mktemp("cite"))
    built = build(project)
    assert built.error is None, built.error
    return built.html("notes/figures/index.html")


def test_figures_are_substituted(page):
    text = " ".join(page.find(class_="md-content").find("p").get_text(" ").split())
    assert "Latest: 160; in Q3 2023: 125." in text
    assert "Change: up 6.7% on Q1 2024; a year: up 33.3% on Q2 2023." in text
    assert "Target 200, progress 60%, baseline 100, period Q2 2024, status at risk." in text
    assert "Spend €1,310.00; wait 24 days, down 14.3% on 2022." in text
    # €79,500 ÷ €50,000; city hall's €17,000 of €50,000
    assert "Return 1.6 : 1; invested €50,000; value €79,500; city hall 34.0%." in text


def test_code_and_escapes_are_left_alone(page):
    text = page.find(class_="md-content").get_text()
    assert "Escaped: {{ metric:clinic-visits }}" in text
    codes = [c.get_text() for c in page.find(class_="md-content").find_all("code")]
    assert "{{ metric:nope }}" in codes  # inline code
    assert any("citation: {{ metric:nope }}" in c for c in codes)  # fenced block


def test_chart_embed_with_numbers(page):
    figure = page.find("figure", class_="bb-chart--embed")
    img = figure.find("img")
    assert img["src"] == "../../metrics/clinic-visits/clinic-visits.svg"
    assert img["alt"] == "Clinic visits rose from 100 in Q4 2022 to 160 in Q2 2024, against a target of 200 by Q4 2024."
    table = page.find("details", class_="bb-chart__numbers").find("table")
    assert [td.get_text() for td in table.find_all("tr")[-1].find_all(["th", "td"])][:2] == ["Q2 2024", "160"]


def test_home_page_of_the_demo_cites_latest(demo_site):
    import yaml
    from support import ROOT

    def latest(metric):
        return yaml.safe_load((ROOT / f"data/metrics/{metric}.yml").read_text())["series"][-1]["value"]

    text = " ".join(demo_site.html("index.html").get_text(" ").split())
    assert f"Last quarter, {latest('jobs-placed'):,.0f} young adults" in text
    assert f"{latest('job-retention-12m'):.0f}% of those" in text
    story = " ".join(demo_site.html("stories/small-firm-big-difference/index.html").get_text(" ").split())
    assert "In the last quarter of 2024, 252 young adults" in story


def test_substitute_tracks_lines_and_fences():
    seen = []

    def resolve(kind, arg):
        seen.append((kind, arg))
        return "X"

    text = "a {{ metric:a }}\n~~~~\n{{ metric:b }}\n~~~\n~~~~\n``{{ metric:c }}`` {{metric:d@2024}}\n\\{{ roi:collective }}"
    out, problems = substitute(text, resolve, "f.md", 1)
    assert problems == []
    assert seen == [("metric", "a"), ("metric", "d@2024")]
    assert out.split("\n")[0] == "a X" and out.split("\n")[-1] == "{{ roi:collective }}"
    assert "{{ metric:b }}" in out and "``{{ metric:c }}`` X" in out


def test_the_docs_table_of_citations_says_what_each_gives():
    """docs/metrics.md shows every suffix with its output on the demo's data: each row's
    citation, rendered against the demo, gives exactly the example (issue 22 item 9)."""
    import html
    import re

    from support import ROOT

    from backbone.clock import build_date
    from backbone.metrics import roi as roi_core
    from backbone.metrics.citations import METRIC_ATTRS, ROI_ATTRS, Resolver
    from backbone.metrics.figures import Settings
    from backbone.metrics.load import load_metrics
    from backbone.metrics.source import ProjectFigures
    from backbone.project import read_project

    project = read_project(ROOT, "data", None, [load_metrics], [])
    figures = ProjectFigures(project, Settings(0.05, 90, build_date()))
    resolve = Resolver(figures, roi_core.compute(project, figures.investments, figures.metrics), lambda _: "")
    doc = (ROOT / "docs/metrics.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `\{\{ (metric|roi):([^ ]+) \}\}` \| `([^`]+)` \|", doc, re.M)
    assert len(rows) >= 20
    for kind, arg, example in rows:
        assert html.unescape(resolve(kind, arg)) == example, f"{{{{ {kind}:{arg} }}}}"
    suffixes = {arg.rpartition(".")[2] for kind, arg, _ in rows if "." in arg}
    assert set(METRIC_ATTRS) | set(ROI_ATTRS) <= suffixes, "every suffix has its example"
