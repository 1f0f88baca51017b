"""What the cards draw a character in (drawing/fonts.py): DejaVu Sans, then the site's own font
files in data/brand/fonts/, run by run; an emoji no font has is left out, never a box."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pytest
from font_helpers import box_font
from metrics_helpers import build, metrics_project

from backbone.drawing.band import Brand
from backbone.drawing.fonts import _SURE, card_font, charmap, drawn, falling_back_to, fonts
from backbone.render.formats import formats_for
from backbone.stories import cards

BRAND = Brand("Harbour Health Alliance 🎉", "#1d4e89", "#f4a259", "#1a1a1a", "#ffffff", "#ffffff", "#555555", None)
TITLE = "Summer camp 🎉 for every child in 北田 ✨"


def _drawn(spec: cards.CardSpec) -> dict[str, str]:
    found: dict[str, str] = {}
    for d in cards.layout(spec):
        found[d.role] = f"{found[d.role]} {d.text}" if d.role in found else d.text
    return found


@pytest.fixture(scope="module")
def box(tmp_path_factory) -> Path:
    return box_font(tmp_path_factory.mktemp("fonts") / "box.ttf", "Backbone Box", "🎉✨北")


def test_dejavu_has_every_character_the_cards_take_for_granted():
    """A text made only of these is measured and drawn without reading a character map."""
    for weight in ("regular", "bold"):
        found = charmap(Path(fonts()[weight]))
        sure = [chr(i) for i in range(0x3000) if _SURE.fullmatch(chr(i))]  # none above
        assert len(sure) > 800
        assert [c for c in sure if drawn(c) and ord(c) not in found] == [], weight


@pytest.mark.parametrize("kind", ["social", "slide"])
def test_an_emoji_no_font_has_is_left_out_and_a_letter_shows_as_missing(kind):
    drawn_texts = _drawn(cards.CardSpec(kind, TITLE, None, None, BRAND))
    assert drawn_texts["title"] == "Summer camp for every child in 北田"  # one space where each was
    assert drawn_texts["name"] == "Harbour Health Alliance"
    runs = card_font("bold", 40).runs("in 北田")
    assert [(Path(font.path).name, text) for font, text in runs] == [("DejaVuSans-Bold.ttf", "in 北田")]


@pytest.mark.parametrize("kind", ["social", "slide"])
def test_the_sites_own_fonts_draw_what_dejavu_lacks(kind, box):
    own = Brand(**{**BRAND.__dict__, "fonts": (str(box),), "fonts_digest": "box"})
    plain, with_box = cards.CardSpec(kind, TITLE, None, None, BRAND), cards.CardSpec(kind, TITLE, None, None, own)
    assert _drawn(with_box)["title"] == TITLE and _drawn(with_box)["name"] == BRAND.name
    assert plain.digest() != with_box.digest() and cards.draw(plain) != cards.draw(with_box)
    with falling_back_to((str(box),)):
        runs = card_font("bold", 40).runs("in 北田 🎉")
    assert [(Path(font.path).name, text) for font, text in runs] == [
        ("DejaVuSans-Bold.ttf", "in "),
        ("box.ttf", "北"),
        ("DejaVuSans-Bold.ttf", "田 "),  # the box font lacks it: DejaVu's box
        ("box.ttf", "🎉"),
    ]
    # each run on one baseline: the name's ink stays where DejaVu's alone puts it
    name = {d.role: d.box for d in cards.layout(with_box)}["name"]
    alone = {
        d.role: d.box
        for d in cards.layout(
            cards.CardSpec(kind, TITLE, None, None, Brand(**{**BRAND.__dict__, "name": "Harbour Health Alliance"}))
        )
    }["name"]
    assert abs(name[3] - alone[3]) <= 2 and name[2] > alone[2]


def test_a_font_in_the_brand_folder_reaches_the_built_cards_and_charts(tmp_path, box):
    from backbone.loaders import load_project
    from backbone.metrics import charts, chartspecs
    from backbone.stories.site import card_brand

    project = metrics_project(tmp_path)
    project.write(
        "content/stories/camp.md",
        f'---\ntitle: "{TITLE}"\ndate: "2024-06-01"\nsummary: "Camp."\nauthor: Ann\n---\nThe camp.\n',
    )
    project.edit("data/metrics/wait-days.yml", lambda d: d.update(title="Wait in 北 days"))
    project.path("data/brand/fonts").mkdir(parents=True, exist_ok=True)
    font = project.path("data/brand/fonts/box.ttf")
    font.write_bytes(box.read_bytes())
    built = build(project)
    assert built.error is None, built.error
    loaded = load_project(project.root)
    brand = card_brand(loaded)
    assert brand.fonts == (str(font),) and brand.fonts_digest
    spec = cards.CardSpec("social", TITLE, None, None, brand)
    assert (built.site / "stories" / "camp" / "card.png").read_bytes() == cards.draw(spec)
    assert _drawn(spec)["title"] == TITLE
    # the chart's title in the fallback font: the slide the site published, and no glyph missing
    metric = loaded.extras["metrics"].metrics["wait-days"]
    with_font = chartspecs.curve(metric, chartspecs.style_of(loaded.identity, (font,)), formats_for("en"))
    without = chartspecs.curve(metric, chartspecs.style_of(loaded.identity), formats_for("en"))
    assert charts.digest(with_font) != charts.digest(without)
    slide = built.site / "metrics" / "wait-days" / "wait-days-1920x1080.png"
    with warnings.catch_warnings(record=True) as missing:
        warnings.simplefilter("always")
        assert slide.read_bytes() == charts.draw(with_font)["png"]
        assert not [w for w in missing if "missing from font" in str(w.message)]
        charts.draw(without)
    assert [w for w in missing if "CJK UNIFIED IDEOGRAPH-5317" in str(w.message)]


def test_a_file_that_is_no_font_is_one_located_problem_in_check_and_build(tmp_path):
    from backbone.adapters.check import check_site

    project = metrics_project(tmp_path)
    project.write("data/brand/fonts/broken.ttf", "not a font\n")
    project.write("data/brand/fonts/readme.txt", "fonts for what DejaVu Sans lacks\n")  # not a font's name: left alone
    wanted = "data/brand/fonts/broken.ttf: this is not a font Backbone can read ("
    errors, _, _ = check_site(project.path("site_config.yml"))
    assert [line for line in errors if "fonts/" in line] == [next(line for line in errors if wanted in line)]
    built = build(project)
    assert built.error is not None and wanted in str(built.error) and "Traceback" not in str(built.error)


def test_a_font_saved_again_under_its_name_is_read_again(tmp_path):
    """As `mkdocs serve` draws a card again in the same process: the file, not its name."""
    font = box_font(tmp_path / "extra.ttf", "Backbone Box", "🎉")
    before = Brand(**{**BRAND.__dict__, "fonts": (str(font),), "fonts_digest": "before"})
    assert "🎉" in _drawn(cards.CardSpec("social", TITLE, None, None, before))["title"]
    box_font(font, "Backbone Box", "北")  # the same name: the emoji is no longer in it
    stamp = font.stat().st_mtime_ns + 1_000_000_000
    os.utime(font, ns=(stamp, stamp))
    after = Brand(**{**BRAND.__dict__, "fonts": (str(font),), "fonts_digest": "after"})
    assert _drawn(cards.CardSpec("social", TITLE, None, None, after))["title"] == "Summer camp for every child in 北田"
    copy = tmp_path / "copy.ttf"  # the same bytes under a name no process has read
    copy.write_bytes(font.read_bytes())
    fresh = Brand(**{**BRAND.__dict__, "fonts": (str(copy),), "fonts_digest": "after"})
    assert cards.draw(cards.CardSpec("social", TITLE, None, None, after)) == cards.draw(
        cards.CardSpec("social", TITLE, None, None, fresh)
    )
