"""A figure is never cut: cards, slides and preview cards draw it whole — shrunk, or in CLDR's
compact notation with three significant digits — never with "…".

Read back from what the drawing code decided to draw (``layout``: each text, its size and
its box), for figures up to 10¹⁵ in every unit and currency, in English, British English,
French and German; charts from their SVG; and a real build's card from its bytes."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree
from metrics_helpers import build, metrics_project
from PIL import Image

from backbone.drawing.band import Brand
from backbone.drawing.fit import FigureTooWide, figure_font
from backbone.metrics.model import NUMBER_MAX, UNITS
from backbone.previews import cards as previews
from backbone.render import numbers as fmt
from backbone.stories import cards

BRAND = Brand(
    "Tyne & Wear Food Security Partnership of Councils and Charities",
    "#1d4e89",
    "#f2a93b",
    "#1c2b2d",
    "#ffffff",
    "#ffffff",
    "#555555",
    None,
    short_name="Tyne & Wear Food",
)
CURRENCIES = st.one_of(
    st.sampled_from(["EUR", "USD", "GBP", "JPY", "INR", "CHF", "CAD", "NOK"]),
    st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3),  # any code a metric file accepts
)
LOCALES = st.sampled_from(["en", "en-GB", "fr", "de"])
VALUES = st.one_of(
    st.integers(-(10**12), 10**12).map(float),
    st.floats(-1e12, 1e12, allow_nan=False),
    st.sampled_from([0.0, -0.4, 999.5, 9_999.0, 999_999.0, 1_064_800.0, 1e12, -1e12, float(NUMBER_MAX)]),
)


@st.composite
def figures(draw, word: bool = False) -> tuple[fmt.Squeezable, dict]:
    unit = draw(st.sampled_from(UNITS))
    asked = dict(
        value=draw(VALUES),
        unit=unit,
        decimals=draw(st.integers(0, 6)),
        currency=draw(CURRENCIES) if unit == "currency" else None,
        locale=draw(LOCALES),
    )
    if word and unit in ("people", "hours"):
        asked["word"] = unit
    return fmt.squeezable(**asked), asked


# --- reading a figure back --------------------------------------------------------------------

# CLDR's short compact suffixes of the locales drawn, by power of ten (German writes thousands in full)
SUFFIXES = {
    "en": {"K": 3, "M": 6, "B": 9, "T": 12},
    "en-GB": {"k": 3, "m": 6, "bn": 9, "tn": 12, "K": 3, "M": 6, "B": 9, "T": 12},  # CLDR 42 (Babel 2.12) wrote M
    "fr": {"k": 3, "M": 6, "Md": 9, "Bn": 12},
    "de": {"Mio.": 6, "Mrd.": 9, "Bio.": 12},
}


def _number(text: str, locale: str) -> Decimal:
    """The number a figure's text says, read as a reader of ``locale`` reads it: '-€1.06M',
    '1,06 Mio. €', '£1,064,800'."""
    number = re.search(r"\d[\d.,\u202f\xa0]*\d|\d", text)
    decimal = "," if locale in ("fr", "de") else "."
    digits = "".join(c for c in number.group() if c.isdigit() or c == decimal).replace(decimal, ".")
    negative = "-" in text[: number.start()] or "\u2212" in text[: number.start()]
    rest = text[number.end() :]
    power = [p for suffix, p in SUFFIXES[locale].items() if re.match(rf"\s*{re.escape(suffix)}(\W|$)", rest)]
    return Decimal(digits).scaleb(power[0] if power else 0) * (-1 if negative else 1)


def assert_reads_true(shown: str, asked: dict) -> None:
    """``shown`` is the figure in full (every digit, as many decimals as the metric has) or in
    compact form within half a unit of its third significant digit; never cut."""
    assert "…" not in shown and "..." not in shown, shown
    value, decimals = Decimal(asked["value"]), asked["decimals"]
    in_full = f"{abs(value):.{decimals}f}"  # independent of the code under test
    said = _number(shown.replace(asked.get("word", ""), "").replace(asked.get("currency") or "", ""), asked["locale"])
    if re.sub(r"\D", "", shown) == re.sub(r"\D", "", in_full):
        assert abs(said - value) <= Decimal(10) ** -decimals / 2, (shown, asked)
    else:
        # compact: three significant digits, so never further than 0.5% from the figure
        assert abs(said - value) <= abs(value) * Decimal("0.005"), (shown, asked)
        assert said != 0 and len(re.sub(r"\D", "", shown).strip("0")) <= fmt.SIGNIFICANT, shown
    if asked.get("word"):
        assert shown.endswith(" " + asked["word"]), shown


def assert_figures_whole(drawn: list, figures: list[fmt.Squeezable], size: tuple[int, int], band: int) -> None:
    """Each figure is drawn once, in one of its forms, inside the card above the band, and
    touches no other text."""
    shown = [d for d in drawn if d.role == "figure"]
    assert [d.text in f.forms for d, f in zip(shown, figures)] == [True] * len(figures), (shown, figures)
    for d in shown:
        left, top, right, bottom = d.box
        assert 0 <= left and right <= size[0] and 0 <= top and bottom <= band, d
        for other in drawn:
            if other is not d:
                apart = min(right, other.box[2]) <= max(left, other.box[0]) or min(bottom, other.box[3]) <= max(
                    top, other.box[1]
                )
                assert apart, (d, other)


# --- the formatting function --------------------------------------------------------------------


@pytest.mark.parametrize(
    "asked, full, compact",
    [
        (dict(value=1_064_800, unit="currency", currency="GBP", locale="en"), "£1,064,800", "£1.06M"),
        (
            dict(value=1_064_800, unit="currency", currency="EUR", locale="fr"),
            "1\u202f064\u202f800\xa0€",
            "1,06\xa0M\xa0€",
        ),
        (
            dict(value=1_064_800.5, unit="currency", decimals=2, currency="EUR", locale="de"),
            "1.064.800,50\xa0€",
            "1,06\xa0Mio.\xa0€",
        ),
        (dict(value=1204, unit="people", locale="en", word="people"), "1,204 people", "1.2K people"),
        (dict(value=12_345_678, unit="percent", locale="en"), "12,345,678%", "12.3M%"),
        (dict(value=68.5, unit="percent", decimals=1, locale="en"), "68.5%", None),  # nothing shorter
        (dict(value=-0.4, unit="count", locale="en"), "0", None),  # never "-0"
        (dict(value=1064, unit="count", locale="de"), "1.064", None),  # "1060" would read as exact
        (dict(value=2.5, unit="ratio", decimals=2, locale="zz-ZZ"), "2.50", None),  # an unknown locale: English
    ],
)
def test_a_figure_where_room_is_short_is_written_in_full_and_in_compact_form(asked, full, compact):
    shown = fmt.squeezable(**asked)
    assert (shown.full, shown.compact) == (full, compact)
    assert shown.forms == ((full,) if compact is None else (full, compact))


def test_a_regional_locale_writes_its_own_compact_form():
    british = fmt.squeezable(1_064_800, "currency", 0, "GBP", "en-GB")
    assert british.full == "£1,064,800" and british.compact in ("£1.06m", "£1.06M")  # CLDR 43 lowered it
    assert fmt.squeezable(1_064_800, "currency", 0, "GBP", "en_GB") == british


def test_a_full_figure_is_preferred_at_any_size_of_its_slot_to_its_compact_form():
    figure = fmt.squeezable(1_064_800, "currency", 0, "GBP")
    font, text = figure_font(figure, 520, cards.SOCIAL_FIGURE)
    assert text == "£1,064,800" and font.size < cards.SOCIAL_FIGURE[0]  # shrunk, whole
    font, text = figure_font(figure, 400, cards.SOCIAL_FIGURE)  # the full one needs 405 px at 64 px
    assert text == "£1.06M" and font.size > cards.SOCIAL_FIGURE[-1]  # compact, larger
    with pytest.raises(FigureTooWide):  # no room at all: a failure, never a cut figure
        figure_font(figure, 40, cards.SOCIAL_FIGURE)


# --- every card, every figure -------------------------------------------------------------------

LABELS = st.sampled_from(["Young adults starting a job", "Spend on healthy-meal vouchers " * 4, "", "W" * 80])
TITLES = st.sampled_from(["A title", "Bread before dawn, and a first job that lasts " * 3])


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(figures(), st.sampled_from(["social", "photo", "slide"]), TITLES, LABELS)
@example((fmt.squeezable(1_064_800, "currency", 0, "GBP"), {}), "social", "A title", "Income gained")
def test_a_story_card_or_slide_draws_its_figure_whole(figure, kind, title, label):
    shown, asked = figure
    spec = cards.CardSpec(
        "slide" if kind == "slide" else "social",
        title,
        shown,
        label,
        BRAND,
        photo="p.png" if kind == "photo" else None,
        figure_period="Q3 2025",
    )
    drawn = cards.layout(spec)
    band = spec.size[1] - (200 if kind == "slide" else 130)
    assert_figures_whole(drawn, [shown], spec.size, band)
    (figure_drawn,) = [d for d in drawn if d.role == "figure"]
    if asked:
        assert_reads_true(figure_drawn.text, asked)
    else:
        assert figure_drawn.text == "£1,064,800"  # the figure of the bug report: whole, shrunk
    assert [d.text for d in drawn if d.role == "name"] == ["Tyne & Wear Food"]
    # the label may be cut, its period never is
    assert " ".join(d.text for d in drawn if d.role == "label").endswith("Q3 2025")


@pytest.fixture(scope="module")
def chart_png(tmp_path_factory):
    path = tmp_path_factory.mktemp("chart") / "chart.png"
    Image.new("RGB", (1920, 1080), "#dddddd").save(path)
    return str(path)


@settings(max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(figures(word=True), min_size=1, max_size=3), st.booleans())
def test_a_preview_card_draws_its_figures_whole(chart_png, shown, chart):
    tiles = tuple(previews.Tile(f, "Young adults starting a job", "Q3 2026 · On track") for f, _ in shown)
    scorecard = previews.PreviewSpec("scorecard", "Scorecard", "The few numbers.", BRAND, tiles=tiles)
    assert_figures_whole(previews.layout(scorecard), [f for f, _ in shown], previews.SIZE, previews.BAND)
    for drawn, (_, asked) in zip([d for d in previews.layout(scorecard) if d.role == "figure"], shown):
        assert_reads_true(drawn.text, asked)
    figure, asked = shown[0]
    metric = previews.PreviewSpec(
        "metric",
        "Median starting wage",
        "Q3 2026. On track.",
        BRAND,
        figure=figure,
        picture=chart_png if chart else None,
    )
    drawn = previews.layout(metric)
    assert_figures_whole(drawn, [figure], previews.SIZE, previews.BAND)
    assert_reads_true(next(d.text for d in drawn if d.role == "figure"), asked)


def test_the_band_shows_the_name_when_it_fits_and_the_short_name_before_cutting_either():
    def name(**change):
        spec = cards.CardSpec("social", "A title", None, None, Brand(**{**BRAND.__dict__, **change}))
        return [d.text for d in cards.layout(spec) if d.role == "name"]

    assert name() == ["Tyne & Wear Food"]
    assert name(name="Tyne & Wear Food Security") == ["Tyne & Wear Food Security"]
    (cut,) = name(short_name=None)  # no short name: the name is cut, at a word
    assert cut.endswith("…") and BRAND.name.startswith(cut[:-1]) and BRAND.name[len(cut) - 1] == " "
    (cut,) = name(short_name="Tyne & Wear Food Security Partnership of Councils, Charities")
    assert cut.endswith("…") and cut.startswith("Tyne & Wear Food Security Partnership")


# --- charts: value labels read from the SVG -----------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"
STYLE = {
    "primary": "#1f4e79",
    "accent_dark": "#9a4d00",
    "text": "#222222",
    "muted": "#666666",
    "background": "#ffffff",
    "border": "#a6a6a6",
    "palette": ["#1f4e79"],
    "font": "DejaVu Sans",
}
SCALES = {"k": 3, "M": 6, "bn": 9, "tn": 12}


def _tick_value(label: str) -> Decimal:
    """'$1.25M' → 1250000; '-45k' → -45000; '12.5%' → 12.5."""
    sign = -1 if label.startswith(("-", "−")) else 1
    number = re.search(r"[\d,]+(\.\d+)?", label).group().replace(",", "")
    suffix = re.search(r"\d(k|M|bn|tn)\b", label)
    return sign * Decimal(number).scaleb(SCALES[suffix.group(1)] if suffix else 0)


@settings(max_examples=8, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.floats(-1e12, 1e12, allow_nan=False), min_size=2, max_size=8),
    st.sampled_from([("count", None), ("currency", "GBP"), ("percent", None), ("currency", "NOK")]),
)
@example([1_000_000.0, 1_064_800.0], ("currency", "GBP"))
def test_chart_value_labels_are_never_cut_and_read_true(values, unit):
    """Tick labels abbreviate ('£1.06M') but are exact: evenly spaced ticks read evenly spaced."""
    from backbone.metrics import charts

    actual = [[2000 + i, v] for i, v in enumerate(values)]
    spec = {
        "kind": "curve",
        "title": "Income gained",
        "unit": {"unit": unit[0], "currency": unit[1], "axis_decimals": 0},
        "data": {
            "actual": actual,
            "baseline": actual[0],
            "baseline_label": "Baseline",
            "target": None,
            "target_label": "",
            "path_label": "",
            "actual_label": "Actual",
            "gap_label": "No figure for this period",
            "ticks": [[x, str(x)] for x, _ in actual],
            "xmin": 2000,
            "xmax": 2000 + len(values) - 1,
        },
        "formats": ["svg"],
        "id": "chart",
        "desc": "A chart.",
        "style": STYLE,
    }
    svg = etree.fromstring(charts.draw(spec)["svg"])
    labels = [
        t.text for g in svg.iter(f"{SVG}g") if (g.get("id") or "").startswith("ytick_") for t in g.iter(f"{SVG}text")
    ]
    assert labels and not any("…" in label for label in labels), labels
    read = [_tick_value(label) for label in labels]
    steps = {b - a for a, b in zip(read, read[1:])}
    assert len(steps) <= 1 and all(step > 0 for step in steps), labels


# --- a real build -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pounds(tmp_path_factory):
    """The metrics fixture in pounds with a seven-figure month, a long name with a short one,
    and a story citing that month."""
    project = metrics_project(tmp_path_factory.mktemp("pounds"))
    project.edit(
        "data/identity.yml",
        lambda d: d.update(
            name="Tyne & Wear Food Security Partnership of Councils and Charities", short_name="Tyne & Wear Food"
        ),
    )
    metric = project.path("data/metrics/voucher-spend.yml")
    metric.write_text(metric.read_text().replace("currency: EUR\ndecimals: 2", "currency: GBP\ndecimals: 0"))
    csv = project.path("data/metrics/voucher-spend.csv")
    csv.write_text(csv.read_text().replace("2024-05,1310,", "2024-05,1064800,"))
    project.write(
        "content/stories/vouchers.md",
        '---\ntitle: Vouchers\ndate: "2024-06-01"\nsummary: "Spend on vouchers rose."\nauthor: Ann\n'
        "metrics: [voucher-spend@2024-05]\n---\nSpend rose.\n",
    )
    built = build(project)
    assert built.error is None, built.error
    return project, built


def test_a_built_story_card_draws_the_figure_whole_and_the_short_name(pounds):
    from backbone.loaders import load_project
    from backbone.stories.site import card_brand

    project, built = pounds
    brand = card_brand(load_project(project.root))
    for kind in ("social", "slide"):
        figure = fmt.Squeezable("£1,064,800", "£1.06M")
        spec = cards.CardSpec(kind, "Vouchers", figure, "Meal voucher spend", brand, figure_period="May 2024")
        name = "card.png" if kind == "social" else "slide.png"
        assert (built.site / "stories" / "vouchers" / name).read_bytes() == cards.draw(spec), kind
        drawn = {d.role: d.text for d in cards.layout(spec)}
        assert (drawn["figure"], drawn["name"]) == ("£1,064,800", "Tyne & Wear Food")


def test_a_long_unit_word_leaves_the_figure_whole_without_it():
    """A unit the partnership names may be long ('participants in the summer programme'): where
    the figure with its word fits at no size, the number is drawn whole without the word
    (the alt text and the line under it still say it), never cut and never an error."""
    word = "participants in the evening and weekend programmes " * 2
    figure = fmt.squeezable(1_204_350, "count", 0, None, "en", word.strip())
    font, text = figure_font(figure, 400, range(96, 47, -4))
    assert text in ("1,204,350", "1.2M")
    assert font.getlength(text) <= 400
    short = fmt.squeezable(1_204, "count", 0, None, "en", "meals")
    assert figure_font(short, 400, range(96, 47, -4))[1] == "1,204 meals"  # the word kept where it fits
