"""No text in a chart touches another or leaves the picture: checked from the drawn SVG's text
positions (x, y, text-anchor, font-size) and widths measured with the font itself (Pillow),
for charts drawn from generated data and names, and for the impact chart of a real build."""

from __future__ import annotations

import re
from functools import lru_cache
from io import BytesIO

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree
from metrics_helpers import build, metrics_project
from PIL import Image, ImageFont

SVG = "{http://www.w3.org/2000/svg}"
STYLE = {
    "primary": "#1f4e79",
    "accent_dark": "#9a4d00",
    "text": "#222222",
    "muted": "#666666",
    "background": "#ffffff",
    "border": "#a6a6a6",
    "palette": ["#1f4e79", "#9a4d00", "#222222", "#20364d", "#5e3811", "#666666"],
    "font": "Inter, sans-serif",
}
SURVEY_TEXT = {"font-family": "DejaVu Sans", "font-size": "15px"}  # learning.css; the widest likely web font
SCALE = 20  # fonts are measured this many times larger, for sub-point precision


@lru_cache(maxsize=16)
def _font(family: str, bold: bool, size: float) -> ImageFont.FreeTypeFont:
    from matplotlib import font_manager  # only to find the file the SVG names

    path = font_manager.findfont(
        font_manager.FontProperties(family=family, weight="bold" if bold else "normal"), fallback_to_default=False
    )
    return ImageFont.truetype(path, round(size * SCALE), layout_engine=ImageFont.Layout.BASIC)


def text_boxes(svg: bytes) -> tuple[list[tuple[str, tuple[float, float, float, float]]], tuple[float, float]]:
    """(text, ink box) of every <text> in the SVG, in viewBox units, and the viewBox's size."""
    root = etree.fromstring(svg)
    x0, y0, width, height = (
        float(v) for v in (root.get("viewBox") or root.get("viewbox")).split()
    )  # bs4 lower-cases it
    assert (x0, y0) == (0, 0)
    boxes = []
    for node in root.iter(f"{SVG}text"):
        assert all(a.get("transform") is None for a in node.iterancestors()), "a text moved by its group"
        transform = node.get("transform") or "rotate(-0 0 0)"
        # a line of a text of several lines (a title wrapped onto two): placed by its start
        moved = re.fullmatch(r"translate\(([\d.]+) ([\d.]+)\)", transform)
        assert moved or re.fullmatch(r"rotate\(-0 [\d.]+ [\d.]+\)", transform), transform
        style = dict(SURVEY_TEXT, **{"text-anchor": node.get("text-anchor") or "start"})  # set by learning.css
        style.update(
            {
                k.strip(): v.strip()
                for k, v in (part.split(":", 1) for part in (node.get("style") or "").split(";") if part.strip())
            }
        )
        family = style["font-family"].strip("'\"")
        font = _font(family, style.get("font-weight") in ("700", "bold"), float(style["font-size"].removesuffix("px")))
        text = node.text or ""
        if not text.strip():
            continue
        left, top, right, bottom = (v / SCALE for v in font.getbbox(text, anchor="ls"))
        shift = {"start": 0, "middle": -font.getlength(text) / SCALE / 2, "end": -font.getlength(text) / SCALE}[
            style["text-anchor"]
        ]
        x, y = (float(moved[1]), float(moved[2])) if moved else (float(node.get("x")), float(node.get("y")))
        boxes.append((text, (x + shift + left, y + top, x + shift + right, y + bottom)))
    return boxes, (width, height)


def assert_text_fits(svg: bytes) -> None:
    boxes, (width, height) = text_boxes(svg)
    for text, (left, top, right, bottom) in boxes:
        assert left >= 0 and top >= 0 and right <= width and bottom <= height, (
            f"{text!r} leaves the picture: {left, top, right, bottom}"
        )
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1 :]:
            overlap_x = min(box_a[2], box_b[2]) - max(box_a[0], box_b[0])
            overlap_y = min(box_a[3], box_b[3]) - max(box_a[1], box_b[1])
            assert overlap_x <= 0.25 or overlap_y <= 0.25, f"{a!r} {box_a} touches {b!r} {box_b}"


# -- generated charts ------------------------------------------------------------------------

# Latin, Greek and Cyrillic letters (the chart font's), digits, punctuation and spaces
NAMES = st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0x4FF, categories=("Lu", "Ll", "Nd", "Po", "Pd", "Zs")),
    min_size=1,
    max_size=90,
).filter(str.strip)
VALUES = st.one_of(
    st.floats(-1e12, 1e13, allow_nan=False, allow_infinity=False),
    st.floats(-2, 2, allow_nan=False),
    st.sampled_from([0.0, 1e-7, 999.5, 9_999, 10_000, 123_456_789.0, 1e12]),
)
LOCALES = st.sampled_from(["en", "en-GB", "fr", "de", "es", "pt-BR"])  # value axes in each one's notation
UNITS = st.builds(
    lambda unit, locale: dict(unit, locale=locale),
    st.sampled_from(
        [
            {"unit": "count", "currency": None, "axis_decimals": 0},
            {"unit": "percent", "currency": None, "axis_decimals": 0},
            {"unit": "currency", "currency": "USD", "axis_decimals": 2},
            {"unit": "currency", "currency": "NOK", "axis_decimals": 0},
            {"unit": "ratio", "currency": None, "axis_decimals": 2},
        ]
    ),
    LOCALES,
)


@st.composite
def periods(draw):
    from backbone.metrics import chartspecs
    from backbone.metrics.periods import from_ordinal
    from backbone.render.formats import formats_for

    granularity = draw(st.sampled_from(["year", "quarter", "month"]))
    per_year = {"year": 1, "quarter": 4, "month": 12}[granularity]
    first = draw(st.integers(2000 * per_year, 2030 * per_year))
    count = draw(st.integers(1, 25 * per_year if granularity != "month" else 120))
    axis = chartspecs._axis(
        from_ordinal(first, granularity), from_ordinal(first + count - 1, granularity), formats_for("en")
    )
    return list(range(first, first + count)), axis


def series(draw, xs: list[int], gaps: bool = True) -> list[list]:
    values = draw(st.lists(VALUES, min_size=len(xs), max_size=len(xs)))
    holes = draw(st.sets(st.sampled_from(xs), max_size=len(xs) // 3)) if gaps and len(xs) > 2 else set()
    points = [[x, None if x in holes else v] for x, v in zip(xs, values)]
    if all(v is None for _, v in points):
        points[0][1] = values[0]
    return points


@st.composite
def curves(draw):
    xs, axis = draw(periods())
    actual = series(draw, xs)
    baseline = next([x, v] for x, v in actual if v is not None)
    target = [xs[-1] + draw(st.integers(0, 8)), draw(VALUES)] if draw(st.booleans()) else None
    if target:
        axis = dict(axis, xmax=max(axis["xmax"], target[0]))
    data = {
        "actual": actual,
        "baseline": baseline,
        "baseline_label": "Baseline (Q2 2023: " + draw(NAMES)[:30] + ")",
        "target": target,
        "target_label": "Target" if target else "",
        "path_label": "Straight path to the target" if target else "",
        "actual_label": "Actual",
        "gap_label": "No figure for this period",
        **axis,
    }
    return {"kind": "curve", "title": draw(NAMES), "unit": draw(UNITS), "data": data}


@st.composite
def breakdowns(draw):
    xs, axis = draw(periods())
    names = draw(st.lists(NAMES, min_size=1, max_size=7, unique=True))
    lines = [{"label": name, "points": series(draw, xs)} for name in names]
    return {
        "kind": "breakdown",
        "title": draw(NAMES) + ": partner by partner",
        "unit": draw(UNITS),
        "data": {"lines": lines, "gap_label": "No figure for this period", **axis},
    }


@st.composite
def contributions(draw):
    parts = st.lists(st.floats(0, 5e9, allow_nan=False), min_size=3, max_size=3)
    rows = draw(
        st.lists(
            st.fixed_dictionaries(
                {"name": NAMES, "note": st.sampled_from([" (public)", " (civil)", " (private)"]), "values": parts}
            ),
            min_size=1,
            max_size=45,
        )
    )
    unit = {
        "unit": "currency",
        "currency": draw(st.sampled_from(["USD", "EUR", "CHF"])),
        "axis_decimals": 0,
        "locale": draw(LOCALES),
    }
    return {
        "kind": "contributions",
        "title": "Contributions by partner and sector",
        "unit": unit,
        "data": {
            "rows": rows,
            "parts": ["Money", "Staff and volunteer time", "In kind"],
            "others_label": "Other partners (%(num)s)",
        },
    }


@settings(
    max_examples=50,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.one_of(curves(), breakdowns(), contributions()))
@example(
    {
        "kind": "breakdown",
        "title": "Visits: partner by partner",
        "unit": {"unit": "count", "currency": None, "axis_decimals": 0},
        "data": {
            "lines": [
                {"label": "Ă", "points": [[2000, 0.0]]},
                {"label": "ÒŞ", "points": [[2000, 0.0]]},
            ],  # found by hypothesis:
            "gap_label": "No figure for this period",
            "ticks": [[2000, "2000"]],
            "xmin": 2000,
            "xmax": 2000,
        },
    }
)  # a breve above over a cedilla below
@example(
    {
        "kind": "breakdown",
        "title": "000000000000000000000000000WÆÐÐѬ: partner by partner",  # found by hypothesis:
        "unit": {"unit": "percent", "currency": None, "axis_decimals": 0, "locale": "en"},
        "data": {
            "lines": [{"label": "0", "points": [[2000, 0.0], [2022, 978719927846.0]]}],
            "gap_label": "No figure for this period",
            "ticks": [[2000, "2000"], [2021, "2021"]],
            "xmin": 2000,
            "xmax": 2022,
        },
    }
)  # a title wrapped onto two lines: each line a <text> placed by translate()
def test_no_chart_text_touches_another_or_leaves_the_picture(spec):
    from backbone.metrics import charts

    spec = dict(spec, formats=["svg"], id="chart", desc="A chart.", style=STYLE)
    assert_text_fits(charts.draw(spec)["svg"])


# -- the impact chart of a real build ---------------------------------------------------------

LONG_NAME = "Riverbend Regional Community Health Foundation"  # 47 characters, no short name


def test_a_long_partner_name_leaves_the_impact_chart_legible(tmp_path):
    project = metrics_project(tmp_path)
    partners = project.path("data/partners.yml")
    partners.write_text(partners.read_text().replace("name: Dockside Foods", f"name: {LONG_NAME}"))
    money = project.path("data/investments.yml")
    money.write_text(
        money.read_text().replace("money: 21000", "money: 720000").replace("money: 10000", "money: 180000")
    )
    site = build(project)
    assert site.error is None
    svg = (site.site / "impact/contributions.svg").read_bytes()
    assert_text_fits(svg)
    root = etree.fromstring(svg)
    names = [
        t.text for g in root.iter(f"{SVG}g") if (g.get("id") or "").startswith("ytick_") for t in g.iter(f"{SVG}text")
    ]
    assert any(n.endswith("… (private)") and LONG_NAME.startswith(n[: -len("… (private)")]) for n in names), names
    assert LONG_NAME in root.find(f"{SVG}desc").text or LONG_NAME in (site.site / "impact/index.html").read_text()
    values = [
        t.text for g in root.iter(f"{SVG}g") if (g.get("id") or "").startswith("xtick_") for t in g.iter(f"{SVG}text")
    ]
    assert values[0] == "€0" and all(v.endswith("K") for v in values[1:]), (
        values
    )  # '€200K' (CLDR's en), never '€200,000€300,000'

    # the slide PNG is the same layout: along the band of value labels, each label is its own
    # run of ink, with clear space between neighbours
    png = Image.open(BytesIO((site.site / "impact/contributions-1920x1080.png").read_bytes())).convert("L")
    scale = png.width / float(root.get("viewBox").split()[2])
    baseline = float(
        next(g for g in root.iter(f"{SVG}g") if (g.get("id") or "").startswith("xtick_")).find(f".//{SVG}text").get("y")
    )
    band = png.crop((0, round((baseline - 8) * scale), png.width, round((baseline + 2) * scale)))
    inked = [any(band.getpixel((x, y)) < 160 for y in range(band.height)) for x in range(band.width)]
    assert _runs(inked, gap=round(2 * scale)) == len(values)


SURVEY = """surveys:
  - id: services
    question: Which of our services have you used this year?
    period: 2025-Q1
    options:
      - {label: "Help with housing, benefits and debt advice at the Riverbend neighbourhood centre", count: 123456}
      - {label: Phone call, count: 9}
"""


def test_a_survey_chart_keeps_long_answers_and_large_counts_inside(minimal):
    minimal.write("data/voices.yml", SURVEY)
    built = minimal.build()
    assert built.error is None
    chart = built.html("voices/index.html").select_one("#survey-services svg")
    assert_text_fits(str(chart).encode())
    labels = [t.get_text() for t in chart.select("text.bb-survey__label")]
    assert labels[0].endswith("…") and labels[1] == "Phone call"
    assert "123,456 (100%)" in [t.get_text() for t in chart.select("text.bb-survey__value")]
    cells = [td.get_text() for td in built.html("voices/index.html").select("#survey-services table tbody td")]
    assert cells[0].startswith("Help with housing") and cells[0].endswith("centre")  # whole in the table


def _runs(inked: list[bool], gap: int) -> int:
    """Runs of inked columns, those closer than ``gap`` blank columns counting as one."""
    runs, blank = 0, gap
    for ink in inked:
        if ink:
            runs += blank >= gap
            blank = 0
        else:
            blank += 1
    return runs


def _bar_heights(svg: bytes) -> set[float]:
    """The heights of the chart's bars (matplotlib's patches after the figure's and axes' own)."""
    root = etree.fromstring(svg)
    heights = set()
    for g in root.iter(f"{SVG}g"):
        if not (g.get("id") or "").startswith("patch_") or g.get("id") in ("patch_1", "patch_2"):
            continue
        path = g.find(f"{SVG}path")
        ys = [float(v) for v in re.findall(r"[ML] [-\d.]+ ([-\d.]+)", path.get("d") if path is not None else "")]
        if len(ys) >= 4:
            heights.add(round(max(ys) - min(ys), 1))
    return heights


def test_a_contributions_chart_of_two_partners_draws_bars_no_thicker_than_of_six():
    """Two partners (the starter's) drew two slabs filling the chart: few rows keep the bars of six."""
    from backbone.metrics import charts

    def drawn(count: int) -> set[float]:
        rows = [
            {"name": f"Partner {i}", "note": " (public)", "values": [1000.0 * (i + 1), 500.0, 0.0]}
            for i in range(count)
        ]
        spec = {
            "kind": "contributions",
            "title": "Contributions by partner and sector",
            "unit": {"unit": "currency", "currency": "GBP", "axis_decimals": 0, "locale": "en_GB"},
            "data": {"rows": rows, "parts": ["Money", "Time", "In kind"], "others_label": "Other partners (%(num)s)"},
        }
        return _bar_heights(charts.draw(dict(spec, formats=["svg"], id="chart", desc="A chart.", style=STYLE))["svg"])

    two, six = drawn(2), drawn(6)  # the bars' height, and the legend's keys'
    assert len(six) == 2 and max(two) <= 1.1 * max(six), (two, six)  # was 105.5 against 32.7 pixels


def test_a_label_is_measured_once_for_its_font_file_and_size(monkeypatch):
    """The ruler keeps each measurement by the text, the font file and the size: a second
    chart's "2024" is not measured again, and another size or weight is never given a kept one."""
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    from backbone.metrics import charts

    monkeypatch.setattr(charts, "_MEASURED", {})
    ruler = charts._Ruler(Figure(figsize=charts.SVG_SIZE, dpi=100))
    measured = []
    real = ruler.renderer.get_text_width_height_descent
    monkeypatch.setattr(
        ruler.renderer, "get_text_width_height_descent", lambda *a, **k: measured.append(a[0]) or real(*a, **k)
    )
    small = ruler.size("2024", FontProperties(size=8))
    assert ruler.size("2024", FontProperties(size=8)) == small and measured == ["2024"]
    larger = ruler.size("2024", FontProperties(size=12))
    bold = ruler.size("2024", FontProperties(size=8, weight="bold"))
    assert larger[0] > small[0] and measured == ["2024", "2024", "2024"]
    fresh = charts._Ruler(Figure(figsize=charts.SVG_SIZE, dpi=100)).renderer
    assert bold == tuple(
        v * 100 / charts.PNG_DPI
        for v in fresh.get_text_width_height_descent("2024", FontProperties(size=8, weight="bold"), ismath=False)
    )
