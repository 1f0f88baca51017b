"""The partnership's brand as CSS, and the colour checks that keep it readable."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .model import Identity

AA_NORMAL = 4.5  # WCAG 2.x AA for body text
GRAPHIC_MINIMUM = 3.0  # WCAG 2.1 1.4.11: large text, and graphics a reader needs to see (a logo)


def rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def luminance(hex_colour: str) -> float:
    """Relative luminance as WCAG 2.x defines it."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def mix(a: str, b: str, share_of_b: float) -> str:
    """Blend two colours (for the theme's lighter and darker shades)."""
    ra, rb = rgb(a), rgb(b)
    return "#" + "".join(f"{round(x + (y - x) * share_of_b):02x}" for x, y in zip(ra, rb))


@dataclass(frozen=True)
class Pair:
    """A text colour on a background colour, where the theme draws one on the other."""

    use: str
    fg_name: str
    bg_name: str
    fg: str
    bg: str

    @property
    def ratio(self) -> float:
        return contrast(self.fg, self.bg)


# The one list of the pairs the theme draws text in (the brand CSS below, mkdocs-material's
# use of its variables, backbone.css): the build's contrast warnings and the brand kit's
# table both come from it, so neither lists a pair nobody sees.
DRAWN = (
    ("body text", "text", "background"),
    ("secondary text: dates, captions, units", "muted", "background"),
    ("links", "primary", "background"),
    ("links under the pointer", "primary_dark", "background"),
    ("header, home-page banner and buttons", "primary_text", "primary"),
    ("buttons under the pointer", "primary_text", "primary_dark"),
    ("footer", "primary_text", "footer"),
    ("badges and warnings on the light accent", "text", "accent_light"),
    ("roles on the light primary", "text", "primary_light"),
)

# How a shade derived from the brand's colours is named in messages and in the kit.
SHADE_NAMES = {
    "primary_dark": "colours.primary, darkened",
    "footer": "colours.primary, darkened (footer)",
    "accent_light": "colours.accent, lightened",
    "primary_light": "colours.primary, lightened",
}


def shades(identity: Identity) -> dict[str, str]:
    """Every colour the theme draws with: the brand's own and the shades derived from them."""
    c = identity.colours
    return {
        "text": c.text,
        "background": c.background,
        "primary": c.primary,
        "primary_text": c.primary_text,
        "accent": c.accent,
        "muted": muted(identity),
        "primary_dark": mix(c.primary, "#000000", 0.2),
        "primary_light": mix(c.primary, "#ffffff", 0.85),
        "accent_light": mix(c.accent, "#ffffff", 0.8),
        "footer": mix(c.primary, "#000000", 0.35),
    }


def shade_name(identity: Identity, key: str) -> str:
    if key == "muted" and not identity.colours.muted:
        return "colours.muted (not set: colours.text, softened)"
    return SHADE_NAMES.get(key, f"colours.{key}")


def text_pairs(identity: Identity) -> list[Pair]:
    palette = shades(identity)
    return [
        Pair(use, shade_name(identity, fg), shade_name(identity, bg), palette[fg], palette[bg]) for use, fg, bg in DRAWN
    ]


def contrast_warnings(
    identity: Identity, minimum: float = AA_NORMAL, line: Callable[[tuple], int] | None = None
) -> list[str]:
    """One warning per text colour, naming every background it is too faint on; ``line``
    gives the line of a field of data/identity.yml, for the text colour's own line."""
    low: dict[tuple[str, str], list[Pair]] = {}
    for p in text_pairs(identity):
        if p.ratio < minimum:
            low.setdefault((p.fg_name, p.fg), []).append(p)

    def where(fg_name: str) -> str:  # 'colours.muted (not set: ...)' → the line of colours.muted, else colours
        key = re.match(r"colours\.(\w+)", fg_name)
        return (
            f"data/identity.yml:{line(('colours', key.group(1)) if key else ('colours',))}"
            if line
            else "data/identity.yml"
        )

    return [
        f"{where(fg_name)}: {fg_name} {fg} has too little contrast where the theme draws it: "
        + "; ".join(f"{p.ratio:.2f}:1 on {p.bg_name} {p.bg} ({p.use})" for p in pairs)
        + f"; WCAG AA needs {minimum}:1 — darken or lighten it or the background"
        for (fg_name, fg), pairs in low.items()
    ]


def muted(identity: Identity) -> str:
    """Secondary text colour: the given one, or the text colour softened but still AA."""
    c = identity.colours
    if c.muted:
        return c.muted
    for share in (0.45, 0.35, 0.25, 0.15, 0.0):
        candidate = mix(c.text, c.background, share)
        if contrast(candidate, c.background) >= AA_NORMAL:
            return candidate
    return c.text


def css(identity: Identity) -> str:
    """CSS custom properties that map the brand onto mkdocs-material's palette.

    The theme is configured with the 'custom' palette, whose documented hook is
    ``:root > *``; every colour of the site derives from these variables.
    """
    c = identity.colours
    shade = shades(identity)
    soft = shade["muted"]
    variables = {
        "--bb-primary": c.primary,
        "--bb-primary-dark": shade["primary_dark"],
        "--bb-primary-light": shade["primary_light"],
        "--bb-primary-text": c.primary_text,
        "--bb-accent": c.accent,
        "--bb-accent-light": shade["accent_light"],
        "--bb-text": c.text,
        "--bb-muted": soft,
        "--bb-background": c.background,
        "--bb-surface": mix(c.background, c.text, 0.04),
        "--bb-border": mix(c.background, c.text, 0.15),
        "--md-primary-fg-color": c.primary,
        "--md-primary-fg-color--light": mix(c.primary, "#ffffff", 0.2),
        "--md-primary-fg-color--dark": shade["primary_dark"],
        "--md-primary-bg-color": c.primary_text,
        "--md-primary-bg-color--light": c.primary_text + "b3",
        "--md-accent-fg-color": shade["primary_dark"],
        "--md-accent-fg-color--transparent": c.accent + "33",
        # the text of a button, a tag and "back to top" under the pointer, on --md-accent-fg-color
        "--md-accent-bg-color": c.primary_text,
        "--md-default-fg-color": c.text,
        "--md-default-fg-color--light": soft,
        "--md-default-fg-color--lighter": mix(c.text, c.background, 0.7),
        "--md-default-fg-color--lightest": mix(c.text, c.background, 0.9),
        "--md-default-bg-color": c.background,
        "--md-typeset-color": c.text,
        "--md-typeset-a-color": c.primary,
        "--md-footer-fg-color": c.primary_text,
        "--md-footer-fg-color--light": c.primary_text,
        "--md-footer-fg-color--lighter": c.primary_text,
        "--md-footer-bg-color": shade["footer"],
        "--md-footer-bg-color--dark": mix(c.primary, "#000000", 0.5),
        "--md-text-font-family": identity.fonts.text,
        "--md-code-font-family": identity.fonts.code,
    }
    body = "\n".join(f"  {name}: {value};" for name, value in variables.items())
    return (
        "/* Generated by Backbone from data/identity.yml; edit the YAML, not this file. */\n"
        f":root,\n:root > * {{\n{body}\n}}\n"
        "body, input { font-family: var(--md-text-font-family); }\n"
        "code, kbd, pre { font-family: var(--md-code-font-family); }\n"
    )
