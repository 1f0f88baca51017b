"""The brand on the primary colour: a reversed logo for the header and the kit, the logo's
contrast measured from its pixels, and a contrast table of the pairs the theme draws (#17 item 5)."""

from __future__ import annotations

import io
import json
import logging
import re

import pytest
import yaml
from PIL import Image, ImageDraw
from support import ROOT

from backbone.drawing.fonts import fonts
from backbone.identity import brand
from backbone.identity.brand import contrast
from backbone.identity.model import Identity

DARK_BLUE = "#0b2545"
BLUE = "#2a5caa"  # 2.35:1 on DARK_BLUE: a blue that vanishes on it
WORDMARK = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 60" width="200" height="60">'
    '<rect width="60" height="60" rx="12" fill="{fill}"/>'
    '<text x="70" y="38" font-family="sans-serif" font-size="20" fill="{fill}">Harbour</text></svg>'
)


def dark_blue_with_logo(project, fill: str) -> None:
    """The minimal partnership with a dark blue primary colour and a one-colour logo."""
    project.write("data/brand/logo.svg", WORDMARK.format(fill=fill))
    project.edit("data/identity.yml", lambda d: d["colours"].update(primary=DARK_BLUE))


def png_logo(fill: str) -> bytes:
    """A raster logo drawn by Pillow: a filled disc and a bar on a transparent ground."""
    image = Image.new("RGBA", (240, 80), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, 76, 76), fill=fill)
    draw.rectangle((90, 30, 236, 50), fill=fill)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def tile_on_primary(built):
    kit = built.html("brand/index.html")
    tile = kit.select_one(".bb-logo-preview__image--dark").parent
    return tile, kit


def test_the_header_and_the_kit_show_the_reversed_logo(minimal):
    minimal.write("data/brand/logo-white.svg", WORDMARK.format(fill="#ffffff").replace("<text", '<text onclick="x()"'))
    minimal.edit("data/identity.yml", lambda d: d.update(logo_reversed="brand/logo-white.svg"))
    built = minimal.build()
    assert built.error is None, built.error
    assert built.warnings == []
    home = built.html("index.html")
    assert home.select_one(".md-logo img")["src"] == "assets/brand/logo-white.svg", "the header is the primary colour"
    assert home.select_one("link[rel=icon]")["href"] == "assets/brand/mark.svg", (
        "a browser tab is light: never the reversed logo"
    )
    published = (built.site / "assets/brand/logo-white.svg").read_text()
    assert "#ffffff" in published and "onclick" not in published, "cleaned like the logo"
    tile, kit = tile_on_primary(built)
    assert tile.img["src"] == "../assets/brand/logo-white.svg"
    assert "Reversed logo" in tile.figcaption.get_text()
    assert tile.select_one('a[download][href="../assets/brand/logo-white.svg"]') is not None
    assert kit.select_one('a[download][href="../assets/brand/logo.svg"]') is not None, (
        "the ordinary logo stays in the kit"
    )
    assert kit.select_one(".bb-logo-advice") is None


def test_a_mark_still_leads_the_header(minimal):
    minimal.write("data/brand/logo-white.svg", WORDMARK.format(fill="#ffffff"))
    minimal.write("data/brand/symbol.svg", minimal.path("data/brand/mark.svg").read_text())
    minimal.edit("data/identity.yml", lambda d: d.update(logo_reversed="brand/logo-white.svg", mark="brand/symbol.svg"))
    built = minimal.build()
    assert built.error is None, built.error
    assert built.html("index.html").select_one(".md-logo img")["src"] == "assets/brand/symbol.svg"


def test_the_kit_flags_a_blue_logo_on_dark_blue(minimal):
    dark_blue_with_logo(minimal, BLUE)
    built = minimal.build()
    assert built.error is None, built.error
    assert built.warnings == [], "the header shows the favicon: the kit says it, the build does not fail"
    tile, _ = tile_on_primary(built)
    assert tile.img["src"] == "../assets/brand/logo.svg"
    ratio = f"{contrast(BLUE, DARK_BLUE):.2f}:1"
    assert ratio in tile.select_one(".bb-logo-contrast").get_text() and "too low" in tile.get_text()
    advice = tile.select_one(".bb-logo-advice").get_text(" ")
    assert f"{BLUE} has a contrast of {ratio} on the primary colour {DARK_BLUE}" in advice
    assert "needs 3:1" in advice and "use the logo in white or a light colour" in advice
    assert "data/" not in advice and "logo_reversed" not in advice, "the kit's readers are not the data's editors"


def test_the_kit_passes_a_white_logo_on_dark_blue(minimal):
    dark_blue_with_logo(minimal, "#ffffff")
    built = minimal.build()
    assert built.error is None, built.error
    tile, kit = tile_on_primary(built)
    assert f"{contrast('#ffffff', DARK_BLUE):.2f}:1" in tile.select_one(".bb-logo-contrast").get_text()
    assert "pass" in tile.select_one(".bb-logo-contrast .bb-badge").get_text()
    assert kit.select_one(".bb-logo-advice") is None


def test_the_contrast_is_measured_from_the_drawn_picture(minimal):
    """A PNG logo (no colour written anywhere in text) and an SVG whose fill comes from a
    style: what counts is the pixels a reader sees."""
    minimal.path("data/brand/logo.png").write_bytes(png_logo(BLUE))
    minimal.edit(
        "data/identity.yml", lambda d: (d.update(logo="brand/logo.png"), d["colours"].update(primary=DARK_BLUE))
    )
    tile, _ = tile_on_primary(minimal.build())
    assert tile.select_one(".bb-logo-advice") is not None

    minimal.path("data/brand/logo.png").write_bytes(png_logo("#f4f4f4"))
    tile, _ = tile_on_primary(minimal.build())
    assert tile.select_one(".bb-logo-advice") is None

    styled = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60"><style>rect { fill: #2a5caa }</style>'
        '<rect width="200" height="60" fill="#ffffff"/></svg>'
    )  # the style wins over the attribute
    minimal.write("data/brand/logo.svg", styled)
    minimal.edit("data/identity.yml", lambda d: d.update(logo="brand/logo.svg"))
    tile, _ = tile_on_primary(minimal.build())
    assert tile.select_one(".bb-logo-advice") is not None


def test_a_faint_logo_in_the_header_warns(minimal):
    """Without a mark or a favicon the header shows the logo itself, on every page."""
    dark_blue_with_logo(minimal, BLUE)
    minimal.edit("data/identity.yml", lambda d: d.pop("favicon"))
    built = minimal.build()
    assert built.error is not None, "a warning fails --strict"
    assert any(
        "what the site header shows" in w and "logo_reversed: brand/logo-reversed.svg" in w for w in built.warnings
    ), built.warnings
    lines = minimal.path("data/identity.yml").read_text(encoding="utf-8").split("\n")
    line = next(i for i, text in enumerate(lines, 1) if text.startswith("logo:"))
    assert any(f"data/identity.yml:{line} (logo): " in w for w in built.warnings), built.warnings


def test_a_reversed_logo_is_checked_like_the_logo(minimal):
    minimal.edit("data/identity.yml", lambda d: d.update(logo_reversed="brand/missing.svg"))
    built = minimal.build()
    assert built.error is not None
    assert re.search(r"data/identity\.yml:\d+ \(logo_reversed\): file not found: 'brand/missing.svg'", built.error), (
        built.error
    )


def test_two_files_of_one_name_are_published_apart(minimal):
    minimal.write("data/brand/white/logo.svg", WORDMARK.format(fill="#ffffff"))
    minimal.edit("data/identity.yml", lambda d: d.update(logo_reversed="brand/white/logo.svg"))
    built = minimal.build()
    assert built.error is None, built.error
    header = built.html("index.html").select_one(".md-logo img")["src"]
    assert header == "assets/brand/logo-reversed-logo.svg"
    assert "#ffffff" in (built.site / header).read_text()
    assert "#ffffff" not in (built.site / "assets/brand/logo.svg").read_text()


def test_feed_readers_and_tabs_never_get_the_reversed_logo():
    from backbone.about.assets import Assets

    assets = Assets("assets/brand/logo.svg", None, None, {}, logo_reversed="assets/brand/logo-white.svg")
    assert assets.header_logo == "assets/brand/logo-white.svg"
    assert assets.icon == "assets/brand/logo.svg"


def test_the_contrast_table_lists_the_pairs_the_theme_draws(minimal):
    built = minimal.build()
    kit = built.html("brand/index.html")
    rows = [
        [cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])]
        for tr in kit.select(".bb-contrast tbody tr")
    ]
    ident = Identity.model_validate(minimal.load("data/identity.yml"))
    assert [row[0] for row in rows] == [p.use[0].upper() + p.use[1:] for p in brand.text_pairs(ident)]
    css = built.text("assets/backbone/brand.css")
    for use, fg, bg, ratio in rows:
        text, ground = re.match(r"#[0-9a-f]{6}", fg)[0], re.match(r"#[0-9a-f]{6}", bg)[0]
        assert text != ground, use
        assert f"{contrast(text, ground):.2f}:1" in ratio, use
        assert (text, ground) in brand.drawn_colours(ident), use
    assert "Text on text" not in kit.get_text() and "On text colour" not in kit.get_text()
    footer = next(row for row in rows if row[0] == "Text on the primary colour, on the footer" and "%" not in row[1])
    assert "#133359" in footer[2] and "#133359" in css, "the footer's own shade, primary darkened"
    uses = {row[0] for row in rows}
    assert {"Secondary text: dates, captions, units, on panels and table headings", "Links, on the page"} <= uses


# -- the table of drawn pairs comes from the stylesheets (issue 22, item 6) -----------------------


def test_muted_text_on_the_panels_is_a_drawn_pair():
    """The pair the hand-written list missed: secondary text on the panels' shade, which
    backbone.css draws (a review's date in its summary box, captions in the reuse kit)."""
    pairs = {(p.fg.ref, tuple(layer.ref for layer in p.bg)) for p in brand.drawn()}
    assert ("muted", ("surface",)) in pairs
    for drawn in [("text", ("background",)), ("primary", ("background",)), ("primary_text", ("primary",))]:
        assert drawn in pairs, drawn
    assert ("primary_text", ("footer_dark",)) in pairs, "the purpose line under the footer"
    assert ("muted", ("primary",)) not in pairs and ("text", ("primary",)) not in pairs, "nothing the theme never draws"


def test_a_panel_added_to_a_stylesheet_joins_the_table(monkeypatch):
    """Derived, not written by hand: a background set in a stylesheet without a text colour is a
    panel, and every text colour is then checked on it."""
    from backbone.identity import drawn

    sheets = drawn.theme_stylesheets()
    extra = ("backbone", ".md-typeset .bb-new-panel { background: var(--bb-accent); }")
    monkeypatch.setattr(drawn, "theme_stylesheets", lambda: sheets + [extra])
    drawn.forget()
    try:
        pairs = {(p.fg.ref, tuple(layer.ref for layer in p.bg)) for p in brand.drawn()}
    finally:
        drawn.forget()
    assert {("muted", ("accent",)), ("text", ("accent",)), ("primary", ("accent",))} <= pairs


def test_a_faint_muted_colour_is_adjusted_with_an_info_line(minimal, caplog):
    """The second partnership's grey: 4.39:1 on the panels. The build uses the nearest colour
    towards the text colour that reaches AA everywhere, says so with the line of identity.yml,
    and --strict still builds; the kit shows both colours."""
    minimal.edit("data/identity.yml", lambda d: d["colours"].update(muted="#6c7572"))
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        built = minimal.build()
    assert built.error is None and built.warnings == [], (built.error, built.warnings)
    line = next(
        i for i, text in enumerate(minimal.path("data/identity.yml").read_text().split("\n"), 1) if "muted" in text
    )
    notes = [r.getMessage() for r in caplog.records if "(colours.muted)" in r.getMessage()]
    assert len(notes) == 1 and notes[0].startswith(f"backbone: data/identity.yml:{line} (colours.muted): #6c7572 ")
    assert "4.39:1 on #f6f6f6 (panels and table headings)" in notes[0]
    used = re.search(r"secondary text in (#[0-9a-f]{6})", notes[0])[1]
    ident = Identity.model_validate(minimal.load("data/identity.yml"))
    assert used == brand.muted(ident) != "#6c7572"
    assert min(contrast(fg, bg) for fg, bg in brand.drawn_colours(ident) if fg == used) >= brand.AA_NORMAL
    assert f"--bb-muted: {used};" in built.text("assets/backbone/brand.css")
    swatch = next(s for s in built.html("brand/index.html").select(".bb-swatch") if "Muted text" in s.get_text())
    assert "#6c7572" in swatch.get_text() and used in swatch.get_text()
    assert [r["fill"] for r in swatch.select("svg rect")] == ["#6c7572", used]


def test_a_muted_colour_that_reads_everywhere_is_kept(minimal, caplog):
    minimal.edit("data/identity.yml", lambda d: d["colours"].update(muted="#595959"))
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        built = minimal.build()
    assert built.error is None
    assert not [r for r in caplog.records if "(colours.muted)" in r.getMessage()]
    assert "--bb-muted: #595959;" in built.text("assets/backbone/brand.css")


def test_buttons_under_the_pointer_keep_their_text_colour(minimal):
    """mkdocs-material draws --md-accent-bg-color on --md-accent-fg-color (a hovered button,
    'back to top'): the text on primary, not the body text colour on a dark shade."""
    css = minimal.build().text("assets/backbone/brand.css")
    assert "--md-accent-bg-color: #ffffff;" in css
    assert "--md-accent-fg-color: #173e6e;" in css


@pytest.mark.parametrize("root", [ROOT, ROOT / "plugins/backbone/starter"], ids=["demo", "starter"])
def test_the_demo_and_the_starter_carry_a_reversed_logo_that_reads(root):
    """Their logos are drawn in their primary colour (about 1:1 on it): the kit's tile shows the
    reversed logo, measured as the build measures it."""
    from backbone.identity.logo import measure

    identity = yaml.safe_load((root / "data/identity.yml").read_text(encoding="utf-8"))
    primary = identity["colours"]["primary"]
    assert not measure(root / "data" / identity["logo"], primary, fonts()).readable
    assert measure(root / "data" / identity["logo_reversed"], primary, fonts()).ratio >= 7


def test_a_warm_build_does_not_draw_the_logo_again(minimal, monkeypatch):
    from backbone.identity import logo

    dark_blue_with_logo(minimal, BLUE)
    first = tile_on_primary(minimal.build())[0].select_one(".bb-logo-advice").get_text()
    monkeypatch.setattr(logo, "measure", lambda *args: (_ for _ in ()).throw(AssertionError("drawn again")))
    built = minimal.build()
    assert built.error is None, built.error
    assert tile_on_primary(built)[0].select_one(".bb-logo-advice").get_text() == first
    assert list(minimal.path(".cache/backbone/brand").glob("contrast-*.txt"))


def test_the_feeds_picture_is_the_ordinary_logo_and_the_header_sizes_the_reversed_one(minimal):
    """The header shows the reversed logo and is sized from it; the feeds' PNG channel image,
    shown by readers on white, is drawn from the ordinary (blue) logo."""
    dark_blue_with_logo(minimal, BLUE)
    minimal.write(
        "data/brand/logo-reversed.svg",
        WORDMARK.format(fill="#ffffff")
        .replace('viewBox="0 0 200 60"', 'viewBox="0 0 300 60"')
        .replace('width="200"', 'width="300"'),
    )
    minimal.edit("data/identity.yml", lambda d: (d.pop("favicon"), d.update(logo_reversed="brand/logo-reversed.svg")))
    built = minimal.build()
    assert built.error is None, built.error
    header = built.html("index.html").select_one(".md-header a.md-logo img")
    assert header["src"].endswith("logo-reversed.svg") and header["width"] == "300"
    from backbone.previews.site import CHANNEL_IMAGE

    with Image.open(built.site / CHANNEL_IMAGE) as image:
        rgba = image.convert("RGBA")
    opaque = [
        rgba.getpixel((x, y))[:3]
        for x in range(rgba.width)
        for y in range(rgba.height)
        if rgba.getpixel((x, y))[3] == 255
    ]
    assert opaque and max(sum(px) for px in opaque) < 3 * 200, "a blue logo, not the white one"


@pytest.mark.parametrize("size", [(8000, 1), (1, 8000)])
def test_a_hairline_logo_is_drawn_in_a_bounded_box(tmp_path, size):
    """F10: a 116-byte 8000 × 1 PNG logo was drawn 768,000 pixels wide to measure it (131 s,
    6.9 GB). It is drawn within the box, and measured from its pixels like any logo."""
    from pathlib import Path

    from backbone.drawing.svg import MAX_WIDTH, load_logo
    from backbone.identity.logo import main_colour

    path = tmp_path / "logo.png"
    Image.new("RGB", size, (10, 20, 30)).save(path)
    drawn = load_logo(Path(path), 144, fonts())
    assert drawn.width <= MAX_WIDTH and drawn.height <= 144
    assert main_colour(drawn, DARK_BLUE) == ("#0a141e", 1.0)


def test_a_hairline_logo_builds_with_its_contrast_and_cards(minimal):
    minimal.path("data/brand/logo.png").write_bytes(_hairline())
    minimal.edit("data/identity.yml", lambda d: (d.update(logo="brand/logo.png"), d.pop("logo_reversed", None)))
    built = minimal.build(strict=False)
    assert built.error is None, built.error
    tile, _ = tile_on_primary(built)
    assert tile.select_one(".bb-logo-contrast") is not None
    with Image.open(built.site / "assets/backbone/previews/site.png") as card:
        assert card.size == (1200, 630)


def _hairline() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8000, 1), (10, 20, 30)).save(out, format="PNG")
    return out.getvalue()


def test_the_colour_pairs_the_theme_draws_are_kept_for_the_next_build(tmp_path):
    """Reading the theme's stylesheets for the pairs they draw takes half a second a build:
    kept as JSON, read back the same (the fields equality skips included), read again when the
    entry is damaged."""
    from backbone.identity import drawn

    wanted = tuple((name, key, alpha / 255) for name, (key, alpha) in brand.VARIABLES.items())
    try:
        drawn.keep_in(tmp_path)
        drawn.forget()
        made = drawn.drawn_pairs(wanted)
        (entry,) = tmp_path.glob("drawn-*.json")
        drawn.forget()
        read = drawn.drawn_pairs(wanted)
        assert [drawn._dumped(p) for p in read] == [drawn._dumped(p) for p in made] and len(made) > 20
        entry.write_text("[[1]]", encoding="utf-8")  # damaged
        drawn.forget()
        assert [drawn._dumped(p) for p in drawn.drawn_pairs(wanted)] == [drawn._dumped(p) for p in made]
        assert json.loads(entry.read_text(encoding="utf-8")) == [drawn._dumped(p) for p in made]  # written over
    finally:
        drawn.keep_in(None)
        drawn.forget()
