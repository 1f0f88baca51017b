"""A story's e-mail as a reader gets it: the plain text compared with a golden file, the HTML
parsed, and the feed that shares its body. Built for real (tests/email_helpers.py)."""

from __future__ import annotations

import difflib
import json
import re

import pytest
from bs4 import BeautifulSoup
from email_helpers import GOLDEN, STORY, email_site

SITE = "https://harbour.example.org/"
SENTENCE = "Clinic visits rose from 100 in Q4 2022 to 160 in Q2 2024, against a target of 200 by Q4 2024."
# ids a reader must never see where a name belongs: metric, partners, periods as stored
IDS = re.compile(r"clinic-visits(?!/)|harbour-clinic|city-hall|\b20\d\d-Q\d\b")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return email_site(tmp_path_factory.mktemp("email"))


def words(text: str) -> str:
    return " ".join(text.split())


def test_plain_text_matches_the_golden_file(built):
    """The whole text e-mail, exactly. If a change is meant, copy the built file over
    tests/golden/evening-clinic.email.txt and read the diff before committing it."""
    got = built.text(f"{STORY}/email.txt")
    want = GOLDEN.read_text(encoding="utf-8")
    if got != want:
        diff = "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True), "golden", "built"))
        pytest.fail(f"the text e-mail differs from {GOLDEN.name}:\n{diff}", pytrace=False)


def test_plain_text_tables_are_aligned_and_charts_said_once(built):
    text = built.text(f"{STORY}/email.txt")
    lines = text.splitlines()
    assert max(map(len, lines)) <= 72
    # the chart: its sentence once, then its link
    assert words(text).count(SENTENCE) == 1
    assert words(text).index(SENTENCE) < words(text).index(f"More about Clinic visits ({SITE}metrics/clinic-visits/)")
    # its numbers in columns: every row's value under the header's right edge
    header = next(line for line in lines if line.startswith("Period"))
    value_end = header.index("Value") + len("Value")
    row = next(line for line in lines if line.startswith("Q3 2023"))
    assert row[value_end - 3 : value_end] == "125" and row.rstrip().endswith("Summer closure")
    assert "Q2 2023120" not in text and "PeriodValue" not in text
    # a table too wide for the line: one labelled list a row
    assert "  * What changed: Moved two nurses from the morning shift to the evening" in lines
    assert not IDS.search(text.replace(f"{SITE}metrics/clinic-visits/", "")), IDS.search(text)


def test_text_of_a_table_too_wide_even_with_wrapped_headers():
    from backbone.render.htmltext import html_to_text

    html = (
        "<table><thead><tr><th>Partner</th><th>Note</th></tr></thead><tbody>"
        f"<tr><td>City</td><td>{'word ' * 30}</td></tr></tbody></table>"
    )
    text = html_to_text(html)
    assert text.splitlines()[0] == "City" and text.splitlines()[2].startswith("  * Note: word word")
    assert max(map(len, text.splitlines())) <= 72


def test_html_email_shows_the_chart_png_and_styled_tables(built):
    soup = BeautifulSoup(built.text(f"{STORY}/email.html"), "lxml")
    chart = soup.find("img", src=f"{SITE}metrics/clinic-visits/clinic-visits-1920x1080.png")
    assert chart is not None, [img["src"] for img in soup.find_all("img")]
    assert (chart["alt"], chart["width"], chart["height"]) == ("Chart: Clinic visits", "552", "310")
    assert (built.site / "metrics/clinic-visits/clinic-visits-1920x1080.png").is_file()
    assert words(soup.get_text(" ")).count(SENTENCE) == 1 and SENTENCE not in chart["alt"]
    assert "The numbers behind the chart" not in soup.get_text()
    numbers = soup.find("caption", string="Clinic visits").find_parent("table")
    cells = numbers.find_all(["th", "td"])
    assert cells and all(
        "padding" in cell.get("style", "") and "border-bottom" in cell.get("style", "") for cell in cells
    )
    value = numbers.find("th", string="Q2 2024").find_next_sibling("td")
    assert value.get_text() == "160" and "text-align: right" in value["style"]
    assert "border-collapse: collapse" in numbers["style"]


def test_html_email_hero_is_the_story_picture(built):
    soup = BeautifulSoup(built.text(f"{STORY}/email.html"), "lxml")
    hero = soup.find("img", class_="hero")
    assert (hero["src"], hero["alt"]) == (
        f"{SITE}stories/images/front-desk.png",
        "The clinic's front desk at seven in the evening",
    )
    assert (hero["width"], hero["height"]) == ("600", "375")  # 800 × 500, scaled to the layout
    assert (built.site / "stories/images/front-desk.png").is_file()
    meta = soup.select_one("p.meta").get_text(" ")
    assert "With Harbour Community Clinic and Harbour City Hall" in meta
    assert not IDS.search(soup.body.get_text(" "))


def test_feed_says_the_chart_once_with_its_png(built):
    item = next(i for i in json.loads(built.text("feeds/stories.json"))["items"] if i["url"] == f"{SITE}{STORY}/")
    soup = BeautifulSoup(item["content_html"], "html.parser")
    assert words(soup.get_text(" ")).count(SENTENCE) == 1
    assert (
        soup.find("img", src=f"{SITE}metrics/clinic-visits/clinic-visits-1920x1080.png")["alt"]
        == "Chart: Clinic visits"
    )
    assert soup.find("details") is None and "The numbers behind the chart" not in soup.get_text()


def test_the_web_page_keeps_the_charts_disclosure_and_scroll_region(built):
    """The story's own page, from the same body: the numbers fold under "The numbers behind
    the chart", in a scroll region a keyboard reaches and a screen reader names."""
    page = BeautifulSoup(built.text(f"{STORY}/index.html"), "html.parser")
    details = page.select_one("article details.bb-chart__numbers")
    assert details is not None and details.summary.get_text(strip=True) == "The numbers behind the chart"
    region = details.select_one("section.bb-scroll")
    assert (region.name, region.get("tabindex"), region.get("aria-label")) == (
        "section",
        "0",
        "Numbers: Clinic visits",
    )
