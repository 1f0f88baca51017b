"""The brand on the primary colour: a reversed logo for the header and the kit, the logo's
contrast measured from its pixels, and a contrast table of the pairs the theme draws (#17 item 5)."""

from __future__ import annotations

import re

from backbone.identity import brand
from backbone.identity.brand import contrast

def test_the_contrast_table_lists_the_pairs_the_theme_draws(minimal):
    built = minimal.build()
    kit = built.html("brand/index.html")
    rows = [[cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])] for tr in kit.select("table.bb-contrast tbody tr")]
    assert [row[0].lower() for row in rows] == [use for use, _, _ in brand.DRAWN]
    css = built.text("assets/backbone/brand.css")
    for use, fg, bg, ratio in rows:
        text, ground = re.match(r"#[0-9a-f]{6}", fg)[0], re.match(r"#[0-9a-f]{6}", bg)[0]
        assert text != ground, use
        assert f"{contrast(text, ground):.2f}:1" in ratio, use
        assert f": {text};" in css and f": {ground};" in css, f"{use}: both colours are the theme's"
    assert "Text on text" not in kit.get_text() and "On text colour" not in kit.get_text()
    footer = next(row for row in rows if row[0] == "Footer")
    assert "#133359" in footer[2], "the footer's own shade, primary darkened"


def test_buttons_under_the_pointer_keep_their_text_colour(minimal):
    """mkdocs-material draws --md-accent-bg-color on --md-accent-fg-color (a hovered button,
    'back to top'): the text on primary, not the body text colour on a dark shade."""
    css = minimal.build().text("assets/backbone/brand.css")
    assert "--md-accent-bg-color: #ffffff;" in css
    assert "--md-accent-fg-color: #173e6e;" in css
