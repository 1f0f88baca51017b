"""Text and figures fitted to a box on a card: the largest size that fits, titles cut with "…"
only at the smallest, and figures drawn whole (``figure_font``): shrunk within their slot's sizes,
or in CLDR's compact notation when the full figure fits at none of them, never cut."""

from __future__ import annotations

from PIL import ImageFont

from ..render.numbers import Squeezable
from ..textfit import at_most, whole, wrap
from .fonts import card_font


def fit(
    text: str, weight: str, width: int, max_lines: int, sizes: range, keep: str = ""
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which ``text`` fits in ``max_lines``; at the smallest, cut with '…'
    (before ``keep``, the end of ``text`` that stays whole: see ``textfit.at_most``)."""
    for size in sizes:
        font = card_font(weight, size)
        lines = wrap(text, font.getlength, width, most=max_lines)
        if len(lines) <= max_lines:
            return font, lines
    return font, at_most(lines, max_lines, font.getlength, width, keep)


class FigureTooWide(ValueError):
    """A figure fits its slot in no form at no size: the slot is drawn too small (the property
    test of the cards proves it never happens for any figure a metric can hold)."""


# The smallest size a figure is ever drawn at, as a last resort (a six-decimal figure in a
# locale without a compact form for it): still legible on a card.
FIGURE_FLOOR = 16


def figure_font(figure: Squeezable, width: float, sizes: range) -> tuple[ImageFont.FreeTypeFont, str]:
    """(font, text): the full figure at the largest bold size of ``sizes`` it fits ``width`` at,
    else its compact form, else whichever fits at a smaller size, else the same without the
    unit's word (a long word the partnership named); never a cut figure."""
    smaller = range(min(sizes) - 4, FIGURE_FLOOR - 1, -4)
    measure = lambda size: card_font("bold", size).getlength  # noqa: E731
    found = whole(figure.forms, measure, sizes, width, smaller)
    if found is None and figure.bare:  # the unit's word left out, at any size, before giving up
        found = whole(figure.bare, measure, sizes, width, smaller)
    if found is None:
        raise FigureTooWide(f"the figure {figure.full} fits in {width} pixels at no size, even as {figure.compact}")
    size, text = found
    return card_font("bold", size), text


def line_height(font) -> int:
    return round(font.size * 1.18)
